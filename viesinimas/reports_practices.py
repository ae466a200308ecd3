"""Metrics of the good-practice catalogue (charter function 5.5) for the annual report:
practices published and practices taken over by another library ("we did it too"), for a
period and a scope (the territory, a municipality, a library with its outlets)."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from bibliotekos.selectors import scope_library_ids
from portalas.metrics import Period, Scope
from portalas.registry import register_metric
from viesinimas.models import Adoption, Practice, PracticeStatus

__all__ = ["adoptions", "practices_published"]


def _moments(period: Period) -> tuple[datetime, datetime]:
    """The period's days as moments in the portal's time zone (bounds an index can use)."""
    zone = timezone.get_default_timezone()
    return (timezone.make_aware(datetime.combine(period.start, time.min), zone),
            timezone.make_aware(datetime.combine(period.end + timedelta(days=1), time.min),
                                zone))


def practices_published(period: Period, scope: Scope | None = None):
    """Practices first published in the period (archived since still count: they were
    published), of the scope's libraries."""
    start, end = _moments(period)
    found = Practice.objects.filter(
        status__in=(PracticeStatus.PUBLISHED, PracticeStatus.ARCHIVED),
        published_at__gte=start, published_at__lt=end)
    ids = scope_library_ids(scope)
    return found if ids is None else found.filter(library_id__in=ids)


def adoptions(period: Period, scope: Scope | None = None):
    """Practices taken over in the period (by the date the library gives), by the scope's
    libraries."""
    found = Adoption.objects.filter(adopted_on__range=(period.start, period.end))
    ids = scope_library_ids(scope)
    return found if ids is None else found.filter(library_id__in=ids)


register_metric("viesinimas.practices_published", label_lt="Paskelbti gerosios patirties aprašai",
                label_en="Good practices published", function="5.5", unit="vnt.",
                value=lambda period, scope: practices_published(period, scope).count(),
                records=practices_published)
register_metric("viesinimas.adoptions",
                label_lt="Kitų bibliotekų perimtos gerosios patirtys",
                label_en="Good practices taken over by other libraries", function="5.5",
                unit="vnt.", value=lambda period, scope: adoptions(period, scope).count(),
                records=adoptions)
