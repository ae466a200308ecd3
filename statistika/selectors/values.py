"""Reads of statistics: one query shape for "these indicators, these units, these years".

Levels:
- ``library``: every library's values as recorded (an outlet, a school, the county library,
  a system's own row);
- ``system``: a municipal system's value — for an indicator recorded per outlet, the sum of
  its outlets' values where any outlet has one, otherwise the value recorded for the system
  itself (history imports, systems keeping no per-branch figures); ``population_served``
  defaults to the municipality's population;
- ``municipality`` / ``territory``: sums over the group's units (``public``: the municipal
  systems; ``school``: school libraries) in the municipality / in the territory's
  municipalities.

Values come from a few aggregate queries (GROUP BY unit, indicator, year); the only Python
loops run over those aggregated rows, never over individual values. Derived indicators are
evaluated on the aggregated inputs, so a group's ratio is the sum of numerators over the sum
of denominators, never the mean of the members' ratios.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, F, IntegerField, Sum, When

from bibliotekos.models import (
    OUTLET_KINDS,
    Library,
    LibraryKind,
    Municipality,
    MunicipalityPopulation,
)
from portalas.memo import per_request
from statistika.expressions import compile_expression
from statistika.models import Formula, Indicator, RecordedAt, Value

LEVELS = ("library", "system", "municipality", "county", "territory")
GROUPS = ("public", "school")
POPULATION = "population_served"
TERRITORY = "territory"
# Figures no form asks: a system's sum of one indicator over its outlets of some kinds
# (users of city and of rural libraries, for the city and rural penetration). Mobile
# libraries serve both and count as neither.
BY_OUTLET_KIND = {
    "users_city": ("users_registered", {LibraryKind.CENTRAL, LibraryKind.CITY_BRANCH}),
    "users_rural": ("users_registered", {LibraryKind.RURAL_BRANCH, LibraryKind.SERVICE_POINT}),
}
PRECISION = Decimal("0.000001")  # derived values: six decimals, rounded half-even

Key = tuple[str, int, str]  # (unit key, year, indicator code)


@dataclass
class Unit:
    key: str
    name: str
    level: str
    library_id: int | None = None
    municipality_id: int | None = None
    kind: str = ""


@dataclass
class Table:
    """Values by (unit key, year, indicator code); ``None`` is "not known"/"not defined".

    An aggregated table (municipalities, the territory) also keeps the units it summed
    (``base``, ``members``), so a ratio can be computed over **matched pairs**, and
    ``coverage`` says, per derived value, how many of the members reported every input
    ("pateikė 10 iš 11")."""

    level: str
    units: dict[str, Unit] = field(default_factory=dict)
    values: dict[Key, Decimal | None] = field(default_factory=dict)
    formulas: dict[tuple[str, int], Formula] = field(default_factory=dict)
    base: "Table | None" = None
    members: dict[str, list[str]] = field(default_factory=dict)
    coverage: dict[Key, tuple[int, int]] = field(default_factory=dict)
    population: dict[tuple[int, int], int] = field(default_factory=dict)

    def get(self, unit: str, year: int, code: str):
        return self.values.get((unit, year, code))

    def covered(self, unit: str, year: int, code: str) -> tuple[int, int] | None:
        """(members that reported every input, members) of an aggregated derived value;
        None where the value is not an aggregate."""
        return self.coverage.get((unit, year, code))


def _system_of():
    """SQL for "the system this library belongs to" (a system is at most 3 levels up)."""
    whens = [When(library__kind=LibraryKind.SYSTEM, then=F("library_id"))]
    path = "library"
    for _depth in range(3):
        whens.append(When(**{f"{path}__parent__kind": LibraryKind.SYSTEM},
                          then=F(f"{path}__parent_id")))
        path += "__parent"
    return Case(*whens, output_field=IntegerField())


def _indicators(codes) -> dict[str, Indicator]:
    """The catalogue entries of the codes (the whole catalogue is read once per request)."""
    catalogue = per_request("statistika:catalogue",
                            lambda: {i.code: i for i in Indicator.objects.all()})
    return {code: catalogue[code] for code in codes if code in catalogue}


def _library_table(codes, years, libraries) -> Table:
    table = Table(level="library")
    rows = (Value.objects.filter(indicator__code__in=codes, year__in=years,
                                 library__in=libraries)
            .values_list("library__code", "year", "indicator__code", "value"))
    for code, year, indicator, value in rows:
        table.values[(code, year, indicator)] = value
    for library in libraries.select_related("municipality"):
        table.units[library.code] = Unit(library.code, library.name, "library", library.pk,
                                         library.municipality_id, library.kind)
    return table


def _population(years, municipality_ids=None) -> dict[tuple[int, int], int]:
    rows = MunicipalityPopulation.objects.filter(year__in=years)
    if municipality_ids is not None:
        rows = rows.filter(municipality_id__in=municipality_ids)
    return {(m, y): p for m, y, p in rows.values_list("municipality_id", "year", "population")}


def _system_table(codes, years, systems) -> Table:
    table = Table(level="system")
    indicators = _indicators(codes)
    outlet_codes = [c for c, i in indicators.items() if i.recorded_at == RecordedAt.OUTLET]
    system_ids = list(systems.values_list("pk", flat=True))
    by_id = {}
    for system in systems.select_related("municipality"):
        by_id[system.pk] = system
        table.units[system.code] = Unit(system.code, system.name, "system", system.pk,
                                        system.municipality_id, system.kind)
    own = (Value.objects.filter(indicator__code__in=codes, year__in=years,
                                library_id__in=system_ids)
           .values_list("library_id", "year", "indicator__code", "value"))
    for library_id, year, code, value in own:
        table.values[(by_id[library_id].code, year, code)] = value
    for code in set(codes) & set(BY_OUTLET_KIND):
        source, kinds = BY_OUTLET_KIND[code]
        for system_id, year, total in (
                Value.objects.filter(indicator__code=source, year__in=years,
                                     library__kind__in=kinds, value__isnull=False)
                .annotate(system=_system_of()).filter(system__in=system_ids)
                .values("system", "year").annotate(total=Sum("value"))
                .values_list("system", "year", "total")):
            table.values[(by_id[system_id].code, year, code)] = total
    outlet_codes = [c for c in outlet_codes if c not in BY_OUTLET_KIND]
    summed = (Value.objects.filter(indicator__code__in=outlet_codes, year__in=years,
                                   library__kind__in=OUTLET_KINDS, value__isnull=False)
              .annotate(system=_system_of()).filter(system__in=system_ids)
              .values("system", "year", "indicator__code").annotate(total=Sum("value"))
              .values_list("system", "year", "indicator__code", "total"))
    for system_id, year, code, total in summed:
        table.values[(by_id[system_id].code, year, code)] = total
    if POPULATION in codes:
        population = _population(years)
        for system in by_id.values():
            for year in years:
                key = (system.code, year, POPULATION)
                if table.values.get(key) is None and system.municipality_id:
                    figure = population.get((system.municipality_id, year))
                    if figure is not None:
                        table.values[key] = Decimal(figure)
    return table


def _sum_into(target: Table, unit_key: str, source: dict, member_keys, years, codes) -> None:
    for year in years:
        for code in codes:
            known = [source[(k, year, code)] for k in member_keys
                     if source.get((k, year, code)) is not None]
            if known:
                target.values[(unit_key, year, code)] = sum(known, Decimal(0))


def _group_members(group: str, libraries) -> tuple[Table, dict]:
    """The group's units at their own level, and their municipality ids."""
    if group == "school":
        members = libraries.filter(kind=LibraryKind.SCHOOL)
        return members, {lib.code: lib.municipality_id for lib in members}
    members = libraries.filter(kind=LibraryKind.SYSTEM)
    return members, {lib.code: lib.municipality_id for lib in members}


def primary_table(*, codes, years, level: str = "library", group: str = "public",
                  libraries=None, user=None, base: Table | None = None) -> Table:
    """Primary indicator values at a level. ``libraries`` (or the user's scope) limits the
    units that count. ``base``: the group's table at the system (public) or library
    (school) level, already read for at least these codes and years — several levels built
    from one reading (the regional analysis reads each group's values once)."""
    if level not in LEVELS or group not in GROUPS:
        raise ValueError(f"unknown level {level!r} or group {group!r}")
    codes, years = list(codes), list(years)
    if libraries is None:
        libraries = Library.objects.all()
    if user is not None:
        libraries = libraries.filter(pk__in=Library.objects.visible_to(user).values("pk"))
    if level == "library":
        return _library_table(codes, years, libraries)
    members, municipality_of = _group_members(group, libraries)
    if base is None:
        base = (_system_table(codes, years, members) if group == "public"
                else _library_table(codes, years, members))
    if level == "system":
        return base
    municipalities = Municipality.objects.filter(pk__in=set(municipality_of.values()) - {None})
    population = _population(years, [m.pk for m in municipalities])
    table = Table(level=level, base=base, population=population)
    if level in ("municipality", "county"):
        groups: dict[str, tuple[Unit, list[int]]] = {}
        if level == "municipality":
            for municipality in municipalities:
                groups[municipality.code] = (Unit(municipality.code, municipality.name,
                                                  "municipality",
                                                  municipality_id=municipality.pk),
                                             [municipality.pk])
        else:  # the territory's counties, each summing its municipalities
            for municipality in municipalities.filter(in_territory=True).select_related(
                    "county"):
                county = municipality.county
                groups.setdefault(county.code, (Unit(county.code, county.name, "county"),
                                                []))[1].append(municipality.pk)
        for key, (unit, ids) in groups.items():
            keys = [k for k, m in municipality_of.items() if m in ids]
            table.units[key] = unit
            table.members[key] = keys
            _sum_into(table, key, base.values, keys, years, codes)
            if POPULATION in codes:
                for year in years:
                    figures = [population[(m, year)] for m in ids if (m, year) in population]
                    if figures:
                        table.values[(key, year, POPULATION)] = Decimal(sum(figures))
        return table
    inside = {m.pk for m in municipalities if m.in_territory}
    keys = [k for k, m in municipality_of.items() if m in inside]
    table.units[TERRITORY] = Unit(TERRITORY, "", "territory")
    table.members[TERRITORY] = keys
    _sum_into(table, TERRITORY, base.values, keys, years, codes)
    if POPULATION in codes:
        for year in years:
            figures = [population[(m, year)] for m in inside if (m, year) in population]
            if figures:
                table.values[(TERRITORY, year, POPULATION)] = Decimal(sum(figures))
    return table


def formulas_for(codes, years) -> dict[tuple[str, int], Formula]:
    """The formula version valid in each year, for each derived indicator."""
    chosen = {}
    codes = set(codes)
    every = per_request("statistika:formulas", lambda: list(
        Formula.objects.select_related("indicator").order_by("valid_from")))
    formulas = [f for f in every if f.indicator.code in codes]
    for year in years:
        for formula in formulas:
            if formula.valid_from <= year and (formula.valid_to is None
                                               or formula.valid_to >= year):
                chosen[(formula.indicator.code, year)] = formula
    return chosen


def derived_table(*, codes, years, level: str = "library", group: str = "public",
                  libraries=None, user=None, inputs: Table | None = None) -> Table:
    """Derived indicators, each computed by the formula version valid in its year on the
    level's (aggregated) inputs."""
    codes, years = list(codes), list(years)
    formulas = formulas_for(codes, years)
    names = set()
    for formula in formulas.values():
        names |= compile_expression(formula.expression).names
    if inputs is None:
        inputs = primary_table(codes=names, years=years, level=level, group=group,
                               libraries=libraries, user=user)
    table = Table(level=level, units=inputs.units, formulas=formulas)
    for unit in inputs.units:
        for year in years:
            for code in codes:
                formula = formulas.get((code, year))
                if formula is None:
                    continue
                expression = compile_expression(formula.expression)
                if inputs.base is not None and unit in inputs.members:
                    found, counted = _matched(inputs, unit, year, expression.names)
                    table.coverage[(unit, year, code)] = counted
                else:
                    found = {name: inputs.values.get((unit, year, name))
                             for name in expression.names}
                result = expression.evaluate(found)
                table.values[(unit, year, code)] = None if result is None else \
                    result.quantize(PRECISION)
    return table


def _matched(inputs: Table, unit: str, year: int, names) -> tuple[dict, tuple[int, int]]:
    """A group's inputs for one formula summed over its **matched** members only — those
    that reported every input — so a member that gave loans but not users does not pull
    the territory's loans per user up (or a missing numerator silently pull it down).
    Population is the municipalities' official figure, counted once per municipality
    however many members it has (a member's own "population served" where there is
    none). Also (matched members, members)."""
    members = inputs.members[unit]
    base = inputs.base
    counted = [name for name in names if name != POPULATION]
    per_resident = POPULATION in names

    def residents(key):
        municipality = base.units[key].municipality_id
        if (municipality, year) in inputs.population:
            return ("municipality", municipality), Decimal(inputs.population[(municipality,
                                                                              year)])
        return ("member", key), base.values.get((key, year, POPULATION))

    def reported(key):
        if per_resident and residents(key)[1] is None:
            return False
        return all(base.values.get((key, year, name)) is not None for name in counted)

    complete = [key for key in members if reported(key)]
    sums = {name: (sum((base.values[(key, year, name)] for key in complete), Decimal(0))
                   if complete else None) for name in counted}
    if per_resident:
        sums[POPULATION] = (sum(dict(residents(key) for key in complete).values(), Decimal(0))
                            if complete else None)
    return sums, (len(complete), len(members))


def explain(*, unit: str, year: int, code: str, level: str = "library",
            group: str = "public", user=None) -> dict | None:
    """A derived value with its formula version and inputs (for the "how was this
    computed" view)."""
    formula = formulas_for([code], [year]).get((code, year))
    if formula is None:
        return None
    expression = compile_expression(formula.expression)
    libraries = None
    if level in {"library", "system"}:
        libraries = Library.objects.filter(code=unit)
    inputs = primary_table(codes=expression.names, years=[year], level=level, group=group,
                           libraries=libraries, user=user)
    if unit not in inputs.units:
        return None
    values = {name: inputs.values.get((unit, year, name)) for name in expression.names}
    indicators = _indicators(expression.names | {code})
    return {
        "unit": inputs.units[unit],
        "year": year,
        "indicator": indicators[code],
        "formula": formula,
        "inputs": [{"indicator": indicators.get(name), "code": name, "value": values[name]}
                   for name in sorted(expression.names)],
        "result": expression.evaluate(values),
    }


def long_rows(table: Table, codes, years):
    """Rows ``year, level, library_code, indicator_code, value`` for exports."""
    for unit in sorted(table.units):
        for year in years:
            for code in codes:
                key = (unit, year, code)
                if key in table.values:
                    yield [year, table.level, unit, code, table.values[key]]


def library_years(library: Library) -> list[int]:
    """Years with any value for the library or (for a system) its outlets."""
    from bibliotekos.scoping import descendant_ids

    ids = {library.pk} | descendant_ids([library.pk])
    return list(Value.objects.filter(library_id__in=ids).order_by("year")
                .values_list("year", flat=True).distinct())


def export_table(*, year: int, level: str, group: str, derived: bool, user=None):
    """Header and rows ``year, level, library_code, indicator_code, value`` (stored
    precision): the import's own column names, so a library-level export imports back."""
    indicators = Indicator.objects.valid_in(year).filter(derived=derived)
    if not derived:
        indicators = indicators.exclude(value_type="text")
    codes = list(indicators.values_list("code", flat=True))
    builder = derived_table if derived else primary_table
    table = builder(codes=codes, years=[year], level=level, group=group, user=user)
    return ["year", "level", "library_code", "indicator_code", "value"], \
        long_rows(table, codes, [year])


# --- a library's key figures over years: one selector for the card, its PDF and the profile ---

CARD_PRIMARY = ["users_registered", "visits", "loans", "collection_items", "events", "staff"]
CARD_DERIVED = ["penetration_pct", "loans_per_user", "visits_per_user", "collection_turnover"]


@dataclass
class KeyFigures:
    library: Library
    level: str
    years: list[int]
    rows: list[dict]          # {"indicator", "code", "derived", "values": [value per year]}
    primary: Table
    derived: Table

    def value(self, code: str, year: int):
        table = self.derived if any(r["code"] == code and r["derived"] for r in self.rows) \
            else self.primary
        return table.get(self.library.code, year, code)


def key_figures(library: Library, *, user, years=None, last: int = 3,
                primary_codes=None, derived_codes=None) -> KeyFigures:
    """A library's key figures (a system's with its outlets summed) for the given years, or
    the last ``last`` years with data, in the order the codes are given; every place that
    shows "a library's figures over the years" reads them from here."""
    primary_codes = list(primary_codes or CARD_PRIMARY)
    derived_codes = list(derived_codes or CARD_DERIVED)
    if years is None:
        years = sorted(library_years(library))[-last:]
    level = "system" if library.kind == LibraryKind.SYSTEM else "library"
    only = Library.objects.filter(pk=library.pk)
    primary = primary_table(codes=primary_codes, years=years, level=level, libraries=only,
                            user=user) if years else Table(level=level)
    derived = derived_table(codes=derived_codes, years=years, level=level, libraries=only,
                            user=user) if years else Table(level=level)
    indicators = _indicators(primary_codes + derived_codes)
    rows = []
    for code, table, is_derived in ([(c, primary, False) for c in primary_codes]
                                    + [(c, derived, True) for c in derived_codes]):
        if code in indicators:
            rows.append({"indicator": indicators[code], "code": code, "derived": is_derived,
                         "values": [table.get(library.code, year, code) for year in years]})
    return KeyFigures(library, level, list(years), rows, primary, derived)
