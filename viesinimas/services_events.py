"""Writes of the activity calendar, and who may do what with an event — decided here, once;
the views ask. Every write records who made it (``created_by``; ``simple_history`` keeps
who changed what, a cancellation's reason included).

- staff enter and edit every library's events; a library's director and librarians their
  own library's (a director's with its outlets: ``may_edit_library_item``); management
  only read;
- an edit checks the version the user opened: the second of two editors is refused, never
  silently overwritten (the view keeps their typing);
- an event that has already started is a record of the past: entering one, or moving an
  event into the past, needs an explicit confirmation, so a wrong year or month is caught;
- an event is cancelled with a reason (kept on the event and in its history) rather than
  deleted; only staff, or the person who entered it before it begins, delete one."""

import logging
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bibliotekos.models import Library
from portalas.clock import aware
from viesinimas.models import ActivityEvent, may_edit_library_item, own_library_ids

logger = logging.getLogger("regionas.publicity")

#: An event lasts at most this long (an exhibition of a season, a year-long campaign).
MAX_DAYS = 366


class Refused(ValidationError):
    """A change the rules do not allow; the message says why (on a field when it names
    one)."""


# --- who may do what ------------------------------------------------------------------------

def may_enter(user) -> bool:
    """Staff, and a territory librarian with a library of their own; not management."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.sees_whole_territory:
        return bool(user.can_manage_territory)
    return bool(own_library_ids(user))


def may_edit(user, event: ActivityEvent) -> bool:
    return may_edit_library_item(user, event.library_id)


def has_started(event: ActivityEvent, now: datetime | None = None) -> bool:
    """Whether the event has begun: its day is past, or it is today and its start time
    (when it has one) has come."""
    now = timezone.localtime(now or timezone.now())
    today = now.date()
    if event.starts_on != today:
        return event.starts_on < today
    if event.start_time is None:
        return True
    return event.start_time <= now.time().replace(tzinfo=None)


def may_delete(user, event: ActivityEvent, now: datetime | None = None) -> bool:
    """Staff always; the person who entered the event while they may still edit it and
    before it begins. Everyone else cancels it instead."""
    if not may_edit(user, event):
        return False
    if user.can_manage_territory:
        return True
    return event.created_by_id == user.pk and not has_started(event, now)


def may_cancel(user, event: ActivityEvent) -> bool:
    return may_edit(user, event) and event.cancelled_at is None


def libraries_for(user, current_id: int | None = None):
    """The libraries a user may enter an event for: staff every library still open, a
    librarian their own (a director's with the outlets); the one an event already names
    stays a choice."""
    from django.db.models import Q

    if not user.is_authenticated or not user.is_active:
        return Library.objects.none()
    today = timezone.localdate()
    open_now = Q(closed__isnull=True) | Q(closed__gt=today)
    if user.sees_whole_territory:
        if not user.can_manage_territory:
            return Library.objects.none()
        chosen = open_now
    else:
        chosen = open_now & Q(pk__in=own_library_ids(user))
    if current_id and may_edit_library_item(user, current_id):
        chosen |= Q(pk=current_id)
    return Library.objects.filter(chosen)


def when_text(event: ActivityEvent) -> str:
    """``2026-12-18 17:00–19:00`` or ``2026-12-01 – 2027-01-15 17:00``: the dates as the
    portal writes them."""
    text = f"{event.starts_on:%Y-%m-%d}"
    if event.ends_on and event.ends_on != event.starts_on:
        text += f" – {event.ends_on:%Y-%m-%d}"
    if event.start_time:
        text += f" {event.start_time:%H:%M}"
        if event.end_time:
            text += f"–{event.end_time:%H:%M}"
    return text


# --- checks ---------------------------------------------------------------------------------

def check(event: ActivityEvent, *, record_of_past: bool = False, moved: bool = True,
          now: datetime | None = None) -> None:
    """The event's own rules; ``Refused`` naming the field. ``moved``: its start is new (a
    new event, or its date or time changed) — only then does the past need confirming."""
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if event.ends_on is not None:
        if event.ends_on < event.starts_on:
            refuse("ends_on", _("The event cannot end before it starts."))
        elif event.ends_on == event.starts_on:
            event.ends_on = None        # one day: stored as such
        elif (event.ends_on - event.starts_on).days > MAX_DAYS:
            refuse("ends_on", _("An event lasts at most a year; enter a longer campaign as "
                                "several events."))
    one_day = event.ends_on is None
    if event.end_time is not None and event.start_time is None:
        refuse("start_time", _("Give the start time too, or leave both times empty."))
    if (one_day and event.start_time is not None and event.end_time is not None
            and event.end_time <= event.start_time):
        refuse("end_time", _("A one-day event cannot end before it starts: check the times."))
    for field in ("start_time", "end_time"):
        clock = getattr(event, field)
        day = event.starts_on if field == "start_time" or one_day else event.ends_on
        if clock is not None and day is not None and field not in errors:
            try:
                aware(day, clock)
            except ValidationError as error:
                refuse(field, error.messages[0])
    if moved and not record_of_past and has_started(event, now):
        refuse("starts_on", _("This date has already passed. If the event has already taken "
                              "place and you are recording it, tick the box below; otherwise "
                              "correct the date (the year, the month)."))
    if errors:
        raise Refused(errors)


def _library_allowed(by, library_id: int) -> None:
    if not may_edit_library_item(by, library_id):
        raise PermissionDenied


def _locked(event: ActivityEvent, seen_version: int | None) -> ActivityEvent:
    """Lock the row; refuse when someone saved it after the user opened it."""
    current = ActivityEvent.objects.select_for_update().get(pk=event.pk)
    if seen_version is not None and current.version != seen_version:
        raise Refused(_("Someone else changed this event while you were editing it. Open it "
                        "again to see their changes, then repeat yours."), code="stale")
    return current


# --- writes ---------------------------------------------------------------------------------

@transaction.atomic
def create_event(event: ActivityEvent, *, by, themes=(), record_of_past: bool = False,
                 now: datetime | None = None) -> ActivityEvent:
    """Enter a new event for one of the user's libraries (any, for staff)."""
    if not may_enter(by):
        raise PermissionDenied
    _library_allowed(by, event.library_id)
    check(event, record_of_past=record_of_past, now=now)
    event.pk = None
    event.cancelled_at = None
    event.cancel_reason = ""
    event.created_by = by
    event.version = 1
    event._history_user = by
    event.save()
    event.themes.set(themes)
    logger.info("event %s entered by user %s", event.pk, by.pk)
    return event


def update_event(event: ActivityEvent, *, by, seen_version: int | None, themes=None,
                 record_of_past: bool = False, now: datetime | None = None) -> ActivityEvent:
    """Save an edited event (the form's copy). The version the user saw must still be the
    current one; a cancelled event is not changed."""
    with transaction.atomic():
        current = _locked(event, seen_version)
        _library_allowed(by, current.library_id)
        _library_allowed(by, event.library_id)
        if current.cancelled_at is not None:
            raise Refused(_("A cancelled event is not changed."))
        moved = (event.starts_on != current.starts_on
                 or event.start_time != current.start_time)
        check(event, record_of_past=record_of_past, moved=moved, now=now)
        event.created_by_id = current.created_by_id
        event.created_at = current.created_at
        event.cancelled_at, event.cancel_reason = None, ""
        event.version = current.version + 1
        event._history_user = by
        event.save()
        if themes is not None:
            event.themes.set(themes)
    return event


def cancel_event(event: ActivityEvent, *, by, reason: str) -> ActivityEvent:
    """Cancel with a reason: the event stays (calendars that took it get STATUS:CANCELLED),
    leaves the public page, and its history keeps who cancelled it and why."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise Refused({"reason": _("Say why the event is cancelled.")})
    with transaction.atomic():
        current = _locked(event, None)
        _library_allowed(by, current.library_id)
        if current.cancelled_at is not None:
            raise Refused(_("The event has already been cancelled."))
        current.cancelled_at = timezone.now()
        current.cancel_reason = reason[:500]
        current.version += 1
        current._change_reason = reason[:100]
        current._history_user = by
        current.save()
    logger.info("event %s cancelled by user %s", current.pk, by.pk)
    return current


def delete_event(event: ActivityEvent, *, by, now: datetime | None = None) -> None:
    """Delete an event entered by mistake: staff, or whoever entered it before it begins
    (the history keeps that it was deleted, and by whom)."""
    with transaction.atomic():
        current = _locked(event, None)
        if not may_delete(by, current, now):
            raise PermissionDenied
        logger.info("event %s deleted by user %s", current.pk, by.pk)
        current._history_user = by
        current.delete()


def upcoming(queryset, *, today=None, days: int | None = None):
    """Events of ``queryset`` not over yet (and, with ``days``, beginning within so many
    days), not cancelled, the nearest first."""
    from django.db.models import Q

    today = today or timezone.localdate()
    found = queryset.filter(cancelled_at__isnull=True).filter(
        Q(ends_on__gte=today) | Q(ends_on__isnull=True, starts_on__gte=today))
    if days is not None:
        found = found.filter(starts_on__lte=today + timedelta(days=days))
    return found.order_by("starts_on", "start_time", "title", "pk")
