"""The consultations at a glance: a year's consultations, hours, field visits, agreed
actions and questions, by topic, channel, month, municipality, library and staff member.
Staff and management see the whole territory (and may narrow it to a municipality); a
library's director sees the figures of their library and its outlets. Every count leads to
the consultation list filtered to the same records. The figures come from
``konsultacijos.selectors_reports``, as the metrics and the documents do."""

from datetime import date
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.db.models import Min
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ataskaitos.charts import svg
from ataskaitos.document import Chart
from bibliotekos.models import Municipality
from konsultacijos import selectors_reports as figures_of
from konsultacijos import services
from konsultacijos.models import Consultation
from portalas.converters import YEAR_MAX, YEAR_MIN
from portalas.metrics import Period, Scope
from portalas.ordering import sorted_lt

#: Bars in the library and municipality charts (the tables list them all).
CHART_TOP = 15
#: Years offered before the first consultation recorded, at most.
YEARS_SHOWN = 15


def _year(raw: str | None) -> int:
    """``?year=`` as a year the portal knows; anything else is this year."""
    try:
        year = int(raw or "")
    except ValueError:
        return timezone.localdate().year
    return year if YEAR_MIN <= year <= YEAR_MAX else timezone.localdate().year


def municipality_choices(user) -> list:
    """The municipalities the whole-territory roles may narrow the figures to (a director's
    figures are their library's already, and the consultation list offers them no
    municipality filter either)."""
    if not user.sees_whole_territory:
        return []
    return sorted_lt(Municipality.objects.filter(in_territory=True), key=lambda m: m.name)


def _years(user, year: int) -> list[int]:
    this_year = timezone.localdate().year
    first = (Consultation.objects.visible_to(user).aggregate(first=Min("held_on"))["first"]
             or date(this_year, 1, 1)).year
    first = max(first, this_year - YEARS_SHOWN)
    return sorted(set(range(first, this_year + 1)) | {year}, reverse=True)


def _short(text: str, limit: int = 12) -> str:
    text = str(text)
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _initials(name: str) -> str:
    """ "Rūta Skyriūtė" → "R. Skyriūtė" (a chart's label)."""
    parts = str(name).split()
    if len(parts) < 2:
        return _short(name)
    return _short(" ".join([f"{p[0]}." for p in parts[:-1]] + [parts[-1]]), 14)


def _chart(title: str, labels: list[str], rows: list[dict]):
    if not any(row["count"] for row in rows):
        return None
    return mark_safe(svg(Chart(  # noqa: S308 - svg() escapes every text it writes
        title=title, categories=labels, series=[(_("Consultations"), [r["count"] for r in rows])],
        kind="bar")))


class Links:
    """Addresses of the consultation list filtered to the records a figure counts, with
    the list's own parameters: ``held_from``/``held_to`` (YYYY-MM-DD), ``topic``,
    ``channel``, ``library`` (with its outlets), ``municipality``, ``staff_member``; and of
    the visit list: ``year``, ``status``, ``municipality``."""

    def __init__(self, period: Period, municipality):
        self.period = period
        self.place = {"municipality": municipality.pk} if municipality is not None else {}
        self.consultations_url = reverse("konsultacijos:consultation_list")
        self.visits_url = reverse("konsultacijos:visit_list")

    def consultations(self, **params) -> str:
        query = {"held_from": self.period.start.isoformat(),
                 "held_to": self.period.end.isoformat(), **self.place, **params}
        return f"{self.consultations_url}?{urlencode(query)}"

    def visits(self, **params) -> str:
        query = {"year": self.period.start.year, **self.place, **params}
        return f"{self.visits_url}?{urlencode(query)}"


def _link_rows(found: figures_of.Figures, links: Links, *, whole_territory: bool) -> None:
    """Each row's words, its key (for the page's data attributes) and the address of the
    list of the records it counts."""
    for row in found.topics:
        row.update(label=row["name"], key=row["pk"], url=links.consultations(topic=row["pk"]))
    for row in found.channels:
        row.update(key=row["value"], url=links.consultations(channel=row["value"]))
    for row in found.months:
        row.update(label=formats.date_format(row["start"], "F"), key=row["month"],
                   url=links.consultations(held_from=row["start"].isoformat(),
                                           held_to=row["end"].isoformat()))
    for rank, row in enumerate(sorted(found.municipalities, key=lambda r: -r["count"]),
                               start=1):
        row.update(label=row["name"], key=row["pk"] or "", rank=rank,
                   url=links.consultations(municipality=row["pk"])
                   if row["pk"] and whole_territory else "")
    for rank, row in enumerate(found.libraries, start=1):
        row.update(label=row["name"], key=row["pk"], rank=rank,
                   sub=row["municipality"] if whole_territory else "",
                   url=links.consultations(library=row["pk"]))
    for row in found.staff:
        row.update(label=row["name"], key=row["pk"],
                   url=links.consultations(staff_member=row["pk"]))


def _charts(found: figures_of.Figures, ranked_places: list[dict]) -> dict:
    return {
        "topics": _chart(_("Consultations by topic"), [_short(r["name"]) for r in found.topics],
                         found.topics),
        "channels": _chart(_("Consultations by channel"),
                           [_short(r["label"]) for r in found.channels], found.channels),
        "months": _chart(_("Consultations by month"),
                         [formats.date_format(r["start"], "b") for r in found.months],
                         found.months),
        "municipalities": _chart(
            _("Consultations by municipality (numbers as in the table)"),
            [str(r["rank"]) for r in ranked_places[:CHART_TOP]], ranked_places[:CHART_TOP]),
        "libraries": _chart(_("Libraries consulted most (numbers as in the table)"),
                            [str(r["rank"]) for r in found.libraries[:CHART_TOP]],
                            found.libraries[:CHART_TOP]),
        "staff": _chart(_("Consultations by staff member"),
                        [_initials(r["name"]) for r in found.staff], found.staff),
    }


@require_GET
def overview(request):
    user = request.user
    if not services.may_read_records(user):
        raise PermissionDenied
    year = _year(request.GET.get("year"))
    choices = municipality_choices(user)
    municipality = next((m for m in choices if str(m.pk) == request.GET.get("municipality")),
                        None)
    period = Period.year(year)
    scope = Scope.of_municipality(municipality) if municipality else Scope.territory()
    found = figures_of.figures(period, scope, user=user)
    links = Links(period, municipality)
    _link_rows(found, links, whole_territory=user.sees_whole_territory)
    ranked_places = sorted(found.municipalities, key=lambda r: r["rank"])
    return render(request, "konsultacijos/overview.html", {
        "year": year, "years": _years(user, year), "period": period,
        "municipality": municipality, "municipalities": choices,
        "whole_territory": user.sees_whole_territory,
        "figures": found, "totals": found.totals, "charts": _charts(found, ranked_places),
        "municipalities_ranked": ranked_places,
        "libraries": found.libraries[:CHART_TOP],
        "libraries_more": max(0, len(found.libraries) - CHART_TOP),
        "links": {
            "consultations": links.consultations(),
            "visits_made": links.visits(status="reported"),
            "visits_planned": links.visits(status="planned"),
        },
    })
