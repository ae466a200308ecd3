"""The table builder: chosen indicators × chosen units × chosen years.

Units are written as short keys (they travel in a shareable URL and in a document job's
parameters):

- ``lib:<code>`` — a library the person may see (a system with its outlets summed);
- ``mun:<code>`` — a municipality's public libraries (whole-territory roles only);
- ``territory`` — the territory's municipal public libraries;
- ``lt`` — Lithuania (LNB's published figures, where staff entered them);
- ``grp:<pk>`` — a saved comparison group the person may see;
- ``crit:<kind>:<band>`` — an unsaved criteria group: libraries of one kind in the
  territory, optionally in municipalities of one population band.

A group is an aggregate: primary indicators are sums over its members, derived ones the
sum of numerators over the sum of denominators of the members that reported every input
(matched pairs, as the dashboards' group ratios), with the 10th/50th/90th percentile of
the members' own values beside it. A librarian sees only their own libraries' figures and
anonymous aggregates of criteria groups: never a hand-picked set, no aggregate of fewer
than five libraries (nor a figure fewer than five of them reported), and of two aggregates
whose member sets differ by fewer than five libraries the smaller is suppressed, so no
difference isolates one library.

Every read is set-based: the number of queries does not grow with the number of units.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from bibliotekos.models import Library, LibraryKind, Municipality, MunicipalityPopulation
from portalas.numbers import percentile
from statistika.models import (
    POPULATION_BANDS,
    ComparisonGroup,
    Indicator,
    LibraryType,
    NationalFigure,
    PopulationBand,
    ValueType,
)
from statistika.selectors.values import Table, Unit, _sum_into, derived_table, primary_table

MIN_AGGREGATE = 5          # units behind any aggregate a librarian sees
MAX_INDICATORS = 20
MAX_UNITS = 60
MAX_YEARS = 15
DEFAULT_CODES = ["users_registered", "loans", "loans_per_user"]
NATIONAL_PREFER = (LibraryType.PUBLIC, LibraryType.ALL)
KIND_CHOICES = [(k.value, k.label) for k in LibraryKind]


class NotAvailable(Exception):
    """A unit, group or indicator outside what the person may use (answered with 404)."""


@dataclass
class BuilderUnit:
    key: str
    label: str
    kind: str                       # library | municipality | territory | national | group
    library: Library | None = None
    members: frozenset[int] = frozenset()        # library ids behind an aggregate
    group: ComparisonGroup | None = None
    suppressed: str = ""            # why a librarian is not shown this aggregate

    @property
    def is_aggregate(self) -> bool:
        return self.kind in {"group", "territory"}


@dataclass
class Cell:
    value: Decimal | None = None
    coverage: tuple[int, int] | None = None      # (members that reported, members)
    band: dict | None = None                      # {"p10", "p50", "p90", "count"}
    hidden: bool = False                          # fewer than five reported (librarian)


@dataclass
class BuilderTable:
    indicators: list[Indicator]
    years: list[int]
    units: list[BuilderUnit]
    cells: dict[tuple[str, str, int], Cell] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def cell(self, unit: str, code: str, year: int) -> Cell:
        return self.cells.get((unit, code, year)) or Cell()

    def value(self, unit: str, code: str, year: int):
        return self.cell(unit, code, year).value

    @property
    def columns(self) -> list[tuple[Indicator, int]]:
        return [(indicator, year) for indicator in self.indicators for year in self.years]

    def rows(self) -> list[dict]:
        """Units as rows, indicator × year as columns (what the page and the XLSX show)."""
        return [{"unit": unit, "cells": [(indicator, year, self.cell(unit.key, indicator.code,
                                                                      year))
                                         for indicator, year in self.columns]}
                for unit in self.units]

    def transposed(self) -> list[dict]:
        """Indicator × year as rows, units as columns."""
        return [{"indicator": indicator, "year": year,
                 "cells": [(unit, self.cell(unit.key, indicator.code, year))
                           for unit in self.units]}
                for indicator, year in self.columns]

    def series(self, code: str) -> list[tuple[str, list]]:
        return [(unit.label, [self.value(unit.key, code, year) for year in self.years])
                for unit in self.units if not unit.suppressed]


# --- the catalogue and the units a person may choose ----------------------------------------

def indicator_choices() -> list[tuple[str, list[Indicator]]]:
    """Numeric indicators grouped by catalogue section, in the catalogue's order."""
    groups: dict[str, tuple[str, list[Indicator]]] = {}
    for indicator in (Indicator.objects.exclude(value_type=ValueType.TEXT)
                      .select_related("section")
                      .order_by("section__order", "section__pk", "order", "code")):
        groups.setdefault(indicator.section.code, (indicator.section.name, []))[1].append(
            indicator)
    return list(groups.values())


def library_choices(user):
    return Library.objects.visible_to(user).select_related("municipality").order_by(
        "municipality__name", "kind", "name")


def municipality_choices(user):
    if not user.sees_whole_territory:
        return Municipality.objects.none()
    return Municipality.objects.filter(in_territory=True).order_by("name")


def group_choices(user):
    return ComparisonGroup.objects.visible_to(user).select_related("owner")


def criteria_key(kind: str, band: str = "") -> str:
    return f"crit:{kind}:{band}"


def criteria_label(kind: str, band: str = "") -> str:
    label = str(LibraryKind(kind).label)
    if band:
        label += f", {PopulationBand(band).label}"
    return label


def _territory_libraries():
    return Library.objects.filter(Q(municipality__in_territory=True)
                                  | Q(municipality__isnull=True))


def _band_of(population: int | None) -> str | None:
    if population is None:
        return None
    for band, (low, high) in POPULATION_BANDS.items():
        if population >= low and (high is None or population < high):
            return band
    return None


def _criteria_members(criteria: list[tuple[str, str]], year: int) -> dict[tuple[str, str],
                                                                          frozenset[int]]:
    """Member ids of each (kind, band) criteria group, from two queries. A municipality's
    band is by its population in ``year`` (else its latest figure)."""
    if not criteria:
        return {}
    kinds = {kind for kind, _band in criteria}
    libraries = list(_territory_libraries().filter(kind__in=kinds)
                     .values_list("pk", "kind", "municipality_id"))
    population: dict[int, tuple[int, int]] = {}

    def fitness(figure_year: int) -> tuple[int, int]:  # the latest not after ``year``
        return (1, figure_year) if figure_year <= year else (0, -figure_year)

    for municipality, figure_year, figure in MunicipalityPopulation.objects.values_list(
            "municipality_id", "year", "population"):
        known = population.get(municipality)
        if known is None or fitness(figure_year) > fitness(known[0]):
            population[municipality] = (figure_year, figure)
    bands = {m: _band_of(p) for m, (_y, p) in population.items()}
    return {(kind, band): frozenset(pk for pk, k, m in libraries
                                    if k == kind and (not band or bands.get(m) == band))
            for kind, band in criteria}


def resolve_units(keys, user, year: int) -> list[BuilderUnit]:
    """The units of the keys, in the given order, each checked against what ``user`` may
    use; anything else raises ``NotAvailable``."""
    keys = list(dict.fromkeys(k for k in keys if k))
    if len(keys) > MAX_UNITS:
        raise NotAvailable("too many units")
    staff = user.sees_whole_territory
    library_codes, municipality_codes, group_ids, criteria = [], [], [], []
    for key in keys:
        prefix, _sep, rest = key.partition(":")
        if prefix == "lib" and rest:
            library_codes.append(rest)
        elif prefix == "mun" and rest and staff:
            municipality_codes.append(rest)
        elif prefix == "grp" and rest.isdigit():
            group_ids.append(int(rest))
        elif prefix == "crit":
            kind, _sep, band = rest.partition(":")
            if kind not in LibraryKind.values or (band and band not in POPULATION_BANDS):
                raise NotAvailable(key)
            criteria.append((kind, band))
        elif key not in ("territory", "lt"):
            raise NotAvailable(key)
    libraries = {lib.code: lib for lib in Library.objects.visible_to(user)
                 .filter(code__in=library_codes)} if library_codes else {}
    municipalities = {m.code: m for m in Municipality.objects.filter(
        code__in=municipality_codes)} if municipality_codes else {}
    groups = {g.pk: g for g in ComparisonGroup.objects.visible_to(user)
              .filter(pk__in=group_ids).prefetch_related("libraries")} if group_ids else {}
    for group in groups.values():
        if not group.hand_picked:
            kind, band = group.criteria.get("kind", ""), group.criteria.get("band", "")
            if kind in LibraryKind.values:
                criteria.append((kind, band))
    members = _criteria_members(criteria, year)
    territory_members = members_of_territory() if "territory" in keys else frozenset()
    units = []
    for key in keys:
        prefix, _sep, rest = key.partition(":")
        if prefix == "lib":
            if rest not in libraries:
                raise NotAvailable(key)
            units.append(BuilderUnit(key, libraries[rest].name, "library", libraries[rest]))
        elif prefix == "mun":
            if rest not in municipalities:
                raise NotAvailable(key)
            units.append(BuilderUnit(key, municipalities[rest].name, "municipality"))
        elif prefix == "grp":
            group = groups.get(int(rest))
            if group is None:
                raise NotAvailable(key)
            if group.hand_picked:
                ids = frozenset(lib.pk for lib in group.libraries.all())
            else:
                ids = members.get((group.criteria.get("kind", ""),
                                   group.criteria.get("band", "")), frozenset())
            units.append(BuilderUnit(key, group.name, "group", members=ids, group=group))
        elif prefix == "crit":
            kind, _sep, band = rest.partition(":")
            units.append(BuilderUnit(key, criteria_label(kind, band), "group",
                                     members=members[(kind, band)]))
        elif key == "territory":
            units.append(BuilderUnit(key, _("Territory"), "territory",
                                     members=territory_members))
        else:
            units.append(BuilderUnit(key, _("Lithuania"), "national"))
    if not staff:
        suppress_revealing(units)
    return units


def members_of_territory() -> frozenset[int]:
    return frozenset(Library.objects.filter(kind=LibraryKind.SYSTEM,
                                            municipality__in_territory=True)
                     .values_list("pk", flat=True))


def suppress_revealing(units: list[BuilderUnit]) -> None:
    """Mark the aggregates a librarian may not see: fewer than five members, or a member
    set that differs from a larger (or equal, earlier) shown one by one to four libraries —
    their difference would be a small group's, or one library's, figure."""
    shown: list[BuilderUnit] = []
    aggregates = [u for u in units if u.is_aggregate]
    for unit in sorted(aggregates, key=lambda u: -len(u.members)):
        if len(unit.members) < MIN_AGGREGATE:
            unit.suppressed = _("fewer than %(n)s libraries") % {"n": MIN_AGGREGATE}
            continue
        clash = next((other for other in shown
                      if 0 < len(unit.members ^ other.members) < MIN_AGGREGATE), None)
        if clash is not None:
            unit.suppressed = _("differs from “%(other)s” by fewer than %(n)s libraries") % {
                "other": clash.label, "n": MIN_AGGREGATE}
            continue
        shown.append(unit)


# --- the numbers ------------------------------------------------------------------------------

def _formula_names(codes, years) -> set[str]:
    from statistika.selectors.analysis import _formula_inputs

    return _formula_inputs(codes, years) if codes else set()


def _merge(*tables: Table) -> Table:
    merged = Table(level="library")
    for table in tables:
        merged.units.update(table.units)
        merged.values.update(table.values)
    return merged


def build_table(*, user, codes, years, units: list[BuilderUnit]) -> BuilderTable:
    """The values of every (unit, indicator, year), read set-based: the members of every
    library and group unit in one library-level and one system-level read, municipalities
    and the territory as the dashboards read them, Lithuania in one query."""
    catalogue = {i.code: i for i in Indicator.objects.filter(code__in=list(codes))
                 .exclude(value_type=ValueType.TEXT)}
    indicators = [catalogue[c] for c in codes if c in catalogue]
    years = sorted(set(years))
    result = BuilderTable(indicators=indicators, years=years, units=units)
    derived = [i.code for i in indicators if i.derived]
    primary = [i.code for i in indicators if not i.derived]
    needed = set(primary) | _formula_names(derived, years)
    staff = user.sees_whole_territory

    # Libraries and the members of groups: each at its own level (a system with its outlets).
    wanted = set()
    for unit in units:
        if unit.kind == "library":
            wanted.add(unit.library.pk)
        elif unit.kind == "group" and not unit.suppressed:
            wanted |= unit.members
    system_ids = set(Library.objects.filter(pk__in=wanted, kind=LibraryKind.SYSTEM)
                     .values_list("pk", flat=True)) if wanted else set()
    parts = []
    if wanted - system_ids:
        parts.append(primary_table(codes=needed, years=years, level="library",
                                   libraries=Library.objects.filter(pk__in=wanted - system_ids)))
    if system_ids:
        parts.append(primary_table(codes=needed, years=years, level="system",
                                   libraries=Library.objects.filter(pk__in=system_ids)))
    base = _merge(*parts)
    base_derived = derived_table(codes=derived, years=years, inputs=base) if derived else None
    code_of = {u.library_id: key for key, u in base.units.items()}

    def own(key: str, code: str, year: int):
        table = base_derived if code in derived else base
        return table.get(key, year, code) if table is not None else None

    for unit in units:
        if unit.kind == "library":
            for code in catalogue:
                for year in years:
                    result.cells[(unit.key, code, year)] = Cell(own(unit.library.code, code,
                                                                    year))

    # Groups: sums over members, ratios over matched pairs, the members' band.
    groups = [u for u in units if u.kind == "group" and not u.suppressed]
    if groups:
        aggregate = Table(level="group", base=base)
        for unit in groups:
            keys = [code_of[pk] for pk in unit.members if pk in code_of]
            aggregate.units[unit.key] = Unit(unit.key, unit.label, "group")
            aggregate.members[unit.key] = keys
            _sum_into(aggregate, unit.key, base.values, keys, years, needed)
        group_derived = derived_table(codes=derived, years=years, level="group",
                                      inputs=aggregate) if derived else None
        for unit in groups:
            keys = aggregate.members[unit.key]
            for code in catalogue:
                for year in years:
                    known = [v for v in (own(k, code, year) for k in keys) if v is not None]
                    if code in derived:
                        value = group_derived.get(unit.key, year, code)
                        covered = group_derived.covered(unit.key, year, code)
                    else:
                        value = aggregate.get(unit.key, year, code)
                        covered = (len(known), len(keys))
                    band = None
                    if len(known) >= MIN_AGGREGATE:
                        band = {"count": len(known), **{
                            f"p{q}": percentile(known, Decimal(q) / 100) for q in (10, 50, 90)}}
                    hidden = not staff and (covered is None or covered[0] < MIN_AGGREGATE)
                    result.cells[(unit.key, code, year)] = Cell(
                        None if hidden else value, covered, None if hidden else band, hidden)

    # Municipalities and the territory: the dashboards' own reading.
    for level, wanted_units in (("municipality", [u for u in units if u.kind == "municipality"]),
                                ("territory", [u for u in units if u.kind == "territory"
                                               and not u.suppressed])):
        if not wanted_units:
            continue
        libraries = None
        if level == "municipality":
            libraries = Library.objects.filter(municipality__code__in=[
                u.key.partition(":")[2] for u in wanted_units])
        inputs = primary_table(codes=needed, years=years, level=level, libraries=libraries)
        ratios = derived_table(codes=derived, years=years, level=level,
                               inputs=inputs) if derived else None
        for unit in wanted_units:
            key = unit.key.partition(":")[2] if level == "municipality" else "territory"
            for code in catalogue:
                for year in years:
                    table = ratios if code in derived else inputs
                    cell = Cell(table.get(key, year, code), table.covered(key, year, code))
                    if level == "territory" and code not in derived:
                        members = inputs.members.get(key, [])
                        cell.coverage = (sum(1 for m in members
                                             if inputs.base.get(m, year, code) is not None),
                                         len(members))
                    if not staff and (cell.coverage is None
                                      or cell.coverage[0] < MIN_AGGREGATE):
                        cell = Cell(None, cell.coverage, None, True)
                    result.cells[(unit.key, code, year)] = cell

    # Lithuania: the published figures of public libraries (else of all libraries).
    if any(u.kind == "national" for u in units):
        found: dict[tuple[str, int], dict[str, Decimal]] = {}
        for code, year, library_type, value in NationalFigure.objects.filter(
                indicator__code__in=list(catalogue), year__in=years,
                library_type__in=list(NATIONAL_PREFER)).values_list(
                "indicator__code", "year", "library_type", "value"):
            found.setdefault((code, year), {})[library_type] = value
        for unit in units:
            if unit.kind != "national":
                continue
            for (code, year), by_type in found.items():
                chosen = next(t for t in NATIONAL_PREFER if t in by_type)
                result.cells[(unit.key, code, year)] = Cell(by_type[chosen])

    for unit in units:
        if unit.suppressed:
            result.notes.append(_("“%(unit)s” is not shown: %(why)s.") % {
                "unit": unit.label, "why": unit.suppressed})
    if any(c.hidden for c in result.cells.values()):
        result.notes.append(_("Figures that fewer than %(n)s libraries reported are not "
                              "shown.") % {"n": MIN_AGGREGATE})
    return result


def builder_table(*, user, codes, unit_keys, year_from: int, year_to: int) -> BuilderTable:
    """The whole use: check the request within the person's scope and build the table."""
    codes = list(dict.fromkeys(codes))
    if not codes or len(codes) > MAX_INDICATORS:
        raise NotAvailable("indicators")
    if year_to < year_from or year_to - year_from >= MAX_YEARS:
        raise NotAvailable("years")
    known = set(Indicator.objects.filter(code__in=codes).exclude(value_type=ValueType.TEXT)
                .values_list("code", flat=True))
    if set(codes) - known:
        raise NotAvailable("indicators")
    units = resolve_units(unit_keys, user, year_to)
    return build_table(user=user, codes=codes, years=range(year_from, year_to + 1),
                       units=units)
