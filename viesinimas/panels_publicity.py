"""What other pages show of the publicity log: the menu entries, the publications about a
library on its card, about an event and about a good practice on their pages, and the
newsletter's "they wrote about us" — each only to those who may open the log, and only the
entries they may see (``Publication.objects.visible_to``). The menu asks no query of its own
(the memberships are read once per request)."""

from datetime import datetime
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bibliotekos.models import Library
from bibliotekos.scoping import descendant_ids
from portalas.access import sees_territory
from portalas.ordering import sorted_lt
from portalas.registry import digest_item, nav_item, object_panel
from viesinimas import personal_data_publicity  # noqa: F401  (registers the personal data)
from viesinimas import services_publicity as services
from viesinimas.models import ActivityEvent, Practice, Publication

__all__ = ["event_publications", "library_publications", "practice_publications",
           "recent_publications"]

LIBRARY_SHOWN = 5
LINKED_SHOWN = 10
DIGEST_SHOWN = 10

nav_item(group="publicity", label=_("Publicity log"), url_name="viesinimas:publication_list",
         icon="megaphone", order=30, allowed=services.may_open_log)
nav_item(group="publicity", label=_("Publicity overview"),
         url_name="viesinimas:publicity_overview", icon="bar-chart", order=35,
         allowed=sees_territory)


def _list_url(**params) -> str:
    return f"{reverse('viesinimas:publication_list')}?{urlencode(params)}"


def _create_url(**params) -> str:
    return f"{reverse('viesinimas:publication_create')}?{urlencode(params)}"


@object_panel(Library, template="viesinimas/_publicity_library_panel.html", order=80)
def library_publications(request, library):
    """Publications about the library and its outlets: the latest five, how many in all and
    this year. For those who may open the log; left out when there are none, unless the
    user logs them. Two queries."""
    user = request.user
    if not services.may_open_log(user):
        return None
    ids = {library.pk} | descendant_ids([library.pk])
    about = Publication.libraries.through.objects.filter(library_id__in=ids)
    records = Publication.objects.visible_to(user).filter(pk__in=about.values("publication_id"))
    year = timezone.localdate().year
    counts = records.order_by().aggregate(count=Count("pk"),
                                          year_count=Count("pk", filter=Q(
                                              published_on__year=year)))
    can_enter = services.may_enter(user)
    if not counts["count"] and not can_enter:
        return None
    recent = list(records.order_by("-published_on", "-created_at")[:LIBRARY_SHOWN]) \
        if counts["count"] else []
    return {"library": library, "publications": recent, "count": counts["count"],
            "year_count": counts["year_count"], "year": year,
            "list_url": _list_url(library=library.pk), "can_enter": can_enter,
            "create_url": _create_url(library=library.pk)}


def _linked(request, lookup: dict, *, create: dict) -> dict | None:
    user = request.user
    if not services.may_open_log(user):
        return None
    rows = list(Publication.objects.visible_to(user).filter(**lookup)
                .order_by("-published_on", "-created_at")[:LINKED_SHOWN + 1])
    can_enter = services.may_enter(user)
    if not rows and not can_enter:
        return None
    return {"publications": rows[:LINKED_SHOWN], "more": len(rows) > LINKED_SHOWN,
            "list_url": _list_url(**{key: value.pk for key, value in lookup.items()}),
            "can_enter": can_enter, "create_url": _create_url(**create)}


@object_panel(ActivityEvent, template="viesinimas/_publicity_event_panel.html", order=80)
def event_publications(request, event):
    """Publications about the event (those the user may see)."""
    return _linked(request, {"activity": event}, create={"activity": event.pk})


@object_panel(Practice, template="viesinimas/_publicity_practice_panel.html", order=80)
def practice_publications(request, practice):
    """Publications about the good practice (those the user may see)."""
    return _linked(request, {"practice": practice}, create={"practice": practice.pk})


def recent_publications(since, user) -> list[dict]:
    """"They wrote about us": publications that appeared since ``since`` (the newest
    first), as the user may see them, linking to the publication itself."""
    if isinstance(since, datetime):
        since = timezone.localtime(since).date() if timezone.is_aware(since) else since.date()
    rows = (Publication.objects.visible_to(user).filter(published_on__gte=since)
            .prefetch_related("libraries").order_by("-published_on", "-pk")[:DIGEST_SHOWN])
    items = []
    for publication in rows:
        libraries = ", ".join(sorted_lt(library.name for library in publication.libraries.all()))
        text = " · ".join(part for part in (str(publication.get_channel_display()),
                                            publication.medium, libraries) if part)
        items.append({"title": publication.title, "date": publication.published_on,
                      "url": publication.url, "text": text})
    return items


digest_item("viesinimas.publications", label=_("They wrote about us"),
            items=recent_publications, order=60)
