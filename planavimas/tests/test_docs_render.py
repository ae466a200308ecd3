"""How the plan and the report read: a title page with the Library's name and the year,
headings numbered by Word's own list bound to the heading styles (DOCX) and by CSS
counters (PDF) alike, the report's six chapters each with the sections its apps declare,
the annexes, and ``render_report annual_plan`` / ``annual_report`` giving the engine's
documents."""

import io
import re

import pytest
from django.core.management import call_command
from django.utils import translation
from docx import Document as Word
from docx.oxml.ns import qn

from ataskaitos.document import Section, Table
from ataskaitos.models import ReportJob
from ataskaitos.renderers import render as render_bytes
from planavimas import documents, documents_report, tree
from planavimas.models import Chapter
from planavimas.tests.docs_support import (
    LIBRARY,
    YEAR,
    docx_text,
    pdf_text,
    render,
)
from portalas import registry

pytestmark = pytest.mark.django_db


def _title_page(word) -> list[str]:
    """The paragraphs before the first page break."""
    found = []
    for paragraph in word.paragraphs:
        if any(br.get(qn("w:type")) == "page" for br in paragraph._p.iter(qn("w:br"))):
            return found
        found.append(paragraph.text)
    return found


def test_the_docx_has_a_title_page_with_the_librarys_name_and_the_year(setting, staff,
                                                                     tmp_path):
    with translation.override("en"):
        word = Word(render("planavimas.plan", "docx", staff, year=YEAR).file.path)
    page = _title_page(word)
    assert page[:3] == [LIBRARY, "Annual activity plan 2026", "Version 1 · Draft"]
    assert word.paragraphs[1].style.name == "Title"
    section = word.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)


def test_the_docx_numbers_its_headings_with_a_list_bound_to_the_heading_styles(
        setting, staff):
    with translation.override("en"):
        word = Word(render("planavimas.report", "docx", staff, year=YEAR).file.path)
    numbering = word.part.numbering_part.element
    num_ids = {word.styles[f"Heading {n}"].element.pPr.numPr.numId.val for n in (1, 2, 3)}
    assert len(num_ids) == 1
    (num_id,) = num_ids
    levels = [word.styles[f"Heading {n}"].element.pPr.numPr.ilvl.val for n in (1, 2, 3)]
    assert levels == [0, 1, 2]
    abstract_id = numbering.num_having_numId(num_id).abstractNumId.val
    abstract = next(a for a in numbering.findall(qn("w:abstractNum"))
                    if a.get(qn("w:abstractNumId")) == str(abstract_id))
    lvl = abstract.findall(qn("w:lvl"))
    assert [x.find(qn("w:lvlText")).get(qn("w:val")) for x in lvl] == [
        "%1.", "%1.%2.", "%1.%2.%3."]
    assert [x.find(qn("w:pStyle")).get(qn("w:val")) for x in lvl] == [
        "Heading1", "Heading2", "Heading3"]
    # the introduction, problems, annexes and the tables' titles stay out of the numbering
    outside = [p for p in word.paragraphs if p.style.name == "TOC Heading" or (
        p.style.name.startswith("Heading") and p.text.startswith((
            "Introduction", "Annex", "Problems", "Directions", "Objective")))]
    assert len(outside) >= 8
    assert all(p._p.pPr.numPr.numId.val == 0 for p in outside)
    chapters = [p for p in word.paragraphs if p.style.name == "Heading 1"
                and p._p.pPr.numPr is None]
    assert len(chapters) == 6         # the six chapters, numbered by the style


def test_the_pdf_numbers_the_same_headings(setting, staff):
    with translation.override("en"):
        text = pdf_text(render("planavimas.report", "pdf", staff, year=YEAR).file.path,
                        layout=True)
    for number, chapter in enumerate(Chapter, start=1):
        with translation.override("en"):
            assert re.search(rf"^ *{number}\. {re.escape(str(chapter.label))}$", text, re.M)
    assert re.search(r"^ *1\.1\. Goal 1\. Surinkti bibliotekų statistiką$", text, re.M)
    assert re.search(r"^ *3\.1\. Goal 2\. Stiprinti bibliotekininkų kompetencijas 1$", text,
                     re.M)
    assert re.search(r"^ *Annex 1\. Key indicators", text, re.M)
    assert not re.search(r"^ *\d+\. Annex", text, re.M)


def test_other_documents_are_not_numbered(setting, staff):
    document = Word(io.BytesIO(render_bytes(documents.indicators_document(
        tree.build(setting)), "docx")))
    assert document.styles["Heading 1"].element.pPr.numPr is None


def _placed(document) -> dict[str, int]:
    """Each section's key → the chapter (1–6) it stands in; 0 before the first chapter,
    7 after the last."""
    chapter, found = 0, {}
    for section in document.sections:
        if section.key.startswith("chapter-"):
            chapter = int(section.key.split("-")[1])
        elif section.key in ("problems", "directions") or section.key.startswith("annex"):
            chapter = 7
        found[section.key] = chapter
    return found


def test_the_report_has_all_six_chapters_each_with_the_sections_its_apps_declare(
        setting, staff):
    state = registry.snapshot()
    try:
        @registry.annual_report_section("test.advice", title="Advice", function="2.2",
                                        order=1)
        def advice(*, year, user):
            return [Section(heading="Advice on projects", key="test.advice",
                            tables=[Table("Advice", [], [])]),
                    Section(heading="Advice by library", level=2, key="test.advice.sub")]

        @registry.annual_report_section("test.nothing", title="Nothing", function="5.3")
        def nothing(*, year, user):
            return []

        with translation.override("en"):
            document = documents_report.report_document(
                tree.build(setting, actuals=True), user=staff)
    finally:
        registry.restore(state)
    keys = [s.key for s in document.sections]
    assert [k for k in keys if k.startswith("chapter-")] == [f"chapter-{n}" for n in
                                                             range(1, 7)]
    placed = _placed(document)
    by_key = {s.key: s for s in document.sections}
    assert placed["test.advice"] == 2 and by_key["test.advice"].level == 2
    assert by_key["test.advice.sub"].level == 3
    assert placed["statistika.collection"] == 1 and placed["planavimas.fulfilment"] == 1
    assert keys.index("statistika.collection") < keys.index("planavimas.fulfilment")
    goals = [k for k in keys if k.startswith("goal-")]
    assert [placed[k] for k in goals] == [1, 3]
    assert keys.index(goals[0]) < keys.index("statistika.collection")   # goals first
    for declared in documents_report.declared_sections():
        for built in declared.build(year=YEAR, user=staff):
            assert placed[built.key] == documents_report.chapter_of(declared.function)
    # a chapter with nothing says so
    empty = [s for s in document.sections if s.key.startswith("chapter-") and s.paragraphs]
    assert all("Nothing was recorded" in s.paragraphs[0] for s in empty)
    assert [s.key for s in document.sections[-3:]] == ["annex-1", "annex-2", "annex-3"]


def test_the_reports_numbers_are_the_trees(setting, staff):
    data = tree.build(setting, actuals=True)
    document = documents_report.report_document(data, user=staff)
    goals = [s for s in document.sections if s.key.startswith("goal-")]
    shown = [(row[3], row[4], row[5]) for s in goals for t in s.tables for row in t.rows]
    expected = [(tree.number(i["planned"]), tree.number(i["actual"]),
                 tree.number(i["fulfilment"])) for *_rest, i in tree.walk(data)]
    assert shown == expected
    annex = next(s for s in document.sections if s.key == "annex-3")
    assert [(r[4], r[5], r[6]) for r in annex.tables[0].rows] == expected


def test_render_report_annual_plan_and_annual_report_give_the_engines_documents(
        setting, staff, tmp_path):
    assert registry.kind("annual_plan").name == "planavimas.plan"
    assert registry.kind("annual_report").name == "planavimas.report"
    for alias, name in (("annual_plan", "planavimas.plan"),
                        ("annual_report", "planavimas.report")):
        with translation.override("en"):
            engine = docx_text(render(name, "docx", staff, year=YEAR).file.path)
        output = tmp_path / f"{alias}.docx"
        with translation.override("en"):
            call_command("render_report", alias, "--year", str(YEAR), "--format", "docx",
                         "--output", str(output))
        assert docx_text(output) == engine
        assert LIBRARY in engine and "2026" in engine
    assert set(ReportJob.objects.values_list("kind", flat=True)) == {"planavimas.plan",
                                                                    "planavimas.report"}


def test_render_report_writes_the_pdf_under_an_alias(setting, staff, tmp_path):
    output = tmp_path / "report.pdf"
    call_command("render_report", "annual_report", "--year", str(YEAR), "--format", "pdf",
                 "--output", str(output))
    text = pdf_text(output)
    assert LIBRARY in text and "Surinkti bibliotekų statistiką" in text


def test_an_alias_may_not_name_another_kind():
    with pytest.raises(ValueError):
        registry.report_kind("test.other", label="x", aliases=("annual_plan",))(lambda **k: 0)
