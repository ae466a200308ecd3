"""What other pages show of the year end: on the home page, staff's reminder in January and
February to close last year's files (while its plan is approved and not closed) and the
acts awaiting management's approval; on a file plan's page, its year-end state (close the
files, or the inventories); on a file's page, its dates, retention and destruction."""

from django.urls import reverse
from django.utils import timezone

from archyvas.models import (
    ActStatus,
    Appraisal,
    DestructionAct,
    DestructionItem,
    FilePlan,
    PlanFile,
    PlanStatus,
    RetentionClass,
    may_manage,
    may_read,
)
from paskyros.models import Role
from portalas.registry import home_panel, object_panel

__all__ = ["home_acts_awaiting", "home_close_last_year", "plan_yearend", "file_yearend"]

#: The months in which staff are reminded to close last year's files.
CLOSING_MONTHS = (1, 2)


@home_panel(roles={Role.STAFF, Role.ADMIN}, template="archyvas/_yearend_home_close.html",
            order=40)
def home_close_last_year(request):
    """January–February: last year's plan is approved and its files are not closed yet."""
    today = timezone.localdate()
    if today.month not in CLOSING_MONTHS or not may_manage(request.user):
        return None
    plan = FilePlan.objects.filter(year=today.year - 1, status=PlanStatus.APPROVED).first()
    if plan is None:
        return None
    return {"year": plan.year, "url": reverse("archyvas:year_close", args=[plan.year])}


@home_panel(roles={Role.MANAGEMENT, Role.ADMIN}, template="archyvas/_yearend_home_acts.html",
            order=40)
def home_acts_awaiting(request):
    """Destruction acts submitted for approval; left out when none."""
    if not may_read(request.user):
        return None
    acts = list(DestructionAct.objects.visible_to(request.user)
                .filter(status=ActStatus.SUBMITTED).order_by("year", "number")[:10])
    if not acts:
        return None
    return {"acts": acts}


@object_panel(FilePlan, template="archyvas/_yearend_plan_panel.html", order=80)
def plan_yearend(request, plan):
    """An approved or closed plan's year end: closing its files, or its inventories."""
    if not may_read(request.user) or plan.status == PlanStatus.DRAFT:
        return None
    today = timezone.localdate()
    classes = [{"key": key, "label": label, "params": {"year": plan.year, "retention": key}}
               for key, label in RetentionClass.choices]
    return {"plan": plan, "ended": plan.year < today.year,
            "can_close": may_manage(request.user) and plan.status == PlanStatus.APPROVED
            and plan.year < today.year,
            "classes": classes if plan.is_closed else []}


@object_panel(PlanFile, template="archyvas/_yearend_file_panel.html", order=80)
def file_yearend(request, plan_file):
    """A closed file's dates, retention end and destruction act (or the act it is in)."""
    if not may_read(request.user) or plan_file.closed_on is None:
        return None
    items = list(DestructionItem.objects.filter(plan_file=plan_file)
                 .select_related("act").order_by("-act__year", "-act__number"))
    destroyed_by = next((i.act for i in items if i.decision == Appraisal.DESTROY
                         and i.act.status == ActStatus.EXECUTED), None)
    return {"file": plan_file, "items": items, "destroyed_by": destroyed_by,
            "expired": (plan_file.retention_ends is not None and not plan_file.destroyed_on
                        and plan_file.retention_ends < timezone.localdate())}
