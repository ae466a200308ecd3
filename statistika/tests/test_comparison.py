"""Lithuania and the other counties beside the territory: the fitting national figure,
and the territory's counties placed among the ten on ratios only."""

from decimal import Decimal

import pytest
from django.urls import reverse

from bibliotekos.models import County, Library, LibraryKind, Municipality
from statistika.models import CountyFigure, Indicator, LibraryType, NationalFigure
from statistika.selectors.comparison import compare, place_text

pytestmark = pytest.mark.django_db
D = Decimal


def national(code, value, library_type, year=2024):
    NationalFigure.objects.create(indicator=Indicator.objects.get(code=code), year=year,
                                  value=D(value), library_type=library_type)


def county(name, code, value, year=2024, library_type=LibraryType.PUBLIC):
    CountyFigure.objects.create(county=name, indicator=Indicator.objects.get(code=code),
                                year=year, value=D(value), library_type=library_type)


@pytest.fixture
def two_counties(territory, put):
    """Klaipėda county (Kretinga, Skuodas): 2 600 loans by 150 users = 17,3 per user;
    Tauragė county (Tauragė): 900 loans by 100 users = 9 per user."""
    taurage = County.objects.create(code="TAU", name="Tauragės apskritis")
    municipality = Municipality.objects.create(code="TAU-R", name="Tauragės rajono savivaldybė",
                                               county=taurage)
    system = Library.objects.create(code="SVB-TAU", name="Tauragės viešoji biblioteka",
                                    kind=LibraryKind.SYSTEM, municipality=municipality)
    put(territory.central_a, {"loans": 2_000, "users_registered": 100})
    put(territory.central_b, {"loans": 600, "users_registered": 50})
    put(system, {"loans": 900, "users_registered": 100})
    return territory


def test_public_libraries_are_compared_with_the_public_figure_first(territory):
    national("visits_per_resident", "6.0", LibraryType.ALL)
    national("visits_per_resident", "4.1", LibraryType.PUBLIC)
    national("loans_per_user", "16.7", LibraryType.ALL)
    found = compare(2024, "public", ["visits_per_resident", "loans_per_user"])
    assert found["visits_per_resident"].national == D("4.1")
    assert not found["visits_per_resident"].national_covers_all
    assert found["loans_per_user"].national == D("16.7")          # falls back, marked
    assert found["loans_per_user"].national_covers_all


def test_school_libraries_are_never_compared_with_all_libraries(territory):
    national("loans_per_user", "16.7", LibraryType.ALL)
    assert compare(2024, "school", ["loans_per_user"])["loans_per_user"].national is None
    national("loans_per_user", "11.2", LibraryType.SCHOOL)
    assert compare(2024, "school", ["loans_per_user"])["loans_per_user"].national == D("11.2")


def test_counties_placed_among_the_counties_with_a_figure(two_counties):
    county("kaunas", "loans_per_user", "20.1")
    county("vilnius", "loans_per_user", "12.0")
    county("alytus", "loans_per_user", "8.0")
    found = compare(2024, "public", ["loans_per_user"])["loans_per_user"]
    places = {p.county: (p.rank, p.of) for p in found.places}
    # Kaunas 20,1 > Klaipėda 17,3 > Vilnius 12,0 > Tauragė 9,0 > Alytus 8,0
    assert places == {"Klaipėdos apskritis": (2, 5), "Tauragės apskritis": (4, 5)}
    assert [name for name, _v, ours in found.counties if ours] == ["Klaipėdos apskritis",
                                                                     "Tauragės apskritis"]
    assert place_text(found.places).startswith("Klaipėdos apskritis – 2")


def test_own_computed_figure_wins_over_a_published_one_for_the_same_county(two_counties):
    county("klaipeda", "loans_per_user", "99")
    county("kaunas", "loans_per_user", "20.1")
    found = compare(2024, "public", ["loans_per_user"])["loans_per_user"]
    klaipeda = next(p for p in found.places if p.county == "Klaipėdos apskritis")
    assert (klaipeda.rank, klaipeda.of) == (2, 3)


def test_absolute_counts_are_not_ranked(two_counties):
    county("kaunas", "loans", "9000000")
    assert compare(2024, "public", ["loans"])["loans"].places == []


def test_no_place_without_another_countys_figure(two_counties):
    assert compare(2024, "public", ["loans_per_user"])["loans_per_user"].places == []


def test_overview_shows_lithuania_and_the_place(manager_client, two_counties):
    national("loans_per_user", "16.7", LibraryType.ALL)
    county("kaunas", "loans_per_user", "20.1")
    page = manager_client.get(reverse("statistika:analysis_overview"), {"year": 2024})
    assert page.status_code == 200
    row = next(r for r in page.context["data"]["rows"] if r["code"] == "loans_per_user")
    assert row["compared"].national == D("16.7")
    assert "Klaipėdos apskritis – 2" in row["place"]
    assert page.context["any_place"] and page.context["any_all"]


def test_a_percentage_changes_in_points_a_count_in_percent(manager_client, territory, put):
    from bibliotekos.models import MunicipalityPopulation

    for year in (2024,):
        for municipality, population in ((territory.municipality_a, 39_800),
                                         (territory.municipality_b, 15_200)):
            MunicipalityPopulation.objects.create(municipality=municipality, year=year,
                                                  population=population)
    put(territory.central_a, {"users_registered": 3_980}, year=2024)      # 10 % of 39 800
    put(territory.central_b, {"users_registered": 1_520}, year=2024)      # 10 % of 15 200
    put(territory.central_a, {"users_registered": 4_776}, year=2025)      # 12 %
    put(territory.central_b, {"users_registered": 1_824}, year=2025)      # 12 %
    page = manager_client.get(reverse("statistika:analysis_overview"), {"year": 2025})
    rows = {r["code"]: r for r in page.context["data"]["rows"]}
    assert rows["penetration_pct"]["change"] == D("2")                    # +2 points
    assert rows["penetration_pct"]["change_points"]
    assert round(rows["users_registered"]["change"], 1) == D("20.0")      # +20 %
    assert not rows["users_registered"]["change_points"]
    assert "proc. p." in page.content.decode()


def test_peer_place_counts_the_higher_values():
    from statistika.selectors.analysis import peer_place

    band = {"values": [D(1), D(3), D(3), D(7), D(9)], "count": 5}
    assert peer_place(band, D(9)) == 1
    assert peer_place(band, D(3)) == 3
    assert peer_place(None, D(3)) is None and peer_place(band, None) is None
