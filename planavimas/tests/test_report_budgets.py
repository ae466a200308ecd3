"""Query budgets of the report's pages: a page reads the plan's tree in a fixed number of
queries, plus one or a few per distinct metric — never per goal, measure or indicator."""

from datetime import date

import pytest
from django.urls import reverse

from planavimas import services_workflow as workflow
from planavimas.models import Indicator
from planavimas.tests.factories import first
from planavimas.tests.report_factories import held_event, started_report
from portalas.testing import count_queries, query_budget

pytestmark = pytest.mark.django_db

SECOND_METRIC = "konsultacijos.consultations"


def _mixed(plan) -> None:
    """Every other indicator counted by a second metric, every third one typed in."""
    rows = list(Indicator.objects.filter(measure__objective__goal__plan=plan).order_by("pk"))
    for n, indicator in enumerate(rows):
        if n % 3 == 2:
            Indicator.objects.filter(pk=indicator.pk).update(metric="", actual_manual=n)
        elif n % 2:
            Indicator.objects.filter(pk=indicator.pk).update(metric=SECOND_METRIC)


def _plan(staff, manager, year, size):
    plan, report = started_report(staff=staff, manager=manager, year=year, goals=size,
                                  objectives=2, measures=size, indicators=2,
                                  metric="mokymai.events_held")
    _mixed(plan)
    return plan, report


def test_the_report_page_does_not_query_per_row(staff, manager, staff_client):
    held_event(date(2025, 4, 1))
    small, _report = _plan(staff, manager, 2025, 1)
    large, _report = _plan(staff, manager, 2026, 4)            # 32 measures, 64 indicators
    url = reverse("planavimas:report_detail", args=[small.year])
    staff_client.get(url)                                      # the session, warmed
    few = count_queries(lambda: staff_client.get(url))
    many = count_queries(lambda: staff_client.get(
        reverse("planavimas:report_detail", args=[large.year])))
    assert few == many
    with query_budget(14, "report_detail"):
        response = staff_client.get(reverse("planavimas:report_detail", args=[large.year]))
    assert response.context["totals"]["indicators"] == 64


def test_management_and_librarians_read_the_report_in_a_few_queries(
        staff, manager, manager_client, client_a):
    plan, report = _plan(staff, manager, 2025, 4)
    workflow.approve(workflow.submit(report, by=staff), by=manager)
    url = reverse("planavimas:report_detail", args=[plan.year])
    for client in (manager_client, client_a):                  # the sessions, warmed
        client.get(url)
    with query_budget(14, "report_detail, management"):
        assert manager_client.get(url).status_code == 200
    with query_budget(7, "report_detail, librarian"):
        assert client_a.get(url).status_code == 200


def test_progress_and_records_in_a_few_queries(staff, manager, staff_client):
    for day in range(1, 30):
        held_event(date(2025, 2, day % 28 + 1), f"Renginys {day}")
    plan, report = _plan(staff, manager, 2025, 4)
    staff_client.get(reverse("planavimas:plan_list"))          # the session, warmed
    with query_budget(24, "progress"):
        response = staff_client.get(reverse("planavimas:progress", args=[plan.year]))
    assert response.status_code == 200
    url = reverse("planavimas:indicator_records", args=[plan.year, first(plan, Indicator).pk])
    with query_budget(8, "indicator_records"):
        response = staff_client.get(url)
    assert response.context["records"].count == 29


def test_the_answers_forms_in_a_few_queries(staff, manager, staff_client):
    plan, report = _plan(staff, manager, 2025, 2)
    indicator = first(plan, Indicator)
    staff_client.get(reverse("planavimas:plan_list"))          # the session, warmed
    with query_budget(6, "indicator_result"):
        assert staff_client.get(reverse("planavimas:indicator_result",
                                        args=[indicator.pk])).status_code == 200
    with query_budget(6, "report_update"):
        assert staff_client.get(reverse("planavimas:report_update",
                                        args=[plan.year])).status_code == 200
