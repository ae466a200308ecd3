"""What the assignments hold about a person: the export lists the assignments they gave,
their tasks, what they wrote and the texts naming them; the erasure keeps the work record
(assignments, tasks, progress and completion notes and files) but cuts the person's name
out of every text and deletes their own comments."""

import pytest

from bibliotekos.models import Person
from bibliotekos.services import erase_personal_data, export_personal_data
from pavedimai import services_tasks
from pavedimai.models import Assignment, Task, TaskStatus, TaskUpdate, UpdateKind
from pavedimai.personal_data import erase, export
from pavedimai.tests.factories import manager, staff
from pavedimai.tests.factories_assignments import give, task_of, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(territory):
    boss = manager(full_name="Vytautas Čėsna")
    ruta = staff(full_name="Rūta Žemaitienė", email="ruta@test.lt")
    person = Person.objects.create(first_name="Rūta", last_name="Žemaitienė",
                                   email="ruta@test.lt", library=territory.system_a, user=ruta)
    named = give(boss, [ruta], title="Ataskaita (rengia Rūta Žemaitienė)",
                 text="Rūta Žemaitienė parengia ataskaitą; klausimus siųsti ruta@test.lt.")
    task = task_of(named, ruta)
    services_tasks.report(task=task, by=ruta, done=False, text="Pradėjau.",
                          file=upload("Ruta Zemaitiene juodrastis.pdf"))
    services_tasks.comment(task=task, by=ruta, text="Būsiu atostogose.",
                           file=upload("atostogos.pdf"))
    services_tasks.report(task=task, by=ruta, done=True, text="Atlikta.")
    return {"boss": boss, "ruta": ruta, "person": person, "assignment": named, "task": task}


def test_the_export_lists_the_persons_tasks_writings_and_texts_naming_them(story):
    rows = export(story["person"])
    records = [row["record"] for row in rows]
    assert records.count("task of the person in an assignment") == 1
    assert records.count("entry the person wrote in an assignment's log") == 3
    assert "assignment naming the person" in records
    task_row = next(r for r in rows if r["record"] == "task of the person in an assignment")
    assert task_row["status"] == TaskStatus.DONE
    assert export(Person.objects.create(first_name="Niekas", last_name="Nežinomas",
                                        library=story["person"].library)) == []


def test_the_giver_is_exported_with_the_assignments_they_gave(story, territory):
    boss = Person.objects.create(first_name="Vytautas", last_name="Čėsna",
                                 library=territory.system_a, user=story["boss"])
    rows = export(boss)
    assert [r["record"] for r in rows].count("assignment given by the person") == 1


def test_the_erasure_keeps_the_work_record_and_cuts_the_name_and_the_comments(story):
    task, assignment = story["task"], story["assignment"]
    comment_file = TaskUpdate.objects.get(kind=UpdateKind.COMMENT).file
    storage, comment_name = comment_file.storage, comment_file.name
    assert erase(story["person"]) > 0
    assignment.refresh_from_db()
    assert "Žemaitien" not in assignment.title + assignment.text
    assert "ruta@test.lt" not in assignment.text and "[ištrinta]" in assignment.text
    history = Assignment.history.filter(id=assignment.pk)
    assert all("Žemaitien" not in h.title + h.text for h in history)
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.assignee == story["ruta"]
    kept = TaskUpdate.objects.filter(task=task).order_by("pk")
    assert [u.kind for u in kept] == [UpdateKind.PROGRESS, UpdateKind.COMMENT, UpdateKind.DONE]
    progress, comment, done = kept
    assert progress.text == "Pradėjau." and progress.file
    assert "Zemaitiene" not in progress.file.name and "Zemaitiene" not in progress.file_name
    assert (comment.text, comment.file, comment.file_name) == ("[ištrinta]", "", "")
    assert not storage.exists(comment_name)
    assert done.text == "Atlikta."


def test_the_whole_erasure_anonymises_the_account_and_the_record_stays(story, staff):
    changed = erase_personal_data(person=story["person"], by=staff)
    assert changed["pavedimai.assignments"] > 0
    task = Task.objects.select_related("assignee").get(pk=story["task"].pk)
    assert task.assignee.full_name.startswith("Ištrintas naudotojas")
    data = export_personal_data(person=story["person"], by=staff)
    assert "pavedimai.assignments" in data
