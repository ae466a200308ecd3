"""The annual activity report as a document: a title page, the contents, the introduction,
then a chapter per group of the charter's functions — always all six: 1 planning and data,
2 projects, 3 methodology and training, 4 research and analysis, 5 publicity and
cooperation, 6 general — each holding the plan's goals of that chapter (what was done,
the indicators planned against actual) followed by every section the apps declare for
its functions (``portalas.registry.annual_report_section``, by ``order``), then the
problems, the directions for next year and three annexes: the territory's key indicators
(the annex sections the apps declare), the department's work by function (every plain
metric of the registry, this year and last) and the fulfilment of the plan's indicators.

The plan's part comes from one tree (the live rows, or the approved version's
``Snapshot.data``). The apps' sections and the metrics (``declared_parts``) are counted
when a draft's document is made; approving a report keeps them in its snapshot
(``frozen_parts``, under ``PARTS``), so an approved report's document is the same every
time it is made (a snapshot without them, made before they were kept, counts them anew).
This module never imports another feature app: it reaches them through the registry."""

from dataclasses import replace
from datetime import date

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from ataskaitos import document_json
from ataskaitos.document import Column, Document, Section, Table
from planavimas import tree as plan_tree
from planavimas.documents import (
    figure_columns,
    goal_heading,
    number_column,
    objective_title,
    organisation,
    result_label,
    subtitle,
    summary_sections,
    unit_column,
)

__all__ = ["FULFILMENT_KEY", "PARTS", "chapter_of", "declared_parts", "declared_sections",
           "frozen_parts", "report_document", "stored_parts", "work_by_function"]

#: The report's own section for function 1.2: drawn from the document's tree, not rebuilt.
FULFILMENT_KEY = "planavimas.fulfilment"
#: Where an approved report's snapshot keeps the parts the apps declared (``frozen_parts``).
PARTS = "sections"


def chapter_of(function: str) -> int:
    """The report's chapter of a charter function: "3.2" → 3."""
    return int(function.split(".")[0])


def declared_sections(*, annex: bool = False) -> list:
    """The annual-report sections the apps declare (or their annexes), in their order."""
    from portalas.registry import annual_report_sections, discover

    discover()
    return sorted((s for s in annual_report_sections.all() if s.annex == annex),
                  key=lambda s: (chapter_of(s.function), s.order, s.key))


def _below(section: Section, levels: int = 1) -> Section:
    """An app's section as a part of a chapter: one level down (at most the third)."""
    return replace(section, level=min(3, section.level + levels))


def _sentences(*texts: str) -> str:
    """Comments one after another, each ending as a sentence does."""
    found = [t.strip() for t in texts if t and t.strip()]
    return " ".join(t if t.endswith((".", "!", "?", ":", ";")) else f"{t}." for t in found)


def _goal_table(objective: dict) -> Table:
    """An objective's measures with each indicator planned against actual: one row per
    indicator (the measure's cells on its first row), a measure without indicators on
    one row with its result. Seven columns, so that on an A4 page the measure, the
    indicator and the result keep words whole: the measure's number leads its title, the
    comments follow the result."""
    columns = [Column(_("Measure")), Column(_("Indicator")), unit_column(),
               *figure_columns(), Column(_("Result and comment"))]
    rows = []
    for measure in objective["measures"]:
        indicators = measure["indicators"] or [None]
        for index, indicator in enumerate(indicators):
            first = index == 0
            own = [f"{measure['number']} {measure['title']}" if first else ""]
            result = _sentences(result_label(measure["result"]) if first else "",
                                measure["result_comment"] if first else "",
                                indicator["comment"] if indicator else "")
            if indicator is None:
                rows.append(own + ["", "", None, None, None, result])
                continue
            rows.append(own + [indicator["name"], indicator["unit"],
                               plan_tree.number(indicator["planned"]),
                               plan_tree.number(indicator["actual"]),
                               plan_tree.number(indicator["fulfilment"]), result])
    return Table(objective_title(objective), columns, rows)


def _goal_section(goal: dict) -> Section:
    return Section(heading=goal_heading(goal), level=2, key=f"goal-{goal['pk']}",
                   paragraphs=[goal["narrative"]] if goal.get("narrative") else [],
                   tables=[_goal_table(objective) for objective in goal["objectives"]])


def _chapters(data: dict, parts: dict[str, list[Section]]) -> list[Section]:
    year = data["year"]
    out = []
    for number, title, goals in plan_tree.chapters(data):
        body = [_goal_section(goal) for goal in goals]
        body += [_below(section) for section in parts.get(f"chapter-{number}", [])]
        chapter = Section(heading=title, key=f"chapter-{number}")
        if not body:
            chapter.paragraphs = [_("Nothing was recorded in this chapter for %(year)s.")
                                  % {"year": year}]
        out += [chapter] + body
    return out


def _text_section(heading: str, text: str, key: str) -> Section:
    return Section(heading=heading, numbered=False, key=key, paragraphs=[
        text if (text or "").strip() else _("Nothing was written for this part.")])


def _annex(number: int, title: str, sections: list[Section], *, empty: str,
           key: str) -> list[Section]:
    """An annex: its heading carries the first section's content; further sections follow
    one level down. Unnumbered, as the annexes stand outside the chapters."""
    heading = _("Annex %(number)s. %(title)s") % {"number": number, "title": title}
    if not sections:
        return [Section(heading=heading, paragraphs=[empty], numbered=False, key=key)]
    first, *rest = sections
    head = replace(first, heading=heading, level=1, numbered=False, key=key)
    return [head] + [replace(section, level=2, numbered=False) for section in rest]


def work_by_function(year: int) -> list[Table]:
    """Every plain metric of the registry with a value this year or last, a table per
    chapter: the charter function, the metric, last year, this year, the unit."""
    from portalas.registry import discover, metrics

    discover()
    cache: dict = {}
    spans = [(date(y, 1, 1), date(y, 12, 31)) for y in (year - 1, year)]
    tables = []
    for number, title, _goals in plan_tree.chapters({"goals": []}):
        rows = []
        for metric in sorted((m for m in metrics() if not m.dimension
                              and chapter_of(m.function) == number),
                             key=lambda m: (m.function, str(m.label))):
            before, now = (plan_tree.number(plan_tree.metric_value(metric.name, start, end,
                                                                   cache))
                           for start, end in spans)
            if not before and not now:
                continue
            rows.append([metric.function, str(metric.label), before, now, metric.unit])
        if rows:
            tables.append(Table(f"{number}. {title}", [
                Column(_("Function"), narrow=True), Column(_("Indicator")),
                Column(str(year - 1), "number"), Column(str(year), "number"),
                unit_column()], rows, source=_("the department's records in the portal")))
    return tables


def _fulfilment_table(data: dict) -> Table:
    rows = [[measure["number"], measure["title"], indicator["name"], indicator["unit"],
             plan_tree.number(indicator["planned"]), plan_tree.number(indicator["actual"]),
             plan_tree.number(indicator["fulfilment"])]
            for _goal, _objective, measure, indicator in plan_tree.walk(data) if indicator]
    return Table(_("The plan's indicators, planned and actual"), [
        number_column(), Column(_("Measure")), Column(_("Indicator")), unit_column(),
        *figure_columns()], rows)


def declared_parts(data: dict, *, user, progress=lambda percent: None) -> dict:
    """The report's parts the apps declare, counted now: for each chapter
    ("chapter-1" … "chapter-6") the sections of its functions as their apps build them
    (the plan's fulfilment from ``data``), "annex-1" the annex sections (the territory's key
    indicators) and "annex-2" the department's work by function — as ``Section`` lists."""
    year = data["year"]
    declared = declared_sections()
    parts = {}
    for step, (number, _title, _goals) in enumerate(plan_tree.chapters(data)):
        built = []
        for declared_section in (s for s in declared if chapter_of(s.function) == number):
            if declared_section.key == FULFILMENT_KEY:
                built += summary_sections(data)
            else:
                built += declared_section.build(year=year, user=user)
        parts[f"chapter-{number}"] = built
        progress(15 + 10 * step)
    parts["annex-1"] = [section for declared_section in declared_sections(annex=True)
                        for section in declared_section.build(year=year, user=user)]
    progress(85)
    by_function = work_by_function(year)
    parts["annex-2"] = [Section(heading="", tables=by_function)] if by_function else []
    return parts


def frozen_parts(data: dict, *, user) -> dict:
    """``declared_parts`` in every language of the portal, as JSON: what approving a
    report keeps in its snapshot (``data[PARTS]``), so its document never changes."""
    found = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            found[code] = {name: document_json.to_json(sections) for name, sections
                           in declared_parts(data, user=user).items()}
    return found


def stored_parts(data: dict) -> dict | None:
    """The parts an approved report's snapshot keeps, in the language now active (else the
    portal's); None for the live tree and for a snapshot made before they were kept."""
    kept = data.get(PARTS)
    if not kept:
        return None
    language = translation.get_language() or settings.LANGUAGE_CODE
    for code in (language, language.split("-")[0], settings.LANGUAGE_CODE, *kept):
        if code in kept:
            return {name: document_json.from_json(sections)
                    for name, sections in kept[code].items()}
    return None


def report_document(data: dict, *, user, approved_at=None,
                    progress=lambda percent: None) -> Document:
    """The report of ``data`` (the live tree, or an approved version's snapshot: then
    with the apps' parts it keeps, not counted again)."""
    year = data["year"]
    parts = stored_parts(data)
    if parts is None:
        parts = declared_parts(data, user=user, progress=progress)
    sections = []
    if (data.get("introduction") or "").strip():
        sections.append(Section(heading=_("Introduction"), paragraphs=[data["introduction"]],
                                numbered=False, key="introduction"))
    sections += _chapters(data, parts)
    sections.append(_text_section(_("Problems and how they were solved"),
                                  data.get("problems", ""), "problems"))
    sections.append(_text_section(_("Directions for next year"), data.get("directions", ""),
                                  "directions"))
    sections += _annex(1, _("Key indicators of the territory's libraries"),
                       parts.get("annex-1", []),
                       empty=_("No statistics of the territory's libraries were recorded for "
                               "%(year)s.") % {"year": year}, key="annex-1")
    sections += _annex(2, _("The department's work by function"), parts.get("annex-2", []),
                       empty=_("The portal recorded none of the department's work for "
                               "%(year)s.") % {"year": year}, key="annex-2")
    indicators = _fulfilment_table(data)
    sections += _annex(3, _("Fulfilment of the plan's indicators"),
                       [Section(heading="", tables=[indicators])] if indicators.rows else [],
                       empty=_("The plan has no indicators."), key="annex-3")
    suffix = f"-v{data['number']}" if data.get("number", 1) > 1 else ""
    return Document(title=_("Annual activity report %(year)s") % {"year": year},
                    subtitle=subtitle(data, approved_at=approved_at), sections=sections,
                    filename=f"veiklos-ataskaita-{year}{suffix}", title_page=True,
                    organisation=organisation(), numbered=True)
