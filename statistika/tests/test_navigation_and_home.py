"""Ways in: the municipality table's ranking, where a librarian's dashboards start, the
links between a system and its outlets, the library card's links to its statistics, and
the territory's figures on the management home page."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ataskaitos.models import ReportJob
from bibliotekos.models import Library, LibraryKind, Membership
from statistika.models import Indicator, NationalFigure, Submission, Value
from statistika.panels import sparkline
from statistika.services.campaign import create_campaign
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
YEAR = 2025


@pytest.fixture
def data(territory, put):
    for year, factor in ((YEAR - 1, 1), (YEAR, 2)):
        put(territory.central_a, {"users_registered": 100 * factor, "loans": 1000 * factor,
                                  "visits": 500 * factor}, year=year)
        put(territory.branch_a, {"users_registered": 50, "loans": 100, "visits": 100},
            year=year)
        put(territory.central_b, {"users_registered": 300, "loans": 600, "visits": 900},
            year=year)
        put(territory.school_b, {"users_registered": 200, "loans": 900}, year=year)
    NationalFigure.objects.create(indicator=Indicator.objects.get(code="loans_per_user"),
                                  year=YEAR, value=Decimal("16.7"))
    NationalFigure.objects.create(indicator=Indicator.objects.get(code="loans"),
                                  year=YEAR, value=Decimal("2000000"))


@pytest.fixture
def branch_librarian(territory):
    user = UserFactory(role="librarian", email="filialas@test.lt", full_name="Rasa Filialė")
    Membership.objects.create(user=user, library=territory.branch_a, role="librarian")
    return user


def _client(user):
    from django.test import Client

    client = Client()
    client.force_login(user, backend="paskyros.backends.EmailBackend")
    return client


# --- the municipality table's ranking ------------------------------------------------------

def test_municipalities_are_ranked_by_penetration_shown_first(manager_client, data):
    response = manager_client.get(reverse("statistika:analysis_municipalities"),
                                  {"year": YEAR})
    context = response.context
    assert context["sort"] == "penetration_pct" and context["rank_default"]
    assert context["columns"][0] == "penetration_pct"
    assert sorted(context["columns"]) == sorted(context["codes"])
    assert context["rank_indicator"].code == "penetration_pct"
    # the select offers ratios only (ranking by absolute counts says nothing)
    assert context["rank_choices"] and all(i.derived for i in context["rank_choices"])
    assert "penetration_pct" in {i.code for i in context["rank_choices"]}
    # 1 = the highest value: Skuodas 300 of 15 200 residents, Kretinga 250 of 39 800
    rows = context["rows"]
    assert [(r["unit"].key, r["rank"]) for r in rows] == [("SKU", 1), ("KRE", 2)]
    assert rows[0]["values"]["penetration_pct"] > rows[1]["values"]["penetration_pct"]
    body = response.content.decode()
    assert 'data-rank="penetration_pct"' in body and 'id="rank-by"' in body


def test_school_libraries_are_ranked_by_loans_per_user(manager_client, data):
    response = manager_client.get(reverse("statistika:analysis_municipalities"),
                                  {"year": YEAR, "group": "school"})
    assert response.context["sort"] == "loans_per_user"
    assert response.context["columns"][0] == "loans_per_user"


def test_any_column_still_ranks_and_moves_first(manager_client, data):
    response = manager_client.get(reverse("statistika:analysis_municipalities"),
                                  {"year": YEAR, "sort": "loans"})
    context = response.context
    assert context["sort"] == "loans" and not context["rank_default"]
    assert context["columns"][0] == "loans"
    assert "loans" in {i.code for i in context["rank_choices"]}
    assert [r["unit"].key for r in context["rows"]] == ["KRE", "SKU"]   # 2 100 > 600


def test_an_unknown_ranking_falls_back_to_the_default(manager_client, data):
    response = manager_client.get(reverse("statistika:analysis_municipalities"),
                                  {"year": YEAR, "sort": "nonsense"})
    assert response.context["sort"] == "penetration_pct"


def test_a_municipality_lists_its_libraries_ranked_the_same_way(manager_client, data):
    response = manager_client.get(reverse("statistika:analysis_municipality", args=["KRE"]),
                                  {"year": YEAR})
    assert response.context["columns"][0] == response.context["sort"] == "penetration_pct"


# --- where a librarian's dashboards start --------------------------------------------------

def test_director_lands_on_the_system_not_its_central_library(client_a, territory):
    response = client_a.get(reverse("statistika:analysis_overview"))
    assert response.status_code == 302
    assert response["Location"] == reverse("statistika:analysis_library", args=["SVB-KRE"])


def test_branch_librarian_lands_on_their_branch(branch_librarian):
    response = _client(branch_librarian).get(reverse("statistika:analysis_overview"))
    assert response["Location"] == reverse("statistika:analysis_library",
                                           args=["SVB-KRE-F01"])


def test_school_librarian_lands_on_their_school(client_b):
    response = client_b.get(reverse("statistika:analysis_overview"))
    assert response["Location"] == reverse("statistika:analysis_library",
                                           args=["MB-SKU-001"])


def test_librarian_without_a_library_gets_404(territory):
    lonely = UserFactory(role="librarian", email="niekur@test.lt")
    assert _client(lonely).get(reverse("statistika:analysis_overview")).status_code == 404


def test_system_lists_its_outlets_and_an_outlet_leads_back(client_a, data, territory):
    system = client_a.get(reverse("statistika:analysis_library", args=["SVB-KRE"]),
                          {"year": YEAR})
    assert system.context["system"] is None
    assert {o["unit"].key for o in system.context["outlets"]} == {"SVB-KRE-C", "SVB-KRE-F01"}
    branch = client_a.get(reverse("statistika:analysis_library", args=["SVB-KRE-F01"]),
                          {"year": YEAR})
    assert branch.context["system"] == territory.system_a
    assert reverse("statistika:analysis_library", args=["SVB-KRE"]) in \
        branch.content.decode()


def test_branch_librarian_gets_no_link_to_the_system_they_may_not_open(branch_librarian,
                                                                       data):
    client = _client(branch_librarian)
    response = client.get(reverse("statistika:analysis_library", args=["SVB-KRE-F01"]),
                          {"year": YEAR})
    assert response.status_code == 200 and response.context["system"] is None
    assert client.get(reverse("statistika:analysis_library",
                              args=["SVB-KRE"])).status_code == 404
    assert client.get(reverse("statistika:analysis_library",
                              args=["SVB-SKU-C"])).status_code == 404


def test_menu_entry_leads_director_to_the_system(client_a, territory):
    response = client_a.get(reverse("statistika:analysis_overview"), follow=True)
    assert response.status_code == 200
    assert response.context["library"] == territory.system_a


# --- the library card's links ---------------------------------------------------------------

@pytest.fixture
def campaign(staff, territory):
    return create_campaign(year=YEAR, kinds=["system", "school"],
                           deadline=timezone.now() + timedelta(days=30),
                           reminder_days=[], by=staff)


def _statistics_panel(response):
    return next(p["context"] for p in response.context["panels"]
                if p["template"] == "statistika/_library_statistics.html")


def test_library_card_links_to_its_dashboard_and_reports(client_a, campaign, territory):
    response = client_a.get(reverse("bibliotekos:library_detail", args=[territory.system_a.pk]))
    panel = _statistics_panel(response)
    assert panel["dashboard_url"] == reverse("statistika:analysis_library", args=["SVB-KRE"])
    submission = Submission.objects.get(campaign=campaign, library=territory.system_a)
    assert [r["url"] for r in panel["reports"]] == [
        reverse("statistika:report_form", args=[submission.pk])]
    body = response.content.decode()
    assert 'data-link="dashboard"' in body and 'data-link="report"' in body


def test_outlet_card_links_to_its_part_of_the_systems_report(branch_librarian, campaign,
                                                             territory):
    client = _client(branch_librarian)
    response = client.get(reverse("bibliotekos:library_detail", args=[territory.branch_a.pk]))
    panel = _statistics_panel(response)
    submission = Submission.objects.get(campaign=campaign, library=territory.system_a)
    url = reverse("statistika:report_unit", args=[submission.pk, "SVB-KRE-F01"])
    assert [r["url"] for r in panel["reports"]] == [url]
    assert panel["part_of"] == territory.system_a
    assert client.get(url).status_code == 200
    assert client.get(panel["dashboard_url"]).status_code == 200


def test_staff_and_management_get_the_links_of_any_library(staff_client, manager_client,
                                                           campaign, territory):
    for client in (staff_client, manager_client):
        response = client.get(reverse("bibliotekos:library_detail",
                                      args=[territory.school_b.pk]))
        panel = _statistics_panel(response)
        assert panel["dashboard_url"] == reverse("statistika:analysis_library",
                                                 args=["MB-SKU-001"])
        assert len(panel["reports"]) == 1


def test_another_librarys_card_and_its_statistics_are_404(client_b, campaign, territory):
    assert client_b.get(reverse("bibliotekos:library_detail",
                                args=[territory.system_a.pk])).status_code == 404
    assert client_b.get(reverse("statistika:analysis_library",
                                args=["SVB-KRE"])).status_code == 404
    submission = Submission.objects.get(campaign=campaign, library=territory.system_a)
    assert client_b.get(reverse("statistika:report_form",
                                args=[submission.pk])).status_code == 404
    own = client_b.get(reverse("bibliotekos:library_detail", args=[territory.school_b.pk]))
    assert [r["submission"].library for r in _statistics_panel(own)["reports"]] == [
        territory.school_b]


# --- the management home page --------------------------------------------------------------

def _home_panel(response):
    return next((p["context"] for p in response.context["panels"]
                 if p["template"] == "statistika/_home_trends.html"), None)


def test_management_home_shows_key_figures_with_change_and_lithuania(manager_client, manager,
                                                                     data):
    ReportJob.objects.create(kind="library_card", params={"library": "SVB-KRE"},
                             format="pdf", requested_by=manager, params_hash="m",
                             status="done", scope={"whole": True, "libraries": []})
    response = manager_client.get(reverse("home"))
    panel = _home_panel(response)
    assert panel["year"] == YEAR
    figures = {f["code"]: f for f in panel["figures"]}
    assert {"users_registered", "visits", "loans", "penetration_pct",
            "visits_per_resident", "loans_per_user"} <= set(figures)
    users = figures["users_registered"]
    assert users["value"] == 550 and users["last_year"] == 450   # public libraries only
    assert round(users["change"], 1) == Decimal("22.2") and not users["change_points"]
    # a percentage changes in percentage points
    assert figures["penetration_pct"]["change_points"] is True
    # a ratio against Lithuania: the difference; a count: the territory's share
    per_user = figures["loans_per_user"]
    assert per_user["national"] == Decimal("16.7")
    assert per_user["value"] == Decimal("4.909091")            # 2 700 / 550
    assert round(per_user["versus"], 1) == Decimal("-70.6")    # (4,91 − 16,7) / 16,7
    assert figures["loans"]["share"] == Decimal("0.135")       # 2 700 of 2 000 000
    assert "<svg" in str(figures["loans"]["sparkline"])
    assert [job.requested_by for job in panel["documents"]] == [manager]
    body = response.content.decode()
    assert 'id="home-trends-panel"' in body and 'data-code="penetration_pct"' in body
    assert reverse("statistika:analysis_overview") in body


def test_staff_get_the_panel_and_librarians_do_not(staff_client, client_a, data):
    assert _home_panel(staff_client.get(reverse("home"))) is not None
    assert _home_panel(client_a.get(reverse("home"))) is None


def test_home_panel_lists_only_the_persons_own_documents(manager_client, staff, data):
    ReportJob.objects.create(kind="library_card", params={"library": "SVB-KRE"},
                             format="pdf", requested_by=staff, params_hash="s",
                             status="done", scope={"whole": True, "libraries": []})
    assert _home_panel(manager_client.get(reverse("home")))["documents"] == []


def test_home_panel_without_any_statistics(manager_client, territory):
    response = manager_client.get(reverse("home"))
    assert response.status_code == 200
    assert _home_panel(response)["any_data"] is False


def _home_queries(client) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        assert client.get(reverse("home")).status_code == 200
    return len(context.captured_queries)


def test_home_page_queries_are_bounded_and_do_not_grow_with_data(manager_client, data,
                                                                 territory):
    _home_queries(manager_client)
    few = _home_queries(manager_client)
    loans = Indicator.objects.get(code="loans")
    for n in range(30):
        library = Library.objects.create(code=f"B{n}", name=f"Filialas {n}",
                                         kind=LibraryKind.RURAL_BRANCH,
                                         parent=territory.central_a,
                                         municipality=territory.municipality_a)
        for year in (YEAR - 1, YEAR):
            Value.objects.create(library=library, indicator=loans, year=year, value=5)
    assert _home_queries(manager_client) == few
    # warm: the figures come from the cache
    with CaptureQueriesContext(connection) as context:
        manager_client.get(reverse("home"))
    # + procurement (the plan, requests awaiting approval, contracts ending) and assignments
    # (my tasks, late on the ones I gave), the annual plan (plans and reports awaiting a
    # decision): one query each
    assert len(context.captured_queries) <= 32, len(context.captured_queries)


# --- the sparkline ---------------------------------------------------------------------------

def test_sparkline_draws_known_years_with_gaps_and_needs_two():
    assert sparkline([None, 5, None], label="x") == ""
    drawn = sparkline([1, 2, None, 4, 5], label='Loans "<all>"')
    assert drawn.count("<polyline") == 2 and "<circle" in drawn
    assert 'aria-label="Loans &quot;&lt;all&gt;&quot;"' in drawn
    assert sparkline([3, 3, 3], label="flat").count("<polyline") == 1
