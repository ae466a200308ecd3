"""Training events: the list, the month calendar, one event, its editing (with its sessions
and costs on one page, safe against two editors), its status and a copy."""

import calendar
import copy
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.forms.utils import ErrorDict, ErrorList
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from mokymai import services, tasks
from mokymai.filters import EventCalendarFilter, EventFilter
from mokymai.forms import CostFormSet, EventForm, EventStatusForm, SessionFormSet
from mokymai.models import (
    TRANSITIONS,
    EventStatus,
    Lecturer,
    Registration,
    RegistrationStatus,
    Session,
    TrainingEvent,
)
from portalas.access import manages_territory, sees_territory
from portalas.clock import local_zone
from portalas.converters import YEAR_MAX, YEAR_MIN
from portalas.views import (
    Column,
    ScopedCreateView,
    ScopedDetailView,
    ScopedHistoryView,
    ScopedListView,
    ScopedUpdateView,
)

# Statuses whose registered people hear of a changed time or place.
ANNOUNCED = (EventStatus.PUBLISHED, EventStatus.REGISTRATION_CLOSED)

REGISTRATION_STATES = {
    "open": gettext_lazy("Registration open"),
    "not_yet": gettext_lazy("Registration not open yet"),
    "closed": gettext_lazy("Registration closed"),
    "unavailable": "",
}


def with_places(queryset):
    """The registered and waiting counts of each event, as two subqueries (no row per
    registration, no query per event)."""
    def counted(status):
        rows = (Registration.objects.filter(event=OuterRef("pk"), status=status).order_by()
                .values("event").annotate(n=Count("pk")).values("n"))
        return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))

    return queryset.annotate(registered_count=counted(RegistrationStatus.REGISTERED),
                             waiting_count=counted(RegistrationStatus.WAITING))


def _dates(event) -> str:
    if event.starts_on is None:
        return ""
    if event.ends_on in (None, event.starts_on):
        return f"{event.starts_on:%Y-%m-%d}"
    return f"{event.starts_on:%Y-%m-%d}–{event.ends_on:%Y-%m-%d}"


def _places(event) -> str:
    taken = getattr(event, "registered_count", 0)
    return f"{taken}/{event.capacity}" if event.capacity is not None else str(taken)


@dataclass(frozen=True)
class ComputedColumn(Column):
    """A column whose exported value is computed from the object (the page renders its
    ``template``)."""

    compute: Callable | None = None

    def value(self, obj):
        return self.compute(obj) if self.compute else super().value(obj)


# --- the list ---------------------------------------------------------------------------------

class EventListView(ScopedListView):
    model = TrainingEvent
    filterset_class = EventFilter
    title = gettext_lazy("Trainings")
    description = gettext_lazy("Trainings, seminars, internships and conferences of the "
                               "department: upcoming first, then those that have taken place.")
    export_name = "mokymai-renginiai"
    actions_template = "mokymai/_event_list_actions.html"
    empty_text = gettext_lazy("No events match the filter.")
    columns = [
        ComputedColumn("starts_on", gettext_lazy("Dates"), sort="starts_on", text=False,
                       template="mokymai/_event_dates_cell.html", compute=_dates),
        Column("title", gettext_lazy("Title"), sort="title", link=True),
        Column("kind", gettext_lazy("Kind")),
        Column("format", gettext_lazy("Format")),
        ComputedColumn("registered_count", gettext_lazy("Places"), numeric=True,
                       template="mokymai/_event_places_cell.html", compute=_places),
        ComputedColumn("registration", gettext_lazy("Registration"),
                       template="mokymai/_event_registration_cell.html",
                       compute=lambda e: str(REGISTRATION_STATES[e.registration_state()])),
        Column("status", gettext_lazy("Status"), template="mokymai/_event_status_cell.html"),
    ]

    def refine(self, queryset):
        return with_places(queryset)

    def order(self, queryset):
        """A chosen column's order; by default the upcoming events first (the soonest at
        the top), then those that have ended (the latest first)."""
        if self.sort_key():
            return super().order(queryset)
        today = timezone.localdate()
        return queryset.annotate(
            is_past=Case(When(ends_on__lt=today, then=Value(1)), default=Value(0),
                         output_field=IntegerField()),
            upcoming_on=Case(When(ends_on__lt=today, then=Value(None)),
                             default=F("starts_on")),
        ).order_by("is_past", F("upcoming_on").asc(nulls_last=True),
                   F("starts_on").desc(nulls_last=True), "pk")


# --- the calendar -----------------------------------------------------------------------------

MONTH = re.compile(r"(\d{4})-(\d{2})")


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


def event_calendar(request):
    """A month of events: each on the days it has a session (a list of days on a phone)."""
    month = _month(request.GET.get("month", ""))
    events = TrainingEvent.objects.visible_to(request.user)
    filterset = EventCalendarFilter(request.GET or None, queryset=events, request=request)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    zone = local_zone()
    start = datetime.combine(weeks[0][0], datetime.min.time(), tzinfo=zone)
    end = datetime.combine(weeks[-1][-1] + timedelta(days=1), datetime.min.time(),
                           tzinfo=zone)
    sessions = (Session.objects.filter(event__in=filterset.qs.values("pk"),
                                       starts_at__gte=start, starts_at__lt=end)
                .select_related("event").order_by("starts_at", "pk"))
    by_day = defaultdict(list)
    for session in sessions:
        by_day[timezone.localtime(session.starts_at).date()].append(session)
    today = timezone.localdate()
    grid = [[{"day": day, "in_month": day.month == month.month, "is_today": day == today,
              "sessions": by_day.get(day, [])} for day in week] for week in weeks]
    days = [cell for week in grid for cell in week if cell["in_month"] and cell["sessions"]]
    previous, following = _shift(month, -1), _shift(month, 1)
    return render(request, "mokymai/event_calendar.html", {
        "month": month, "weeks": grid, "days": days, "weekdays": weeks[0],
        "previous": previous, "next": following,
        "this_month": f"{today:%Y-%m}", "is_this_month": month == today.replace(day=1),
        "filter": filterset, "count": sum(len(cell["sessions"]) for cell in days),
    })


# --- one event ----------------------------------------------------------------------------------

def _sessions_prefetch():
    lecturers = Lecturer.objects.select_related("person")
    return Prefetch("sessions", queryset=Session.objects.order_by("starts_at", "pk")
                    .prefetch_related(Prefetch("lecturers", queryset=lecturers)))


TRANSITION_ORDER = [EventStatus.PUBLISHED, EventStatus.REGISTRATION_CLOSED, EventStatus.HELD,
                    EventStatus.COMPLETED, EventStatus.CANCELLED]


def _transition_label(current: str, to: str) -> str:
    if to == EventStatus.PUBLISHED:
        return (_("Reopen registration") if current == EventStatus.REGISTRATION_CLOSED
                else _("Publish"))
    return {
        EventStatus.REGISTRATION_CLOSED: _("Close registration"),
        EventStatus.HELD: _("Mark as held"),
        EventStatus.COMPLETED: _("Complete: record attendance"),
        EventStatus.CANCELLED: _("Cancel the event"),
    }[to]


STATUS_DONE = {
    EventStatus.PUBLISHED: gettext_lazy("The event has been published."),
    EventStatus.REGISTRATION_CLOSED: gettext_lazy("Registration has been closed."),
    EventStatus.HELD: gettext_lazy("The event has been marked as held."),
    EventStatus.COMPLETED: gettext_lazy("The event has been completed: the participants' "
                                        "hours have been recorded."),
    EventStatus.CANCELLED: gettext_lazy("The event has been cancelled; the registered people "
                                        "will get your message."),
}


def cost_per_participant_hour(event, costs_total: Decimal, registered: int):
    """Costs ÷ participant-hours: the registered people × the event's hours until it is
    completed, then the hours they actually attended. None when nothing to divide by."""
    if event.status == EventStatus.COMPLETED:
        hours = (event.registrations.registered()
                 .aggregate(total=Sum("attended_hours"))["total"] or Decimal("0"))
    else:
        hours = registered * event.total_hours
    if not hours or not costs_total:
        return None, hours
    return (costs_total / hours).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), hours


class EventDetailView(ScopedDetailView):
    model = TrainingEvent
    template_name = "mokymai/event_detail.html"
    context_object_name = "event"

    def refine(self, queryset):
        return queryset.select_related("programme").prefetch_related(
            "topics", "audience_posts", "costs", _sessions_prefetch())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event, user = self.object, self.request.user
        counts = event.registrations.aggregate(
            registered=Count("pk", filter=Q(status=RegistrationStatus.REGISTERED)),
            waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
            mine=Count("pk", filter=Q(status=RegistrationStatus.REGISTERED,
                                      person__user=user)))
        staff = user.can_manage_territory
        sessions = list(event.sessions.all())
        lecturer = any(teacher.person.user_id == user.pk
                       for session in sessions for teacher in session.lecturers.all())
        context.update({
            "sessions": sessions,
            "registered": counts["registered"], "waiting": counts["waiting"],
            "free": (max(event.capacity - counts["registered"], 0)
                     if event.capacity is not None else None),
            "shows_online_link": bool(event.online_url) and (staff or counts["mine"] > 0
                                                             or lecturer),
            "is_staff": staff, "sees_costs": user.sees_whole_territory,
            "registration_state": event.registration_state(),
            "registration_label": REGISTRATION_STATES[event.registration_state()],
            "hour_minutes": settings.ACADEMIC_HOUR_MINUTES,
            "audience_posts": list(event.audience_posts.all()),
            "topics": list(event.topics.all()),
        })
        if staff:
            # "held" only once the last session has begun (the service refuses it before)
            begun = bool(sessions) and max(s.starts_at for s in sessions) <= timezone.now()
            context["transitions"] = [
                {"to": to, "label": _transition_label(event.status, to)}
                for to in TRANSITION_ORDER if to in TRANSITIONS.get(event.status, set())
                and (to != EventStatus.HELD or begun)]
        if context["sees_costs"]:
            costs = list(event.costs.all())
            total = sum((c.amount for c in costs), Decimal("0.00"))
            per_hour, participant_hours = cost_per_participant_hour(event, total,
                                                                    counts["registered"])
            context.update({"costs": costs, "costs_total": total,
                            "cost_per_hour": per_hour,
                            "participant_hours": participant_hours})
        return context


class EventHistoryView(ScopedHistoryView):
    """Who changed what: the department's record, not the territory's (403 for librarians)."""

    model = TrainingEvent
    allowed = staticmethod(sees_territory)


@require_POST
def event_status(request, pk):
    """A status transition (staff): publish, close registration, held, completed, cancel."""
    event = get_object_or_404(TrainingEvent.objects.visible_to(request.user), pk=pk)
    if not manages_territory(request.user):
        raise PermissionDenied
    form = EventStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what should happen to the event."))
        return redirect(event)
    to = form.cleaned_data["to"]
    try:
        services.change_status(event=event, to=to, by=request.user,
                               message=form.cleaned_data["message"])
    except services.Refused as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, str(STATUS_DONE[to]))
    return redirect(event)


COPIED_FIELDS = ["kind", "description", "programme_id", "format", "venue", "online_url",
                 "audience_kinds", "capacity", "registration_opens", "registration_closes",
                 "hours", "completion_percent", "organiser", "partners", "contact"]


@require_POST
def event_copy(request, pk):
    """A new draft like this event (its sessions at the same times, no costs, nobody
    registered), opened for editing."""
    source = get_object_or_404(
        TrainingEvent.objects.visible_to(request.user).prefetch_related(_sessions_prefetch()),
        pk=pk)
    if not manages_territory(request.user):
        raise PermissionDenied
    with transaction.atomic():
        # The data are Lithuanian whatever the editor's interface language.
        suffix = " (kopija)"
        draft = TrainingEvent(title=source.title[:255 - len(suffix)] + suffix,
                             status=EventStatus.DRAFT, created_by=request.user,
                             **{name: getattr(source, name) for name in COPIED_FIELDS})
        draft._change_reason = f"copy of {source.pk}"
        draft.save()
        draft.topics.set(source.topics.all())
        draft.audience_posts.set(source.audience_posts.all())
        for session in source.sessions.all():
            twin = Session.objects.create(event=draft, starts_at=session.starts_at,
                                          ends_at=session.ends_at, topic=session.topic,
                                          venue=session.venue)
            twin.lecturers.set(session.lecturers.all())
        services.refresh_dates(event=draft)
    messages.success(request, _("A draft copy has been made. Check its dates and sessions, "
                                "then publish it."))
    return redirect("mokymai:event_update", draft.pk)


# --- creating and editing ---------------------------------------------------------------------

def _schedule(event) -> tuple:
    """What the registered people are told of when it changes: the place, the link, the
    sessions' times and places."""
    sessions = sorted(Session.objects.filter(event=event)
                      .values_list("starts_at", "ends_at", "venue"))
    return (event.venue, event.online_url, sessions)


def _quiet(form) -> None:
    """A bound form shown again without checking it (rows added, nothing submitted)."""
    form._errors = ErrorDict()
    form.cleaned_data = {}


class EventFormMixin:
    model = TrainingEvent
    form_class = EventForm
    template_name = "mokymai/event_form.html"
    allowed = staticmethod(manages_territory)
    list_url_name = "mokymai:event_list"
    list_title = gettext_lazy("Trainings")
    create_title = gettext_lazy("New event")
    form_width = "col-12"
    more_rows = 3

    def formsets(self, data=None):
        return (SessionFormSet(data, instance=self.target, prefix="sessions",
                               user=self.request.user),
                CostFormSet(data, instance=self.target, prefix="costs"))

    def get(self, request, *args, **kwargs):
        self.object = self.load()
        self.target = self.object if self.object is not None else TrainingEvent()
        form = self.get_form()
        sessions, costs = self.formsets()
        return self.render_page(form, sessions, costs)

    def post(self, request, *args, **kwargs):
        self.object = self.load()
        # One instance for the event's form and its rows (saved, it gives them its id); a
        # copy, so the page's title and links keep the stored values of an invalid form.
        self.target = copy.copy(self.object) if self.object is not None else TrainingEvent()
        data = request.POST
        which = data.get("more", "")
        if which in {"sessions", "costs"}:
            data = data.copy()
            key = f"{which}-TOTAL_FORMS"
            total = int(data.get(key, "0")) if data.get(key, "").isdigit() else 0
            data[key] = str(total + self.more_rows)
        form = self.form_class(data, instance=self.target, user=request.user)
        sessions, costs = self.formsets(data)
        if which in {"sessions", "costs"}:
            return self.more(form, sessions, costs)
        conflict = self.conflict(form)
        valid = form.is_valid() & sessions.is_valid() & costs.is_valid()
        if conflict is not None:
            return self.render_page(form, sessions, costs, conflict=conflict)
        if not valid:
            return self.render_page(form, sessions, costs)
        with transaction.atomic():
            conflict = self.conflict(form, lock=True)
            if conflict is not None:
                return self.render_page(form, sessions, costs, conflict=conflict)
            event = self.save(form, sessions, costs)
        messages.success(request, str(self.success_message))
        return redirect(event)

    def load(self):
        return None

    def conflict(self, form, *, lock: bool = False):
        return None

    def more(self, form, sessions, costs):
        """More empty rows, the typed values kept, nothing checked or saved."""
        _quiet(form)
        for formset in (sessions, costs):
            formset._errors = []
            formset._non_form_errors = ErrorList()
            for row in formset.forms:
                _quiet(row)
        return self.render_page(form, sessions, costs)

    def render_page(self, form, sessions, costs, **extra):
        version = form.data.get("version") if form.is_bound else None
        if self.object is not None and not version:
            version = self.object.version
        context = self.get_context_data(form=form, sessions=sessions, costs=costs,
                                        version=version, **extra)
        conflict = extra.get("conflict")
        if conflict is not None:
            context["version"] = conflict.version
        return self.render_to_response(context)

    def save(self, form, sessions, costs):
        raise NotImplementedError


class EventCreateView(EventFormMixin, ScopedCreateView):
    success_message = gettext_lazy("The event has been created as a draft: publish it when "
                                   "it is ready.")

    def save(self, form, sessions, costs):
        event = form.save(commit=False)
        event.created_by = self.request.user
        event.status = EventStatus.DRAFT
        event.version = 1
        event.save()
        form.save_m2m()
        sessions.save()
        costs.save()
        services.refresh_dates(event=event)
        return event


class EventUpdateView(EventFormMixin, ScopedUpdateView):
    success_message = gettext_lazy("The event has been saved.")

    def load(self):
        return self.scoped_object()

    def refine(self, queryset):
        return queryset.prefetch_related(_sessions_prefetch())

    def conflict(self, form, *, lock: bool = False):
        """The event as stored now, when someone saved it after this form was opened."""
        try:
            posted = int(form.data.get("version", ""))
        except ValueError:
            posted = None
        rows = TrainingEvent.objects.filter(pk=self.object.pk)
        if lock:
            rows = rows.select_for_update()
        current = rows.first()
        if current is None:
            raise Http404
        self.stored = current
        if posted == current.version:
            return None
        current = (TrainingEvent.objects.filter(pk=current.pk).select_related("programme")
                   .prefetch_related("costs", _sessions_prefetch()).get())
        change = current.history.select_related("history_user").first()
        who = change.history_user if change is not None else None
        current.changed_at = change.history_date if change is not None else None
        current.changed_by = (who.full_name or who.email) if who is not None else ""
        return current

    def save(self, form, sessions, costs):
        stored = self.stored  # locked by conflict(lock=True)
        before = _schedule(stored)
        event = form.save(commit=False)
        event.version = stored.version + 1
        event.save()
        form.save_m2m()
        sessions.save()
        costs.save()
        services.refresh_dates(event=event)
        grew = stored.capacity is not None and (event.capacity is None
                                                or event.capacity > stored.capacity)
        if grew:
            services.promote_waiting(event=event)
        if stored.status in ANNOUNCED and _schedule(event) != before:
            event_id = event.pk
            transaction.on_commit(lambda: tasks.notify_event_changed.delay(event_id))
        return event

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history_url"] = reverse("mokymai:event_history", args=[self.object.pk])
        return context
