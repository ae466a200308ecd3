"""What other pages show of the assignments: the menu entry; two cards on the home page —
the person's own unfinished tasks (overdue first) and, for whoever gave or delegated
assignments, those past their deadline with who is late; the deadlines in the calendar of
the people involved; and (``pavedimai.personal_data``) what the app holds about a person."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from paskyros.models import Role
from pavedimai import personal_data  # noqa: F401 - declares the provider
from pavedimai import selectors_lists as selectors
from pavedimai.models import OPEN_TASK, AssignmentStatus, Task, may_use
from portalas.registry import CalendarEntry, calendar_source, home_panel, nav_item

__all__ = ["assignment_calendar", "late_on_mine", "my_tasks"]

HOME_SHOWN = 8
ROLES = {Role.STAFF, Role.MANAGEMENT, Role.ADMIN}

nav_item(group="general", label=_("Assignments"), url_name="pavedimai:assignment_list",
         icon="list-check", order=60, allowed=may_use)


@home_panel(roles=ROLES, template="pavedimai/_home_tasks.html", order=20)
def my_tasks(request):
    """The user's unfinished tasks, overdue first; left out when there are none. One
    query."""
    user = request.user
    if not may_use(user):
        return None
    today = timezone.localdate()
    found = selectors.my_open_tasks(user, today, HOME_SHOWN)
    if not found:
        return None
    rows = []
    for task in found[:HOME_SHOWN]:
        overdue = task.deadline < today
        rows.append({"task": task, "overdue": overdue,
                     "days": (today - task.deadline).days if overdue
                     else (task.deadline - today).days})
    return {"rows": rows, "more": len(found) > HOME_SHOWN,
            "overdue": sum(1 for row in rows if row["overdue"]),
            "list_url": reverse("pavedimai:assignment_list") + "?tab=mine&status=open"}


@home_panel(roles=ROLES, template="pavedimai/_home_late.html", order=21)
def late_on_mine(request):
    """The open assignments the user gave (or delegated a part of) that are past their
    deadline, each with who is late; left out when there are none. Three queries."""
    user = request.user
    if not may_use(user):
        return None
    today = timezone.localdate()
    found = selectors.giver_late(user, today, HOME_SHOWN)
    if not found:
        return None
    return {"assignments": found[:HOME_SHOWN], "more": len(found) > HOME_SHOWN,
            "today": today,
            "list_url": reverse("pavedimai:assignment_list") + "?tab=given&overdue=on"}


def assignment_calendar(start, end, user):
    """The deadlines of the unfinished tasks of the assignments the user sees and is part of
    (given by them, or theirs): one entry per person's deadline."""
    if not may_use(user):
        return
    tasks = (Task.objects.visible_to(user)
             .filter(Q(assignee=user) | Q(assignment__given_by=user),
                     deadline__range=(start, end), status__in=OPEN_TASK,
                     assignment__status=AssignmentStatus.OPEN)
             .select_related("assignment", "assignee").order_by("deadline", "pk"))
    for task in tasks:
        assignment = task.assignment
        who = "" if task.assignee_id == user.pk else f" ({task.assignee})"
        yield CalendarEntry(title=f"{assignment.full_number} {assignment.title}{who}",
                            start=task.deadline, url=task.get_absolute_url(),
                            source="pavedimai.deadlines")


calendar_source("pavedimai.deadlines", label=_("Assignment deadlines"),
                entries=assignment_calendar)
