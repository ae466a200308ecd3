"""What other pages show of the annual plan and report: the menu entry (group "planning",
for everyone signed in: librarians read the approved versions), and two home cards —
management see the plans and reports submitted and waiting for their decision; staff see
those management returned with comments. Each is left out when there is none."""

from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from paskyros.models import Role
from planavimas.models import Plan, Status, may_approve, may_prepare, may_read_approved
from portalas.registry import home_panel, nav_item

__all__ = ["awaiting_decision", "returned_to_staff"]

nav_item(group="planning", label=_("Annual plan and report"), url_name="planavimas:plan_list",
         icon="journal-check", order=5, allowed=may_read_approved)


def _report_url(year: int) -> str:
    """The report's page (the plan's while the report's pages are not there)."""
    try:
        return reverse("planavimas:report_detail", args=[year])
    except NoReverseMatch:
        return reverse("planavimas:plan_detail", args=[year])


def _items(status: str) -> list[dict]:
    """The plans and reports in ``status``, the oldest year first. One query."""
    plans = (Plan.objects.filter(Q(status=status) | Q(report__status=status))
             .select_related("report", "submitted_by", "decided_by", "report__submitted_by",
                             "report__decided_by").order_by("year"))
    found = []
    for plan in plans:
        if plan.status == status:
            found.append({"kind": "plan", "year": plan.year, "document": plan,
                          "url": plan.get_absolute_url()})
        report = getattr(plan, "report", None)
        if report is not None and report.status == status:
            found.append({"kind": "report", "year": plan.year, "document": report,
                          "url": _report_url(plan.year)})
    return found


@home_panel(roles={Role.MANAGEMENT, Role.ADMIN}, template="planavimas/_plan_home_awaiting.html",
            order=22)
def awaiting_decision(request):
    """Plans and reports submitted to management, waiting for approval or return."""
    if not may_approve(request.user):
        return None
    items = _items(Status.SUBMITTED)
    return {"items": items} if items else None


@home_panel(roles={Role.STAFF, Role.ADMIN}, template="planavimas/_plan_home_returned.html",
            order=22)
def returned_to_staff(request):
    """Plans and reports management returned with comments, to correct and submit again."""
    if not may_prepare(request.user):
        return None
    items = _items(Status.RETURNED)
    return {"items": items} if items else None
