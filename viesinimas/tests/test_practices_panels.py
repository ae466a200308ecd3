"""What other pages show of the catalogue: the menu entry (no query), the home cards (staff:
practices waiting for review; a library's people: their drafts, the returned first), the
library card (its practices and those it took over), the digest's news, the metrics for the
annual report, and the person's data (export and erasure; photos are withdrawn, not
erased)."""

from datetime import date, timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

import viesinimas.reports_practices  # noqa: F401  (registers the metrics, as reports.py will)
from bibliotekos.erasure import ERASED_TEXT
from bibliotekos.models import Membership, Person
from bibliotekos.services import erase_personal_data, export_personal_data
from portalas.metrics import Period, Scope
from portalas.registry import (
    digest_items,
    menu,
    metric,
    navigation_for,
    notification_kinds,
    personal_data_providers,
)
from portalas.testing import count_queries
from tests.factories import UserFactory
from viesinimas import panels_practices as panels
from viesinimas import services_practices as services
from viesinimas.models import Practice, PracticeStatus
from viesinimas.tests.factories_practices import make_adoption, make_photo, make_practice

pytestmark = pytest.mark.django_db

PUBLISHED = PracticeStatus.PUBLISHED


def request_for(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


@pytest.fixture
def published(territory, librarian_a, staff):
    return make_practice(library=territory.system_a, by=librarian_a, status=PUBLISHED,
                         reviewer_user=staff, title="Knygų lagaminas darželiams")


def test_the_menu_entry_is_everyone_s_and_costs_no_query(staff, librarian_b):
    item = menu.get("viesinimas:practice_list")
    assert item.group == "publicity"
    for user in (staff, librarian_b):
        assert count_queries(lambda u=user: item.allowed(u)) == 0
        labels = [entry["url"] for group in navigation_for(request_for(user))
                  for entry in group["items"]]
        assert "/viesinimas/patirtis/" in labels


def test_staff_s_home_card_lists_the_practices_waiting_for_review(territory, librarian_a,
                                                                  staff):
    assert panels.practices_to_review(request_for(staff)) is None
    waiting = make_practice(library=territory.branch_a, by=librarian_a,
                            status=PracticeStatus.REVIEW)
    make_practice(library=territory.system_a, by=librarian_a)
    context = panels.practices_to_review(request_for(staff))
    assert context["practices"] == [waiting] and "stage=review" in context["list_url"]


def test_a_librarian_s_home_card_puts_the_returned_drafts_first(territory, librarian_a,
                                                                librarian_b, staff):
    draft = make_practice(library=territory.system_a, by=librarian_a, title="Naujas")
    returned = make_practice(library=territory.system_a, by=librarian_a,
                             status=PracticeStatus.REVIEW, title="Grąžintas")
    services.return_practice(returned, note="Trūksta nuotraukų.", by=staff)
    draft.save()  # the newest
    context = panels.returned_practices(request_for(librarian_a))
    assert [p.pk for p in context["practices"]] == [returned.pk, draft.pk]
    assert context["returned"] == 1
    assert panels.returned_practices(request_for(librarian_b)) is None


def test_the_library_card_shows_its_practices_and_those_it_took_over(
        published, territory, librarian_a, librarian_b, staff):
    elsewhere = make_practice(library=territory.school_b, by=staff, status=PUBLISHED,
                              title="Mokyklos patirtis")
    taken = make_adoption(elsewhere, library=territory.system_a, by=librarian_a)
    draft = make_practice(library=territory.system_a, by=librarian_a, title="Juodraštis A")
    mine = panels.library_practices(request_for(librarian_a), territory.system_a)
    assert set(mine["practices"]) == {published, draft} and mine["adoptions"] == [taken]
    theirs = panels.library_practices(request_for(librarian_b), territory.system_a)
    assert theirs["practices"] == [published]
    assert panels.library_practices(request_for(staff), territory.central_b) is None


def test_the_library_card_section_costs_the_same_for_3_and_30_practices(
        territory, staff, librarian_a):
    def grow(count):
        for number in range(count):
            practice = make_practice(library=territory.system_a, by=staff, status=PUBLISHED,
                                     title=f"P{number}")
            make_photo(practice, by=staff, thumbnail=False)
            other = make_practice(library=territory.system_b, by=staff, status=PUBLISHED,
                                  title=f"K{number}")
            make_adoption(other, library=territory.system_a, by=staff)

    def cost():
        request = request_for(type(librarian_a).objects.get(pk=librarian_a.pk))
        return count_queries(lambda: panels.library_practices(request, territory.system_a))

    grow(3)
    few = cost()
    grow(27)
    assert cost() == few <= 4


def test_the_digest_has_the_practices_published_since_a_day(published, territory, staff,
                                                            librarian_b):
    item = digest_items.get("viesinimas.practices")
    Practice.objects.filter(pk=published.pk).update(
        published_at=timezone.now() - timedelta(days=40))
    recent = make_practice(library=territory.system_b, by=staff, status=PUBLISHED,
                           title="Kraštotyros vakarai", summary="Vakarai su kraštotyrininkais.")
    make_practice(library=territory.system_b, by=staff, title="Nepaskelbta")
    found = item.items(timezone.localdate() - timedelta(days=7), librarian_b)
    assert [entry["title"] for entry in found] == ["Kraštotyros vakarai"]
    assert found[0]["url"] == recent.get_absolute_url()
    assert "Vakarai su kraštotyrininkais." in found[0]["text"]
    assert found[0]["date"] == Practice.objects.get(pk=recent.pk).published_at
    since = timezone.now() - timedelta(days=60)
    assert len(item.items(since, librarian_b)) == 2


def test_the_metrics_count_practices_published_and_taken_over(
        published, territory, staff, librarian_b):
    year = timezone.localdate().year
    make_adoption(published, library=territory.school_b, by=librarian_b)
    archived = make_practice(library=territory.system_b, by=staff,
                             status=PracticeStatus.ARCHIVED)
    make_practice(library=territory.system_b, by=staff, status=PracticeStatus.REVIEW)
    published_metric = metric("viesinimas.practices_published")
    adoptions_metric = metric("viesinimas.adoptions")
    assert published_metric.function == "5.5"
    this_year = Period.year(year)
    assert published_metric.value(this_year) == 2
    assert published_metric.value(this_year, Scope.of_library(territory.system_a)) == 1
    assert published_metric.value(this_year, Scope.of_municipality(
        territory.municipality_b)) == 1
    assert set(published_metric.records(this_year)) == {published, archived}
    assert published_metric.value(Period.year(year - 1)) == 0
    assert adoptions_metric.value(this_year) == 1
    assert adoptions_metric.value(this_year, Scope.of_library(territory.system_b)) == 0
    assert adoptions_metric.value(this_year, Scope.of_municipality(
        territory.municipality_b)) == 1


def test_the_notification_kinds_are_declared():
    assert notification_kinds.get("viesinimas.practice_submitted").optional
    assert not notification_kinds.get("viesinimas.practice_decided").optional


# --- personal data ----------------------------------------------------------------------------

FULL = "Gintarė Patirtytė"
EMAIL = "gintare.patirtyte@pastas.lt"


@pytest.fixture
def person(territory):
    user = UserFactory(role="librarian", email=EMAIL, full_name=FULL)
    Membership.objects.create(user=user, library=territory.central_a, role="librarian")
    return Person.objects.create(first_name="Gintarė", last_name="Patirtytė", email=EMAIL,
                                 phone="+370 612 34567", library=territory.central_a,
                                 user=user)


def test_the_provider_runs_before_the_account_s():
    provider = personal_data_providers.get("viesinimas.practices")
    assert provider.order < personal_data_providers.get("paskyros.account").order


def test_export_and_erasure_of_a_contact_person_and_texts_naming_them(
        territory, person, staff, librarian_b):
    practice = make_practice(library=territory.central_a, by=person.user,
                             contact_name=FULL, contact_email=EMAIL,
                             contact_phone="+370 612 34567",
                             how=f"Registruokitės pas {FULL} arba {EMAIL}.")
    practice = services.submit_practice(practice, by=person.user)
    practice = services.publish_practice(practice, by=staff)
    other = make_practice(library=territory.system_b, by=staff, status=PUBLISHED,
                          title="Skuodo patirtis", contact_name="Kitas Žmogus",
                          contact_email="kitas@pastas.lt")
    adoption = make_adoption(other, library=territory.central_a, by=person.user,
                             note=f"Vedė {FULL}.")
    photo = make_photo(practice, by=person.user, caption=f"{FULL} su vaikais")

    rows = export_personal_data(person=person, by=staff)["viesinimas.practices"]["rows"]
    records = {row["record"] for row in rows}
    assert {"good practice naming the person", "good practice history",
            "good-practice photo caption", "good practice written",
            "good-practice photo uploaded", "good practice taken over"} <= records
    assert not any(row.get("title") == other.title for row in rows
                   if row["record"] == "good practice naming the person")

    erase_personal_data(person=person, by=staff)
    practice.refresh_from_db()
    assert (practice.contact_name, practice.contact_email, practice.contact_phone) == \
        ("", "", "")
    assert practice.how == f"Registruokitės pas {ERASED_TEXT} arba {ERASED_TEXT}."
    assert not Practice.history.filter(contact_name=FULL).exists()
    assert not Practice.history.filter(how__icontains=EMAIL).exists()
    adoption.refresh_from_db()
    photo.refresh_from_db()
    assert adoption.note == f"Vedė {ERASED_TEXT}."
    assert photo.caption == f"{ERASED_TEXT} su vaikais"
    other.refresh_from_db()
    assert (other.contact_name, other.contact_email) == ("Kitas Žmogus", "kitas@pastas.lt")
    assert photo.image  # a photo is withdrawn by a person, never by the erasure


def test_a_namesake_is_left_alone(territory, staff):
    make_practice(library=territory.system_b, by=staff, contact_name=FULL)
    stranger = Person.objects.create(first_name="Gintarė", last_name="Kita",
                                     email="kita@pastas.lt", library=territory.system_b)
    assert erase_personal_data(person=stranger, by=staff)["viesinimas.practices"] == 0
    assert Practice.objects.filter(contact_name=FULL).exists()


def test_today_is_a_date_the_digest_takes(published, librarian_b):
    found = panels.practices_published_since(date.today() - timedelta(days=1), librarian_b)
    assert [entry["title"] for entry in found] == [published.title]
