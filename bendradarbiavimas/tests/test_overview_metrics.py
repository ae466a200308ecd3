"""The cooperation metrics (charter functions 5.2 and 5.3) counted by hand on the year
``build_year`` makes: the edges of a period (an agreement ending on 31 December, one
terminated mid-year or on 1 January, a meeting just after midnight on New Year's day in
Vilnius, a decision made in 2025 and done in 2026), the scopes, the ratio and the command
that prints them."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from bendradarbiavimas import selectors_overview as figures_of
from bendradarbiavimas.models import DecisionStatus
from bendradarbiavimas.tests.factories_overview import (
    add_member,
    build_year,
    make_decision,
    make_group,
    make_meeting,
)
from portalas.metrics import Period, Scope
from portalas.registry import metric, metrics
from portalas.testing import count_queries

pytestmark = pytest.mark.django_db

Y2025 = Period.year(2025)
Y2026 = Period.year(2026)
NAMES = ["bendradarbiavimas.partners_active", "bendradarbiavimas.agreements_in_force",
         "bendradarbiavimas.meetings", "bendradarbiavimas.decisions_made",
         "bendradarbiavimas.decisions_done", "bendradarbiavimas.decisions_done_share"]


@pytest.fixture
def year(territory):
    return build_year(territory)


def value(name, period, scope=None):
    return metric(name).value(period, scope)


def test_the_metrics_are_declared_for_their_functions():
    declared = {m.name: m for m in metrics()}
    assert set(NAMES) <= set(declared)
    assert {declared[n].function for n in NAMES[:2]} == {"5.2"}
    assert {declared[n].function for n in NAMES[2:]} == {"5.3"}
    share = declared["bendradarbiavimas.decisions_done_share"]
    assert share.is_ratio and share.unit == "%" and share.scale == 100
    assert share.numerator == "bendradarbiavimas.decisions_done"
    assert share.denominator == "bendradarbiavimas.decisions_made"
    assert all(declared[n].count_records is not None for n in NAMES if n != share.name)
    assert declared["bendradarbiavimas.meetings"].label_lt == \
        "Įvykę komisijų ir darbo grupių posėdžiai"


def test_partners_active_are_those_with_an_agreement_in_force_or_a_contact(year):
    records = metric("bendradarbiavimas.partners_active").records(Y2025)
    assert set(records) == {year.kretinga, year.skuodas, year.terminated}
    assert value("bendradarbiavimas.partners_active", Y2025) == 3


def test_a_partner_marked_inactive_is_not_counted_though_contacted(year):
    assert year.inactive not in metric("bendradarbiavimas.partners_active").records(Y2025)


def test_an_agreement_ending_on_31_december_counts_that_year_only(year):
    in_force = metric("bendradarbiavimas.agreements_in_force")
    assert year.agreement_kretinga in in_force.records(Y2025)
    assert year.agreement_kretinga not in in_force.records(Y2026)
    assert set(in_force.records(Y2026)) == {year.agreement_next}
    assert set(metric("bendradarbiavimas.partners_active").records(Y2026)) == {year.next_year}


def test_an_agreement_terminated_mid_year_counts_until_its_termination(year):
    in_force = metric("bendradarbiavimas.agreements_in_force")
    assert set(in_force.records(Y2025)) == {year.agreement_kretinga, year.agreement_terminated}
    assert in_force.value(Period.quarter(2025, 2)) == 2
    assert set(in_force.records(Period.quarter(2025, 3))) == {year.agreement_kretinga}


def test_an_agreement_terminated_on_1_january_is_not_in_force_that_year(year):
    assert year.agreement_gone not in metric(
        "bendradarbiavimas.agreements_in_force").records(Y2025)
    assert year.agreement_gone in metric(
        "bendradarbiavimas.agreements_in_force").records(Period.year(2024))
    assert year.last_year not in metric("bendradarbiavimas.partners_active").records(Y2025)


def test_partners_and_agreements_by_scope_follow_the_linked_libraries(year, territory):
    active = "bendradarbiavimas.partners_active"
    assert value(active, Y2025, Scope.of_municipality(territory.municipality_a)) == 1
    assert value(active, Y2025, Scope.of_municipality(territory.municipality_b)) == 1
    assert value(active, Y2025, Scope.of_library(territory.system_a)) == 1   # with outlets
    assert value(active, Y2025, Scope.of_library(territory.school_b)) == 1
    assert value(active, Y2025, Scope.of_library(territory.system_b)) == 0
    in_force = metric("bendradarbiavimas.agreements_in_force")
    assert set(in_force.records(Y2025, Scope.of_municipality(territory.municipality_a))) == {
        year.agreement_kretinga}
    assert in_force.value(Y2025, Scope.of_municipality(territory.municipality_b)) == 0


def test_meetings_count_the_held_ones_by_their_day_in_vilnius(year):
    meetings = metric("bendradarbiavimas.meetings")
    assert set(meetings.records(Y2025)) == {year.new_year, year.march, year.november,
                                             year.national_may, year.school_feb,
                                             year.school_june}
    assert set(meetings.records(Period.year(2024))) == {year.school_2024}
    assert meetings.value(Period.quarter(2025, 1)) == 3


def test_a_municipality_counts_the_territory_groups_meetings_with_its_member_on_the_day(
        year, territory):
    meetings = metric("bendradarbiavimas.meetings")
    kretinga = Scope.of_municipality(territory.municipality_a)
    assert set(meetings.records(Y2025, kretinga)) == {year.new_year, year.march,
                                                       year.november}   # not the national
    skuodas = Scope.of_municipality(territory.municipality_b)
    assert set(meetings.records(Y2025, skuodas)) == {year.school_feb}   # member left in March
    assert meetings.value(Y2025, Scope.of_library(territory.school_b)) == 1
    assert meetings.value(Y2025, Scope.of_library(territory.system_a)) == 3
    assert meetings.value(Y2025, Scope.of_library(territory.system_b)) == 0


def test_a_member_known_only_by_their_account_counts_for_their_library(territory, librarian_b):
    from bibliotekos.models import Person

    Person.objects.create(first_name="Birutė", last_name="Bėrienė", library=territory.school_b,
                          user=librarian_b)
    group = make_group("Skaitymo skatinimo grupė")
    from bendradarbiavimas.models import GroupMember

    GroupMember.objects.create(group=group, user=librarian_b, name="Birutė Bėrienė")
    make_meeting(group, date(2025, 9, 9))
    assert value("bendradarbiavimas.meetings", Y2025,
                 Scope.of_library(territory.school_b)) == 1


def test_decisions_made_and_done_in_the_period(year):
    made = metric("bendradarbiavimas.decisions_made")
    assert set(made.records(Y2025)) == {year.done_early, year.done_late, year.open_later,
                                        year.national_overdue}
    assert set(metric("bendradarbiavimas.decisions_done").records(Y2025)) == {year.done_early}
    assert value("bendradarbiavimas.decisions_done_share", Y2025) == Decimal(25)


def test_a_decision_made_in_2025_and_done_in_2026_is_not_done_in_either_share(year):
    assert year.done_late not in metric("bendradarbiavimas.decisions_done").records(Y2025)
    assert year.done_late not in metric("bendradarbiavimas.decisions_made").records(Y2026)
    assert value("bendradarbiavimas.decisions_made", Y2026) == 0
    assert value("bendradarbiavimas.decisions_done_share", Y2026) is None
    # the one made at the 2024 meeting and done in January 2025 neither
    assert value("bendradarbiavimas.decisions_made", Period.year(2024)) == 1
    assert value("bendradarbiavimas.decisions_done", Period.year(2024)) == 0
    assert value("bendradarbiavimas.decisions_done_share", Period.year(2024)) == 0


def test_cancelled_decisions_and_those_of_unheld_meetings_are_not_made(year):
    made = set(metric("bendradarbiavimas.decisions_made").records(Y2025))
    assert year.cancelled_decision not in made and year.unheld not in made


def test_the_share_is_sum_over_sum_in_a_scope(year, territory):
    kretinga = Scope.of_municipality(territory.municipality_a)
    assert value("bendradarbiavimas.decisions_made", Y2025, kretinga) == 3
    assert value("bendradarbiavimas.decisions_done", Y2025, kretinga) == 1
    share = value("bendradarbiavimas.decisions_done_share", Y2025, kretinga)
    assert round(share, 1) == Decimal("33.3")
    assert value("bendradarbiavimas.decisions_done_share", Y2025,
                 Scope.of_municipality(territory.municipality_b)) is None


def test_overdue_decisions_are_counted_at_the_periods_end_or_today(year):
    assert set(figures_of.decisions_overdue(Y2025, today=date(2026, 3, 1))) == {
        year.done_late, year.national_overdue}
    assert set(figures_of.decisions_overdue(Y2025, today=date(2025, 6, 15))) == {
        year.done_late}


def test_the_figures_agree_with_the_metrics(year):
    found = figures_of.figures(Y2025, today=date(2026, 3, 1))
    totals = found.totals
    assert totals["partners_active"] == value("bendradarbiavimas.partners_active", Y2025)
    assert totals["agreements_in_force"] == 2 and totals["agreements_signed"] == 1
    assert totals["meetings"] == value("bendradarbiavimas.meetings", Y2025) == 6
    assert (totals["quorum"], totals["no_quorum"], totals["quorum_unknown"]) == (4, 1, 1)
    assert (totals["made"], totals["done"], totals["overdue"]) == (4, 1, 2)
    assert totals["share"] == value("bendradarbiavimas.decisions_done_share", Y2025)
    assert totals["decisions_no_quorum"] == 1
    rows = {row["name"]: row for row in found.groups}
    assert [row["name"] for row in found.groups] == [
        "Mokyklų bibliotekų komisija", "Vaikų bibliotekininkų darbo grupė", "LBD sekcija"]
    kids = rows["Vaikų bibliotekininkų darbo grupė"]
    assert (kids["held"], kids["no_quorum"], kids["made"], kids["done"], kids["overdue"]) == (
        3, 1, 3, 1, 1)
    assert rows["LBD sekcija"]["overdue"] == 1
    assert rows["Mokyklų bibliotekų komisija"]["made"] == 0
    assert rows["Mokyklų bibliotekų komisija"]["share"] is None


def test_partners_new_by_their_since_date_or_the_day_entered(year):
    assert set(figures_of.partners_new(Y2025)) == {year.kretinga}
    # without a "since" date the day it was entered counts (today, in these tests)
    from django.utils import timezone

    this_year = Period.year(timezone.localdate().year)
    assert {year.skuodas, year.inactive} <= set(figures_of.partners_new(this_year))


def test_the_figures_take_a_fixed_number_of_queries(territory):
    def grow(count, start):
        for number in range(count):
            group = make_group(f"Grupė {start + number}")
            add_member(group, library=territory.branch_a)
            meeting = make_meeting(group, date(2025, 4, 1 + number % 28))
            for _ in range(3):
                make_decision(meeting, due_on=date(2025, 5, 1))
            make_decision(meeting, due_on=date(2025, 5, 1), status=DecisionStatus.DONE,
                          done_on=date(2025, 4, 20))

    grow(2, 0)
    few = count_queries(lambda: figures_of.figures(Y2025))
    grow(28, 100)
    assert count_queries(lambda: figures_of.figures(Y2025)) == few
    assert figures_of.figures(Y2025).totals["made"] == 120


def test_the_metrics_command_prints_them(year):
    out = io.StringIO()
    call_command("metrics", year=2025, function="5.3", stdout=out)
    printed = out.getvalue()
    for name in NAMES[2:]:
        assert name in printed
    line = next(row for row in printed.splitlines()
                if row.startswith("bendradarbiavimas.decisions_done_share"))
    assert "25" in line and "%" in line
    out = io.StringIO()
    call_command("metrics", year=2026, function="5.2", stdout=out)
    assert "bendradarbiavimas.partners_active" in out.getvalue()
