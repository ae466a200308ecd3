"""Writes of the projects app: creating a project (with the funder's deadline rules
applied), the pipeline's status machine with management's approval of a submission,
deadlines, the reminders and the calls digest. Who may do what is decided here, once,
and the views ask.

Status changes lock the project's row and check the version the user saw, so two people
moving the same card at once move it once and the second is told why."""

import logging
from calendar import monthrange
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from bibliotekos.models import Library
from bibliotekos.scoping import director_library_ids, visible_library_ids
from portalas.workdays import add_working_days
from projektai.models import (
    DECIDED_GRANTED,
    TRANSITIONS,
    Deadline,
    DeadlineAnchor,
    DeadlineRule,
    IndicatorMeasure,
    Project,
    ProjectIndicator,
    ProjectStatus,
    StatusChange,
)

logger = logging.getLogger("regionas.projects")


class Refused(ValidationError):
    """A change the rules do not allow; the message says why."""


def _task(name: str, *args) -> None:
    from projektai import tasks

    transaction.on_commit(lambda: getattr(tasks, name).delay(*args))


# --- who may do what ------------------------------------------------------------------------

def libraries_for_new_project(user):
    """The territory libraries a user may register a project for: staff any, a librarian
    their own library (a director also its outlets)."""
    if not user.is_authenticated or not user.is_active:
        return Library.objects.none()
    if user.can_manage_territory:
        return Library.objects.all()
    if user.is_librarian:
        return Library.objects.filter(pk__in=visible_library_ids(user))
    return Library.objects.none()


def may_create(user) -> bool:
    return user.is_authenticated and (user.can_manage_territory
                                      or (user.is_librarian
                                          and bool(visible_library_ids(user))))


def may_edit(user, project: Project) -> bool:
    """Staff edit every project. A library's own project: its director (and the person who
    registered it, while they work there). Management and partners read."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.can_manage_territory:
        return True
    if not user.is_librarian or project.owner_library_id is None:
        return False
    if project.owner_library_id in director_library_ids(user):
        return True
    return (project.created_by_id == user.pk
            and project.owner_library_id in visible_library_ids(user))


def may_approve(user) -> bool:
    """Management (and administrators) approve a department project's submission."""
    return user.is_authenticated and user.is_active and (user.is_management
                                                         or user.is_administrator)


def needs_approval(project: Project) -> bool:
    """A department project goes to *submitted* only with management's approval; a
    library's own project is its director's to submit."""
    return project.is_department


def moves_for(user, project: Project) -> list[str]:
    """The statuses this user may move the project to from here (the board offers these)."""
    allowed = TRANSITIONS.get(project.status, set())
    if may_edit(user, project):
        moves = set(allowed)
        if needs_approval(project) and not may_approve(user):
            moves.discard(ProjectStatus.SUBMITTED)
        return [s for s in ProjectStatus if s in moves]
    if may_approve(user) and project.status == ProjectStatus.PREPARING:
        return [ProjectStatus.SUBMITTED]
    return []


# --- creating and deadlines ----------------------------------------------------------------

def create_project(project: Project, *, by, responsible=()) -> Project:
    """Save a new project (already validated by its form), note its first status and add
    the deadlines its programme's rules give."""
    if not may_create(by):
        raise PermissionDenied
    if project.owner_library_id is None and not by.can_manage_territory:
        raise PermissionDenied
    if (project.owner_library_id is not None
            and not libraries_for_new_project(by).filter(pk=project.owner_library_id).exists()):
        raise PermissionDenied
    with transaction.atomic():
        project.created_by = by
        project.save()
        project.responsible.set(list(responsible) or ([by] if by.is_authenticated else []))
        StatusChange.objects.create(project=project, from_status="", to_status=project.status,
                                    by=by, at=timezone.now())
        apply_deadline_rules(project)
    logger.info("project %s created by %s", project.pk, by.pk)
    return project


def rule_dates(rule: DeadlineRule, project: Project) -> list[date]:
    """The dates a funder's rule gives for a project (none when a date it counts from is
    still unknown)."""
    if rule.anchor == DeadlineAnchor.YEARLY:
        if not (project.starts_on and project.ends_on and rule.month and rule.day):
            return []
        found = []
        for year in range(project.starts_on.year, project.ends_on.year + 1):
            day = min(rule.day, monthrange(year, rule.month)[1])
            candidate = date(year, rule.month, day)
            if project.starts_on <= candidate <= project.ends_on:
                found.append(candidate)
        return found
    anchor = project.starts_on if rule.anchor == DeadlineAnchor.START else project.ends_on
    if anchor is None:
        return []
    if rule.working_days:
        due = add_working_days(anchor, rule.offset)
    else:
        due = anchor + timedelta(days=rule.offset)
    if rule.latest_month and rule.latest_day:
        day = min(rule.latest_day, monthrange(anchor.year, rule.latest_month)[1])
        due = min(due, date(anchor.year, rule.latest_month, day))
    return [due]


def apply_deadline_rules(project: Project) -> list[Deadline]:
    """Bring the deadlines made from the programme's rules in line with the project's
    dates: add missing ones, move open ones whose date changed, drop open ones no longer
    due (a shorter project has fewer yearly change requests). Deadlines typed by hand and
    those marked done are left alone. Returns the deadlines added."""
    rules = list(project.programme.deadline_rules.filter(active=True))
    existing: dict[int, list[Deadline]] = {}
    for deadline in project.deadlines.filter(rule__isnull=False).order_by("due_on"):
        existing.setdefault(deadline.rule_id, []).append(deadline)
    added = []
    for rule in rules:
        dates = rule_dates(rule, project)
        current = existing.pop(rule.pk, [])
        done = [d for d in current if d.done_on is not None]
        open_ = [d for d in current if d.done_on is None]
        wanted = [d for d in dates if d not in {x.due_on for x in done}]
        for deadline, due in zip(open_, wanted, strict=False):
            if deadline.due_on != due:
                deadline.due_on = due
                deadline.reminded_on = None
                deadline.save(update_fields=["due_on", "reminded_on"])
        for deadline in open_[len(wanted):]:
            deadline.delete()
        for due in wanted[len(open_):]:
            added.append(Deadline.objects.create(
                project=project, title=rule.title, kind=rule.kind, due_on=due,
                remind_days=rule.remind_days, remind_working=rule.remind_working, rule=rule))
    for leftovers in existing.values():  # a rule switched off or of another programme
        for deadline in leftovers:
            if deadline.done_on is None:
                deadline.delete()
    return added


def mark_deadline_done(deadline: Deadline, *, by, done: bool = True, today=None) -> Deadline:
    if not may_edit(by, deadline.project):
        raise PermissionDenied
    deadline.done_on = (today or timezone.localdate()) if done else None
    deadline.done_by = by if done else None
    deadline.save(update_fields=["done_on", "done_by"])
    return deadline


# --- the status machine ---------------------------------------------------------------------

def _locked(project: Project) -> Project:
    return Project.objects.select_for_update().get(pk=project.pk)


def change_status(project: Project, *, to: str, by, version: int | None = None,
                  note: str = "", today=None) -> Project:
    """Move a project along the pipeline. ``version``: the version the user saw (the
    board and the page send it); a project changed meanwhile is refused, not overwritten."""
    today = today or timezone.localdate()
    with transaction.atomic():
        project = _locked(project)
        if version is not None and version != project.version:
            raise Refused(_("Someone changed this project meanwhile. Reload the page and "
                            "try again."), code="stale")
        if to not in TRANSITIONS.get(project.status, set()):
            raise Refused(_("A project that is %(status)s cannot become %(to)s.") % {
                "status": project.get_status_display().lower(),
                "to": ProjectStatus(to).label.lower()}, code="transition")
        if to not in moves_for(by, project):
            if (to == ProjectStatus.SUBMITTED and may_edit(by, project)
                    and needs_approval(project)):
                raise Refused(_("Management approves a submission: ask for approval."),
                              code="needs_approval")
            raise PermissionDenied
        if to == ProjectStatus.GRANTED and project.granted_amount is None:
            raise Refused(_("Enter the granted sum before marking the project granted."),
                          code="no_grant")
        if to in (ProjectStatus.RUNNING,) and not (project.starts_on and project.ends_on):
            raise Refused(_("Enter the project's start and end dates first."),
                          code="no_dates")
        before = project.status
        project.status = to
        project.version += 1
        if to == ProjectStatus.SUBMITTED:
            project.submitted_on = project.submitted_on or today
            if needs_approval(project):
                project.approved_by, project.approved_at = by, timezone.now()
            project.submission_requested_at = None
        if to in (ProjectStatus.GRANTED, ProjectStatus.REJECTED):
            project.decided_on = project.decided_on or today
        project._change_reason = f"status → {to}"
        project.save()
        StatusChange.objects.create(project=project, from_status=before, to_status=to, by=by,
                                    at=timezone.now(), note=note.strip()[:255])
        if before == ProjectStatus.PREPARING and to == ProjectStatus.SUBMITTED:
            requester = project.submission_requested_by_id
            if requester and requester != by.pk:
                _task("notify_submission_decided", project.pk, True)
    logger.info("project %s: %s → %s by %s", project.pk, before, to, by.pk)
    return project


def request_submission(project: Project, *, by, version: int | None = None) -> Project:
    """Staff ask management to approve submitting a department project."""
    with transaction.atomic():
        project = _locked(project)
        if not may_edit(by, project):
            raise PermissionDenied
        if version is not None and version != project.version:
            raise Refused(_("Someone changed this project meanwhile. Reload the page and "
                            "try again."), code="stale")
        if project.status != ProjectStatus.PREPARING:
            raise Refused(_("Only a project being prepared can be sent for approval."),
                          code="transition")
        if not needs_approval(project):
            raise Refused(_("A library's own project needs no approval."), code="transition")
        if project.submission_requested_at is not None:
            return project
        project.submission_requested_by = by
        project.submission_requested_at = timezone.now()
        project.version += 1
        project.save(update_fields=["submission_requested_by", "submission_requested_at",
                                    "version", "updated_at"])
        StatusChange.objects.create(project=project, from_status=project.status,
                                    to_status=project.status, by=by, at=timezone.now(),
                                    note=_("Asked management to approve the submission"))
        _task("notify_approval_requested", project.pk)
    return project


def decline_submission(project: Project, *, by, note: str) -> Project:
    """Management send the project back for more work, with a reason."""
    if not may_approve(by):
        raise PermissionDenied
    if not note.strip():
        raise Refused(_("Write what should change before it is submitted."), code="no_note")
    with transaction.atomic():
        project = _locked(project)
        if not project.awaiting_approval:
            raise Refused(_("The project is not waiting for approval."), code="transition")
        project.submission_requested_at = None
        project.version += 1
        project.save(update_fields=["submission_requested_at", "version", "updated_at"])
        StatusChange.objects.create(project=project, from_status=project.status,
                                    to_status=project.status, by=by, at=timezone.now(),
                                    note=(_("Approval declined: %(note)s")
                                          % {"note": note.strip()})[:255])
        if project.submission_requested_by_id:
            _task("notify_submission_decided", project.pk, False)
    return project


# --- figures ------------------------------------------------------------------------------

def spent(project: Project, lines=None) -> Decimal:
    """Spent so far: the budget lines' sum when the project has lines, else the sum typed."""
    lines = list(project.budget_lines.all()) if lines is None else lines
    if lines:
        return sum((line.spent for line in lines), Decimal("0"))
    return project.spent_amount or Decimal("0")


def budget_summary(project: Project) -> dict:
    lines = list(project.budget_lines.all())
    co = list(project.co_financing.all())
    planned = sum((line.planned for line in lines), Decimal("0"))
    used = spent(project, lines)
    granted = project.granted_amount or Decimal("0")
    return {
        "lines": lines, "co_financing": co,
        "planned": planned, "spent": used,
        "co_total": sum((c.amount for c in co), Decimal("0")),
        "granted": project.granted_amount, "requested": project.requested_amount,
        "left": granted - used if project.granted_amount is not None else None,
        "share_spent": (used / granted * 100).quantize(Decimal("0.1"))
        if granted else None,
        "lines_differ": bool(lines) and project.granted_amount is not None
        and planned != project.granted_amount,
    }


def achieved(indicators) -> dict[int, Decimal]:
    """What each indicator achieved: the number typed, plus for counted ones the linked
    trainings held (or completed) or the people who attended them. A fixed number of
    queries for a whole list."""
    from mokymai.models import Attendance, EventStatus, Registration, RegistrationStatus

    indicators = list(indicators)
    result = {i.pk: i.achieved_manual for i in indicators}
    counted = [i for i in indicators if i.measure != IndicatorMeasure.MANUAL]
    if not counted:
        return result
    held = (EventStatus.HELD, EventStatus.COMPLETED)
    links = ProjectIndicator.events.through.objects.filter(
        projectindicator_id__in=[i.pk for i in counted])
    event_rows = list(links.filter(trainingevent__status__in=held).values_list(
        "projectindicator_id", "trainingevent_id"))
    event_ids = {event_id for _i, event_id in event_rows}
    people = dict(Registration.objects.filter(
        event_id__in=event_ids, status=RegistrationStatus.REGISTERED)
        .filter(Exists(Attendance.objects.filter(registration=OuterRef("pk"), present=True)))
        .values("event_id").annotate(n=Count("person_id", distinct=True))
        .values_list("event_id", "n"))
    for indicator in counted:
        mine = [event_id for pk, event_id in event_rows if pk == indicator.pk]
        if indicator.measure == IndicatorMeasure.EVENTS:
            extra = len(mine)
        else:
            extra = sum(people.get(event_id, 0) for event_id in mine)
        result[indicator.pk] = indicator.achieved_manual + extra
    return result


def success_by_year(projects) -> list[dict]:
    """Per year of submission: submitted, granted, rejected, still waiting, success rate
    (granted ÷ submitted, in %), funds requested and attracted (granted)."""
    rows = (projects.filter(submitted_on__isnull=False)
            .values("submitted_on__year")
            .annotate(submitted=Count("pk"),
                      granted=Count("pk", filter=Q(status__in=DECIDED_GRANTED)),
                      rejected=Count("pk", filter=Q(status=ProjectStatus.REJECTED)),
                      requested=Sum("requested_amount"),
                      attracted=Sum("granted_amount", filter=Q(status__in=DECIDED_GRANTED)))
            .order_by("-submitted_on__year"))
    out = []
    for row in rows:
        decided = row["granted"] + row["rejected"]
        out.append({
            "year": row["submitted_on__year"], "submitted": row["submitted"],
            "granted": row["granted"], "rejected": row["rejected"],
            "pending": row["submitted"] - decided,
            "rate": (Decimal(row["granted"]) / row["submitted"] * 100).quantize(
                Decimal("0.1")),
            "requested": row["requested"] or Decimal("0"),
            "attracted": row["attracted"] or Decimal("0"),
        })
    return out
