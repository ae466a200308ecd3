"""The plan as a document (report kind ``pirkimai.plan``: XLSX, PDF, DOCX) through the
report engine: the approval mark (or PROJEKTAS), the lines with their values and the
totals by CPV code with the share and the warning — read back from the workbook
(openpyxl), the PDF (pypdf) and the Word file (python-docx); staff and management may ask
for it, a librarian may not; a year without a plan is not available."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from ataskaitos import services as documents
from ataskaitos.models import JobStatus
from pirkimai.models import Method, PlanStatus, PurchaseKind
from pirkimai.reports_plan import LT, plan_document
from pirkimai.tests.factories import make_cpv, make_plan, make_planned

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _thresholds(settings):
    settings.PROCUREMENT_LOW_VALUE_GOODS_SERVICES = 70_000
    settings.PROCUREMENT_LOW_VALUE_WORKS = 174_000
    settings.PROCUREMENT_WARNING_PERCENT = 80


@pytest.fixture
def plan(staff, manager):
    plan = make_plan(2026, status=PlanStatus.APPROVED, by=manager)
    books = make_cpv("22110000-4")
    make_planned(plan, title="Grožinė literatūra", cpv=books, value="30000", quarter=1,
                 responsible=staff, position=0)
    make_planned(plan, title="Šakinė literatūra", cpv=books, value="28000.50", quarter=3,
                 position=1)
    make_planned(plan, title="Skaityklos kapitalinis remontas", cpv=make_cpv("45453000-7"),
                 kind=PurchaseKind.WORKS, value="185000", quarter=3, method=Method.OPEN,
                 duration_months=6, position=2)
    return plan


def ask(user, capture, fmt, year=2026):
    with capture(execute=True):
        job = documents.request_report(kind="pirkimai.plan", params={"year": str(year)},
                                       format=fmt, by=user)
    job.refresh_from_db()
    return job


def read(job) -> bytes:
    with job.file.open("rb") as handle:
        return handle.read()


def test_the_document_holds_every_line_and_the_totals_by_code(plan):
    document = plan_document(plan)
    lines, totals = document.sections[0].tables[0], document.sections[1].tables[0]
    assert [row[1] for row in lines.rows] == ["Grožinė literatūra", "Šakinė literatūra",
                                              "Skaityklos kapitalinis remontas"]
    assert [row[4] for row in lines.rows] == [Decimal("30000"), Decimal("28000.50"),
                                              Decimal("185000")]
    books = next(row for row in totals.rows if row[0] == "22110000-4")
    assert books[3:9] == [2, Decimal("58000.50"), Decimal("58000.50"), Decimal("0"),
                          Decimal("70000"), Decimal("82.9")]
    assert books[9] == LT["near"]
    repair = next(row for row in totals.rows if row[0] == "45453000-7")
    assert (repair[7], repair[8], repair[9]) == (Decimal("174000"), None, "")
    assert document.sections[0].paragraphs[0].startswith("PATVIRTINTA 2026-01-15")
    assert document.title == "2026 m. PIRKIMŲ PLANAS"


def test_a_draft_is_marked_as_a_draft():
    draft = make_plan(2027)
    document = plan_document(draft)
    assert document.sections[0].paragraphs[:1] == ["PROJEKTAS"]
    assert LT["none"] in document.sections[0].paragraphs


def test_the_workbook_has_the_lines_and_totals_as_numbers(plan, staff,
                                                          django_capture_on_commit_callbacks):
    from openpyxl import load_workbook

    job = ask(staff, django_capture_on_commit_callbacks, "xlsx")
    assert job.status == JobStatus.DONE, job.error
    book = load_workbook(io.BytesIO(read(job)), data_only=True)
    lines = book[next(name for name in book.sheetnames if name.startswith("Planuojami"))]
    rows = list(lines.iter_rows(values_only=True))
    assert rows[0][:5] == (LT["number"], LT["object"], LT["cpv"], LT["kind"], LT["value"])
    assert [row[4] for row in rows[1:]] == [30000, 28000.5, 185000]
    assert rows[1][2] == "22110000-4" and rows[3][5] == 3
    totals = book[next(name for name in book.sheetnames if name.startswith("Sumos"))]
    total_rows = {row[0]: row for row in totals.iter_rows(values_only=True)}
    assert total_rows["22110000-4"][4] == 58000.5
    assert total_rows["22110000-4"][8] == 82.9


def test_the_pdf_and_the_word_file_open_and_show_the_numbers(plan, manager,
                                                             django_capture_on_commit_callbacks):
    from docx import Document as Word
    from pypdf import PdfReader

    job = ask(manager, django_capture_on_commit_callbacks, "pdf")
    assert job.status == JobStatus.DONE, job.error
    text = " ".join(" ".join(page.extract_text() for page in
                             PdfReader(io.BytesIO(read(job))).pages).split())
    squeezed = text.replace(" ", "")             # a narrow column breaks a code or a word
    for expected in ("PIRKIMŲ PLANAS", "PATVIRTINTA", "Grožinė literatūra", "22110000-4",
                     "45453000-7", "58000,50", LT["near"]):
        assert expected.replace(" ", "") in squeezed, expected
    job = ask(manager, django_capture_on_commit_callbacks, "docx")
    assert job.status == JobStatus.DONE, job.error
    word = Word(io.BytesIO(read(job)))
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    assert "Skaityklos kapitalinis remontas" in cells and "45453000-7" in cells
    assert any("185" in cell and "000" in cell for cell in cells)


def test_a_librarian_cannot_ask_for_the_plan_and_a_year_without_one_is_not_available(
        plan, staff, librarian_a):
    with pytest.raises(PermissionDenied):
        documents.request_report(kind="pirkimai.plan", params={"year": "2026"},
                                 format="pdf", by=librarian_a)
    with pytest.raises(documents.NotAvailable):
        documents.request_report(kind="pirkimai.plan", params={"year": "2031"},
                                 format="pdf", by=staff)
