"""What the metrics, the annual report's chapter and the year's list count (charter function
6.3). Everything counts from the functions below, so they cannot disagree.

In a period (both ends included):

- *given*: assignments given in the period (``given_on``), cancelled ones left out — a
  cancelled assignment was not carried out;
- *due*: assignments whose deadline fell in the period, cancelled ones left out;
- *done on time*: of those due, the ones done (``closed_on``, the day the last task was
  reported done) by their deadline — so the share done on time is never above 100 %;
- *done*: assignments done in the period (``closed_on``), on time or not.

Scope: assignments are the department's own work, so they count for the territory; a
municipality's or a library's scope has none (as the archive's registers). ``base`` (a
``visible_to(user)`` queryset) narrows any of them to what a user may see; without it every
assignment counts (metrics and the annual report)."""

from django.db.models import Count, F, Q

from pavedimai.models import Assignment, AssignmentStatus
from pavedimai.selectors_people import person_name
from portalas.metrics import Period, Scope

__all__ = ["by_giver", "done", "done_on_time", "due", "given", "year_rows"]


def _records(scope: Scope | None, base):
    if scope is not None and scope.level != "territory":
        return Assignment.objects.none()
    records = Assignment.objects.all() if base is None else base
    return records.exclude(status=AssignmentStatus.CANCELLED)


def given(period: Period, scope: Scope | None = None, *, base=None):
    return _records(scope, base).filter(given_on__range=(period.start, period.end))


def due(period: Period, scope: Scope | None = None, *, base=None):
    return _records(scope, base).filter(deadline__range=(period.start, period.end))


def done_on_time(period: Period, scope: Scope | None = None, *, base=None):
    return due(period, scope, base=base).filter(status=AssignmentStatus.DONE,
                                                closed_on__lte=F("deadline"))


def done(period: Period, scope: Scope | None = None, *, base=None):
    return _records(scope, base).filter(status=AssignmentStatus.DONE,
                                        closed_on__range=(period.start, period.end))


def by_giver(period: Period, *, base=None) -> list[dict]:
    """Per giver: assignments given in the period, of them done, done on time, open. One
    query; the givers in Lithuanian order of their names."""
    from portalas.ordering import sorted_lt

    records = (given(period, base=base).order_by()
               .values("given_by_id", "given_by__full_name", "given_by__email")
               .annotate(given=Count("pk"),
                         done=Count("pk", filter=Q(status=AssignmentStatus.DONE)),
                         on_time=Count("pk", filter=Q(status=AssignmentStatus.DONE,
                                                      closed_on__lte=F("deadline"))),
                         open=Count("pk", filter=Q(status=AssignmentStatus.OPEN))))
    found = [{"name": row["given_by__full_name"] or row["given_by__email"], **row}
             for row in records]
    names = sorted_lt(row["name"] for row in found)
    order = {name: index for index, name in enumerate(names)}
    return sorted(found, key=lambda row: (order[row["name"]], row["given_by_id"]))


# --- the year's list -----------------------------------------------------------------------

def year_rows(year: int, *, base) -> list[list]:
    """The year's assignments (``base``: those the user sees), numbered order: number,
    title, giver, given on, deadline, the people and their states, state, closed on, on
    time (True, False — done late or open past its deadline — or None: not known yet).
    Two queries."""
    from pavedimai.selectors_lists import walk, with_tasks

    found = []
    for assignment in with_tasks(base.filter(year=year).order_by("number")):
        people = "; ".join(
            f"{'→ ' * depth}{person_name(task.assignee)} – {task.get_status_display()}"
            f" ({task.deadline.isoformat()}"
            + (f", {task.done_on.isoformat()}" if task.done_on else "") + ")"
            for task, depth in walk(list(assignment.tasks.all())))
        if assignment.status == AssignmentStatus.DONE:
            on_time = assignment.done_on_time
        elif assignment.status == AssignmentStatus.OPEN and assignment.deadline < _today():
            on_time = False                     # already late
        else:
            on_time = None
        found.append([assignment.full_number, assignment.title, person_name(assignment.given_by),
                      assignment.given_on, assignment.deadline, people,
                      assignment.get_status_display(), assignment.closed_on, on_time])
    return found


def _today():
    from django.utils import timezone

    return timezone.localdate()
