"""Sections kept as JSON (``ataskaitos.document_json``) come back as they were: the same
values of the same types, and the same PDF, DOCX and XLSX."""

import io
import json
import subprocess
import tempfile
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from ataskaitos import renderers
from ataskaitos.document import Chart, Column, Document, Section, Table
from ataskaitos.document_json import from_json, to_json
from conftest import require_program


def _sections() -> list[Section]:
    columns = [Column("Biblioteka"), Column("Renginiai", "int"),
               Column("Išlaidos, Eur", "decimal", 2, xlsx_format='#,##0.00 "€"'),
               Column("Rodiklis", "number", narrow=True), Column("Data", "date"),
               Column("Pastaba")]
    rows = [["Kretingos rajono savivaldybės viešoji biblioteka", 12, Decimal("1234.5"),
             Decimal("16.0"), date(2026, 3, 2), "Seminaras **ne** Markdown"],
            ["Skuodo rajono savivaldybės viešoji biblioteka", 3, None, 7.25, None, None],
            ["Iš viso", 15, Decimal("1234.50"), Decimal("46344.000000"),
             datetime(2026, 12, 31, 10, 30), 4]]
    return [
        Section(heading="Mokymai", key="mokymai", paragraphs=[
            "Skyrius surengė **12** renginių:\n\n- seminarus;\n- kursus.",
            "Dalyvių pasitenkinimas — *aukštas*."],
            facts=[("Renginiai", 12), ("Dalyviai", Decimal("40.5")),
                   ("Planas", "patvirtintas"), ("Neįvertinta", None),
                   ("Patvirtinta", date(2026, 1, 15)), ("Dalis", 0.25)],
            tables=[Table("Renginiai pagal bibliotekas", columns, rows, number=1,
                          source="portalo įrašai", sheet="Renginiai"),
                    Table("Visos eilutės", [Column("Pavadinimas"), Column("Kiekis", "int")],
                          [["Vienas", 1]], paper=False)],
            level=2),
        Section(heading="Išduotis", numbered=False, charts=[Chart(
            "Išduotis teritorijoje", ["2024", "2025", "2026"],
            [("Fiz. vnt.", [Decimal("1200"), None, 1350]), ("Lankytojai", [10, 12.5, 14])],
            kind="bar", unit="vnt.", number=2, source="statistika")]),
    ]


def _document(sections) -> Document:
    return Document(title="Ataskaita 2026", subtitle="1 versija", sections=sections,
                    numbered=True)


def _pdf_text(data: bytes) -> str:
    program = require_program("pdftotext")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(data)
        file.flush()
        result = subprocess.run([program, "-layout", file.name, "-"], capture_output=True,
                                text=True, check=True)
    return result.stdout


def _docx_text(data: bytes) -> list[str]:
    from docx import Document as Word

    word = Word(io.BytesIO(data))
    return [p.text for p in word.paragraphs] + [
        cell.text for table in word.tables for row in table.rows for cell in row.cells]


def _xlsx_cells(data: bytes) -> list:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    return [(sheet.title, cell.coordinate, cell.value, cell.number_format)
            for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def test_sections_come_back_equal_with_their_values_typed():
    original = _sections()
    kept = json.loads(json.dumps(to_json(original)))        # what a JSONField stores
    back = from_json(kept)
    expected = _sections()
    expected[0].tables[0].rows[2][5] = "4"           # a text column keeps the text shown
    assert back == expected
    table = back[0].tables[0]
    assert [type(v) for v in table.rows[0]] == [str, Decimal, Decimal, Decimal, date, str]
    assert table.rows[1] == ["Skuodo rajono savivaldybės viešoji biblioteka", Decimal("3"),
                             None, Decimal("7.25"), None, None]
    assert table.rows[2][3] == Decimal("46344.000000")             # its storage zeros kept
    assert table.rows[2][4] == datetime(2026, 12, 31, 10, 30)
    facts = dict(back[0].facts)
    assert facts["Dalyviai"] == Decimal("40.5") and facts["Renginiai"] == 12
    assert facts["Patvirtinta"] == date(2026, 1, 15) and facts["Neįvertinta"] is None
    assert facts["Dalis"] == 0.25
    (chart,) = back[1].charts
    assert chart.series == [("Fiz. vnt.", [Decimal("1200"), None, 1350]),
                            ("Lankytojai", [10, 12.5, 14])]
    assert isinstance(chart.series[0][1], list)
    assert back[1].numbered is False and back[0].level == 2


def test_a_lazy_text_is_kept_in_the_language_it_was_stored_in():
    with translation.override("en"):
        kept = to_json([Section(heading=gettext_lazy("Participants"))])
    with translation.override("lt"):
        assert from_json(kept)[0].heading == "Participants"


def test_nothing_stored_is_nothing_back():
    assert to_json([]) == [] and from_json([]) == []


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx"])
def test_the_round_tripped_document_renders_the_same_text_and_numbers(fmt, settings):
    original = _document(_sections())
    back = _document(from_json(json.loads(json.dumps(to_json(original.sections)))))
    assert back.numbers() == original.numbers()
    assert back.numbers(paper=True) == original.numbers(paper=True)
    with translation.override("lt"):
        ours, theirs = (getattr(renderers, f"render_{fmt}")(d) for d in (original, back))
    read = {"pdf": _pdf_text, "docx": _docx_text, "xlsx": _xlsx_cells}[fmt]
    assert read(theirs) == read(ours)
    shown = read(ours)
    if fmt == "xlsx":
        values = [value for _sheet, _at, value, _format in shown]
        assert 1234.5 in values and 15 in values and 46344 in values
    else:
        text = shown if fmt == "pdf" else "\n".join(shown)
        assert "1 234,50" in text.replace("\xa0", " ")
        assert "2026-03-02" in text and "Kretingos rajono" in text
