"""The plan's and the report's workflow: a new plan (empty, or a copy of the latest plan
before it), submitted → approved or returned with comments, and amendments (a new version
with a reason). Every approval freezes the whole tree in a ``Snapshot``.

Who: staff prepare and submit (``may_prepare``), management approve and return
(``may_approve``); each function checks, so a view cannot forget (``PermissionDenied``).
What the rules refuse is a ``Refused`` with the reason. Every move is a conditional
UPDATE on the status (and the ``version`` the person saw), so two clicks, or two managers
at once, move it once; the second is told what happened."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from planavimas import documents_report, tree
from planavimas.models import (
    EDITABLE,
    Event,
    EventAction,
    Goal,
    Indicator,
    Measure,
    Objective,
    Plan,
    Report,
    Snapshot,
    SnapshotKind,
    Status,
    may_approve,
    may_prepare,
)
from portalas.converters import YEAR_MAX, YEAR_MIN
from portalas.services import Refused

__all__ = ["Refused", "amend", "approve", "create_plan", "require_editable",
           "require_preparer", "return_with_comments", "source_for", "start_report",
           "submit"]


def require_preparer(user) -> None:
    if not may_prepare(user):
        raise PermissionDenied


def require_approver(user) -> None:
    if not may_approve(user):
        raise PermissionDenied


def require_editable(document: Plan | Report) -> None:
    """Refused unless the plan (or report) is a draft or was returned: a submitted one
    waits for management, an approved one is changed by an amendment."""
    if document.status not in EDITABLE:
        raise Refused(_("Only a draft or a returned version can be changed; an approved "
                        "one is changed by starting an amendment."), code="locked")


# --- a new plan --------------------------------------------------------------------------------

def source_for(year: int) -> Plan | None:
    """The plan a new plan for ``year`` copies: the latest plan before it."""
    return Plan.objects.filter(year__lt=year).order_by("-year").first()


def _next_year(day: date | None, years: int) -> date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:          # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def create_plan(*, year: int, by, copy: bool = True, introduction: str = "") -> Plan:
    """A draft plan for ``year``; with ``copy`` (the default) holding a copy of the latest
    plan before it — goals, objectives, measures with their people, deadlines moved to the
    new year, resources and budgets, indicators with their planned values and links — to
    change for the new year. The report's answers are not copied. Refused when the year
    has a plan, or ``copy`` is asked and there is nothing to copy."""
    require_preparer(by)
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise Refused({"year": _("Choose a year between %(min)s and %(max)s.")
                       % {"min": YEAR_MIN, "max": YEAR_MAX}}, code="year")
    taken = Refused({"year": _("The annual plan for %(year)s already exists.")
                     % {"year": year}}, code="exists")
    if Plan.objects.filter(year=year).exists():
        raise taken
    source = source_for(year) if copy else None
    if copy and source is None:
        raise Refused({"copy": _("There is no earlier plan to copy.")}, code="no_source")
    plan = Plan(year=year, created_by=by, copied_from=source,
                introduction=(introduction or (source.introduction if source else "")).strip())
    plan._history_user = by
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:
        raise taken from None
    if source is not None:
        _copy_structure(source, plan, by)
    Event.objects.create(plan=plan, kind=SnapshotKind.PLAN, number=1,
                         action=EventAction.CREATED, by=by,
                         comment=_("Copied from the plan for %(year)s.") % {
                             "year": source.year} if source else "")
    return plan


def _copy_structure(source: Plan, plan: Plan, by) -> None:
    shift = plan.year - source.year
    for goal in source.goals.order_by("chapter", "position", "pk"):
        new_goal = Goal(plan=plan, position=goal.position, chapter=goal.chapter,
                        title=goal.title, description=goal.description)
        new_goal._history_user = by
        new_goal.save()
        for objective in goal.objectives.order_by("position", "pk"):
            new_objective = Objective(goal=new_goal, position=objective.position,
                                      title=objective.title)
            new_objective._history_user = by
            new_objective.save()
            for measure in objective.measures.order_by("position", "pk"):
                new_measure = Measure(
                    objective=new_objective, position=measure.position, title=measure.title,
                    responsible_unit=measure.responsible_unit,
                    responsible_id=measure.responsible_id,
                    deadline=_next_year(measure.deadline, shift), quarter=measure.quarter,
                    resources=measure.resources, budget=measure.budget)
                new_measure._history_user = by
                new_measure.save()
                for indicator in measure.indicators.order_by("position", "pk"):
                    new_indicator = Indicator(
                        measure=new_measure, position=indicator.position,
                        name=indicator.name, unit=indicator.unit,
                        planned=indicator.planned, metric=indicator.metric)
                    new_indicator._history_user = by
                    new_indicator.save()


# --- the workflow, for the plan and the report alike ---------------------------------------------

def _model(kind: str):
    return Plan if kind == SnapshotKind.PLAN else Report


def _plan_of(document) -> Plan:
    return document if isinstance(document, Plan) else document.plan


def _kind(document) -> str:
    return SnapshotKind.PLAN if isinstance(document, Plan) else SnapshotKind.REPORT


def _move(document, *, by, allowed_from, to, seen_version: int | None, **fields):
    """Conditional UPDATE: ``document`` from one of ``allowed_from`` to ``to``; refused
    (``stale``) when it moved meanwhile or someone saved after ``seen_version``."""
    model = type(document)
    query = model.objects.filter(pk=document.pk, status__in=allowed_from)
    if seen_version is not None:
        query = query.filter(version=seen_version)
    changed = query.update(status=to, version=F("version") + 1, updated_at=timezone.now(),
                           **fields)
    if not changed:
        raise Refused(_("Someone else changed or moved this while you were looking at it; "
                        "the page now shows where it stands."), code="stale")
    fresh = model.objects.get(pk=document.pk)
    # the history records who moved it
    fresh._history_user = by
    fresh.save(update_fields=["status"])
    return fresh


def _has_content(document) -> bool:
    plan = _plan_of(document)
    return Measure.objects.filter(objective__goal__plan=plan).exists()


@transaction.atomic
def submit(document, *, by, seen_version: int | None = None):
    """Draft (or returned) → submitted to management, by staff. Refused for a plan with no
    measures."""
    require_preparer(by)
    if not _has_content(document):
        raise Refused(_("The plan has no measures yet: add goals, objectives and measures "
                        "first."), code="empty")
    fresh = _move(document, by=by, allowed_from=EDITABLE, to=Status.SUBMITTED,
                  seen_version=seen_version, submitted_at=timezone.now(), submitted_by=by)
    Event.objects.create(plan=_plan_of(fresh), kind=_kind(fresh), number=fresh.number,
                         action=EventAction.SUBMITTED, by=by)
    return fresh


@transaction.atomic
def return_with_comments(document, *, by, comment: str, seen_version: int | None = None):
    """Submitted → returned, by management, with the comments staff will see."""
    require_approver(by)
    comment = (comment or "").strip()
    if not comment:
        raise Refused({"comment": _("Write what should be changed.")}, code="comment")
    fresh = _move(document, by=by, allowed_from=[Status.SUBMITTED], to=Status.RETURNED,
                  seen_version=seen_version, return_comment=comment,
                  decided_at=timezone.now(), decided_by=by)
    Event.objects.create(plan=_plan_of(fresh), kind=_kind(fresh), number=fresh.number,
                         action=EventAction.RETURNED, comment=comment, by=by)
    return fresh


@transaction.atomic
def approve(document, *, by, seen_version: int | None = None):
    """Submitted → approved, by management; the version is frozen as a ``Snapshot`` (the
    report's with its actual values as they stand now, and the parts of its document the
    apps declare — chapters' sections, annexes — as they count them now)."""
    require_approver(by)
    fresh = _move(document, by=by, allowed_from=[Status.SUBMITTED], to=Status.APPROVED,
                  seen_version=seen_version, decided_at=timezone.now(), decided_by=by,
                  return_comment="")
    plan = _plan_of(fresh)
    kind = _kind(fresh)
    data = tree.build(plan, actuals=kind == SnapshotKind.REPORT, kind=kind)
    data["status"] = Status.APPROVED
    if kind == SnapshotKind.REPORT:
        data[documents_report.PARTS] = documents_report.frozen_parts(data, user=by)
    Snapshot.objects.create(plan=plan, kind=kind, number=fresh.number, reason=fresh.reason,
                            data=data, submitted_by=fresh.submitted_by,
                            submitted_at=fresh.submitted_at, approved_by=by,
                            approved_at=fresh.decided_at)
    Event.objects.create(plan=plan, kind=kind, number=fresh.number,
                         action=EventAction.APPROVED, by=by)
    return fresh


@transaction.atomic
def amend(document, *, by, reason: str, seen_version: int | None = None):
    """Approved → a new draft version (``number`` + 1) with the reason, by staff. The
    approved version stays readable (its snapshot) — and is what librarians read — until
    the new one is approved."""
    require_preparer(by)
    reason = (reason or "").strip()
    if not reason:
        raise Refused({"reason": _("Say why the approved version is being amended.")},
                      code="reason")
    fresh = _move(document, by=by, allowed_from=[Status.APPROVED], to=Status.DRAFT,
                  seen_version=seen_version, number=F("number") + 1, reason=reason,
                  return_comment="", submitted_at=None, submitted_by=None, decided_at=None,
                  decided_by=None)
    Event.objects.create(plan=_plan_of(fresh), kind=_kind(fresh), number=fresh.number,
                         action=EventAction.AMENDED, comment=reason, by=by)
    return fresh


@transaction.atomic
def start_report(plan: Plan, *, by) -> Report:
    """The report on ``plan`` (made once; a second call returns it). Refused until the
    plan has an approved version."""
    require_preparer(by)
    if not plan.snapshots.filter(kind=SnapshotKind.PLAN).exists():
        raise Refused(_("The report is written on an approved plan: the plan for %(year)s "
                        "is not approved yet.") % {"year": plan.year}, code="not_approved")
    report, created = Report.objects.get_or_create(plan=plan, defaults={"created_by": by})
    if created:
        Event.objects.create(plan=plan, kind=SnapshotKind.REPORT, number=1,
                             action=EventAction.CREATED, by=by)
    return report
