"""The plan's pages: the plans by year, a new year's plan (with last year's lines), a plan's
page (its lines by quarter, the totals by CPV code with the splitting warnings, the
totals by method, the documents), its note (two editors at once), its approval (once, by
management), its history (the amendments after the approval marked); who sees what — staff
edit, management read and approve (403 on the edits), a territory librarian gets 404 —
and query budgets that do not grow with the lines."""

from decimal import Decimal

import pytest
from django.urls import reverse

from pirkimai.models import PlannedPurchase, PlanStatus, ProcurementPlan, PurchaseKind
from pirkimai.tests.factories import make_cpv, make_plan, make_planned
from pirkimai.tests.factories_plan import client_of, line_fields, load_codes, plan_of_size
from portalas.testing import query_budget
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    settings.PROCUREMENT_LOW_VALUE_GOODS_SERVICES = 70_000
    settings.PROCUREMENT_WARNING_PERCENT = 80


def url(name, *args):
    return reverse(f"pirkimai:{name}", args=args)


# --- the list and a new plan -------------------------------------------------------------------

def test_the_list_shows_each_plan_with_its_lines_and_sums(staff, staff_client):
    plan_of_size(2025, 3, status=PlanStatus.APPROVED)
    current = make_plan(2026)
    make_planned(current, value="1000,50".replace(",", "."))
    make_planned(current, value="90000", method="open")
    response = staff_client.get(url("plan_list"))
    assert response.status_code == 200
    rows = list(response.context["object_list"])
    assert [(p.year, p.line_count, p.above_count) for p in rows] == [(2026, 2, 1), (2025, 3, 0)]
    assert rows[0].total == Decimal("91000.50")
    page = response.content.decode()
    assert 'id="plan-create"' in page and "91,000.50" in page


def test_management_read_the_list_without_the_button_and_a_librarian_gets_404(manager,
                                                                            client_a):
    make_plan(2026)
    page = client_of(manager).get(url("plan_list")).content.decode()
    assert "2026" in page and 'id="plan-create"' not in page
    assert client_a.get(url("plan_list")).status_code == 404
    assert client_a.get(url("plan_create")).status_code == 404


def test_a_new_plan_starts_from_last_years_lines(staff_client):
    plan_of_size(2025, 4, status=PlanStatus.APPROVED)
    form = staff_client.get(url("plan_create")).context["form"]
    assert form["year"].value() == 2026 and form["copy_lines"].value() is True
    response = staff_client.post(url("plan_create"), {"year": "2026", "copy_lines": "on",
                                                      "note": ""})
    plan = ProcurementPlan.objects.get(year=2026)
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert plan.purchases.count() == 4 and plan.copied_from.year == 2025


def test_a_plan_for_a_year_that_has_one_is_a_form_error(staff_client):
    make_plan(2026)
    response = staff_client.post(url("plan_create"), {"year": "2026"})
    assert response.status_code == 200
    assert "already exists" in " ".join(response.context["form"].errors["year"])


def test_management_cannot_create_a_plan(manager):
    response = client_of(manager).post(url("plan_create"), {"year": "2030"})
    assert response.status_code == 403 and not ProcurementPlan.objects.exists()


# --- a plan's page -------------------------------------------------------------------------------

def test_a_plans_page_groups_the_lines_by_quarter_and_warns_of_splitting(staff, staff_client):
    load_codes()
    plan = make_plan(2026)
    books = make_cpv("22110000-4")
    make_planned(plan, title="Grožinė literatūra", cpv=books, value="30000", quarter=1,
                 responsible=staff)
    make_planned(plan, title="Šakinė literatūra", cpv=books, value="28000", quarter=3)
    make_planned(plan, title="Skaityklos remontas", cpv=make_cpv("45453000-7"),
                 kind=PurchaseKind.WORKS, value="185000", quarter=3, method="open")
    response = staff_client.get(url("plan_detail", 2026))
    assert response.status_code == 200
    context = response.context
    assert [len(group["lines"]) for group in context["quarters"]] == [1, 0, 2, 0]
    assert [row.cpv.code for row in context["warnings"]] == ["22110000-4"]
    assert context["methods"]["other"]["count"] == 1
    page = response.content.decode()
    for expected in ("Grožinė literatūra", "Rūta Skyriūtė", "Quarter 3", "82.9 %",
                     "nearing the threshold", 'href="#cpv-22110000-4"', "pirkimai.plan",
                     'id="planned-create"', 'id="plan-edit"', "185,000.00"):
        assert expected in page, expected
    assert 'id="plan-approve"' not in page          # staff do not approve


def test_management_read_a_plan_approve_it_and_get_403_on_its_edits(manager):
    plan = plan_of_size(2026, 2)
    line = plan.purchases.first()
    client = client_of(manager)
    page = client.get(url("plan_detail", 2026)).content.decode()
    assert 'id="plan-approve"' in page and 'id="planned-create"' not in page
    assert 'id="plan-edit"' not in page
    assert client.get(url("plan_update", 2026)).status_code == 403
    assert client.get(url("planned_create", 2026)).status_code == 403
    assert client.post(url("planned_update", line.pk), line_fields()).status_code == 403
    assert client.post(url("planned_delete", line.pk)).status_code == 403
    assert plan.purchases.count() == 2
    response = client.post(url("plan_approve", 2026))
    assert response.status_code == 302
    approved = ProcurementPlan.objects.get(pk=plan.pk)
    assert approved.status == PlanStatus.APPROVED and approved.approved_by == manager


def test_a_plan_approved_twice_is_approved_once_and_says_so(manager):
    plan = plan_of_size(2026, 1)
    deputy = UserFactory(role="management", full_name="Antra Pavaduotoja")
    client_of(manager).post(url("plan_approve", 2026))
    response = client_of(deputy).post(url("plan_approve", 2026), follow=True)
    assert "already approved on" in response.content.decode()
    approved = ProcurementPlan.objects.get(pk=plan.pk)
    assert approved.approved_by == manager and approved.version == 2


def test_staff_cannot_approve_and_an_empty_plan_is_not_approved(staff_client, manager):
    make_plan(2026)
    assert staff_client.post(url("plan_approve", 2026)).status_code == 403
    response = client_of(manager).post(url("plan_approve", 2026), follow=True)
    assert "no planned purchases" in response.content.decode()
    assert ProcurementPlan.objects.get(year=2026).status == PlanStatus.DRAFT
    assert client_of(manager).get(url("plan_approve", 2026)).status_code == 405


def test_a_librarian_gets_404_for_a_plan_and_its_lines(client_a):
    plan = plan_of_size(2026, 1)
    line = plan.purchases.get()
    for target in (url("plan_detail", 2026), url("plan_history", 2026), url("plan_update", 2026),
                   url("planned_create", 2026), url("planned_update", line.pk),
                   url("planned_delete", line.pk), url("home")):
        assert client_a.get(target).status_code == 404, target
    assert client_a.post(url("plan_approve", 2026)).status_code == 404
    assert client_a.post(url("planned_delete", line.pk)).status_code == 404
    assert PlannedPurchase.objects.count() == 1


def test_a_year_without_a_plan_is_404(staff_client):
    assert staff_client.get(url("plan_detail", 2031)).status_code == 404


def test_the_note_keeps_the_typed_text_when_someone_saved_first(staff, staff_client):
    plan = make_plan(2026)
    staff_client.post(url("plan_update", 2026), {"note": "Pirmoji pastaba", "version": "1"})
    response = staff_client.post(url("plan_update", 2026), {"note": "Mano pastaba",
                                                            "version": "1"})
    assert response.status_code == 200
    assert response.context["form"]["note"].value() == "Mano pastaba"
    assert "Rūta Skyriūtė saved this plan after you opened it" in response.content.decode()
    assert ProcurementPlan.objects.get(pk=plan.pk).note == "Pirmoji pastaba"


def test_an_approved_plans_note_may_still_change(staff_client):
    plan = make_plan(2026, status=PlanStatus.APPROVED)
    response = staff_client.post(url("plan_update", 2026), {"note": "Pakeista", "version": "1"})
    assert response.status_code == 302
    assert ProcurementPlan.objects.get(pk=plan.pk).note == "Pakeista"


def test_the_history_marks_the_changes_after_the_approval(staff, manager, staff_client):
    load_codes()
    make_plan(2026)
    staff_client.post(url("planned_create", 2026), line_fields(title="Pirmas"))
    client_of(manager).post(url("plan_approve", 2026))
    staff_client.post(url("planned_create", 2026), line_fields(title="Papildomas"))
    response = staff_client.get(url("plan_history", 2026))
    assert response.status_code == 200
    entries = response.context["line_entries"]
    assert [(e["line"], e["after_approval"], e["user"]) for e in entries] == [
        ("Papildomas", True, staff), ("Pirmas", False, staff)]
    assert "amendment" in response.content.decode()
    assert any(e["user"] == manager for e in response.context["entries"])


def test_a_plans_pages_keep_their_query_budget_with_ten_times_the_lines(staff, staff_client):
    plan_of_size(2026, 6, by=staff)
    staff_client.get(url("plan_detail", 2026))
    with query_budget(14, "plan page, 6 lines"):
        staff_client.get(url("plan_detail", 2026))
    ProcurementPlan.objects.get(year=2026).delete()
    plan_of_size(2026, 60, by=staff)
    plan_of_size(2025, 60, by=staff)
    with query_budget(14, "plan page, 60 lines"):
        response = staff_client.get(url("plan_detail", 2026))
    assert len(response.context["lines"]) == 60
    with query_budget(10, "plan list"):
        assert staff_client.get(url("plan_list")).status_code == 200
    with query_budget(12, "plan's note"):
        assert staff_client.get(url("plan_update", 2026)).status_code == 200


def test_the_history_shows_what_changed_and_keeps_its_query_budget(staff, staff_client):
    from decimal import Decimal as D

    from pirkimai import services_plan

    plan = plan_of_size(2026, 6, by=staff)
    line = plan.purchases.get(title="Pirkimas nr. 1")
    before = (line.cpv.code, line.estimated_value)
    line.estimated_value, line.cpv = D("4321"), make_cpv("79952000-2")
    services_plan.save_line(line=line, by=staff, seen_version=1)
    services_plan.delete_line(line=plan.purchases.get(title="Pirkimas nr. 6"), by=staff)
    staff_client.get(url("plan_history", 2026))
    with query_budget(12, "history, 6 lines"):
        response = staff_client.get(url("plan_history", 2026))
    entries = response.context["line_entries"]
    assert entries[0]["type"] == "-" and entries[1]["type"] == "~"
    changed = {change["field"]: (change["old"], change["new"])
               for change in entries[1]["changes"]}
    assert changed["CPV code"] == (before[0], "79952000-2")
    assert before[1] == 1000
    assert changed["estimated value without VAT, EUR"] == ("1,000.00", "4,321.00")
    assert "Deleted" in response.content.decode()
    for number in range(60):
        make_planned(plan, title=f"Papildomas {number}")
    for each in plan.purchases.all()[:30]:
        each.note = "Pakeista"
        services_plan.save_line(line=each, by=staff, seen_version=each.version)
    with query_budget(12, "history, 65 lines"):
        assert staff_client.get(url("plan_history", 2026)).status_code == 200


@pytest.mark.parametrize("year", ["0", "1989", "2101", "99999999999999999999"])
def test_years_out_of_range_in_a_plans_address_are_404(staff_client, year):
    for path in (f"/pirkimai/planai/{year}/", f"/pirkimai/planai/{year}/istorija/",
                 f"/pirkimai/planai/{year}/eilutes/nauja/"):
        assert staff_client.get(path).status_code == 404, path
    assert staff_client.post(f"/pirkimai/planai/{year}/patvirtinti/").status_code == 404
