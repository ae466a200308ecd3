"""The results' pages: who sees the results page and when, the preparation page (staff),
publishing by the button, an award's page, its PDF only to whom it concerns, the ZIP, the
awards list; each list and detail page within a query budget with 20 rows."""

import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from apdovanojimai import services_results as services
from apdovanojimai.models import Award, ContestStatus
from apdovanojimai.tests.factories import make_contest
from apdovanojimai.tests.factories_nominations import director_of
from apdovanojimai.tests.factories_results import closed_contest, prepare
from portalas.testing import query_budget
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user, backend="paskyros.backends.EmailBackend")
    return client


@pytest.fixture
def world(territory, staff, librarian_a):
    contest, nominations, results = closed_contest(staff=staff, nominator=librarian_a,
                                                   library=territory.branch_a, count=2)
    award = prepare(nominations[0], by=staff)
    return contest, nominations, award


def results_url(contest) -> str:
    return reverse("apdovanojimai:contest_results", args=[contest.pk])


def test_the_results_page_is_a_404_for_a_librarian_before_publishing(world, client_a,
                                                                      client_b):
    contest, _nominations, _award = world
    assert client_a.get(results_url(contest)).status_code == 404
    assert client_b.get(results_url(contest)).status_code == 404


def test_staff_and_management_see_the_full_ranking_before_publishing(world, staff_client,
                                                                      manager_client):
    contest, _nominations, _award = world
    for client in (staff_client, manager_client):
        page = client.get(results_url(contest))
        assert page.status_code == 200
        html = page.content.decode()
        assert "Aušra Petrauskienė" in html and "Rūta Žemaitė" in html
        assert "90,00" in html


def test_after_publishing_every_librarian_sees_the_winners_only(world, staff, client_b):
    contest, _nominations, award = world
    services.publish_results(contest=contest, by=staff)
    page = client_b.get(results_url(contest))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Aušra Petrauskienė" in html and award.number in html
    assert "Rūta Žemaitė" not in html
    assert "90,00" not in html


def test_a_draft_contest_has_no_results_page_for_a_librarian(territory, staff, client_b):
    contest = make_contest(status=ContestStatus.DRAFT, by=staff)
    assert client_b.get(results_url(contest)).status_code == 404


def test_the_publish_button_publishes_once(world, staff_client):
    contest, _nominations, _award = world
    url = reverse("apdovanojimai:results_publish", args=[contest.pk])
    assert staff_client.post(url).status_code == 302
    assert staff_client.post(url).status_code == 302
    contest.refresh_from_db()
    assert contest.status == ContestStatus.PUBLISHED


def test_a_librarian_may_not_publish_nor_prepare(world, staff, client_a):
    contest, _nominations, _award = world
    services.publish_results(contest=contest, by=staff)
    for name in ("results_publish", "contest_archive", "awards_prepare"):
        assert client_a.post(reverse(f"apdovanojimai:{name}", args=[contest.pk])
                             ).status_code == 403
    assert client_a.get(reverse("apdovanojimai:contest_diplomas_zip", args=[contest.pk])
                        ).status_code == 403


def test_the_preparation_page_prefills_the_nominative_and_warns(world, staff_client):
    contest, nominations, _award = world
    page = staff_client.get(reverse("apdovanojimai:awards_prepare", args=[contest.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="Rūta Žemaitė"' in html
    assert f'name="n{nominations[1].pk}-recipient_text"' in html


def test_preparing_a_letter_from_the_page(world, staff_client):
    contest, nominations, _award = world
    nomination = nominations[1]
    response = staff_client.post(
        reverse("apdovanojimai:awards_prepare", args=[contest.pk]),
        {"nomination": nomination.pk, f"n{nomination.pk}-title": "Metų bibliotekininkas",
         f"n{nomination.pk}-recipient_text": "Rūtai Žemaitei",
         f"n{nomination.pk}-citation": "už dalyvavimą konkurse"})
    assert response.status_code == 302
    letter = Award.objects.get(nomination=nomination)
    assert letter.recipient_text == "Rūtai Žemaitei" and letter.kind == "letter"


def test_a_blank_recipient_on_the_page_is_shown_as_an_error(world, staff_client):
    contest, nominations, _award = world
    nomination = nominations[1]
    response = staff_client.post(
        reverse("apdovanojimai:awards_prepare", args=[contest.pk]),
        {"nomination": nomination.pk, f"n{nomination.pk}-title": "X",
         f"n{nomination.pk}-recipient_text": ""})
    assert response.status_code == 400
    assert not Award.objects.filter(nomination=nomination).exists()


def test_a_nomination_of_another_contest_is_a_404_on_the_page(world, staff, staff_client,
                                                              territory, librarian_a):
    contest, _nominations, _award = world
    _other, others, _ = closed_contest(staff=staff, nominator=librarian_a,
                                       library=territory.central_a, count=1, title="Kitas")
    response = staff_client.post(reverse("apdovanojimai:awards_prepare", args=[contest.pk]),
                                 {"nomination": others[0].pk})
    assert response.status_code == 404


# --- an award and its PDF ---------------------------------------------------------------------

def pdf_url(award) -> str:
    return reverse("apdovanojimai:award_pdf", args=[award.pk])


def test_the_award_pdf_is_a_404_for_an_outsider_librarian_even_when_published(world, staff,
                                                                              client_b):
    contest, _nominations, award = world
    services.publish_results(contest=contest, by=staff)
    assert client_b.get(award.get_absolute_url()).status_code == 200
    assert client_b.get(pdf_url(award)).status_code == 404


def test_the_award_pdf_opens_for_the_nominator_staff_and_management(world, staff, client_a,
                                                                    staff_client,
                                                                    manager_client):
    contest, _nominations, award = world
    services.publish_results(contest=contest, by=staff)
    for client in (client_a, staff_client, manager_client):
        response = client.get(pdf_url(award))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert "no-store" in response["Cache-Control"]


def test_the_award_pdf_opens_for_the_director_and_the_person_themselves(territory, staff):
    nominator = UserFactory(role="staff", email="kitas@test.lt")
    contest, nominations, _ = closed_contest(staff=staff, nominator=nominator,
                                             library=territory.branch_a, count=1)
    award = prepare(nominations[0], by=staff)
    services.publish_results(contest=contest, by=staff)
    director = director_of(territory.system_a, email="direktore.kre@test.lt")
    person_user = UserFactory(role="librarian", email="ausra@test.lt")
    nominations[0].person.user = person_user
    nominations[0].person.save()
    other_director = director_of(territory.system_b, email="direktore.sku@test.lt")
    assert client_of(director).get(pdf_url(award)).status_code == 200
    assert client_of(person_user).get(pdf_url(award)).status_code == 200
    assert client_of(other_director).get(pdf_url(award)).status_code == 404


def test_an_award_before_publishing_is_a_404_to_the_nominator(world, client_a):
    _contest, _nominations, award = world
    assert client_a.get(award.get_absolute_url()).status_code == 404
    assert client_a.get(pdf_url(award)).status_code == 404


def test_staff_correct_an_award(world, staff_client):
    _contest, _nominations, award = world
    url = reverse("apdovanojimai:award_update", args=[award.pk])
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(url, {"title": "Metų bibliotekininkė 2026",
                                       "recipient_text": "Aušrai Petrauskienei",
                                       "citation": "", "place": "1"})
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.title == "Metų bibliotekininkė 2026"


def test_the_zip_holds_every_award_of_the_contest(world, staff, staff_client):
    contest, nominations, award = world
    prepare(nominations[1], by=staff, recipient="Rūtai Žemaitei")
    response = staff_client.get(reverse("apdovanojimai:contest_diplomas_zip",
                                        args=[contest.pk]))
    assert response.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert sorted(names) == sorted([f"{award.number} Aušrai Petrauskienei.pdf",
                                    f"AP-{contest.year}-002 Rūtai Žemaitei.pdf"])


# --- query budgets ----------------------------------------------------------------------------

@pytest.fixture
def big(territory, staff, librarian_a):
    contest, nominations, _ = closed_contest(staff=staff, nominator=librarian_a,
                                             library=territory.branch_a, count=20, places=3)
    for index, nomination in enumerate(nominations):
        prepare(nomination, by=staff, recipient=f"Gavėjui {index}")
    services.publish_results(contest=contest, by=staff)
    return contest


def test_the_results_page_stays_within_its_query_budget(big, staff_client, client_b):
    for client in (staff_client, client_b):
        with query_budget(16, "results page"):
            assert client.get(results_url(big)).status_code == 200


def test_the_preparation_page_stays_within_its_query_budget(big, staff_client):
    with query_budget(14, "preparation page"):
        assert staff_client.get(reverse("apdovanojimai:awards_prepare",
                                        args=[big.pk])).status_code == 200


def test_the_awards_list_stays_within_its_query_budget(big, client_b, staff_client):
    for client in (client_b, staff_client):
        with query_budget(14, "awards list"):
            page = client.get(reverse("apdovanojimai:award_list"))
        assert page.status_code == 200
        assert page.content.decode().count("data-award=") == 20


def test_an_award_page_stays_within_its_query_budget(big, client_b):
    award = Award.objects.filter(contest=big).first()
    with query_budget(16, "award page"):
        assert client_b.get(award.get_absolute_url()).status_code == 200


def test_the_awards_list_filters_by_kind_and_municipality(big, client_b, territory):
    url = reverse("apdovanojimai:award_list")
    page = client_b.get(url, {"kind": "diploma"})
    assert page.content.decode().count("data-award=") == 3
    page = client_b.get(url, {"municipality": territory.municipality_b.pk})
    assert page.content.decode().count("data-award=") == 0


def test_two_staff_editing_an_award_the_second_save_is_refused_with_their_text_kept(
        world, staff_client):
    _contest, _nominations, award = world
    url = reverse("apdovanojimai:award_update", args=[award.pk])
    opened = award.version
    first = staff_client.post(url, {"title": "Metų bibliotekininkė 2026",
                                    "recipient_text": "Aušrai Petrauskienei", "citation": "",
                                    "place": "1", "version": str(opened)})
    assert first.status_code == 302
    second = staff_client.post(url, {"title": "Metų bibliotekininkas 2026",
                                     "recipient_text": "Aušrelei Petrauskienei",
                                     "citation": "", "place": "1", "version": str(opened)})
    assert second.status_code == 400
    award.refresh_from_db()
    assert award.title == "Metų bibliotekininkė 2026"           # the first save stands
    assert award.recipient_text == "Aušrai Petrauskienei"
    page = second.content.decode()
    assert "Aušrelei Petrauskienei" in page                     # the second one's text kept
    assert f'name="version" value="{award.version}"' in page    # saving again is deliberate
    third = staff_client.post(url, {"title": "Metų bibliotekininkas 2026",
                                    "recipient_text": "Aušrelei Petrauskienei", "citation": "",
                                    "place": "1", "version": str(award.version)})
    assert third.status_code == 302
    award.refresh_from_db()
    assert award.recipient_text == "Aušrelei Petrauskienei"
