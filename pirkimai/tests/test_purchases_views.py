"""The purchases' pages per role: staff prepare (the list, a new request typed as
"12 345,67 €", its edit, submitting it, the supplier survey), management approve or return
(and a second approval is refused with a message), a librarian gets a 404 on every page;
two editors at once; the query budgets of the list and the page with ten times the data."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from pirkimai import services_purchases as services
from pirkimai.models import Purchase, PurchaseStatus, SupplierOffer
from pirkimai.services_purchases import OfferRow
from pirkimai.tests.factories import make_cpv, make_plan, make_planned
from pirkimai.tests.factories_purchases import (
    approved,
    request,
    request_post,
    submitted,
    suppliers,
    survey_post,
    surveyed,
    today,
    url,
)
from portalas.testing import count_queries, query_budget
from projektai.models import ProjectStatus
from projektai.tests.factories import make_project
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROUTES = ("purchase_detail", "purchase_update", "purchase_submit", "purchase_approve",
          "purchase_return", "purchase_survey", "purchase_cancel", "purchase_history")


@pytest.fixture(autouse=True)
def _english(settings):
    """The pages in English (the source strings), whatever the catalogue holds."""
    settings.LANGUAGE_CODE = "en"


def page(response) -> str:
    return response.content.decode()


# --- who reaches what --------------------------------------------------------------------------

def test_a_librarian_gets_404_on_every_page(staff, manager, client_a):
    purchase = surveyed(staff, manager)
    for name in ("purchase_list", "purchase_create"):
        assert client_a.get(url(name)).status_code == 404, name
    for name in ROUTES:
        got = {client_a.get(url(name, purchase.pk)).status_code,
               client_a.post(url(name, purchase.pk), {}).status_code}
        assert got in ({404}, {404, 405}), (name, got)
    assert client_a.get(url("purchase_list") + "?export=xlsx").status_code == 404


def test_staff_and_management_read_every_purchase(staff, manager, staff_client,
                                                  manager_client):
    purchase = request(staff)
    for client in (staff_client, manager_client):
        assert client.get(url("purchase_list")).status_code == 200
        response = client.get(url("purchase_detail", purchase.pk))
        assert response.status_code == 200
        assert purchase.full_number in page(response)
        assert client.get(url("purchase_history", purchase.pk)).status_code == 200


def test_management_may_not_prepare_and_staff_may_not_approve(staff, manager, staff_client,
                                                              manager_client):
    assert manager_client.get(url("purchase_create")).status_code == 403
    purchase = submitted(staff)
    assert manager_client.get(url("purchase_update", purchase.pk)).status_code == 403
    assert manager_client.post(url("purchase_submit", purchase.pk)).status_code == 403
    assert staff_client.post(url("purchase_approve", purchase.pk)).status_code == 403
    assert staff_client.get(url("purchase_return", purchase.pk)).status_code == 403
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.SUBMITTED
    assert staff_client.get(url("purchase_submit", purchase.pk)).status_code == 405


# --- the request -------------------------------------------------------------------------------

def test_staff_file_a_request_typed_with_spaces_and_a_comma(staff, staff_client):
    response = staff_client.post(url("purchase_create"),
                                 request_post(estimated_value="12 345,67 €"))
    purchase = Purchase.objects.get()
    assert response.status_code == 302 and response["Location"] == url("purchase_detail",
                                                                         purchase.pk)
    assert purchase.estimated_value == Decimal("12345.67")
    assert (purchase.status, purchase.requested_by, purchase.number) == (
        PurchaseStatus.DRAFT, staff, 1)


@pytest.mark.parametrize("value", ["0", "-5", "0,00 €", "abc", ""])
def test_a_bad_value_is_refused_on_the_form(staff_client, value):
    response = staff_client.post(url("purchase_create"), request_post(estimated_value=value))
    assert response.status_code == 200
    assert "estimated_value" in response.context["form"].errors
    assert not Purchase.objects.exists()


def test_the_new_request_is_filled_in_from_a_project_and_a_plan_line(staff, staff_client):
    project = make_project(by=staff, status=ProjectStatus.RUNNING, title="Akademija")
    line = make_planned(make_plan(today().year), title="Kasetės", value="3000")
    response = staff_client.get(url("purchase_create") + f"?project={project.pk}"
                                f"&planned={line.pk}")
    form = response.context["form"]
    assert form.initial["project"] == project.pk
    assert form.initial["funding"] == "project"
    assert (form.initial["planned"], form.initial["title"]) == (line.pk, "Kasetės")
    assert project.title in page(response)
    for bad in (f"{project.pk}x", "999999", ""):
        response = staff_client.get(url("purchase_create") + f"?project={bad}")
        assert "project" not in response.context["form"].initial


def test_a_request_linked_to_a_project_is_saved_with_it(staff, staff_client):
    project = make_project(by=staff, status=ProjectStatus.RUNNING, title="Akademija")
    line = project.budget_lines.create(code="3", title="Mokymų priemonės", planned=5000)
    response = staff_client.post(url("purchase_create"), request_post(
        funding="project", project=project.pk, project_budget_line=line.pk))
    assert response.status_code == 302
    purchase = Purchase.objects.get()
    assert (purchase.project, purchase.project_budget_line) == (project, line)


def test_the_splitting_warning_is_confirmed_on_the_form(staff, staff_client, settings):
    settings.PROCUREMENT_WARNING_PERCENT = 80
    cpv = make_cpv("30190000-7")
    request(staff, cpv=cpv, estimated_value=Decimal("60000"))
    response = staff_client.post(url("purchase_create"),
                                 request_post(cpv=cpv, estimated_value="5 000"))
    assert response.status_code == 200
    assert "split into low-value parts" in page(response)
    assert 'name="confirm_threshold"' in page(response)
    assert Purchase.objects.count() == 1
    response = staff_client.post(url("purchase_create"), request_post(
        cpv=cpv, estimated_value="5 000", confirm_threshold="on"))
    assert response.status_code == 302
    purchase = Purchase.objects.get(number=2)
    assert purchase.threshold_confirmed
    detail = page(staff_client.get(url("purchase_detail", purchase.pk)))
    assert 'id="purchase-threshold"' in detail
    assert "The requester has confirmed the warning." in detail


def test_a_second_editor_is_refused_with_their_text_kept(staff, staff_client):
    purchase = request(staff)
    colleague = UserFactory(role="staff", full_name="Jonas Kolega")
    services.update_request(purchase=purchase, by=colleague, version=1, title="Kolegos")
    data = request_post(title="Mano objektas", version=1)
    response = staff_client.post(url("purchase_update", purchase.pk), data)
    assert response.status_code == 200
    assert "Jonas Kolega saved this request after you opened it" in page(response)
    assert "Mano objektas" in page(response)
    purchase.refresh_from_db()
    assert purchase.title == "Kolegos"
    response = staff_client.post(url("purchase_update", purchase.pk),
                                 request_post(title="Mano objektas", version=2))
    assert response.status_code == 302
    purchase.refresh_from_db()
    assert (purchase.title, purchase.number) == ("Mano objektas", 1)


def test_a_submitted_request_is_not_edited(staff, staff_client):
    purchase = submitted(staff)
    response = staff_client.get(url("purchase_update", purchase.pk))
    assert response.status_code == 302
    response = staff_client.post(url("purchase_update", purchase.pk),
                                 request_post(title="Kita", version=purchase.version))
    assert response.status_code == 302
    purchase.refresh_from_db()
    assert purchase.title != "Kita"


# --- the moves ---------------------------------------------------------------------------------

def test_staff_submit_and_management_approve_once(staff, manager, staff_client,
                                                 manager_client):
    purchase = request(staff)
    assert staff_client.post(url("purchase_submit", purchase.pk)).status_code == 302
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.SUBMITTED
    detail = page(manager_client.get(url("purchase_detail", purchase.pk)))
    assert 'id="purchase-approve"' in detail
    response = manager_client.post(url("purchase_approve", purchase.pk), {"note": "Pritariu"})
    assert response.status_code == 302
    purchase.refresh_from_db()
    assert (purchase.status, purchase.decided_by, purchase.decision_note) == (
        PurchaseStatus.APPROVED, manager, "Pritariu")
    response = manager_client.post(url("purchase_approve", purchase.pk), follow=True)
    assert "has already been approved" in page(response)
    assert purchase.history.filter(status=PurchaseStatus.APPROVED).count() == 1


def test_management_return_a_request_with_a_comment_the_requester_sees(
        staff, manager, staff_client, manager_client):
    purchase = submitted(staff)
    assert manager_client.get(url("purchase_return", purchase.pk)).status_code == 200
    response = manager_client.post(url("purchase_return", purchase.pk), {"comment": " "})
    assert response.status_code == 200 and response.context["form"].errors
    response = manager_client.post(url("purchase_return", purchase.pk),
                                   {"comment": "Nurodykite kiekį."})
    assert response.status_code == 302
    detail = page(staff_client.get(url("purchase_detail", purchase.pk)))
    assert "Returned for correction:" in detail and "Nurodykite kiekį." in detail
    assert 'id="purchase-edit"' in detail
    home = page(staff_client.get("/"))
    assert "Nurodykite kiekį." in home


def test_a_purchase_is_cancelled_with_the_reason(staff, manager, staff_client):
    purchase = approved(staff, manager)
    response = staff_client.post(url("purchase_cancel", purchase.pk), {"reason": ""})
    assert response.status_code == 200
    response = staff_client.post(url("purchase_cancel", purchase.pk),
                                 {"reason": "Gauta parama."})
    assert response.status_code == 302
    purchase.refresh_from_db()
    assert (purchase.status, purchase.cancelled_reason) == (PurchaseStatus.CANCELLED,
                                                            "Gauta parama.")
    detail = page(staff_client.get(url("purchase_detail", purchase.pk)))
    assert "Gauta parama." in detail and 'id="purchase-cancel"' not in detail
    assert staff_client.get(url("purchase_cancel", purchase.pk)).status_code == 302


# --- the survey --------------------------------------------------------------------------------

def test_the_survey_waits_for_the_approval(staff, staff_client):
    purchase = submitted(staff)
    assert staff_client.get(url("purchase_survey", purchase.pk)).status_code == 302


def test_the_survey_proposes_the_cheapest_and_the_user_confirms_it(staff, manager,
                                                                  staff_client):
    purchase = approved(staff, manager)
    response = staff_client.get(url("purchase_survey", purchase.pk))
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 3
    first, second, third = suppliers(3)
    offered = [{"supplier": first.pk, "price": "1 450,00", "price_with_vat": "1 754,50"},
               {"supplier": second.pk, "price": "1 180,50 €", "price_with_vat": "1428,41"},
               {"supplier": third.pk, "price": "1320.00"}]
    response = staff_client.post(url("purchase_survey", purchase.pk),
                                 survey_post(purchase, offered, reason=""))
    assert response.status_code == 200
    assert response.context["proposal"] == 1
    assert 'id="id_chosen_1" checked' in page(response)
    assert "The lowest price among the offers received." in page(response)
    assert not SupplierOffer.objects.exists()
    response = staff_client.post(url("purchase_survey", purchase.pk),
                                 survey_post(purchase, offered, chosen=1))
    assert response.status_code == 302
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.SURVEYED
    assert purchase.chosen_offer.supplier == second
    assert purchase.chosen_offer.price == Decimal("1180.50")
    detail = page(staff_client.get(url("purchase_detail", purchase.pk)))
    assert "pirkimai.survey" in detail


def test_a_dearer_choice_under_the_lowest_price_is_refused_on_the_page(staff, manager,
                                                                      staff_client):
    purchase = approved(staff, manager)
    first, second = suppliers(2)
    offered = [{"supplier": first.pk, "price": "900"}, {"supplier": second.pk,
                                                         "price": "1000"}]
    response = staff_client.post(url("purchase_survey", purchase.pk),
                                 survey_post(purchase, offered, chosen=1))
    assert response.status_code == 200
    assert "the cheapest offer is chosen" in page(response)
    assert not SupplierOffer.objects.exists()


def test_a_new_supplier_is_added_in_the_survey_form(staff, manager, staff_client):
    purchase = approved(staff, manager)
    (known,) = suppliers(1)
    offered = [{"supplier": known.pk, "price": "1000"},
               {"new_name": "UAB „Šviesos spauda“", "new_code": "304111222",
                "price": "950,00", "asked_how": "phone"},
               {"new_name": "UAB „Tylūs“", "answered": "", "note": "Neatsakė"}]
    response = staff_client.post(url("purchase_survey", purchase.pk),
                                 survey_post(purchase, offered, action="save"))
    assert response.status_code == 302
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.APPROVED
    names = list(purchase.offers.order_by("position").values_list("supplier__name",
                                                                  "answered"))
    assert names == [(known.name, True), ("UAB „Šviesos spauda“", True), ("UAB „Tylūs“",
                                                                           False)]


@pytest.mark.parametrize(("price", "message"), [
    ("0", "The sum must be more than zero."), ("-5", "The sum must be more than zero."),
    ("abc", "Enter a number.")])
def test_a_bad_price_is_refused_in_the_survey_form(staff, manager, staff_client, price,
                                                   message):
    purchase = approved(staff, manager)
    (known,) = suppliers(1)
    response = staff_client.post(url("purchase_survey", purchase.pk), survey_post(
        purchase, [{"supplier": known.pk, "price": price}], action="save"))
    assert response.status_code == 200
    assert message in page(response)
    assert not SupplierOffer.objects.exists()


def test_a_row_is_added_keeping_what_was_typed(staff, manager, staff_client):
    purchase = approved(staff, manager)
    data = survey_post(purchase, [{"new_name": "UAB „Pirmas“", "price": "100"}],
                       action="add_row")
    response = staff_client.post(url("purchase_survey", purchase.pk), data)
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 2
    assert "UAB „Pirmas“" in page(response)
    assert not SupplierOffer.objects.exists()


def test_two_editors_of_the_survey_the_second_is_refused(staff, manager, staff_client):
    purchase = approved(staff, manager)
    mine, theirs = suppliers(2)
    data = survey_post(purchase, [{"supplier": mine.pk, "price": "700"}], action="save")
    colleague = UserFactory(role="staff", full_name="Jonas Kolega")
    services.record_survey(purchase=purchase, by=colleague, version=purchase.version,
                           method="written", surveyed_on=today(), criterion="price",
                           rows=[OfferRow(supplier=theirs, asked_on=today(),
                                          asked_how="email", price=Decimal("650"))])
    response = staff_client.post(url("purchase_survey", purchase.pk), data)
    assert response.status_code == 200
    assert "Jonas Kolega saved this purchase after you opened the survey" in page(response)
    assert f'value="{mine.pk}" selected' in page(response)
    assert list(SupplierOffer.objects.values_list("supplier", flat=True)) == [theirs.pk]
    data["version"] = str(response.context["version"])
    assert staff_client.post(url("purchase_survey", purchase.pk), data).status_code == 302
    assert list(SupplierOffer.objects.values_list("supplier", flat=True)) == [mine.pk]


# --- the list ----------------------------------------------------------------------------------

def test_the_list_filters_by_status_year_code_and_number(staff, manager, staff_client):
    books = make_cpv("22110000-4")
    first = request(staff, title="Knygos vaikams", cpv=books)
    approved(staff, manager, title="Popierius")
    request(staff, title="Senas pirkimas", year=today().year - 1)
    listed = page(staff_client.get(url("purchase_list") + "?status=approved"))
    assert "Popierius" in listed and "Knygos vaikams" not in listed
    listed = page(staff_client.get(url("purchase_list") + f"?cpv={books.pk}"))
    assert "Knygos vaikams" in listed and "Popierius" not in listed
    listed = page(staff_client.get(url("purchase_list") + f"?year={today().year - 1}"))
    assert "Senas pirkimas" in listed and "Popierius" not in listed
    listed = page(staff_client.get(url("purchase_list") + f"?q={first.full_number}"))
    assert "Knygos vaikams" in listed and "Popierius" not in listed


def test_the_filtered_list_exports_with_the_chosen_supplier(staff, manager, staff_client):
    import io

    from openpyxl import load_workbook

    surveyed(staff, manager, title="Spausdintuvai")
    request(staff, title="Kita")
    response = staff_client.get(url("purchase_list") + "?status=surveyed&export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    header, row = rows
    assert row[header.index("Object of the purchase")] == "Spausdintuvai"
    assert row[header.index("Supplier chosen")] == "UAB „Kanceliarinės prekės“"
    assert Decimal(str(row[header.index("Price without VAT, EUR")])) == Decimal("1180.50")


def _grow(staff, manager, n: int) -> None:
    project = make_project(by=staff, status=ProjectStatus.RUNNING,
                           title=f"Projektas {n}")
    for index in range(n):
        people = [UserFactory(role="staff") for _ in range(2)]
        purchase = request(people[index % 2], title=f"Pirkimas {n}-{index}",
                           cpv=make_cpv(("30190000-7", "22110000-4", "79952000-2")[index % 3]),
                           funding="project", project=project)
        if index % 2:
            services.submit(purchase=purchase, by=people[1], confirmed=True)


def test_the_list_and_the_page_keep_their_query_budgets(staff, manager, staff_client):
    _grow(staff, manager, 3)
    small = count_queries(lambda: staff_client.get(url("purchase_list")))
    _grow(staff, manager, 27)
    with query_budget(small, "purchase list ×10"):
        assert staff_client.get(url("purchase_list")).status_code == 200
    assert small <= 15
    with query_budget(12, "purchase list, filtered"):
        staff_client.get(url("purchase_list") + "?status=submitted&q=Pirkimas")
    purchase = surveyed(staff, manager)
    with query_budget(14, "purchase page"):
        assert staff_client.get(url("purchase_detail", purchase.pk)).status_code == 200
    with query_budget(12, "survey page"):
        assert staff_client.get(url("purchase_survey", purchase.pk)).status_code == 200
    with query_budget(8, "export of the list"):
        assert staff_client.get(url("purchase_list") + "?export=xlsx").status_code == 200


def test_the_page_shows_the_timeline_and_the_offers(staff, manager, staff_client):
    purchase = surveyed(staff, manager)
    detail = page(staff_client.get(url("purchase_detail", purchase.pk)))
    assert 'id="purchase-timeline"' in detail
    assert "Supplier chosen" in detail and 'aria-current="step"' in detail
    assert detail.count("data-offer=") == 3
    assert "UAB „Kanceliarinės prekės“" in detail
    assert timezone.localdate().isoformat() in detail
    assert isinstance(purchase.surveyed_on, datetime.date)
