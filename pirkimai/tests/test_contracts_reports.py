"""The contracts' documents through the report engine: the contract to sign (PDF, DOCX) with
the Library as the buyer, the supplier, the price and the term; the year's register as XLSX
with its rows and totals; the archive's kind filing the signed copy only; the panels on a
purchase's page and the home page."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.test import RequestFactory

from ataskaitos import services as documents
from ataskaitos.models import JobStatus
from bibliotekos.models import Library, LibraryKind
from pirkimai import panels_contracts, selectors_contracts
from pirkimai.models import ContractKind, PurchaseStatus
from pirkimai.reports_contracts import contract_document, describe_contract, signed_copies
from pirkimai.tests.factories_contracts import (
    days,
    pdf_bytes,
    register,
    supplier,
    surveyed_purchase,
    this_year_day,
    today,
)
from portalas.registry import fileable_kinds

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def county(db):
    return Library.objects.create(code="AVB", name="Klaipėdos apskrities viešoji biblioteka",
                                  kind=LibraryKind.COUNTY, company_code="190766111",
                                  address="Herkaus Manto g. 25, Klaipėda",
                                  director="Ona Direktorė")


@pytest.fixture
def contract(staff, county):
    purchase = surveyed_purchase(staff, prices=("1000", "1200", "1350"),
                                 title="Biuro kėdės")
    seller = purchase.chosen_offer.supplier
    seller.address, seller.code = "Taikos pr. 1, Klaipėda", "302614287"
    seller.save()
    return register(staff, purchase=purchase, number="S-2026-4", value=Decimal("1000.00"),
                    value_with_vat=Decimal("1210.00"), ends_on=days(60), subject="Biuro kėdės",
                    extension="Gali būti pratęsta 6 mėn.", payment="Per 14 dienų.")


def ask(user, capture, kind, fmt, **params):
    with capture(execute=True):
        job = documents.request_report(kind=kind, params={k: str(v) for k, v in
                                                          params.items()},
                                       format=fmt, by=user)
    job.refresh_from_db()
    return job


def read(job) -> bytes:
    with job.file.open("rb") as handle:
        return handle.read()


# --- the contract -------------------------------------------------------------------------------

def test_the_contract_names_the_library_the_supplier_the_price_and_the_term(contract):
    document = contract_document(contract)
    text = "\n".join(p for s in document.sections for p in [s.heading, *s.paragraphs])
    assert document.title == "PREKIŲ PIRKIMO–PARDAVIMO SUTARTIS Nr. S-2026-4"
    assert "Klaipėdos apskrities viešoji biblioteka, juridinio asmens kodas 190766111" in text
    assert "atstovaujama direktoriaus Ona Direktorė (toliau – Pirkėjas)" in text
    assert "juridinio asmens kodas 302614287, Taikos pr. 1, Klaipėda (toliau – Tiekėjas)" in text
    assert "Biuro kėdės" in text and contract.purchase.full_number in text
    assert "1,000.00 Eur" in text and "210.00 Eur" in text and "1,210.00 Eur" in text
    assert f"galioja iki {days(60).isoformat()}" in text
    assert "Gali būti pratęsta 6 mėn." in text and "Per 14 dienų." in text


def test_the_contract_opens_as_docx_and_pdf(staff, contract,
                                            django_capture_on_commit_callbacks):
    from docx import Document as Word
    from pypdf import PdfReader

    job = ask(staff, django_capture_on_commit_callbacks, "pirkimai.contract", "docx",
              contract=contract.pk)
    assert job.status == JobStatus.DONE, job.error
    word = Word(io.BytesIO(read(job)))
    text = "\n".join(p.text for p in word.paragraphs)
    cells = "\n".join(c.text for row in word.tables[0].rows for c in row.cells)
    assert "PREKIŲ PIRKIMO–PARDAVIMO SUTARTIS Nr. S-2026-4" in text
    assert "Sutarties kaina be PVM – 1,000.00 Eur." in text
    assert "Pirkėjas" in cells and contract.supplier.name in cells and "(parašas)" in cells
    job = ask(staff, django_capture_on_commit_callbacks, "pirkimai.contract", "pdf",
              contract=contract.pk)
    assert job.status == JobStatus.DONE, job.error
    pdf = "".join(page.extract_text() for page in PdfReader(io.BytesIO(read(job))).pages)
    assert "S-2026-4" in pdf and "Ona Direktorė" in pdf and "1,210.00 Eur" in pdf


def test_an_invoice_is_not_offered_as_a_contract_to_sign(staff):
    invoice = register(staff, kind=ContractKind.INVOICE, number="SF-1")
    with pytest.raises(documents.NotAvailable):
        documents.request_report(kind="pirkimai.contract", params={"contract": str(invoice.pk)},
                                 format="pdf", by=staff)


def test_a_librarian_cannot_ask_for_a_contract_the_register_or_the_summary(
        contract, librarian_a):
    for kind, params, fmt in (("pirkimai.contract", {"contract": str(contract.pk)}, "pdf"),
                              ("pirkimai.register", {"year": str(today().year)}, "xlsx"),
                              ("pirkimai.summary", {"year": str(today().year)}, "xlsx")):
        with pytest.raises(documents.NotAvailable):
            documents.request_report(kind=kind, params=params, format=fmt, by=librarian_a)


# --- the register -------------------------------------------------------------------------------

def test_the_register_xlsx_holds_each_contract_and_invoice_of_the_year_and_the_totals(
        staff, manager, django_capture_on_commit_callbacks):
    from openpyxl import load_workbook

    year = today().year
    first = register(staff, supplier=supplier("UAB „Pirmas“", "111111111"), number="A-1",
                     signed_on=this_year_day(9), value=Decimal("1234.56"),
                     value_with_vat=Decimal("1493.82"), ends_on=days(30))
    register(staff, supplier=supplier("=HYPERLINK(\"http://x\")"), number="SF-2",
             kind=ContractKind.INVOICE, signed_on=this_year_day(2), value=Decimal("100.44"))
    register(staff, number="OLD", signed_on=date(year - 1, 5, 5), value=Decimal("999"))
    job = ask(manager, django_capture_on_commit_callbacks, "pirkimai.register", "xlsx",
              year=year)
    assert job.status == JobStatus.DONE, job.error
    book = load_workbook(io.BytesIO(read(job)))
    sheet = book.worksheets[-1]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:4] == ["No.", "Kind", "Number", "Date"]
    assert [row[2] for row in rows[1:]] == ["A-1", "SF-2", None]
    assert rows[1][4] == "UAB „Pirmas“" and rows[1][5] == "111111111"
    assert rows[1][7] == pytest.approx(1234.56) and rows[1][8] == pytest.approx(1493.82)
    assert rows[1][9].date() == first.ends_on
    assert rows[2][4].startswith("'=") and sheet.cell(3, 5).data_type == "s"
    assert rows[3][6] == "Total"
    assert rows[3][7] == pytest.approx(1335.00) and rows[3][8] == pytest.approx(1493.82)
    facts = {row[1].value: row[2].value for row in book.worksheets[0].iter_rows(min_row=2)
             if row[1].value}
    assert facts["Contracts"] == 1 and facts["Invoices"] == 1


# --- the archive --------------------------------------------------------------------------------

def test_the_archive_files_the_signed_copy_only(staff, manager, contract):
    kind = fileable_kinds.get("pirkimai.contract")
    assert kind.model == "pirkimai.contract"
    assert describe_contract(contract, staff) is None            # nothing signed uploaded
    assert signed_copies(today().year) == []
    from pirkimai import services_contracts as services

    contract = services.update_contract(contract=contract, by=staff, version=contract.version,
                                        file=pdf_bytes("Pasirašyta"), file_name="s.pdf")
    described = describe_contract(contract, staff)
    name, data = described.content()
    assert name == "s.pdf" and data.startswith(b"%PDF")
    assert described.audience == "management" and described.date == contract.signed_on
    assert describe_contract(contract, manager) is None          # staff file documents
    assert [row["url"] for row in signed_copies(today().year)] == [contract.get_absolute_url()]
    assert kind.find(str(contract.pk), manager) == contract


# --- panels -------------------------------------------------------------------------------------

def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_a_purchases_page_offers_staff_to_register_its_contract(staff, manager, librarian_a):
    purchase = surveyed_purchase(staff)
    panel = panels_contracts.purchase_contracts(_request(staff), purchase)
    assert panel["can_register"] and panel["contracts"] == []
    assert panel["create_url"].endswith(f"?purchase={purchase.pk}")
    assert panels_contracts.purchase_contracts(_request(manager), purchase) is None
    assert panels_contracts.purchase_contracts(_request(librarian_a), purchase) is None
    contract = register(staff, purchase=purchase)
    purchase.status = PurchaseStatus.CONTRACTED
    panel = panels_contracts.purchase_contracts(_request(manager), purchase)
    assert panel["contracts"] == [contract] and not panel["can_register"]


def test_the_home_shows_contracts_ending_soon_to_staff_and_management(staff, manager,
                                                                      librarian_a, settings):
    settings.PROCUREMENT_CONTRACT_ENDING_DAYS = 30
    soon = register(staff, number="A", signed_on=this_year_day(10), ends_on=days(5))
    register(staff, number="B", signed_on=this_year_day(10), ends_on=days(45))
    for user in (staff, manager):
        panel = panels_contracts.contracts_ending(_request(user))
        assert [row["contract"] for row in panel["rows"]] == [soon]
        assert panel["rows"][0]["days"] == 5
    assert panels_contracts.contracts_ending(_request(librarian_a)) is None
    card = selectors_contracts.home_context(staff)
    assert [row["contract"] for row in card["ending"]] == [soon]
    assert card["create_url"] and card["summary"].year == today().year
    assert selectors_contracts.home_context(manager)["create_url"] == ""
    assert selectors_contracts.home_context(librarian_a) == {}
