"""The cooperation overview: a year's (or a quarter's) partners and agreements, the groups'
meetings and decisions, and the agreements expiring soon. Staff and management only (the
whole territory's figures); anyone else gets 403, as on the other overview pages. The
figures come from ``bendradarbiavimas.selectors_overview``, as the metrics, the document
and the annual report's section do."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from bendradarbiavimas import selectors_overview as figures_of
from bendradarbiavimas.reports_overview import QUARTERS, period_words
from portalas.access import sees_territory
from portalas.converters import YEAR_MAX, YEAR_MIN
from portalas.metrics import Period

#: Years offered in the select before this one.
YEARS_SHOWN = 10


def _year(raw: str | None) -> int:
    """``?year=`` as a year the portal knows; anything else is this year."""
    try:
        year = int(raw or "")
    except ValueError:
        return timezone.localdate().year
    return year if YEAR_MIN <= year <= YEAR_MAX else timezone.localdate().year


def _quarter(raw: str | None) -> int | None:
    """``?quarter=1..4``; anything else is the whole year."""
    return int(raw) if raw in ("1", "2", "3", "4") else None


def _years(year: int) -> list[int]:
    this_year = timezone.localdate().year
    return sorted(set(range(this_year - YEARS_SHOWN, this_year + 2)) | {year}, reverse=True)


#: The meetings the page lists (the latest); the XLSX of the overview lists every one.
PAGE_MEETINGS = 50


@require_GET
def overview(request):
    user = request.user
    if not sees_territory(user):
        raise PermissionDenied
    year = _year(request.GET.get("year"))
    quarter = _quarter(request.GET.get("quarter"))
    period = Period.quarter(year, quarter) if quarter else Period.year(year)
    found = figures_of.figures(period, user=user)
    return render(request, "bendradarbiavimas/overview_page.html", {
        "year": year, "quarter": quarter, "years": _years(year), "quarters": QUARTERS[1:],
        "period": period, "period_words": period_words(period), "figures": found,
        "totals": found.totals, "groups": found.groups,
        # the latest ones on the page; the document's XLSX lists them all
        "meetings": found.meetings[-PAGE_MEETINGS:],
        "more_meetings": max(len(found.meetings) - PAGE_MEETINGS, 0),
        "expiring": found.expiring, "soon_days": figures_of.EXPIRING_SOON_DAYS,
        "table_days": figures_of.EXPIRING_TABLE_DAYS,
        "period_running": found.day < period.end,
    })


__all__ = ["overview"]
