"""The file plan through the report engine (PDF and DOCX): the usual layout — the approval
mark (or PROJEKTAS), the Library and the unit, "DOKUMENTACIJOS PLANAS <year> m.", each
file's index, title, retention with its legal reference and the notes with the responsible
person — read back from the PDF (pypdf) and the DOCX (python-docx); staff and management
may ask for it, a librarian may not."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from archyvas.models import PlanStatus
from archyvas.reports_plan import plan_document, retention_text
from archyvas.tests.factories import make_plan, make_plan_file
from archyvas.tests.factories_plan import make_items
from ataskaitos import services as documents
from ataskaitos.models import JobStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(staff, manager):
    items = make_items()
    plan = make_plan(2026, files=())
    make_plan_file(plan, "7.1", title="Skyriaus veiklos planai ir ataskaitos", permanent=True,
                   bdstr_item=items["plans"], responsible=staff, position=0)
    make_plan_file(plan, "7.2", title="Regiono bibliotekų statistinės ataskaitos", years=10,
                   bdstr_item=items["statistics"], note="Elektroninė byla", position=1)
    make_plan_file(plan, "7.3", title="Mokymų dalyvių sąrašai", years=3, position=2)
    plan.approval_reference = "Direktoriaus 2026-01-05 įsakymu Nr. V-3"
    plan.approved_by = manager
    plan.save()
    return plan


def ask(user, capture, fmt, year=2026):
    with capture(execute=True):
        job = documents.request_report(kind="archyvas.file_plan", params={"year": str(year)},
                                       format=fmt, by=user)
    job.refresh_from_db()
    return job


def read(job) -> bytes:
    with job.file.open("rb") as handle:
        return handle.read()


def test_the_retention_cites_the_act_and_item():
    class Item:
        act, code = "BDSTR (V-100, 2011), 2024 m. redakcija", "1.5"

    class File:
        permanent, retention_years, bdstr_item = False, 10, Item()

    assert retention_text(File()) == "10 m. BDSTR 1.5 p."
    File.permanent, File.retention_years = True, None
    assert retention_text(File()) == "Nuolat BDSTR 1.5 p."
    File.bdstr_item = None
    assert retention_text(File()) == "Nuolat"


def test_the_pdf_has_the_approval_the_heading_and_every_file(plan, staff,
                                                            django_capture_on_commit_callbacks):
    from pypdf import PdfReader

    job = ask(staff, django_capture_on_commit_callbacks, "pdf")
    assert job.status == JobStatus.DONE, job.error
    data = read(job)
    assert data.startswith(b"%PDF")
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data))
                             .pages).split())
    for expected in ("PATVIRTINTA", "Direktoriaus 2026-01-05 įsakymu Nr. V-3",
                     "DOKUMENTACIJOS PLANAS 2026 m.", "Bylos indeksas", "Bylos antraštė",
                     "Pastabos", "BIBLIOTEKŲ VEIKLOS SKYRIUS", "7.1",
                     "Skyriaus veiklos planai ir ataskaitos", "Nuolat BDSTR 2.1 p.",
                     "10 m. BDSTR 3.2 p.", "Elektroninė byla", "Atsakingas(-a) – Rūta Skyriūtė",
                     "Mokymų dalyvių sąrašai", "3 m.", "Iš viso bylų: 3"):
        assert expected in text, expected


def test_the_docx_has_the_same_rows_in_its_table(plan, manager,
                                                 django_capture_on_commit_callbacks):
    from docx import Document as Word

    job = ask(manager, django_capture_on_commit_callbacks, "docx")
    assert job.status == JobStatus.DONE, job.error
    word = Word(io.BytesIO(read(job)))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "PATVIRTINTA" in text and "DOKUMENTACIJOS PLANAS 2026 m." in text
    rows = [[cell.text for cell in row.cells] for row in word.tables[0].rows]
    assert rows[0] == ["Bylos indeksas", "Bylos antraštė",
                       "Saugojimo terminas ir jo nustatymo nuoroda", "Pastabos"]
    assert rows[1][0] == "BIBLIOTEKŲ VEIKLOS SKYRIUS"
    assert rows[2][:3] == ["7.1", "Skyriaus veiklos planai ir ataskaitos",
                           "Nuolat BDSTR 2.1 p."]
    assert rows[3] == ["7.2", "Regiono bibliotekų statistinės ataskaitos",
                       "10 m. BDSTR 3.2 p.", "Elektroninė byla"]
    assert "Atsakingas(-a) – Rūta Skyriūtė" in rows[2][3]
    assert [row[0] for row in rows[2:]] == ["7.1", "7.2", "7.3"]


def test_a_draft_is_marked_as_a_draft(staff):
    draft = make_plan(2027, status=PlanStatus.DRAFT)
    document = plan_document(draft)
    assert document.context["marks"] == ["PROJEKTAS"]
    assert document.context["heading"] == "DOKUMENTACIJOS PLANAS 2027 m."
    assert len(document.context["rows"]) == 6


def test_the_approval_date_is_added_when_the_reference_does_not_carry_it(plan):
    plan.approval_reference = "Direktoriaus įsakymu Nr. V-3"
    plan.approved_on = datetime.date(2026, 1, 5)
    assert plan_document(plan).context["marks"] == [
        "PATVIRTINTA", "Direktoriaus įsakymu Nr. V-3", "2026-01-05"]


def test_a_librarian_cannot_ask_for_the_plan(plan, librarian_a, client_a):
    with pytest.raises(PermissionDenied):
        documents.request_report(kind="archyvas.file_plan", params={"year": "2026"},
                                 format="pdf", by=librarian_a)
    response = client_a.post(reverse("ataskaitos:document_request"), {
        "kind": "archyvas.file_plan", "format": "pdf", "year": "2026"})
    assert response.status_code in (403, 404)


def test_a_year_without_a_plan_is_not_available(staff):
    with pytest.raises(documents.NotAvailable):
        documents.request_report(kind="archyvas.file_plan", params={"year": "2031"},
                                 format="pdf", by=staff)
