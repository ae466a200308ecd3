"""The territory beside Lithuania and the other counties: the national figure of the library
type that matches the comparison (municipal public libraries are compared with LNB's public
libraries' figure where staff entered one, else with all libraries' — marked so), and the
territory's counties placed among Lithuania's ten on ratios (never on absolute counts of
counties of very different size).

The territory's own county figures are computed from its values (cached with the
statistics version); the published figures are read on every call (two queries), so a
figure staff have just entered shows at once."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from portalas.ordering import lithuanian_key
from statistika.models import CountyFigure, Indicator, LibraryType, LithuanianCounty
from statistika.selectors.figures import county_of, national_values

# Which published figures a group is compared with, most fitting first.
# ("all": a table of every kind of library, e.g. by kind.)
NATIONAL_TYPES = {"public": (LibraryType.PUBLIC, LibraryType.ALL),
                  "school": (LibraryType.SCHOOL,), "all": (LibraryType.ALL,)}
COUNTY_TYPE = {"public": LibraryType.PUBLIC, "school": LibraryType.SCHOOL,
               "all": LibraryType.ALL}


@dataclass
class Place:
    county: str            # the county's name ("Klaipėdos apskritis")
    rank: int              # 1 = the highest value
    of: int                # counties with a figure


@dataclass
class Comparison:
    national: Decimal | None = None
    national_type: str | None = None       # LibraryType of the national figure
    places: list[Place] = field(default_factory=list)
    counties: list[tuple[str, Decimal, bool]] = field(default_factory=list)  # name, value, ours

    @property
    def national_covers_all(self) -> bool:
        """The national figure covers all libraries while the territory's covers one type."""
        return self.national_type == LibraryType.ALL


def own_counties(year: int, group: str, codes) -> dict[str, dict[str, Decimal | None]]:
    """{LithuanianCounty: {code: value}} of the territory's own counties, from its values."""
    from statistika.selectors import analysis
    from statistika.selectors.values import derived_table, primary_table

    codes = sorted(set(codes))

    def build():
        derived_codes = set(Indicator.objects.filter(code__in=codes, derived=True)
                            .values_list("code", flat=True))
        primary_codes = [c for c in codes if c not in derived_codes]
        inputs = primary_table(codes=set(primary_codes) | analysis._formula_inputs(
            derived_codes, [year]), years=[year], level="county", group=group)
        derived = derived_table(codes=derived_codes, years=[year], level="county",
                                group=group, inputs=inputs) if derived_codes else None
        found = {}
        for key, unit in inputs.units.items():
            county = county_of(unit.name)
            if county is None:
                continue
            found[county] = {"name": unit.name, **{
                code: (derived if code in derived_codes else inputs).get(key, year, code)
                for code in codes}}
        return found

    return analysis._cached(f"own-counties:{year}:{group}:{','.join(codes)}", build)


def compare(year: int, group: str, codes) -> dict[str, Comparison]:
    """{code: Comparison} for the codes: the fitting national figure, and for ratios the
    territory's counties' places among the counties that have a figure (only when another
    county's figure is known — a place among the territory's own counties says little)."""
    codes = list(codes)
    ratios = set(Indicator.objects.filter(code__in=codes, derived=True)
                 .values_list("code", flat=True))
    national = national_values(codes, year, prefer=NATIONAL_TYPES[group])
    published: dict[str, dict[str, Decimal]] = {}
    for county, code, value in (CountyFigure.objects
                                .filter(indicator__code__in=list(ratios), year=year,
                                        library_type=COUNTY_TYPE[group])
                                .values_list("county", "indicator__code", "value")):
        published.setdefault(code, {})[county] = value
    ours = own_counties(year, group, ratios) if published and group != "all" else {}
    names = dict(LithuanianCounty.choices)
    found = {}
    for code in codes:
        value, library_type = national.get(code, (None, None))
        comparison = Comparison(national=value, national_type=library_type)
        others = {c: v for c, v in published.get(code, {}).items() if c not in ours}
        if code in ratios and others and ours:
            mine = {c: figures[code] for c, figures in ours.items()
                    if figures.get(code) is not None}
            every = {**others, **mine}
            ordered = sorted(every.items(), key=lambda item: item[1], reverse=True)
            comparison.counties = [(ours[c]["name"] if c in mine else str(names[c]), v,
                                    c in mine) for c, v in ordered]
            for county in sorted(mine, key=lambda c: lithuanian_key(ours[c]["name"])):
                rank = 1 + sum(1 for v in every.values() if v > mine[county])
                comparison.places.append(Place(ours[county]["name"], rank, len(every)))
        found[code] = comparison
    return found


def place_text(places: list[Place]) -> str:
    """ "Klaipėdos apskritis – 3 iš 10; Tauragės apskritis – 7 iš 10" """
    return "; ".join(_("%(county)s – %(rank)s of %(count)s")
                     % {"county": p.county, "rank": p.rank, "count": p.of} for p in places)
