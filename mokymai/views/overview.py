"""The year's trainings at a glance (whole-territory roles): the same figures as the
``mokymai.overview`` document and the metrics, from ``mokymai.selectors_overview``."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from mokymai.reports import TOTALS
from mokymai.selectors_overview import overview_years, year_overview
from portalas.converters import YEAR_MAX, YEAR_MIN


def _year(raw: str | None) -> int:
    """``?year=`` as a year the portal knows; anything else is this year."""
    try:
        year = int(raw or "")
    except ValueError:
        return timezone.localdate().year
    return year if YEAR_MIN <= year <= YEAR_MAX else timezone.localdate().year


def overview(request):
    if not request.user.sees_whole_territory:
        raise PermissionDenied
    year = _year(request.GET.get("year"))
    data = year_overview(year)
    return render(request, "mokymai/overview.html", {
        "year": year, "overview": data, "totals": data.totals,
        "facts": [{"key": key, "label": label, "value": data.totals[key],
                   "decimals": decimals} for key, label, decimals in TOTALS],
        "years": overview_years(),
    })
