"""The trainings in the department's periodic digest (the newsletter): the coming events
one may register for now, whatever the digest's "since" (a training announced earlier is
still news while its registration is open)."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mokymai.models import EventStatus, TrainingEvent
from portalas.registry import digest_item


def _upcoming_trainings(since, user) -> list[dict]:
    """Published events starting today or later whose registration is open now, as the
    user may see them, soonest first."""
    now = timezone.now()
    events = (TrainingEvent.objects.visible_to(user)
              .filter(status=EventStatus.PUBLISHED, starts_on__gte=timezone.localdate(now))
              .filter(Q(registration_opens__isnull=True) | Q(registration_opens__lte=now))
              .filter(Q(registration_closes__isnull=True) | Q(registration_closes__gt=now))
              .order_by("starts_on", "title", "pk"))
    items = []
    for event in events[:30]:
        parts = [event.starts_on.isoformat()]
        if event.venue:
            parts.append(event.venue)
        if event.registration_closes:
            parts.append(gettext("registration until %(date)s") % {
                "date": timezone.localdate(event.registration_closes).isoformat()})
        items.append({"title": event.title, "date": event.starts_on,
                      "url": reverse("mokymai:event_detail", args=[event.pk]),
                      "text": " · ".join(parts)})
    return items


digest_item("mokymai.upcoming", label=_("Upcoming trainings"), items=_upcoming_trainings,
            order=30)
