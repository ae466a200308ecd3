"""Working groups, members and meetings for tests (the groups area). Other areas import
``make_group``, ``add_member`` and ``make_meeting`` from here."""

import datetime
from zoneinfo import ZoneInfo

from django.db.models import Max
from django.utils import timezone

from bendradarbiavimas.models import (
    GroupMember,
    Meeting,
    MeetingStatus,
    MemberRole,
    WorkingGroup,
)

VILNIUS = ZoneInfo("Europe/Vilnius")


def next_week_at_ten() -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=7)
    return datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=VILNIUS)


def make_group(*, name="Vaikų bibliotekininkų darbo grupė", public=False, by=None,
               **fields) -> WorkingGroup:
    values = {"purpose": "Skatinti vaikų **skaitymą** ir dalintis patirtimi.",
              "kind": "working_group", "level": "territory"}
    values.update(fields)
    return WorkingGroup.objects.create(name=name, public=public, created_by=by, **values)


def add_member(group, *, user=None, person=None, name="", role=MemberRole.MEMBER,
               starts_on=None, ends_on=None, **fields) -> GroupMember:
    """A member for a term: a registry person (its account linked), a portal user (their
    person filled in when they have one) or, with only ``name``, someone from outside."""
    if user is not None and person is None:
        person = getattr(user, "person", None) if _has_person(user) else None
    if person is not None and user is None and person.user_id:
        user = person.user
    if person is None and user is not None and not name:
        name = user.full_name or user.email
    return GroupMember.objects.create(group=group, user=user, person=person, name=name,
                                      role=role, starts_on=starts_on, ends_on=ends_on,
                                      **fields)


def _has_person(user) -> bool:
    try:
        return user.person is not None
    except Exception:  # noqa: BLE001 — RelatedObjectDoesNotExist
        return False


def make_meeting(group, *, starts_at=None, status=MeetingStatus.PLANNED,
                 agenda="1. Veiklos plano aptarimas\n2. Kiti klausimai", by=None,
                 **fields) -> Meeting:
    """A meeting with the next number of the group's year (1 h long unless ``ends_at``)."""
    starts_at = starts_at or next_week_at_ten()
    year = timezone.localtime(starts_at).year
    last = (Meeting.objects.filter(group=group, starts_at__year=year)
            .aggregate(n=Max("number"))["n"] or 0)
    fields.setdefault("ends_at", starts_at + datetime.timedelta(hours=2))
    fields.setdefault("place", "Viešosios bibliotekos salė")
    return Meeting.objects.create(group=group, number=last + 1, starts_at=starts_at,
                                  status=status, agenda=agenda, created_by=by, **fields)
