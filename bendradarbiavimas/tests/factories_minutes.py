"""Minutes, agenda items, attendance and decisions for tests (the minutes area), on the
groups area's groups and meetings (``factories_groups``)."""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bendradarbiavimas.models import (
    AgendaItem,
    Attendance,
    Decision,
    DecisionStatus,
    GroupMember,
    Meeting,
    MeetingStatus,
    MemberRole,
    WorkingGroup,
)
from bendradarbiavimas.tests.factories_groups import add_member, make_group, make_meeting
from tests.factories import UserFactory

VILNIUS = ZoneInfo("Europe/Vilnius")

ITEMS = [
    {"title": "Veiklos plano 2026 m. aptarimas", "presenter": "Rasa Jonaitienė",
     "discussed": "Aptarti **pagrindiniai** renginiai ir terminai.",
     "votes": "už 5, prieš 0, susilaikė 0",
     "decided": "Pritarti veiklos planui su pastabomis."},
    {"title": "Vaikų vasaros skaitymo akcija", "presenter": "Živilė Čepaitė",
     "discussed": "Pristatyta praėjusių metų patirtis.", "votes": "",
     "decided": "Akciją organizuoti birželio–rugpjūčio mėnesiais."},
]


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=VILNIUS)


def make_items(meeting: Meeting, items=ITEMS, *, by=None) -> list[AgendaItem]:
    return [AgendaItem.objects.create(meeting=meeting, order=number, written_by=by, **values)
            for number, values in enumerate(items, start=1)]


def write_minutes(meeting: Meeting, *, by=None, items=ITEMS, signed: bool = False,
                  intro: str = "Posėdį pradėjo pirmininkė.") -> Meeting:
    """Minutes written straight in the database (draft, or signed)."""
    make_items(meeting, items, by=by)
    Meeting.objects.filter(pk=meeting.pk).update(
        minutes_intro=intro, minutes_status="final" if signed else "draft",
        minutes_written_by=by, minutes_signed_at=meeting.starts_at if signed else None)
    meeting.refresh_from_db()
    return meeting


def attend(meeting: Meeting, statuses: dict, *, quorum_met=None) -> None:
    for member, status in statuses.items():
        Attendance.objects.create(meeting=meeting, member=member, status=status)
    if quorum_met is not None:
        Meeting.objects.filter(pk=meeting.pk).update(quorum_met=quorum_met)
        meeting.refresh_from_db()


def make_decision(meeting: Meeting, *, text="Parengti renginių kalendorių.", owner=None,
                  owner_name="", due_on=None, item=None, status=DecisionStatus.OPEN,
                  by=None, **fields) -> Decision:
    if status == DecisionStatus.DONE:
        fields.setdefault("done_on", datetime.date(2026, 3, 20))
    return Decision.objects.create(meeting=meeting, text=text, owner=owner,
                                   owner_name=owner_name, due_on=due_on, item=item,
                                   status=status, created_by=by, **fields)


@dataclass
class GroupWorld:
    group: WorkingGroup
    chair: object
    secretary: object
    member: object           # a member who is not a keeper (librarian_a)
    chair_member: GroupMember
    secretary_member: GroupMember
    member_member: GroupMember
    outside_member: GroupMember
    meeting: Meeting


def group_world(*, staff, librarian_a, day=datetime.date(2026, 3, 12), **group) -> GroupWorld:
    """A working group with a chair and a secretary (librarians with accounts), library A's
    director as a plain member and a member from outside the portal; one held meeting."""
    chair = UserFactory(role="librarian", email="pirmininke@test.lt",
                        full_name="Rasa Jonaitienė")
    secretary = UserFactory(role="librarian", email="sekretore@test.lt",
                            full_name="Inga Petraitė")
    made = make_group(name="Vaikų bibliotekininkų darbo grupė", by=staff, **group)
    chair_member = add_member(made, user=chair, role=MemberRole.CHAIR,
                              starts_on=datetime.date(2025, 1, 1))
    secretary_member = add_member(made, user=secretary, role=MemberRole.SECRETARY,
                                  starts_on=datetime.date(2025, 1, 1))
    member_member = add_member(made, user=librarian_a, starts_on=datetime.date(2025, 1, 1))
    outside_member = add_member(made, name="Jonas Išorinis", organisation="Muziejus",
                                starts_on=datetime.date(2025, 1, 1))
    meeting = make_meeting(made, starts_at=at(day), status=MeetingStatus.HELD, by=staff,
                           agenda="1. Veiklos plano 2026 m. aptarimas\n2. Vaikų vasaros "
                                  "skaitymo akcija\n3. Kiti klausimai")
    return GroupWorld(made, chair, secretary, librarian_a, chair_member, secretary_member,
                      member_member, outside_member, meeting)
