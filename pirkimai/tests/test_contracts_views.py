"""The contract register's pages: who reaches what (a librarian 404 everywhere, the signed
copy and the documents too; management reads but does not write), registering from a
purchase (prefilled from its chosen offer), money typed as people type it, the warnings
confirmed on the form, two editors at once, the signed copy, the list's filters, sums and
"ending soon", and query budgets that do not grow with rows."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pirkimai.models import Contract, ContractKind, Purchase, PurchaseStatus
from pirkimai.tests.factories_contracts import (
    contract_post,
    days,
    pdf_bytes,
    register,
    supplier,
    surveyed_purchase,
    this_year_day,
    today,
    url,
)
from portalas.testing import query_budget

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    """The pages in English (the source strings), whatever the catalogue holds."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def contract(staff):
    purchase = surveyed_purchase(staff)
    return register(staff, purchase=purchase, file=pdf_bytes(), file_name="sutartis.pdf",
                    ends_on=days(20))


def _documents(client, kind, **params):
    return client.post(reverse("ataskaitos:document_request"),
                       {"kind": kind, "format": "pdf" if kind == "pirkimai.contract" else
                        "xlsx", **params})


# --- who reaches what ------------------------------------------------------------------------

def test_a_librarian_gets_404_on_every_page_file_and_document(staff, client_a, contract):
    year = today().year
    for name in ("contract_list", "contract_create"):
        assert client_a.get(url(name)).status_code == 404, name
        assert client_a.post(url(name), contract_post()).status_code == 404, name
    assert client_a.get(url("contract_create") + f"?purchase={contract.purchase_id}") \
        .status_code == 404
    for name in ("contract_detail", "contract_update", "contract_history", "contract_file",
                 "contract_delete"):
        assert client_a.get(url(name, contract.pk)).status_code == 404, name
        assert client_a.post(url(name, contract.pk), {}).status_code in (404, 405), name
    assert client_a.get(url("summary", year)).status_code == 404
    assert client_a.post(url("summary_published", year), {}).status_code == 404
    assert _documents(client_a, "pirkimai.contract", contract=contract.pk).status_code == 404
    assert _documents(client_a, "pirkimai.register", year=year).status_code == 404
    assert _documents(client_a, "pirkimai.summary", year=year).status_code == 404
    assert Contract.objects.filter(pk=contract.pk).exists()


def test_management_reads_everything_but_writes_nothing(manager_client, contract):
    for name in ("contract_list",):
        assert manager_client.get(url(name)).status_code == 200
    for name in ("contract_detail", "contract_history", "contract_file"):
        assert manager_client.get(url(name, contract.pk)).status_code == 200, name
    assert manager_client.get(url("summary", today().year)).status_code == 200
    assert manager_client.get(url("contract_create")).status_code == 403
    assert manager_client.post(url("contract_create"), contract_post()).status_code == 403
    for name in ("contract_update", "contract_delete"):
        assert manager_client.get(url(name, contract.pk)).status_code == 403, name
        assert manager_client.post(url(name, contract.pk), {}).status_code == 403, name
    assert manager_client.post(url("summary_published", today().year), {}).status_code == 403
    page = manager_client.get(url("contract_detail", contract.pk)).content.decode()
    assert 'id="contract-edit"' not in page and 'id="contract-delete"' not in page
    assert _documents(manager_client, "pirkimai.contract",
                      contract=contract.pk).status_code == 302


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(url("contract_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("paskyros:login"))


# --- registering ------------------------------------------------------------------------------

def test_registering_from_a_purchase_is_prefilled_from_its_chosen_offer(staff, staff_client):
    purchase = surveyed_purchase(staff, prices=("990", "1100", "1250"),
                                 title="Spausdintuvų kasetės")
    response = staff_client.get(url("contract_create") + f"?purchase={purchase.pk}")
    initial = response.context["form"].initial
    offer = purchase.chosen_offer
    assert initial["supplier"] == offer.supplier_id
    assert initial["value"] == Decimal("990") and initial["subject"] == "Spausdintuvų kasetės"
    assert "planned" not in response.context["form"].fields
    page = response.content.decode()
    assert purchase.full_number in page and 'name="purchase"' in page
    response = staff_client.post(url("contract_create"), contract_post(
        purchase=purchase.pk, supplier=offer.supplier_id, supplier_name="", value="990,00",
        value_with_vat="1 197,90 €", subject="Spausdintuvų kasetės"))
    contract = Contract.objects.get()
    assert response.status_code == 302 and response["Location"] == contract.get_absolute_url()
    assert contract.value == Decimal("990.00") and contract.value_with_vat == Decimal("1197.90")
    assert Purchase.objects.get(pk=purchase.pk).status == PurchaseStatus.CONTRACTED


def test_a_contract_without_a_purchase_takes_money_typed_with_spaces_and_a_comma(staff_client):
    response = staff_client.post(url("contract_create"), contract_post(
        value="12 345,67 €", value_with_vat="14 938,26"))
    assert response.status_code == 302
    contract = Contract.objects.get()
    assert contract.value == Decimal("12345.67")
    assert contract.supplier.name == "UAB „Naujas tiekėjas“" and contract.purchase is None


@pytest.mark.parametrize("value", ["0", "0,00", "-5", "abc", "12.345,67.8"])
def test_zero_negative_or_garbled_values_are_refused_in_the_form(staff_client, value):
    response = staff_client.post(url("contract_create"), contract_post(value=value))
    assert response.status_code == 200
    assert response.context["form"].errors["value"]
    assert not Contract.objects.exists()


def test_a_purchase_not_ready_for_a_contract_is_sent_back(staff, staff_client):
    purchase = surveyed_purchase(staff, status=PurchaseStatus.SUBMITTED)
    response = staff_client.get(url("contract_create") + f"?purchase={purchase.pk}",
                                follow=True)
    assert response.redirect_chain[0][0] == purchase.get_absolute_url()
    assert "closes an approved purchase" in str(list(response.context["messages"])[0])


def test_the_warning_is_shown_and_saving_needs_the_confirmation(staff, staff_client):
    purchase = surveyed_purchase(staff, prices=("1000",))
    data = contract_post(purchase=purchase.pk, supplier=purchase.chosen_offer.supplier_id,
                         supplier_name="", value="1 500,00", value_with_vat="")
    response = staff_client.post(url("contract_create"), data)
    page = response.content.decode()
    assert response.status_code == 200 and 'id="contract-warnings"' in page
    assert "+50.0 %" in page and 'name="confirm"' in page
    assert not Contract.objects.exists()
    response = staff_client.post(url("contract_create"), {**data, "confirm": "on"})
    assert response.status_code == 302
    assert Contract.objects.get().value == Decimal("1500.00")


def test_a_file_that_is_not_what_it_claims_is_refused_in_the_form(staff_client):
    data = contract_post()
    data["file"] = SimpleUploadedFile("sutartis.pdf", b"MZ\x90\x00 an executable")
    response = staff_client.post(url("contract_create"), data)
    assert response.status_code == 200 and response.context["form"].errors["file"]
    assert not Contract.objects.exists()


def test_the_signed_copy_is_uploaded_and_downloaded_by_its_content(staff_client,
                                                                   manager_client):
    data = contract_post()
    data["file"] = SimpleUploadedFile("Sutartis (pasirašyta).pdf", pdf_bytes())
    assert staff_client.post(url("contract_create"), data).status_code == 302
    contract = Contract.objects.get()
    response = manager_client.get(url("contract_file", contract.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="Sutartis-pasirasyta.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_contract_without_a_signed_copy_has_no_file_to_download(staff, staff_client):
    contract = register(staff)
    assert staff_client.get(url("contract_file", contract.pk)).status_code == 404


# --- editing ----------------------------------------------------------------------------------

def _edit_data(contract, **changes) -> dict:
    data = contract_post(number=contract.number, supplier=contract.supplier_id,
                         supplier_name="", supplier_code="", subject=contract.subject,
                         value=str(contract.value).replace(".", ","), value_with_vat="",
                         signed_on=contract.signed_on.isoformat(), version=contract.version,
                         kind=contract.kind)
    data.update({name: str(value) for name, value in changes.items()})
    return data


def test_a_second_editor_is_refused_with_their_text_kept(staff, staff_client, contract):
    other_client = staff_client.__class__()
    other = type(staff).objects.create_user("kitas@test.lt", full_name="Kitas Darbuotojas",
                                            role="staff")
    other_client.force_login(other, backend="paskyros.backends.EmailBackend")
    opened = contract.version
    first = other_client.post(url("contract_update", contract.pk),
                              _edit_data(contract, note="Pirmasis pakeitimas", version=opened))
    assert first.status_code == 302
    second = staff_client.post(url("contract_update", contract.pk),
                               _edit_data(contract, note="Antrasis pakeitimas", version=opened))
    assert second.status_code == 200
    page = second.content.decode()
    assert "Kitas Darbuotojas saved this contract after you opened it" in page
    assert "Antrasis pakeitimas" in page
    assert Contract.objects.get(pk=contract.pk).note == "Pirmasis pakeitimas"
    assert second.context["version"] == opened + 1
    third = staff_client.post(url("contract_update", contract.pk),
                              _edit_data(contract, note="Antrasis pakeitimas",
                                         version=opened + 1))
    assert third.status_code == 302
    assert Contract.objects.get(pk=contract.pk).note == "Antrasis pakeitimas"


def test_the_history_shows_who_changed_what(staff, staff_client, contract):
    staff_client.post(url("contract_update", contract.pk),
                      _edit_data(contract, note="Pratęsta iki gruodžio"))
    page = staff_client.get(url("contract_history", contract.pk)).content.decode()
    assert "Pratęsta iki gruodžio" in page and staff.full_name in page


def test_removing_a_contract_reopens_its_purchase(staff_client, contract):
    assert staff_client.get(url("contract_delete", contract.pk)).status_code == 200
    response = staff_client.post(url("contract_delete", contract.pk))
    assert response.status_code == 302
    assert not Contract.objects.exists()
    assert Purchase.objects.get(pk=contract.purchase_id).status == PurchaseStatus.SURVEYED


# --- the register ------------------------------------------------------------------------------

def test_the_register_lists_a_years_contracts_with_sums_filters_and_ending_soon(
        staff, staff_client, settings):
    settings.PROCUREMENT_CONTRACT_ENDING_DAYS = 30
    year = today().year
    paper = supplier("UAB „Popierius“")
    soon = register(staff, supplier=paper, number="A-1", value=Decimal("100.10"),
                    value_with_vat=Decimal("121.12"), signed_on=this_year_day(5),
                    ends_on=days(10))
    later = register(staff, number="A-2", value=Decimal("200.00"), signed_on=this_year_day(3),
                     ends_on=days(90), subject="Knygos")
    invoice = register(staff, supplier=paper, number="SF-9", kind=ContractKind.INVOICE,
                       value=Decimal("50.00"), signed_on=this_year_day(1))
    old = register(staff, number="A-0", value=Decimal("999"),
                   signed_on=today().replace(year=year - 1, month=3, day=1), ends_on=days(5))

    def found(**params):
        response = staff_client.get(url("contract_list"), params)
        return response, [c.pk for c in response.context["contracts"]]

    response, pks = found()
    assert pks == [soon.pk, later.pk, invoice.pk]
    totals = response.context["totals"]
    assert (totals.contracts, totals.invoices, totals.value) == (2, 1, Decimal("350.10"))
    assert [c.pk for c in response.context["ending"]] == [old.pk, soon.pk]
    assert "350.10 €" in response.content.decode()
    assert found(year=year - 1)[1] == [old.pk]
    assert found(kind="invoice")[1] == [invoice.pk]
    assert found(supplier=paper.pk)[1] == [soon.pk, invoice.pk]
    assert found(q="knyg")[1] == [later.pk]
    response, pks = found(q="Popierius")
    assert pks == [soon.pk, invoice.pk]
    assert response.context["totals"].value == Decimal("150.10")
    assert found(sort="-value")[1] == [later.pk, soon.pk, invoice.pk]


def _grow(staff, n):
    for index in range(n):
        purchase = surveyed_purchase(staff, title=f"Pirkimas {index}")
        register(staff, purchase=purchase, number=f"G-{index}-{purchase.pk}",
                 ends_on=days(index % 40), file=None)


def test_the_register_and_a_contract_page_keep_their_query_count(staff, staff_client):
    _grow(staff, 3)
    contract = Contract.objects.first()
    with query_budget(12, "list") as small:
        staff_client.get(url("contract_list"))
    with query_budget(8, "detail") as detail_small:
        staff_client.get(url("contract_detail", contract.pk))
    _grow(staff, 27)
    with query_budget(len(small.captured_queries), "list ×10"):
        response = staff_client.get(url("contract_list"))
    assert len(response.context["contracts"]) == 30
    with query_budget(len(detail_small.captured_queries), "detail ×10"):
        staff_client.get(url("contract_detail", contract.pk))
    with query_budget(8, "history"):
        staff_client.get(url("contract_history", contract.pk))


def test_a_contract_page_shows_its_purchase_offer_and_documents(staff, staff_client, contract):
    page = staff_client.get(url("contract_detail", contract.pk)).content.decode()
    assert contract.purchase.full_number in page
    assert 'value="pirkimai.contract"' in page
    assert reverse("pirkimai:contract_file", args=[contract.pk]) in page
    assert 'id="contract-state"' in page             # ends within the window
    invoice = register(staff, kind=ContractKind.INVOICE, number="SF-1")
    page = staff_client.get(url("contract_detail", invoice.pk)).content.decode()
    assert 'value="pirkimai.contract"' not in page   # an invoice is the supplier's document


def test_the_ending_block_leaves_out_contracts_already_ended(staff, staff_client):
    signed = today().replace(year=today().year - 1, month=6, day=1)
    ended = register(staff, number="E-1", signed_on=signed, ends_on=days(-1))
    ending = register(staff, number="E-2", signed_on=signed, ends_on=today())
    response = staff_client.get(url("contract_list"))
    assert [c.pk for c in response.context["ending"]] == [ending.pk]
    assert ended.pk not in {c.pk for c in response.context["ending"]}
