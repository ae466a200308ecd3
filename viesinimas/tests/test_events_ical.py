"""The calendar as iCalendar: the signed-in download of the filtered calendar, one event's
file and the public feed — parsed back with ``icalendar``: Vilnius times, whole days as
DATE values, stable UIDs, cancelled events CANCELLED, the public feed public events only."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from viesinimas.models import ActivityEvent
from viesinimas.services_events import cancel_event, update_event
from viesinimas.tests.factories_events import make_activity

pytestmark = pytest.mark.django_db
VILNIUS = ZoneInfo("Europe/Vilnius")


def _events(response) -> dict[str, object]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(c["UID"]): c for c in calendar.walk("VEVENT")}


@pytest.fixture
def events(territory, librarian_a):
    day = timezone.localdate() + timedelta(days=10)
    return {
        "evening": make_activity(territory.system_a, by=librarian_a, title="Poezijos vakaras",
                                 starts_on=day, start_time=time(18, 0), end_time=time(20, 0),
                                 place="Skaitykla", public=True),
        "exhibition": make_activity(territory.branch_a, by=librarian_a, title="Paroda",
                                    starts_on=day, ends_on=day + timedelta(days=30),
                                    kind="exhibition"),
        "school": make_activity(territory.school_b, title="Knygų savaitė mokykloje",
                                starts_on=day + timedelta(days=2), audience="youth"),
    }


def test_the_calendar_file_carries_every_event_the_user_sees(events, client_b):
    found = _events(client_b.get(reverse("viesinimas:calendar_ics")))
    assert set(found) == {f"activity-{e.pk}@regionas" for e in events.values()}
    evening = found[f"activity-{events['evening'].pk}@regionas"]
    start = evening.decoded("DTSTART")
    assert start == datetime.combine(events["evening"].starts_on, time(18, 0), tzinfo=VILNIUS)
    assert str(evening["DTSTART"].params["TZID"]) == "Europe/Vilnius"
    assert evening.decoded("DTEND").hour == 20
    assert str(evening["SUMMARY"]) == "Poezijos vakaras"
    assert "Skaitykla" in str(evening["LOCATION"]) and str(evening["STATUS"]) == "CONFIRMED"
    assert reverse("viesinimas:event_detail", args=[events["evening"].pk]) in str(evening["URL"])


def test_a_whole_day_and_a_long_exhibition_are_date_values(events, client_a):
    found = _events(client_a.get(reverse("viesinimas:calendar_ics")))
    exhibition = found[f"activity-{events['exhibition'].pk}@regionas"]
    assert type(exhibition.decoded("DTSTART")) is date
    assert exhibition["DTSTART"].params.get("VALUE") == "DATE"
    assert exhibition.decoded("DTEND") == events["exhibition"].ends_on + timedelta(days=1)
    school = found[f"activity-{events['school'].pk}@regionas"]
    assert school.decoded("DTEND") - school.decoded("DTSTART") == timedelta(days=1)


def test_the_file_follows_the_filters(events, territory, client_a):
    url = reverse("viesinimas:calendar_ics") + f"?municipality={territory.municipality_b.pk}"
    assert set(_events(client_a.get(url))) == {f"activity-{events['school'].pk}@regionas"}


def test_a_cancelled_event_is_cancelled_with_the_same_uid_and_a_higher_sequence(events,
                                                                               librarian_a,
                                                                               client_a):
    evening = events["evening"]
    before = _events(client_a.get(reverse("viesinimas:event_ics", args=[evening.pk])))
    cancel_event(evening, by=librarian_a, reason="Susirgo poetas")
    after = _events(client_a.get(reverse("viesinimas:event_ics", args=[evening.pk])))
    uid = f"activity-{evening.pk}@regionas"
    assert set(before) == set(after) == {uid}
    assert str(after[uid]["STATUS"]) == "CANCELLED"
    assert after[uid].decoded("SEQUENCE") > before[uid].decoded("SEQUENCE")
    assert "Susirgo poetas" in str(after[uid]["DESCRIPTION"])


def test_an_edit_keeps_the_uid_and_raises_the_sequence(events, librarian_a, client_a):
    evening = ActivityEvent.objects.get(pk=events["evening"].pk)
    evening.start_time = time(17, 0)
    update_event(evening, by=librarian_a, seen_version=1)
    found = _events(client_a.get(reverse("viesinimas:event_ics", args=[evening.pk])))
    vevent = found[f"activity-{evening.pk}@regionas"]
    assert vevent.decoded("DTSTART").hour == 17 and vevent.decoded("SEQUENCE") == 2


def test_the_public_feed_has_public_events_only_and_needs_no_sign_in(events, territory,
                                                                     librarian_a, client):
    cancelled = make_activity(territory.system_a, title="Atšauktas", public=True)
    cancel_event(cancelled, by=librarian_a, reason="Lektorė susirgo")
    make_activity(territory.system_a, title="Praėjęs seniai", public=True, days=-200)
    response = client.get(reverse("viesinimas:public_feed"))
    found = _events(response)
    # a cancelled public event stays, as cancelled, so a subscribed calendar drops it
    assert set(found) == {f"activity-{events['evening'].pk}@regionas",
                          f"activity-{cancelled.pk}@regionas"}
    assert str(found[f"activity-{cancelled.pk}@regionas"]["STATUS"]) == "CANCELLED"
    assert str(found[f"activity-{events['evening'].pk}@regionas"]["STATUS"]) == "CONFIRMED"
    text = response.content.decode()
    assert librarian_a.full_name not in text and librarian_a.email not in text
    assert "Lektorė susirgo" not in text     # the reason is the portal's, not the public's
    assert "/renginiai/" not in text          # no link into the portal


def test_the_public_feed_keeps_the_last_two_months(territory, client):
    recent = make_activity(territory.system_a, title="Neseniai", public=True, days=-20)
    found = _events(client.get(reverse("viesinimas:public_feed")))
    assert f"activity-{recent.pk}@regionas" in found


def test_the_public_feed_follows_the_public_filters(events, territory, client):
    make_activity(territory.school_b, title="Viešas Skuode", public=True)
    url = reverse("viesinimas:public_feed") + f"?library={territory.system_a.pk}"
    assert set(_events(client.get(url))) == {f"activity-{events['evening'].pk}@regionas"}
