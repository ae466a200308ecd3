"""The nominations' services: eligibility from the registry, submitting (window, scope,
eligibility, once per category), editing with a version, withdrawing, admitting and not
admitting (conditional, once; the nominator e-mailed)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import override_settings

from apdovanojimai import services_nominations as services
from apdovanojimai.models import ContestStatus, Nomination, NominationStatus, NomineeKind
from apdovanojimai.tests.factories import make_category, make_contest, make_nomination, make_person
from apdovanojimai.tests.factories_nominations import (
    PNG,
    branch_librarian,
    days,
    docx_bytes,
    library_contest,
    make_practice,
    practice_contest,
    upload,
)
from bibliotekos.models import LibraryKind, Position
from viesinimas.models import PracticeStatus

pytestmark = pytest.mark.django_db

JUSTIFICATION = "Sukūrė vaikų skaitymo klubą ir įtraukė bendruomenę."


def submit(contest, by, **nominee):
    return services.submit(contest=contest, category=contest.categories.first(), by=by,
                           justification=JUSTIFICATION, **nominee)


def codes(refusal) -> set:
    found = set()
    for error in getattr(refusal, "error_list", []):
        found.add(error.code)
    return found


# --- eligibility -----------------------------------------------------------------------------

def test_service_years_are_whole_years_to_the_day():
    assert services.service_years(datetime.date(2001, 9, 1), datetime.date(2026, 8, 31)) == 24
    assert services.service_years(datetime.date(2001, 9, 1), datetime.date(2026, 9, 1)) == 25


def test_a_person_with_enough_years_is_eligible_and_the_facts_are_stored(territory):
    contest = make_contest()
    category = contest.categories.get()
    category.min_service_years = 5
    category.save()
    person = make_person(territory.central_a, works_since=datetime.date(2001, 9, 1))
    result = services.eligibility(category, person, on=datetime.date(2026, 6, 1))
    assert result.ok
    assert "24" in result.text and "2001-09-01" in result.text
    assert "Kretingos centrinė biblioteka" in result.text


def test_too_few_years_of_service_are_refused(territory):
    contest = make_contest()
    category = make_category(contest, name="Už ilgametį darbą", min_service_years=25)
    person = make_person(territory.central_a, works_since=datetime.date(2010, 1, 1))
    result = services.eligibility(category, person, on=datetime.date(2026, 6, 1))
    assert not result.ok
    assert "25" in result.problems[0] and "16" in result.problems[0]


def test_a_person_without_works_since_is_refused_saying_who_can_fill_it_in(territory):
    contest = make_contest()
    category = make_category(contest, name="Už ilgametį darbą", min_service_years=5)
    person = make_person(territory.central_a, works_since=None)
    result = services.eligibility(category, person)
    assert not result.ok
    assert "skyriaus darbuotoj" in result.problems[0].lower() or "staff" in result.problems[0]


def test_no_years_required_accepts_a_person_without_works_since(territory):
    contest = make_contest()
    person = make_person(territory.central_a, works_since=None)
    assert services.eligibility(contest.categories.get(), person).ok


def test_a_post_outside_the_categorys_posts_is_refused(territory):
    contest = make_contest()
    director_post = Position.objects.create(name="Direktorius (testas)")
    other_post = Position.objects.create(name="Bibliotekininkas (testas)")
    category = make_category(contest, name="Vadovai", positions=[director_post])
    person = make_person(territory.central_a, post=other_post)
    result = services.eligibility(category, person)
    assert not result.ok and "Bibliotekininkas (testas)" in result.problems[0]
    person.post = director_post
    assert services.eligibility(category, person).ok


def test_a_library_of_another_kind_is_refused(territory):
    contest = library_contest()
    category = contest.categories.get()
    category.library_kinds = [LibraryKind.RURAL_BRANCH]
    category.save()
    assert services.eligibility(category, territory.branch_a).ok
    assert not services.eligibility(category, territory.central_a).ok


def test_a_person_of_a_library_of_another_kind_is_refused(territory):
    contest = make_contest()
    category = make_category(contest, name="Kaimo bibliotekininkas",
                             library_kinds=[LibraryKind.RURAL_BRANCH])
    assert not services.eligibility(category, make_person(territory.central_a)).ok
    assert services.eligibility(category, make_person(territory.branch_a,
                                                       first_name="Rūta")).ok


def test_a_nominee_of_the_wrong_kind_is_refused(territory):
    contest = make_contest()
    assert not services.eligibility(contest.categories.get(), territory.branch_a).ok


# --- submitting --------------------------------------------------------------------------------

def test_a_director_nominates_a_person_of_their_library(territory, librarian_a):
    contest = make_contest()
    person = make_person(territory.branch_a)
    nomination = submit(contest, librarian_a, person=person,
                        files=[upload(), upload("nuotrauka.png", PNG, "image/png")])
    assert nomination.status == NominationStatus.SUBMITTED
    assert nomination.unit == territory.branch_a
    assert nomination.nominating_library == territory.system_a
    assert nomination.eligibility
    assert sorted(nomination.files.values_list("name", flat=True)) == [
        "nuotrauka.png", "rekomendacija.pdf"]
    assert nomination.history.count() == 1


def test_staff_nominate_anyone_of_the_territory(territory, staff):
    contest = make_contest()
    nomination = submit(contest, staff, person=make_person(territory.school_b))
    assert nomination.nominating_library is None


@pytest.mark.parametrize(("status", "opens", "closes", "code"), [
    (ContestStatus.OPEN, 1, 10, "early"),
    (ContestStatus.OPEN, -10, -1, "late"),
    (ContestStatus.DRAFT, -10, 10, "closed"),
    (ContestStatus.EVALUATION, -10, 10, "closed"),
])
def test_a_nomination_outside_the_window_or_status_is_refused(territory, librarian_a, status,
                                                               opens, closes, code):
    contest = make_contest(status=status, nominations_open=days(opens),
                           nominations_close=days(closes))
    with pytest.raises(services.Refused) as refused:
        submit(contest, librarian_a, person=make_person(territory.branch_a))
    assert code in codes(refused.value)
    assert not Nomination.objects.exists()


def test_the_last_day_of_the_window_still_accepts(territory, librarian_a):
    contest = make_contest(nominations_open=days(-10), nominations_close=days(0))
    assert submit(contest, librarian_a, person=make_person(territory.branch_a)).pk


def test_an_ineligible_nominee_is_refused(territory, librarian_a):
    contest = make_contest()
    category = contest.categories.get()
    category.min_service_years = 30
    category.save()
    with pytest.raises(services.Refused) as refused:
        submit(contest, librarian_a, person=make_person(territory.branch_a))
    assert "nominee" in refused.value.error_dict
    assert not Nomination.objects.exists()


def test_the_same_person_twice_in_a_category_is_refused_without_revealing_the_other(
        territory, librarian_a, staff):
    contest = make_contest()
    person = make_person(territory.branch_a)
    make_nomination(contest, by=staff, person=person, status=NominationStatus.SUBMITTED,
                    justification="Slaptas kito teikėjo pagrindimas")
    with pytest.raises(services.Refused) as refused:
        submit(contest, librarian_a, person=person)
    text = " ".join(refused.value.messages)
    assert "Slaptas" not in text and str(staff) not in text
    assert Nomination.objects.count() == 1


def test_the_database_refuses_a_second_live_nomination_as_a_friendly_error(
        territory, librarian_a, staff, monkeypatch):
    contest = make_contest()
    person = make_person(territory.branch_a)
    make_nomination(contest, by=staff, person=person, status=NominationStatus.ACCEPTED)
    monkeypatch.setattr(Nomination.objects.__class__, "live",
                        lambda self: Nomination.objects.none(), raising=False)
    with pytest.raises(services.Refused) as refused:
        submit(contest, librarian_a, person=person)
    assert "duplicate" in codes(refused.value) or refused.value.error_dict


def test_a_withdrawn_nomination_leaves_the_person_free_to_be_nominated_again(
        territory, librarian_a, staff):
    contest = make_contest()
    person = make_person(territory.branch_a)
    make_nomination(contest, by=staff, person=person, status=NominationStatus.WITHDRAWN)
    assert submit(contest, librarian_a, person=person).pk


def test_a_director_cannot_nominate_someone_outside_their_libraries(territory, librarian_a):
    contest = make_contest()
    with pytest.raises(services.Refused):
        submit(contest, librarian_a, person=make_person(territory.central_b))


def test_a_branch_librarian_cannot_nominate(territory):
    user = branch_librarian(territory.branch_a)
    with pytest.raises(PermissionDenied):
        submit(make_contest(), user, person=make_person(territory.branch_a))


def test_a_director_nominates_their_outlet_but_not_another_library(territory, librarian_a):
    contest = library_contest()
    assert submit(contest, librarian_a, library=territory.branch_a).unit == territory.branch_a
    with pytest.raises(services.Refused):
        submit(contest, librarian_a, library=territory.central_b)


def test_only_a_published_practice_may_be_nominated(territory, librarian_a):
    contest = practice_contest()
    published = make_practice(territory.system_a, by=librarian_a)
    draft = make_practice(territory.system_a, by=librarian_a, status=PracticeStatus.DRAFT,
                          title="Juodraštis")
    assert submit(contest, librarian_a, practice=published).unit == territory.system_a
    with pytest.raises(services.Refused):
        submit(contest, librarian_a, practice=draft)


def test_a_nominee_of_another_kind_than_the_category_is_refused(territory, librarian_a):
    contest = make_contest(nominee_kind=NomineeKind.PERSON)
    with pytest.raises(services.Refused):
        submit(contest, librarian_a, library=territory.branch_a)


@pytest.mark.parametrize(("name", "content"), [
    ("programa.exe", b"MZ\x90\x00" + b"\x00" * 40),
    ("apsimetėlis.pdf", b"<html>not a pdf</html>"),
])
def test_an_attachment_of_a_bad_kind_is_refused(territory, librarian_a, name, content):
    with pytest.raises(services.Refused) as refused:
        submit(make_contest(), librarian_a, person=make_person(territory.branch_a),
               files=[upload(name, content, "application/octet-stream")])
    assert "files" in refused.value.error_dict
    assert not Nomination.objects.exists()


def test_a_docx_attachment_is_accepted(territory, librarian_a):
    nomination = submit(make_contest(), librarian_a, person=make_person(territory.branch_a),
                        files=[upload("laiskas.docx", docx_bytes(), "application/zip")])
    assert nomination.files.get().name == "laiskas.docx"


@override_settings(UPLOAD_MAX_BYTES=1024)
def test_an_attachment_too_big_is_refused(territory, librarian_a):
    big = b"%PDF-1.4\n" + b"0" * 2048
    with pytest.raises(services.Refused):
        submit(make_contest(), librarian_a, person=make_person(territory.branch_a),
               files=[upload("didelis.pdf", big)])
    assert not Nomination.objects.exists()


# --- editing and withdrawing ------------------------------------------------------------------

def test_an_edit_with_the_current_version_saves_and_a_stale_one_is_refused(territory,
                                                                           librarian_a):
    nomination = submit(make_contest(), librarian_a, person=make_person(territory.branch_a))
    services.update(nomination=nomination, by=librarian_a, version=1,
                    justification="Naujas pagrindimas")
    nomination.refresh_from_db()
    assert nomination.version == 2 and nomination.justification == "Naujas pagrindimas"
    assert nomination.history.count() == 2
    with pytest.raises(services.Stale) as stale:
        services.update(nomination=nomination, by=librarian_a, version=1,
                        justification="Senas langas")
    assert stale.value.stored.version == 2
    nomination.refresh_from_db()
    assert nomination.justification == "Naujas pagrindimas"


def test_an_edit_after_the_window_is_refused(territory, librarian_a):
    contest = make_contest(nominations_open=days(-20), nominations_close=days(-1))
    nomination = make_nomination(contest, by=librarian_a, status=NominationStatus.SUBMITTED,
                                 person=make_person(territory.branch_a))
    with pytest.raises(services.Refused):
        services.update(nomination=nomination, by=librarian_a, version=1,
                        justification="Pavėluota")


def test_someone_elses_nomination_cannot_be_edited(territory, librarian_a, librarian_b):
    nomination = submit(make_contest(), librarian_a, person=make_person(territory.branch_a))
    with pytest.raises(PermissionDenied):
        services.update(nomination=nomination, by=librarian_b, version=1, justification="X")


def test_withdrawing_twice_moves_it_once(territory, librarian_a):
    nomination = submit(make_contest(), librarian_a, person=make_person(territory.branch_a))
    services.withdraw(nomination=nomination, by=librarian_a)
    with pytest.raises(services.Refused):
        services.withdraw(nomination=nomination, by=librarian_a)
    assert Nomination.objects.get().status == NominationStatus.WITHDRAWN


# --- admitting ---------------------------------------------------------------------------------

def test_admitting_moves_it_once_and_e_mails_the_nominator(territory, librarian_a, staff,
                                                          django_capture_on_commit_callbacks):
    nomination = submit(make_contest(), librarian_a, person=make_person(territory.branch_a))
    with django_capture_on_commit_callbacks(execute=True):
        services.admit(nomination=nomination, by=staff)
    assert Nomination.objects.get().status == NominationStatus.ACCEPTED
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [librarian_a.email]
    with pytest.raises(services.Refused):
        services.admit(nomination=Nomination.objects.get(), by=staff)
    assert len(mail.outbox) == 1


def test_not_admitting_needs_a_reason_and_e_mails_it(territory, librarian_a, staff,
                                                     django_capture_on_commit_callbacks):
    nomination = submit(make_contest(), librarian_a, person=make_person(territory.branch_a))
    with pytest.raises(services.Refused):
        services.reject(nomination=nomination, by=staff, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.reject(nomination=nomination, by=staff, reason="Trūksta rekomendacijos.")
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.REJECTED
    assert nomination.status_note == "Trūksta rekomendacijos."
    assert "Trūksta rekomendacijos." in mail.outbox[0].body


def test_only_staff_admit(territory, librarian_a):
    nomination = submit(make_contest(), librarian_a, person=make_person(territory.branch_a))
    with pytest.raises(PermissionDenied):
        services.admit(nomination=nomination, by=librarian_a)


def test_re_admitting_a_rejected_nomination_when_the_person_is_live_again_is_refused(
        territory, librarian_a, staff):
    contest = make_contest()
    person = make_person(territory.branch_a)
    old = make_nomination(contest, by=staff, person=person, status=NominationStatus.REJECTED)
    submit(contest, librarian_a, person=person)
    with pytest.raises(services.Refused) as refused:
        services.admit(nomination=old, by=staff)
    assert "duplicate" in codes(refused.value)
    assert Nomination.objects.get(pk=old.pk).status == NominationStatus.REJECTED


def test_nothing_is_admitted_after_scoring_closed(territory, librarian_a, staff):
    from django.utils import timezone

    contest = make_contest(status=ContestStatus.EVALUATION)
    nomination = make_nomination(contest, by=librarian_a, status=NominationStatus.SUBMITTED,
                                 person=make_person(territory.branch_a))
    contest.scoring_closed_at = timezone.now()
    contest.save()
    nomination.refresh_from_db()
    with pytest.raises(services.Refused):
        services.admit(nomination=nomination, by=staff)
