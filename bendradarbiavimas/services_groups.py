"""Writes of the groups area: groups (staff), their members and terms, meetings (numbered
per group and year), invitations with an .ics, cancelling, and attendance with the quorum.

Who: staff manage groups and members (``may_manage``); staff and a group's current chair
and secretary keep its meetings and attendance (``may_keep``); management only read. Every
function checks, so a view cannot forget: ``PermissionDenied`` for a role that may not,
``Refused`` (a ``ValidationError``) for what the rules do not allow, with the reason.
E-mails leave after the commit, through Celery tasks that take the meeting's primary key."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bendradarbiavimas.models import (
    Attendance,
    AttendanceStatus,
    GroupMember,
    Meeting,
    MeetingStatus,
    MemberRole,
    WorkingGroup,
    may_keep,
    may_manage,
)
from bendradarbiavimas.selectors_groups import meeting_day, members_on, quorum_count


class Refused(ValidationError):
    """A change the rules do not allow; ``code`` says what kind."""

    def __init__(self, message, code=None, params=None):
        super().__init__(message, code=code, params=params)
        self.code = code


def _task(name: str, *args) -> None:
    from bendradarbiavimas import tasks_groups

    transaction.on_commit(lambda: getattr(tasks_groups, name).delay(*args))


def _require_manager(user) -> None:
    if not may_manage(user):
        raise PermissionDenied


def _require_keeper(user, group: WorkingGroup) -> None:
    if not may_keep(user, group):
        raise PermissionDenied


# --- groups ---------------------------------------------------------------------------------

@transaction.atomic
def save_group(group: WorkingGroup, *, by) -> WorkingGroup:
    """Create or change a group (staff)."""
    _require_manager(by)
    if group.term_ends_on and group.established_on and group.term_ends_on < group.established_on:
        raise Refused({"term_ends_on": _("The term cannot end before the group was "
                                         "established.")}, code="term")
    if group.pk is None:
        group.created_by = by
    group._history_user = by
    group.save()
    return group


# --- members --------------------------------------------------------------------------------

def _overlapping(queryset, starts_on: date | None, ends_on: date | None):
    """Rows whose term shares at least a day with ``starts_on``–``ends_on`` (empty: open)."""
    if ends_on is not None:
        queryset = queryset.filter(Q(starts_on__isnull=True) | Q(starts_on__lte=ends_on))
    if starts_on is not None:
        queryset = queryset.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
    return queryset


def _check_member(member: GroupMember) -> None:
    """The term is in order, the same person is not a member twice at once, and the group
    has one chair at a time."""
    if member.starts_on and member.ends_on and member.ends_on < member.starts_on:
        raise Refused({"ends_on": _("The membership cannot end before it starts.")},
                      code="term")
    others = GroupMember.objects.filter(group_id=member.group_id)
    if member.pk:
        others = others.exclude(pk=member.pk)
    others = _overlapping(others, member.starts_on, member.ends_on)
    same = Q(pk__in=[])
    if member.person_id:
        same |= Q(person_id=member.person_id)
    if member.user_id:
        same |= Q(user_id=member.user_id) | Q(person__user_id=member.user_id)
    if not member.person_id and not member.user_id and member.email:
        same |= Q(person__isnull=True, user__isnull=True, email__iexact=member.email)
    if others.filter(same).exists():
        raise Refused(_("%(name)s is already a member of this group for part of this term.")
                      % {"name": member.display_name}, code="twice")
    if member.role == MemberRole.CHAIR:
        chair = others.filter(role=MemberRole.CHAIR).select_related("person").first()
        if chair is not None:
            raise Refused({"role": _("The group already has a chair for this term: "
                                     "%(name)s. End their term first.")
                           % {"name": chair.display_name}}, code="chair")


@transaction.atomic
def add_member(group: WorkingGroup, *, by, person=None, user=None, name: str = "",
               organisation: str = "", email: str = "", role: str = MemberRole.MEMBER,
               starts_on: date | None = None, ends_on: date | None = None) -> GroupMember:
    """A member from the registry's people (their portal account comes with them), a
    portal user (with their registry person, when linked), or someone from outside (name,
    organisation, e-mail)."""
    _require_manager(by)
    WorkingGroup.objects.select_for_update().get(pk=group.pk)
    if person is None and user is not None:
        person = getattr(user, "person", None) if _has_person(user) else None
    if person is not None and user is None:
        user = person.user
    name = name.strip()
    if person is None and user is None and not name:
        raise Refused(_("Choose a person of the registry or a portal user, or type the name "
                        "of a member from outside."), code="nobody")
    if person is None and user is not None and not name:
        name = user.full_name or user.email
    member = GroupMember(group=group, person=person, user=user,
                         name="" if person is not None else name,
                         organisation=organisation.strip(), email=email.strip(), role=role,
                         starts_on=starts_on, ends_on=ends_on)
    _check_member(member)
    member._history_user = by
    member.save()
    return member


def _has_person(user) -> bool:
    try:
        return user.person is not None
    except Exception:  # noqa: BLE001 - RelatedObjectDoesNotExist: no registry person
        return False


@transaction.atomic
def update_member(member: GroupMember, *, by) -> GroupMember:
    """Save a changed role, term or contact."""
    _require_manager(by)
    WorkingGroup.objects.select_for_update().get(pk=member.group_id)
    _check_member(member)
    member._history_user = by
    member.save()
    return member


@transaction.atomic
def end_member(member: GroupMember, *, ends_on: date, reason: str, by) -> GroupMember:
    """End a membership: the row stays (attendance and minutes name them); after
    ``ends_on`` the member no longer sees the group's later meetings."""
    _require_manager(by)
    current = GroupMember.objects.select_for_update().get(pk=member.pk)
    if current.starts_on and ends_on < current.starts_on:
        raise Refused({"ends_on": _("The membership cannot end before it starts "
                                    "(%(day)s).") % {"day": current.starts_on.isoformat()}},
                      code="term")
    current.ends_on = ends_on
    current.end_reason = reason.strip()
    current._history_user = by
    current.save()
    return current


# --- meetings -------------------------------------------------------------------------------

def _check_times(meeting: Meeting) -> None:
    if meeting.ends_at is not None and meeting.ends_at <= meeting.starts_at:
        raise Refused({"end": _("The meeting must end after it starts.")}, code="times")


def _next_number(group_id: int, year: int, *, leave_out: int | None = None) -> int:
    meetings = Meeting.objects.filter(group_id=group_id, starts_at__year=year)
    if leave_out is not None:
        meetings = meetings.exclude(pk=leave_out)
    return (meetings.aggregate(n=Max("number"))["n"] or 0) + 1


def _year(moment) -> int:
    return timezone.localtime(moment).year


@transaction.atomic
def create_meeting(meeting: Meeting, *, by) -> Meeting:
    """A new planned meeting with the next number of its group's year (the group row is
    locked, so two keepers adding meetings at once get different numbers)."""
    group = WorkingGroup.objects.select_for_update().get(pk=meeting.group_id)
    _require_keeper(by, group)
    _check_times(meeting)
    meeting.number = _next_number(group.pk, _year(meeting.starts_at))
    meeting.status = MeetingStatus.PLANNED
    meeting.created_by = by
    meeting.version = 1
    meeting._history_user = by
    meeting.save()
    return meeting


def _locked_meeting(pk: int, seen_version: int | None) -> Meeting:
    current = Meeting.objects.select_for_update().get(pk=pk)
    if seen_version is not None and current.version != seen_version:
        raise Refused(_("Someone else changed this meeting while you were editing it."),
                      code="stale")
    return current


#: What the meeting form changes; the rest (status, invitations, quorum, minutes) moves
#: only through its own service.
MEETING_FIELDS = ("starts_at", "ends_at", "place", "online_link", "agenda")


@transaction.atomic
def update_meeting(meeting: Meeting, *, by, seen_version: int | None,
                   resend: bool = False) -> Meeting:
    """Save an edit of the meeting; a save after someone else's is refused (``stale``).
    With ``resend``, those invited get the updated invitation (the same UID, a higher
    SEQUENCE)."""
    WorkingGroup.objects.select_for_update().get(pk=meeting.group_id)
    current = _locked_meeting(meeting.pk, seen_version)
    _require_keeper(by, current.group)
    if current.status == MeetingStatus.CANCELLED:
        raise Refused(_("A cancelled meeting is kept as it was."), code="cancelled")
    _check_times(meeting)
    old_year = _year(current.starts_at)
    for name in MEETING_FIELDS:
        setattr(current, name, getattr(meeting, name))
    if _year(current.starts_at) != old_year:
        current.number = _next_number(current.group_id, _year(current.starts_at),
                                      leave_out=current.pk)
    current.version += 1
    current._history_user = by
    current.save()
    if resend and current.invited_at and current.status == MeetingStatus.PLANNED:
        _invite(current, kind="update")
    return current


def _invite(meeting: Meeting, *, kind: str) -> None:
    """Attendance rows (absent until recorded) for every member on the meeting's day, the
    time of the invitation on them and on the meeting; the e-mails after the commit."""
    now = timezone.now()
    members = list(members_on(meeting.group_id, meeting_day(meeting)).values_list("pk",
                                                                                  flat=True))
    have = set(meeting.attendance.values_list("member_id", flat=True))
    Attendance.objects.bulk_create([
        Attendance(meeting=meeting, member_id=pk, status=AttendanceStatus.ABSENT,
                   invited_at=now) for pk in members if pk not in have])
    meeting.attendance.filter(member_id__in=members).update(invited_at=now)
    Meeting.objects.filter(pk=meeting.pk).update(invited_at=now)
    meeting.invited_at = now
    _task("send_meeting_invitations", meeting.pk, kind)


@transaction.atomic
def send_invitations(meeting: Meeting, *, by) -> Meeting:
    """Invite the members on the meeting's day (an e-mail with an .ics to each who has an
    address). A second sending is an updated invitation (a higher SEQUENCE)."""
    current = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
    _require_keeper(by, current.group)
    if current.status != MeetingStatus.PLANNED:
        raise Refused(_("Only a planned meeting can be announced."), code="status")
    kind = "update" if current.invited_at else "request"
    if kind == "update":
        Meeting.objects.filter(pk=current.pk).update(version=F("version") + 1)
        current.version += 1
    _invite(current, kind=kind)
    return current


@transaction.atomic
def cancel_meeting(meeting: Meeting, *, reason: str, by) -> Meeting:
    """Cancel a planned meeting, with its reason; those invited get a cancellation for
    their calendars (METHOD:CANCEL). The row is locked and its status checked, so two
    clicks at once cancel it once."""
    current = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
    _require_keeper(by, current.group)
    reason = reason.strip()
    if not reason:
        raise Refused({"reason": _("Say why the meeting is cancelled.")}, code="reason")
    if current.status != MeetingStatus.PLANNED:
        raise Refused(_("Only a planned meeting can be cancelled."), code="status")
    current.status = MeetingStatus.CANCELLED
    current.cancel_reason = reason[:500]
    current.version += 1
    current._history_user = by
    current.save()
    if current.invited_at:
        _task("send_meeting_invitations", current.pk, "cancel")
    return current


@transaction.atomic
def record_attendance(meeting: Meeting, *, statuses: dict, guests: str, by) -> Meeting:
    """Who came: one status for each member on the meeting's day (others are ignored);
    the quorum follows, and the meeting is held. Recorded again, it is corrected."""
    current = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
    _require_keeper(by, current.group)
    if current.status == MeetingStatus.CANCELLED:
        raise Refused(_("A cancelled meeting has no attendance."), code="cancelled")
    if meeting_day(current) > timezone.localdate():
        raise Refused(_("Attendance is recorded on the meeting's day or later."),
                      code="early")
    allowed = set(AttendanceStatus.values)
    members = set(members_on(current.group_id, meeting_day(current))
                  .values_list("pk", flat=True))
    wanted = {int(pk): status for pk, status in statuses.items()
              if int(pk) in members and status in allowed}
    rows = {row.member_id: row for row in current.attendance.all()}
    new, changed = [], []
    for member_id, status in wanted.items():
        row = rows.get(member_id)
        if row is None:
            new.append(Attendance(meeting=current, member_id=member_id, status=status))
        elif row.status != status:
            row.status = status
            changed.append(row)
    Attendance.objects.bulk_create(new)
    Attendance.objects.bulk_update(changed, ["status"])
    current.guests = guests.strip()
    current.quorum_met = quorum_count(current)["met"]
    current.status = MeetingStatus.HELD
    current.version += 1
    current._history_user = by
    current.save()
    return current
