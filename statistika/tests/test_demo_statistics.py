"""The demo's ten years of statistics: the catalogue's checks hold for every library and
year, the municipalities differ the way the region's do, the figures stay near the
published ones and plausible for each kind of outlet, and the special cases the screens
show are there."""

import os
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.management import call_command

from bibliotekos.models import Library, LibraryKind
from statistika.demo import MISSING_YEAR, OUTLIER, YEARS
from statistika.expressions import compile_expression
from statistika.models import Indicator, Rule, Section, Severity, Source, Value
from statistika.selectors.values import derived_table, primary_table

pytestmark = pytest.mark.django_db(transaction=True)

NO_RULE = "demo_made_up_count"  # an indicator the demo has no rule for


def _load_demo():
    from statistika.services.catalogue import install_default_catalogue

    install_default_catalogue()
    Indicator.objects.create(code=NO_RULE, section=Section.objects.first(), name_lt="X",
                             name_en="X", recorded_at="outlet")
    with open(os.devnull, "w") as quiet:
        call_command("demo_data", quiet_accounts=True, stdout=quiet)


def _values() -> dict[tuple[str, int], dict[str, Decimal]]:
    found = defaultdict(dict)
    for library, code, year, value in Value.objects.values_list(
            "library__code", "indicator__code", "year", "value"):
        if value is not None:
            found[(library, year)][code] = value
    return found


def test_the_demo_statistics_are_consistent_distinct_and_true_to_the_region():
    _load_demo()  # once: it takes a while
    values = _values()
    _every_check_holds(values)
    _generated_where_a_rule_knows_the_code(values)
    _municipalities_differ()
    _near_the_published_figures()
    _plausible_for_each_kind(values)
    _the_special_cases_are_there(values)


def _every_check_holds(values):
    """Errors never; warnings only for the deliberate outlier."""
    outlier = (OUTLIER[0], OUTLIER[1])
    failures = []
    for rule in Rule.objects.filter(active=True):
        expression = compile_expression(rule.expression)
        for (library, year), context in values.items():
            if rule.valid_from > year or (rule.valid_to is not None and rule.valid_to < year):
                continue
            if not expression.names <= context.keys() or expression.evaluate(context):
                continue
            if rule.severity == Severity.ERROR or (library, year) != outlier:
                failures.append((rule.severity, rule.code, library, year))
    assert not failures, failures[:20]


def _generated_where_a_rule_knows_the_code(values):
    assert not Value.objects.filter(indicator__code=NO_RULE).exists()
    assert not Value.objects.filter(year__in=YEARS).exclude(source=Source.IMPORT).exists()
    systems = list(Library.objects.filter(kind=LibraryKind.SYSTEM).values_list("code",
                                                                               flat=True))
    for year in YEARS:
        for code in systems + ["KAVB"]:
            assert values[(code, year)].get("downloads", 0) > 0, (code, year)
    for library in Library.objects.outlets().exclude(kind=LibraryKind.CENTRAL):
        for year in YEARS:
            if library.is_open_in(year) and (library.code, year) != MISSING_YEAR:
                figures = values[(library.code, year)]
                for code in ("users_registered", "visits", "visits_virtual", "loans",
                             "events", "event_attendance", "collection_items"):
                    assert code in figures, (library.code, year, code)
    catalogue = set(Indicator.objects.values_list("code", flat=True))
    for code in {"population_children", "population_city", "population_rural"} & catalogue:
        for system in systems:
            assert code in values[(system, 2025)], (system, code)
    if {"population_city", "population_rural"} <= catalogue:
        for system in systems:
            figures = values[(system, 2025)]
            assert figures["population_city"] + figures["population_rural"] \
                == figures["population_served"]


def _table(year, codes, derived):
    primary = primary_table(codes=codes, years=[year], level="municipality")
    return primary, derived_table(codes=derived, years=[year], level="municipality",
                                  inputs=primary)


def _municipalities_differ():
    inputs = ["users_registered", "visits", "loans", "downloads", "population_served"]
    ratios = ["visits_per_user", "penetration_pct", "loans_per_user", "visits_per_resident"]
    _primary, derived = _table(2025, inputs, ratios)

    def by(code):
        return {m: float(derived.get(m, 2025, code)) for m in derived.units}

    visits, penetration = by("visits_per_user"), by("penetration_pct")
    assert max(visits.values()) / min(visits.values()) >= 1.5, visits
    assert max(penetration.values()) / min(penetration.values()) >= 2, penetration
    assert max(by("loans_per_user").values()) / min(by("loans_per_user").values()) >= 1.5
    assert len({round(v) for v in visits.values()}) >= 7  # not the same ratio everywhere
    # The resorts' summer visitors; the smallest municipalities reach the most residents;
    # the city and its growing suburbs the fewest.
    assert set(sorted(visits, key=visits.get)[-2:]) == {"PAL", "NER"}
    assert set(sorted(penetration, key=penetration.get)[-2:]) == {"PAG", "SKU"}
    assert set(sorted(penetration, key=penetration.get)[:2]) == {"KLM", "KLR"}

    before, after = (primary_table(codes=["users_registered", "downloads"], years=[year],
                                   level="municipality") for year in (2016, 2025))

    def change(municipality, code):
        return after.get(municipality, 2025, code) / before.get(municipality, 2016, code)

    municipalities = list(after.units)
    # Jurbarkas closes its branches and loses the most readers.
    assert min(municipalities, key=lambda m: change(m, "users_registered")) == "JUR"
    # Tauragė's e-services: the most downloads per user.
    per_user = {m: after.get(m, 2025, "downloads") / after.get(m, 2025, "users_registered")
                for m in municipalities}
    assert max(per_user, key=per_user.get) == "TAU"


def _near_the_published_figures():
    years = list(range(2019, 2023))
    region = primary_table(codes=["users_registered", "visits", "population_served", "staff",
                                  "staff_professional", "visits_virtual"],
                           years=years, level="territory")

    def get(year, code):
        return float(region.get("territory", year, code))

    # klavb.lt: registered users 90 167 (2019), 80 784 (2020), 69 256 (2021); 501 staff,
    # 407 of them professional librarians (2022); about 3 visits per resident (2021);
    # virtual visits 43 % fewer in 2021.
    for year, published in {2019: 90_167, 2020: 80_784, 2021: 69_256}.items():
        assert abs(get(year, "users_registered") / published - 1) < 0.08, year
    assert abs(get(2022, "staff") / 501 - 1) < 0.08
    assert 0.75 < get(2022, "staff_professional") / get(2022, "staff") < 0.87
    assert 2.5 < get(2021, "visits") / get(2021, "population_served") < 3.5
    assert 0.45 < get(2021, "visits_virtual") / get(2020, "visits_virtual") < 0.7
    # tauragevb.lt: 15.3 visits and 19 loans per user in 2019, 10.4 and 16.3 in 2020.
    inputs = ["users_registered", "visits", "loans"]
    for year, (visits, loans) in {2019: (15.3, 19.0), 2020: (10.4, 16.3)}.items():
        _primary, derived = _table(year, inputs, ["visits_per_user", "loans_per_user"])
        assert abs(float(derived.get("TAU", year, "visits_per_user")) - visits) < 1, year
        assert abs(float(derived.get("TAU", year, "loans_per_user")) - loans) < 1.5, year


def _plausible_for_each_kind(values):
    users = {LibraryKind.SERVICE_POINT: (10, 150), LibraryKind.RURAL_BRANCH: (50, 1_000),
             LibraryKind.CITY_BRANCH: (100, 3_500), LibraryKind.MOBILE: (100, 600),
             LibraryKind.CENTRAL: (300, 10_000), LibraryKind.SCHOOL: (50, 1_500),
             LibraryKind.COUNTY: (5_000, 30_000)}
    central_thousands = 0
    for library in Library.objects.exclude(kind=LibraryKind.SYSTEM):
        low, high = users[library.kind]
        for year in YEARS:
            figure = values.get((library.code, year), {}).get("users_registered")
            if figure is not None:
                assert low <= figure <= high, (library.code, year, figure)
        if library.kind == LibraryKind.CENTRAL:
            central_thousands += values[(library.code, 2025)]["users_registered"] >= 1_000
    assert central_thousands >= 7


def _the_special_cases_are_there(values):
    # A branch closed at the end of 2021: its figures stop there.
    closed = Library.objects.get(code="SVB-KRE-F07")
    assert closed.closed.year == 2021
    assert (closed.code, 2021) in values and (closed.code, 2022) not in values
    # A branch without figures for one year.
    code, year = MISSING_YEAR
    assert (code, year) not in values
    assert (code, year - 1) in values and (code, year + 1) in values
    # One outlier: ten times the branch's usual loans, which the form warns about (the
    # change against last year is over the threshold) but no check rejects.
    code, year, indicator = OUTLIER
    series = {y: values[(code, y)][indicator] for y in (year - 1, year, year + 1)}
    assert series[year] > 5 * series[year - 1] and series[year] > 5 * series[year + 1]
    threshold = Indicator.objects.get(code=indicator).change_threshold_pct
    assert (series[year] / series[year - 1] - 1) * 100 > threshold
