"""Assignments' part of the generated access matrix (tests/test_access_matrix.py): an
assignment given by a manager to the world's department staff member, with an attachment;
the staff member's task with a progress report carrying a file. The outsider — a librarian
of school library B — gets a 404 on every route of the app (the app is the department's);
the staff member given it reaches them (403 on the giver's edit, cancel and reopen)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pavedimai import services_assignments, services_tasks
from pavedimai.models import Task
from portalas.testing import Case
from tests.factories import UserFactory

PDF = b"%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n"
ASSIGNMENT_ROUTES = ("assignment_detail", "assignment_update", "assignment_cancel",
                     "assignment_history")
TASK_ROUTES = ("task_acknowledge", "task_report", "task_delegate", "task_reopen",
               "task_comment")


def make_world(w, territory, staff, librarian_a) -> None:
    giver = UserFactory(role="management", full_name="Vytautas Vadovas")
    w.assignments_assignment = services_assignments.give(
        by=giver, title="Parengti regiono bibliotekų apžvalgą",
        text="Apžvalga vadovybės pasitarimui.", people=[staff],
        deadline=timezone.localdate() + datetime.timedelta(days=14),
        files=[SimpleUploadedFile("uzduotis.pdf", PDF)])
    w.assignments_attachment = w.assignments_assignment.attachments.get()
    w.assignments_task = Task.objects.get(assignment=w.assignments_assignment, assignee=staff)
    w.assignments_update = services_tasks.report(
        task=w.assignments_task, by=staff, done=False, text="Pradėjau.",
        file=SimpleUploadedFile("juodrastis.pdf", PDF))


def factories(w) -> dict:
    return {
        "pavedimai.assignment": lambda: [
            (w.assignments_assignment, 404, "an assignment: its giver, its people and "
                                            "management only")],
    }


def targets(w) -> dict:
    def assignment():
        return [Case({"pk": w.assignments_assignment.pk}, 404, "an assignment")]

    def task():
        return [Case({"pk": w.assignments_task.pk}, 404, "a task of an assignment")]

    found = {f"pavedimai:{name}": assignment for name in ASSIGNMENT_ROUTES}
    found.update({f"pavedimai:{name}": task for name in TASK_ROUTES})
    found["pavedimai:attachment_file"] = lambda: [
        Case({"pk": w.assignments_attachment.pk}, 404, "an assignment's attachment")]
    found["pavedimai:update_file"] = lambda: [
        Case({"pk": w.assignments_update.pk}, 404, "a file reported on a task")]
    return found
