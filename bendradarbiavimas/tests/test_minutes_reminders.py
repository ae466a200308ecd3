"""The decisions' reminders: three working days before the deadline (a Lithuanian holiday in
the window moves the day back), once when overdue, one e-mail per stage even when the task
runs again; an owner who turned them off gets none; the e-mail links are absolute."""

import datetime

import pytest

from bendradarbiavimas import services_minutes as services
from bendradarbiavimas.models import Decision
from bendradarbiavimas.tasks_minutes import REMINDERS, send_decision_reminders
from bendradarbiavimas.tests.factories_minutes import group_world, make_decision
from portalas.notifications import set_preference
from portalas.registry import beat_schedule
from portalas.workdays import is_working_day

pytestmark = pytest.mark.django_db

# 2026-02-16 (Monday) is the Day of the Restoration of the State of Lithuania
DUE = datetime.date(2026, 2, 18)       # Wednesday
REMIND = datetime.date(2026, 2, 12)    # Thursday: 17, (16 holiday), 13, 12


@pytest.fixture
def w(staff, librarian_a):
    return group_world(staff=staff, librarian_a=librarian_a, day=datetime.date(2026, 2, 2))


def test_the_reminder_day_skips_the_lithuanian_holiday():
    assert not is_working_day(datetime.date(2026, 2, 16))
    assert services.remind_on(DUE) == REMIND


def test_the_owner_hears_once_three_working_days_before_and_once_when_overdue(
        w, settings, mailoutbox):
    decision = make_decision(w.meeting, owner=w.secretary, due_on=DUE,
                             text="Parengti vasaros akcijos planą")
    assert send_decision_reminders(datetime.date(2026, 2, 11)) == 0
    assert send_decision_reminders(REMIND) == 1
    message = mailoutbox[0]
    assert message.to == ["sekretore@test.lt"]
    assert "Parengti vasaros akcijos planą" in message.body
    assert settings.PORTAL_BASE_URL + decision.get_absolute_url() in message.body
    assert "2026-02-18" in message.body
    assert "List-Unsubscribe" in message.extra_headers
    # the next days, the deadline itself: nothing more
    for day in (datetime.date(2026, 2, 13), datetime.date(2026, 2, 17), DUE):
        assert send_decision_reminders(day) == 0
    assert send_decision_reminders(datetime.date(2026, 2, 19)) == 1
    assert "2026-02-18" in mailoutbox[1].body
    assert send_decision_reminders(datetime.date(2026, 2, 20)) == 0
    assert len(mailoutbox) == 2


def test_a_day_missed_is_caught_up_and_a_late_decision_gets_only_the_overdue_one(
        w, mailoutbox):
    make_decision(w.meeting, owner=w.secretary, due_on=DUE)
    assert send_decision_reminders(datetime.date(2026, 2, 13)) == 1      # the 12th missed
    late = make_decision(w.meeting, owner=w.chair, due_on=datetime.date(2026, 2, 10))
    assert send_decision_reminders(datetime.date(2026, 2, 13)) == 1
    assert mailoutbox[-1].to == ["pirmininke@test.lt"]
    late.refresh_from_db()
    assert late.reminded_at is not None


def test_a_new_deadline_is_reminded_anew(w, mailoutbox):
    decision = make_decision(w.meeting, owner=w.secretary, due_on=DUE)
    send_decision_reminders(REMIND)
    decision = services.update_decision(decision=decision, text=decision.text, item=None,
                                        due_on=datetime.date(2026, 3, 4), by=w.chair)
    assert decision.reminded_at is None
    assert send_decision_reminders(datetime.date(2026, 2, 27)) == 1


def test_an_owner_who_turned_them_off_and_done_or_unowned_decisions_get_none(w, mailoutbox):
    set_preference(user=w.secretary, key=REMINDERS, enabled=False)
    make_decision(w.meeting, owner=w.secretary, due_on=DUE)
    make_decision(w.meeting, owner=w.chair, due_on=DUE, status="done")
    make_decision(w.meeting, owner_name="Jonas Išorinis", due_on=DUE)
    assert send_decision_reminders(REMIND) == 0
    assert mailoutbox == []
    assert Decision.objects.filter(reminded_at__isnull=False).count() == 0


def test_one_email_per_owner_lists_both_stages(w, mailoutbox):
    make_decision(w.meeting, owner=w.secretary, due_on=DUE, text="Pirmas darbas")
    make_decision(w.meeting, owner=w.secretary, due_on=datetime.date(2026, 2, 9),
                  text="Vėluojantis darbas")
    assert send_decision_reminders(REMIND) == 1
    body = mailoutbox[0].body
    assert "Pirmas darbas" in body and "Vėluojantis darbas" in body


def test_the_task_runs_every_morning():
    assert beat_schedule()["cooperation-decision-reminders"]["task"] == \
        "bendradarbiavimas.tasks_minutes.send_decision_reminders"
