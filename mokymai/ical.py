"""Events as iCalendar (RFC 5545): one VEVENT per session, in Vilnius time with its
VTIMEZONE, so Outlook, Google and Apple calendars show the Lithuanian wall-clock times on
both sides of a clock change. A calendar program that polls a feed recognises a session
by its UID and takes a change (a new time, a cancellation) by the event's SEQUENCE."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from mokymai.models import EventFormat, RegistrationStatus

PRODID = "-//Regionas//Mokymai//LT"
DESCRIPTION_CHARS = 300


def zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def absolute(url_name: str, *args) -> str:
    return settings.PORTAL_BASE_URL + reverse(url_name, args=args)


def _summary(event, session) -> str:
    title = " ".join(event.title.split())
    topic = " ".join((session.topic or "").split())
    return f"{title}: {topic}" if topic else title


def _location(event, session) -> str:
    venue = session.venue or event.venue
    if venue:
        return venue
    if event.format == EventFormat.ONLINE:
        return str(_("Online"))
    return ""


def _description(event, url: str, extra: str = "") -> str:
    parts = []
    if event.is_cancelled:
        parts.append(str(_("The event is cancelled.")))
        if event.cancel_message:
            parts.append(event.cancel_message.strip())
    if extra:
        parts.append(extra)
    if event.description:
        parts.append(Truncator(event.description.strip()).chars(DESCRIPTION_CHARS))
    parts.append(url)
    return "\n\n".join(parts)


def session_vevent(event, session, *, status: str = "", extra: str = "", now=None) -> Event:
    """One session as a VEVENT: ``status`` overrides the event's (a cancelled registration
    is CANCELLED on its participant's calendar); ``extra`` heads the description."""
    now = now or timezone.now()
    tz = zone()
    url = absolute("mokymai:event_detail", event.pk)
    vevent = Event()
    vevent.add("uid", f"session-{session.pk}@regionas")
    vevent.add("dtstamp", now.astimezone(ZoneInfo("UTC")))
    vevent.add("dtstart", session.starts_at.astimezone(tz))
    vevent.add("dtend", session.ends_at.astimezone(tz))
    vevent.add("summary", _summary(event, session))
    location = _location(event, session)
    if location:
        vevent.add("location", location)
    vevent.add("url", url)
    vevent.add("description", _description(event, url, extra))
    vevent.add("status", status or ("CANCELLED" if event.is_cancelled else "CONFIRMED"))
    vevent.add("sequence", event.version)
    if event.updated_at:
        vevent.add("last-modified", event.updated_at.astimezone(ZoneInfo("UTC")))
    return vevent


def calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    return cal


def _finish(cal: Calendar, days: list[date]) -> bytes:
    """The VTIMEZONE for the span the sessions cover (a year either side), then bytes."""
    if days:
        first, last = min(days), max(days)
        cal.add_missing_timezones(first_date=date(first.year - 1, 1, 1),
                                  last_date=date(last.year + 2, 1, 1))
    else:
        today = timezone.localdate()
        cal.add_missing_timezones(first_date=date(today.year - 1, 1, 1),
                                  last_date=date(today.year + 2, 1, 1))
    return cal.to_ical()


def events_calendar(events, *, name: str, now=None) -> bytes:
    """Every session of ``events`` (with ``sessions`` prefetched)."""
    now = now or timezone.now()
    cal = calendar(name)
    days = []
    for event in events:
        for session in event.sessions.all():
            cal.add_component(session_vevent(event, session, now=now))
            days.append(session.starts_at.date())
    return _finish(cal, days)


def registrations_calendar(registrations, *, name: str, now=None) -> bytes:
    """The sessions of the events of ``registrations`` as their participant sees them: a
    waiting place is TENTATIVE, a cancelled registration CANCELLED."""
    now = now or timezone.now()
    cal = calendar(name)
    days = []
    for registration in registrations:
        event = registration.event
        status, extra = "", ""
        if registration.status == RegistrationStatus.CANCELLED:
            status, extra = "CANCELLED", str(_("Your registration is cancelled."))
        elif registration.status == RegistrationStatus.WAITING:
            status, extra = "TENTATIVE", str(_("You are on the waiting list."))
        if event.is_cancelled:
            status = "CANCELLED"
        for session in event.sessions.all():
            cal.add_component(session_vevent(event, session, status=status, extra=extra,
                                             now=now))
            days.append(session.starts_at.date())
    return _finish(cal, days)


def response(content: bytes, *, filename: str, attachment: bool = True,
             public: bool = False) -> HttpResponse:
    """A calendar file: ``attachment`` downloads it (a subscription is read inline);
    ``public`` pages (by a secret in the address) are not indexed and send no referrer."""
    answer = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    answer["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    if public:
        answer["X-Robots-Tag"] = "noindex, nofollow"
        answer["Referrer-Policy"] = "no-referrer"
        patch_cache_control(answer, private=True, no_cache=True)
    return answer


def feed_window_start(now=None) -> date:
    """Feeds show the events from 60 days back."""
    return timezone.localdate(now or timezone.now()) - timedelta(days=60)

