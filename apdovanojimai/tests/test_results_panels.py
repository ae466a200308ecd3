"""What other pages show of the results: the digest's news of results published since a
moment, the history of awards on a person's, a library's and a practice's page, the
results section on the contest page, the home card of recent winners, the menu entry, and
the personal data of the awards (export and erasure)."""

import datetime

import pytest
from django.test import RequestFactory
from django.utils import timezone

from apdovanojimai import panels_results as panels
from apdovanojimai import services_results as services
from apdovanojimai.models import Award, Contest
from apdovanojimai.tests.factories import make_nomination
from apdovanojimai.tests.factories_nominations import make_practice
from apdovanojimai.tests.factories_results import closed_contest, prepare, rank
from portalas.registry import digest_items, menu, personal_data_providers

pytestmark = pytest.mark.django_db


def asking(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


@pytest.fixture
def world(territory, staff, librarian_a):
    contest, nominations, _ = closed_contest(staff=staff, nominator=librarian_a,
                                             library=territory.branch_a, count=2)
    diploma = prepare(nominations[0], by=staff)
    letter = prepare(nominations[1], by=staff, recipient="Rūtai Žemaitei")
    return contest, nominations, diploma, letter


def test_the_digest_lists_newly_published_results(world, staff, librarian_b):
    contest = world[0]
    source = digest_items.get("apdovanojimai.results")
    before = timezone.now() - datetime.timedelta(minutes=1)
    assert source.items(before, librarian_b) == []            # not published yet
    services.publish_results(contest=contest, by=staff)
    items = source.items(before, librarian_b)
    assert len(items) == 1
    assert contest.title in items[0]["title"]
    assert items[0]["url"] == f"/apdovanojimai/konkursai/{contest.pk}/rezultatai/"
    assert "Aušra Petrauskienė (Darbėnų filialas)" in items[0]["text"]
    assert "Rūta Žemaitė" not in items[0]["text"]             # a letter is not a win


def test_the_digest_leaves_out_results_published_before_the_moment(world, staff, librarian_b):
    contest = world[0]
    services.publish_results(contest=contest, by=staff)
    Contest.objects.filter(pk=contest.pk).update(
        results_published_at=timezone.now() - datetime.timedelta(days=40))
    since = timezone.localdate() - datetime.timedelta(days=30)
    assert digest_items.get("apdovanojimai.results").items(since, librarian_b) == []


def test_a_persons_page_shows_their_awards_once_published(world, staff, librarian_b):
    contest, nominations, diploma, _letter = world
    person = nominations[0].person
    assert panels.person_awards(asking(librarian_b), person) is None
    assert panels.person_awards(asking(staff), person)["awards"] == [diploma]
    services.publish_results(contest=contest, by=staff)
    assert panels.person_awards(asking(librarian_b), person)["awards"] == [diploma]


def test_a_librarys_page_shows_its_own_outlets_and_peoples_awards(world, staff, territory,
                                                                  librarian_a, librarian_b):
    contest, _nominations, diploma, letter = world
    services.publish_results(contest=contest, by=staff)
    other, others, _ = closed_contest(staff=staff, nominator=staff, library=territory.central_a,
                                      count=0, title="Geriausias kaimo filialas",
                                      nominee_kind="library")
    library_nomination = make_nomination(other, by=librarian_a, library=territory.branch_a)
    rank([library_nomination])
    branch_award = prepare(library_nomination, by=staff, recipient="Darbėnų filialui")
    services.publish_results(contest=other, by=staff)
    panel = panels.library_awards(asking(librarian_b), territory.system_a)
    assert set(panel["awards"]) == {diploma, letter, branch_award}
    assert panels.library_awards(asking(librarian_b), territory.system_b) is None
    assert set(panels.library_awards(asking(librarian_b), territory.branch_a)["awards"]) == {
        diploma, letter, branch_award}


def test_a_practices_page_shows_its_awards(territory, staff, librarian_a):
    practice = make_practice(territory.system_a, by=librarian_a)
    contest, _nominations, _ = closed_contest(staff=staff, nominator=staff,
                                              library=territory.central_a, count=0,
                                              title="Geriausias projektas",
                                              nominee_kind="practice")
    nomination = make_nomination(contest, by=librarian_a, practice=practice)
    rank([nomination])
    award = prepare(nomination, by=staff, recipient="Kretingos viešajai bibliotekai")
    assert services.default_recipient(nomination) == "Kretingos viešoji biblioteka"
    services.publish_results(contest=contest, by=staff)
    assert panels.practice_awards(asking(librarian_a), practice)["awards"] == [award]


def test_the_contest_page_shows_the_winners_once_published(world, staff, librarian_b,
                                                           manager):
    contest = world[0]
    assert panels.contest_results_panel(asking(librarian_b), contest) is None
    early = panels.contest_results_panel(asking(manager), contest)
    assert [r.nomination.person.first_name for r in early["categories"][0]["winners"]] == [
        "Aušra"]
    services.publish_results(contest=contest, by=staff)
    panel = panels.contest_results_panel(asking(librarian_b), contest)
    assert len(panel["categories"][0]["winners"]) == 1
    assert not panel["can_manage"]


def test_the_home_card_shows_recent_winners(world, staff, librarian_b):
    contest, _nominations, diploma, _letter = world
    assert panels.home_recent_winners(asking(librarian_b)) is None
    services.publish_results(contest=contest, by=staff)
    assert panels.home_recent_winners(asking(librarian_b))["winners"] == [diploma]


def test_the_results_page_renders_the_panels_for_a_person_and_a_library(world, staff,
                                                                        staff_client,
                                                                        territory):
    contest, nominations, diploma, _letter = world
    services.publish_results(contest=contest, by=staff)
    page = staff_client.get(nominations[0].person.get_absolute_url())
    assert page.status_code == 200
    assert b"person-awards-panel" in page.content and diploma.number.encode() in page.content
    page = staff_client.get(territory.system_a.get_absolute_url())
    assert b"library-awards-panel" in page.content


def test_the_awards_list_is_in_the_publicity_menu():
    entry = menu.get("apdovanojimai:award_list")
    assert entry.group == "publicity"


# --- personal data -----------------------------------------------------------------------------

def test_the_export_lists_the_persons_awards(world):
    _contest, nominations, diploma, _letter = world
    provider = personal_data_providers.get("apdovanojimai.awards")
    rows = provider.export(nominations[0].person)
    assert [row["number"] for row in rows if row["record"].startswith("award (")] == [
        diploma.number]


def test_the_erasure_keeps_the_award_but_cuts_the_name_out(world):
    _contest, nominations, diploma, letter = world
    provider = personal_data_providers.get("apdovanojimai.awards")
    assert provider.erase(nominations[0].person) >= 2
    diploma.refresh_from_db()
    assert diploma.recipient_text == "[ištrinta]" and diploma.person is None
    assert diploma.number and diploma.title
    assert not diploma.history.filter(recipient_text="Aušrai Petrauskienei").exists()
    assert Award.objects.get(pk=letter.pk).recipient_text == "Rūtai Žemaitei"
