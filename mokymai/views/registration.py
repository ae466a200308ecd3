"""Registration pages: a librarian registers themself, a director their staff, department
staff anyone (also from outside the territory); participant lists, one registration with
its history and cancellation, the user's own registrations, and the public ticket.

Every write goes through ``mokymai.services`` (it locks the event row, so a double click
or a crowd at the door cannot take more places than there are)."""

import logging

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bibliotekos.audit import record_access
from mokymai import selectors
from mokymai.forms_registration import ExternalPersonForm, RegisterOthersForm, SelfRegistrationForm
from mokymai.models import (
    EventStatus,
    Registration,
    RegistrationStatus,
    TrainingEvent,
)
from mokymai.services import (
    REGISTERING,
    Refused,
    attended_hours,
    cancel_registration,
    may_register,
    register,
)
from portalas.views import history_entries

logger = logging.getLogger("regionas.trainings")


def _event_or_404(user, pk) -> TrainingEvent:
    return get_object_or_404(TrainingEvent.objects.visible_to(user), pk=pk)


def _safe_next(request) -> str:
    """A ``next`` address on this site, or ""."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return ""


def _refusal_text(refusal: Refused) -> str:
    return " ".join(str(message) for message in refusal.messages)


def outcome_message(registration: Registration, position: int | None) -> str:
    """What a librarian who registered themself is told."""
    if registration.status == RegistrationStatus.WAITING:
        return _("All places are taken: you are on the waiting list, number %(number)s. "
                 "When a place becomes free, it is yours and you will get an e-mail.") % {
            "number": position}
    return _("You are registered for the event. The confirmation and your ticket have been "
             "sent by e-mail.")


def _closed_reason(event: TrainingEvent, state: str) -> str:
    """Why registration is not open now, in a sentence."""
    if state == "not_yet" and event.registration_opens:
        opens = timezone.localtime(event.registration_opens)
        return _("Registration opens on %(when)s.") % {"when": opens.strftime("%Y-%m-%d %H:%M")}
    if event.status == EventStatus.CANCELLED:
        return _("The event is cancelled.")
    if event.status in (EventStatus.HELD, EventStatus.COMPLETED):
        return _("The event has taken place.")
    if event.status == EventStatus.DRAFT:
        return _("The event is not published yet.")
    return _("Registration for this event is closed.")


# --- a librarian registers themself ---------------------------------------------------------

@require_http_methods(["GET", "POST"])
def event_register(request, pk):
    user = request.user
    event = _event_or_404(user, pk)
    state = event.registration_state()
    existing = selectors.my_registration(user, event)
    context = {"event": event, "state": state, "registration": None, "form": None,
               "closed_reason": "" if state == "open" else _closed_reason(event, state)}
    if existing is not None and existing.status != RegistrationStatus.CANCELLED:
        if request.method == "POST":
            messages.info(request, _("You are already registered for this event.")
                          if existing.status == RegistrationStatus.REGISTERED else
                          _("You are already on this event's waiting list."))
            return redirect(existing.get_absolute_url())
        context.update(registration=existing, position=selectors.queue_position(existing))
        return render(request, "mokymai/event_register.html", context)
    if state != "open":
        return render(request, "mokymai/event_register.html", context)
    person = selectors.own_person(user)
    form = SelfRegistrationForm(request.POST or None, user=user, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                person = form.save_person()
                registration = register(event=event, person=person, by=user,
                                        note=form.cleaned_data["note"])
        except Refused as refusal:
            if getattr(refusal, "code", "") == "twice":
                again = selectors.my_registration(user, event)
                messages.info(request, _refusal_text(refusal))
                return redirect(again.get_absolute_url() if again else event.get_absolute_url())
            form.add_error(None, _refusal_text(refusal))
        else:
            messages.success(request, outcome_message(registration,
                                                      selectors.queue_position(registration)))
            return redirect(registration.get_absolute_url())
    context.update(form=form, person=person, counts=selectors.counts(event))
    return render(request, "mokymai/event_register.html", context)


# --- a director registers their staff, department staff anyone --------------------------------

def _register_all(event, people, user, *, note: str = "", organisation: str = "") -> dict:
    """Register each person (each in its own transaction); who got a place, who waits, who
    was refused and why."""
    placed, waiting, refused = [], [], []
    for person in people:
        try:
            registration = register(event=event, person=person, by=user, note=note,
                                    organisation=organisation)
        except Refused as refusal:
            refused.append({"person": person, "reason": _refusal_text(refusal)})
        except PermissionDenied:
            refused.append({"person": person,
                            "reason": _("You may not register this person.")})
        else:
            (placed if registration.status == RegistrationStatus.REGISTERED
             else waiting).append(registration)
    positions = selectors.queue_positions(event) if waiting else {}
    for registration in waiting:
        registration.position = positions.get(registration.pk)
    return {"placed": placed, "waiting": waiting, "refused": refused}


@require_http_methods(["GET", "POST"])
def event_register_others(request, pk):
    user = request.user
    event = _event_or_404(user, pk)
    if not selectors.registers_others(user):
        raise PermissionDenied
    state = event.registration_state()
    # Staff register past the window (the services allow it); a director within it.
    is_open = event.status in REGISTERING and (state == "open" or user.can_manage_territory)
    query = " ".join(request.GET.get("q", "").split())[:100]
    form = RegisterOthersForm(user=user)
    external_form = ExternalPersonForm() if user.can_manage_territory else None
    if request.method == "POST":
        if not is_open:
            messages.error(request, _closed_reason(event, state))
            return redirect("mokymai:event_register_others", pk=event.pk)
        result = None
        if request.POST.get("action") == "external" and user.can_manage_territory:
            external_form = ExternalPersonForm(request.POST)
            if external_form.is_valid():
                person, created = external_form.person()
                result = _register_all(event, [person], user,
                                       note=external_form.cleaned_data["note"],
                                       organisation=external_form.cleaned_data["organisation"])
                result["reused"] = None if created else person
        else:
            form = RegisterOthersForm(request.POST, user=user)
            if form.is_valid():
                result = _register_all(event, form.cleaned_data["people"], user,
                                       note=form.cleaned_data["note"])
        if result is not None:
            return render(request, "mokymai/event_register_others_done.html",
                          {"event": event, **result, "counts": selectors.counts(event)})
    limit = selectors.SEARCH_LIMIT if user.can_manage_territory else selectors.STAFF_LIMIT
    people = list(selectors.candidates(user, query)[:limit + 1])
    more = len(people) > limit
    people = people[:limit]
    standings = selectors.standings(event, [p.pk for p in people])
    chosen = {str(v) for v in (form.data.getlist("people") if form.is_bound else [])}
    rows = [{"person": p, "standing": standings.get(p.pk), "checked": str(p.pk) in chosen}
            for p in people]
    context = {"event": event, "state": state, "is_open": is_open, "form": form,
               "external_form": external_form, "rows": rows, "more": more, "limit": limit,
               "query": query,
               "closed_reason": "" if is_open else _closed_reason(event, state),
               "staff_mode": user.can_manage_territory, "counts": selectors.counts(event)}
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.boosted and not htmx.history_restore_request:
        return render(request, "mokymai/event_register_others_results.html", context)
    return render(request, "mokymai/event_register_others.html", context)


# --- participant lists -------------------------------------------------------------------

@require_GET
def event_participants(request, pk):
    user = request.user
    event = _event_or_404(user, pk)
    if not selectors.sees_participants(user):
        raise PermissionDenied
    logger.info("participants of event %s viewed by user %s", event.pk, user.pk)
    record_access(user, "mokymai.participants", subject=event)
    sessions = list(event.sessions.all())
    registrations = list(
        Registration.objects.visible_to(user).filter(event=event)
        .select_related("person__post", "person__user", "library", "registered_by")
        .prefetch_related("attendances").order_by("queued_at", "pk"))
    registered, waiting, cancelled = [], [], []
    for registration in registrations:
        registration.event = event
        registration.may_cancel = selectors.may_cancel(user, registration)
        registration.hours = registration.attended_hours
        if registration.hours is None and registration.status == RegistrationStatus.REGISTERED:
            attendances = registration.attendances.all()
            registration.hours = (attended_hours(registration, sessions, attendances)
                                  if attendances else None)
        {RegistrationStatus.REGISTERED: registered, RegistrationStatus.WAITING: waiting,
         RegistrationStatus.CANCELLED: cancelled}[registration.status].append(registration)
    for number, registration in enumerate(waiting, start=1):
        registration.position = number
    cancelled.sort(key=lambda r: (r.cancelled_at is None, r.cancelled_at), reverse=True)
    return render(request, "mokymai/event_participants.html", {
        "event": event, "registered": registered, "waiting": waiting,
        "cancelled": cancelled, "whole": user.sees_whole_territory,
        "counts": selectors.counts(event) if user.sees_whole_territory else None,
        "may_register_others": selectors.registers_others(user)
        and event.status in REGISTERING,
        "has_sessions": bool(sessions),
    })


# --- one registration --------------------------------------------------------------------

def _visible_registration(user, pk) -> Registration:
    return get_object_or_404(
        Registration.objects.visible_to(user).select_related(
            "event", "person__post", "person__user", "library", "registered_by",
            "cancelled_by"), pk=pk)


@require_GET
def registration_detail(request, pk):
    registration = _visible_registration(request.user, pk)
    return render(request, "mokymai/registration_detail.html", {
        "registration": registration, "event": registration.event,
        "position": selectors.queue_position(registration),
        "may_cancel": selectors.may_cancel(request.user, registration),
        "entries": history_entries(registration.history.all()),
        "is_mine": registration.person.user_id == request.user.pk,
    })


@require_http_methods(["GET", "POST"])
def registration_cancel(request, pk):
    user = request.user
    registration = _visible_registration(user, pk)
    next_url = _safe_next(request)
    back = next_url or registration.get_absolute_url()
    if request.method == "POST":
        try:
            promoted = cancel_registration(registration=registration, by=user)
        except Refused as refusal:
            messages.error(request, _refusal_text(refusal))
        else:
            logger.info("registration %s cancelled by user %s (%s promoted)",
                        registration.pk, user.pk, len(promoted))
            messages.success(request, _("The registration of %(person)s is cancelled.")
                             % {"person": registration.person})
        return redirect(back)
    if not may_register(user, registration.person):
        raise PermissionDenied
    return render(request, "mokymai/registration_cancel.html", {
        "registration": registration, "event": registration.event, "back": back,
        "next": next_url,
        "position": selectors.queue_position(registration),
        "may_cancel": selectors.may_cancel(user, registration),
    })


@require_GET
def my_registrations(request):
    mine = selectors.my_registrations(request.user)
    return render(request, "mokymai/my_registrations.html", {
        "mine": mine, "is_director": selectors.is_director(request.user)})


# --- the public ticket ------------------------------------------------------------------

def checkin_url(token: str) -> str:
    return settings.PORTAL_BASE_URL + reverse("mokymai:checkin", args=[token])


@login_not_required
@require_GET
def ticket(request, token):
    registration = (Registration.objects.select_related("event", "person")
                    .filter(token=token).first() if token else None)
    if registration is None:
        raise Http404
    event = registration.event
    valid = (registration.status == RegistrationStatus.REGISTERED
             and not event.is_cancelled and event.status != EventStatus.DRAFT)
    qr_svg = ""
    if valid:
        qr_svg = segno.make(checkin_url(token), error="m").svg_inline(
            scale=1, border=4, omitsize=True, light="#fff",
            svgclass="ticket-qr d-block w-100 h-auto",
            title=_("QR code for checking in"))
    sessions = [{"start": timezone.localtime(s.starts_at), "end": timezone.localtime(s.ends_at),
                 "topic": s.topic, "venue": s.venue or event.venue}
                for s in event.sessions.all()]
    response = render(request, "mokymai/ticket.html", {
        "registration": registration, "event": event, "person": registration.person,
        "sessions": sessions, "qr_svg": qr_svg, "valid": valid,
        "position": selectors.queue_position(registration),
        "ics_url": reverse("mokymai:ticket_ics", args=[token]),
    })
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    patch_cache_control(response, private=True, no_store=True)
    return response
