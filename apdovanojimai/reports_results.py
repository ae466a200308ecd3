"""The awards' metrics (charter function 5.6), the results as a table (report kind
``apdovanojimai.results``: XLSX and CSV, staff and management) and the annual report's
section on evaluations and awards. What each figure counts is in
``apdovanojimai.selectors_results``."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from apdovanojimai import selectors_results as figures
from apdovanojimai.models import RESULTS_STATUSES, Award, AwardKind, Contest
from ataskaitos.document import Column, Rows, Section, Table
from portalas.forms import ReportParamsForm, ScopedChoiceField, YearField
from portalas.metrics import Period, Scope
from portalas.ordering import sorted_lt
from portalas.registry import annual_report_section, register_metric, report_kind

__all__ = ["result_header", "result_rows"]


# --- metrics -------------------------------------------------------------------------------

def _count(records):
    return lambda period, scope: records(period, scope).count()


register_metric("apdovanojimai.contests", label_lt="Surengti konkursai ir apdovanojimai",
                label_en="Contests and awards run", function="5.6", unit="vnt.",
                value=_count(figures.contests_opened), records=figures.contests_opened)
register_metric("apdovanojimai.nominations", label_lt="Pateiktos nominacijos",
                label_en="Nominations submitted", function="5.6", unit="vnt.",
                value=_count(figures.nominations_submitted),
                records=figures.nominations_submitted)
register_metric("apdovanojimai.awarded", label_lt="Įteikti diplomai (apdovanoti laureatai)",
                label_en="Diplomas awarded", function="5.6", unit="vnt.",
                value=_count(figures.diplomas_issued), records=figures.diplomas_issued)


# --- the results as rows --------------------------------------------------------------------

class ResultParams(ReportParamsForm):
    """A year, or one contest."""

    year = YearField(required=False)
    contest = ScopedChoiceField(Contest, required=False,
                                label=pgettext_lazy("awards report", "Contest"))


def result_header() -> list[tuple[str, str]]:
    return [(pgettext("awards report", "Contest"), "text"), (_("Year"), "int"),
            (pgettext("awards report", "Category"), "text"),
            (pgettext("awards report", "Place"), "int"), (_("Nominee"), "text"),
            (pgettext("awards report", "Library"), "text"),
            (_("Score (out of 100)"), "number"), (_("Winner"), "text"),
            (_("Award number"), "text")]


def _nominee(nomination) -> str:
    if nomination.practice_id:
        return nomination.practice.title
    return nomination.nominee_name


def result_rows(records) -> list[list]:
    rows = []
    for result in records:
        nomination = result.nomination
        award = figures.award_of(nomination)
        rows.append([nomination.contest.title, nomination.contest.year, result.category.name,
                     result.rank, _nominee(nomination),
                     nomination.unit.name if nomination.unit_id else "",
                     result.score, _("yes") if result.won else _("no"),
                     award.number if award is not None else ""])
    return rows


@report_kind("apdovanojimai.results", label=gettext_lazy("Results of contests and awards"),
             form=ResultParams, output="rows", staff_only=True,
             description=gettext_lazy("Every ranked nomination of the year's contests (or of "
                                      "one contest): category, place, nominee, library, "
                                      "score, winner and the award's number."))
def results_table(*, params, user, progress):
    contest, year = params.get("contest"), params.get("year")
    records = figures.result_records(user, year=year if contest is None else None,
                                     contest=contest)
    rows = result_rows(records)
    progress(80)
    header = result_header()
    stem = f"konkurso-rezultatai-{contest.pk}" if contest is not None \
        else f"konkursu-rezultatai-{year or 'visi'}"
    return Rows(title=_("Results of contests and awards"),
                header=[name for name, _kind in header], rows=rows, filename=stem,
                kinds=dict(header))


# --- the annual report's section -------------------------------------------------------------

def winners_table(year: int) -> Table | None:
    awards = list(Award.objects.filter(kind=AwardKind.DIPLOMA,
                                       contest__status__in=RESULTS_STATUSES,
                                       issued_on__year=year)
                  .select_related("contest", "nomination__category", "nomination__person",
                                  "nomination__library", "nomination__practice",
                                  "nomination__unit"))
    if not awards:
        return None
    awards = sorted_lt(awards, key=lambda a: f"{a.contest.title}\u0000{a.place or 0:03d}")
    return Table(_("Winners in %(year)s") % {"year": year}, [
        Column(pgettext("awards report", "Contest")),
        Column(pgettext("awards report", "Category")),
        Column(pgettext("awards report", "Place"), "int"), Column(_("Winner")),
        Column(pgettext("awards report", "Library")), Column(_("Award number"))],
        [[a.contest.title, a.nomination.category.name, a.place, _nominee(a.nomination),
          a.nomination.unit.name if a.nomination.unit_id else "", a.number]
         for a in awards])


@annual_report_section("apdovanojimai", title=gettext_lazy("Evaluations and awards"),
                       function="5.6", order=70)
def annual_chapter(year: int, user=None) -> list[Section]:
    """The year's contests, nominations and winners, territory-wide. Left out for a year
    with none of them."""
    period, territory = Period.year(year), Scope.territory()
    contests = figures.contests_opened(period, territory).count()
    nominations = figures.nominations_submitted(period, territory).count()
    diplomas = figures.diplomas_issued(period, territory).count()
    letters = Award.objects.filter(kind=AwardKind.LETTER, contest__status__in=RESULTS_STATUSES,
                                   issued_on__year=year).count()
    if not (contests or nominations or diplomas):
        return []
    text = _("In %(year)s the department ran %(contests)s contests and awards; "
             "%(nominations)s nominations were submitted, %(diplomas)s diplomas and "
             "%(letters)s thank-you letters were awarded.") % {
        "year": year, "contests": contests, "nominations": nominations,
        "diplomas": diplomas, "letters": letters}
    table = winners_table(year)
    return [Section(heading=str(_("Evaluations and awards")), paragraphs=[text],
                    facts=[(_("Contests and awards run"), contests),
                           (_("Nominations submitted"), nominations),
                           (_("Diplomas awarded"), diplomas),
                           (_("Thank-you letters"), letters)],
                    tables=[table] if table is not None else [], key="apdovanojimai")]
