"""A task's moves (``services_tasks``): acknowledging (twice: once), reporting progress and
completion with a note or a file, delegating and completing through the chain, the
assignment done when every task not delegated is, reopening (the chain and the assignment
open again), comments, and who may do each."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from pavedimai import services_assignments
from pavedimai import services_tasks as services
from pavedimai.models import AssignmentStatus, TaskStatus, TaskUpdate, UpdateKind
from pavedimai.tests.factories import manager, staff
from pavedimai.tests.factories_assignments import PNG, days, give, task_of, today, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def people():
    return (manager(full_name="Vytautas Čėsna"), staff(full_name="Rūta Žemaitienė"),
            staff(full_name="Jūratė Šimkienė"), staff(full_name="Aldona Trečioji"))


def _kinds(task) -> list[str]:
    return list(TaskUpdate.objects.filter(task=task).order_by("pk").values_list("kind",
                                                                                flat=True))


# --- acknowledging -----------------------------------------------------------------------------

def test_acknowledging_twice_acknowledges_once(people):
    boss, ruta, *_ = people
    task = task_of(give(boss, [ruta]), ruta)
    moved = services.acknowledge(task=task, by=ruta)
    assert moved.status == TaskStatus.ACKNOWLEDGED and moved.acknowledged_at is not None
    with pytest.raises(services_assignments.Refused) as refused:
        services.acknowledge(task=task, by=ruta)
    assert refused.value.code == "acknowledged"
    assert _kinds(task) == [UpdateKind.ACKNOWLEDGED]
    assert moved.history.first().history_user == ruta


def test_only_the_person_of_the_task_acknowledges_reports_or_delegates_it(people):
    boss, ruta, jurate, _aldona = people
    task = task_of(give(boss, [ruta]), ruta)
    for call in (lambda: services.acknowledge(task=task, by=jurate),
                 lambda: services.acknowledge(task=task, by=boss),
                 lambda: services.report(task=task, by=jurate, done=True, text="Atlikta"),
                 lambda: services.delegate(task=task, by=boss, people=[jurate])):
        with pytest.raises(PermissionDenied):
            call()
    assert task_of(task.assignment, ruta).status == TaskStatus.NEW


# --- reporting ---------------------------------------------------------------------------------

def test_progress_needs_a_note_or_a_file_and_acknowledges_a_task_not_seen(people):
    boss, ruta, *_ = people
    task = task_of(give(boss, [ruta]), ruta)
    with pytest.raises(services_assignments.Refused) as refused:
        services.report(task=task, by=ruta, done=False, text="  ")
    assert refused.value.message_dict["text"] == ["Write a note or attach a file."]
    update = services.report(task=task, by=ruta, done=False, text="Surinkti duomenys.")
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS and task.acknowledged_at is not None
    assert (update.kind, update.text) == (UpdateKind.PROGRESS, "Surinkti duomenys.")


def test_done_with_a_file_closes_the_assignment_and_tells_the_giver(
        people, django_capture_on_commit_callbacks):
    boss, ruta, *_ = people
    assignment = give(boss, [ruta])
    task = task_of(assignment, ruta)
    with django_capture_on_commit_callbacks(execute=True):
        update = services.report(task=task, by=ruta, done=True,
                                 file=upload("Rezultatas (galutinis).pdf"))
    task.refresh_from_db()
    assignment.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.done_on == today()
    assert update.file_name == "Rezultatas (galutinis).pdf"
    assert update.file.name.endswith(".pdf")
    assert (assignment.status, assignment.closed_on) == (AssignmentStatus.DONE, today())
    assert assignment.done_on_time
    assert [m.to for m in mail.outbox] == [[boss.email]]
    assert "reported" in mail.outbox[0].subject and update.file_name in mail.outbox[0].body


def test_reporting_done_twice_is_refused_and_logs_once(people):
    boss, ruta, *_ = people
    task = task_of(give(boss, [ruta]), ruta)
    services.report(task=task, by=ruta, done=True, text="Atlikta.")
    with pytest.raises(services_assignments.Refused) as refused:
        services.report(task=task, by=ruta, done=True, text="Atlikta.")
    assert refused.value.code == "done"
    assert _kinds(task) == [UpdateKind.DONE]


def test_a_file_that_is_not_what_it_claims_is_refused_and_nothing_moves(people):
    boss, ruta, *_ = people
    task = task_of(give(boss, [ruta]), ruta)
    with pytest.raises(services_assignments.Refused) as refused:
        services.report(task=task, by=ruta, done=True, file=upload("ataskaita.pdf", PNG))
    assert "content is PNG" in refused.value.message_dict["file"][0]
    task.refresh_from_db()
    assert task.status == TaskStatus.NEW and not TaskUpdate.objects.exists()


def test_the_assignment_is_done_only_when_every_person_is(people):
    boss, ruta, jurate, _aldona = people
    assignment = give(boss, [ruta, jurate])
    services.report(task=task_of(assignment, ruta), by=ruta, done=True, text="Mano dalis.")
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.OPEN and assignment.closed_on is None
    services.report(task=task_of(assignment, jurate), by=jurate, done=True, text="Ir mano.")
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.DONE


def test_a_late_completion_closes_the_assignment_not_on_time(people):
    boss, ruta, *_ = people
    assignment = give(boss, [ruta], deadline=today())
    services.report(task=task_of(assignment, ruta), by=ruta, done=True, text="Vėlai",
                    today=days(3))
    assignment.refresh_from_db()
    assert assignment.closed_on == days(3) and not assignment.done_on_time


# --- delegating --------------------------------------------------------------------------------

def test_delegating_keeps_the_chain_and_the_delegates_complete_it(
        people, django_capture_on_commit_callbacks):
    boss, ruta, jurate, aldona = people
    assignment = give(boss, [ruta], deadline=days(10))
    task = task_of(assignment, ruta)
    with django_capture_on_commit_callbacks(execute=True):
        made = services.delegate(task=task, by=ruta, people=[jurate, aldona],
                                 deadline=days(7), text="Padalinkime.")
    task.refresh_from_db()
    assert task.status == TaskStatus.DELEGATED and task.done_at is None
    assert [(t.assignee, t.delegated_from_id, t.deadline, t.status) for t in made] == [
        (jurate, task.pk, days(7), TaskStatus.NEW), (aldona, task.pk, days(7), TaskStatus.NEW)]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([jurate.email, aldona.email])
    # Jūratė passes hers on again: the chain grows
    second = services.delegate(task=made[0], by=jurate, people=[boss_deputy := manager()])
    assert second[0].delegated_from_id == made[0].pk and second[0].deadline == days(7)
    services.report(task=made[1], by=aldona, done=True, text="Aldonos dalis.")
    task.refresh_from_db()
    assert task.done_at is None                     # one delegate still working
    services.report(task=second[0], by=boss_deputy, done=True, text="Pavaduotojos dalis.")
    task.refresh_from_db()
    made[0].refresh_from_db()
    assert made[0].done_at is not None and task.done_at is not None
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.DONE and assignment.closed_on == today()


def test_delegation_refuses_a_later_deadline_and_people_already_in_it_or_without_account(
        people):
    boss, ruta, jurate, _aldona = people
    assignment = give(boss, [ruta, jurate], deadline=days(10))
    task = task_of(assignment, ruta)
    cases = [({"people": [staff()], "deadline": days(11)}, "deadline_late"),
             ({"people": [staff()], "deadline": days(-1)}, "deadline_past"),
             ({"people": [jurate]}, "people"), ({"people": [ruta]}, "people"),
             ({"people": [boss]}, "people"), ({"people": [staff(is_active=False)]}, "people"),
             ({"people": []}, "people")]
    for arguments, code in cases:
        with pytest.raises(services_assignments.Refused) as refused:
            services.delegate(task=task, by=ruta, **arguments)
        assert refused.value.code == code, arguments
    task.refresh_from_db()
    assert task.status == TaskStatus.NEW


def test_a_task_past_its_deadline_is_not_delegated(people):
    from pavedimai.tests.factories import make_assignment

    boss, ruta, jurate, _aldona = people
    assignment = make_assignment(by=boss, to=[ruta], given_on=days(-10), deadline=days(-1),
                                 year=today().year)
    with pytest.raises(services_assignments.Refused) as refused:
        services.delegate(task=task_of(assignment, ruta), by=ruta, people=[jurate])
    assert "has passed" in refused.value.messages[0]


def test_a_delegated_task_is_not_reported_or_delegated_again(people):
    boss, ruta, jurate, aldona = people
    task = task_of(give(boss, [ruta]), ruta)
    services.delegate(task=task, by=ruta, people=[jurate])
    with pytest.raises(services_assignments.Refused) as refused:
        services.report(task=task, by=ruta, done=True, text="Atlikta")
    assert refused.value.code == "delegated"
    with pytest.raises(services_assignments.Refused):
        services.delegate(task=task, by=ruta, people=[aldona])


# --- reopening ---------------------------------------------------------------------------------

def test_the_giver_reopens_a_done_task_and_the_assignment_opens_again(
        people, django_capture_on_commit_callbacks):
    boss, ruta, *_ = people
    assignment = give(boss, [ruta])
    task = task_of(assignment, ruta)
    services.report(task=task, by=ruta, done=True, text="Atlikta.")
    with pytest.raises(services_assignments.Refused):
        services.reopen(task=task, by=boss, comment="")
    with django_capture_on_commit_callbacks(execute=True):
        reopened = services.reopen(task=task, by=boss, comment="Trūksta Neringos duomenų.")
    assignment.refresh_from_db()
    assert reopened.status == TaskStatus.IN_PROGRESS and reopened.done_at is None
    assert (assignment.status, assignment.closed_on) == (AssignmentStatus.OPEN, None)
    assert [m.to for m in mail.outbox] == [[ruta.email]]
    assert "Trūksta Neringos duomenų." in mail.outbox[0].body
    with pytest.raises(services_assignments.Refused) as refused:
        services.reopen(task=task, by=boss, comment="Dar kartą")
    assert refused.value.code == "not_done"


def test_reopening_a_delegates_task_opens_the_chain_above_it(people):
    boss, ruta, jurate, _aldona = people
    assignment = give(boss, [ruta])
    task = task_of(assignment, ruta)
    delegate = services.delegate(task=task, by=ruta, people=[jurate])[0]
    services.report(task=delegate, by=jurate, done=True, text="Atlikta.")
    task.refresh_from_db()
    assert task.done_at is not None
    services.reopen(task=delegate, by=ruta, comment="Pataisyk lentelę.")   # the delegator
    task.refresh_from_db()
    assignment.refresh_from_db()
    assert task.done_at is None and task.status == TaskStatus.DELEGATED
    assert assignment.status == AssignmentStatus.OPEN


def test_neither_the_person_nor_a_colleague_reopens(people):
    boss, ruta, jurate, _aldona = people
    task = task_of(give(boss, [ruta, jurate]), ruta)
    services.report(task=task, by=ruta, done=True, text="Atlikta.")
    for someone in (ruta, jurate, manager()):
        with pytest.raises(PermissionDenied):
            services.reopen(task=task, by=someone, comment="Ne")


# --- comments and a cancelled assignment -----------------------------------------------------

def test_the_giver_and_the_person_comment_a_colleague_may_not(people):
    boss, ruta, jurate, _aldona = people
    task = task_of(give(boss, [ruta, jurate]), ruta)
    services.comment(task=task, by=boss, text="Ar spėsi iki penktadienio?")
    services.comment(task=task, by=ruta, text="Taip.", file=upload("planas.pdf"))
    with pytest.raises(PermissionDenied):
        services.comment(task=task, by=jurate, text="Aš irgi")
    assert _kinds(task) == [UpdateKind.COMMENT, UpdateKind.COMMENT]


def test_nothing_moves_in_a_cancelled_assignment(people):
    boss, ruta, *_ = people
    assignment = give(boss, [ruta])
    task = task_of(assignment, ruta)
    services_assignments.cancel(assignment=assignment, by=boss, reason="Nebereikia.")
    for call in (lambda: services.acknowledge(task=task, by=ruta),
                 lambda: services.report(task=task, by=ruta, done=True, text="Atlikta"),
                 lambda: services.comment(task=task, by=boss, text="?")):
        with pytest.raises(services_assignments.Refused) as refused:
            call()
        assert refused.value.code == "cancelled"
