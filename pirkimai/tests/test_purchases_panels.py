"""What other pages show of the purchases: a project's page lists the purchases paid from it
(to staff and management, with "New purchase request" filled in with the project for
staff; a librarian who sees the project sees none of it); the home page shows management
the requests awaiting approval and staff their returned ones; the procurement home page's
card counts this year's purchases."""

from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.test import RequestFactory
from django.urls import reverse

from pirkimai import panels_purchases as panels
from pirkimai import services_purchases as services
from pirkimai.models import FundingSource
from pirkimai.selectors_purchases import home_context
from pirkimai.tests.factories_purchases import request, submitted, url
from portalas.testing import query_budget
from projektai.models import ProjectStatus
from projektai.tests.factories import make_project
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def asked_by(user):
    request_ = RequestFactory().get("/")
    request_.user = user
    return request_


def test_a_projects_page_lists_its_purchases_to_staff_and_management_only(
        territory, staff, manager, librarian_a, staff_client, manager_client, client_a):
    project = make_project(by=librarian_a, owner_library=territory.system_a,
                           status=ProjectStatus.RUNNING, title="Kretingos skaitymai")
    paid = request(staff, title="Knygos skaitymo iššūkiui", funding=FundingSource.PROJECT,
                   project=project, estimated_value=Decimal("2500"))
    cancelled = request(staff, title="Atšauktas", funding=FundingSource.PROJECT,
                        project=project, estimated_value=Decimal("900"))
    services.cancel(purchase=cancelled, by=staff, reason="Nebereikia.")
    request(staff, title="Kitas pirkimas")
    page = staff_client.get(project.get_absolute_url()).content.decode()
    assert 'id="project-purchases"' in page
    assert "Knygos skaitymo iššūkiui" in page and "Kitas pirkimas" not in page
    assert f'{reverse("pirkimai:purchase_create")}?{urlencode({"project": project.pk})}' \
        in page
    assert "2 500,00" in page or "2,500.00" in page
    page = manager_client.get(project.get_absolute_url()).content.decode()
    assert "Knygos skaitymo iššūkiui" in page and 'id="project-purchase-create"' not in page
    response = client_a.get(project.get_absolute_url())
    assert response.status_code == 200
    assert 'id="project-purchases"' not in response.content.decode()
    assert panels.project_purchases(asked_by(librarian_a), project) is None
    context = panels.project_purchases(asked_by(staff), project)
    assert [p.pk for p in context["purchases"]] == [cancelled.pk, paid.pk]
    assert context["total"] == Decimal("2500")


def test_a_project_without_purchases_offers_staff_a_new_request(staff, manager):
    running = make_project(by=staff, status=ProjectStatus.RUNNING, title="Vykdomas")
    idea = make_project(by=staff, title="Idėja")
    context = panels.project_purchases(asked_by(staff), running)
    assert context["purchases"] == [] and context["create_url"]
    assert panels.project_purchases(asked_by(staff), idea) is None
    assert panels.project_purchases(asked_by(manager), running) is None


def test_the_project_panel_costs_one_query(staff):
    project = make_project(by=staff, status=ProjectStatus.RUNNING, title="Vykdomas")
    for n in range(12):
        request(staff, title=f"Pirkimas {n}", funding=FundingSource.PROJECT, project=project)
    context = None
    with query_budget(2, "project panel, past ten purchases"):
        context = panels.project_purchases(asked_by(staff), project)
    assert len(context["purchases"]) == 10 and context["more"]


def test_management_see_the_requests_awaiting_them_on_the_home_page(
        staff, manager, manager_client, staff_client):
    waiting = submitted(staff, title="Dažų kasetės")
    request(staff, title="Juodraštis")
    page = manager_client.get("/").content.decode()
    assert 'id="home-purchases-awaiting"' in page
    assert "Dažų kasetės" in page and "Juodraštis" not in page
    assert 'id="home-purchases-awaiting"' not in staff_client.get("/").content.decode()
    services.approve(purchase=waiting, by=manager)
    assert panels.awaiting_approval(asked_by(manager)) is None


def test_staff_see_their_returned_requests_with_the_comment(staff, manager):
    mine = submitted(staff, title="Konferencija")
    theirs = submitted(UserFactory(role="staff"), title="Kito darbuotojo")
    for purchase in (mine, theirs):
        services.return_request(purchase=purchase, by=manager, comment="Nurodykite datą.")
    context = panels.returned_to_me(asked_by(staff))
    assert [p.pk for p in context["purchases"]] == [mine.pk]
    assert panels.returned_to_me(asked_by(manager)) is None


def test_the_procurement_home_card_counts_this_years_purchases(staff, manager, librarian_a):
    submitted(staff, estimated_value=Decimal("1000"))
    request(staff, estimated_value=Decimal("500"))
    cancelled = request(staff, estimated_value=Decimal("700"))
    services.cancel(purchase=cancelled, by=staff, reason="Ne.")
    card = home_context(manager)
    assert (card["total"], card["awaiting"], card["value"]) == (3, 1, Decimal("1500"))
    assert card["can_approve"] and not card["can_prepare"]
    assert [state["count"] for state in card["states"]] == [1, 1, 1]
    assert home_context(librarian_a) == {}
    assert url("purchase_list") in card["list_url"]
