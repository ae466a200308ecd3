"""Plain builders of assignments for tests (straight into the database, no service)."""

import datetime

from paskyros.models import Role
from pavedimai.models import Assignment, Task, TaskStatus
from tests.factories import UserFactory


def staff(**kwargs):
    return UserFactory(role=Role.STAFF, **kwargs)


def manager(**kwargs):
    return UserFactory(role=Role.MANAGEMENT, **kwargs)


def make_assignment(*, by, to=(), title="Parengti regiono bibliotekų apžvalgą",
                    text="Apžvalga vadovybės pasitarimui.", year=2026, number=None,
                    given_on=None, deadline=None, **kwargs) -> Assignment:
    """An assignment ``by`` a manager to the people ``to`` (a task each, not yet seen)."""
    if number is None:
        number = Assignment.objects.filter(year=year).count() + 1
    given_on = given_on or datetime.date(year, 3, 2)
    assignment = Assignment.objects.create(
        year=year, number=number, title=title, text=text, given_by=by, given_on=given_on,
        deadline=deadline or given_on + datetime.timedelta(days=14), **kwargs)
    for person in to:
        Task.objects.create(assignment=assignment, assignee=person,
                            deadline=assignment.deadline, status=TaskStatus.NEW)
    return assignment
