"""Giving an assignment, editing and cancelling it (``services_assignments``): numbers per
year, a task and an e-mail per person after commit, and the bad input of the issue — a
person without an account, a deadline in the past, files that are not what they claim."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from pavedimai import services_assignments as services
from pavedimai.models import (
    Assignment,
    AssignmentAttachment,
    AssignmentStatus,
    Task,
    TaskStatus,
)
from pavedimai.selectors_people import find_people
from pavedimai.tests.factories import make_assignment, manager, staff
from pavedimai.tests.factories_assignments import (
    PDF,
    PNG,
    days,
    docx_bytes,
    give,
    task_of,
    today,
    upload,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def people():
    return manager(full_name="Vytautas Čėsna"), staff(full_name="Rūta Žemaitienė"), \
        staff(full_name="Jūratė Šimkienė")


# --- giving ------------------------------------------------------------------------------------

def test_giving_makes_a_numbered_assignment_with_a_new_task_for_each_person(people):
    boss, ruta, jurate = people
    assignment = give(boss, [ruta, jurate], deadline=days(7))
    assert (assignment.year, assignment.number) == (today().year, 1)
    assert assignment.full_number == f"{today().year}-1"
    assert assignment.given_on == today() and assignment.status == AssignmentStatus.OPEN
    tasks = list(assignment.tasks.order_by("pk"))
    assert [(t.assignee, t.status, t.deadline) for t in tasks] == [
        (ruta, TaskStatus.NEW, days(7)), (jurate, TaskStatus.NEW, days(7))]
    assert assignment.history.first().history_user == boss


def test_numbers_run_per_year_and_continue_after_one_given_outside_the_counter(people):
    boss, ruta, _jurate = people
    make_assignment(by=boss, to=[ruta], year=today().year, number=7, given_on=today(),
                    deadline=days(3))
    assert give(boss, [ruta]).number == 8
    assert give(boss, [ruta]).number == 9
    last_year = give(boss, [ruta], today=datetime.date(today().year - 1, 6, 1),
                     deadline=datetime.date(today().year - 1, 6, 30))
    assert (last_year.year, last_year.number) == (today().year - 1, 1)


def test_a_refused_assignment_takes_no_number(people):
    boss, ruta, _jurate = people
    with pytest.raises(services.Refused):
        give(boss, [ruta], deadline=days(-1))
    assert give(boss, [ruta]).number == 1


def test_each_person_gets_an_e_mail_after_commit(people, django_capture_on_commit_callbacks):
    boss, ruta, jurate = people
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assignment = give(boss, [ruta, jurate])
        assert not mail.outbox                      # nothing before the commit
    assert len(callbacks) == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([ruta.email, jurate.email])
    assert assignment.full_number in mail.outbox[0].subject
    assert assignment.get_absolute_url() in mail.outbox[0].body


def test_staff_cannot_give_an_assignment(people):
    _boss, ruta, jurate = people
    with pytest.raises(PermissionDenied):
        give(ruta, [jurate])
    assert not Assignment.objects.exists()


# --- bad input ---------------------------------------------------------------------------------

def test_a_deadline_in_the_past_is_refused(people):
    boss, ruta, _jurate = people
    with pytest.raises(services.Refused) as refused:
        give(boss, [ruta], deadline=days(-1))
    assert "in the past" in refused.value.message_dict["deadline"][0]
    assert give(boss, [ruta], deadline=today()).deadline == today()


def test_an_assignment_to_someone_without_an_account_is_refused(people):
    boss, ruta, _jurate = people
    librarian = UserFactory(role="librarian", full_name="Birutė Bėrienė")
    switched_off = staff(full_name="Ona Išėjusi", is_active=False)
    for person in (librarian, switched_off):
        with pytest.raises(services.Refused) as refused:
            give(boss, [ruta, person])
        assert "no active staff or management account" in refused.value.message_dict[
            "people"][0]
    with pytest.raises(services.Refused) as refused:
        give(boss, [])
    assert refused.value.message_dict["people"] == ["Choose at least one person."]
    with pytest.raises(services.Refused):
        give(boss, [boss])
    assert not Assignment.objects.exists()


def test_a_name_or_address_without_an_active_account_names_itself_in_the_refusal(people):
    _boss, ruta, _jurate = people
    staff(full_name="Ona Išėjusi", email="ona@test.lt", is_active=False)
    UserFactory(role="librarian", full_name="Birutė Bėrienė", email="b@test.lt")
    staff(full_name="Jonas Jonaitis", email="jonas1@test.lt")
    staff(full_name="Jonas Jonaitis", email="jonas2@test.lt")
    found = find_people(f"RŪTA ŽEMAITIENĖ; {ruta.email.upper()}\nnera@niekur.lt, ona@test.lt,"
                        " Birutė Bėrienė, Jonas Jonaitis, Petras Nežinomas")
    assert found.people == [ruta, ruta]
    assert len(found.errors) == 5
    assert "Nobody with a portal account is “nera@niekur.lt”" in found.errors[0]
    assert "switched off" in found.errors[1]
    assert "not department staff or management" in found.errors[2]
    assert "Two or more accounts" in found.errors[3]
    assert "“Petras Nežinomas”" in found.errors[4]


def test_files_are_checked_by_their_content(people):
    boss, ruta, _jurate = people
    bad = [upload("ataskaita.pdf", b"MZ\x90\x00 not a pdf"), upload("tuscias.pdf", b""),
           upload("nuotrauka.pdf", PNG)]
    for file in bad:
        with pytest.raises(services.Refused) as refused:
            give(boss, [ruta], files=[file])
        assert refused.value.code == "file"
    assert not Assignment.objects.exists() and not AssignmentAttachment.objects.exists()


def test_a_file_larger_than_the_limit_is_refused(people, settings):
    boss, ruta, _jurate = people
    settings.UPLOAD_MAX_BYTES = 100
    with pytest.raises(services.Refused) as refused:
        give(boss, [ruta], files=[upload("didelis.pdf", PDF + b"0" * 200)])
    assert "larger than" in refused.value.messages[0]


def test_several_attachments_keep_their_names_and_are_stored_cleanly(people):
    boss, ruta, _jurate = people
    assignment = give(boss, [ruta], files=[upload("Užduotis (galutinė).pdf"),
                                           upload("Lentelė.docx", docx_bytes())])
    names = list(assignment.attachments.order_by("pk").values_list("name", "file"))
    assert [name for name, _file in names] == ["Užduotis (galutinė).pdf", "Lentelė.docx"]
    assert names[0][1].endswith("Uzduotis-galutine.pdf")
    assert names[1][1].endswith("Lentele.docx")


# --- editing -----------------------------------------------------------------------------------

def test_the_giver_edits_the_words_moves_the_deadline_and_adds_a_person(
        people, django_capture_on_commit_callbacks):
    boss, ruta, jurate = people
    assignment = give(boss, [ruta], deadline=days(10))
    Task.objects.filter(assignment=assignment).update(reminded_on=today())
    with django_capture_on_commit_callbacks(execute=True):
        saved = services.update_assignment(
            assignment=assignment, by=boss, version=assignment.version, title="Naujas",
            text="Kitaip.", deadline=days(20), people=[jurate])
    assert (saved.title, saved.deadline, saved.version) == ("Naujas", days(20), 2)
    task = task_of(assignment, ruta)
    assert (task.deadline, task.reminded_on) == (days(20), None)
    assert task_of(assignment, jurate).deadline == days(20)
    assert [m.to for m in mail.outbox] == [[jurate.email]]


def test_an_earlier_deadline_of_a_delegate_stays_unless_it_is_after_the_new_one(people):
    from pavedimai import services_tasks

    boss, ruta, jurate = people
    assignment = give(boss, [ruta], deadline=days(10))
    services_tasks.delegate(task=task_of(assignment, ruta), by=ruta, people=[jurate],
                            deadline=days(8))
    services.update_assignment(assignment=assignment, by=boss, version=1, title="A",
                               text="B", deadline=days(30))
    assert task_of(assignment, jurate).deadline == days(8)
    assert task_of(assignment, ruta).deadline == days(30)
    services.update_assignment(assignment=assignment, by=boss, version=2, title="A",
                               text="B", deadline=days(5))
    assert task_of(assignment, jurate).deadline == days(5)


def test_the_second_of_two_editors_is_refused_as_stale(people):
    boss, ruta, _jurate = people
    assignment = give(boss, [ruta])
    services.update_assignment(assignment=assignment, by=boss, version=1, title="Pirmas",
                               text="T", deadline=assignment.deadline)
    with pytest.raises(services.Refused) as refused:
        services.update_assignment(assignment=assignment, by=boss, version=1,
                                   title="Antras", text="T", deadline=assignment.deadline)
    assert refused.value.code == "stale"
    assert Assignment.objects.get().title == "Pirmas"


def test_only_the_giver_edits_until_their_account_is_switched_off(people):
    boss, ruta, _jurate = people
    deputy = manager(full_name="Pavaduotoja")
    assignment = give(boss, [ruta])
    with pytest.raises(PermissionDenied):
        services.update_assignment(assignment=assignment, by=deputy, version=1, title="X",
                                   text="Y", deadline=assignment.deadline)
    with pytest.raises(PermissionDenied):
        services.cancel(assignment=assignment, by=ruta, reason="Nebereikia")
    boss.is_active = False
    boss.save()
    assignment.refresh_from_db()
    services.update_assignment(assignment=assignment, by=deputy, version=1, title="Perimta",
                               text="Y", deadline=assignment.deadline)
    assert Assignment.objects.get().title == "Perimta"


def test_an_edit_keeps_a_past_deadline_unchanged_but_refuses_moving_it_into_the_past(people):
    boss, ruta, _jurate = people
    assignment = make_assignment(by=boss, to=[ruta], given_on=days(-20), deadline=days(-2),
                                 year=today().year)
    services.update_assignment(assignment=assignment, by=boss, version=1, title="Pataisyta",
                               text="T", deadline=days(-2))
    with pytest.raises(services.Refused) as refused:
        services.update_assignment(assignment=assignment, by=boss, version=2, title="X",
                                   text="T", deadline=days(-1))
    assert refused.value.code == "deadline_past"


# --- cancelling --------------------------------------------------------------------------------

def test_cancelling_needs_a_reason_moves_once_and_tells_those_still_working(
        people, django_capture_on_commit_callbacks):
    boss, ruta, jurate = people
    assignment = give(boss, [ruta, jurate])
    with pytest.raises(services.Refused):
        services.cancel(assignment=assignment, by=boss, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = services.cancel(assignment=assignment, by=boss, reason="Nebeaktualu.")
    assert (cancelled.status, cancelled.cancelled_on, cancelled.cancelled_reason) == (
        AssignmentStatus.CANCELLED, today(), "Nebeaktualu.")
    assert cancelled.history.first().history_user == boss
    assert sorted(m.to[0] for m in mail.outbox) == sorted([ruta.email, jurate.email])
    with pytest.raises(services.Refused) as refused:
        services.cancel(assignment=assignment, by=boss, reason="Dar kartą")
    assert refused.value.code == "cancelled"
    with pytest.raises(services.Refused) as refused:
        services.update_assignment(assignment=assignment, by=boss, version=cancelled.version,
                                   title="X", text="Y", deadline=assignment.deadline)
    assert refused.value.code == "cancelled"
