"""Reads of the groups area: who was a member on a day, what the quorum is and whether a
meeting had it, the meetings a person's groups hold next, and a meeting as iCalendar
(RFC 5545) — an invitation (METHOD:REQUEST), a cancellation (METHOD:CANCEL) or a plain
download (METHOD:PUBLISH). The UID is stable per meeting; SEQUENCE is the meeting's
version, so a calendar program takes a later change over an earlier one."""

from datetime import date, timedelta
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from bendradarbiavimas.models import (
    PRESENT_STATUSES,
    VOTING_ROLES,
    GroupMember,
    Meeting,
    MeetingStatus,
    MemberRole,
    WorkingGroup,
)

PRODID = "-//Regionas//Posedziai//LT"


def meeting_day(meeting: Meeting) -> date:
    """The meeting's day in Vilnius."""
    return timezone.localtime(meeting.starts_at, ZoneInfo(settings.TIME_ZONE)).date()


def members_on(group: WorkingGroup | int, day: date):
    """Everyone who was a member of the group on ``day`` (every role)."""
    group_id = group if isinstance(group, int) else group.pk
    return GroupMember.objects.filter(group_id=group_id).current(day)


def voting_members_on(group, day: date):
    """The members on ``day`` who count toward the quorum (an observer does not)."""
    return members_on(group, day).filter(role__in=VOTING_ROLES)


def quorum_needed(group: WorkingGroup, day: date, voting: int | None = None) -> int:
    """How many voting members must attend: the group's own number when it set one,
    otherwise more than half of the voting members on the day."""
    if group.quorum:
        return group.quorum
    if voting is None:
        voting = voting_members_on(group, day).count()
    return voting // 2 + 1


def quorum_count(meeting: Meeting) -> dict:
    """The meeting's quorum: voting members on its day, how many attended (present or
    remotely), how many were needed, and whether that was enough."""
    day = meeting_day(meeting)
    voting = voting_members_on(meeting.group, day)
    total = voting.count()
    attended = meeting.attendance.filter(member__in=voting.values("pk"),
                                         status__in=PRESENT_STATUSES).count()
    needed = quorum_needed(meeting.group, day, total)
    return {"voting": total, "attended": attended, "needed": needed,
            "met": attended >= needed and attended > 0}


def upcoming_meetings_of(user, *, limit: int = 5, now=None) -> list[Meeting]:
    """The next meetings (planned, not over) of the groups the user is a current member
    of, the nearest first."""
    now = now or timezone.now()
    groups = GroupMember.objects.of_user(user).current().values("group_id")
    return list(Meeting.objects.visible_to(user)
                .filter(group__in=groups, status=MeetingStatus.PLANNED)
                .filter(Q(ends_at__gte=now) | Q(ends_at__isnull=True,
                                                 starts_at__gte=now - timedelta(hours=3)))
                .select_related("group").order_by("starts_at", "pk")[:limit])


def invitees(meeting: Meeting) -> list[GroupMember]:
    """The members an invitation goes to: members on the meeting's day with an e-mail
    address (their own, their registry person's or their account's)."""
    members = (members_on(meeting.group_id, meeting_day(meeting))
               .select_related("person", "user").order_by("pk"))
    return [member for member in members if member.contact_email]


# --- iCalendar -------------------------------------------------------------------------------

def absolute(url: str) -> str:
    return settings.PORTAL_BASE_URL + url


def meeting_title(meeting: Meeting) -> str:
    return f"{meeting.group.name}: posėdis Nr. {meeting.number}"


def _description(meeting: Meeting, url: str) -> str:
    parts = []
    if meeting.status == MeetingStatus.CANCELLED:
        parts.append(f"Posėdis atšauktas. {meeting.cancel_reason}".strip())
    if meeting.agenda.strip():
        parts.append("Darbotvarkė:\n" + meeting.agenda.strip())
    if meeting.online_link:
        parts.append(meeting.online_link)
    parts.append(url)
    return "\n\n".join(parts)


def organizer_email() -> str:
    """The portal's own address (DEFAULT_FROM_EMAIL without its display name)."""
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or settings.DEFAULT_FROM_EMAIL


def _address(email: str, name: str = "") -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["cn"] = vText(name)
    return address


def meeting_event(meeting: Meeting, *, attendees=(), cancelled: bool = False,
                  sequence: int | None = None, now=None) -> Event:
    """The meeting as one VEVENT in Vilnius time; ``attendees`` are (member, e-mail)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    now = now or timezone.now()
    url = absolute(reverse("bendradarbiavimas:meeting_detail", args=[meeting.pk]))
    end = meeting.ends_at or meeting.starts_at + timedelta(hours=2)
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@regionas")
    event.add("dtstamp", now.astimezone(ZoneInfo("UTC")))
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    event.add("dtend", end.astimezone(zone))
    event.add("summary", meeting_title(meeting))
    location = meeting.place or meeting.online_link
    if location:
        event.add("location", location)
    event.add("url", url)
    event.add("description", _description(meeting, url))
    event["organizer"] = _address(organizer_email(), meeting.group.name)
    for member, email in attendees:
        address = _address(email, member.display_name)
        address.params["role"] = vText("OPT-PARTICIPANT" if member.role == MemberRole.OBSERVER
                                       else "REQ-PARTICIPANT")
        address.params["partstat"] = vText("NEEDS-ACTION")
        address.params["rsvp"] = vText("FALSE")
        event.add("attendee", address, encode=0)
    cancelled = cancelled or meeting.status == MeetingStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("sequence", meeting.version if sequence is None else sequence)
    return event


def meeting_calendar(meeting: Meeting, *, method: str = "PUBLISH", attendees=(),
                     sequence: int | None = None, now=None) -> bytes:
    """The .ics of one meeting, with the VTIMEZONE of Vilnius around its date."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    cal.add_component(meeting_event(meeting, attendees=attendees,
                                    cancelled=method == "CANCEL", sequence=sequence, now=now))
    year = meeting_day(meeting).year
    cal.add_missing_timezones(first_date=date(year - 1, 1, 1), last_date=date(year + 2, 1, 1))
    return cal.to_ical()


def when_text(meeting: Meeting) -> str:
    """``2026-03-12 10:00–12:00`` in Vilnius time."""
    zone = ZoneInfo(settings.TIME_ZONE)
    start = timezone.localtime(meeting.starts_at, zone)
    text = f"{start:%Y-%m-%d %H:%M}"
    if meeting.ends_at:
        end = timezone.localtime(meeting.ends_at, zone)
        text += f"–{end:%H:%M}" if end.date() == start.date() else f" – {end:%Y-%m-%d %H:%M}"
    return text
