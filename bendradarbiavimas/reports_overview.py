"""The cooperation overview's metrics (charter functions 5.2 and 5.3), its document
(PDF, DOCX, XLSX) and the annual report's section. Everything counts from
``bendradarbiavimas.selectors_overview`` (its docstring says what each figure counts, in a
period and a scope)."""

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from ataskaitos.document import Column, Document, Section, Table
from bendradarbiavimas import selectors_overview as figures_of
from bendradarbiavimas.models import GroupLevel
from portalas.forms import ReportParamsForm, YearField
from portalas.metrics import Period
from portalas.numbers import rounded
from portalas.registry import annual_report_section, register_metric, report_kind

__all__: list[str] = []


# --- metrics -------------------------------------------------------------------------------

def _count(records):
    return lambda period, scope: records(period, scope).count()


register_metric("bendradarbiavimas.partners_active", label_lt="Aktyvūs partneriai",
                label_en="Active partners", function="5.2", unit="vnt.",
                value=_count(figures_of.partners_active), records=figures_of.partners_active)
register_metric("bendradarbiavimas.agreements_in_force",
                label_lt="Galiojusios bendradarbiavimo sutartys",
                label_en="Cooperation agreements in force", function="5.2", unit="vnt.",
                value=_count(figures_of.agreements_in_force),
                records=figures_of.agreements_in_force)
register_metric("bendradarbiavimas.meetings",
                label_lt="Įvykę komisijų ir darbo grupių posėdžiai",
                label_en="Meetings of commissions and working groups held", function="5.3",
                unit="vnt.", value=_count(figures_of.meetings_held),
                records=figures_of.meetings_held)
register_metric("bendradarbiavimas.decisions_made",
                label_lt="Komisijų ir darbo grupių priimti sprendimai",
                label_en="Decisions of commissions and working groups made", function="5.3",
                unit="vnt.", value=_count(figures_of.decisions_made),
                records=figures_of.decisions_made)
register_metric("bendradarbiavimas.decisions_done",
                label_lt="Įvykdyti komisijų ir darbo grupių sprendimai",
                label_en="Decisions of commissions and working groups done", function="5.3",
                unit="vnt.", value=_count(figures_of.decisions_done),
                records=figures_of.decisions_done)
register_metric("bendradarbiavimas.decisions_done_share",
                label_lt="Įvykdytų sprendimų dalis",
                label_en="Share of decisions done", function="5.3", unit="%",
                numerator="bendradarbiavimas.decisions_done",
                denominator="bendradarbiavimas.decisions_made", scale=100, decimals=1)


# --- words and numbers ---------------------------------------------------------------------

def number_text(value) -> str:
    return formats.number_format(value or 0, decimal_pos=0, use_l10n=True,
                                 force_grouping=True)


def percent_text(value) -> str:
    if value is None:
        return "–"
    return formats.number_format(rounded(value, 1), decimal_pos=1, use_l10n=True,
                                 force_grouping=True) + " %"


def period_words(period: Period) -> str:
    year = period.whole_year
    if year:
        return str(year)
    quarter = (period.start.month - 1) // 3 + 1
    if period == Period.quarter(period.start.year, quarter):
        return _("%(year)s, quarter %(quarter)s") % {"year": period.start.year,
                                                     "quarter": quarter}
    return str(period)


def period_of(params) -> Period:
    quarter = params.get("quarter")
    if quarter:
        return Period.quarter(params["year"], int(quarter))
    return Period.year(params["year"])


# --- the document -----------------------------------------------------------------------------

QUARTERS = [("", gettext_lazy("The whole year")), ("1", gettext_lazy("Quarter 1")),
            ("2", gettext_lazy("Quarter 2")), ("3", gettext_lazy("Quarter 3")),
            ("4", gettext_lazy("Quarter 4"))]


class OverviewParams(ReportParamsForm):
    """A year, and a quarter of it when only that is wanted."""

    year = YearField()
    quarter = forms.TypedChoiceField(
        label=pgettext_lazy("cooperation overview", "Quarter"), choices=QUARTERS, coerce=int,
        empty_value=None, required=False)


def total_facts(found: figures_of.Figures) -> list[tuple[str, object]]:
    totals = found.totals
    return [
        (_("Active partners"), totals["partners_active"]),
        (_("New partners"), totals["partners_new"]),
        (_("Agreements in force"), totals["agreements_in_force"]),
        (_("Agreements signed"), totals["agreements_signed"]),
        (_("Agreements expiring within %(days)s days of %(day)s") % {
            "days": totals["expiring_soon_days"], "day": found.today.isoformat()},
         totals["agreements_expiring_soon"]),
        (pgettext("cooperation overview", "Groups"), totals["groups"]),
        (_("Meetings held"), totals["meetings"]),
        (_("Meetings held without a quorum"), totals["no_quorum"]),
        (_("Decisions made"), totals["made"]),
        (_("Decisions done by the end of the period"), totals["done"]),
        (_("Share of decisions done"), percent_text(totals["share"])),
        (_("Decisions overdue on %(day)s") % {"day": found.day.isoformat()},
         totals["overdue"]),
    ]


def group_table(found: figures_of.Figures, title: str) -> Table:
    """One row per group (the territory's first; a national or international group's
    level follows its name)."""
    def name(row) -> str:
        if row["group"].level == GroupLevel.TERRITORY:
            return row["name"]
        return f"{row['name']} ({str(row['level']).lower()})"

    return Table(title, [
        Column(pgettext("cooperation overview", "Group")), Column(_("Meetings held"), "int"),
        Column(_("Without a quorum"), "int"), Column(_("Decisions made"), "int"),
        Column(_("Done"), "int"), Column(_("Overdue"), "int"),
        Column(_("Share done, %"), "decimal", 1)],
        [[name(row), row["held"], row["no_quorum"], row["made"], row["done"], row["overdue"],
          row["share"]] for row in found.groups])


#: Longer lists of meetings (a national-size year has over a thousand) go to the XLSX only.
PAPER_MEETINGS = 60


def meeting_table(found: figures_of.Figures) -> Table:
    def quorum(meeting) -> str:
        if meeting.quorum_met is None:
            return _("not recorded")
        return _("yes") if meeting.quorum_met else _("no")

    return Table(_("Meetings held"), [
        Column(_("Date"), "date"), Column(pgettext("cooperation overview", "Group")),
        Column(pgettext("cooperation overview", "No."), "int"),
        Column(pgettext("cooperation overview", "Quorum")),
        Column(pgettext("cooperation overview", "Decisions"), "int")],
        [[timezone.localtime(m.starts_at).date(), m.group.name, m.number, quorum(m),
          m.decision_count] for m in found.meetings],
        paper=len(found.meetings) <= PAPER_MEETINGS)


def expiring_table(found: figures_of.Figures) -> Table:
    return Table(_("Agreements expiring in the next %(days)s days") % {
        "days": figures_of.EXPIRING_TABLE_DAYS}, [
        Column(_("Number")), Column(pgettext("cooperation overview", "Agreement")),
        Column(pgettext("cooperation overview", "Parties")),
        Column(_("Valid until"), "date"), Column(_("Days left"), "int"),
        Column(pgettext("cooperation overview", "Responsible"))],
        [[a.number, a.title, a.party_names, a.ends_on, a.days_left,
          (a.responsible.full_name or a.responsible.email) if a.responsible else ""]
         for a in found.expiring])


def overview_document(found: figures_of.Figures) -> Document:
    period, stamp = found.period, found.today.isoformat()
    groups = Section(heading=_("Commissions and working groups"),
                     tables=[group_table(found, _("By group"))])
    if not found.groups:
        groups.paragraphs.append(_("No group worked in this period."))
    meetings = Section(heading=_("Meetings held"))
    if found.meetings:
        meetings.tables.append(meeting_table(found))
        if len(found.meetings) > PAPER_MEETINGS:
            meetings.paragraphs.append(
                _("%(count)s meetings were held: the list of them is in the XLSX version; "
                  "the table by group above sums them up.") % {"count": len(found.meetings)})
    else:
        meetings.paragraphs.append(_("No meeting was held in this period."))
    agreements = Section(heading=_("Agreements expiring soon"))
    if found.expiring:
        agreements.tables.append(expiring_table(found))
    else:
        agreements.paragraphs.append(
            _("No agreement expires in the next %(days)s days.")
            % {"days": figures_of.EXPIRING_TABLE_DAYS})
    return Document(
        title=_("Cooperation overview %(period)s") % {"period": period_words(period)},
        subtitle=stamp,
        sections=[Section(heading=_("Totals"), facts=total_facts(found)), groups, meetings,
                  agreements],
        filename=f"bendradarbiavimas-{period}-{stamp}")


@report_kind("bendradarbiavimas.overview", label=gettext_lazy("Cooperation overview"),
             form=OverviewParams, output="document", formats=("pdf", "docx", "xlsx"),
             staff_only=True,
             description=gettext_lazy("The year's (or a quarter's) partners and agreements, "
                                      "the groups' meetings and decisions, and the agreements "
                                      "expiring soon."))
def overview(*, params, user, progress):
    found = figures_of.figures(period_of(params), user=user)
    progress(50)
    return overview_document(found)


# --- the annual report's section -------------------------------------------------------------

def narrative(found: figures_of.Figures, year: int) -> list[str]:
    totals = found.totals
    parts = []
    if totals["partners_active"] or totals["agreements_in_force"]:
        parts.append(_("Partners in %(year)s: active – %(partners)s (new – %(new)s); "
                       "cooperation agreements in force – %(in_force)s (signed in the year – "
                       "%(signed)s).") % {
            "year": year, "partners": number_text(totals["partners_active"]),
            "new": number_text(totals["partners_new"]),
            "in_force": number_text(totals["agreements_in_force"]),
            "signed": number_text(totals["agreements_signed"])})
    else:
        parts.append("")
    if totals["meetings"] or totals["made"]:
        parts.append(_("Commissions and working groups in %(year)s: meetings held – "
                       "%(meetings)s, decisions made – %(made)s, done by the end of the year – "
                       "%(done)s (%(share)s), overdue on %(day)s – %(overdue)s.") % {
            "year": year, "meetings": number_text(totals["meetings"]),
            "made": number_text(totals["made"]), "done": number_text(totals["done"]),
            "share": percent_text(totals["share"]), "day": found.day.isoformat(),
            "overdue": number_text(totals["overdue"])})
    return parts


@annual_report_section("bendradarbiavimas", title=gettext_lazy("Cooperation, commissions and "
                                                                "working groups"),
                       function="5.2", order=65)
def annual_chapter(year: int, user=None) -> list[Section]:
    """The year's partners and agreements (5.2), and the groups' meetings and decisions
    (5.3), territory-wide. Left out for a year with none of them."""
    period = Period.year(year)
    found = figures_of.figures(period, expiring=False)
    totals = found.totals
    expiring = figures_of.expiring_next_year(year).count()
    if not (totals["partners_active"] or totals["agreements_in_force"]
            or totals["agreements_signed"] or totals["meetings"] or totals["made"]):
        return []
    text = narrative(found, year)
    cooperation = Section(
        heading=str(_("Cooperation with partners")), paragraphs=[p for p in text[:1] if p],
        facts=[(_("Active partners"), totals["partners_active"]),
               (_("New partners"), totals["partners_new"]),
               (_("Agreements signed"), totals["agreements_signed"]),
               (_("Agreements in force"), totals["agreements_in_force"]),
               (_("Agreements expiring in %(year)s") % {"year": year + 1}, expiring)],
        key="bendradarbiavimas.partners")
    worked = [row for row in found.groups if row["held"] or row["made"]]
    found.groups = worked
    groups = Section(
        heading=str(_("Commissions and working groups")), paragraphs=text[1:],
        facts=[(_("Groups that met"), totals["groups_meeting"]),
               (_("Meetings held"), totals["meetings"]),
               (_("Meetings held without a quorum"), totals["no_quorum"]),
               (_("Decisions made"), totals["made"]),
               (_("Decisions done by the end of the year"), totals["done"]),
               (_("Share of decisions done"), percent_text(totals["share"])),
               (_("Decisions overdue on %(day)s") % {"day": found.day.isoformat()},
                totals["overdue"])],
        tables=[group_table(found, _("Meetings and decisions by group, %(year)s")
                            % {"year": year})] if worked else [],
        key="bendradarbiavimas.groups")
    return [cooperation, groups]
