"""The pages of a plan's lines: a new line typed as people type ("12 345,67 €"), the
threshold warning confirmed on the page, the splitting warning said after saving, "save
and add another", a line changed by two editors at once (the second keeps their text and
learns who saved first), a line deleted (its purchases named and kept), an approved plan
amended; the form's page in its query budget."""

from decimal import Decimal

import pytest
from django.urls import reverse

from pirkimai.models import PlannedPurchase, PlanStatus, Purchase
from pirkimai.tests.factories import make_cpv, make_plan, make_planned, make_purchase
from pirkimai.tests.factories_plan import client_of, line_fields, load_codes, plan_of_size
from portalas.testing import query_budget

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    settings.PROCUREMENT_LOW_VALUE_GOODS_SERVICES = 70_000
    settings.PROCUREMENT_WARNING_PERCENT = 80


@pytest.fixture
def plan(db):
    load_codes()
    return make_plan(2026)


def url(name, *args):
    return reverse(f"pirkimai:{name}", args=args)


def test_a_new_line_is_saved_from_the_typed_value_and_shown_in_its_quarter(plan, staff,
                                                                          staff_client):
    form = staff_client.get(url("planned_create", 2026), {"quarter": "3"}).context["form"]
    assert form["quarter"].value() == 3 and form["responsible"].value() == staff.pk
    response = staff_client.post(url("planned_create", 2026), line_fields(
        responsible=str(staff.pk), note="Pagal poreikį"))
    line = PlannedPurchase.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#p{line.pk}")
    assert (line.estimated_value, line.quarter, line.cpv.code, line.responsible) == (
        Decimal("12345.67"), 2, "22110000-4", staff)
    assert line.history.get().history_user == staff
    page = staff_client.get(url("plan_detail", 2026)).content.decode()
    assert "12,345.67" in page and "Pagal poreikį" in page


def test_bad_input_keeps_the_page_with_the_errors_and_saves_nothing(plan, staff_client):
    response = staff_client.post(url("planned_create", 2026), line_fields(
        estimated_value="-5", cpv="123", title=""))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"estimated_value", "cpv", "title"}
    assert "Nothing has been saved" in response.content.decode()
    assert not PlannedPurchase.objects.exists()


def test_a_line_at_the_threshold_is_saved_once_the_method_is_confirmed(plan, staff_client):
    fields = line_fields(estimated_value="75 000")
    response = staff_client.post(url("planned_create", 2026), fields)
    page = response.content.decode()
    assert response.status_code == 200 and 'id="plan-line-warning"' in page
    assert "At or above the low-value threshold" in page and 'name="confirm_method"' in page
    assert not PlannedPurchase.objects.exists()
    response = staff_client.post(url("planned_create", 2026), {**fields,
                                                                "confirm_method": "on"})
    assert response.status_code == 302 and PlannedPurchase.objects.count() == 1
    follow = staff_client.get(response["Location"]).content.decode()
    assert "at or over the threshold" in follow


def test_a_line_bringing_its_code_near_the_threshold_is_saved_and_said(plan, staff_client):
    make_planned(plan, cpv=make_cpv("22110000-4"), value="50000")
    response = staff_client.post(url("planned_create", 2026),
                                 line_fields(estimated_value="8 000"), follow=True)
    page = response.content.decode()
    assert PlannedPurchase.objects.count() == 2
    assert "come to 58,000.00 €, 82.9 % of the threshold" in page


def test_save_and_add_another_opens_a_new_form_for_the_same_quarter(plan, staff_client):
    response = staff_client.post(url("planned_create", 2026),
                                 {**line_fields(quarter="4"), "another": "1"})
    assert response["Location"] == url("planned_create", 2026) + "?quarter=4"


def test_two_editors_of_one_line_the_second_keeps_their_text_and_learns_who(plan, staff,
                                                                             staff_client):
    line = make_planned(plan, title="Knygos")
    colleague = client_of(staff.__class__.objects.create_user(
        email="kolege@test.lt", password="x", role="staff", full_name="Jūratė Kolegė"))
    first = colleague.post(url("planned_update", line.pk), {
        **line_fields(title="Knygos (kolegės)"), "version": "1"})
    assert first.status_code == 302
    response = staff_client.post(url("planned_update", line.pk), {
        **line_fields(title="Knygos (mano)"), "version": "1"})
    assert response.status_code == 200
    assert response.context["form"]["title"].value() == "Knygos (mano)"
    assert "Jūratė Kolegė saved this line after you opened it" in response.content.decode()
    stored = PlannedPurchase.objects.get(pk=line.pk)
    assert (stored.title, stored.version) == ("Knygos (kolegės)", 2)
    again = staff_client.post(url("planned_update", line.pk), {
        **line_fields(title="Knygos (mano)"), "version": "2"})
    assert again.status_code == 302
    assert PlannedPurchase.objects.get(pk=line.pk).title == "Knygos (mano)"


def test_an_edit_form_without_its_version_never_overwrites(plan, staff_client):
    line = make_planned(plan, title="Knygos")
    response = staff_client.post(url("planned_update", line.pk), line_fields(title="Kita"))
    assert response.status_code == 200
    assert PlannedPurchase.objects.get(pk=line.pk).title == "Knygos"


def test_deleting_a_line_names_its_purchases_and_keeps_them(plan, staff, staff_client):
    line = make_planned(plan, title="Knygos fondui")
    purchase = make_purchase(by=staff, planned=line, title="Knygų pirkimas")
    page = staff_client.get(url("planned_delete", line.pk)).content.decode()
    assert 'id="planned-delete-purchases"' in page and "Knygų pirkimas" in page
    response = staff_client.post(url("planned_delete", line.pk), follow=True)
    assert "has been deleted from the plan" in response.content.decode()
    assert "purchases made under it stay" in response.content.decode()
    assert not PlannedPurchase.objects.exists()
    assert Purchase.objects.get(pk=purchase.pk).planned is None


def test_an_approved_plan_is_amended_and_the_page_says_so(staff_client):
    load_codes()
    plan = make_plan(2026, status=PlanStatus.APPROVED)
    line = make_planned(plan)
    page = staff_client.get(url("planned_update", line.pk)).content.decode()
    assert "amendment of the approved plan" in page
    response = staff_client.post(url("planned_update", line.pk), {
        **line_fields(estimated_value="6 000"), "version": "1"})
    assert response.status_code == 302
    assert PlannedPurchase.objects.get(pk=line.pk).estimated_value == Decimal("6000")


def test_the_line_forms_keep_their_query_budget(staff, staff_client):
    plan = plan_of_size(2026, 50, by=staff)
    line = plan.purchases.first()
    staff_client.get(url("planned_update", line.pk))
    with query_budget(14, "a line's form"):
        assert staff_client.get(url("planned_update", line.pk)).status_code == 200
    with query_budget(12, "a new line's form"):
        assert staff_client.get(url("planned_create", 2026)).status_code == 200
    with query_budget(12, "a line's deletion"):
        assert staff_client.get(url("planned_delete", line.pk)).status_code == 200
