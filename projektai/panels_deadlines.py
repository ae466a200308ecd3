"""What other pages show of the deadlines: the menu entries, the overdue and coming
deadlines on the home page (the department's, and a library's own), and the territory's
calendar."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bibliotekos.scoping import visible_library_ids
from paskyros.models import Role
from portalas.registry import CalendarEntry, calendar_source, home_panel, nav_item
from projektai.models import Deadline, Project
from projektai.selectors_deadlines import pressing_deadlines

STAFF_DAYS = 14      # the department's home page: overdue and the next two weeks
LIBRARY_DAYS = 30    # a library looks in less often: a month ahead
SHOWN = 10

nav_item(group="projects", label=_("Deadline calendar"), url_name="projektai:deadline_calendar",
         icon="calendar-event", order=30)
nav_item(group="projects", label=_("Funders' programmes"), url_name="projektai:programme_list",
         icon="bank", order=60)


def _panel(overdue, upcoming, *, days: int, library: bool) -> dict:
    return {"overdue": overdue[:SHOWN], "overdue_count": len(overdue),
            "upcoming": upcoming[:SHOWN], "upcoming_count": len(upcoming), "days": days,
            "today": timezone.localdate(), "library": library}


@home_panel(roles={Role.STAFF, Role.MANAGEMENT, Role.ADMIN},
            template="projektai/_home_deadlines.html", order=20)
def department_deadlines(request):
    """Overdue deadlines and those of the next two weeks of every project the person sees,
    theirs first (one query)."""
    overdue, upcoming = pressing_deadlines(Project.objects.visible_to(request.user),
                                           request.user, today=timezone.localdate(),
                                           days=STAFF_DAYS)
    return _panel(overdue, upcoming, days=STAFF_DAYS, library=False)


@home_panel(roles={Role.LIBRARIAN}, template="projektai/_home_deadlines_library.html",
            order=25)
def library_deadlines(request):
    """A librarian's library's own projects: overdue and coming deadlines, only when
    there are any."""
    ids = visible_library_ids(request.user)
    if not ids:
        return None
    projects = Project.objects.visible_to(request.user).filter(owner_library_id__in=ids)
    overdue, upcoming = pressing_deadlines(projects, request.user,
                                           today=timezone.localdate(), days=LIBRARY_DAYS)
    if not (overdue or upcoming):
        return None
    return _panel(overdue, upcoming, days=LIBRARY_DAYS, library=True)


# --- the territory's calendar --------------------------------------------------------------------

def _calendar(start, end, user):
    """The deadlines of the projects ``user`` sees between ``start`` and ``end``."""
    deadlines = (Deadline.objects.visible_to(user).filter(due_on__range=(start, end))
                 .select_related("project__owner_library").order_by("due_on", "pk"))
    for deadline in deadlines:
        project = deadline.project
        yield CalendarEntry(title=f"{project.acronym or project.title}: {deadline.title}",
                            start=deadline.due_on,
                            url=reverse("projektai:project_detail", args=[project.pk])
                            + "#terminai",
                            source="projektai.deadlines", library=project.owner_library)


calendar_source("projektai.deadlines", label=_("Project deadlines"), entries=_calendar)
