"""Writes of the minutes and decisions: writing the minutes (the introduction and the
agenda items, with no lost update), signing them (then only staff reopen them), and a
decision's life — created under a meeting, edited, done, reopened, reassigned, cancelled —
plus the daily reminders' choice of what to remind.

Who may (``may_*``) is asked here and again by the views: staff and the group's chair and
secretary keep the minutes and decisions (``models.may_keep``); a decision's owner, a
keeper or staff mark it done. Every state change is a conditional UPDATE, so two clicks at
the same moment move it once; ``_history_user`` names who did it in the history.

No lost update: the minutes carry the meeting's ``version``. A save names the version the
editor opened; the UPDATE ``version = seen → seen + 1`` moves only if nobody saved in
between, otherwise ``Refused(code="stale")`` and the view keeps the typed text."""

from dataclasses import dataclass
from datetime import date, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from bendradarbiavimas.models import (
    AgendaItem,
    Decision,
    DecisionStatus,
    Meeting,
    MeetingStatus,
    may_keep,
    may_manage,
)
from bendradarbiavimas.selectors_minutes import decision_owner_choices, meeting_day
from portalas.clock import aware
from portalas.workdays import add_working_days

__all__ = ["ItemData", "Refused", "cancel_decision", "complete_decision", "create_decision",
           "decisions_to_remind", "initial_items", "may_complete", "may_write_minutes",
           "reassign_decision", "reopen_decision", "reopen_minutes", "save_minutes",
           "sign_minutes", "update_decision"]

#: Decisions are reminded this many working days before their deadline.
REMIND_WORKING_DAYS = 3

DRAFT, FINAL, NONE = "draft", "final", "none"


class Refused(ValidationError):
    """The change cannot be made now, for a reason to tell the user (``code`` says which:
    ``stale``, ``signed``, ``state``, ``invalid``)."""


# --- who may ----------------------------------------------------------------------------------

def may_write_minutes(user, meeting: Meeting) -> bool:
    return (may_keep(user, meeting.group) and meeting.minutes_status != FINAL
            and meeting.status != MeetingStatus.CANCELLED)


def may_sign_minutes(user, meeting: Meeting) -> bool:
    return may_keep(user, meeting.group) and meeting.minutes_status == DRAFT


def may_reopen_minutes(user, meeting: Meeting) -> bool:
    return may_manage(user) and meeting.minutes_status == FINAL


def may_complete(user, decision: Decision) -> bool:
    """The owner, a keeper of the group or staff mark a decision done (or reopen it)."""
    return (decision.owner_id is not None and decision.owner_id == user.pk
            and user.is_active) or may_keep(user, decision.meeting.group)


def _keeper(user, meeting: Meeting) -> None:
    if not may_keep(user, meeting.group):
        raise PermissionDenied


# --- the minutes ------------------------------------------------------------------------------

@dataclass
class ItemData:
    """One agenda item as the form sends it: ``pk`` None for a new one."""

    title: str
    order: int = 0
    presenter: str = ""
    discussed: str = ""
    votes: str = ""
    decided: str = ""
    pk: int | None = None

    FIELDS = ("title", "presenter", "discussed", "votes", "decided")


def initial_items(meeting: Meeting) -> list[dict]:
    """The items the first writing starts from: the agenda's lines, numbering taken off
    ("1. Veiklos planas" → "Veiklos planas")."""
    import re

    lines = [line.strip() for line in (meeting.agenda or "").splitlines() if line.strip()]
    titles = [re.sub(r"^(\d{1,3}[.)]|[-*•])\s*", "", line).strip() for line in lines]
    return [{"order": number, "title": title[:500]}
            for number, title in enumerate((t for t in titles if t), start=1)]


@transaction.atomic
def save_minutes(*, meeting: Meeting, intro: str, items: list[ItemData], by,
                 seen_version: int) -> Meeting:
    """Save the introduction and the items (added, changed, removed, renumbered 1…n in the
    order given). Refused when signed, or when someone saved after ``seen_version``."""
    _keeper(by, meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        raise Refused(_("A cancelled meeting has no minutes."), code="state")
    if not any(item.title.strip() for item in items):
        raise Refused(_("The minutes need at least one agenda item."), code="invalid")
    moved = (Meeting.objects.filter(pk=meeting.pk, version=seen_version)
             .exclude(minutes_status=FINAL).update(version=F("version") + 1))
    if moved != 1:
        stored = Meeting.objects.get(pk=meeting.pk)
        if stored.minutes_status == FINAL:
            raise Refused(_("The minutes have been signed: only the department may reopen "
                            "them."), code="signed")
        raise Refused(_("Someone saved the minutes after you opened them."), code="stale")
    meeting = Meeting.objects.select_related("group").get(pk=meeting.pk)
    meeting.minutes_intro = intro.strip()
    if meeting.minutes_status == NONE:
        meeting.minutes_status = DRAFT
    if meeting.minutes_written_by_id is None:
        meeting.minutes_written_by = by
    meeting._history_user = by
    meeting.save()
    _save_items(meeting, items, by)
    return meeting


def _save_items(meeting: Meeting, items: list[ItemData], by) -> None:
    stored = {item.pk: item for item in AgendaItem.objects.filter(meeting=meeting)}
    kept = set()
    ordered = sorted(enumerate(items), key=lambda pair: (pair[1].order or 10_000, pair[0]))
    for number, (_index, data) in enumerate(ordered, start=1):
        values = {name: (getattr(data, name) or "").strip() for name in ItemData.FIELDS}
        item = stored.get(data.pk) if data.pk else None
        if item is None:
            item = AgendaItem(meeting=meeting, written_by=by, order=number, **values)
        else:
            kept.add(item.pk)
            changed = any(getattr(item, name) != value for name, value in values.items())
            if not changed and item.order == number:
                continue
            for name, value in values.items():
                setattr(item, name, value)
            item.order = number
            if changed:
                item.written_by = by   # who wrote the text last; unchanged items keep theirs
        item._history_user = by
        item.save()
    for pk, item in stored.items():
        if pk not in kept:
            item._history_user = by
            item.delete()


@transaction.atomic
def sign_minutes(*, meeting: Meeting, by) -> Meeting:
    """Finalise the minutes: from then on only staff may reopen them."""
    _keeper(by, meeting)
    if not AgendaItem.objects.filter(meeting=meeting).exists():
        raise Refused(_("Write the minutes before signing them."), code="invalid")
    moved = Meeting.objects.filter(pk=meeting.pk, minutes_status=DRAFT).update(
        minutes_status=FINAL, minutes_signed_at=timezone.now(), version=F("version") + 1)
    if moved != 1:
        raise Refused(_("Only draft minutes can be signed."), code="state")
    return _recorded(meeting, by)


@transaction.atomic
def reopen_minutes(*, meeting: Meeting, by) -> Meeting:
    """Staff reopen signed minutes to correct them (they are signed again afterwards)."""
    if not may_manage(by):
        raise PermissionDenied
    moved = Meeting.objects.filter(pk=meeting.pk, minutes_status=FINAL).update(
        minutes_status=DRAFT, minutes_signed_at=None, version=F("version") + 1)
    if moved != 1:
        raise Refused(_("Only signed minutes can be reopened."), code="state")
    return _recorded(meeting, by)


def _recorded(meeting: Meeting, by) -> Meeting:
    """The moved row, with a history entry naming who moved it."""
    meeting = Meeting.objects.select_related("group").get(pk=meeting.pk)
    meeting._history_user = by
    meeting.save(update_fields=["minutes_status", "minutes_signed_at"])
    return meeting


# --- decisions --------------------------------------------------------------------------------

def _check_owner(meeting: Meeting, owner, owner_name: str) -> None:
    if owner is None and not owner_name.strip():
        raise Refused({"owner": _("Choose who is responsible, or type the name of someone "
                                  "outside the portal.")}, code="invalid")
    if owner is not None and not decision_owner_choices(meeting.group).filter(
            pk=owner.pk).exists():
        raise Refused({"owner": _("The responsible person must be a current member of the "
                                  "group with a portal account, or department staff.")},
                      code="invalid")


def _check_deadline(meeting: Meeting, due_on: date | None) -> None:
    if due_on is not None and due_on < meeting_day(meeting):
        raise Refused({"due_on": _("The deadline cannot be before the meeting (%(day)s).")
                       % {"day": meeting_day(meeting).isoformat()}}, code="invalid")


@transaction.atomic
def create_decision(*, meeting: Meeting, text: str, by, item: AgendaItem | None = None,
                    owner=None, owner_name: str = "", due_on: date | None = None) -> Decision:
    _keeper(by, meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        raise Refused(_("A cancelled meeting makes no decisions."), code="state")
    if item is not None and item.meeting_id != meeting.pk:
        raise Refused({"item": _("The item is not of this meeting.")}, code="invalid")
    _check_owner(meeting, owner, owner_name)
    _check_deadline(meeting, due_on)
    decision = Decision(meeting=meeting, item=item, text=text.strip(), owner=owner,
                        owner_name="" if owner else owner_name.strip(), due_on=due_on,
                        created_by=by)
    decision._history_user = by
    decision.save()
    return decision


@transaction.atomic
def update_decision(*, decision: Decision, by, text: str, item: AgendaItem | None,
                    due_on: date | None) -> Decision:
    """Edit the text, the item and the deadline; a new deadline is reminded anew."""
    meeting = decision.meeting
    _keeper(by, meeting)
    if item is not None and item.meeting_id != meeting.pk:
        raise Refused({"item": _("The item is not of this meeting.")}, code="invalid")
    _check_deadline(meeting, due_on)
    decision = Decision.objects.select_for_update().select_related("meeting__group").get(
        pk=decision.pk)
    if decision.due_on != due_on:
        decision.reminded_at = None
    decision.text, decision.item, decision.due_on = text.strip(), item, due_on
    decision._history_user = by
    decision.save()
    return decision


@transaction.atomic
def complete_decision(*, decision: Decision, by, done_on: date, note: str = "") -> Decision:
    if not may_complete(by, decision):
        raise PermissionDenied
    if done_on > timezone.localdate():
        raise Refused({"done_on": _("The day it was done cannot be in the future.")},
                      code="invalid")
    if done_on < meeting_day(decision.meeting):
        raise Refused({"done_on": _("The day it was done cannot be before the meeting.")},
                      code="invalid")
    moved = Decision.objects.filter(pk=decision.pk, status=DecisionStatus.OPEN).update(
        status=DecisionStatus.DONE, done_on=done_on, done_note=note.strip(), done_by=by)
    if moved != 1:
        raise Refused(_("Only an open decision can be marked done."), code="state")
    return _moved(decision, by)


@transaction.atomic
def reopen_decision(*, decision: Decision, by) -> Decision:
    """A done or cancelled decision open again (reminded anew)."""
    if not may_complete(by, decision):
        raise PermissionDenied
    if decision.status == DecisionStatus.CANCELLED and not may_keep(by, decision.meeting.group):
        raise PermissionDenied
    moved = (Decision.objects.filter(pk=decision.pk)
             .exclude(status=DecisionStatus.OPEN)
             .update(status=DecisionStatus.OPEN, done_on=None, done_note="", done_by=None,
                     reminded_at=None))
    if moved != 1:
        raise Refused(_("The decision is already open."), code="state")
    return _moved(decision, by)


@transaction.atomic
def cancel_decision(*, decision: Decision, by, reason: str) -> Decision:
    """A keeper or staff cancel an open decision; the reason is kept as its note."""
    _keeper(by, decision.meeting)
    if not reason.strip():
        raise Refused({"reason": _("Say why the decision is cancelled.")}, code="invalid")
    moved = Decision.objects.filter(pk=decision.pk, status=DecisionStatus.OPEN).update(
        status=DecisionStatus.CANCELLED, done_note=reason.strip(), done_by=by)
    if moved != 1:
        raise Refused(_("Only an open decision can be cancelled."), code="state")
    return _moved(decision, by)


@transaction.atomic
def reassign_decision(*, decision: Decision, by, owner=None, owner_name: str = "") -> Decision:
    """A keeper or staff give the decision a new owner (the history records who did it and
    when); the new owner gets their reminders anew."""
    meeting = decision.meeting
    _keeper(by, meeting)
    _check_owner(meeting, owner, owner_name)
    if decision.status != DecisionStatus.OPEN:
        raise Refused(_("Only an open decision can be given a new owner."), code="state")
    decision = Decision.objects.select_for_update().select_related("meeting__group").get(
        pk=decision.pk)
    previous = str(decision.owner) if decision.owner_id else decision.owner_name
    decision.owner = owner
    decision.owner_name = "" if owner else owner_name.strip()
    decision.reminded_at = None
    decision._history_user = by
    decision._change_reason = _("Reassigned from %(name)s") % {"name": previous or "–"}
    decision.save()
    return decision


def _moved(decision: Decision, by) -> Decision:
    decision = Decision.objects.select_related("meeting__group", "owner", "item").get(
        pk=decision.pk)
    decision._history_user = by
    decision.save(update_fields=["status", "done_on", "done_note", "done_by"])
    return decision


# --- reminders --------------------------------------------------------------------------------

def remind_on(due_on: date) -> date:
    """The working day ``REMIND_WORKING_DAYS`` working days before the deadline (Lithuanian
    holidays and weekends skipped)."""
    return add_working_days(due_on, -REMIND_WORKING_DAYS)


def decisions_to_remind(today: date) -> tuple[list[Decision], list[Decision]]:
    """Open decisions with an owner to remind today: (due soon, overdue).

    One e-mail per stage, tracked with ``reminded_at``: *soon* once the reminder day has
    come (``remind_on(due_on) <= today <= due_on``) and nothing was sent yet; *overdue* once
    the deadline has passed and nothing was sent after the deadline. A reminder sent on or
    before the deadline day is the *soon* one; a new deadline or a new owner clears
    ``reminded_at``. A day missed (the worker down) is caught up the next day."""
    horizon = today + timedelta(days=REMIND_WORKING_DAYS * 3 + 14)
    base = (Decision.objects.open().filter(owner__isnull=False, owner__is_active=True,
                                           due_on__isnull=False)
            .exclude(owner__email="")
            .select_related("owner", "meeting__group", "item").order_by("due_on", "pk"))
    soon = [decision for decision in base.filter(due_on__gte=today, due_on__lte=horizon,
                                                 reminded_at__isnull=True)
            if remind_on(decision.due_on) <= today]
    overdue = [decision for decision in base.filter(due_on__lt=today)
               if decision.reminded_at is None
               or timezone.localtime(decision.reminded_at).date() <= decision.due_on]
    return soon, overdue


def mark_reminded(decision: Decision, *, was, today: date | None = None) -> bool:
    """Claim the reminder of one stage (``was``: the ``reminded_at`` read): True when this
    run moved it, so two workers never send the same reminder. The moment recorded is on
    the run's day (``today``: a run for another day, as a catch-up or a test, records that
    day), because the stage is read from it."""
    moment = timezone.now()
    if today is not None and today != timezone.localdate():
        moment = aware(today, time(8, 0))
    return Decision.objects.filter(pk=decision.pk, reminded_at=was).update(
        reminded_at=moment) == 1
