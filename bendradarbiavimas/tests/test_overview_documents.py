"""The cooperation overview as a document (PDF, DOCX, XLSX — read back), who may ask for it,
the annual report's section, and the app's demo loader."""

import subprocess

import pytest
from django.core.exceptions import PermissionDenied
from docx import Document as Word
from openpyxl import load_workbook

from ataskaitos import services as documents
from ataskaitos.models import JobStatus, ReportJob
from bendradarbiavimas import demo
from bendradarbiavimas.tests.factories_overview import build_year
from conftest import require_program
from portalas.registry import annual_report_sections, kind

pytestmark = pytest.mark.django_db

KIND = "bendradarbiavimas.overview"


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def year(territory):
    return build_year(territory)


def ask(user, capture, fmt, **params) -> ReportJob:
    with capture(execute=True):
        job = documents.request_report(kind=KIND, params=params, format=fmt, by=user)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    return job


def test_the_kind_is_declared_for_the_whole_territory_roles():
    declared = kind(KIND)
    assert declared.output == "document" and declared.staff_only
    assert set(declared.formats) == {"pdf", "docx", "xlsx"}


def test_the_pdf_reads_back_with_the_counts(year, staff, django_capture_on_commit_callbacks):
    job = ask(staff, django_capture_on_commit_callbacks, "pdf", year="2025")
    program = require_program("pdftotext")
    text = subprocess.run([program, "-layout", job.file.path, "-"], capture_output=True,
                          text=True, check=True).stdout.replace("\xa0", " ")
    assert "Cooperation overview 2025" in text
    assert "Meetings held without a quorum" in text
    assert "Vaikų bibliotekininkų darbo" in text           # (the name may wrap in its cell)
    assert "LBD sekcija (national)" in text
    assert "25.0 %" in text


def test_the_docx_reads_back_with_the_group_table(year, manager,
                                                   django_capture_on_commit_callbacks):
    job = ask(manager, django_capture_on_commit_callbacks, "docx", year="2025")
    word = Word(job.file.path)
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")
                or p.style.name == "Title"]
    assert "Cooperation overview 2025" in headings
    assert "Commissions and working groups" in headings
    facts = {row.cells[0].text: row.cells[1].text for row in word.tables[0].rows}
    assert facts["Active partners"] == "3" and facts["Meetings held"] == "6"
    assert facts["Decisions made"] == "4" and facts["Share of decisions done"] == "25.0 %"
    groups = word.tables[1]
    rows = {row.cells[0].text: [c.text for c in row.cells] for row in groups.rows[1:]}
    assert rows["Vaikų bibliotekininkų darbo grupė"][1:7] == ["3", "1", "3", "1", "1", "33.3"]
    assert "LBD sekcija (national)" in rows


def test_the_xlsx_reads_back_with_numeric_cells(year, staff,
                                                django_capture_on_commit_callbacks):
    job = ask(staff, django_capture_on_commit_callbacks, "xlsx", year="2025")
    book = load_workbook(job.file.path)
    facts = {row[1]: row[2] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)
             if len(row) > 2}
    assert facts["Active partners"] == 3 and facts["Agreements in force"] == 2
    assert facts["Decisions made"] == 4
    sheet = next(s for s in book.worksheets if s["A1"].value == "Group")
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    kids = rows["Vaikų bibliotekininkų darbo grupė"]
    assert kids[1:6] == (3, 1, 3, 1, 1) and kids[6] == pytest.approx(33.3)
    meetings = next(s for s in book.worksheets if s["A1"].value == "Date")
    assert meetings.max_row == 1 + 6


def test_a_quarter_document_counts_the_quarter(year, staff, django_capture_on_commit_callbacks):
    job = ask(staff, django_capture_on_commit_callbacks, "xlsx", year="2025", quarter="1")
    book = load_workbook(job.file.path)
    assert book.worksheets[0]["A1"].value == "Cooperation overview 2025, quarter 1"
    facts = {row[1]: row[2] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)
             if len(row) > 2}
    assert facts["Meetings held"] == 3


def test_a_librarian_may_not_ask_for_it(librarian_a):
    with pytest.raises(PermissionDenied):
        documents.request_report(kind=KIND, params={"year": "2025"}, format="pdf",
                                 by=librarian_a)


@pytest.mark.parametrize("params", [{}, {"year": "abc"}, {"year": "1700"},
                                    {"year": "2025", "quarter": "5"}])
def test_bad_parameters_are_refused(params, staff):
    with pytest.raises(documents.NotAvailable):
        documents.request_report(kind=KIND, params=params, format="pdf", by=staff)
    assert not ReportJob.objects.exists()


# --- the annual report ----------------------------------------------------------------------

def test_the_annual_section_counts_the_year_from_the_records(year):
    section = annual_report_sections.get("bendradarbiavimas")
    assert section.function == "5.2"
    cooperation, groups = section.build(2025)
    facts = dict(cooperation.facts)
    assert facts["Active partners"] == 3 and facts["New partners"] == 1
    assert facts["Agreements signed"] == 1 and facts["Agreements in force"] == 2
    assert facts["Agreements expiring in 2026"] == 0
    assert "active – 3" in cooperation.paragraphs[0]
    facts = dict(groups.facts)
    assert facts["Meetings held"] == 6 and facts["Decisions made"] == 4
    assert facts["Decisions done by the end of the year"] == 1
    assert facts["Share of decisions done"] == "25.0 %"
    assert facts["Decisions overdue on 2025-12-31"] == 2
    assert facts["Groups that met"] == 3
    table = groups.tables[0]
    assert [row[0] for row in table.rows] == [
        "Mokyklų bibliotekų komisija", "Vaikų bibliotekininkų darbo grupė",
        "LBD sekcija (national)"]


def test_the_annual_section_counts_agreements_expiring_next_year(year):
    cooperation = annual_report_sections.get("bendradarbiavimas").build(2024)[0]
    # the Kretinga agreement ends on 2025-12-31; the one terminated in 2025 has no end
    assert dict(cooperation.facts)["Agreements expiring in 2025"] == 1


def test_the_annual_section_is_left_out_for_an_empty_year(year):
    assert annual_report_sections.get("bendradarbiavimas").build(2019) == []


# --- the demo loader --------------------------------------------------------------------------

class Out:
    def __init__(self):
        self.lines = []

    def write(self, text):
        self.lines.append(text)


def test_the_demo_runs_every_area_in_its_order(monkeypatch):
    called = []
    for area in ("partners", "groups", "minutes"):
        monkeypatch.setattr(getattr(demo, f"demo_{area}"), "load",
                            lambda out, area=area: called.append(area))
    demo.load(Out())
    assert called == ["partners", "groups", "minutes"]
