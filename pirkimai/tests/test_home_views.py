"""The procurement home page and what the portal shows of procurement: this year's plan in
figures (its lines, their sum, those above low-value, the approval, the summary's due day),
the links to the other procurement pages, the purchases' and contracts' cards; the menu
entry for staff and management only; the portal home's card (a missing plan for staff, a
plan awaiting approval for management); a librarian gets 404; the query budget."""

import datetime

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from pirkimai.models import Method, PlanStatus, ProcurementPlan
from pirkimai.tests.factories import make_plan, make_planned
from pirkimai.tests.factories_plan import client_of, plan_of_size
from portalas.testing import count_queries, query_budget

pytestmark = pytest.mark.django_db

OTHER_AREAS = (("pirkimai:purchase_list", {}, "link-purchases"),
               ("pirkimai:contract_list", {}, "link-contracts"),
               ("pirkimai:summary", {"year": None}, "link-summary"))


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    settings.PROCUREMENT_SUMMARY_DUE = "03-15"


def home(client):
    return client.get(reverse("pirkimai:home"))


def test_the_home_page_shows_this_years_plan_in_figures(staff, manager, staff_client):
    year = timezone.localdate().year
    plan = make_plan(year, status=PlanStatus.APPROVED, by=manager)
    make_planned(plan, value="1500")
    make_planned(plan, value="90000", method=Method.OPEN)
    response = home(staff_client)
    assert response.status_code == 200
    figures = response.context["figures"]
    assert (figures["plan"].line_count, figures["plan"].above_count) == (2, 1)
    assert figures["due"] == datetime.date(year, 3, 15)
    page = response.content.decode()
    for expected in ("91,500.00 €", f"{year}-01-15", "Vytas Vadovas", f"{year}-03-15",
                     plan.get_absolute_url(), reverse("pirkimai:cpv_list"),
                     reverse("pirkimai:plan_list")):
        assert expected in page, expected


def test_the_links_to_the_other_procurement_pages_are_there_once_they_exist(staff_client):
    page = home(staff_client).content.decode()
    for name, kwargs, element in OTHER_AREAS:
        if "year" in kwargs:
            kwargs = {"year": timezone.localdate().year}
        try:
            target = reverse(name, kwargs=kwargs or None)
        except NoReverseMatch:        # the area is not in the URLconf yet: no link, no error
            assert f'id="{element}"' not in page, name
        else:
            assert f'href="{target}"' in page, name


def test_without_this_years_plan_staff_are_asked_to_prepare_it(staff_client, manager):
    page = home(staff_client).content.decode()
    assert "There is no procurement plan for" in page
    assert reverse("pirkimai:plan_create") in page
    assert reverse("pirkimai:plan_create") not in home(client_of(manager)).content.decode()


def test_in_the_last_quarter_next_years_plan_is_shown_too(staff_client, monkeypatch):
    today = timezone.localdate()
    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(today.year, 11, 2))
    plan_of_size(today.year + 1, 2)
    response = home(staff_client)
    assert response.context["next_figures"]["plan"].line_count == 2
    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(today.year, 5, 2))
    assert home(staff_client).context["next_figures"] is None


def test_management_read_the_home_page_and_a_librarian_gets_404(manager, client_a):
    assert home(client_of(manager)).status_code == 200
    assert home(client_a).status_code == 404


def test_the_menu_names_procurement_for_staff_and_management_only(staff_client, manager,
                                                                  client_a):
    target = f'href="{reverse("pirkimai:home")}"'
    assert target in staff_client.get(reverse("home")).content.decode()
    assert target in client_of(manager).get(reverse("home")).content.decode()
    assert target not in client_a.get(reverse("home")).content.decode()


def test_the_portal_home_card_for_staff_and_for_management(staff_client, manager, client_a,
                                                           monkeypatch):
    today = timezone.localdate()
    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(today.year, 6, 1))
    card = 'id="home-procurement-plan"'
    page = staff_client.get(reverse("home")).content.decode()
    assert card in page and f"There is no procurement plan for {today.year} yet." in page
    assert card not in client_a.get(reverse("home")).content.decode()
    plan = make_plan(today.year)
    assert card not in client_of(manager).get(reverse("home")).content.decode()   # empty
    make_planned(plan)
    page = client_of(manager).get(reverse("home")).content.decode()
    assert card in page and "awaits your approval" in page
    assert card not in staff_client.get(reverse("home")).content.decode()
    ProcurementPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.APPROVED)
    assert card not in client_of(manager).get(reverse("home")).content.decode()
    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(today.year, 12, 3))
    assert f"There is no procurement plan for {today.year + 1} yet." in \
        staff_client.get(reverse("home")).content.decode()


def test_the_home_page_keeps_its_query_budget_with_ten_times_the_lines(staff, staff_client):
    """The ceiling is what the page takes with 5 lines (the other areas' cards included,
    whose queries are theirs): with 50 lines, and last year's too, it is not exceeded."""
    year = timezone.localdate().year
    plan_of_size(year, 5, by=staff)
    home(staff_client)
    small = count_queries(lambda: home(staff_client))
    ProcurementPlan.objects.filter(year=year).delete()
    plan_of_size(year, 50, by=staff)
    plan_of_size(year - 1, 50, by=staff)
    with query_budget(small, "procurement home, 50 lines"):
        response = home(staff_client)
    assert response.context["figures"]["plan"].line_count == 50
