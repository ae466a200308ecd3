"""What other pages show of the minutes and decisions: the menu entry (the decisions), the
meeting page's minutes section (the rendered minutes, SVARSTYTA/NUTARTA per item, the
decisions, the buttons the user may use, the "no quorum" flag), the home cards ("My
decisions" for every role; for staff and the groups' keepers the decisions overdue and
those needing a new owner), and, through ``personal_data_minutes``, the personal data it
holds."""

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bendradarbiavimas import personal_data_minutes  # noqa: F401 - registers the provider
from bendradarbiavimas import services_minutes as services
from bendradarbiavimas.models import Decision, Meeting, MeetingStatus, may_keep, may_manage
from bendradarbiavimas.selectors_minutes import kept_group_ids, minutes_view, with_owner_flags
from paskyros.models import Role
from portalas.registry import home_panel, nav_item, object_panel

__all__ = ["group_decisions", "meeting_minutes", "my_decisions"]

SHOWN = 8
#: "Due soon" on the home page: within this many calendar days.
SOON_DAYS = 14
EVERYONE = {Role.ADMIN, Role.STAFF, Role.MANAGEMENT, Role.LIBRARIAN}

nav_item(group="publicity", label=_("Decisions of the groups"),
         url_name="bendradarbiavimas:decision_list", icon="check2-square", order=75)


@object_panel(Meeting, template="bendradarbiavimas/_minutes_panel.html", order=40)
def meeting_minutes(request, meeting):
    """The minutes' section of a meeting page: what is written (or a button to write it),
    the decisions with their flags, and the buttons the user may use. A cancelled meeting
    with no minutes shows none."""
    user = request.user
    if meeting.status == MeetingStatus.CANCELLED and meeting.minutes_status == "none":
        return None
    view = minutes_view(meeting)
    keeper = may_keep(user, meeting.group)
    written = meeting.minutes_status != "none"
    if not written and not keeper and not view.decisions:
        return {"meeting": meeting, "view": view, "written": False, "actions": {}}
    return {
        "meeting": meeting, "view": view, "written": written, "keeper": keeper,
        "items": [{"item": item, "decisions": view.decisions_of(item)} for item in view.items],
        "actions": {
            "write": services.may_write_minutes(user, meeting),
            "sign": services.may_sign_minutes(user, meeting),
            "reopen": services.may_reopen_minutes(user, meeting),
            "decide": keeper and meeting.status != MeetingStatus.CANCELLED,
            "document": written,
        },
    }


def _with_days(decisions, today) -> list[dict]:
    rows = []
    for decision in decisions:
        overdue = decision.due_on is not None and decision.due_on < today
        rows.append({"decision": decision, "overdue": overdue,
                     "days": (today - decision.due_on).days if overdue
                     else (decision.due_on - today).days if decision.due_on else None,
                     "without_quorum": decision.meeting.quorum_met is False})
    return rows


@home_panel(roles=EVERYONE, template="bendradarbiavimas/_decision_home_mine.html", order=25)
def my_decisions(request):
    """The user's open decisions: the overdue first (with how many days), then those due
    soon; left out when none. One query."""
    today = timezone.localdate()
    found = list(Decision.objects.visible_to(request.user).open()
                 .filter(owner=request.user, due_on__lte=today + timedelta(days=SOON_DAYS))
                 .select_related("meeting__group").order_by("due_on", "pk")[:SHOWN + 1])
    if not found:
        return None
    rows = _with_days(found[:SHOWN], today)
    return {"rows": rows, "more": len(found) > SHOWN,
            "overdue": sum(1 for row in rows if row["overdue"]),
            "list_url": reverse("bendradarbiavimas:decision_mine") + "?status=open"}


@home_panel(roles=EVERYONE, template="bendradarbiavimas/_decision_home_groups.html", order=26)
def group_decisions(request):
    """Staff: the decisions overdue in the groups, and those that need a new owner; a
    group's chair or secretary: those of the groups they keep. Left out when nothing."""
    user = request.user
    decisions = Decision.objects.visible_to(user)
    if may_manage(user):
        scope = "all"
    else:
        decisions = decisions.filter(meeting__group__in=kept_group_ids(user))
        scope = "kept"
    # one query: both counts at once (none for someone who keeps no group)
    counts = with_owner_flags(decisions.open()).aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=timezone.localdate())),
        orphaned=Count("pk", filter=Q(needs_owner=True)))
    overdue, orphaned = counts["overdue"], counts["orphaned"]
    if not overdue and not orphaned:
        return None
    url = reverse("bendradarbiavimas:decision_list")
    return {"overdue": overdue, "orphaned": orphaned, "scope": scope,
            "overdue_url": f"{url}?status=open&overdue=on",
            "orphaned_url": f"{url}?status=open&needs_owner=on"}
