"""What other pages show of the activity calendar: the menu (no query), the librarians'
home card, the section on a library's card, the newsletter's upcoming events and the
personal data of a person named in an event."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from bibliotekos.models import Person
from portalas.registry import digest_items, navigation_for, personal_data_providers
from portalas.testing import count_queries
from viesinimas.models import ActivityEvent
from viesinimas.panels_events import librarian_events, library_events
from viesinimas.tests.factories_events import make_activity, many_activities

pytestmark = pytest.mark.django_db


def _request(user, path="/"):
    request = RequestFactory().get(path)
    request.user = user
    return request


def test_the_menu_has_the_calendar_and_the_events_for_everyone_without_a_query(librarian_b,
                                                                             manager):
    for user in (librarian_b, manager):
        request = _request(user)
        navigation_for(request)        # the memberships other entries ask, read once
        queries = count_queries(lambda request=request: navigation_for(request))
        groups = {g["key"]: [i["url"] for i in g["items"]] for g in navigation_for(request)}
        assert reverse("viesinimas:calendar") in groups["publicity"]
        assert reverse("viesinimas:event_list") in groups["publicity"]
        assert queries == 0


def test_a_librarians_home_card_has_their_librarys_and_the_territorys_next_events(
        territory, librarian_a, librarian_b):
    own = make_activity(territory.branch_a, title="Darbėnų vakaras", days=2)
    other = make_activity(territory.school_b, title="Skuodo viktorina", days=1)
    make_activity(territory.system_a, title="Atšauktas", days=3, cancelled_at=timezone.now())
    make_activity(territory.system_a, title="Praėjęs", days=-3)
    panel = librarian_events(_request(librarian_a))
    assert panel["mine"] == [own] and panel["others"] == [other] and panel["can_enter"]
    assert librarian_events(_request(librarian_b))["mine"] == [other]


def test_the_home_page_costs_the_same_with_3_or_30_events(territory, librarian_a, client_a):
    many_activities(territory.system_a, 3)
    many_activities(territory.school_b, 3)
    client_a.get(reverse("home"))
    cache.clear()
    few = count_queries(lambda: client_a.get(reverse("home")))
    many_activities(territory.system_a, 27)
    many_activities(territory.school_b, 27)
    cache.clear()
    response = client_a.get(reverse("home"))
    many = count_queries(lambda: client_a.get(reverse("home")))
    assert few == many
    assert b'id="home-events-card"' in response.content


def test_a_systems_card_shows_its_outlets_upcoming_and_recent_events(territory, librarian_a,
                                                                    librarian_b, client_b):
    upcoming = make_activity(territory.branch_a, title="Ateinantis", days=4)
    recent = make_activity(territory.system_a, title="Neseniai", days=-30)
    make_activity(territory.system_a, title="Senas", days=-500)
    make_activity(territory.school_b, title="Kitų")
    panel = library_events(_request(librarian_a), territory.system_a)
    assert panel["upcoming"] == [upcoming] and panel["recent"] == [recent]
    assert panel["can_enter"] and f"library={territory.system_a.pk}" in panel["create_url"]
    assert not library_events(_request(librarian_b), territory.system_a)["can_enter"]
    assert library_events(_request(librarian_b), territory.central_b) is None


def test_the_library_card_costs_the_same_with_3_or_30_events(territory, staff, staff_client):
    url = reverse("bibliotekos:library_detail", args=[territory.system_a.pk])
    many_activities(territory.branch_a, 3, by=staff)
    staff_client.get(url)
    cache.clear()
    few = count_queries(lambda: staff_client.get(url))
    many_activities(territory.branch_a, 27, by=staff)
    many_activities(territory.system_a, 30, by=staff, days=-20)
    cache.clear()
    many = count_queries(lambda: staff_client.get(url))
    assert few == many
    assert b'id="library-events"' in staff_client.get(url).content


def test_the_newsletter_gets_the_coming_weeks_events(territory, librarian_b):
    soon = make_activity(territory.system_a, title="Bibliotekų savaitės atidarymas", days=5,
                         place="Didžioji salė")
    make_activity(territory.system_a, title="Per toli", days=90)
    make_activity(territory.system_a, title="Atšauktas", days=6, cancelled_at=timezone.now())
    item = digest_items.get("viesinimas.events")
    found = item.items(timezone.now() - timedelta(days=30), librarian_b)
    assert [entry["title"] for entry in found] == ["Bibliotekų savaitės atidarymas"]
    entry = found[0]
    assert entry["date"] == soon.starts_on and entry["url"] == soon.get_absolute_url()
    assert territory.system_a.name in entry["text"] and "Didžioji salė" in entry["text"]


def test_a_person_named_in_an_event_is_exported_and_erased(territory, librarian_a):
    person = Person.objects.create(first_name="Jonas", last_name="Rašytojėlis",
                                   library=territory.system_a, phone="+370 612 34567")
    event = make_activity(territory.system_a, by=librarian_a,
                          title="Susitikimas su Jonas Rašytojėlis",
                          description="Registracija tel. +370 612 34567.")
    event.title = "Susitikimas su Jonas Rašytojėlis (perkelta)"
    event.save()
    provider = personal_data_providers.get("viesinimas.events")
    rows = provider.export(person)
    assert {row["record"] for row in rows} == {"library event naming the person",
                                               "library event history"}
    assert provider.erase(person) >= 2
    event.refresh_from_db()
    assert "Rašytojėlis" not in event.title and "612 34567" not in event.description
    assert not ActivityEvent.history.filter(title__icontains="Rašytojėlis").exists()


def test_the_events_an_account_entered_are_in_its_persons_export(territory, librarian_a):
    person = Person.objects.create(first_name="Aldona", last_name="Ąžuolienė",
                                   library=territory.system_a, user=librarian_a)
    event = make_activity(territory.system_a, by=librarian_a, title="Advento popietė")
    rows = personal_data_providers.get("viesinimas.events").export(person)
    assert [row["id"] for row in rows if row["record"] == "library event entered"] == [event.pk]
