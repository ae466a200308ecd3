"""A study's satisfaction beside the libraries' statistics: per participating library, how
many answered, the key question's mean with its 95 % interval, and the library's visits
per registered user and opening hours per week in the study's year (the year before when
that year has no statistics yet, and the page says so).

The statistics come through the metrics registry (``statistika.visits_per_user``,
``statistika.opening_hours_week``): this app never imports the statistics app. Staff and
management see every library; a director their libraries, a librarian their own, and
everyone the territory's row."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from bibliotekos.models import Library
from portalas.metrics import Period
from portalas.metrics import Scope as MetricScope
from portalas.ordering import lithuanian_key
from portalas.registry import discover, metric
from tyrimai import selectors, services
from tyrimai.models import MIN_CELL, pick
from tyrimai.views.results import study_for

VISITS_PER_USER = "statistika.visits_per_user"
OPENING_HOURS = "statistika.opening_hours_week"

#: ?rikiuoti= → the row's value sorted by (missing values last either way).
SORTS = {"biblioteka": "name", "atsakymai": "responses", "vidurkis": "mean",
         "apsilankymai": "visits", "valandos": "hours"}


def statistic(name: str, year: int, scope: MetricScope):
    """A metric's value, or None when it is not known (or not declared)."""
    discover()
    try:
        found = metric(name)
    except KeyError:
        return None
    return found.value(Period.year(year), scope)


def _statistics(rows: list[dict], year: int) -> None:
    for row in rows:
        scope = (MetricScope.of_library(row["library"]) if row["library"] is not None
                 else MetricScope.territory())
        row["visits"] = statistic(VISITS_PER_USER, year, scope)
        row["hours"] = statistic(OPENING_HOURS, year, scope)


def _has_statistics(rows: list[dict]) -> bool:
    return any(row["visits"] is not None or row["hours"] is not None for row in rows)


def _sorted(rows: list[dict], key: str) -> list[dict]:
    field = SORTS.get(key.lstrip("-"), "name")
    descending = key.startswith("-")

    def value(row):
        found = row[field]
        if field == "name":
            return lithuanian_key(found)
        if field == "mean":
            found = found.mean if found is not None else None
        return found

    known = [row for row in rows if value(row) is not None]
    missing = [row for row in rows if value(row) is None]
    return sorted(known, key=value, reverse=descending) + missing


@require_GET
def beside_statistics(request, pk: int):
    user = request.user
    study = study_for(user, pk)
    ids = services.participating_libraries(user, study)
    counts = selectors.responses_by_library(study)
    means = selectors.key_mean_by_library(study)
    rows = [{"library": library, "name": library.name, "mean": means.get(library.pk),
             "responses": counts.get(library.pk, 0)}
            for library in Library.objects.filter(pk__in=ids)]
    for row in rows:
        row["responses"] = row["responses"] if row["responses"] >= MIN_CELL else None
    everyone = selectors.counted(study)
    territory = {"library": None, "name": _("All participating libraries"),
                 "responses": selectors.response_count(everyone),
                 "mean": (selectors.question_result(study.key_question, everyone).mean
                          if study.key_question_id else None)}
    year = study.opens_on.year
    _statistics([*rows, territory], year)
    earlier = False
    if not _has_statistics([*rows, territory]):
        year, earlier = year - 1, True
        _statistics([*rows, territory], year)
    sort = request.GET.get("rikiuoti") or "biblioteka"
    return render(request, "tyrimai/beside_statistics.html", {
        "study": study, "rows": _sorted(rows, sort), "territory": territory,
        "year": year, "study_year": study.opens_on.year, "earlier": earlier, "sort": sort,
        "key_question": study.key_question, "minimum": MIN_CELL,
        "key_text": pick(study.key_question.text) if study.key_question_id else "",
        "columns": [("biblioteka", _("Library")), ("atsakymai", _("Responses")),
                    ("vidurkis", _("Satisfaction (mean)")),
                    ("apsilankymai", _("Visits per registered user")),
                    ("valandos", _("Opening hours per week"))]})
