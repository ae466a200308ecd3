"""The shared calendar page: a month of library events with the other calendars' entries
(the department's trainings from ``mokymai``, through the kit's calendar sources), told
apart in a legend; the filters, the grid and the agenda, long exhibitions."""

from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mokymai.tests.factories import make_event
from portalas import registry
from portalas.clock import local_zone
from viesinimas.models import Audience
from viesinimas.tests.factories_events import make_activity, make_theme

pytestmark = pytest.mark.django_db


def _next_month() -> date:
    today = timezone.localdate()
    return (today.replace(day=28) + timedelta(days=7)).replace(day=1)


def _page(client, month: date, **query):
    from urllib.parse import urlencode

    params = {"month": f"{month:%Y-%m}", **query}
    return client.get(reverse("viesinimas:calendar") + "?" + urlencode(params))


def _items(response, *, in_month_only=True):
    """Every (day, item) of the grid."""
    return [(cell["day"], item) for week in response.context["weeks"] for cell in week
            for item in cell["items"] if cell["in_month"] or not in_month_only]


def _urls(response, *, events: bool | None = None) -> list[str]:
    return [item["url"] for _day, item in _items(response)
            if events is None or item["is_event"] == events]


@pytest.fixture
def fake_source():
    """A calendar of another app: one entry of library A's branch, one of school B and one
    of no library, on the 10th of next month."""
    from bibliotekos.models import Library

    state = registry.snapshot()
    day = _next_month().replace(day=10)

    def entries(start, end, user):
        if not start <= day <= end:
            return
        for code, url in (("SVB-KRE-F01", "/kita/a/"), ("MB-SKU-001", "/kita/b/"),
                          (None, "/kita/visiems/")):
            library = Library.objects.get(code=code) if code else None
            yield registry.CalendarEntry(title=f"Kita {url}", start=day, url=url,
                                         source="test.other", library=library)

    registry.calendar_source("test.other", label="Kiti terminai", entries=entries)
    yield day
    registry.restore(state)


def test_the_departments_trainings_appear_beside_the_library_events(territory, staff,
                                                                     client_b):
    month = _next_month()
    training = make_event(title="Skaitmeninio raštingumo seminaras", day=month.replace(day=8))
    event = make_activity(territory.system_a, by=staff, title="Advento vakaras",
                          starts_on=month.replace(day=8), start_time=time(17, 0))
    response = _page(client_b, month)
    assert response.status_code == 200
    day_items = [item for day, item in _items(response) if day == month.replace(day=8)]
    assert {item["key"] for item in day_items} == {"events", "mokymai.events"}
    training_item = next(item for item in day_items if item["key"] == "mokymai.events")
    assert training_item["url"] == reverse("mokymai:event_detail", args=[training.pk])
    assert training_item["time"] == time(10, 0) and not training_item["is_event"]
    assert {style["key"] for style in response.context["legend"]} >= {"events",
                                                                     "mokymai.events"}
    content = response.content.decode()
    assert 'id="calendar-legend"' in content and event.get_absolute_url() in content


def test_a_library_event_is_shown_once_not_again_as_its_own_calendar_source(territory,
                                                                            client_a):
    month = _next_month()
    event = make_activity(territory.system_a, starts_on=month.replace(day=12))
    assert "viesinimas.events" in registry.calendar_sources
    urls = _urls(_page(client_a, month))
    assert urls.count(event.get_absolute_url()) == 1
    assert "viesinimas.events" not in {s["key"] for s in _page(client_a, month)
                                       .context["legend"]}


def test_other_calendars_follow_the_library_and_municipality_filters(territory, client_a,
                                                                     fake_source):
    month = _next_month()
    everything = set(_urls(_page(client_a, month), events=False))
    assert {"/kita/a/", "/kita/b/", "/kita/visiems/"} <= everything
    by_library = set(_urls(_page(client_a, month, library=territory.system_a.pk),
                           events=False))
    assert "/kita/a/" in by_library and "/kita/b/" not in by_library
    assert "/kita/visiems/" in by_library         # an entry of no library stays
    by_municipality = set(_urls(_page(client_a, month,
                                      municipality=territory.municipality_b.pk),
                                events=False))
    assert "/kita/b/" in by_municipality and "/kita/a/" not in by_municipality


@pytest.mark.parametrize("name", ["audience", "theme", "kind"])
def test_other_calendars_are_hidden_under_the_library_event_filters(name, territory, client_a,
                                                                     fake_source):
    theme = make_theme()
    event = make_activity(territory.system_a, starts_on=fake_source, audience=Audience.SENIORS,
                          themes=[theme], kind="exhibition")
    value = {"audience": Audience.SENIORS, "theme": theme.pk, "kind": "exhibition"}[name]
    response = _page(client_a, _next_month(), **{name: value})
    assert _urls(response, events=False) == []
    assert _urls(response, events=True) == [event.get_absolute_url()]


def test_library_events_only_leaves_the_other_calendars_out(territory, client_a, fake_source):
    response = _page(client_a, _next_month(), only="events")
    assert _urls(response, events=False) == []
    assert [s["key"] for s in response.context["legend"]] == ["events"]


def test_the_filters_choose_the_library_events(territory, client_a):
    month = _next_month()
    kids = make_activity(territory.branch_a, starts_on=month.replace(day=3),
                         audience=Audience.CHILDREN)
    make_activity(territory.school_b, starts_on=month.replace(day=3))
    response = _page(client_a, month, library=territory.system_a.pk, audience="children")
    assert _urls(response, events=True) == [kids.get_absolute_url()]


def test_a_short_event_is_on_each_of_its_days_a_long_one_on_its_first(territory, client_a):
    month = _next_month()
    fair = make_activity(territory.system_a, title="Knygų mugė", starts_on=month.replace(day=4),
                         ends_on=month.replace(day=6))
    exhibition = make_activity(territory.system_a, title="Paroda",
                               starts_on=month.replace(day=2),
                               ends_on=month.replace(day=27), kind="exhibition")
    earlier = make_activity(territory.system_a, title="Metų paroda",
                            starts_on=month - timedelta(days=40),
                            ends_on=month + timedelta(days=10))
    response = _page(client_a, month)
    days = {url: [] for url in (fair.get_absolute_url(), exhibition.get_absolute_url(),
                                earlier.get_absolute_url())}
    for day, item in _items(response, in_month_only=False):
        days.setdefault(item["url"], []).append(day.day)
    assert days[fair.get_absolute_url()] == [4, 5, 6]
    assert days[exhibition.get_absolute_url()] == [2]
    assert days[earlier.get_absolute_url()] == []
    assert response.context["running"] == [earlier, exhibition]


def test_a_cancelled_event_stays_marked_and_its_time_shows(territory, client_a):
    month = _next_month()
    make_activity(territory.system_a, starts_on=month.replace(day=9), start_time=time(18, 0),
                  cancelled_at=timezone.now(), cancel_reason="Liga")
    item = next(item for _day, item in _items(_page(client_a, month)) if item["is_event"])
    assert item["cancelled"] and item["time"] == time(18, 0)


def test_the_list_view_shows_the_month_as_an_agenda(territory, client_a):
    month = _next_month()
    make_activity(territory.system_a, starts_on=month.replace(day=9))
    response = _page(client_a, month, view="list")
    content = response.content.decode()
    assert response.context["view"] == "list"
    assert 'id="calendar-grid"' not in content and 'id="calendar-agenda"' in content
    grid = _page(client_a, month).content.decode()
    assert 'id="calendar-grid"' in grid and 'id="calendar-agenda"' in grid  # phone: agenda


def test_a_wrong_month_is_a_404(client_a):
    for month in ("2026-13", "12-2026", "0999-01"):
        assert client_a.get(reverse("viesinimas:calendar") + f"?month={month}"
                            ).status_code == 404


def test_the_calendar_source_gives_other_pages_the_library_events(territory, librarian_b):
    month = _next_month()
    timed = make_activity(territory.system_a, starts_on=month.replace(day=5),
                          start_time=time(17, 30), end_time=time(19, 0))
    long = make_activity(territory.branch_a, starts_on=month.replace(day=1),
                         ends_on=month.replace(day=20))
    make_activity(territory.system_a, starts_on=month.replace(day=6),
                  cancelled_at=timezone.now())
    entries = [e for e in registry.calendar_entries(month, month.replace(day=28), librarian_b)
               if e.source == "viesinimas.events"]
    assert [e.url for e in entries] == [long.get_absolute_url(), timed.get_absolute_url()]
    assert entries[0].start == month.replace(day=1) and entries[0].library == territory.branch_a
    assert entries[1].start == datetime.combine(month.replace(day=5), time(17, 30),
                                                tzinfo=local_zone())
