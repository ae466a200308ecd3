"""Working days in Lithuania: Monday to Friday except public holidays (the ``holidays``
package's calendar for LT, which follows the Labour Code's list, Easter Monday and the
movable days included). Funders count deadlines in working days ("the final report within
10 working days after the end"), and reminders a number of working days before."""

from datetime import date, timedelta
from functools import lru_cache


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[date]:
    import holidays

    return frozenset(holidays.country_holidays("LT", years=[year]).keys())


def holiday_name(day: date) -> str:
    """The public holiday on ``day`` in Lithuanian, or ''."""
    import holidays

    return holidays.country_holidays("LT", years=[day.year], language="lt").get(day) or ""


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(day: date, count: int) -> date:
    """The working day ``count`` working days after ``day`` (before it when negative);
    ``count == 0`` is ``day`` itself moved forward to a working day."""
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    if remaining == 0:
        while not is_working_day(day):
            day += timedelta(days=1)
        return day
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def days_before(day: date, count: int, *, working: bool) -> date:
    """The day ``count`` calendar days, or working days, before ``day``. A calendar-day
    reminder that falls on a weekend or holiday moves back to the working day before, so
    that someone is at work to read it."""
    if working:
        return add_working_days(day, -count)
    earlier = day - timedelta(days=count)
    while not is_working_day(earlier) and earlier > day - timedelta(days=count + 7):
        earlier -= timedelta(days=1)
    return earlier
