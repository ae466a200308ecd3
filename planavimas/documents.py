"""The plan, the indicators and the fulfilment summary as documents
(``ataskaitos.document``), drawn from one tree (``planavimas.tree``: the live rows or an
approved version's ``Snapshot.data``) so a number cannot differ between the pages, the
PDF, the DOCX and the XLSX. The report's document is in ``documents_report``.

Every builder takes the tree and returns sections or a ``Document``; none reads the rows
again. Numbers go into numeric columns as the tree's Decimals (``tree.number``)."""

from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ataskaitos.document import Column, Document, Section, Table, with_unit
from planavimas import tree as plan_tree
from planavimas.models import MeasureStatus, Status

__all__ = ["figure_columns", "goal_heading", "indicator_rows", "indicators_document",
           "measure_deadline", "number_column", "objective_title", "organisation",
           "plan_document", "result_label", "subtitle", "summary_sections", "unit_column"]


def organisation() -> str:
    """The Library's name for the title page: the county library of the registry, else
    the department's name (``bibliotekos.selectors.letterhead``)."""
    from bibliotekos.selectors import letterhead

    return letterhead()["organisation"]


def subtitle(data: dict, *, approved_at=None) -> str:
    """ "Version 2 · approved on 2026-01-15", or "Version 1 · Draft"."""
    version = _("Version %(number)s") % {"number": data["number"]}
    if approved_at is not None:
        day = timezone.localdate(approved_at).isoformat()
        return f"{version} · " + _("approved on %(day)s") % {"day": day}
    try:
        status = Status(data["status"]).label
    except ValueError:
        status = data["status"]
    return f"{version} · {status}"


def goal_heading(goal: dict) -> str:
    return _("Goal %(number)s. %(title)s") % {"number": goal["number"], "title": goal["title"]}


def objective_title(objective: dict) -> str:
    return _("Objective %(number)s. %(title)s") % {"number": objective["number"],
                                                    "title": objective["title"]}


def measure_deadline(measure: dict) -> str:
    if measure.get("deadline"):
        return measure["deadline"]
    if measure.get("quarter"):
        return _("Quarter %(quarter)s") % {"quarter": measure["quarter"]}
    return ""


def result_label(value: str) -> str:
    try:
        return str(MeasureStatus(value).label) if value else ""
    except ValueError:
        return value


def _responsible(measure: dict) -> str:
    return "; ".join(part for part in (measure.get("responsible_unit"),
                                       measure.get("responsible")) if part)


def number_column() -> Column:
    return Column(_("No."), narrow=True)


def unit_column() -> Column:
    return Column(pgettext("table column", "Unit"), narrow=True)


def figure_columns(*, actual: bool = True) -> list[Column]:
    """Planned (and actual, fulfilment in %) — the same slim columns in every table."""
    found = [Column(_("Planned"), "number", narrow=True)]
    if actual:
        found += [Column(_("Actual"), "number", narrow=True),
                  Column(_("Fulfilment, %"), "decimal", 1, narrow=True)]
    return found


def _count(value) -> str:
    return formats.number_format(value or 0, decimal_pos=0, use_l10n=True, force_grouping=True)


# --- the plan ----------------------------------------------------------------------------------

def _plan_table(objective: dict) -> Table:
    """An objective's measures: one row per indicator (a measure's own cells on its first
    row only), a measure without indicators on one row."""
    columns = [number_column(), Column(_("Measure")), Column(pgettext("measure", "Responsible")),
               Column(pgettext("measure", "Deadline")), Column(_("Resources")),
               Column(_("Budget, EUR"), "decimal", 2, narrow=True), Column(_("Indicator")),
               *figure_columns(actual=False)]
    rows = []
    for measure in objective["measures"]:
        own = [measure["number"], measure["title"], _responsible(measure),
               measure_deadline(measure), measure.get("resources") or "",
               plan_tree.number(measure.get("budget"))]
        indicators = measure["indicators"] or [None]
        for index, indicator in enumerate(indicators):
            cells = own if index == 0 else ["", "", "", "", "", None]
            if indicator is None:
                rows.append(cells + ["", None])
            else:
                rows.append(cells + [with_unit(indicator["name"], indicator["unit"]),
                                     plan_tree.number(indicator["planned"])])
    return Table(objective_title(objective), columns, rows)


def plan_document(data: dict, *, approved_at=None) -> Document:
    """The plan: a title page, the introduction, then the charter's chapters that have
    goals, each goal a heading with a table of its measures per objective."""
    year = data["year"]
    sections = []
    if (data.get("introduction") or "").strip():
        sections.append(Section(heading=_("Introduction"), paragraphs=[data["introduction"]],
                                numbered=False, key="introduction"))
    for number, title, goals in plan_tree.chapters(data):
        if not goals:
            continue
        sections.append(Section(heading=title, key=f"chapter-{number}"))
        for goal in goals:
            sections.append(Section(
                heading=goal_heading(goal), level=2, key=f"goal-{goal['pk']}",
                paragraphs=[goal["description"]] if goal.get("description") else [],
                tables=[_plan_table(objective) for objective in goal["objectives"]]))
    if not sections:
        sections.append(Section(heading=_("Goals"), paragraphs=[
            _("The plan has no goals yet.")], key="empty"))
    suffix = f"-v{data['number']}" if data.get("number", 1) > 1 else ""
    return Document(title=_("Annual activity plan %(year)s") % {"year": year},
                    subtitle=subtitle(data, approved_at=approved_at), sections=sections,
                    filename=f"veiklos-planas-{year}{suffix}", title_page=True,
                    organisation=organisation(), numbered=True)


# --- the indicators (XLSX) ---------------------------------------------------------------------

def _source(indicator: dict) -> str:
    if indicator["source"] == "metric":
        return indicator.get("metric_label") or indicator["metric"]
    if indicator["source"] == "manual":
        return _("typed in")
    if indicator.get("metric"):
        return indicator.get("metric_label") or indicator["metric"]
    return ""


def indicator_rows(data: dict) -> list[list]:
    """Every indicator with its goal, objective and measure: planned, actual, fulfilment,
    where the actual value comes from, and the measure's result."""
    rows = []
    for goal, objective, measure, indicator in plan_tree.walk(data):
        if indicator is None:
            continue
        rows.append([goal["number"], goal["title"], objective["number"], objective["title"],
                     measure["number"], measure["title"], indicator["name"],
                     indicator["unit"], plan_tree.number(indicator["planned"]),
                     plan_tree.number(indicator["actual"]),
                     plan_tree.number(indicator["fulfilment"]), _source(indicator),
                     result_label(measure.get("result", ""))])
    return rows


def indicators_document(data: dict, *, approved_at=None) -> Document:
    year = data["year"]
    columns = [Column(_("Goal No.")), Column(_("Goal")), Column(_("Objective No.")),
               Column(_("Objective")), Column(_("Measure No.")), Column(_("Measure")),
               Column(_("Indicator")), unit_column(), *figure_columns(), Column(_("Source")),
               Column(_("Result"))]
    title = _("Indicators of the annual activity plan %(year)s") % {"year": year}
    return Document(title=title, subtitle=subtitle(data, approved_at=approved_at),
                    sections=[Section(heading=title, tables=[Table(
                        title, columns, indicator_rows(data), sheet=str(year))])],
                    filename=f"rodikliai-{year}")


# --- the fulfilment summary (function 1.2) -------------------------------------------------------

def _met(indicators) -> int:
    return sum(1 for i in indicators if i["fulfilment"] is not None
               and Decimal(i["fulfilment"]) >= 100)


def summary_sections(data: dict) -> list[Section]:
    """How the plan was carried out: measures done, partly done, not done and not yet
    assessed; indicators with an actual value and those that met the plan — overall and
    by chapter."""
    totals = data.get("totals") or plan_tree.totals(data)
    if not totals["measures"]:
        return []
    year = data["year"]
    text = _("Measures of the plan for %(year)s: %(measures)s — done: %(done)s, partly "
             "done: %(partly)s, not done: %(not_done)s, not assessed: %(unassessed)s. "
             "Indicators: %(indicators)s — with an actual value: %(with_actual)s, met the "
             "plan: %(met)s, counted by the portal: %(linked)s.") % {
        "year": year, **{key: _count(totals[key]) for key in (
            "measures", "done", "partly", "not_done", "unassessed", "indicators",
            "with_actual", "met", "linked")}}
    rows = []
    for _number, title, goals in plan_tree.chapters(data):
        measures = [m for g in goals for o in g["objectives"] for m in o["measures"]]
        if not measures:
            continue
        indicators = [i for m in measures for i in m["indicators"]]
        rows.append([title, len(measures)]
                    + [sum(1 for m in measures if m["result"] == status.value)
                       for status in MeasureStatus]
                    + [len(indicators), _met(indicators)])
    columns = [Column(_("Chapter")), Column(_("Measures"), "int")] + [
        Column(str(status.label), "int") for status in MeasureStatus] + [
        Column(_("Indicators"), "int"), Column(_("Indicators met"), "int")]
    return [Section(
        heading=_("Fulfilment of the annual activity plan"), paragraphs=[text],
        facts=[(_("Measures"), totals["measures"]),
               (str(MeasureStatus.DONE.label), totals["done"]),
               (str(MeasureStatus.PARTLY.label), totals["partly"]),
               (str(MeasureStatus.NOT_DONE.label), totals["not_done"]),
               (_("Not assessed"), totals["unassessed"]),
               (_("Indicators"), totals["indicators"]),
               (_("Indicators met"), totals["met"])],
        tables=[Table(_("Measures and indicators by chapter, %(year)s") % {"year": year},
                      columns, rows)],
        key="planavimas.fulfilment")]
