"""What other pages show of the publicity log: the publications about a library on its card,
about an event and a good practice on their pages (only those the user may see, in a fixed
number of queries), the newsletter's "they wrote about us"; and the personal data the log
holds about a person (export, erasure)."""

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from bibliotekos.erasure import ERASED_TEXT
from bibliotekos.models import Membership
from bibliotekos.services import erase_personal_data, export_personal_data
from portalas.registry import digest_items, object_panels_for, personal_data_providers
from portalas.testing import count_queries, query_budget
from tests.factories import UserFactory
from viesinimas.models import Publication
from viesinimas.tests.factories_publicity import (
    make_event,
    make_practice,
    make_publication,
    upload,
)

pytestmark = pytest.mark.django_db

LIBRARY_PANEL = "viesinimas/_publicity_library_panel.html"
EVENT_PANEL = "viesinimas/_publicity_event_panel.html"
PRACTICE_PANEL = "viesinimas/_publicity_practice_panel.html"


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def panel(user, obj, template):
    request = RequestFactory().get("/")
    request.user = user
    found = [p for p in object_panels_for(request, obj) if p["template"] == template]
    return found[0]["context"] if found else None


# --- the library card ---------------------------------------------------------------------------

def test_the_library_card_lists_the_publications_about_it_and_its_outlets(
        staff, librarian_a, manager, territory):
    branch = make_publication(by=staff, libraries=[territory.branch_a], title="Apie filialą")
    system = make_publication(by=staff, libraries=[territory.system_a], title="Apie sistemą",
                              days_ago=1)
    make_publication(by=staff, libraries=[territory.school_b], title="Apie mokyklą")
    shown = panel(staff, territory.system_a, LIBRARY_PANEL)
    assert shown["publications"] == [system, branch] and shown["count"] == 2
    assert shown["can_enter"]
    assert f"library={territory.system_a.pk}" in shown["create_url"]
    assert panel(librarian_a, territory.system_a, LIBRARY_PANEL)["count"] == 2
    assert not panel(manager, territory.system_a, LIBRARY_PANEL)["can_enter"]
    assert panel(librarian_a, territory.branch_a, LIBRARY_PANEL)["publications"] == [branch]


def test_the_library_card_leaves_the_panel_out_when_there_is_nothing_to_show(
        staff, librarian_a, territory):
    assert panel(librarian_a, territory.system_a, LIBRARY_PANEL) is None
    assert panel(staff, territory.system_a, LIBRARY_PANEL)["count"] == 0   # staff may log one


def test_the_library_card_page_shows_the_panel_in_a_fixed_number_of_queries(
        staff_client, client_a, staff, territory):
    for number in range(3):
        make_publication(by=staff, libraries=[territory.system_a], title=f"S{number}")
    page = reverse("bibliotekos:library_detail", args=[territory.system_a.pk])
    response = client_a.get(page)
    assert response.status_code == 200 and 'id="library-publications"' in response.content.decode()
    few = count_queries(lambda: client_a.get(page))
    for number in range(27):
        make_publication(by=staff, libraries=[territory.system_a], title=f"K{number}")
    assert count_queries(lambda: client_a.get(page)) == few


# --- events and practices -----------------------------------------------------------------------

def test_an_events_page_lists_the_publications_about_it(staff, librarian_a, librarian_b,
                                                        territory):
    event = make_event(library=territory.branch_a)
    about = make_publication(by=staff, activity=event)
    make_publication(by=staff, libraries=[territory.branch_a])
    assert panel(staff, event, EVENT_PANEL)["publications"] == [about]
    assert panel(librarian_a, event, EVENT_PANEL)["publications"] == [about]
    # the outsider sees the event (every signed-in user does) but no entry about it
    assert panel(librarian_b, event, EVENT_PANEL) is None
    assert f"activity={event.pk}" in panel(staff, event, EVENT_PANEL)["list_url"]


def test_a_practices_page_lists_the_publications_about_it(staff, manager, territory):
    practice = make_practice(library=territory.school_b)
    about = make_publication(by=staff, practice=practice)
    shown = panel(manager, practice, PRACTICE_PANEL)
    assert shown["publications"] == [about] and not shown["can_enter"]
    assert panel(manager, make_practice(library=territory.school_b, title="Kita"),
                 PRACTICE_PANEL) is None


def test_the_event_and_practice_pages_render_the_panels(staff_client, staff, territory):
    event = make_event(library=territory.branch_a)
    practice = make_practice(library=territory.system_a)
    for number in range(12):
        make_publication(by=staff, activity=event, practice=practice, title=f"P{number}")
    event_page = staff_client.get(reverse("viesinimas:event_detail", args=[event.pk]))
    assert event_page.status_code == 200
    assert 'id="event-publications"' in event_page.content.decode()
    practice_page = staff_client.get(reverse("viesinimas:practice_detail", args=[practice.pk]))
    assert practice_page.status_code == 200
    assert 'id="practice-publications"' in practice_page.content.decode()


def test_the_linked_panels_take_a_fixed_number_of_queries(staff, territory):
    event = make_event(library=territory.branch_a)
    with query_budget(3):
        panel(staff, event, EVENT_PANEL)
    for number in range(30):
        make_publication(by=staff, activity=event, title=f"P{number}")
    with query_budget(3):
        shown = panel(staff, event, EVENT_PANEL)
    assert len(shown["publications"]) == 10 and shown["more"]


# --- the newsletter's digest ----------------------------------------------------------------------

def test_the_digest_lists_what_appeared_since(staff, librarian_b, territory):
    item = digest_items.get("viesinimas.publications")
    since = timezone.now() - timedelta(days=7)
    recent = make_publication(by=staff, libraries=[territory.system_a], days_ago=2,
                              url="https://pajurionaujienos.lt/a/1")
    make_publication(by=staff, libraries=[territory.system_a], days_ago=30, title="Sena")
    found = item.items(since, staff)
    assert [entry["title"] for entry in found] == [recent.title]
    assert found[0]["url"] == "https://pajurionaujienos.lt/a/1"
    assert "Kretingos viešoji biblioteka" in found[0]["text"]
    assert item.items(since, librarian_b) == []
    assert item.items(since.date(), staff)[0]["title"] == recent.title


# --- personal data ------------------------------------------------------------------------------

FULL = "Ona Pavardenė"
EMAIL = "ona.pavardene@pastas.lt"


@pytest.fixture
def person(territory):
    from mokymai.tests.factories import make_person

    user = UserFactory(role="librarian", email=EMAIL, full_name=FULL)
    Membership.objects.create(user=user, library=territory.system_a, role="librarian")
    return make_person(territory.system_a, user=user, first="Ona", last="Pavardenė",
                       email=EMAIL)


def test_the_provider_is_registered_before_the_accounts_provider():
    provider = personal_data_providers.get("viesinimas.publications")
    assert provider.order < personal_data_providers.get("paskyros.account").order


def test_the_export_lists_the_entries_naming_the_person(person, staff, territory):
    naming = make_publication(by=staff, libraries=[territory.system_a],
                              title=f"Rašytoja {FULL} susitiko su skaitytojais",
                              notes=f"Nuotrauką atsiuntė {EMAIL}")
    make_publication(by=staff, title="Niekas neminimas")
    rows = export_personal_data(person=person, by=staff)["viesinimas.publications"]["rows"]
    named = [row for row in rows if row["record"] == "publication naming the person"]
    assert [row["id"] for row in named] == [naming.pk]
    assert any(row["record"] == "publication history" for row in rows)


def test_the_erasure_cuts_the_person_out_and_the_entries_still_count(
        person, staff, territory, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        naming = make_publication(by=staff, libraries=[territory.system_a],
                                  title=f"Rašytoja {FULL} susitiko su skaitytojais",
                                  about=f"Susitikimas su {FULL}",
                                  file=upload(f"{FULL.replace(' ', '_')}.pdf"))
    assert "Ona_Pavardene" in naming.file.name
    erase_personal_data(person=person, by=staff)
    naming.refresh_from_db()
    assert "Pavarden" not in naming.file.name
    assert naming.file.storage.exists(naming.file.name)
    assert FULL not in naming.title and ERASED_TEXT in naming.title
    assert FULL not in naming.about
    assert all(FULL not in (entry.title or "") for entry in naming.history.all())
    assert Publication.objects.count() == 1
