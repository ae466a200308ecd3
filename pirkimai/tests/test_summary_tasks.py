"""The summary's reminder (daily beat): from PROCUREMENT_SUMMARY_REMIND_DAYS before the due
day until the summary is marked published, once a week at most, to staff who want it —
and the weekly notice of contracts ending soon."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import translation

from paskyros.models import Role
from pirkimai import services_contracts as services
from pirkimai.tasks_contracts import ENDING, SUMMARY, send_contracts_ending, send_summary_reminder
from pirkimai.tests.factories import make_plan
from pirkimai.tests.factories_contracts import register
from portalas import notifications
from portalas.registry import periodic_tasks
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

YEAR = 2026
DUE = date(YEAR, 3, 15)


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.LANGUAGE_CODE = "en"
    settings.PROCUREMENT_SUMMARY_DUE = "03-15"
    settings.PROCUREMENT_SUMMARY_REMIND_DAYS = 14
    settings.PROCUREMENT_CONTRACT_ENDING_DAYS = 60


@pytest.fixture
def people():
    staff = UserFactory(role=Role.STAFF, email="ruta@test.lt", full_name="Rūta Žemaitienė")
    quiet = UserFactory(role=Role.STAFF, email="tyli@test.lt", full_name="Tyli Darbuotoja")
    notifications.set_preference(user=quiet, key=SUMMARY, enabled=False)
    notifications.set_preference(user=quiet, key=ENDING, enabled=False)
    UserFactory(role=Role.MANAGEMENT, email="vadovas@test.lt")
    UserFactory(role=Role.LIBRARIAN, email="bibliotekininke@test.lt")
    UserFactory(role=Role.STAFF, email="buves@test.lt", is_active=False)
    return {"staff": staff, "quiet": quiet}


def test_both_tasks_are_scheduled():
    assert periodic_tasks.get("procurement-summary-reminder").task == \
        "pirkimai.tasks_contracts.send_summary_reminder"
    assert periodic_tasks.get("procurement-contracts-ending").task == \
        "pirkimai.tasks_contracts.send_contracts_ending"


def test_nothing_is_sent_before_the_reminders_start(people, mailoutbox):
    make_plan(YEAR)
    assert send_summary_reminder(DUE - timedelta(days=15)) == 0
    assert mailoutbox == []


def test_the_reminder_goes_once_to_staff_who_want_it_then_weekly(people, mailoutbox):
    make_plan(YEAR)
    first = DUE - timedelta(days=14)
    assert send_summary_reminder(first) == 1
    [mail] = mailoutbox
    assert mail.to == ["ruta@test.lt"]
    assert f"by {DUE.isoformat()}" in mail.subject
    assert f"/pirkimai/suvestine/{YEAR}/" in mail.body
    assert "List-Unsubscribe" in mail.extra_headers
    for day in range(1, 7):
        assert send_summary_reminder(first + timedelta(days=day)) == 0
    assert send_summary_reminder(first.isoformat()) == 0            # the same day again
    assert send_summary_reminder(first + timedelta(days=7)) == 1
    assert len(mailoutbox) == 2


def test_an_overdue_summary_is_still_reminded_weekly(people, mailoutbox):
    make_plan(YEAR)
    assert send_summary_reminder(DUE + timedelta(days=3)) == 1
    assert "overdue" in mailoutbox[0].subject
    assert send_summary_reminder(DUE + timedelta(days=5)) == 0
    assert send_summary_reminder(DUE + timedelta(days=10)) == 1


def test_no_reminder_after_the_summary_is_marked_published(people, mailoutbox):
    make_plan(YEAR)
    assert send_summary_reminder(DUE - timedelta(days=10)) == 1
    services.mark_summary_published(year=YEAR, by=people["staff"], published_on=date(YEAR, 3, 1))
    for day in range(0, 30, 3):
        assert send_summary_reminder(DUE - timedelta(days=3) + timedelta(days=day)) == 0
    assert len(mailoutbox) == 1


def test_a_year_without_a_plan_is_reminded_that_the_plan_is_missing(people, mailoutbox):
    assert send_summary_reminder(DUE - timedelta(days=1)) == 1
    assert "no procurement plan" in mailoutbox[0].body


def test_the_reminder_speaks_the_persons_language(people, mailoutbox):
    people["staff"].language = "lt"
    people["staff"].save()
    make_plan(YEAR)
    send_summary_reminder(DUE - timedelta(days=2))
    with translation.override("lt"):
        assert mailoutbox[0].body.startswith(translation.gettext("Hello %(name)s,")
                                             .split("%")[0])


def test_contracts_ending_soon_are_sent_weekly_and_nothing_when_none(people, mailoutbox):
    today, staff = date(YEAR, 6, 1), people["staff"]
    assert send_contracts_ending(today) == 0
    soon = register(staff, number="A-1", signed_on=date(YEAR, 1, 10), ends_on=date(YEAR, 6, 20),
                    value=Decimal("100"), subject="Interneto paslaugos")
    register(staff, number="A-2", signed_on=date(YEAR, 1, 10), ends_on=date(YEAR, 9, 1))
    register(staff, number="A-3", signed_on=date(YEAR, 1, 10), ends_on=date(YEAR, 5, 31))
    assert send_contracts_ending(today.isoformat()) == 1
    [mail] = mailoutbox
    assert mail.to == ["ruta@test.lt"]
    assert "1 procurement contract ends soon" in mail.subject
    assert "Interneto paslaugos" in mail.body and soon.get_absolute_url() in mail.body
    assert "A-2" not in mail.body and "A-3" not in mail.body


def test_the_contracts_ending_notice_goes_once_a_week_however_often_the_task_runs(
        people, mailoutbox):
    staff = people["staff"]
    register(staff, number="B-1", signed_on=date(YEAR, 1, 10), ends_on=date(YEAR, 6, 20))
    monday = date(YEAR, 6, 1) - timedelta(days=date(YEAR, 6, 1).weekday())
    assert send_contracts_ending(monday) == 1
    assert send_contracts_ending(monday) == 0                       # a retry, a manual run
    assert send_contracts_ending(monday + timedelta(days=3)) == 0   # the same week
    assert send_contracts_ending(monday + timedelta(days=7)) == 1   # the next week
    assert len(mailoutbox) == 2
