"""The territory's activity calendar: the list (filters, export), one event (its page, its
.ics, its history), entering and editing (safe against two editors), cancelling with a
reason and deleting; the shared calendar page (a month as a grid on a wide screen and as
an agenda on a phone, or as a list) with the entries of the other calendars the kit knows
(the department's trainings, project deadlines…); the filtered calendar as iCalendar; and
the public page and feed the Library's website embeds (no sign-in, public events only).

Who: every signed-in user reads every event (``ActivityEvent.objects.visible_to``); staff
enter and edit every library's, a library's director and librarians their own
(``services_events``); management only read (a page to write is a 403 to them); another
library's event on a write route is a 404."""

import calendar as month_calendar
import contextlib
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from csp.decorators import csp_replace
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, F, IntegerField, Value, When
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET, require_POST
from icalendar import Calendar, Event

from portalas.clock import aware
from portalas.converters import YEAR_MAX, YEAR_MIN
from portalas.registry import calendar_sources
from portalas.views import (
    Column,
    ScopedCreateView,
    ScopedDetailView,
    ScopedHistoryView,
    ScopedListView,
    ScopedUpdateView,
    VersionedUpdateMixin,
)
from viesinimas import services_events as services
from viesinimas.filters_events import (
    CalendarFilter,
    EventFilter,
    PublicEventFilter,
    not_over,
)
from viesinimas.forms_events import CancelForm, EventForm
from viesinimas.models import ActivityEvent
from viesinimas.services_events import when_text

#: This area's own calendar source (for other pages' calendars): the calendar page shows
#: the events themselves, so it leaves this source out rather than show them twice.
OWN_SOURCE = "viesinimas.events"
#: An event longer than this is listed as "running this month" and shown in the grid on
#: its first day only (an exhibition of six weeks does not fill every cell).
LONG_DAYS = 7
MONTH = re.compile(r"(\d{4})-(\d{2})")
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
PUBLIC_PAGE_SIZE = 30
#: The public feed keeps events from this many days back (a calendar that subscribed sees
#: them stay), the public page only those not over.
FEED_DAYS_BACK = 60
PRODID = "-//Regionas//Renginiai//LT"
DESCRIPTION_CHARS = 1000


def _refusal_to_form(form, refusal) -> None:
    """A service's refusal as the form's errors: on the field it names, else above."""
    if hasattr(refusal, "error_dict"):
        for field, errors in refusal.error_dict.items():
            form.add_error(field if field in form.fields else None,
                           [message for error in errors for message in error.messages])
    else:
        form.add_error(None, refusal.messages)


def _editable(request, pk) -> ActivityEvent:
    """An event to change: a role that writes no events gets a 403 (management), an event
    of a library the user may not edit a 404."""
    if not services.may_enter(request.user):
        raise PermissionDenied
    return get_object_or_404(ActivityEvent.objects.editable_by(request.user)
                             .select_related("library"), pk=pk)


# --- the list -------------------------------------------------------------------------------

@dataclass(frozen=True)
class ComputedColumn(Column):
    """A column whose value (shown and exported) a function computes from the row."""

    compute: object = None

    def value(self, obj):
        return self.compute(obj) if self.compute else super().value(obj)


def _themes_text(event) -> str:
    return ", ".join(theme.name for theme in event.themes.all())


def _cancelled_on(event):
    return timezone.localtime(event.cancelled_at).date() if event.cancelled_at else None


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


class EventListView(ScopedListView):
    """Upcoming and ongoing events first (the nearest on top), then the past ones (the
    latest on top) — unless the person sorts by a column."""

    model = ActivityEvent
    filterset_class = EventFilter
    title = gettext_lazy("Library events")
    description = gettext_lazy("The territory libraries' notable events: exhibitions, "
                               "readings, meetings, campaigns.")
    export_name = "renginiai"
    template_name = "viesinimas/events_list.html"
    actions_template = "viesinimas/_events_list_actions.html"
    empty_text = gettext_lazy("No events match the filter.")
    default_sort = ""
    columns = [
        Column("starts_on", gettext_lazy("When"), sort="starts_on", text=False,
               template="viesinimas/_events_when_cell.html", export=False),
        Column("title", gettext_lazy("Title"), sort="title",
               template="viesinimas/_events_title_cell.html", export=False),
        Column("library.name", gettext_lazy("Library"), sort="library__name"),
        Column("kind", gettext_lazy("Kind"), sort="kind", text=False),
        Column("audience", gettext_lazy("Audience"), sort="audience", text=False),
    ]
    export_columns = [
        Column("starts_on", gettext_lazy("Starts on")),
        Column("start_time", gettext_lazy("Starts at")),
        Column("ends_on", gettext_lazy("Ends on")),
        Column("end_time", gettext_lazy("Ends at")),
        Column("title", gettext_lazy("Title")),
        Column("library.name", gettext_lazy("Library")),
        Column("library.municipality.name", gettext_lazy("Municipality")),
        Column("kind", gettext_lazy("Kind")),
        Column("audience", gettext_lazy("Audience")),
        ComputedColumn("themes", gettext_lazy("Themes"), compute=_themes_text),
        Column("place", gettext_lazy("Place")),
        Column("campaign", gettext_lazy("National campaign")),
        ComputedColumn("public", gettext_lazy("On the public page"),
                       compute=lambda event: _yes_no(event.public)),
        ComputedColumn("cancelled_at", gettext_lazy("Cancelled"), compute=_cancelled_on),
        Column("cancel_reason", gettext_lazy("Reason for cancelling")),
        Column("link", gettext_lazy("Link")),
    ]

    def refine(self, queryset):
        return queryset.select_related("library__municipality").prefetch_related("themes")

    def order(self, queryset):
        if self.sort_key():
            return super().order(queryset)
        today = timezone.localdate()
        return queryset.annotate(
            past=Case(When(not_over(today), then=Value(0)), default=Value(1),
                      output_field=IntegerField()),
            upcoming_on=Case(When(not_over(today), then=F("starts_on"))),
        ).order_by("past", F("upcoming_on").asc(nulls_last=True), "-starts_on",
                   F("start_time").asc(nulls_first=True), "pk")

    def export(self, fmt: str) -> HttpResponse:
        shown = self.columns
        self.columns = self.export_columns
        try:
            return super().export(fmt)
        finally:
            self.columns = shown

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"can_enter": services.may_enter(self.request.user),
                        "today": timezone.localdate(),
                        "ics_url": reverse("viesinimas:calendar_ics")})
        return context


# --- one event ------------------------------------------------------------------------------

class EventDetailView(ScopedDetailView):
    model = ActivityEvent
    template_name = "viesinimas/events_detail.html"
    context_object_name = "event"

    def refine(self, queryset):
        return (queryset.select_related("library__municipality", "created_by")
                .prefetch_related("themes"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, event = self.request.user, self.object
        editable = services.may_edit(user, event)
        context.update({
            "can_edit": editable and event.cancelled_at is None,
            "can_cancel": services.may_cancel(user, event),
            "can_delete": services.may_delete(user, event),
            "cancel_form": CancelForm(),
            "themes": list(event.themes.all()),
            "when": when_text(event),
            "started": services.has_started(event),
        })
        return context


class EventHistoryView(ScopedHistoryView):
    """Who entered, changed and cancelled the event (with the reason), and when."""

    model = ActivityEvent
    template_name = "viesinimas/events_history.html"


# --- entering and editing -------------------------------------------------------------------

class EventFormMixin:
    model = ActivityEvent
    form_class = EventForm
    template_name = "viesinimas/events_form.html"
    allowed = staticmethod(services.may_enter)
    list_url_name = "viesinimas:event_list"
    list_title = gettext_lazy("Library events")
    create_title = gettext_lazy("New event")
    form_width = "col-lg-10 col-xl-9"


class EventCreateView(EventFormMixin, ScopedCreateView):
    """A new event: the user's library preselected (the only one, for most), the day
    from the calendar (``?date=``) when it was clicked there."""

    def get_initial(self):
        initial = super().get_initial()
        choices = services.libraries_for(self.request.user)
        wanted_library = self.request.GET.get("library", "")
        if wanted_library.isdigit() and choices.filter(pk=wanted_library).exists():
            initial["library"] = int(wanted_library)
        else:
            libraries = list(choices.values_list("pk", flat=True)[:2])
            if len(libraries) == 1:
                initial["library"] = libraries[0]
        wanted = self.request.GET.get("date", "")
        if ISO_DAY.fullmatch(wanted):
            with contextlib.suppress(ValueError):
                initial["starts_on"] = date.fromisoformat(wanted)
        return initial

    def form_valid(self, form):
        event = form.save(commit=False)
        try:
            event = services.create_event(event, by=self.request.user,
                                          themes=form.cleaned_data.get("themes", ()),
                                          record_of_past=form.cleaned_data["record_of_past"])
        except services.Refused as refusal:
            _refusal_to_form(form, refusal)
            return self.form_invalid(form)
        self.object = event
        messages.success(self.request, _("The event has been saved."))
        return redirect(event)


class EventUpdateView(VersionedUpdateMixin, EventFormMixin, ScopedUpdateView):
    """Edit an event. The version the form was opened with travels in a hidden field; a
    save after someone else's is refused and the typed values stay on the page."""

    stale_message = gettext_lazy(
        "%(name)s saved this event after you opened it, so your changes have not been "
        "saved. They are still below: compare them with the event (open it in another "
        "tab), then save again to keep yours.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.check_role()      # management: 403 before any object
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return ActivityEvent.objects.editable_by(self.request.user).select_related("library")

    def get(self, request, *args, **kwargs):
        event = self.scoped_object()
        if event.cancelled_at is not None:
            messages.error(request, _("A cancelled event is not changed."))
            return redirect(event)
        return self.render_to_response(self.get_context_data())

    def form_valid(self, form):
        event = form.save(commit=False)
        try:
            event = services.update_event(event, by=self.request.user,
                                          seen_version=self.seen_version(),
                                          themes=form.cleaned_data.get("themes"),
                                          record_of_past=form.cleaned_data["record_of_past"])
        except services.Refused as refusal:
            if getattr(refusal, "code", "") != "stale":
                _refusal_to_form(form, refusal)
                return self.form_invalid(form)
            return self.stale(form, ActivityEvent.objects.get(pk=self.object.pk))
        messages.success(self.request, _("The event has been saved."))
        return redirect(event)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history_url"] = reverse("viesinimas:event_history", args=[self.object.pk])
        return context


@require_POST
def event_cancel(request, pk):
    event = _editable(request, pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(event)
    try:
        services.cancel_event(event, by=request.user, reason=form.cleaned_data["reason"])
    except services.Refused as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect(event)
    messages.success(request, _("The event has been cancelled."))
    return redirect(event)


@require_POST
def event_delete(request, pk):
    """Delete an event entered by mistake (staff; whoever entered it, before it begins)."""
    event = _editable(request, pk)
    if not services.may_delete(request.user, event):
        raise PermissionDenied
    services.delete_event(event, by=request.user)
    messages.success(request, _("The event has been deleted."))
    return redirect("viesinimas:event_list")


# --- iCalendar ------------------------------------------------------------------------------

def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _absolute(url: str) -> str:
    return settings.PORTAL_BASE_URL + url


def _span(event: ActivityEvent):
    """(DTSTART, DTEND) of an event: a one-day event with a start time in Vilnius time
    (a clock change's gap or repeat falls back to the whole day); any other as whole days
    (DATE values, the end exclusive)."""
    if event.ends_on is None and event.start_time is not None:
        try:
            start = aware(event.starts_on, event.start_time)
            end = aware(event.starts_on, event.end_time) if event.end_time else None
            return start, end
        except ValidationError:
            pass
    return event.starts_on, event.last_day + timedelta(days=1)


def event_vevent(event: ActivityEvent, *, url: str, public: bool, now) -> Event:
    """One event as a VEVENT. A stable UID per event; SEQUENCE its version, so a calendar
    that took it takes a change or a cancellation (STATUS:CANCELLED). The public feed
    names no person (no creator) and links to the event's own page or the public page."""
    vevent = Event()
    vevent.add("uid", f"activity-{event.pk}@regionas")
    vevent.add("dtstamp", now.astimezone(ZoneInfo("UTC")))
    start, end = _span(event)
    vevent.add("dtstart", start)
    if end is not None:
        vevent.add("dtend", end)
    vevent.add("summary", " ".join(event.title.split()))
    location = ", ".join(part for part in (event.place, event.library.name) if part)
    vevent.add("location", location)
    parts = []
    cancelled = event.cancelled_at is not None
    if cancelled:
        parts.append(_("The event is cancelled."))
        if event.cancel_reason and not public:
            parts.append(event.cancel_reason)
    if event.ends_on and event.start_time:
        parts.append(when_text(event))
    if event.description:
        parts.append(Truncator(event.description.strip()).chars(DESCRIPTION_CHARS))
    if event.link:
        parts.append(event.link)
    parts.append(url)
    vevent.add("description", "\n\n".join(str(part) for part in parts))
    vevent.add("url", url)
    vevent.add("categories", [str(event.get_kind_display())])
    vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    vevent.add("transp", "TRANSPARENT")
    vevent.add("sequence", event.version)
    if event.updated_at:
        vevent.add("last-modified", event.updated_at.astimezone(ZoneInfo("UTC")))
    return vevent


def events_ical(events, *, name: str, public: bool = False, now=None) -> bytes:
    now = now or timezone.now()
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    days = []
    public_url = _absolute(reverse("viesinimas:public_calendar"))
    for event in events:
        url = (event.link or public_url) if public else _absolute(event.get_absolute_url())
        cal.add_component(event_vevent(event, url=url, public=public, now=now))
        days.append(event.starts_on)
    first = min(days) if days else timezone.localdate()
    last = max(days) if days else timezone.localdate()
    cal.add_missing_timezones(first_date=date(first.year - 1, 1, 1),
                              last_date=date(last.year + 2, 1, 1))
    return cal.to_ical()


def _ics_response(content: bytes, filename: str, *, attachment: bool = True) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@require_GET
def event_ics(request, pk):
    event = get_object_or_404(ActivityEvent.objects.visible_to(request.user)
                              .select_related("library"), pk=pk)
    content = events_ical([event], name=event.title)
    return _ics_response(content, f"renginys-{event.pk}.ics")


@require_GET
def calendar_ics(request):
    """Every event the user sees, as filtered (the list's or the calendar's filters)."""
    events = ActivityEvent.objects.visible_to(request.user).select_related("library")
    filterset = EventFilter(request.GET or None, queryset=events, request=request)
    events = filterset.qs.order_by("starts_on", "start_time", "pk")
    return _ics_response(events_ical(events, name=_("Library events")), "renginiai.ics")


# --- the calendar page ----------------------------------------------------------------------

#: How the other calendars look (the library events are "primary"): a colour is never the
#: only sign, each has its icon and its name in the legend. A calendar not named here gets
#: one of ``MORE_COLOURS`` in the order it registered.
SOURCE_STYLES = {"mokymai.events": ("success", "mortarboard"),
                 "projektai.deadlines": ("warning", "flag"),
                 "statistika.deadlines": ("info", "clipboard-data"),
                 "konsultacijos.visits": ("secondary", "geo-alt")}
MORE_COLOURS = ("danger", "dark")
EVENT_STYLE = {"key": "events", "colour": "primary", "icon": "calendar-event"}


def _month(text: str) -> date:
    if not text:
        return timezone.localdate().replace(day=1)
    match = MONTH.fullmatch(text.strip())
    if not match:
        raise Http404
    year, month = int(match.group(1)), int(match.group(2))
    if not (YEAR_MIN <= year <= YEAR_MAX and 1 <= month <= 12):
        raise Http404
    return date(year, month, 1)


def _shift(month: date, by: int) -> date | None:
    index = month.year * 12 + month.month - 1 + by
    year, number = divmod(index, 12)
    return date(year, number + 1, 1) if YEAR_MIN <= year <= YEAR_MAX else None


def _sources() -> list[dict]:
    """The other calendars (not this one: its events are shown as themselves)."""
    found = []
    others = [source for source in calendar_sources.all() if source.name != OWN_SOURCE]
    for index, source in enumerate(others):
        colour, icon = SOURCE_STYLES.get(source.name,
                                         (MORE_COLOURS[index % len(MORE_COLOURS)], "calendar3"))
        found.append({"key": source.name, "label": source.label, "source": source,
                      "colour": colour, "icon": icon})
    return found


def _event_item(event: ActivityEvent, *, on: date) -> dict:
    return {"is_event": True, "title": event.title, "url": event.get_absolute_url(),
            "time": event.start_time if on == event.starts_on else None,
            "library": event.library.name, "cancelled": event.cancelled_at is not None,
            "public": event.public, "until": event.ends_on if event.ends_on else None,
            "first_day": on == event.starts_on, "kind": event.get_kind_display(),
            "label": _("Library event"), **EVENT_STYLE}


def _entry_item(entry, style: dict) -> tuple[date, dict]:
    start = entry.start
    clock = None
    if isinstance(start, datetime):
        start = timezone.localtime(start) if timezone.is_aware(start) else start
        day, clock = start.date(), start.time()
    else:
        day = start
    library = getattr(entry, "library", None)
    return day, {"is_event": False, "title": entry.title, "url": entry.url, "time": clock,
                 "library": library.name if library is not None else "",
                 "cancelled": False, "public": False, "until": None, "first_day": True,
                 "label": style["label"], "key": style["key"], "colour": style["colour"],
                 "icon": style["icon"]}


def calendar_page(request):
    """A month of the territory's calendar: the library events (each on its days; a long
    exhibition or campaign on its first day and among "running this month") and the other
    calendars' entries, told apart by colour, icon and name (the legend). ``?view=list``
    shows the month as an agenda on every screen."""
    month = _month(request.GET.get("month", ""))
    view = "list" if request.GET.get("view") == "list" else "month"
    only_events = request.GET.get("only") == "events"
    weeks = month_calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    first, last = weeks[0][0], weeks[-1][-1]
    events = (ActivityEvent.objects.visible_to(request.user).between(first, last)
              .select_related("library").order_by("starts_on", "start_time", "title", "pk"))
    filterset = CalendarFilter(request.GET or None, queryset=events, request=request)
    by_day: dict[date, list[dict]] = {}
    running = []
    month_end = month.replace(day=month_calendar.monthrange(month.year, month.month)[1])
    for event in filterset.qs:
        days = (event.last_day - event.starts_on).days + 1
        if days > LONG_DAYS:
            if event.starts_on <= month_end and event.last_day >= month:
                running.append(event)
            if first <= event.starts_on:
                by_day.setdefault(event.starts_on, []).append(_event_item(event,
                                                                          on=event.starts_on))
            continue
        day = max(event.starts_on, first)
        while day <= min(event.last_day, last):
            by_day.setdefault(day, []).append(_event_item(event, on=day))
            day += timedelta(days=1)
    sources = _sources()
    if not only_events:
        for style in sources:
            for entry in style["source"].entries(first, last, request.user):
                if not filterset.keeps_entry(entry):
                    continue
                day, item = _entry_item(entry, style)
                if first <= day <= last:
                    by_day.setdefault(day, []).append(item)
    for items in by_day.values():
        items.sort(key=lambda item: (item["time"] is not None, item["time"] or datetime.min
                                     .time(), not item["is_event"], item["title"]))
    today = timezone.localdate()
    grid = [[{"day": day, "in_month": day.month == month.month, "is_today": day == today,
              "items": by_day.get(day, [])} for day in week] for week in weeks]
    days = [cell for week in grid for cell in week if cell["in_month"] and cell["items"]]
    previous, following = _shift(month, -1), _shift(month, 1)
    return render(request, "viesinimas/events_calendar.html", {
        "month": month, "weeks": grid, "days": days, "weekdays": weeks[0],
        "previous": previous, "next": following, "view": view, "only_events": only_events,
        "this_month": f"{today:%Y-%m}", "is_this_month": month == today.replace(day=1),
        "filter": filterset, "running": running, "today": today,
        "count": sum(len(cell["items"]) for cell in days),
        "legend": [{"label": _("Library events"), **EVENT_STYLE}]
        + ([] if only_events else sources),
        "can_enter": services.may_enter(request.user),
    })


# --- the public page and feed ---------------------------------------------------------------

def embeddable(view):
    """The public page and its feed may be framed by exactly the one origin of
    ``PUBLIC_CALENDAR_EMBED_ORIGIN`` (CSP ``frame-ancestors``; X-Frame-Options left out
    only then); with none set, by nobody, as every other page."""
    from functools import wraps

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        origin = settings.PUBLIC_CALENDAR_EMBED_ORIGIN
        framed = csp_replace({"frame-ancestors": [origin] if origin else ["'none'"]})(view)
        if origin:
            framed = xframe_options_exempt(framed)
        return framed(request, *args, **kwargs)

    return wrapped


def _public_events(request, *, since: date, cancelled: bool = False):
    """The public page's events; ``cancelled``: also those cancelled after they were put
    on it (the feed tells a subscribed calendar so, STATUS:CANCELLED, instead of leaving
    the event there)."""
    shown = (ActivityEvent.objects.filter(public=True) if cancelled
             else ActivityEvent.objects.public())
    events = (shown.filter(not_over(since))
              .select_related("library__municipality").prefetch_related("themes"))
    filterset = PublicEventFilter(request.GET or None, queryset=events, request=None)
    return filterset, filterset.qs.order_by("starts_on", "start_time", "title", "pk")


@login_not_required
@require_GET
@embeddable
def public_calendar(request):
    """The upcoming events whose library put them on the public page, with filters by
    municipality and library, in Lithuanian, without the portal's menu or any person's
    name: a page the Library's website embeds in a frame."""
    with translation.override("lt"):
        filterset, events = _public_events(request, since=timezone.localdate())
        page = Paginator(events, PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        response = render(request, "viesinimas/events_public.html", {
            "filter": filterset, "page": page, "events": page.object_list,
            "query": query.urlencode(), "today": timezone.localdate(),
            "feed_url": reverse("viesinimas:public_feed"),
            "embedded": bool(settings.PUBLIC_CALENDAR_EMBED_ORIGIN),
        })
    response["Content-Language"] = "lt"
    response["X-Robots-Tag"] = "noindex"
    if not request.user.is_authenticated:
        patch_cache_control(response, public=True, max_age=300)
    return response


@login_not_required
@require_GET
@embeddable
def public_feed(request):
    """The public events as iCalendar (from two months back, so a subscribed calendar
    keeps what took place; a cancelled one as cancelled, without its reason), with the
    public page's filters."""
    with translation.override("lt"):
        since = timezone.localdate() - timedelta(days=FEED_DAYS_BACK)
        _filterset, events = _public_events(request, since=since, cancelled=True)
        content = events_ical(events, name=_("Events of the region's libraries"), public=True)
    response = _ics_response(content, "renginiai.ics", attachment=False)
    response["X-Robots-Tag"] = "noindex"
    return response
