"""The records behind an indicator's actual value, and the progress during the year: the
records page counts exactly what the report shows, links each record, is staff's and
management's only; the progress view adds up the quarters begun and flags overdue
measures."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from mokymai.models import EventStatus
from planavimas import tree
from planavimas.models import Indicator, Measure
from planavimas.tests.factories import first, make_plan
from planavimas.tests.report_factories import held_event, started_report

pytestmark = pytest.mark.django_db


def records_url(plan, indicator, **query):
    url = reverse("planavimas:indicator_records", args=[plan.year, indicator.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def events_2025():
    """Three events held in 2025 (March, May, October), a draft and a cancelled one that
    year, and one held the year before."""
    held = [held_event(date(2025, 3, 10), "Kovo seminaras"),
            held_event(date(2025, 5, 20), "Gegužės mokymai"),
            held_event(date(2025, 10, 2), "Spalio konferencija", status=EventStatus.COMPLETED)]
    held_event(date(2025, 6, 1), "Juodraštis", status=EventStatus.DRAFT)
    held_event(date(2025, 7, 1), "Atšauktas", status=EventStatus.CANCELLED)
    held_event(date(2024, 12, 30), "Praėję metai")
    return held


def test_the_records_page_counts_what_the_report_shows(staff, manager, staff_client,
                                                       manager_client, events_2025):
    plan, report = started_report(staff=staff, manager=manager, metric="mokymai.events_held")
    indicator = first(plan, Indicator)
    node = tree.build(plan, actuals=True)["goals"][0]["objectives"][0]["measures"][0][
        "indicators"][0]
    assert node["actual"] == "3" and node["countable"]
    report_page = staff_client.get(reverse("planavimas:report_detail", args=[2025]))
    assert records_url(plan, indicator) in report_page.content.decode()
    for client in (staff_client, manager_client):
        response = client.get(records_url(plan, indicator))
        assert response.status_code == 200
        records = response.context["records"]
        assert records.count == 3 and records.value == node["actual"] and records.matches
        page = response.content.decode()
        for event in events_2025:
            assert f'href="{event.get_absolute_url()}"' in page and event.title in page
        assert "Juodraštis" not in page and "Praėję metai" not in page
        assert [row.day for row in records.rows] == [date(2025, 10, 2), date(2025, 5, 20),
                                                     date(2025, 3, 10)]


def test_records_up_to_a_day_of_the_year(staff, manager, staff_client, events_2025):
    plan, report = started_report(staff=staff, manager=manager, metric="mokymai.events_held")
    indicator = first(plan, Indicator)
    response = staff_client.get(records_url(plan, indicator, iki="2025-06-30"))
    assert response.context["records"].count == 2 and response.context["records"].value == "2"
    for bad in ("2025-13-01", "30-06-2025", "2024-12-31", "x"):
        assert staff_client.get(records_url(plan, indicator, iki=bad)).status_code == 404


def test_the_records_are_paginated(staff, manager, staff_client):
    plan, report = started_report(staff=staff, manager=manager, metric="mokymai.events_held")
    for day in range(1, 53):
        held_event(date(2025, 1, 1) + timezone.timedelta(days=day), f"Renginys {day}")
    response = staff_client.get(records_url(plan, first(plan, Indicator)))
    assert response.context["records"].count == 52 and len(response.context["records"].rows) == 50
    second = staff_client.get(records_url(plan, first(plan, Indicator), page=2))
    assert len(second.context["records"].rows) == 2


def test_the_records_are_not_for_librarians(staff, manager, client_a, client_b, events_2025):
    plan, report = started_report(staff=staff, manager=manager, metric="mokymai.events_held")
    from planavimas import services_workflow as workflow

    workflow.approve(workflow.submit(report, by=staff), by=manager)
    for client in (client_a, client_b):
        assert client.get(records_url(plan, first(plan, Indicator))).status_code == 404
        assert client.get(reverse("planavimas:progress", args=[2025])).status_code == 404


def test_no_records_without_a_countable_metric_or_of_another_plan(staff, manager,
                                                                    staff_client):
    plan, report = started_report(staff=staff, manager=manager)        # typed in
    assert staff_client.get(records_url(plan, first(plan, Indicator))).status_code == 404
    measure = first(plan, Measure)
    ratio = Indicator.objects.create(measure=measure, name="Kaina", planned=1,
                                     metric="mokymai.cost_per_participant_hour")
    gone = Indicator.objects.create(measure=measure, name="Pašalinta", planned=1,
                                    metric="nebera.tokio")
    for indicator in (ratio, gone):
        assert staff_client.get(records_url(plan, indicator)).status_code == 404
    other = make_plan(year=2026, metric="mokymai.events_held")
    url = reverse("planavimas:indicator_records", args=[2025, first(other, Indicator).pk])
    assert staff_client.get(url).status_code == 404
    assert staff_client.get(records_url(other, first(other, Indicator))).status_code == 200


# --- progress during the year -----------------------------------------------------------------

def test_progress_of_the_current_year_by_quarter(staff, staff_client, manager_client):
    year = timezone.localdate().year
    with time_machine.travel(date(year, 8, 15), tick=False):
        plan = make_plan(year=year, measures=3, metric="mokymai.events_held")
        first_q, second_q, fourth_q = Measure.objects.filter(
            objective__goal__plan=plan).order_by("position")
        Measure.objects.filter(pk=first_q.pk).update(quarter=1)
        Measure.objects.filter(pk=second_q.pk).update(quarter=2, result="done")
        typed = Indicator.objects.filter(measure=fourth_q)
        typed.update(metric="", actual_manual=Decimal("4"))
        held_event(date(year, 2, 3), "Vasario seminaras")
        held_event(date(year, 5, 5), "Gegužės seminaras")
        held_event(date(year, 8, 1), "Rugpjūčio seminaras")
        held_event(date(year, 8, 20), "Dar bus", status=EventStatus.PUBLISHED)
        assert manager_client.get(reverse("planavimas:progress", args=[year])).status_code \
            == 200
        response = staff_client.get(reverse("planavimas:progress", args=[year]))
    assert response.status_code == 200
    quarters = response.context["quarters"]
    assert [q["begun"] for q in quarters] == [True, True, True, False]
    assert quarters[2]["running"] and quarters[2]["until"] == date(year, 8, 15)
    measures = response.context["goals"][0]["measures"]
    row = measures[0]["rows"][0]
    assert row["quarters"] == ["1", "2", "3", None] and row["latest"] == "3"
    assert row["fulfilment"] == "30.0"
    assert measures[2]["rows"][0]["latest"] == "4" and measures[2]["rows"][0]["quarters"] == [
        None, None, None, None]
    assert [m["overdue"] for m in measures] == [True, False, False]
    assert [e["measure"]["pk"] for e in response.context["overdue"]] == [first_q.pk]
    page = response.content.decode()
    assert 'id="progress-overdue"' in page and "<meter" in page
    assert records_url(plan, first(plan, Indicator), iki=f"{year}-06-30") in page
    assert records_url(plan, first(plan, Indicator), iki=f"{year}-08-15") in page


def test_progress_is_a_404_for_a_year_without_a_plan(staff_client, client_a):
    assert staff_client.get(reverse("planavimas:progress", args=[2031])).status_code == 404
    make_plan(year=2031)
    assert client_a.get(reverse("planavimas:progress", args=[2031])).status_code == 404
