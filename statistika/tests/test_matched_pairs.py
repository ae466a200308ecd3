"""A group's ratio counts only the members that reported both sides (matched pairs), and
says how many did ("pateikė 1 iš 2")."""

from decimal import Decimal

import pytest

from bibliotekos.models import Library, LibraryKind, MunicipalityPopulation
from statistika.selectors.values import derived_table

pytestmark = pytest.mark.django_db
D = Decimal


def test_a_member_without_the_numerator_does_not_understate_the_territory(territory, put):
    # Kretinga: 2 000 loans by 100 users; Skuodas reported 50 users but no loans.
    put(territory.central_a, {"loans": 2_000, "users_registered": 100})
    put(territory.central_b, {"users_registered": 50})
    table = derived_table(codes=["loans_per_user"], years=[2024], level="territory")
    # 2 000 / 100 = 20, not 2 000 / 150 = 13,3
    assert table.get("territory", 2024, "loans_per_user") == D("20.000000")
    assert table.covered("territory", 2024, "loans_per_user") == (1, 2)


def test_a_member_without_the_denominator_does_not_overstate_it(territory, put):
    put(territory.central_a, {"loans": 2_000, "users_registered": 100})
    put(territory.central_b, {"loans": 600})
    table = derived_table(codes=["loans_per_user"], years=[2024], level="territory")
    assert table.get("territory", 2024, "loans_per_user") == D("20.000000")   # not 26
    assert table.covered("territory", 2024, "loans_per_user") == (1, 2)


def test_full_coverage_is_plain_sum_over_sum(territory, put):
    put(territory.central_a, {"loans": 2_000, "users_registered": 100})
    put(territory.central_b, {"loans": 600, "users_registered": 50})
    table = derived_table(codes=["loans_per_user"], years=[2024], level="territory")
    assert table.get("territory", 2024, "loans_per_user") == D("17.333333")   # 2600 / 150
    assert table.covered("territory", 2024, "loans_per_user") == (2, 2)


def test_per_resident_counts_only_the_reporting_municipalities_residents(territory, put):
    # 2025 residents: Kretinga 39 800, Skuodas 15 200. Only Kretinga reported users.
    put(territory.central_a, {"users_registered": 3_980}, year=2025)
    table = derived_table(codes=["penetration_pct"], years=[2025], level="territory")
    assert table.get("territory", 2025, "penetration_pct") == D("10.000000")  # not 7,24
    assert table.covered("territory", 2025, "penetration_pct") == (1, 2)


def test_residents_count_once_per_municipality(territory, put):
    # A second system in Kretinga must not double the municipality's residents.
    second = Library.objects.create(code="SVB-KRE-2", name="Antroji sistema",
                                    kind=LibraryKind.SYSTEM,
                                    municipality=territory.municipality_a)
    put(territory.central_a, {"users_registered": 3_000}, year=2025)
    put(second, {"users_registered": 980}, year=2025)
    table = derived_table(codes=["penetration_pct"], years=[2025], level="municipality")
    assert table.get("KRE", 2025, "penetration_pct") == D("10.000000")        # 3980 / 39800
    assert table.covered("KRE", 2025, "penetration_pct") == (2, 2)


def test_a_municipality_without_official_population_uses_population_served(territory, put):
    MunicipalityPopulation.objects.filter(municipality=territory.municipality_b).delete()
    put(territory.system_b, {"population_served": 10_000, "users_registered": 1_000},
        year=2025)
    table = derived_table(codes=["penetration_pct"], years=[2025], level="municipality")
    assert table.get("SKU", 2025, "penetration_pct") == D("10.000000")


def test_nobody_reported_is_not_defined_and_covers_nothing(territory, put):
    table = derived_table(codes=["loans_per_user"], years=[2024], level="municipality")
    assert table.get("SKU", 2024, "loans_per_user") is None
    assert table.covered("SKU", 2024, "loans_per_user") == (0, 1)


def test_a_single_unit_has_no_coverage(territory, put):
    put(territory.central_a, {"loans": 2_000, "users_registered": 100})
    table = derived_table(codes=["loans_per_user"], years=[2024], level="system")
    assert table.get("SVB-KRE", 2024, "loans_per_user") == D("20.000000")
    assert table.covered("SVB-KRE", 2024, "loans_per_user") is None


def test_school_group_ratio_is_matched_too(territory, put):
    other = Library.objects.create(code="MB-KRE-001", name="Kretingos gimnazijos biblioteka",
                                   kind=LibraryKind.SCHOOL,
                                   municipality=territory.municipality_a)
    put(territory.school_b, {"loans": 900, "users_registered": 300})
    put(other, {"users_registered": 500})
    table = derived_table(codes=["loans_per_user"], years=[2024], level="territory",
                          group="school")
    assert table.get("territory", 2024, "loans_per_user") == D("3.000000")
    assert table.covered("territory", 2024, "loans_per_user") == (1, 2)


def test_county_level_sums_its_municipalities_and_matches_pairs(territory, put):
    from bibliotekos.models import County, Municipality, MunicipalityPopulation

    taurage = County.objects.create(code="TAU", name="Tauragės apskritis")
    municipality = Municipality.objects.create(code="TAU-R", name="Tauragės rajono savivaldybė",
                                               county=taurage)
    MunicipalityPopulation.objects.create(municipality=municipality, year=2025,
                                          population=36_000)
    system = Library.objects.create(code="SVB-TAU", name="Tauragės viešoji biblioteka",
                                    kind=LibraryKind.SYSTEM, municipality=municipality)
    put(territory.central_a, {"users_registered": 3_980}, year=2025)
    put(territory.central_b, {"users_registered": 1_520}, year=2025)
    put(system, {"users_registered": 7_200}, year=2025)
    table = derived_table(codes=["penetration_pct"], years=[2025], level="county")
    # Klaipėda county: (3 980 + 1 520) / (39 800 + 15 200) = 10 %; Tauragė: 7 200 / 36 000
    assert table.get("KLA", 2025, "penetration_pct") == D("10.000000")
    assert table.covered("KLA", 2025, "penetration_pct") == (2, 2)
    assert table.get("TAU", 2025, "penetration_pct") == D("20.000000")
