"""Reads of the minutes and decisions area: what the minutes of a meeting show (the items,
who chaired, who kept the minutes, who came and who did not, the decisions), the decisions
that need a new owner, the decisions of a user's home page, and who may own a decision.

Every function takes querysets that are already scoped (``visible_to``) where a user is
involved; these only join and annotate."""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone

from bendradarbiavimas.models import (
    KEEPER_ROLES,
    PRESENT_STATUSES,
    AgendaItem,
    Attendance,
    Decision,
    DecisionStatus,
    GroupMember,
    Meeting,
    MemberRole,
)
from bibliotekos.erasure import ERASED_TEXT
from paskyros.models import Role
from portalas.ordering import sorted_lt

__all__ = ["MinutesView", "decision_owner_choices", "kept_group_ids", "meeting_day",
           "minutes_view", "owner_label", "with_owner_flags"]

#: Roles that may own any group's decision without being a member.
OWNER_ROLES = (Role.STAFF, Role.ADMIN)


def meeting_day(meeting: Meeting) -> date:
    return timezone.localtime(meeting.starts_at).date()


def owner_label(decision: Decision) -> str:
    """Who answers for the decision: the portal user's name, else the typed name."""
    if decision.owner_id:
        return str(decision.owner)
    return decision.owner_name


def with_owner_flags(queryset):
    """Decisions annotated with ``owner_member`` (the owner is a current member of the
    group) and ``needs_owner`` (open, and its owner is inactive, erased or gone from the
    group without being staff)."""
    current = (GroupMember.objects.current().filter(group=OuterRef("meeting__group"))
               .filter(Q(user=OuterRef("owner")) | Q(person__user=OuterRef("owner"))))
    left = (Q(owner__isnull=True, owner_name__in=["", ERASED_TEXT])
            | Q(owner__is_active=False)
            | (Q(owner__isnull=False) & ~Q(owner__role__in=OWNER_ROLES) & Q(owner_member=False)))
    return (queryset.annotate(owner_member=Exists(current))
            .annotate(needs_owner=Case(When(Q(status=DecisionStatus.OPEN) & left,
                                            then=Value(True)),
                                       default=Value(False), output_field=BooleanField())))


def kept_group_ids(user):
    """The groups the user keeps as a current chair or secretary (a values queryset)."""
    return (GroupMember.objects.of_user(user).current().filter(role__in=KEEPER_ROLES)
            .values("group_id"))


def decision_owner_choices(group):
    """Who may own a decision of the group: its current members with a portal account, and
    department staff; active accounts only."""
    members = GroupMember.objects.current().filter(group=group)
    ids = set(members.exclude(user__isnull=True).values_list("user_id", flat=True))
    ids |= set(members.exclude(person__user__isnull=True)
               .values_list("person__user_id", flat=True))
    return (get_user_model().objects.filter(is_active=True)
            .filter(Q(pk__in=ids) | Q(role=Role.STAFF)).order_by("full_name", "email"))


# --- the minutes as one object --------------------------------------------------------------

@dataclass
class MinutesView:
    """What the minutes show, for the meeting page, the PDF and the DOCX alike."""

    meeting: Meeting
    items: list = field(default_factory=list)
    decisions: list = field(default_factory=list)
    chair: str = ""
    secretary: str = ""
    present: list = field(default_factory=list)
    remote: list = field(default_factory=list)
    absent: list = field(default_factory=list)
    guests: list = field(default_factory=list)

    @property
    def day(self) -> date:
        return meeting_day(self.meeting)

    @property
    def without_quorum(self) -> bool:
        return self.meeting.quorum_met is False

    @property
    def attended(self) -> list:
        return self.present + self.remote

    def decisions_of(self, item) -> list:
        return [d for d in self.decisions if d.item_id == item.pk]

    @property
    def loose_decisions(self) -> list:
        """Decisions not tied to an item (shown after the items)."""
        ids = {item.pk for item in self.items}
        return [d for d in self.decisions if d.item_id not in ids]


def _by_role(members, day: date, role: str) -> str:
    for member in members:
        if member.role == role and member.is_current(day):
            return member.display_name
    return ""


def minutes_view(meeting: Meeting) -> MinutesView:
    """The meeting's minutes in a fixed number of queries: items, decisions (owner, item),
    the group's members (chair, secretary) and the attendance."""
    items = list(AgendaItem.objects.filter(meeting=meeting).select_related("written_by")
                 .order_by("order", "pk"))
    decisions = list(Decision.objects.filter(meeting=meeting).select_related("owner", "item")
                     .order_by("item__order", "pk"))
    for decision in decisions:
        decision.meeting = meeting      # the quorum flag without a query per decision
    members = list(GroupMember.objects.filter(group_id=meeting.group_id)
                   .select_related("person").order_by("pk"))
    day = meeting_day(meeting)
    view = MinutesView(meeting=meeting, items=items, decisions=decisions,
                       chair=_by_role(members, day, MemberRole.CHAIR),
                       secretary=_by_role(members, day, MemberRole.SECRETARY))
    rows = (Attendance.objects.filter(meeting=meeting).select_related("member__person")
            .order_by("member_id"))
    for row in rows:
        name = row.member.display_name
        if row.status in PRESENT_STATUSES:
            (view.remote if row.status == "remote" else view.present).append(name)
        else:
            view.absent.append(name)
    view.present, view.remote = sorted_lt(view.present), sorted_lt(view.remote)
    view.absent = sorted_lt(view.absent)
    view.guests = [line.strip() for line in (meeting.guests or "").splitlines()
                   if line.strip()]
    return view
