"""The demo assignments load through the services, in every state, dated relative to today,
without e-mail; the second time, and without the demo accounts, nothing is added."""

import io

import pytest
from django.core import mail

from pavedimai import demo
from pavedimai.models import Assignment, AssignmentStatus, Task, TaskStatus, TaskUpdate
from pavedimai.selectors_lists import giver_late, my_open_tasks
from pavedimai.tests.factories_assignments import today
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_assignments_load_once_in_every_state(django_capture_on_commit_callbacks):
    boss = UserFactory(role="management", email="vadovas@demo.lt", full_name="Vytautas Čėsna")
    ruta = UserFactory(role="staff", email="darbuotojas@demo.lt", full_name="Rūta Žemaitienė")
    jurate = UserFactory(role="staff", email="metodininke@demo.lt",
                         full_name="Jūratė Šimkienė")
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(out)
    assert mail.outbox == []
    assert "assignments: 8 assignments" in out.getvalue()
    assignments = {a.title.split(" ")[1]: a for a in Assignment.objects.all()}
    numbers = sorted(Assignment.objects.filter(year=today().year).values_list("number",
                                                                             flat=True))
    assert numbers == list(range(1, len(numbers) + 1))
    statuses = {a.status for a in assignments.values()}
    assert statuses == {AssignmentStatus.OPEN, AssignmentStatus.DONE,
                        AssignmentStatus.CANCELLED}
    done = Assignment.objects.filter(status=AssignmentStatus.DONE)
    assert sorted(a.done_on_time for a in done) == [False, True]
    task_states = set(Task.objects.values_list("status", flat=True))
    assert task_states == {TaskStatus.ACKNOWLEDGED, TaskStatus.IN_PROGRESS, TaskStatus.DONE,
                           TaskStatus.DELEGATED}
    assert TaskUpdate.objects.exclude(file="").count() == 2
    both = Assignment.objects.get(title__contains="rodiklių pristatymą")
    states = {t.assignee: t for t in both.tasks.all()}
    assert states[ruta].status == TaskStatus.DONE
    assert states[jurate].is_overdue(today())
    delegated = Task.objects.get(status=TaskStatus.DELEGATED)
    assert delegated.assignee == ruta and delegated.delegations.get().assignee == jurate
    # the home page's lists: Jūratė's overdue task first; the giver sees who is late
    assert my_open_tasks(jurate, today(), 8)[0].assignment == both
    late = giver_late(boss, today(), 8)
    assert both in late and jurate in next(a for a in late if a == both).late_people
    assert len(assignments) == 8
    demo.load(out)
    assert Assignment.objects.count() == 8 and "already there" in out.getvalue()


def test_without_the_demo_accounts_nothing_is_loaded():
    out = io.StringIO()
    demo.load(out)
    assert not Assignment.objects.exists() and "no demo accounts" in out.getvalue()
