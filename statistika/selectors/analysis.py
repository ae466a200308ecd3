"""Reads for the dashboards: the territory overview, tables by municipality and by kind,
peer distributions, drill-down. Built on the value selectors (set-based); results cached
for a few minutes per statistics version, so a dashboard costs a handful of queries."""

import hashlib
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Max, Q

from bibliotekos.models import OUTLET_KINDS, Library, LibraryKind
from portalas.memo import per_request
from portalas.numbers import change, change_pct, percentile, rounded  # noqa: F401 - views
from statistika.models import Indicator, Value
from statistika.selectors.values import derived_table, formulas_for, primary_table

KEY_PRIMARY = ["users_registered", "users_children", "visits", "visits_virtual", "loans",
               "collection_items", "acquired_items", "events", "event_attendance", "staff",
               "computers_public"]
KEY_DERIVED = ["penetration_pct", "loans_per_user", "visits_per_user", "visits_per_resident",
               "loans_per_resident", "collection_turnover", "items_per_resident",
               "renewal_pct", "professional_share_pct"]
TTL = 300


def data_version() -> str:
    """Changes whenever a value is written (the latest write time), for cache keys; asked
    once per request however many parts of the page need it."""
    def latest():
        value = Value.objects.aggregate(latest=Max("updated_at"))["latest"]
        return value.isoformat() if value else "0"

    return per_request("statistika:data-version", latest)


_MISSING = object()


def _cached(key: str, build):
    """``build()`` cached per statistics version. "Not defined" (None) is a value too, so
    a figure with too few peers is not recomputed on every request."""
    if len(key) > 80:  # a list of codes: keep keys short (memcached allows 250)
        key = hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()
    full = f"statistika:analysis:{data_version()}:{key}"
    found = cache.get(full, _MISSING)
    if found is _MISSING:
        found = build()
        cache.set(full, found, TTL)
    return found


def indicators(codes) -> dict[str, Indicator]:
    return {i.code: i for i in Indicator.objects.filter(code__in=codes)}


def cached_indicators(codes) -> dict[str, Indicator]:
    """The catalogue entries of the codes, cached with the statistics version (the catalogue
    changes far more seldom than values)."""
    return _cached(f"indicators:{','.join(sorted(codes))}", lambda: indicators(codes))




def territory_overview(year: int, group: str = "public") -> dict:
    """Key figures of the territory for ``year`` with last year's and the change (in
    percentage points for percentages), the share of units each ratio covers, and ten-year
    series for the charts. Lithuania's figures come from ``comparison.compare``."""
    def build():
        years = list(range(year - 9, year + 1))
        primary = primary_table(codes=KEY_PRIMARY + ["population_served"], years=years,
                                level="territory", group=group)
        derived = derived_table(codes=KEY_DERIVED, years=years, level="territory",
                                group=group, inputs=primary_table(
                                    codes=_formula_inputs(KEY_DERIVED, years), years=years,
                                    level="territory", group=group))
        units = dict(Indicator.objects.filter(code__in=KEY_PRIMARY + KEY_DERIVED)
                     .values_list("code", "unit"))
        rows = []
        for code, table in [(c, primary) for c in KEY_PRIMARY] + [(c, derived)
                                                                   for c in KEY_DERIVED]:
            now = table.get("territory", year, code)
            before = table.get("territory", year - 1, code)
            difference, points = change(now, before, units.get(code, ""))
            rows.append({"code": code, "value": now, "last_year": before,
                         "change": difference, "change_points": points,
                         "coverage": table.covered("territory", year, code),
                         "series": [table.get("territory", y, code) for y in years],
                         "derived": table is derived})
        return {"year": year, "years": years, "rows": rows}
    return _cached(f"overview:{year}:{group}", build)


def _formula_inputs(codes, years) -> set[str]:
    from statistika.expressions import compile_expression

    names = set()
    for formula in formulas_for(codes, years).values():
        names |= compile_expression(formula.expression).names
    return names


def unit_table(year: int, level: str, *, libraries=None, group: str = "public",
               codes_primary=None, codes_derived=None, user=None) -> dict:
    """Rows of units (municipalities, systems, outlets or schools) with key and derived
    indicators for ``year`` and the change against last year."""
    codes_primary = codes_primary or KEY_PRIMARY
    codes_derived = codes_derived or KEY_DERIVED
    years = [year - 1, year]
    inputs = primary_table(codes=set(codes_primary) | _formula_inputs(codes_derived, years),
                           years=years, level=level, group=group, libraries=libraries,
                           user=user)
    derived = derived_table(codes=codes_derived, years=years, level=level, group=group,
                            inputs=inputs)
    rows = []
    for key, unit in inputs.units.items():
        values = {code: inputs.get(key, year, code) for code in codes_primary}
        values.update({code: derived.get(key, year, code) for code in codes_derived})
        previous = {code: inputs.get(key, year - 1, code) for code in codes_primary}
        previous.update({code: derived.get(key, year - 1, code) for code in codes_derived})
        coverage = {code: derived.covered(key, year, code) for code in codes_derived
                    if derived.covered(key, year, code) is not None}
        rows.append({"unit": unit, "values": values, "previous": previous,
                     "coverage": coverage})
    return {"rows": rows, "codes": list(codes_primary) + list(codes_derived)}


def cached_unit_table(name: str, year: int, level: str, *, libraries=None,
                      group: str = "public") -> dict:
    """``unit_table`` cached per statistics version. ``name`` must identify the libraries
    (e.g. a municipality's or a library's code); the caller has already checked access."""
    return _cached(f"units:{name}:{year}:{level}:{group}",
                   lambda: unit_table(year, level, libraries=libraries, group=group))


def rank(rows: list[dict], code: str) -> list[dict]:
    """Rows ordered by one indicator, highest first, with their place (not known last)."""
    known = sorted((r for r in rows if r["values"].get(code) is not None),
                   key=lambda r: r["values"][code], reverse=True)
    for place, row in enumerate(known, start=1):
        row["rank"] = place
    return known + [r for r in rows if r["values"].get(code) is None]


def kind_table(year: int, codes_primary=None, codes_derived=None) -> list[dict]:
    """Figures by library kind (outlets and single libraries), sums over the territory."""
    codes_primary = codes_primary or KEY_PRIMARY
    codes_derived = codes_derived or KEY_DERIVED
    rows = []
    kinds = [LibraryKind.CENTRAL, LibraryKind.CITY_BRANCH, LibraryKind.RURAL_BRANCH,
             LibraryKind.SERVICE_POINT, LibraryKind.MOBILE, LibraryKind.SCHOOL,
             LibraryKind.COUNTY]
    for kind in kinds:
        libraries = Library.objects.filter(kind=kind).filter(
            Q(municipality__in_territory=True) | Q(municipality__isnull=True))
        table = unit_table(year, "library", libraries=libraries, codes_primary=codes_primary,
                           codes_derived=[])
        totals = {code: _sum(r["values"][code] for r in table["rows"]) for code in codes_primary}
        count = len(table["rows"])
        rows.append({"kind": LibraryKind(kind), "count": count, "values": totals})
    for row in rows:
        row["values"].update(_derive(row["values"], codes_derived, year))
    return rows


def _sum(values):
    known = [v for v in values if v is not None]
    return sum(known, Decimal(0)) if known else None


def _derive(values: dict, codes, year) -> dict:
    from statistika.expressions import compile_expression

    out = {}
    for code in codes:
        formula = formulas_for([code], [year]).get((code, year))
        if formula is None:
            continue
        expression = compile_expression(formula.expression)
        out[code] = expression.evaluate({n: values.get(n) for n in expression.names})
    return out


def peer_distributions(year: int, kind: str, codes) -> dict[str, dict | None]:
    """Percentiles (10, 25, 50, 75, 90) of each indicator among the territory's libraries
    of one kind (systems: outlets summed); None for an indicator with fewer than five.
    Computed for all the codes at once and cached as one entry."""
    codes = sorted(set(codes))

    def build():
        level = "system" if kind == LibraryKind.SYSTEM else "library"
        libraries = Library.objects.filter(kind=kind).filter(
            Q(municipality__in_territory=True) | Q(municipality__isnull=True))
        derived_codes = set(Indicator.objects.filter(code__in=codes, derived=True)
                            .values_list("code", flat=True))
        primary_codes = [c for c in codes if c not in derived_codes]
        inputs = primary_table(codes=set(primary_codes) | _formula_inputs(derived_codes,
                                                                           [year]),
                               years=[year], level=level, libraries=libraries)
        derived = derived_table(codes=derived_codes, years=[year], level=level,
                                libraries=libraries, inputs=inputs) if derived_codes else None
        found = {}
        for code in codes:
            table = derived if code in derived_codes else inputs
            values = sorted(v for (unit, y, c), v in table.values.items()
                            if c == code and y == year and v is not None)
            found[code] = None if len(values) < 5 else {
                "count": len(values), "values": values,
                **{f"p{q}": percentile(values, Decimal(q) / 100)
                   for q in (10, 25, 50, 75, 90)}}
        return found

    return _cached(f"peer-values:{year}:{kind}:{','.join(codes)}", build)


def peer_place(band: dict | None, value) -> int | None:
    """The place of ``value`` among the peers of a band (1 = the highest), or None."""
    if band is None or value is None:
        return None
    return 1 + sum(1 for other in band["values"] if other > value)


def peer_distribution(year: int, kind: str, code: str) -> dict | None:
    return peer_distributions(year, kind, [code])[code]


def outlets_of(system: Library):
    from bibliotekos.scoping import descendant_ids

    return Library.objects.filter(pk__in=descendant_ids([system.pk]), kind__in=OUTLET_KINDS)


def default_year() -> int:
    """The latest year with (nearly) complete data: at least half as many libraries
    reporting as the year before (an open campaign's first reports do not count)."""
    from django.db.models import Count

    def build():
        counts = dict(Value.objects.filter(value__isnull=False).values_list("year")
                      .annotate(n=Count("library_id", distinct=True)).order_by())
        years = sorted(counts, reverse=True)
        for year in years:
            if counts.get(year - 1) is None or counts[year] * 2 >= counts[year - 1]:
                return year
        return years[0] if years else 2025
    return _cached("default-year", build)
