"""Calendars: one event (.ics), a participant's ticket as .ics (by its secret token), the
signed-in user's feed, and personal subscription addresses a calendar program polls
without signing in (by a secret key the user can replace)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mokymai import ical
from mokymai.models import (
    CalendarFeed,
    Registration,
    TrainingEvent,
    new_token,
)

logger = logging.getLogger("regionas.trainings")

FEED_TOUCH_INTERVAL = timedelta(hours=1)


def visible_events(user):
    """The events a feed shows ``user``: what they may see (``visible_to`` decides about
    drafts), from 60 days back."""
    events = TrainingEvent.objects.visible_to(user).filter(
        Q(ends_on__gte=ical.feed_window_start()) | Q(ends_on__isnull=True,
                                                     starts_on__gte=ical.feed_window_start()))
    return events.prefetch_related("sessions").order_by("starts_on", "pk")


def own_registrations(user):
    """The events ``user`` is registered or waiting for (cancelled ones too, so a calendar
    that showed them learns of the cancellation), from 60 days back."""
    events = visible_events(user)
    return (Registration.objects.filter(person__user=user, event__in=events)
            .select_related("event").prefetch_related("event__sessions")
            .order_by("event__starts_on", "pk"))


@require_GET
def event_ics(request, pk):
    event = get_object_or_404(TrainingEvent.objects.visible_to(request.user)
                              .prefetch_related("sessions"), pk=pk)
    content = ical.events_calendar([event], name=event.title)
    return ical.response(content, filename=f"renginys-{event.pk}.ics")


@login_not_required
@require_GET
def ticket_ics(request, token):
    registration = get_object_or_404(
        Registration.objects.select_related("event").prefetch_related("event__sessions"),
        token=token)
    content = ical.registrations_calendar([registration], name=registration.event.title)
    return ical.response(content, filename=f"renginys-{registration.event_id}.ics",
                         public=True)


@require_GET
def feed(request):
    content = ical.events_calendar(visible_events(request.user), name=_("Trainings"))
    return ical.response(content, filename="mokymai.ics", attachment=False)


def _feed_urls(feed_row) -> dict:
    all_url = ical.absolute("mokymai:personal_feed_all", feed_row.key)
    mine_url = ical.absolute("mokymai:personal_feed_mine", feed_row.key)
    return {"all_url": all_url, "mine_url": mine_url,
            "all_webcal": _webcal(all_url), "mine_webcal": _webcal(mine_url)}


def _webcal(url: str) -> str:
    """The same address for Apple Calendar's subscribe links (webcal://)."""
    scheme, _sep, rest = url.partition("://")
    return f"webcal://{rest}" if scheme in {"http", "https"} else url


@require_http_methods(["GET", "POST"])
def feed_settings(request):
    feed_row, _created = CalendarFeed.objects.get_or_create(user=request.user)
    if request.method == "POST":
        CalendarFeed.objects.filter(pk=feed_row.pk).update(key=new_token(),
                                                           created_at=timezone.now(),
                                                           last_used_at=None)
        logger.info("calendar feed of user %s: new key", request.user.pk)
        messages.success(request, _("A new address has been made. The old one no longer "
                                    "works: subscribe again with the new one."))
        return redirect("mokymai:feed_settings")
    return render(request, "mokymai/feed_settings.html", {
        "feed": feed_row, **_feed_urls(feed_row),
    })


def _feed_owner(key: str):
    """The feed of ``key`` and its user; 404 for an unknown key or an inactive account.
    The time of use is kept at most once an hour."""
    feed_row = (CalendarFeed.objects.select_related("user").filter(key=key).first()
                if key else None)
    if feed_row is None or not feed_row.user.is_active:
        raise Http404
    now = timezone.now()
    if feed_row.last_used_at is None or feed_row.last_used_at < now - FEED_TOUCH_INTERVAL:
        CalendarFeed.objects.filter(pk=feed_row.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - FEED_TOUCH_INTERVAL)
        ).update(last_used_at=now)
    return feed_row, feed_row.user


@login_not_required
@require_GET
def personal_feed_all(request, key):
    _feed_row, user = _feed_owner(key)
    with translation.override(user.language or settings.LANGUAGE_CODE):
        content = ical.events_calendar(visible_events(user), name=_("Trainings"))
    return ical.response(content, filename="mokymai.ics", attachment=False, public=True)


@login_not_required
@require_GET
def personal_feed_mine(request, key):
    _feed_row, user = _feed_owner(key)
    with translation.override(user.language or settings.LANGUAGE_CODE):
        content = ical.registrations_calendar(own_registrations(user),
                                              name=_("My trainings"))
    return ical.response(content, filename="mano-mokymai.ics", attachment=False, public=True)
