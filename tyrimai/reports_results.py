"""The results report of a study (``tyrimai.results``: PDF and DOCX for the analysis and
for each library, XLSX too), the metrics (charter function 4.3: ``tyrimai.studies``,
``tyrimai.responses``) and the annual report's section.

Every number comes from ``tyrimai.selectors``, so the report shows what the results page
shows — and hides what it hides: fewer than ``MIN_CELL`` answers are never a number here
either (a hidden cell reads "< 5"). The report is for the territory, a municipality (the
whole-territory roles) or one participating library with its outlets; the scopes offered
are the ones the requester may read."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from ataskaitos.document import Chart, Column, Document, Section, Table
from bibliotekos.models import Library
from bibliotekos.scoping import descendant_ids
from portalas.forms import ReportParamsForm
from portalas.metrics import Period
from portalas.metrics import Scope as MetricScope
from portalas.registry import annual_report_section, register_metric, report_kind
from portalas.templatetags.portal import number
from tyrimai import selectors, services
from tyrimai.models import MIN_CELL, Method, QuestionKind, Response, Study, StudyStatus, pick
from tyrimai.reports_raw import StudyChoiceField

__all__: list[str] = []

#: What a hidden cell reads (fewer than ``MIN_CELL`` answers).
HIDDEN = f"< {MIN_CELL}"


def shown(value, decimals: int = 0, suffix: str = "") -> str:
    """A number of the report in the reader's format, or "< 5" where it is hidden."""
    if value is None:
        return HIDDEN
    return f"{number(value, decimals)}{suffix}"


# --- scopes -----------------------------------------------------------------------------------

def _with_outlets(library_id: int) -> set[int]:
    return {library_id} | descendant_ids([library_id])


def scope_options(user, study: Study) -> list[selectors.Scope]:
    """The scopes the results page offers the user (``selectors.scopes_for``)."""
    return selectors.scopes_for(user, study)


# --- the parameters ---------------------------------------------------------------------------

class ResultsParams(ReportParamsForm):
    """A study whose results the user may read, and a scope of it (``t``, ``m<id>``,
    ``l<id>`` — the results page's ``vieta``)."""

    study = StudyChoiceField(Study.objects.none(), label=gettext_lazy("Study"))
    scope = forms.CharField(label=gettext_lazy("Whose answers"), required=False,
                            max_length=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["study"].queryset = services.studies_with_results_for(self.user)

    def clean(self):
        cleaned = super().clean()
        study = cleaned.get("study")
        if study is None:
            return cleaned
        key = cleaned.get("scope") or "t"
        scope = next((s for s in scope_options(self.user, study) if s.key == key), None)
        if scope is None:
            raise ValidationError(_("These results are not open to you."))
        cleaned["scope"] = scope
        return cleaned


# --- the report -------------------------------------------------------------------------------

def _period(study: Study) -> str:
    return f"{study.opens_on.isoformat()} – {study.closes_on.isoformat()}"


def _mean_text(mean) -> str:
    if mean is None or mean.mean is None:
        return HIDDEN
    return _("%(mean)s (95 %% interval %(low)s–%(high)s; n = %(n)s)") % {
        "mean": number(mean.mean, 2), "low": number(mean.low, 2),
        "high": number(mean.high, 2), "n": number(mean.n)}


def _previous_cells(previous) -> dict:
    if previous is None or previous.hidden:
        return {}
    return {cell.code: cell.percent for cell in previous.cells}


def _choice_table(result, previous) -> Table:
    """The counts and percentages of a choice, Likert or 0–10 question, with last round's
    percentages beside them when the study has a previous round."""
    columns = [Column(pgettext("results table", "Answer")), Column(_("Answers")), Column(_("%"))]
    before = _previous_cells(previous)
    if previous is not None:
        columns.append(Column(_("Previous round, %")))
    rows = []
    for cell in result.cells:
        row = [cell.label, shown(cell.count), shown(cell.percent, 1)]
        if previous is not None:
            row.append(HIDDEN if previous.hidden else
                       shown(before[cell.code], 1) if cell.code in before else "–")
        rows.append(row)
    return Table(f"{result.question.code}. {pick(result.question.text)}", columns, rows,
                 sheet=result.question.code)


def _matrix_table(result) -> Table:
    labels = [cell.label for cell in result.rows[0][1]] if result.rows else []
    columns = [Column(_("Statement"))] + [Column(label) for label in labels] + [
        Column(_("Mean"))]
    rows = []
    for label, cells, mean in result.rows:
        rows.append([label] + [HIDDEN if cell.count is None else
                               f"{number(cell.count)} ({number(cell.percent, 1)} %)"
                               for cell in cells]
                    + [HIDDEN if mean is None or mean.mean is None else number(mean.mean, 2)])
    return Table(f"{result.question.code}. {pick(result.question.text)}", columns, rows,
                 sheet=result.question.code)


def _chart(result) -> Chart | None:
    """Shares of the answers as bars (hidden cells left out); a matrix: each row's mean."""
    if result.question.kind == QuestionKind.MATRIX:
        values = [None if mean is None else mean.mean for _label, _cells, mean in result.rows]
        if not any(v is not None for v in values):
            return None
        return Chart(title=pick(result.question.text), kind="bar",
                     categories=[label for label, _cells, _mean in result.rows],
                     series=[(_("Mean"), values)])
    if not result.cells or not any(cell.percent for cell in result.cells):
        return None
    return Chart(title=pick(result.question.text), kind="bar", unit="%",
                 categories=[cell.label if len(cell.label) <= 18 else cell.label[:17] + "…"
                             for cell in result.cells],
                 series=[(_("Share of those who answered, %"),
                          [cell.percent for cell in result.cells])])


def question_section(result, previous) -> Section:
    """One question: how many answered, its table, mean, NPS and chart, last round's."""
    question = result.question
    section = Section(heading=f"{question.code}. {pick(question.text)}", key=question.code)
    if result.hidden:
        section.paragraphs.append(_("Fewer than %(n)s answers: the results are not shown.")
                                  % {"n": MIN_CELL})
        return section
    section.facts.append((pgettext("respondents", "Answered by"), shown(result.answered)))
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.LIKERT,
                         QuestionKind.NPS):
        section.tables.append(_choice_table(result, previous))
    elif question.kind == QuestionKind.MATRIX:
        section.tables.append(_matrix_table(result))
    if result.mean is not None:
        section.facts.append((_("Mean"), _mean_text(result.mean)))
    if result.nps is not None:
        section.facts.append((_("Net promoter score (NPS)"), shown(result.nps, 1)))
    if question.allow_other:
        section.facts.append((_("Answered \"other\""), shown(result.other)))
    if question.is_text:
        section.facts.append((_("Open answers (listed on the results page)"),
                              shown(result.texts)))
    if previous is not None:
        section.facts.append((_("Previous round: answered by"),
                              HIDDEN if previous.hidden else shown(previous.answered)))
        if previous.mean is not None and not previous.hidden:
            section.facts.append((_("Previous round: mean"), _mean_text(previous.mean)))
    chart = _chart(result)
    if chart is not None:
        section.charts.append(chart)
    return section


def results_document(study: Study, scope: selectors.Scope, progress=None) -> Document:
    responses = scope.narrow(selectors.counted(study))
    questions = selectors.study_questions(study)
    results = selectors.study_results(study, responses, questions)
    earlier = selectors.previous_results(study, scope, questions=questions)
    if progress is not None:
        progress(40)
    about = Section(heading=_("About the study"), facts=[
        (_("Study"), study.title),
        (_("Whose answers"), scope.label),
        (_("Answers collected"), _period(study)),
        (_("Method"), str(Method(study.method).label) if study.method in Method.values
         else study.method),
        (_("Target group"), study.target_group or "–"),
        (_("Responses"), shown(selectors.response_count(responses))),
    ])
    if study.aim:
        about.paragraphs.append(study.aim)
    if study.previous_id:
        about.facts.append((_("Previous round"), f"{study.previous.title} "
                                                  f"({_period(study.previous)})"))
    about.paragraphs.append(_("Fewer than %(n)s answers are never shown: such a cell reads "
                              "“%(hidden)s”. Percentages are of those who answered the "
                              "question.") % {"n": MIN_CELL, "hidden": HIDDEN})
    sections = [about]
    for result in results:
        sections.append(question_section(result, earlier.get(result.question.code)))
    stamp = timezone.localdate().isoformat()
    return Document(title=_("Results: %(study)s") % {"study": study.title},
                    subtitle=f"{scope.label} · {stamp}", sections=sections, title_page=True,
                    filename=f"tyrimo-rezultatai-{study.pk}-{scope.key}-{stamp}")


@report_kind("tyrimai.results", label=gettext_lazy("Results of a study"),
             form=ResultsParams, formats=("pdf", "docx", "xlsx"),
             description=gettext_lazy("The study's facts and every question's results — "
                                      "counts, percentages, means with their intervals, "
                                      "charts, last round beside them — for the territory "
                                      "or one library."))
def results(*, params, user, progress):
    return results_document(params["study"], params["scope"], progress)


# --- metrics (charter function 4.3) ------------------------------------------------------------

def scope_ids(scope: MetricScope) -> set[int] | None:
    """The libraries of a municipality or library scope (a library with its outlets); None
    for the territory."""
    if scope is None or scope.level == "territory":
        return None
    if scope.level == "municipality":
        return set(Library.objects.filter(municipality=scope.municipality)
                   .values_list("pk", flat=True))
    return _with_outlets(scope.library.pk)


def studies(period: Period, scope: MetricScope | None = None):
    """Studies (not drafts) whose answer period overlaps the period; at a library or a
    municipality, those its libraries took part in."""
    found = (Study.objects.exclude(status=StudyStatus.DRAFT)
             .filter(opens_on__lte=period.end, closes_on__gte=period.start))
    ids = scope_ids(scope)
    if ids is not None:
        found = found.filter(pk__in=Study.objects.filter(
            participations__library_id__in=ids).values("pk"))
    return found


def _moments(period: Period) -> dict:
    """Bounds of the period's days in the portal's time zone (the index can use them)."""
    zone = timezone.get_default_timezone()
    start = timezone.make_aware(datetime.combine(period.start, time.min), zone)
    end = timezone.make_aware(datetime.combine(period.end + timedelta(days=1), time.min),
                              zone)
    return {"submitted_at__gte": start, "submitted_at__lt": end}


def responses(period: Period, scope: MetricScope | None = None):
    """Counted responses (not excluded) submitted in the period, in the scope's libraries."""
    found = Response.objects.counted().filter(**_moments(period))
    ids = scope_ids(scope)
    if ids is not None:
        found = found.filter(library_id__in=ids)
    return found


register_metric("tyrimai.studies", label_lt="Atlikti vartotojų poreikių tyrimai",
                label_en="User-needs studies run", function="4.3", unit="vnt.",
                value=lambda period, scope: studies(period, scope).count(), records=studies)
register_metric("tyrimai.responses", label_lt="Gauti tyrimų atsakymai",
                label_en="Study responses received", function="4.3", unit="vnt.",
                value=lambda period, scope: responses(period, scope).count(),
                records=responses)


# --- the annual report's section ----------------------------------------------------------------

@dataclass
class StudyLine:
    study: Study
    libraries: int
    responses: int
    satisfaction: object        # the key question's mean (``selectors.Mean``) or None


def year_lines(year: int) -> list[StudyLine]:
    period = Period.year(year)
    found = (studies(period).annotate(
        libraries=Count("participations", distinct=True),
        answered=Count("responses", filter=Q(responses__excluded=False), distinct=True))
        .select_related("key_question").order_by("opens_on", "pk"))
    lines = []
    for study in found:
        mean = None
        if study.key_question is not None:
            mean = selectors.question_result(study.key_question,
                                             selectors.counted(study)).mean
        lines.append(StudyLine(study, study.libraries, study.answered, mean))
    return lines


def by_library(year: int) -> list[tuple[str, int | None]]:
    """Responses of the year per library (hidden below ``MIN_CELL``), most first."""
    counts = (responses(Period.year(year)).values("library__name")
              .annotate(n=Count("pk")).order_by("-n", "library__name"))
    return [(row["library__name"], row["n"] if row["n"] >= MIN_CELL else None)
            for row in counts]


def narrative(lines: list[StudyLine], year: int, total: int, libraries: int) -> str:
    parts = [ngettext("In %(year)s the department ran %(count)s user-needs study.",
                      "In %(year)s the department ran %(count)s user-needs studies.",
                      len(lines)) % {"year": year, "count": len(lines)}]
    parts.append(_("Responses received: %(count)s, at %(libraries)s libraries.") % {
        "count": number(total), "libraries": number(libraries)})
    rated = [line for line in lines if line.satisfaction is not None
             and line.satisfaction.mean is not None]
    if rated:
        parts.append(_("Satisfaction (the key question's mean): %(means)s.") % {
            "means": "; ".join(f"{line.study.title} – {number(line.satisfaction.mean, 2)}"
                               for line in rated)})
    return " ".join(parts)


@annual_report_section("tyrimai", title=gettext_lazy("User-needs research"), function="4.3",
                       order=45)
def annual_chapter(year: int, user=None) -> list[Section]:
    """The year's studies (libraries taking part, responses, key satisfaction) and the
    responses per library. Left out for a year without a study."""
    lines = year_lines(year)
    if not lines:
        return []
    per_library = by_library(year)
    total = responses(Period.year(year)).count()
    tables = [Table(_("User-needs studies, %(year)s") % {"year": year}, [
        Column(_("Study")), Column(_("Answers collected")), Column(_("Libraries"), "int"),
        Column(_("Responses")), Column(_("Satisfaction (mean)"))],
        [[line.study.title, _period(line.study), line.libraries,
          shown(line.responses if line.responses >= MIN_CELL else None),
          "–" if line.satisfaction is None else _mean_text(line.satisfaction)]
         for line in lines])]
    if per_library:
        tables.append(Table(_("Responses per library, %(year)s") % {"year": year},
                            [Column(_("Library")), Column(_("Responses"))],
                            [[name, shown(n)] for name, n in per_library],
                            paper=len(per_library) <= 60))
    return [Section(heading=str(_("User-needs research")),
                    paragraphs=[narrative(lines, year, total, len(per_library))],
                    tables=tables, key="tyrimai")]
