"""The daily jobs: the reminder the day before (Vilnius days, once a day) and the nightly
step that marks finished events as held."""

import re
from datetime import UTC, date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from mokymai.models import EventStatus, Session
from mokymai.services import cancel_registration, change_status, refresh_dates, register
from mokymai.tasks import mark_held_events, notify_event_changed, send_reminders
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


# --- the e-mails: absolute links, the queue position, local times --------------------------------

BASE = "https://portalas.regionas.example"
LINK = re.compile(r"https?://\S+")


@pytest.fixture
def base_url(settings):
    settings.PORTAL_BASE_URL = BASE
    return BASE


def links(message) -> list[str]:
    return LINK.findall(message.body)


def test_every_kind_of_training_email_links_absolutely_to_the_portal(
        base_url, staff, territory, librarian_a, django_capture_on_commit_callbacks):
    """Confirmation, waiting list, promotion, reminder, change, cancellation (of a place and
    of the event): each has a link, and every link starts with PORTAL_BASE_URL (a worker
    has no request to build one from)."""
    event = make_event(capacity=1, day=timezone.localdate() + timedelta(days=1),
                       registration_closes=None)
    with_account = make_person(territory.central_a, user=librarian_a)
    without = make_person(territory.central_a, first="Be", last="Paskyros")
    third = make_person(territory.central_a, first="Trečia", last="Eilėje")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        placed = register(event=event, person=with_account, by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        waiting = register(event=event, person=without, by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        register(event=event, person=third, by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(registration=placed, by=staff)     # cancelled + promoted
    send_reminders()                                           # the promoted one, tomorrow
    session = event.sessions.get()
    Session.objects.filter(pk=session.pk).update(starts_at=session.starts_at + timedelta(hours=1))
    notify_event_changed(event.pk)
    with django_capture_on_commit_callbacks(execute=True):
        change_status(event=event, to=EventStatus.CANCELLED, by=staff, message="Lektorė serga.")
    kinds = {
        "Užregistruota": "registered", "Laukiančiųjų sąrašas": "waiting",
        "Vieta jums": "promoted", "Rytoj": "reminder", "Pakeista": "event_changed",
        "Atšaukta registracija": "cancelled", "Atšauktas": "event_cancelled",
    }
    seen = set()
    for message in mail.outbox:
        subject = message.subject.removeprefix("[Regionas] ")
        kind = next((k for prefix, k in kinds.items() if subject.startswith(prefix + ":")),
                    subject)
        seen.add(kind)
        found = links(message)
        assert found, (kind, message.body)
        assert all(url == BASE or url.startswith(BASE + "/") for url in found), (kind, found)
        assert any(url.startswith(BASE + "/mokymai/") for url in found) or \
            kind in {"cancelled", "event_cancelled"}, (kind, found)
        assert "http://testserver" not in message.body and "127.0.0.1" not in message.body
    assert seen == set(kinds.values()), seen
    assert waiting.pk      # the promoted person had no account: links still absolute


def test_the_waiting_list_email_states_the_queue_position(
        base_url, staff, territory, django_capture_on_commit_callbacks):
    event = make_event(capacity=1)
    people = [make_person(territory.central_a, first=f"Eilė{i}", last="Laukianti")
              for i in range(3)]
    mail.outbox.clear()
    for person in people:
        with django_capture_on_commit_callbacks(execute=True):
            register(event=event, person=person, by=staff)
    first, second = (m for m in mail.outbox if "Laukiančiųjų sąrašas" in m.subject)
    assert first.to == [people[1].email] and "Jūsų eilės numeris – 1." in first.body
    assert second.to == [people[2].email] and "Jūsų eilės numeris – 2." in second.body


@pytest.mark.parametrize(("day", "utc_hour"), [
    (date(2027, 1, 20), 8),     # winter: 10:00 Vilnius is 08:00 UTC
    (date(2027, 7, 20), 7),     # summer: 10:00 Vilnius is 07:00 UTC
])
def test_the_change_email_shows_the_new_time_in_vilnius_time(base_url, staff, territory, day,
                                                             utc_hour):
    event = make_event(day=day - timedelta(days=1), start=time(9, 0), end=time(12, 0),
                       registration_closes=None)
    register(event=event, person=make_person(territory.central_a), by=staff)
    Session.objects.filter(event=event).update(starts_at=aware(day, time(10, 0)),
                                               ends_at=aware(day, time(13, 30)))
    assert event.sessions.get().starts_at.astimezone(UTC).hour == utc_hour
    mail.outbox.clear()
    # a caller with another time zone active changes nothing: the e-mail is Vilnius time
    with timezone.override(ZoneInfo("UTC")):
        notify_event_changed(event.pk)
    [message] = mail.outbox
    assert f"{day:%Y-%m-%d} 10:00–13:30" in message.body
    assert f"{utc_hour:02d}:00" not in message.body
