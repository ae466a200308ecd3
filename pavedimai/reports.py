"""Report kind, metrics and the annual report's chapter of the assignments (charter function
6.3). What each figure counts, in a period and a scope, is ``pavedimai.selectors_figures``.

- ``pavedimai.year`` — the year's assignments as a table (XLSX, CSV) through the report
  engine: number, title, giver, given on, deadline, the people and their states, state,
  closed on, on time. Only what the requester sees (``Assignment.objects.visible_to``:
  management every assignment, anyone else theirs), applied again when the worker builds
  it; closed to librarians (``staff_only``).
- Metrics: ``pavedimai.given`` (given in the period), ``pavedimai.due`` (deadline in the
  period), ``pavedimai.done_on_time`` (of those, done by the deadline), ``pavedimai.done``
  (done in the period) and the ratio ``pavedimai.done_on_time_share`` (done on time ÷ due,
  %). The department's own work: the territory counts it, a municipality or a library
  none.
- The annual report's chapter: given, done, on time, by giver."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from ataskaitos.document import Column, Rows, Section, Table
from pavedimai import selectors_figures as figures
from pavedimai.models import Assignment
from portalas.forms import ReportParamsForm, YearField
from portalas.metrics import Period
from portalas.numbers import divide, rounded
from portalas.registry import annual_report_section, register_metric, report_kind

__all__ = ["YearParams", "annual_chapter", "year_header", "year_list"]


# --- metrics -----------------------------------------------------------------------------------

def _count(records):
    return lambda period, scope: records(period, scope).count()


register_metric("pavedimai.given", label_lt="Duoti vadovybės pavedimai",
                label_en="Assignments given by management", function="6.3", unit="vnt.",
                value=_count(figures.given), records=figures.given)
register_metric("pavedimai.due", label_lt="Pavedimai, kurių terminas baigėsi laikotarpiu",
                label_en="Assignments due in the period", function="6.3", unit="vnt.",
                value=_count(figures.due), records=figures.due)
register_metric("pavedimai.done_on_time", label_lt="Laiku įvykdyti pavedimai",
                label_en="Assignments done on time", function="6.3", unit="vnt.",
                value=_count(figures.done_on_time), records=figures.done_on_time)
register_metric("pavedimai.done", label_lt="Įvykdyti pavedimai",
                label_en="Assignments done", function="6.3", unit="vnt.",
                value=_count(figures.done), records=figures.done)
register_metric("pavedimai.done_on_time_share", label_lt="Laiku įvykdytų pavedimų dalis",
                label_en="Share of assignments done on time", function="6.3", unit="%",
                numerator="pavedimai.done_on_time", denominator="pavedimai.due", scale=100,
                decimals=1)


# --- the year's list ---------------------------------------------------------------------------

class YearParams(ReportParamsForm):
    year = YearField()


def year_header() -> list[str]:
    return [_("Number"), _("Title"), _("Given by"), _("Given on"),
            pgettext("assignment", "Deadline"), _("People and their states"),
            pgettext("assignment", "State"), pgettext("assignment", "Closed on"), _("On time")]


def _yes_no(value) -> str:
    if value is None:
        return ""
    return pgettext("on time", "yes") if value else pgettext("on time", "no")


@report_kind("pavedimai.year", label=gettext_lazy("Assignments of a year"), form=YearParams,
             output="rows", staff_only=True,
             description=gettext_lazy("Every assignment of the year you see: number, title, "
                                      "giver, dates, the people and their states, whether it "
                                      "was done on time."))
def year_list(*, params, user, progress):
    year = params["year"]
    rows = figures.year_rows(year, base=Assignment.objects.visible_to(user))
    progress(60)
    for row in rows:
        row[-1] = _yes_no(row[-1])
    header = year_header()
    title = _("Assignments of %(year)s") % {"year": year}
    stamp = timezone.localdate().isoformat()
    return Rows(title=title, header=header, rows=rows, filename=f"pavedimai-{year}-{stamp}",
                kinds={header[3]: "date", header[4]: "date", header[7]: "date"})


# --- the annual report's chapter ----------------------------------------------------------------

def _number(value) -> str:
    return formats.number_format(value or 0, decimal_pos=0, use_l10n=True, force_grouping=True)


def _percent(value) -> str:
    if value is None:
        return "–"
    return formats.number_format(rounded(value, 1), decimal_pos=1, use_l10n=True,
                                 force_grouping=True) + " %"


@annual_report_section("pavedimai", title=gettext_lazy("Assignments of management"),
                       function="6.3", order=95)
def annual_chapter(year: int, user=None) -> list[Section]:
    """The year's assignments, territory-wide (the department's own work): given, done,
    due and done on time, the share on time, and by giver. Left out for a year with
    none."""
    period = Period.year(year)
    given = figures.given(period).count()
    due = figures.due(period).count()
    on_time = figures.done_on_time(period).count()
    done = figures.done(period).count()
    if not (given or due or done):
        return []
    share = divide(on_time, due)
    share = None if share is None else share * 100
    text = _("In %(year)s management gave the department %(given)s assignments; %(done)s were "
             "done in the year. Of the %(due)s whose deadline fell in the year, %(on_time)s "
             "were done on time (%(share)s).") % {
        "year": year, "given": _number(given), "done": _number(done), "due": _number(due),
        "on_time": _number(on_time), "share": _percent(share)}
    givers = figures.by_giver(period)
    table = Table(_("Assignments by giver, %(year)s") % {"year": year}, [
        Column(_("Given by")), Column(_("Given"), "int"), Column(_("Done"), "int"),
        Column(_("Done on time"), "int"), Column(pgettext("assignments", "Open"), "int")],
        [[row["name"], row["given"], row["done"], row["on_time"], row["open"]]
         for row in givers])
    return [Section(
        heading=str(_("Assignments of management")), paragraphs=[text],
        facts=[(_("Assignments given"), given), (_("Assignments done"), done),
               (_("Assignments due in the year"), due), (_("Done on time"), on_time),
               (_("Share done on time"), _percent(share))],
        tables=[table] if givers else [], key="pavedimai.assignments")]
