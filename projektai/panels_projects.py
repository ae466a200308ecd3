"""What other pages show of the projects themselves: the menu entries, the home page's
card of submissions awaiting management's approval, and a library card's projects."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bibliotekos.models import Library
from paskyros.models import Role
from portalas.registry import home_panel, nav_item, object_panel
from projektai.models import Project, ProjectPartner, ProjectStatus

__all__ = ["approvals", "library_projects"]

LIBRARY_LIMIT = 10
HOME_LIMIT = 8


def _sees_projects(user) -> bool:
    return user.is_authenticated and (user.sees_whole_territory or user.is_librarian)


nav_item(group="projects", label=_("Projects"), url_name="projektai:project_list",
         icon="folder2-open", order=10, allowed=_sees_projects)
nav_item(group="projects", label=_("Pipeline board"), url_name="projektai:project_board",
         icon="kanban", order=20, allowed=_sees_projects)


@home_panel(roles={Role.MANAGEMENT, Role.ADMIN, Role.STAFF},
            template="projektai/_project_home_approvals.html", order=15)
def approvals(request):
    """Management: every submission waiting for their approval. Staff: the ones they asked
    for, or are responsible for, still waiting. One query; left out when none wait."""
    user = request.user
    waiting = Project.objects.visible_to(user).filter(
        status=ProjectStatus.PREPARING, submission_requested_at__isnull=False)
    mine = not (user.is_management or user.is_administrator)
    if mine:
        waiting = waiting.filter(Q(submission_requested_by=user) | Q(pk__in=Project.responsible
                                 .through.objects.filter(user=user).values("project_id")))
    rows = list(waiting.select_related("programme", "submission_requested_by")
                .order_by("submission_requested_at", "pk")[:HOME_LIMIT + 1])
    if not rows:
        return None
    return {"projects": rows[:HOME_LIMIT], "more": len(rows) > HOME_LIMIT, "mine": mine,
            "board_url": reverse("projektai:project_board")}


@object_panel(Library, template="projektai/_project_library_panel.html", order=70)
def library_projects(request, library):
    """The projects the library owns or is a partner in, as far as the user may see them
    (at most 10, the rest in the filtered list); left out when there are none."""
    partner_of = ProjectPartner.objects.filter(library=library).values("project_id")
    projects = list(Project.objects.visible_to(request.user)
                    .filter(Q(owner_library=library) | Q(pk__in=partner_of))
                    .select_related("programme")
                    .order_by("-created_at", "pk")[:LIBRARY_LIMIT + 1])
    if not projects:
        return None
    return {"library": library, "projects": projects[:LIBRARY_LIMIT],
            "more": len(projects) > LIBRARY_LIMIT,
            "list_url": f"{reverse('projektai:project_list')}?library={library.pk}"}
