"""Wall-clock times in Lithuania. A date and a time typed by a person are Europe/Vilnius
wall-clock time; the database keeps UTC. Twice a year a wall-clock time is not one moment:
on the last Sunday of March 03:00–03:59 never happens (clocks jump to 04:00), and on the
last Sunday of October 03:00–03:59 happens twice. Such a time is refused with a reason
rather than silently shifted."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def aware(day: date, clock: time) -> datetime:
    """The moment a Vilnius wall-clock ``day`` ``clock`` names; ValidationError when the
    clocks change at that time (the time does not exist, or happens twice)."""
    zone = local_zone()
    naive = datetime.combine(day, clock.replace(tzinfo=None))
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    back = first.astimezone(ZoneInfo("UTC")).astimezone(zone).replace(tzinfo=None)
    if back != naive:
        raise ValidationError(
            _("%(day)s %(time)s does not exist in Lithuania: the clocks move forward an hour "
              "that night. Choose another time.") % {"day": day.isoformat(),
                                                     "time": clock.strftime("%H:%M")},
            code="nonexistent_time")
    if first.utcoffset() != second.utcoffset():
        raise ValidationError(
            _("%(day)s %(time)s happens twice in Lithuania: the clocks move back an hour "
              "that night. Choose another time.") % {"day": day.isoformat(),
                                                     "time": clock.strftime("%H:%M")},
            code="ambiguous_time")
    return first
