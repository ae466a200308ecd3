"""The contracts' services: registering closes the purchase once; the values, dates,
numbers and files refused; the warnings (a value above the low-value threshold of a
low-value purchase, a value far from the chosen offer) confirmed, not refused; two editors;
removing a contract reopens its purchase; the summary marked published once."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from bibliotekos.models import Organisation, OrganisationKind
from pirkimai import services_contracts as services
from pirkimai.models import (
    Contract,
    ContractKind,
    Method,
    PlanStatus,
    Purchase,
    PurchaseKind,
    PurchaseStatus,
)
from pirkimai.tests.factories import make_plan, make_planned, make_purchase, manager, staff
from pirkimai.tests.factories_contracts import (
    days,
    docx_bytes,
    pdf_bytes,
    register,
    supplier,
    surveyed_purchase,
    this_year_day,
    today,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def preparer():
    return staff(full_name="Rūta Žemaitienė")


# --- the purchase -----------------------------------------------------------------------------

def test_registering_a_surveyed_purchases_contract_concludes_the_purchase(preparer):
    purchase = surveyed_purchase(preparer)
    contract = register(preparer, purchase=purchase, value=Decimal("1000.00"))
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.CONTRACTED
    assert contract.purchase == purchase and contract.supplier == purchase.chosen_offer.supplier
    assert purchase.history.first().history_user == preparer
    assert contract.history.first().history_user == preparer
    assert contract.created_by == preparer


def test_an_approved_purchase_without_a_survey_may_be_contracted(preparer):
    purchase = surveyed_purchase(preparer, prices=(), status=PurchaseStatus.APPROVED)
    register(preparer, purchase=purchase, supplier=supplier())
    assert Purchase.objects.get(pk=purchase.pk).status == PurchaseStatus.CONTRACTED


@pytest.mark.parametrize("status", [PurchaseStatus.DRAFT, PurchaseStatus.SUBMITTED,
                                    PurchaseStatus.RETURNED, PurchaseStatus.CANCELLED,
                                    PurchaseStatus.CONTRACTED])
def test_a_purchase_not_approved_or_surveyed_is_refused(preparer, status):
    purchase = make_purchase(by=preparer, year=today().year, status=status)
    with pytest.raises(services.Refused) as refused:
        register(preparer, purchase=purchase, supplier=supplier())
    assert refused.value.code == "purchase"
    assert not Contract.objects.exists()
    assert Purchase.objects.get(pk=purchase.pk).status == status


def test_the_second_contract_of_the_same_purchase_at_once_is_refused(preparer):
    purchase = surveyed_purchase(preparer)
    seen_by_second = Purchase.objects.get(pk=purchase.pk)      # opened before the first saved
    register(preparer, purchase=purchase, number="S-1")
    with pytest.raises(services.Refused) as refused:
        register(preparer, purchase=seen_by_second, number="S-2")
    assert refused.value.code == "purchase"
    assert "Contract concluded" in " ".join(refused.value.messages)
    assert Contract.objects.count() == 1


def test_management_cannot_register_or_edit(preparer):
    boss = manager()
    with pytest.raises(PermissionDenied):
        register(boss)
    contract = register(preparer)
    with pytest.raises(PermissionDenied):
        services.update_contract(contract=contract, by=boss, version=contract.version,
                                 note="x")


# --- values -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("field", "values"), [
    ("value", {"value": Decimal("0")}),
    ("value", {"value": Decimal("-5")}),
    ("value_with_vat", {"value": Decimal("100"), "value_with_vat": Decimal("99.99")}),
    ("ends_on", {"signed_on": this_year_day(0),
                 "ends_on": this_year_day(0) - timedelta(days=1)}),
    ("signed_on", {"signed_on": days(1)}),
    ("number", {"number": "   "}),
    ("subject", {"subject": ""}),
])
def test_bad_values_are_refused_per_field(preparer, field, values):
    with pytest.raises(services.Refused) as refused:
        register(preparer, **values)
    assert field in refused.value.message_dict
    assert not Contract.objects.exists()


def test_the_same_suppliers_number_twice_is_refused_but_another_suppliers_is_not(preparer):
    first = supplier()
    register(preparer, supplier=first, number="A-7")
    with pytest.raises(services.Refused) as refused:
        register(preparer, supplier=first, number="a-7")
    assert "number" in refused.value.message_dict
    register(preparer, supplier=first, number="A-7", kind=ContractKind.INVOICE)
    register(preparer, supplier=supplier(), number="A-7")
    assert Contract.objects.count() == 3


def test_a_new_supplier_typed_by_name_joins_the_list_once(preparer):
    contract = register(preparer, supplier=None, supplier_name="  UAB  „Ąžuolas“ ",
                        supplier_code="304111222")
    assert contract.supplier.name == "UAB „Ąžuolas“"
    assert contract.supplier.kind == OrganisationKind.BUSINESS
    again = register(preparer, supplier=None, supplier_name="uab „ąžuolas“", number="S-2")
    assert again.supplier == contract.supplier
    assert Organisation.objects.filter(name__iexact="UAB „Ąžuolas“").count() == 1


def test_without_a_supplier_nothing_is_registered(preparer):
    with pytest.raises(services.Refused) as refused:
        services.register_contract(by=preparer, kind="contract", number="S-1",
                                   signed_on=today(), subject="X", value=Decimal("10"))
    assert "supplier" in refused.value.message_dict


# --- warnings ---------------------------------------------------------------------------------

def test_a_value_above_the_threshold_of_a_low_value_purchase_is_warned_then_confirmed(
        preparer, settings):
    settings.PROCUREMENT_LOW_VALUE_GOODS_SERVICES = 70_000
    purchase = surveyed_purchase(preparer, prices=("71000",), value="69000")
    with pytest.raises(services.Warned) as warned:
        register(preparer, purchase=purchase, value=Decimal("71000"))
    assert "low-value threshold" in warned.value.warnings[0]
    assert "70,000.00" in warned.value.warnings[0] or "70 000,00" in warned.value.warnings[0]
    assert Purchase.objects.get(pk=purchase.pk).status == PurchaseStatus.SURVEYED
    register(preparer, purchase=purchase, value=Decimal("71000"), confirmed=True)
    assert Purchase.objects.get(pk=purchase.pk).status == PurchaseStatus.CONTRACTED


def test_works_have_their_own_threshold(preparer, settings):
    settings.PROCUREMENT_LOW_VALUE_WORKS = 174_000
    purchase = surveyed_purchase(preparer, prices=("100000",), kind=PurchaseKind.WORKS)
    register(preparer, purchase=purchase, value=Decimal("100000"))    # no warning
    assert Contract.objects.count() == 1


def test_a_purchase_planned_by_an_open_procedure_is_not_warned(preparer):
    plan = make_plan(today().year, status=PlanStatus.APPROVED)
    line = make_planned(plan, value="90000", method=Method.OPEN)
    purchase = surveyed_purchase(preparer, prices=("85000",), planned=line)
    assert services.contract_warnings(value=Decimal("85000"), purchase=purchase) == []
    register(preparer, purchase=purchase, value=Decimal("85000"))
    assert Contract.objects.get().planned == line


def test_a_contract_without_a_purchase_on_a_low_value_plan_line_is_warned(preparer):
    plan = make_plan(today().year)
    line = make_planned(plan, value="60000", method=Method.LOW_VALUE)
    with pytest.raises(services.Warned):
        register(preparer, planned=line, value=Decimal("75000"))
    assert services.contract_warnings(value=Decimal("75000"), planned=None) == []


def test_a_value_far_from_the_chosen_offer_is_warned(preparer):
    purchase = surveyed_purchase(preparer, prices=("1000", "1200"))
    assert services.contract_warnings(value=Decimal("1100"), purchase=purchase) == []
    warnings = services.contract_warnings(value=Decimal("1300"), purchase=purchase)
    assert len(warnings) == 1 and "+30.0 %" in warnings[0]
    with pytest.raises(services.Warned):
        register(preparer, purchase=purchase, value=Decimal("1300"))


def test_an_edit_changing_the_value_is_warned_again(preparer):
    purchase = surveyed_purchase(preparer, prices=("1000",))
    contract = register(preparer, purchase=purchase)
    with pytest.raises(services.Warned):
        services.update_contract(contract=contract, by=preparer, version=contract.version,
                                 value=Decimal("2000"))
    saved = services.update_contract(contract=contract, by=preparer, version=contract.version,
                                     value=Decimal("2000"), confirmed=True)
    assert saved.value == Decimal("2000") and saved.version == contract.version + 1


# --- edits ------------------------------------------------------------------------------------

def test_the_second_of_two_editors_is_refused(preparer):
    contract = register(preparer)
    opened = contract.version
    services.update_contract(contract=contract, by=preparer, version=opened, note="Pirmas")
    with pytest.raises(services.Refused) as refused:
        services.update_contract(contract=contract, by=staff(), version=opened, note="Antras")
    assert refused.value.code == "stale"
    assert Contract.objects.get(pk=contract.pk).note == "Pirmas"


def test_the_purchase_of_a_contract_never_changes(preparer):
    contract = register(preparer)
    with pytest.raises(TypeError):
        services.update_contract(contract=contract, by=preparer, version=contract.version,
                                 purchase=surveyed_purchase(preparer))


# --- files ------------------------------------------------------------------------------------

def test_a_signed_copy_is_stored_and_a_new_one_replaces_it(preparer,
                                                          django_capture_on_commit_callbacks):
    contract = register(preparer, file=pdf_bytes(), file_name="Sutartis Nr. 1 (pasirašyta).pdf")
    first = contract.file.name
    assert contract.file_name == "Sutartis Nr. 1 (pasirašyta).pdf"
    assert first.endswith("Sutartis-Nr-1-pasirasyta.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        contract = services.update_contract(contract=contract, by=preparer,
                                            version=contract.version, file=docx_bytes(),
                                            file_name="sutartis.docx")
    assert contract.file.name.endswith(".docx")
    assert not contract.file.storage.exists(first)


@pytest.mark.parametrize(("data", "name", "says"), [
    (b"", "tuscia.pdf", "empty"),
    (b"not a pdf at all", "sutartis.pdf", "PDF, DOCX, JPG or PNG"),
    (b"%PDF-1.4\n%%EOF\n", "sutartis.docx", "content is PDF"),
    (b"PK\x03\x04zip but not office", "sutartis.docx", "PDF, DOCX, JPG or PNG"),
])
def test_bad_files_are_refused(preparer, data, name, says):
    with pytest.raises(services.Refused) as refused:
        register(preparer, file=data, file_name=name)
    assert says in " ".join(refused.value.message_dict["file"])
    assert not Contract.objects.exists()


def test_a_file_over_the_limit_is_refused(preparer, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(services.Refused) as refused:
        register(preparer, file=b"%PDF-1.4\n" + b"0" * 2048, file_name="a.pdf")
    assert "larger than" in " ".join(refused.value.message_dict["file"])


# --- removing ---------------------------------------------------------------------------------

def test_removing_the_last_contract_reopens_the_purchase(preparer,
                                                        django_capture_on_commit_callbacks):
    purchase = surveyed_purchase(preparer)
    contract = register(preparer, purchase=purchase, file=pdf_bytes(), file_name="s.pdf")
    stored = contract.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_contract(contract=contract, by=preparer)
    assert not Contract.objects.exists()
    assert Purchase.objects.get(pk=purchase.pk).status == PurchaseStatus.SURVEYED
    assert not contract.file.storage.exists(stored)
    assert Contract.history.filter(history_type="-").first().history_user == preparer
    with pytest.raises(services.Refused):
        services.delete_contract(contract=contract, by=preparer)


# --- the summary ------------------------------------------------------------------------------

def test_the_summary_is_marked_published_once_and_the_mark_can_be_taken_back(preparer):
    plan = make_plan(today().year)
    services.mark_summary_published(year=plan.year, by=preparer, published_on=today())
    plan.refresh_from_db()
    assert plan.summary_published_on == today()
    assert plan.history.first().history_user == preparer
    with pytest.raises(services.Refused) as refused:
        services.mark_summary_published(year=plan.year, by=preparer, published_on=today())
    assert refused.value.code == "published"
    services.clear_summary_published(year=plan.year, by=preparer)
    plan.refresh_from_db()
    assert plan.summary_published_on is None


def test_the_summary_cannot_be_published_in_the_future_or_without_a_plan(preparer):
    make_plan(today().year)
    with pytest.raises(services.Refused):
        services.mark_summary_published(year=today().year, by=preparer, published_on=days(1))
    with pytest.raises(services.Refused) as refused:
        services.mark_summary_published(year=today().year + 1, by=preparer,
                                        published_on=today())
    assert refused.value.code == "no_plan"
    with pytest.raises(PermissionDenied):
        services.mark_summary_published(year=today().year, by=manager(),
                                        published_on=today())
