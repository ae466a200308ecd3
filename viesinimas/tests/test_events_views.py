"""The activity calendar's pages: who reaches what (another library's event on a write
route is a 404, a page closed to management a 403), entering and editing through the
forms (the past needs confirming, two editors at once), cancelling and deleting, the
safe Markdown of a description, the list's export and the query budgets."""

import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from portalas.testing import count_queries, query_budget
from tests.factories import UserFactory
from viesinimas.models import ActivityEvent
from viesinimas.tests.factories_events import make_activity, make_theme, many_activities

pytestmark = pytest.mark.django_db


def _url(name, event=None, **query):
    url = reverse(f"viesinimas:{name}", args=[event.pk] if event else [])
    if query:
        from urllib.parse import urlencode

        url += "?" + urlencode(query)
    return url


def _form(library, **fields) -> dict:
    data = {"library": library.pk, "title": "Kalėdinė popietė su Kalėdų seneliu",
            "kind": "meeting", "audience": "children",
            "starts_on": (timezone.localdate() + timedelta(days=12)).isoformat(),
            "start_time": "16:00", "end_time": "17:30", "place": "Vaikų skyrius",
            "description": "Skaitome ir **kuriame** atvirukus."}
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def event(territory, librarian_a):
    return make_activity(territory.system_a, by=librarian_a, public=True)


# --- who reaches what -----------------------------------------------------------------------

@pytest.mark.parametrize("name", ["event_list", "calendar", "calendar_ics"])
def test_every_signed_in_role_reads_the_calendar(name, staff_client, manager_client, client_a,
                                                 client_b):
    for client in (staff_client, manager_client, client_a, client_b):
        assert client.get(_url(name)).status_code == 200


@pytest.mark.parametrize("name", ["event_detail", "event_history", "event_ics"])
def test_every_signed_in_role_reads_an_event(name, event, staff_client, manager_client,
                                             client_a, client_b):
    for client in (staff_client, manager_client, client_a, client_b):
        assert client.get(_url(name, event)).status_code == 200


def test_an_anonymous_visitor_is_sent_to_sign_in(client, event):
    for url in (_url("event_list"), _url("calendar"), _url("event_detail", event),
                _url("calendar_ics"), _url("event_ics", event)):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL)), url


def test_another_librarys_event_edit_is_a_404_for_librarian_b(event, client_b):
    assert client_b.get(_url("event_update", event)).status_code == 404
    assert client_b.post(_url("event_update", event), _form(event.library)).status_code == 404
    assert client_b.post(_url("event_cancel", event), {"reason": "x"}).status_code == 404
    assert client_b.post(_url("event_delete", event)).status_code == 404
    event.refresh_from_db()
    assert event.cancelled_at is None and event.version == 1


def test_librarian_b_sees_no_edit_buttons_on_as_event(event, client_b):
    response = client_b.get(_url("event_detail", event))
    assert not response.context["can_edit"] and not response.context["can_cancel"]
    assert b'id="event-edit"' not in response.content


def test_management_only_reads(event, manager_client, territory):
    assert manager_client.get(_url("event_create")).status_code == 403
    assert manager_client.post(_url("event_create"), _form(territory.system_a)).status_code == 403
    assert manager_client.get(_url("event_update", event)).status_code == 403
    assert manager_client.post(_url("event_cancel", event), {"reason": "x"}).status_code == 403
    assert manager_client.post(_url("event_delete", event)).status_code == 403
    assert ActivityEvent.objects.count() == 1
    response = manager_client.get(_url("event_list"))
    assert not response.context["can_enter"]


def test_a_missing_event_is_a_404(staff_client):
    assert staff_client.get(_url("event_detail", ActivityEvent(pk=999))).status_code == 404


# --- entering -------------------------------------------------------------------------------

def test_a_director_enters_an_event_with_the_form(client_a, librarian_a, territory):
    theme = make_theme()
    response = client_a.post(_url("event_create"), _form(territory.branch_a, themes=[theme.pk],
                                                         public="on"))
    event = ActivityEvent.objects.get()
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    assert (event.library, event.created_by, event.public) == (territory.branch_a, librarian_a,
                                                               True)
    assert list(event.themes.all()) == [theme]
    assert event.start_time.strftime("%H:%M") == "16:00"


def test_the_create_form_offers_only_the_users_own_libraries(client_b, territory):
    response = client_b.get(_url("event_create"))
    choices = {pk for pk, _label in response.context["form"].fields["library"].choices}
    assert {getattr(pk, "value", pk) for pk in choices} == {territory.school_b.pk}
    assert response.context["form"].initial["library"] == territory.school_b.pk
    posted = client_b.post(_url("event_create"), _form(territory.system_a))
    assert posted.status_code == 200 and "library" in posted.context["form"].errors
    assert not ActivityEvent.objects.exists()


def test_the_day_clicked_in_the_calendar_is_the_forms_start(client_a):
    day = (timezone.localdate() + timedelta(days=5)).isoformat()
    response = client_a.get(_url("event_create", date=day))
    assert str(response.context["form"].initial["starts_on"]) == day
    assert client_a.get(_url("event_create", date="2026-02-30")).status_code == 200


def test_an_event_in_the_past_entered_as_future_is_refused_on_the_form(client_a, territory):
    past = (timezone.localdate() - timedelta(days=400)).isoformat()
    response = client_a.post(_url("event_create"), _form(territory.system_a, starts_on=past))
    assert response.status_code == 200
    assert "starts_on" in response.context["form"].errors
    assert b'id="id_record_of_past"' in response.content
    assert not ActivityEvent.objects.exists()
    both = client_a.post(_url("event_create"), _form(territory.system_a, starts_on=past,
                                                     title=""))
    assert {"title", "starts_on"} <= set(both.context["form"].errors)   # all shown at once
    confirmed = client_a.post(_url("event_create"), _form(territory.system_a, starts_on=past,
                                                          record_of_past="on"))
    assert confirmed.status_code == 302 and ActivityEvent.objects.count() == 1


def test_the_end_before_the_start_is_shown_on_its_field(client_a, territory):
    day = timezone.localdate() + timedelta(days=9)
    response = client_a.post(_url("event_create"), _form(
        territory.system_a, starts_on=day.isoformat(),
        ends_on=(day - timedelta(days=2)).isoformat()))
    assert "ends_on" in response.context["form"].errors
    times = client_a.post(_url("event_create"), _form(territory.system_a, start_time="18:00",
                                                      end_time="9:00"))
    assert "end_time" in times.context["form"].errors
    assert not ActivityEvent.objects.exists()


def test_a_typo_in_a_date_or_a_time_is_a_form_error(client_a, territory):
    response = client_a.post(_url("event_create"), _form(territory.system_a,
                                                         starts_on="2026-13-01",
                                                         start_time="25:00"))
    errors = response.context["form"].errors
    assert "starts_on" in errors and "start_time" in errors


# --- editing --------------------------------------------------------------------------------

def test_the_second_editor_is_refused_and_keeps_their_typing(event, client_a, staff_client):
    opened = client_a.get(_url("event_update", event))
    assert opened.context["version"] == 1
    assert staff_client.post(_url("event_update", event),
                             _form(event.library, title="Staff saved first",
                                   version=1)).status_code == 302
    response = client_a.post(_url("event_update", event),
                             _form(event.library, title="Mano pakeitimai", version=1))
    assert response.status_code == 200
    assert "Mano pakeitimai" in response.content.decode()
    assert response.context["form"].non_field_errors()
    assert response.context["version"] == 2
    event.refresh_from_db()
    assert event.title == "Staff saved first" and event.version == 2
    again = client_a.post(_url("event_update", event),
                          _form(event.library, title="Mano pakeitimai", version=2))
    assert again.status_code == 302
    event.refresh_from_db()
    assert (event.title, event.version) == ("Mano pakeitimai", 3)


def test_a_form_without_a_version_never_overwrites(event, client_a):
    response = client_a.post(_url("event_update", event), _form(event.library, title="Aklai"))
    assert response.status_code == 200
    event.refresh_from_db()
    assert event.title != "Aklai"


def test_a_cancelled_events_form_sends_back_to_its_page(event, client_a, librarian_a):
    from viesinimas.services_events import cancel_event

    cancel_event(event, by=librarian_a, reason="Remontas")
    response = client_a.get(_url("event_update", event))
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()


# --- cancelling and deleting ----------------------------------------------------------------

def test_cancelling_with_a_reason_from_the_events_page(event, client_a, librarian_a):
    assert client_a.post(_url("event_cancel", event), {"reason": ""}).status_code == 302
    event.refresh_from_db()
    assert event.cancelled_at is None
    response = client_a.post(_url("event_cancel", event), {"reason": "Rašytojas susirgo"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.cancel_reason == "Rašytojas susirgo"
    page = client_a.get(_url("event_detail", event))
    assert b'id="event-cancelled"' in page.content and "Rašytojas susirgo" in \
        page.content.decode()
    history = client_a.get(_url("event_history", event))
    assert "Rašytojas susirgo" in history.content.decode()


def test_the_cancel_route_takes_only_posts(event, client_a):
    assert client_a.get(_url("event_cancel", event)).status_code == 405


def test_the_creator_deletes_before_it_begins_a_colleague_may_not(event, client_a, territory):
    from django.test import Client

    colleague = UserFactory(role="librarian", email="kolege@test.lt")
    territory.system_a.memberships.create(user=colleague, role="librarian")
    other = Client()
    other.force_login(colleague, backend="paskyros.backends.EmailBackend")
    assert other.post(_url("event_delete", event)).status_code == 403
    response = client_a.post(_url("event_delete", event))
    assert response.status_code == 302 and response["Location"] == _url("event_list")
    assert not ActivityEvent.objects.exists()


# --- the event's page -----------------------------------------------------------------------

def test_a_description_is_safe_markdown(territory, staff, staff_client):
    event = make_activity(territory.system_a, by=staff, description=(
        "**Svarbu**\n\n<script>alert(1)</script> [nuoroda](javascript:alert(1))"))
    content = staff_client.get(_url("event_detail", event)).content.decode()
    assert "<strong>Svarbu</strong>" in content
    assert "<script>alert(1)" not in content and "&lt;script&gt;alert(1)" in content
    assert 'href="javascript' not in content


def test_the_events_page_links_its_history_and_calendar_file(event, client_b):
    content = client_b.get(_url("event_detail", event)).content.decode()
    assert _url("event_history", event) in content and _url("event_ics", event) in content


# --- the list and its export ----------------------------------------------------------------

def test_the_list_shows_the_upcoming_first_then_the_past(territory, staff_client):
    past = make_activity(territory.system_a, title="Praėjęs", days=-3)
    far = make_activity(territory.system_a, title="Tolimas", days=30)
    near = make_activity(territory.system_a, title="Artimas", days=1)
    rows = staff_client.get(_url("event_list")).context["rows"]
    assert [row["object"] for row in rows] == [near, far, past]


def test_the_list_filters_by_municipality_library_and_when(territory, staff_client):
    own = make_activity(territory.branch_a, title="Darbėnuose")
    other = make_activity(territory.school_b, title="Skuode")
    make_activity(territory.system_a, title="Praėjo", days=-5)
    by_library = staff_client.get(_url("event_list", library=territory.system_a.pk,
                                       when="upcoming"))
    assert [row["object"] for row in by_library.context["rows"]] == [own]
    by_municipality = staff_client.get(_url("event_list",
                                            municipality=territory.municipality_b.pk))
    assert [row["object"] for row in by_municipality.context["rows"]] == [other]


def test_the_export_opens_back_with_the_rows_unchanged(territory, staff, staff_client):
    theme = make_theme("Kraštotyra")
    event = make_activity(territory.branch_a, by=staff, title="Kraštiečių vakaras „Žodžiai“",
                          ends_on=timezone.localdate() + timedelta(days=20), themes=[theme],
                          place="Salė")
    make_activity(territory.system_a, by=staff, title="=SUM(A1)", days=40)
    response = staff_client.get(_url("event_list", export="xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert sheet.max_row == 3
    row = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert row[header[4]] == "Kraštiečių vakaras „Žodžiai“"
    assert row[header[0]].date() == event.starts_on and row[header[2]].date() == event.ends_on
    assert {territory.branch_a.name, "Kraštotyra", "Salė"} <= set(row.values())
    formula = sheet.cell(row=3, column=5)
    assert formula.data_type == "s" and not str(formula.value).startswith("=")
    csv = staff_client.get(_url("event_list", export="csv"))
    assert csv.status_code == 200 and "Kraštiečių vakaras" in csv.content.decode("utf-8-sig")


# --- query budgets --------------------------------------------------------------------------

def _counts(client, url, grow) -> tuple[int, int]:
    client.get(url)
    cache.clear()
    few = count_queries(lambda: client.get(url))
    grow()
    cache.clear()
    many = count_queries(lambda: client.get(url))
    return few, many


@pytest.mark.parametrize("name,budget", [("event_list", 16), ("calendar", 22)])
def test_the_list_and_the_calendar_cost_the_same_for_3_or_30_events(
        name, budget, territory, staff, librarian_a, client_a):
    theme = make_theme()
    many_activities(territory.system_a, 3, by=staff, themes=[theme])
    day = timezone.localdate() + timedelta(days=3)
    url = _url(name, month=f"{day:%Y-%m}") if name == "calendar" else _url(name)
    few, many = _counts(client_a, url, lambda: many_activities(territory.branch_a, 27,
                                                                by=staff, themes=[theme]))
    assert few == many, (few, many)
    with query_budget(budget, name):
        response = client_a.get(url)
    shown = (response.context["count"] if name == "calendar"
             else response.context["paginator"].count)
    assert shown == 30


def test_an_events_page_costs_a_fixed_number_of_queries(territory, staff, client_a):
    themes = [make_theme(f"Tema {n}") for n in range(3)]
    event = make_activity(territory.system_a, by=staff, themes=themes)
    url = _url("event_detail", event)
    few, many = _counts(client_a, url, lambda: event.themes.add(
        *[make_theme(f"Kita tema {n}") for n in range(27)]))
    assert few == many, (few, many)
    with query_budget(10, "event_detail"):
        client_a.get(url)
