"""The pipeline board: a column per status, a card per project. A card moves by drag and
drop (``static/js/projektai-board.js`` posts to ``project_status``) or by the small form on
each card (keyboard, phone, no script); both go through ``services.change_status``.

The page costs the same number of queries for 5 cards or 500: the next open deadline of
every card comes as a subquery of the one query that reads the projects, and who may move
what is decided from the user's memberships read once."""

from django.db.models import F, OuterRef, Subquery
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projektai import services
from projektai.filters import BoardFilter
from projektai.models import PIPELINE, Deadline, Project, ProjectStatus

# More cards than this in a column: the rest are a link to the list (a board of closed
# projects from ten years is a list, not a board).
COLUMN_LIMIT = 60


def with_next_deadline(queryset):
    """Each project's next open deadline (date and title), in the same query."""
    upcoming = (Deadline.objects.filter(project=OuterRef("pk"), done_on__isnull=True)
                .order_by("due_on", "pk"))
    return queryset.annotate(next_due=Subquery(upcoming.values("due_on")[:1]),
                             next_due_title=Subquery(upcoming.values("title")[:1]))


def dress(project: Project, user) -> Project:
    """What a card shows of what the user may do: the statuses offered and whether they
    may ask management to approve the submission."""
    moves = services.moves_for(user, project)
    project.moves = [(status, ProjectStatus(status).label) for status in moves]
    project.can_request = can_request_approval(user, project)
    return project


def can_request_approval(user, project: Project) -> bool:
    """Staff (not management) may ask for approval of a department project being prepared."""
    return (project.status == ProjectStatus.PREPARING and services.needs_approval(project)
            and not project.awaiting_approval and services.may_edit(user, project)
            and not services.may_approve(user))


def card_html(request, project_id: int, *, next_url: str = "") -> str:
    """One card, as the board shows it (after a move, the script puts it in its column)."""
    project = (with_next_deadline(Project.objects.visible_to(request.user))
               .select_related("programme", "owner_library").get(pk=project_id))
    return render_to_string("projektai/_board_card.html", {
        "project": dress(project, request.user), "next": next_url,
        "today": timezone.localdate()}, request=request)


def project_board(request):
    user = request.user
    projects = Project.objects.visible_to(user)
    filterset = BoardFilter(request.GET or None, queryset=projects, request=request)
    chosen = filterset.qs
    cards = list(with_next_deadline(chosen.exclude(status=ProjectStatus.WITHDRAWN))
                 .select_related("programme", "owner_library")
                 .order_by(F("next_due").asc(nulls_last=True), "-updated_at", "pk"))
    by_status: dict[str, list[Project]] = {status: [] for status in PIPELINE}
    for project in cards:
        by_status.setdefault(project.status, []).append(dress(project, user))
    list_url = reverse("projektai:project_list")
    columns = [{"status": status, "label": ProjectStatus(status).label,
                "cards": by_status[status][:COLUMN_LIMIT], "count": len(by_status[status]),
                "more": max(len(by_status[status]) - COLUMN_LIMIT, 0),
                "list_url": f"{list_url}?status={status}"}
               for status in PIPELINE]
    return render(request, "projektai/board.html", {
        "filter": filterset, "columns": columns,
        "withdrawn_count": chosen.filter(status=ProjectStatus.WITHDRAWN).count(),
        "withdrawn_url": f"{list_url}?status={ProjectStatus.WITHDRAWN}",
        "withdrawn_label": ProjectStatus.WITHDRAWN.label,
        "next": request.get_full_path(), "today": timezone.localdate(),
        "title": _("Pipeline board"), "can_create": services.may_create(user),
    })
