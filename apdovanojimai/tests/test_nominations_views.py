"""The nominations' pages: the form (category, nominee choices scoped to the director's
libraries, forged posts refused), the window, a branch librarian shut out, the detail page
and its 404s, editing with a version, withdrawing, the attachments, "my nominations" and a
contest's list for staff (with query budgets), admitting and not admitting."""

import pytest
from django.test import Client
from django.urls import reverse

from apdovanojimai.models import ContestStatus, Nomination, NominationFile, NominationStatus
from apdovanojimai.tests.factories import (
    add_juror,
    declare,
    make_category,
    make_contest,
    make_nomination,
    make_person,
)
from apdovanojimai.tests.factories_nominations import (
    PDF,
    branch_librarian,
    days,
    director_of,
    make_practice,
    practice_contest,
    upload,
)
from portalas.testing import query_budget

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user, backend="paskyros.backends.EmailBackend")
    return client


def create_url(contest, **query):
    url = reverse("apdovanojimai:nomination_create", args=[contest.pk])
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def post_data(contest, nominee, **extra):
    return {"category": contest.categories.first().pk, "nominee": nominee.pk,
            "justification": "Sukūrė vaikų skaitymo klubą.", **extra}


# --- the form ----------------------------------------------------------------------------------

def test_the_form_offers_only_people_of_the_directors_libraries(territory, client_a):
    contest = make_contest()
    own = make_person(territory.branch_a, first_name="Ona", last_name="Savaitė")
    other = make_person(territory.central_b, first_name="Ieva", last_name="Svetimaitė")
    response = client_a.get(create_url(contest))
    assert response.status_code == 200
    choices = {choice.value for _label, choice in
               [(c[1], c[0]) for c in response.context["form"].fields["nominee"].choices]
               if choice}
    assert own.pk in choices and other.pk not in choices
    assert "Svetimaitė" not in response.content.decode()


def test_a_director_submits_a_nomination_with_files(territory, librarian_a, client_a):
    contest = make_contest()
    person = make_person(territory.branch_a)
    response = client_a.post(create_url(contest), post_data(
        contest, person, files=[upload(), upload("antras.pdf")]))
    nomination = Nomination.objects.get()
    assert response.status_code == 302 and response["Location"] == nomination.get_absolute_url()
    assert nomination.nominator == librarian_a and nomination.files.count() == 2


def test_a_forged_post_of_someone_outside_the_directors_libraries_is_refused(territory,
                                                                            client_a):
    contest = make_contest()
    outsider = make_person(territory.central_b)
    response = client_a.post(create_url(contest), post_data(contest, outsider))
    assert response.status_code == 200
    assert response.context["form"].errors["nominee"]
    assert not Nomination.objects.exists()


def test_a_category_of_another_contest_is_a_404(territory, client_a):
    contest, other = make_contest(), make_contest(title="Kitas konkursas")
    person = make_person(territory.branch_a)
    data = post_data(contest, person, category=other.categories.get().pk)
    assert client_a.post(create_url(contest), data).status_code == 404
    assert not Nomination.objects.exists()


def test_a_contest_with_several_categories_asks_for_the_category_first(territory, client_a):
    contest = make_contest()
    second = make_category(contest, name="Jaunasis bibliotekininkas")
    response = client_a.get(create_url(contest))
    assert response.templates[0].name == "apdovanojimai/nomination_category.html"
    response = client_a.get(create_url(contest, category=second.pk))
    assert response.context["category"] == second


def test_the_same_person_twice_shows_a_friendly_error_without_the_other_nomination(
        territory, staff, client_a):
    contest = make_contest()
    person = make_person(territory.branch_a)
    make_nomination(contest, by=staff, person=person, status=NominationStatus.SUBMITTED,
                    justification="Slaptas skyriaus pagrindimas")
    response = client_a.post(create_url(contest), post_data(contest, person))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Slaptas" not in page and str(staff) not in page
    assert response.context["form"].errors["nominee"]
    assert Nomination.objects.count() == 1


def test_an_ineligible_person_is_refused_on_the_form(territory, client_a):
    contest = make_contest()
    category = contest.categories.get()
    category.min_service_years = 5
    category.save()
    person = make_person(territory.branch_a, works_since=None)
    response = client_a.post(create_url(contest), post_data(contest, person))
    assert response.status_code == 200 and response.context["form"].errors["nominee"]
    assert not Nomination.objects.exists()


@pytest.mark.parametrize(("status", "opens", "closes"), [
    (ContestStatus.OPEN, -20, -1), (ContestStatus.OPEN, 2, 20),
    (ContestStatus.EVALUATION, -10, 10)])
def test_outside_the_window_the_form_sends_back_to_the_contest(territory, client_a, status,
                                                               opens, closes):
    contest = make_contest(status=status, nominations_open=days(opens),
                           nominations_close=days(closes))
    person = make_person(territory.branch_a)
    response = client_a.post(create_url(contest), post_data(contest, person))
    assert response.status_code == 302 and response["Location"] == contest.get_absolute_url()
    assert not Nomination.objects.exists()


def test_a_branch_librarian_gets_403_on_the_form(territory):
    client = _client(branch_librarian(territory.branch_a))
    contest = make_contest()
    assert client.get(create_url(contest)).status_code == 403
    person = make_person(territory.branch_a)
    assert client.post(create_url(contest), post_data(contest, person)).status_code == 403
    assert not Nomination.objects.exists()


def test_a_draft_contest_is_a_404_to_a_director(territory, client_a):
    contest = make_contest(status=ContestStatus.DRAFT)
    assert client_a.get(create_url(contest)).status_code == 404


def test_an_attachment_of_a_bad_kind_is_refused_on_the_form(territory, client_a):
    contest = make_contest()
    person = make_person(territory.branch_a)
    bad = upload("virusas.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = client_a.post(create_url(contest), post_data(contest, person, files=[bad]))
    assert response.status_code == 200 and response.context["form"].errors["files"]
    assert not Nomination.objects.exists()


# --- a practice, one click ---------------------------------------------------------------------

def test_nominating_a_practice_goes_straight_to_the_form_with_it_chosen(territory,
                                                                       librarian_a, client_a):
    contest = practice_contest()
    practice = make_practice(territory.system_a, by=librarian_a)
    response = client_a.get(reverse("apdovanojimai:practice_nominate", args=[practice.pk]))
    assert response.status_code == 302
    response = client_a.get(response["Location"])
    assert response.context["form"].initial["nominee"] == practice.pk
    response = client_a.post(create_url(contest, practice=practice.pk),
                             post_data(contest, practice))
    assert Nomination.objects.get().practice == practice


def test_a_practice_of_another_library_cannot_be_nominated_by_a_director(territory, client_a):
    practice_contest()
    practice = make_practice(territory.system_b)
    url = reverse("apdovanojimai:practice_nominate", args=[practice.pk])
    assert client_a.get(url).status_code == 404


def test_the_practice_panel_offers_the_button_to_its_director(territory, librarian_a,
                                                              client_a):
    practice_contest()
    practice = make_practice(territory.system_a, by=librarian_a)
    page = client_a.get(practice.get_absolute_url()).content.decode()
    assert reverse("apdovanojimai:practice_nominate", args=[practice.pk]) in page


# --- the nomination ----------------------------------------------------------------------------

def test_another_users_nomination_is_a_404(territory, librarian_a, staff):
    contest = make_contest()
    nomination = make_nomination(contest, by=librarian_a, person=make_person(territory.branch_a))
    other_director = _client(director_of(territory.system_b))
    for name in ("nomination_detail", "nomination_update"):
        url = reverse(f"apdovanojimai:{name}", args=[nomination.pk])
        assert other_director.get(url).status_code == 404
    assert other_director.post(reverse("apdovanojimai:nomination_withdraw",
                                       args=[nomination.pk])).status_code == 404


def test_a_juror_sees_the_nomination_only_after_declaring_no_conflict(territory, librarian_a,
                                                                      manager):
    contest = make_contest(status=ContestStatus.EVALUATION)
    nomination = make_nomination(contest, by=librarian_a, person=make_person(territory.branch_a))
    juror = add_juror(contest, manager)
    url = nomination.get_absolute_url()
    client = _client(manager)
    assert client.get(url).status_code == 404
    declare(nomination, juror)
    assert client.get(url).status_code == 200
    assert client.get(reverse("apdovanojimai:nomination_update",
                              args=[nomination.pk])).status_code == 403


def test_the_detail_page_shows_the_nomination_within_a_query_budget(territory, librarian_a,
                                                                    client_a):
    contest = make_contest()
    nomination = make_nomination(contest, by=librarian_a, status=NominationStatus.SUBMITTED,
                                 person=make_person(territory.branch_a))
    for index in range(5):
        NominationFile.objects.create(nomination=nomination, file=upload(f"f{index}.pdf"),
                                      name=f"f{index}.pdf", size=len(PDF))
    with query_budget(25, "nomination page"):
        response = client_a.get(nomination.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "f4.pdf" in page and reverse("apdovanojimai:nomination_update",
                                        args=[nomination.pk]) in page


def test_an_edit_with_a_stale_version_is_refused_keeping_the_text(territory, librarian_a,
                                                                  client_a):
    nomination = make_nomination(make_contest(), by=librarian_a,
                                 status=NominationStatus.SUBMITTED,
                                 person=make_person(territory.branch_a))
    url = reverse("apdovanojimai:nomination_update", args=[nomination.pk])
    assert client_a.post(url, {"version": 1, "justification": "Pirmas"}).status_code == 302
    response = client_a.post(url, {"version": 1, "justification": "Antras"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert "Antras" in response.content.decode()
    assert Nomination.objects.get().justification == "Pirmas"
    assert response.context["form"]["version"].value() == 2


def test_withdrawing_from_the_page(territory, librarian_a, client_a):
    nomination = make_nomination(make_contest(), by=librarian_a,
                                 status=NominationStatus.SUBMITTED,
                                 person=make_person(territory.branch_a))
    client_a.post(reverse("apdovanojimai:nomination_withdraw", args=[nomination.pk]))
    assert Nomination.objects.get().status == NominationStatus.WITHDRAWN


def test_an_attachment_is_downloaded_by_the_nominator_and_hidden_from_others(
        territory, librarian_a, client_a, client_b):
    nomination = make_nomination(make_contest(), by=librarian_a,
                                 status=NominationStatus.SUBMITTED,
                                 person=make_person(territory.branch_a))
    attachment = NominationFile.objects.create(nomination=nomination, file=upload(),
                                               name="rekomendacija.pdf", size=len(PDF))
    url = reverse("apdovanojimai:nomination_file", args=[attachment.pk])
    response = client_a.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client_b.get(url).status_code == 404
    delete = reverse("apdovanojimai:nomination_file_delete", args=[attachment.pk])
    assert client_b.post(delete).status_code == 404
    client_a.post(delete)
    assert not NominationFile.objects.exists()


# --- lists -------------------------------------------------------------------------------------

def test_my_nominations_lists_only_mine_within_a_query_budget(territory, librarian_a, staff,
                                                              client_a):
    contest = make_contest()
    for index in range(20):
        make_nomination(contest, by=librarian_a, status=NominationStatus.SUBMITTED,
                        person=make_person(territory.branch_a, first_name=f"Ona{index}"))
    theirs = make_nomination(contest, by=staff, person=make_person(
        territory.branch_a, first_name="Svetima", last_name="Kitaitė"))
    with query_budget(15, "my nominations"):
        response = client_a.get(reverse("apdovanojimai:my_nominations"))
    assert response.status_code == 200
    listed = {row.pk for row in response.context["object_list"]}
    assert len(listed) == 20 and theirs.pk not in listed
    assert "Kitaitė" not in response.content.decode()


def test_the_contest_list_is_for_staff_within_a_query_budget(territory, librarian_a,
                                                             staff_client, client_a):
    contest = make_contest()
    for index in range(20):
        nomination = make_nomination(
            contest, by=librarian_a, status=NominationStatus.SUBMITTED,
            person=make_person(territory.branch_a, first_name=f"Ona{index}"))
        NominationFile.objects.create(nomination=nomination, file=upload(), name="a.pdf")
    url = reverse("apdovanojimai:contest_nominations", args=[contest.pk])
    with query_budget(15, "contest nominations"):
        response = staff_client.get(url)
    assert response.status_code == 200 and len(response.context["object_list"]) == 20
    assert client_a.get(url).status_code == 403
    assert staff_client.get(url, {"status": "accepted"}).context["object_list"].count() == 0


def test_staff_admit_from_the_list_and_not_admit_with_a_reason(territory, librarian_a, staff,
                                                               staff_client):
    contest = make_contest()
    first = make_nomination(contest, by=librarian_a, status=NominationStatus.SUBMITTED,
                            person=make_person(territory.branch_a))
    second = make_nomination(contest, by=librarian_a, status=NominationStatus.SUBMITTED,
                             person=make_person(territory.branch_a, first_name="Rūta"))
    staff_client.post(reverse("apdovanojimai:nomination_admit", args=[first.pk]))
    staff_client.post(reverse("apdovanojimai:nomination_reject", args=[second.pk]),
                      {"reason": ""})
    assert Nomination.objects.get(pk=second.pk).status == NominationStatus.SUBMITTED
    staff_client.post(reverse("apdovanojimai:nomination_reject", args=[second.pk]),
                      {"reason": "Netinka kategorijai."})
    assert Nomination.objects.get(pk=first.pk).status == NominationStatus.ACCEPTED
    assert Nomination.objects.get(pk=second.pk).status == NominationStatus.REJECTED


def test_the_nominator_cannot_admit_their_own(territory, librarian_a, client_a):
    nomination = make_nomination(make_contest(), by=librarian_a,
                                 status=NominationStatus.SUBMITTED,
                                 person=make_person(territory.branch_a))
    url = reverse("apdovanojimai:nomination_admit", args=[nomination.pk])
    assert client_a.post(url).status_code == 403
    assert Nomination.objects.get().status == NominationStatus.SUBMITTED


# --- the contest's panel -----------------------------------------------------------------------

def _panel(user, contest):
    from django.test import RequestFactory

    from apdovanojimai.panels_nominations import contest_nominations

    request = RequestFactory().get("/")
    request.user = user
    return contest_nominations(request, contest)


def test_the_contest_panel_shows_a_director_the_button_and_their_own_nominations(
        territory, librarian_a, staff):
    contest = make_contest()
    mine = make_nomination(contest, by=librarian_a, person=make_person(territory.branch_a))
    make_nomination(contest, by=staff, person=make_person(territory.branch_a, first_name="X"))
    panel = _panel(librarian_a, contest)
    assert panel["can_nominate"] and panel["mine"] == [mine] and not panel["staff"]


def test_the_contest_panel_shows_staff_the_counts(territory, librarian_a, staff):
    contest = make_contest()
    make_nomination(contest, by=librarian_a, person=make_person(territory.branch_a))
    panel = _panel(staff, contest)
    assert panel["total"] == 1
    assert {row["status"]: row["count"] for row in panel["counts"]}["accepted"] == 1


def test_the_contest_panel_offers_a_branch_librarian_nothing(territory):
    assert _panel(branch_librarian(territory.branch_a), make_contest()) is None


def test_the_contest_panel_has_no_button_after_the_window(territory, librarian_a):
    contest = make_contest(nominations_open=days(-20), nominations_close=days(-1))
    assert _panel(librarian_a, contest) is None
