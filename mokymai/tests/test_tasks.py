"""The daily jobs: the reminder the day before (Vilnius days, once a day) and the nightly
step that marks finished events as held."""

from datetime import time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from mokymai.models import EventStatus, Session
from mokymai.services import refresh_dates, register
from mokymai.tasks import mark_held_events, send_reminders
from mokymai.tests.factories import make_event, make_person
from portalas.clock import aware

pytestmark = pytest.mark.django_db


def test_the_reminder_goes_the_day_before_to_the_registered_only_once(staff, territory):
    tomorrow = timezone.localdate() + timedelta(days=1)
    # 00:30 Vilnius tomorrow is still "today" in UTC: the day is Lithuania's
    event = make_event(capacity=1, day=tomorrow, start=time(0, 30), end=time(2, 0),
                       registration_closes=None)
    later = make_event(title="Poryt", day=tomorrow + timedelta(days=1))
    placed = register(event=event, person=make_person(territory.central_a), by=staff)
    register(event=event, person=make_person(territory.central_a, first="Laukia"), by=staff)
    register(event=later, person=make_person(territory.central_a, first="Poryt"), by=staff)
    mail.outbox.clear()
    assert send_reminders() == 1
    [reminder] = mail.outbox
    assert reminder.to == [placed.email] and reminder.subject.startswith("[Regionas] Rytoj:")
    assert "00:30" in reminder.body
    assert send_reminders() == 0          # a second run the same day sends nothing


def test_a_cancelled_event_sends_no_reminder(staff, territory):
    event = make_event(day=timezone.localdate() + timedelta(days=1), registration_closes=None)
    register(event=event, person=make_person(territory.central_a), by=staff)
    event.status = EventStatus.CANCELLED
    event.save()
    mail.outbox.clear()
    assert send_reminders() == 0 and not mail.outbox


def test_finished_events_become_held_overnight_and_future_ones_do_not(staff):
    yesterday = timezone.localdate() - timedelta(days=1)
    past = make_event(title="Vakar", registration_opens=None, registration_closes=None,
                      day=yesterday - timedelta(days=1))
    future = make_event(title="Ateityje")
    # a multi-day event still running today stays published
    running = make_event(title="Vyksta", registration_opens=None, registration_closes=None,
                         day=yesterday)
    Session.objects.create(event=running, starts_at=aware(timezone.localdate(), time(10)),
                           ends_at=aware(timezone.localdate(), time(12)))
    refresh_dates(event=running)
    assert mark_held_events() == 1
    statuses = {e.title: e.status for e in (past, future, running)
                for e in [type(e).objects.get(pk=e.pk)]}
    assert statuses == {"Vakar": "held", "Ateityje": "published", "Vyksta": "published"}
