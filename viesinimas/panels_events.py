"""What other pages show of the activity calendar: the menu, the librarians' home card
(their library's and the territory's next events), the section on a library's card, the
territory's calendar (for other apps' calendars) and the newsletter's upcoming events."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bibliotekos.models import Library
from bibliotekos.scoping import descendant_ids
from paskyros.models import Role
from portalas.clock import aware
from portalas.registry import (
    CalendarEntry,
    calendar_source,
    digest_item,
    home_panel,
    nav_item,
    object_panel,
)
from viesinimas import personal_data_events  # noqa: F401 - registers the provider
from viesinimas import services_events as services
from viesinimas.models import ActivityEvent, may_edit_library_item, own_library_ids

SHOWN = 5
RECENT_DAYS = 365
DIGEST_DAYS = 45
DIGEST_SHOWN = 20

# --- the menu (no query: the entries are for everyone) ------------------------------------

nav_item(group="publicity", label=_("Activity calendar"), url_name="viesinimas:calendar",
         icon="calendar3", order=10)
nav_item(group="publicity", label=_("Library events"), url_name="viesinimas:event_list",
         icon="calendar-event", order=15)


# --- the home page ------------------------------------------------------------------------

@home_panel(roles={Role.LIBRARIAN}, template="viesinimas/_events_home.html", order=60)
def librarian_events(request):
    """A librarian's library's next events and the territory's (two queries)."""
    user = request.user
    mine_ids = own_library_ids(user)
    coming = services.upcoming(ActivityEvent.objects.visible_to(user)).select_related("library")
    mine = list(coming.filter(library_id__in=mine_ids)[:SHOWN]) if mine_ids else []
    others = list(coming.exclude(library_id__in=mine_ids)[:SHOWN])
    if not mine and not others and not mine_ids:
        return None
    return {"mine": mine, "others": others, "can_enter": bool(mine_ids),
            "today": timezone.localdate()}


# --- the library's card -------------------------------------------------------------------

@object_panel(Library, template="viesinimas/_events_library_panel.html", order=70)
def library_events(request, library):
    """The library's (and its outlets') next events and those of the past year."""
    user = request.user
    ids = {library.pk} | descendant_ids([library.pk])
    today = timezone.localdate()
    events = ActivityEvent.objects.visible_to(user).filter(library_id__in=ids) \
        .select_related("library")
    upcoming = list(services.upcoming(events)[:SHOWN])
    recent = list(events.filter(starts_on__lt=today,
                                starts_on__gte=today - timedelta(days=RECENT_DAYS))
                  .exclude(pk__in=[event.pk for event in upcoming])
                  .order_by("-starts_on", "-pk")[:SHOWN])
    can_enter = may_edit_library_item(user, library.pk)
    if not upcoming and not recent and not can_enter:
        return None
    return {"library": library, "upcoming": upcoming, "recent": recent,
            "can_enter": can_enter, "today": today,
            "create_url": reverse("viesinimas:event_create") + f"?library={library.pk}",
            "list_url": reverse("viesinimas:event_list") + f"?library={library.pk}"}


# --- the territory's calendar -------------------------------------------------------------

def _entry_start(event: ActivityEvent):
    """A one-day event with a start time starts at that moment; any other on its day."""
    if event.ends_on is None and event.start_time is not None:
        try:
            start = aware(event.starts_on, event.start_time)
            end = aware(event.starts_on, event.end_time) if event.end_time else None
            return start, end
        except ValidationError:     # a clock change's gap or repeat: the whole day instead
            pass
    return event.starts_on, event.ends_on


def event_calendar(start, end, user):
    """The library events (not cancelled) on some day from ``start`` to ``end``."""
    events = (ActivityEvent.objects.visible_to(user).between(start, end)
              .filter(cancelled_at__isnull=True).select_related("library")
              .order_by("starts_on", "start_time", "pk"))
    for event in events:
        begins, ends = _entry_start(event)
        yield CalendarEntry(title=event.title, start=begins, end=ends,
                            url=event.get_absolute_url(), source="viesinimas.events",
                            library=event.library)


calendar_source("viesinimas.events", label=_("Library events"), entries=event_calendar)


# --- the newsletter -----------------------------------------------------------------------

def upcoming_for_digest(since, user) -> list[dict]:
    """The events of the next weeks (not cancelled), the nearest first. ``since`` does
    not matter: a newsletter announces what is coming, whenever it was entered."""
    events = services.upcoming(ActivityEvent.objects.visible_to(user),
                               days=DIGEST_DAYS).select_related("library")
    return [{"title": event.title, "date": event.starts_on, "url": event.get_absolute_url(),
             "text": " · ".join(part for part in (event.library.name, services.when_text(event),
                                                  event.place) if part)}
            for event in events[:DIGEST_SHOWN]]


digest_item("viesinimas.events", label=_("Upcoming library events"),
            items=upcoming_for_digest, order=30)
