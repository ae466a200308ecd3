"""The personal data the groups area holds about a person (GDPR Art. 15 export, Art. 17
erasure), registered as ``bendradarbiavimas.group_members`` and imported by
``panels_groups``.

A person is a group member in one of three ways: as a person of the registry
(``GroupMember.person``), through their portal account (``GroupMember.user``), or typed in
as someone from outside (name, organisation, e-mail). Their attendance hangs on the
membership; a meeting's guests are typed as text.

The export lists every membership (group, role, term, why it ended) and the attendance of
each, and the meetings whose guest list names the person.

The erasure — decided here:

- a membership of a **registry person** stays linked to the person's record: the registry
  anonymises that record itself (the minutes and attendance then name "asmuo N" and still
  count toward past quorums), so nothing changes here for that link;
- a membership typed in by **name** (someone from outside, or a portal user without a
  registry person) that names the person: the name becomes ``[ištrinta]`` and the e-mail is
  emptied, in the row and its history; the row stays, so past quorums do not change;
- a meeting's guest list naming the person: the name is cut out (``[ištrinta]``).

The minutes' texts are the minutes area's (``personal_data_minutes``)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bendradarbiavimas.models import Attendance, GroupMember, Meeting
from bibliotekos.erasure import (
    ERASED_TEXT,
    account_of,
    identifying_texts,
    naming,
    needle_pattern,
    rows,
)
from portalas.registry import personal_data as register_personal_data

__all__: list[str] = []

MEMBER_FIELDS = ("id", "group__name", "person_id", "name", "organisation", "email", "role",
                 "starts_on", "ends_on", "end_reason", "created_at")


def _typed(needles) -> Q:
    return Q(person__isnull=True) & naming(GroupMember, ("name", "email"), needles)


def memberships(person) -> Q:
    account, needles = account_of(person), identifying_texts(person)
    found = Q(person=person)
    if account is not None:
        found |= Q(user=account)
    if needles:
        found |= _typed(needles)
    return found


def export(person) -> list[dict]:
    needles = identifying_texts(person)
    members = GroupMember.objects.filter(memberships(person))
    found = rows("group membership", members.order_by("group__name", "pk"), MEMBER_FIELDS)
    found += rows("meeting attendance", Attendance.objects.filter(member__in=members)
                  .order_by("meeting__starts_at", "pk"),
                  ("meeting__group__name", "meeting__number", "meeting__starts_at", "status",
                   "invited_at"))
    if needles:
        found += rows("meeting guest", Meeting.objects.filter(
            naming(Meeting, ("guests",), needles)).order_by("starts_at", "pk"),
            ("group__name", "number", "starts_at", "guests"))
    return found


def erase(person) -> int:
    """See the module's docstring. Returns how many rows were changed."""
    needles = identifying_texts(person)
    if not needles:
        return 0
    history = GroupMember.history.model
    changed = GroupMember.objects.filter(_typed(needles)).update(name=ERASED_TEXT, email="")
    changed += history.objects.filter(
        Q(person__isnull=True) & naming(history, ("name", "email"), needles)).update(
        name=ERASED_TEXT, email="")
    for model in (Meeting, Meeting.history.model):
        changed += _scrub_guests(model, needles)
    return changed


def _scrub_guests(model, needles) -> int:
    """Only the guest lists (the minutes' texts are the minutes area's)."""
    pattern = needle_pattern(needles)
    changed = 0
    for pk, guests in (model._base_manager.filter(naming(model, ("guests",), needles))
                       .values_list("pk", "guests")):
        changed += model._base_manager.filter(pk=pk).update(
            guests=pattern.sub(ERASED_TEXT, guests))
    return changed


# before the registry's and the account's providers, which erase the texts it looks for
register_personal_data("bendradarbiavimas.group_members",
                       label=_("Working groups: memberships, attendance and guest lists"),
                       export=export, erase=erase, order=50)
