"""The daily reminders (``pavedimai.tasks.send_reminders``): a reminder ``ASSIGNMENT_REMIND_DAYS``
working days before a task's deadline, once; a notice once its deadline has passed, to the
person and (one e-mail) to the giver; nothing on a day off, for a finished task, a cancelled
assignment or a task given within the reminder window; a person who turned reminders off
gets none. The e-mails of a write: the task given, the task reported done."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from pavedimai import services_assignments, services_tasks, tasks
from pavedimai.models import Task
from pavedimai.tests.factories import make_assignment, manager, staff
from portalas import notifications

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 12, 7)
LONG_AGO = timezone.make_aware(datetime.datetime(2026, 11, 2, 9, 0))


@pytest.fixture(autouse=True)
def _english_and_three_days(settings):
    settings.LANGUAGE_CODE = "en"
    settings.ASSIGNMENT_REMIND_DAYS = 3


@pytest.fixture
def people():
    return (manager(full_name="Vytautas Čėsna", email="vadovas@test.lt"),
            staff(full_name="Rūta Žemaitienė", email="ruta@test.lt"),
            staff(full_name="Jūratė Šimkienė", email="jurate@test.lt"))


def _assignment(boss, to, deadline, *, given_at=LONG_AGO, title="Pavedimas"):
    assignment = make_assignment(by=boss, to=to, year=2026, given_on=datetime.date(2026, 11, 2),
                                 deadline=deadline, title=title)
    Task.objects.filter(assignment=assignment).update(created_at=given_at)
    return assignment


def _sent() -> list[tuple]:
    return sorted((m.to[0], m.subject) for m in mail.outbox)


def test_a_reminder_goes_three_working_days_before_the_deadline_once(people):
    boss, ruta, jurate = people
    due = _assignment(boss, [ruta], datetime.date(2026, 12, 10), title="Thursday")   # Mon+3
    _assignment(boss, [jurate], datetime.date(2026, 12, 14), title="Later")
    assert tasks.send_reminders(MONDAY) == 1
    assert [m.to for m in mail.outbox] == [[ruta.email]]
    assert due.full_number in mail.outbox[0].subject and "2026-12-10" in mail.outbox[0].subject
    assert "3 days left" in mail.outbox[0].body
    assert Task.objects.get(assignee=ruta).reminded_on == MONDAY
    assert tasks.send_reminders(MONDAY) == 0
    assert tasks.send_reminders(datetime.date(2026, 12, 8)) == 0    # reminded once
    assert len(mail.outbox) == 1


def test_a_day_the_beat_missed_is_caught_up_but_not_on_a_day_off(people):
    boss, ruta, _jurate = people
    _assignment(boss, [ruta], datetime.date(2026, 12, 9))        # reminder day: Fri 12-04
    assert tasks.send_reminders(datetime.date(2026, 12, 5)) == 0     # Saturday
    assert tasks.send_reminders(datetime.date(2026, 12, 6)) == 0     # Sunday
    assert tasks.send_reminders(MONDAY) == 1
    assert "2 days left" in mail.outbox[0].body


def test_a_task_given_within_the_window_is_not_reminded(people):
    boss, ruta, _jurate = people
    _assignment(boss, [ruta], datetime.date(2026, 12, 9),
                given_at=timezone.make_aware(datetime.datetime(2026, 12, 4, 15, 0)))
    assert tasks.send_reminders(MONDAY) == 0


def test_an_overdue_task_is_noticed_once_to_the_person_and_to_the_giver(people):
    boss, ruta, jurate = people
    late = _assignment(boss, [ruta, jurate], datetime.date(2026, 12, 4), title="Vėluoja")
    services_tasks.report(task=Task.objects.get(assignment=late, assignee=jurate), by=jurate,
                          done=True, text="Atlikta")
    assert tasks.send_reminders(MONDAY) == 2
    sent = _sent()
    assert sent == [(ruta.email, f"[Regionas] Assignment {late.full_number} is overdue"),
                    (boss.email, "[Regionas] 1 task of your assignments became overdue")]
    giver_mail = next(m for m in mail.outbox if m.to == [boss.email])
    assert "Rūta Žemaitienė" in giver_mail.body and "Jūratė" not in giver_mail.body
    assert "List-Unsubscribe" in giver_mail.extra_headers
    assert tasks.send_reminders(datetime.date(2026, 12, 8)) == 0
    assert Task.objects.get(assignee=ruta).overdue_noticed_on == MONDAY


def test_the_delegator_hears_of_a_delegates_overdue_task_too(people):
    boss, ruta, jurate = people
    assignment = _assignment(boss, [ruta], datetime.date(2026, 12, 20))
    services_tasks.delegate(task=Task.objects.get(assignee=ruta), by=ruta, people=[jurate],
                            deadline=datetime.date(2026, 12, 4),
                            today=datetime.date(2026, 11, 20))
    Task.objects.filter(assignment=assignment).update(created_at=LONG_AGO)
    tasks.send_reminders(MONDAY)
    assert {m.to[0] for m in mail.outbox} == {boss.email, ruta.email, jurate.email}


def test_nothing_for_a_finished_task_a_cancelled_assignment_or_someone_who_opted_out(people):
    boss, ruta, jurate = people
    done = _assignment(boss, [ruta], datetime.date(2026, 12, 10))
    services_tasks.report(task=Task.objects.get(assignment=done), by=ruta, done=True,
                          text="Atlikta")
    cancelled = _assignment(boss, [jurate], datetime.date(2026, 12, 10))
    services_assignments.cancel(assignment=cancelled, by=boss, reason="Nebereikia.")
    opted_out = staff(email="nenori@test.lt")
    _assignment(boss, [opted_out], datetime.date(2026, 12, 10))
    notifications.set_preference(user=opted_out, key=tasks.REMINDER, enabled=False)
    assert tasks.send_reminders(MONDAY) == 0
    assert Task.objects.get(assignee=opted_out).reminded_on == MONDAY


def test_the_periodic_task_and_the_kinds_are_declared():
    from portalas.registry import beat_schedule

    schedule = beat_schedule()["assignment-reminders"]
    assert schedule["task"] == "pavedimai.tasks.send_reminders"
    assert not notifications.kind(tasks.ASSIGNED).optional
    assert notifications.kind(tasks.REMINDER).optional
    assert notifications.kind(tasks.REPORTED).optional


def test_the_giver_who_turned_reports_off_gets_no_done_e_mail(
        people, django_capture_on_commit_callbacks):
    boss, ruta, _jurate = people
    notifications.set_preference(user=boss, key=tasks.REPORTED, enabled=False)
    assignment = _assignment(boss, [ruta], datetime.date(2026, 12, 20))
    with django_capture_on_commit_callbacks(execute=True):
        services_tasks.report(task=Task.objects.get(assignment=assignment), by=ruta,
                              done=True, text="Atlikta")
    assert mail.outbox == []
