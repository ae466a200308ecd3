"""The purchase's documents through the report engine: the request (pirkimo paraiška) and
the survey report (tiekėjų apklausos pažyma) open as PDF (pypdf) and DOCX (python-docx)
with the letterhead, the numbers and the prices; a librarian may not ask for them (404);
both are fileable for the archive once there is something to file."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse

from ataskaitos import services as documents
from ataskaitos.models import JobStatus
from bibliotekos.selectors import letterhead
from pirkimai import reports_purchases as reports
from pirkimai.models import FundingSource
from pirkimai.tests.factories_purchases import approved, request, submitted, surveyed
from portalas.registry import fileable_kinds, fileable_kinds_for, fileable_kinds_listed_on
from projektai.models import ProjectStatus
from projektai.tests.factories import make_project

pytestmark = pytest.mark.django_db


def ask(user, capture, kind, purchase, fmt):
    with capture(execute=True):
        job = documents.request_report(kind=kind, params={"purchase": str(purchase.pk)},
                                       format=fmt, by=user)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    with job.file.open("rb") as handle:
        return handle.read()


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    assert data.startswith(b"%PDF")
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def docx_text(data: bytes) -> str:
    from docx import Document as Word

    word = Word(io.BytesIO(data))
    parts = [paragraph.text for paragraph in word.paragraphs]
    for table in word.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return " ".join(" ".join(parts).split())


@pytest.fixture
def project_purchase(staff, manager):
    project = make_project(by=staff, status=ProjectStatus.RUNNING, acronym="SKA",
                           title="Skaitmeninių kompetencijų akademija")
    line = project.budget_lines.create(code="3", title="Mokymų priemonės ir įranga")
    purchase = approved(staff, manager, title="Nešiojamieji kompiuteriai mokymams",
                        estimated_value=Decimal("12345.67"), funding=FundingSource.PROJECT,
                        project=project, project_budget_line=line,
                        need="Penki nešiojamieji kompiuteriai.",
                        justification="Mokymų ciklas regiono bibliotekininkams.")
    return purchase


def test_the_request_opens_as_pdf_and_docx_with_the_numbers(
        staff, manager, project_purchase, django_capture_on_commit_callbacks):
    purchase = project_purchase
    for fmt, read in (("pdf", pdf_text), ("docx", docx_text)):
        text = read(ask(staff, django_capture_on_commit_callbacks, "pirkimai.request",
                        purchase, fmt))
        for expected in ("PIRKIMO PARAIŠKA", f"Nr. {purchase.full_number}", "TVIRTINU",
                         "Vytas Vadovas", "Rūta Skyriūtė", "Nešiojamieji kompiuteriai "
                         "mokymams", "30190000-7", "12 345,67 Eur", "Penki nešiojamieji "
                         "kompiuteriai.", "Projekto lėšos", "SKA – Skaitmeninių "
                         "kompetencijų akademija", "3 Mokymų priemonės ir įranga"):
            assert expected in text, (fmt, expected)
        assert letterhead()["organisation"].upper() in text.upper()


def test_a_draft_request_is_marked_a_draft(staff, django_capture_on_commit_callbacks):
    purchase = request(staff)
    text = pdf_text(ask(staff, django_capture_on_commit_callbacks, "pirkimai.request",
                        purchase, "pdf"))
    assert "PROJEKTAS" in text and "TVIRTINU" not in text


def test_the_survey_report_lists_the_offers_and_the_choice(
        staff, manager, django_capture_on_commit_callbacks):
    purchase = surveyed(staff, manager, title="Biuro popierius")
    for fmt, read in (("pdf", pdf_text), ("docx", docx_text)):
        text = read(ask(staff, django_capture_on_commit_callbacks, "pirkimai.survey",
                        purchase, fmt))
        for expected in ("TIEKĖJŲ APKLAUSOS PAŽYMA", f"Nr. {purchase.full_number}",
                         "Raštu (el. paštu, CVP IS)", "Mažiausia kaina",
                         "UAB „Biuro pasaulis“", "UAB „Kanceliarinės prekės“",
                         "UAB „Popierius LT“", "1 450,00", "1 180,50", "1 320,00",
                         "1 428,40", "Pasirinktas tiekėjas", "Mažiausia kaina.",
                         "Apklausą atliko"):
            assert expected in text, (fmt, expected)
    document = reports.survey_document(purchase)
    assert document.numbers() == [Decimal(n) for n in (
        "1", "1450.00", "1754.50", "2", "1180.50", "1428.40", "3", "1320.00", "1597.20")]


def test_the_survey_report_waits_for_the_choice_and_a_librarian_gets_none(
        staff, manager, client_a, staff_client):
    purchase = approved(staff, manager)
    with pytest.raises(documents.NotAvailable):
        documents.request_report(kind="pirkimai.survey",
                                 params={"purchase": str(purchase.pk)}, format="pdf",
                                 by=staff)
    for kind in ("pirkimai.request", "pirkimai.survey"):
        response = client_a.post(reverse("ataskaitos:document_request"), {
            "kind": kind, "format": "pdf", "purchase": str(purchase.pk)})
        assert response.status_code == 404, kind
    response = staff_client.post(reverse("ataskaitos:document_request"), {
        "kind": "pirkimai.request", "format": "pdf", "purchase": str(purchase.pk)})
    assert response.status_code in (200, 302)


def test_an_unchanged_request_is_handed_out_again_and_a_move_makes_it_anew(
        staff, manager, django_capture_on_commit_callbacks):
    from pirkimai import services_purchases as services

    purchase = submitted(staff)
    params = {"purchase": str(purchase.pk)}
    first = reports._inputs({"purchase": purchase})
    assert reports._inputs({"purchase": purchase}) == first
    services.approve(purchase=purchase, by=manager)
    assert reports._inputs({"purchase": purchase}) != first
    assert params


# --- the archive --------------------------------------------------------------------------------

def test_a_request_is_fileable_once_submitted(staff, manager):
    kind = fileable_kinds.get("pirkimai.request")
    purchase = request(staff)
    assert kind in fileable_kinds_for(purchase)
    assert kind.describe(purchase, staff) is None
    purchase = submitted(staff)
    assert kind.describe(purchase, manager) is None          # staff file
    described = kind.describe(purchase, staff)
    assert described.key == str(purchase.pk)
    assert purchase.full_number in described.title
    name, data = described.content()
    assert name.endswith(".pdf") and data.startswith(b"%PDF")
    assert kind.find(str(purchase.pk), staff) == purchase
    listed = kind.documents(purchase.year)
    assert [item["url"] for item in listed] == [purchase.get_absolute_url()]


def test_a_survey_is_fileable_from_the_chosen_offer_once_the_supplier_is_chosen(
        staff, manager, librarian_a):
    kind = fileable_kinds.get("pirkimai.survey")
    purchase = approved(staff, manager)
    assert kind in fileable_kinds_listed_on(purchase)
    assert kind.listed(purchase, staff) == []
    purchase = surveyed(staff, manager)
    (offer,) = kind.listed(purchase, staff)
    assert offer.chosen and offer.purchase == purchase
    described = kind.describe(offer, staff)
    assert (described.key, described.date) == (str(offer.pk), purchase.surveyed_on)
    assert "Tiekėjų apklausos pažyma" in described.title
    assert kind.find(str(offer.pk), staff) == offer
    assert kind.find(str(offer.pk), librarian_a) is None
    loser = purchase.offers.exclude(pk=offer.pk).first()
    assert kind.describe(loser, staff) is None
    assert [item["title"] for item in kind.documents(purchase.year)] == [described.title]


def test_the_purchase_page_offers_to_file_the_request_and_the_survey(staff, manager,
                                                                     staff_client):
    from archyvas.tests.factories import make_plan as make_file_plan

    purchase = surveyed(staff, manager)
    make_file_plan(purchase.year)
    page = staff_client.get(purchase.get_absolute_url()).content.decode()
    assert 'data-fileable="pirkimai.request"' in page
    assert 'data-fileable="pirkimai.survey"' in page
