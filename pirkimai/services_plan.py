"""Writes of the procurement plan: a year's plan (empty, or starting from the lines of the
latest plan before it), its note, its approval by management, and its lines (planned
purchases) added, changed and deleted.

Who: staff prepare (``may_prepare``), management approve (``may_approve``); every
function checks, so a view cannot forget: ``PermissionDenied`` for a role that may not,
``Refused`` (a ``ValidationError``) for what the rules do not allow, with the reason.

An approved plan is still amended during the year (a purchase added, a value corrected):
its lines stay editable, and every change is in the history with who made it. The approval
is a conditional UPDATE (draft → approved), so two clicks approve once; the note's and a
line's edits carry their ``version``, so of two people editing at once the second is told
who saved first instead of overwriting them."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from pirkimai import thresholds
from pirkimai.models import (
    Method,
    PlannedPurchase,
    PlanStatus,
    ProcurementPlan,
    may_approve,
    may_prepare,
)
from portalas.converters import YEAR_MAX, YEAR_MIN

__all__ = ["COPIED_FIELDS", "Refused", "approve_plan", "check_line", "create_plan",
           "delete_line", "line_warning", "save_line", "source_for", "update_plan"]

#: What a new plan takes from each line of the plan it starts from.
COPIED_FIELDS = ("title", "cpv_id", "kind", "estimated_value", "quarter", "method",
                 "duration_months", "green", "responsible_id", "note", "position")


class Refused(ValidationError):
    """A change the rules do not allow; ``code`` says what kind."""

    def __init__(self, message, code=None, params=None):
        super().__init__(message, code=code, params=params)
        self.code = code


def require_preparer(user) -> None:
    if not may_prepare(user):
        raise PermissionDenied


def _locked(plan_pk: int) -> ProcurementPlan:
    return ProcurementPlan.objects.select_for_update().get(pk=plan_pk)


# --- plans -----------------------------------------------------------------------------------

def source_for(year: int) -> ProcurementPlan | None:
    """The plan a new plan for ``year`` starts from: the latest plan before it."""
    return ProcurementPlan.objects.filter(year__lt=year).order_by("-year").first()


@transaction.atomic
def create_plan(*, year: int, by, note: str = "", copy_lines: bool = False) -> ProcurementPlan:
    """A draft plan for ``year``; with ``copy_lines``, holding a copy of every line of the
    latest plan before it (its object, CPV code, kind, value, quarter, method, term,
    responsible person and note) to change for the new year. Refused when the year has a
    plan, or when there is no earlier plan to copy."""
    require_preparer(by)
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise Refused({"year": _("Choose a year between %(min)s and %(max)s.")
                       % {"min": YEAR_MIN, "max": YEAR_MAX}}, code="year")
    taken = Refused({"year": _("The procurement plan for %(year)s already exists.")
                     % {"year": year}}, code="exists")
    if ProcurementPlan.objects.filter(year=year).exists():
        raise taken
    source = source_for(year) if copy_lines else None
    if copy_lines and source is None:
        raise Refused({"copy_lines": _("There is no earlier plan to copy the lines of.")},
                      code="no_source")
    plan = ProcurementPlan(year=year, note=(note or "").strip(), created_by=by,
                           copied_from=source)
    plan._history_user = by
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:
        raise taken from None
    if source is not None:
        lines = [PlannedPurchase(plan=plan, **{name: getattr(line, name)
                                               for name in COPIED_FIELDS})
                 for line in source.purchases.order_by("quarter", "position", "pk")]
        bulk_create_with_history(lines, PlannedPurchase, default_user=by)
    return plan


@transaction.atomic
def update_plan(*, plan: ProcurementPlan, by, seen_version: int, note: str) -> ProcurementPlan:
    """The plan's note (a draft's or an approved plan's); refused (``stale``) when
    someone saved after ``seen_version``."""
    require_preparer(by)
    current = _locked(plan.pk)
    if current.version != seen_version:
        raise Refused(_("Someone else changed this plan while you were editing it."),
                      code="stale")
    current.note = (note or "").strip()
    current.version += 1
    current._history_user = by
    current.save()
    return current


@transaction.atomic
def approve_plan(*, plan: ProcurementPlan, by) -> ProcurementPlan:
    """Draft → approved today by ``by`` (management). Refused for a plan without lines and
    for a plan already approved (two clicks, two managers: it is approved once)."""
    if not may_approve(by):
        raise PermissionDenied
    if _locked(plan.pk).status != PlanStatus.DRAFT:
        raise _already_approved(plan.pk)
    if not PlannedPurchase.objects.filter(plan_id=plan.pk).exists():
        raise Refused(_("The plan has no planned purchases: add them before approving it."),
                      code="empty")
    moved = ProcurementPlan.objects.filter(pk=plan.pk, status=PlanStatus.DRAFT).update(
        status=PlanStatus.APPROVED, approved_on=timezone.localdate(), approved_by=by,
        version=F("version") + 1)
    if moved != 1:
        raise _already_approved(plan.pk)
    current = ProcurementPlan.objects.get(pk=plan.pk)
    current._history_user = by
    current.save(update_fields=["status"])
    return current


def _already_approved(plan_pk: int) -> Refused:
    current = ProcurementPlan.objects.select_related("approved_by").get(pk=plan_pk)
    return Refused(_("The plan was already approved on %(day)s by %(who)s.")
                   % {"day": current.approved_on.isoformat() if current.approved_on else "–",
                      "who": current.approved_by or _("someone")}, code="approved")


# --- lines -----------------------------------------------------------------------------------

def check_line(line: PlannedPurchase, *, stored: PlannedPurchase | None = None) -> None:
    """The object named, a value above zero, a quarter 1–4, a CPV code in use (a line that
    already names a code taken out of use may keep it)."""
    errors = {}
    line.title = " ".join((line.title or "").split())
    if not line.title:
        errors["title"] = _("Name the object of the purchase.")
    if line.estimated_value is None or line.estimated_value <= 0:
        errors["estimated_value"] = _("The estimated value must be more than zero.")
    if line.quarter not in (1, 2, 3, 4):
        errors["quarter"] = _("Choose the quarter, 1 to 4.")
    cpv = line.cpv if line.cpv_id else None
    if cpv is None:
        errors["cpv"] = _("Choose the CPV code.")
    elif not cpv.active and (stored is None or stored.cpv_id != cpv.pk):
        errors["cpv"] = _("The CPV code %(code)s is no longer in use.") % {"code": cpv.code}
    if errors:
        raise Refused(errors, code="line")


def line_warning(line: PlannedPurchase, *, year: int) -> thresholds.ThresholdCheck | None:
    """For a low-value line: how the year's low-value lines of its CPV code, this one
    included, stand against the threshold of its kind — when at the warning share or above
    (None otherwise, and for any other method)."""
    if line.method != Method.LOW_VALUE or not line.cpv_id or not line.estimated_value:
        return None
    check = thresholds.planned_check(year=year, cpv=line.cpv, kind=line.kind,
                                     value=Decimal(line.estimated_value), exclude_pk=line.pk)
    return check if check.warns else None


@transaction.atomic
def save_line(*, line: PlannedPurchase, by, seen_version: int | None = None) -> PlannedPurchase:
    """Add a line to its plan (at the end of its quarter) or change one. A change is
    refused (``stale``) when someone saved the line after ``seen_version``. A low-value line
    at or above the threshold is the form's warning to confirm, not a refusal here."""
    require_preparer(by)
    _locked(line.plan_id)
    stored = None
    if line.pk:
        stored = PlannedPurchase.objects.select_for_update().filter(pk=line.pk).first()
        if stored is None:
            raise Refused(_("This line has been deleted meanwhile."), code="gone")
        if stored.plan_id != line.plan_id:
            raise PermissionDenied
        if seen_version is not None and stored.version != seen_version:
            raise Refused(_("Someone else changed this line while you were editing it."),
                          code="stale")
    check_line(line, stored=stored)
    if stored is None:
        top = PlannedPurchase.objects.filter(plan_id=line.plan_id).aggregate(
            top=Max("position"))["top"]
        line.position = 0 if top is None else top + 1
        line.version = 1
    else:
        line.version = stored.version + 1
    line._history_user = by
    line.save()
    return line


@transaction.atomic
def delete_line(*, line: PlannedPurchase, by) -> int:
    """Delete a line (of a draft, or an amendment of an approved plan). The purchases made
    under it stay; they no longer name a line of the plan. Returns how many did."""
    require_preparer(by)
    _locked(line.plan_id)
    unlinked = line.purchases.count()
    line._history_user = by
    line.delete()
    return unlinked
