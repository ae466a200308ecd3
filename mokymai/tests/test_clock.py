"""Time and calendar (RELIABILITY.md, section G, case 61), with the clock frozen at both UTC
offsets of Europe/Vilnius: a registration deadline typed in local time near the year's end
and in summer, events across the last weekends of October 2026 and March 2027 (their
``.ics``, academic hours and days), and the daily reminder around each clock change.

Lithuania is UTC+2 in winter and UTC+3 in summer; the clocks go back on 25 October 2026
(04:00 → 03:00) and forward on 28 March 2027 (03:00 → 04:00)."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from mokymai.models import Attendance, Session
from mokymai.services import Refused, attended_hours, mark_attendance, refresh_dates, register
from mokymai.tasks import send_reminders
from mokymai.tests.factories import make_event, make_person
from portalas.clock import aware

pytestmark = pytest.mark.django_db

VILNIUS = ZoneInfo("Europe/Vilnius")


def local(*args) -> datetime:
    return datetime(*args, tzinfo=VILNIUS)


def frozen(moment: datetime):
    return time_machine.travel(moment, tick=False)


# --- a registration deadline typed in local time ---------------------------------------------

@pytest.mark.parametrize(("closes_on", "offset"), [
    (date(2027, 1, 31), timedelta(hours=2)),     # winter, at the year's turn of the books
    (date(2026, 7, 31), timedelta(hours=3)),     # summer
], ids=["winter", "summer"])
def test_a_window_closing_at_23_59_local_is_open_at_23_58_and_shut_at_midnight(
        librarian_a, territory, closes_on, offset):
    closes = aware(closes_on, time(23, 59))
    assert closes.utcoffset() == offset
    # stored in UTC: 21:59 in winter, 20:59 in summer — never 23:59 UTC
    assert closes.astimezone(UTC).time() == (datetime.combine(closes_on, time(23, 59))
                                             - offset).time()
    with frozen(local(closes_on.year, closes_on.month, closes_on.day, 12, 0)):
        event = make_event(day=closes_on + timedelta(days=10),
                           registration_opens=aware(closes_on - timedelta(days=30), time(9)),
                           registration_closes=closes)
    me = make_person(territory.central_a, user=librarian_a)
    late = make_person(territory.central_a, first="Vėluojanti", last="Kolegė")
    # a colleague of the director's library; the director registers her at 00:00
    with frozen(local(closes_on.year, closes_on.month, closes_on.day, 23, 58)):
        assert event.registration_state() == "open"
        assert register(event=event, person=me, by=librarian_a).status == "registered"
    midnight = local(closes_on.year, closes_on.month, closes_on.day, 23, 59) + \
        timedelta(minutes=1)
    assert (midnight.hour, midnight.minute) == (0, 0)
    with frozen(midnight):
        assert event.registration_state() == "closed"
        with pytest.raises(Refused) as refused:
            register(event=event, person=late, by=librarian_a)
        assert refused.value.code == "closed"
    # one minute before midnight UTC would still have been "open" had the deadline been
    # compared in UTC wall-clock: it is not
    with frozen(datetime.combine(closes_on, time(23, 58), tzinfo=UTC)):
        assert event.registration_state() == "closed"


def signed_in(user) -> Client:
    """A client signed in at the frozen moment (the session's idle timeout counts from
    the sign-in)."""
    client = Client()
    client.force_login(user, backend="paskyros.backends.EmailBackend")
    return client


def test_the_register_page_shows_the_local_deadline_and_refuses_at_midnight(
        librarian_a, territory):
    closes = aware(date(2027, 1, 31), time(23, 59))
    url = None
    with frozen(local(2027, 1, 31, 23, 58)):
        event = make_event(day=date(2027, 2, 10), registration_opens=None,
                           registration_closes=closes)
        url = reverse("mokymai:event_register", args=[event.pk])
        page = signed_in(librarian_a).get(event.get_absolute_url()).content.decode()
        assert "2027-01-31 23:59" in page and "21:59" not in page
        response = signed_in(librarian_a).get(url)
        assert response.context["state"] == "open" and response.context["form"] is not None
    with frozen(local(2027, 2, 1, 0, 0)):
        response = signed_in(librarian_a).get(url)
        assert response.context["state"] == "closed" and response.context["form"] is None
    assert not event.registrations.exists()


# --- an event across each clock change ----------------------------------------------------------

def four_days(first: date, title: str):
    """Friday to Monday, 10:00–13:00 each day (4 academic hours a day)."""
    with frozen(local(first.year, first.month, 1, 12, 0)):
        return make_event(title=title, day=first, sessions=4, registration_opens=None,
                          registration_closes=None, capacity=None)


def parsed(client, event):
    response = client.get(reverse("mokymai:event_ics", args=[event.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    return text, list(Calendar.from_ical(response.content).walk("VEVENT"))


@pytest.mark.parametrize(("friday", "offsets"), [
    (date(2026, 10, 23), [3, 3, 2, 2]),      # back on Sunday 25 October
    (date(2027, 3, 26), [2, 2, 3, 3]),       # forward on Sunday 28 March
], ids=["october-2026", "march-2027"])
def test_a_multi_day_event_across_the_clock_change(staff_client, staff, territory, friday,
                                                   offsets):
    event = four_days(friday, "Keturių dienų kursai")
    days = [friday + timedelta(days=n) for n in range(4)]
    assert (event.starts_on, event.ends_on) == (days[0], days[-1])

    # the .ics: every session at 10:00–13:00 Vilnius time, with the right UTC instant
    text, vevents = parsed(staff_client, event)
    assert "BEGIN:VTIMEZONE" in text and "TZID:Europe/Vilnius" in text
    for day in days:
        assert f"DTSTART;TZID=Europe/Vilnius:{day:%Y%m%d}T100000" in text
    starts = sorted(v.decoded("dtstart") for v in vevents)
    ends = sorted(v.decoded("dtend") for v in vevents)
    assert [s.astimezone(VILNIUS).date() for s in starts] == days
    assert {s.astimezone(VILNIUS).time() for s in starts} == {time(10, 0)}
    assert {e.astimezone(VILNIUS).time() for e in ends} == {time(13, 0)}
    assert [s.utcoffset() for s in starts] == [timedelta(hours=h) for h in offsets]
    assert [s.astimezone(UTC).hour for s in starts] == [10 - h for h in offsets]

    # academic hours: 3 hours a day, 4 academic hours, 16 in all — the lost or gained hour
    # happens at night and changes nothing
    sessions = list(event.sessions.all())
    assert [s.minutes for s in sessions] == [180] * 4
    assert event.total_hours == Decimal("16.00")
    person = make_person(territory.central_a)
    with frozen(local(friday.year, friday.month, 1, 12, 0)):
        registration = register(event=event, person=person, by=staff)
    with frozen(local(days[-1].year, days[-1].month, days[-1].day, 14, 0)):
        for session in sessions:
            mark_attendance(registration=registration, session=session, by=staff)
    registration.refresh_from_db()
    assert attended_hours(registration) == Decimal("16.00")

    # the days: the page and the month calendar list the four local days, nothing else
    page = staff_client.get(event.get_absolute_url()).content.decode()
    for day in days:
        assert f"{day:%Y-%m-%d}" in page
    assert f'<time datetime="{days[0]:%Y-%m-%d}">' in page     # the event's dates
    assert f'–<time datetime="{days[-1]:%Y-%m-%d}">' in page
    calendar = staff_client.get(reverse("mokymai:event_calendar"),
                                {"month": f"{friday:%Y-%m}"})
    listed = [cell["day"] for cell in calendar.context["days"]]
    assert listed == [d for d in days if d.month == friday.month]


@pytest.mark.parametrize(("night", "minutes", "hours"), [
    (date(2026, 10, 25), 240, Decimal("5.33")),   # 02:00–05:00 lasts 4 hours
    (date(2027, 3, 28), 120, Decimal("2.67")),    # 02:00–05:00 lasts 2 hours
], ids=["october-2026", "march-2027"])
def test_a_session_through_the_night_of_the_change_counts_the_real_time(night, minutes,
                                                                        hours, staff_client):
    event = make_event(title="Naktinis budėjimas", day=night, start=time(2, 0),
                       end=time(5, 0), registration_opens=None, registration_closes=None)
    session = event.sessions.get()
    assert (session.minutes, session.hours) == (minutes, hours)
    _text, [vevent] = parsed(staff_client, event)
    start, end = vevent.decoded("dtstart"), vevent.decoded("dtend")
    assert (start.astimezone(VILNIUS).time(), end.astimezone(VILNIUS).time()) == (
        time(2, 0), time(5, 0))
    # (a difference of two times in one zone is wall-clock time in Python: compare in UTC)
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(minutes=minutes)


@pytest.mark.parametrize("night", [date(2026, 10, 25), date(2027, 3, 28)])
def test_03_30_on_the_night_of_the_change_is_refused_with_a_reason(night):
    with pytest.raises(ValidationError) as refused:
        aware(night, time(3, 30))
    assert refused.value.code in {"ambiguous_time", "nonexistent_time"}


# --- the reminder around each clock change ---------------------------------------------------

def one_day(day: date, title: str, start=time(10, 0), end=time(13, 0), sessions=1):
    with frozen(local(day.year, day.month, 1, 8, 0)):
        return make_event(title=title, day=day, start=start, end=end, sessions=sessions,
                          registration_opens=None, registration_closes=None, capacity=None)


def reminded_titles(at: datetime) -> list[str]:
    mail.outbox.clear()
    with frozen(at):
        send_reminders()
    return sorted(m.subject.split(": ", 1)[1] for m in mail.outbox)


@pytest.mark.parametrize("change", [date(2026, 10, 25), date(2027, 3, 28)],
                         ids=["october-2026", "march-2027"])
def test_reminders_at_09_00_local_on_the_days_around_the_change(staff, territory, change):
    saturday, monday = change - timedelta(days=1), change + timedelta(days=1)
    events = {
        "Šeštadienį": one_day(saturday, "Šeštadienį"),
        "Sekmadienį": one_day(change, "Sekmadienį"),
        "Pirmadienį": one_day(monday, "Pirmadienį"),
        # 00:30 on Monday is still Sunday in UTC: the day is Lithuania's
        "Pirmadienio naktį": one_day(monday, "Pirmadienio naktį", start=time(0, 30),
                                     end=time(2, 0)),
        # Friday to Monday: one reminder, on Thursday, not before each day
        "Kursai": one_day(saturday - timedelta(days=1), "Kursai", sessions=4),
    }
    with frozen(local(change.year, change.month, 1, 8, 0)):
        for title, event in events.items():
            register(event=event, person=make_person(territory.central_a, first=title[:10],
                                                     last="Dalyvė"), by=staff)
    thursday = saturday - timedelta(days=2)

    def nine(day):
        return local(day.year, day.month, day.day, 9, 0)

    assert reminded_titles(nine(thursday)) == ["Kursai"]
    assert reminded_titles(nine(saturday - timedelta(days=1))) == ["Šeštadienį"]
    assert reminded_titles(nine(saturday)) == ["Sekmadienį"]
    assert reminded_titles(nine(change)) == ["Pirmadienio naktį", "Pirmadienį"]
    assert reminded_titles(nine(monday)) == []
    # the beat runs at 09:00 local: at the other offset that is a different UTC hour, and
    # a run at 09:00 UTC (11:00 or 12:00 local) of the same day sends nothing again
    assert nine(saturday).utcoffset() != nine(monday).utcoffset()
    assert reminded_titles(datetime.combine(change, time(9, 0), tzinfo=UTC)) == []


def test_a_three_day_course_sends_one_reminder_per_registration(staff, territory):
    first = date(2026, 11, 17)
    course = one_day(first, "Trijų dienų kursai", sessions=3)
    with frozen(local(2026, 11, 1, 8, 0)):
        register(event=course, person=make_person(territory.central_a), by=staff)
    sent = [reminded_titles(local(day.year, day.month, day.day, 9, 0))
            for day in (first - timedelta(days=1), first, first + timedelta(days=1))]
    assert sent == [["Trijų dienų kursai"], [], []]


def test_a_session_added_before_the_first_day_moves_the_reminder(staff, territory):
    course = one_day(date(2026, 11, 18), "Perkeltas")
    with frozen(local(2026, 11, 1, 8, 0)):
        register(event=course, person=make_person(territory.central_a), by=staff)
    Session.objects.create(event=course, starts_at=aware(date(2026, 11, 17), time(10)),
                           ends_at=aware(date(2026, 11, 17), time(12)))
    refresh_dates(event=course)
    assert reminded_titles(local(2026, 11, 16, 9, 0)) == ["Perkeltas"]
    assert reminded_titles(local(2026, 11, 17, 9, 0)) == []
    assert not Attendance.objects.exists()
