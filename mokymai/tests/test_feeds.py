"""Calendars: one event's .ics in Vilnius time on both sides of a clock change, the ticket's
.ics by its token, the signed-in feed, and the personal subscription addresses."""

from datetime import date, time, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from mokymai.models import CalendarFeed, EventStatus
from mokymai.services import cancel_registration, register
from mokymai.tests.factories import make_event, make_person
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def vevents(calendar: Calendar) -> list:
    return list(calendar.walk("VEVENT"))


def uids(calendar: Calendar) -> set[str]:
    return {str(e["UID"]) for e in vevents(calendar)}


def session_uid(event) -> str:
    return f"session-{event.sessions.get().pk}@regionas"


def on_day(day: date, **fields):
    return make_event(day=day, start=time(10, 0), end=time(13, 0), registration_opens=None,
                      registration_closes=None, **fields)


@pytest.mark.parametrize(("day", "offset"), [(date(2026, 10, 25), 2), (date(2026, 3, 29), 3),
                                             (date(2026, 7, 1), 3), (date(2027, 1, 15), 2)])
def test_an_events_ics_is_in_vilnius_wall_clock_time(day, offset, client_b):
    event = on_day(day)
    response = client_b.get(reverse("mokymai:event_ics", args=[event.pk]))
    assert response["Content-Disposition"] == f'attachment; filename="renginys-{event.pk}.ics"'
    calendar = parse(response)
    assert str(calendar["PRODID"]) == "-//Regionas//Mokymai//LT"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Vilnius"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Vilnius"]
    vevent, = vevents(calendar)
    start, end = vevent.decoded("DTSTART"), vevent.decoded("DTEND")
    assert str(start.tzinfo) == "Europe/Vilnius"
    assert vevent["DTSTART"].params["TZID"] == "Europe/Vilnius"
    assert (start.date(), start.hour, start.minute, end.hour) == (day, 10, 0, 13)
    assert start.utcoffset() == timedelta(hours=offset)
    assert str(vevent["UID"]) == session_uid(event)
    assert int(vevent["SEQUENCE"]) == event.version
    assert str(vevent["URL"]).endswith(event.get_absolute_url())
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert str(vevent["SUMMARY"]) == f"{event.title}: 1 dalis"


def test_a_cancelled_event_is_cancelled_in_the_calendar(client_b):
    event = on_day(date(2026, 10, 25), status=EventStatus.CANCELLED,
                   cancel_message="Lektorė susirgo.")
    vevent, = vevents(parse(client_b.get(reverse("mokymai:event_ics", args=[event.pk]))))
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert "Lektorė susirgo." in str(vevent["DESCRIPTION"])


def test_a_title_with_markup_and_new_lines_survives(client_b):
    event = make_event(title='<b>Skaitymas</b>; "vaikams",\nir tėvams')
    vevent, = vevents(parse(client_b.get(reverse("mokymai:event_ics", args=[event.pk]))))
    assert str(vevent["SUMMARY"]) == '<b>Skaitymas</b>; "vaikams", ir tėvams: 1 dalis'


def test_a_draft_events_ics_is_404_for_a_librarian_and_management(client_b, staff_client,
                                                                    manager_client):
    draft = make_event(status=EventStatus.DRAFT)
    assert client_b.get(reverse("mokymai:event_ics", args=[draft.pk])).status_code == 404
    assert manager_client.get(reverse("mokymai:event_ics", args=[draft.pk])).status_code \
        == 404
    assert staff_client.get(reverse("mokymai:event_ics", args=[draft.pk])).status_code == 200


def test_the_tickets_ics_needs_no_sign_in(staff, territory):
    event = make_event()
    registration = register(event=event, person=make_person(territory.branch_a), by=staff)
    url = reverse("mokymai:ticket_ics", args=[registration.token])
    response = Client().get(url)
    assert uids(parse(response)) == {session_uid(event)}
    assert response["X-Robots-Tag"].startswith("noindex")
    assert Client().get(reverse("mokymai:ticket_ics", args=["nera"])).status_code == 404
    cancel_registration(registration=registration, by=staff)
    vevent, = vevents(parse(Client().get(url)))
    assert str(vevent["STATUS"]) == "CANCELLED"


def test_the_signed_in_feed(client_b, staff_client):
    published = make_event(title="Paskelbtas")
    draft = make_event(title="Juodraštis", status=EventStatus.DRAFT)
    old = make_event(title="Senas", day=timezone.localdate() - timedelta(days=90),
                     registration_opens=None, registration_closes=None,
                     status=EventStatus.COMPLETED)
    librarian = uids(parse(client_b.get(reverse("mokymai:feed"))))
    assert librarian == {session_uid(published)}
    staff = uids(parse(staff_client.get(reverse("mokymai:feed"))))
    assert staff == {session_uid(published), session_uid(draft)}
    assert session_uid(old) not in staff
    assert Client().get(reverse("mokymai:feed")).status_code == 302


def feed_urls(client):
    page = client.get(reverse("mokymai:feed_settings"))
    assert page.status_code == 200
    return page.context["all_url"], page.context["mine_url"]


def path_of(url: str) -> str:
    from django.conf import settings

    assert url.startswith(settings.PORTAL_BASE_URL)
    return url[len(settings.PORTAL_BASE_URL):]


def test_the_personal_feed_works_by_key_and_stops_after_a_new_address(client_b, librarian_b):
    event = make_event()
    all_url, mine_url = feed_urls(client_b)
    feed = CalendarFeed.objects.get(user=librarian_b)
    assert feed.key in all_url and feed.last_used_at is None
    anonymous = Client()
    response = anonymous.get(path_of(all_url))
    assert uids(parse(response)) == {session_uid(event)}
    assert response["Referrer-Policy"] == "no-referrer"
    feed.refresh_from_db()
    assert feed.last_used_at is not None
    first_use = feed.last_used_at
    anonymous.get(path_of(all_url))
    feed.refresh_from_db()
    assert feed.last_used_at == first_use  # at most once an hour

    assert client_b.post(reverse("mokymai:feed_settings")).status_code == 302
    assert anonymous.get(path_of(all_url)).status_code == 404
    assert anonymous.get(path_of(mine_url)).status_code == 404
    new_all, _new_mine = feed_urls(client_b)
    assert new_all != all_url
    assert anonymous.get(path_of(new_all)).status_code == 200
    assert anonymous.get(reverse("mokymai:personal_feed_all", args=["nera"])).status_code == 404


def test_the_personal_feed_shows_a_draft_to_staff_only(staff_client, client_b, manager_client):
    draft = make_event(status=EventStatus.DRAFT)
    published = make_event()
    for client, sees_draft in ((staff_client, True), (client_b, False), (manager_client, False)):
        all_url, _mine = feed_urls(client)
        shown = uids(parse(Client().get(path_of(all_url))))
        assert session_uid(published) in shown
        assert (session_uid(draft) in shown) is sees_draft


def test_my_feed_shows_only_my_events(client_b, librarian_b, staff, territory):
    mine = make_event(title="Mano")
    make_event(title="Ne mano")
    me = make_person(territory.school_b, user=librarian_b)
    register(event=mine, person=me, by=librarian_b)
    _all, mine_url = feed_urls(client_b)
    assert uids(parse(Client().get(path_of(mine_url)))) == {session_uid(mine)}


def test_an_inactive_users_feed_is_gone(client_b, librarian_b):
    make_event()
    all_url, _mine = feed_urls(client_b)
    librarian_b.is_active = False
    librarian_b.save()
    assert Client().get(path_of(all_url)).status_code == 404


def test_a_users_feed_follows_what_they_may_see_now(territory):
    user = UserFactory(role="staff")
    feed = CalendarFeed.objects.create(user=user)
    draft = make_event(status=EventStatus.DRAFT)
    url = reverse("mokymai:personal_feed_all", args=[feed.key])
    assert session_uid(draft) in uids(parse(Client().get(url)))
    user.role = "librarian"
    user.save()
    assert session_uid(draft) not in uids(parse(Client().get(url)))
