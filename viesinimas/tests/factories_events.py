"""Library events for tests: written straight to the database (the services have their own
tests), a week ahead by default."""

from datetime import timedelta

from django.utils import timezone

from viesinimas.models import ActivityEvent, ActivityKind, Theme


def make_theme(name: str = "Skaitymo skatinimas", slug: str = "") -> Theme:
    theme, _created = Theme.objects.get_or_create(
        name=name, defaults={"slug": slug or name.lower().replace(" ", "-")})
    return theme


def make_activity(library, *, by=None, title: str = "Kalėdiniai skaitymai", days: int = 7,
                  themes=(), **fields) -> ActivityEvent:
    """An event of ``library`` ``days`` from today (negative: in the past)."""
    fields.setdefault("starts_on", timezone.localdate() + timedelta(days=days))
    fields.setdefault("kind", ActivityKind.READING)
    event = ActivityEvent.objects.create(library=library, title=title, created_by=by,
                                         **fields)
    if themes:
        event.themes.set(themes)
    return event


def many_activities(library, count: int, *, by=None, days: int = 3, **fields) -> list:
    """``count`` events of ``library`` on the same day (a query budget's rows)."""
    return [make_activity(library, by=by, title=f"Renginys {n:02d}", days=days, **fields)
            for n in range(count)]
