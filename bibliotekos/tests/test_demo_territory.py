"""The demo territory (``manage.py demo_data``): the municipal libraries under their own
names, the municipalities' published populations, a network that changes the way the
region's did, and the codes and accounts the README and the browser tests rely on."""

import os
from datetime import date

import pytest
from django.core.management import call_command

from bibliotekos.demo import CLOSED, POPULATION
from bibliotekos.models import Library, LibraryKind, Membership, Municipality, Person

pytestmark = pytest.mark.django_db(transaction=True)

# As each library writes its name on its own site (Kretinga's and Šilutė's short forms).
NAMES = {
    "SVB-KLM": "Klaipėdos miesto savivaldybės Imanuelio Kanto viešoji biblioteka",
    "SVB-KLR": "Klaipėdos rajono savivaldybės Jono Lankučio viešoji biblioteka",
    "SVB-KRE": "Kretingos Motiejaus Valančiaus viešoji biblioteka",
    "SVB-PAL": "Palangos miesto savivaldybės viešoji biblioteka",
    "SVB-SKU": "Skuodo rajono savivaldybės Romualdo Granausko viešoji biblioteka",
    "SVB-NER": "Neringos savivaldybės Viktoro Miliūno viešoji biblioteka",
    "SVB-SIL": "Šilutės Fridricho Bajoraičio viešoji biblioteka",
    "SVB-TAU": "Tauragės Birutės Baltrušaitytės viešoji biblioteka",
    "SVB-JUR": "Jurbarko rajono savivaldybės viešoji biblioteka",
    "SVB-PAG": "Pagėgių savivaldybės Vydūno viešoji biblioteka",
    "SVB-SLA": "Šilalės rajono savivaldybės viešoji biblioteka",
    "KAVB": "Klaipėdos apskrities viešoji Ievos Simonaitytės biblioteka",
}
# Published figures the series must pass through (censuses, Statistics Lithuania).
PUBLISHED = {("KLM", 2016): 154_300, ("KLM", 2021): 152_008, ("KLM", 2023): 156_745,
             ("KLR", 2021): 56_964, ("KRE", 2021): 37_639, ("PAL", 2020): 16_141,
             ("PAL", 2021): 16_746, ("SKU", 2021): 16_250, ("NER", 2021): 3_609,
             ("SIL", 2021): 39_067, ("TAU", 2021): 38_002, ("JUR", 2022): 24_787,
             ("PAG", 2021): 7_440}


def _load_demo():
    from statistika.services.catalogue import install_default_catalogue

    install_default_catalogue()
    with open(os.devnull, "w") as quiet:
        call_command("demo_data", quiet_accounts=True, stdout=quiet)


def test_the_demo_territory_is_the_real_one_with_the_codes_the_screens_rely_on():
    _load_demo()  # once: it takes a while
    _names_codes_and_accounts()
    _populations_follow_the_published_figures()
    _the_network_changes_the_way_the_regions_did()
    _people_have_a_first_day_of_library_work()


def _names_codes_and_accounts():
    assert Municipality.objects.count() == 11
    assert dict(Library.objects.filter(code__in=NAMES).values_list("code", "name")) == NAMES

    # The codes and accounts of the README and the browser tests.
    kretinga = Library.objects.get(code="SVB-KRE")
    assert Membership.objects.filter(library=kretinga, role=Membership.Role.DIRECTOR,
                                     user__email="bibliotekininkas@demo.lt").exists()
    darbenai = Library.objects.get(code="SVB-KRE-F02")
    assert darbenai.name == "Darbėnų filialas"
    assert darbenai.memberships.filter(user__email="filialas@demo.lt").exists()
    school = Library.objects.get(code="MB-KRE-001")
    assert school.name == "Kretingos Simono Daukanto progimnazijos biblioteka"
    assert school.memberships.filter(user__email="mokykla@demo.lt").exists()
    # the registry lists the system, its central library and 24 other outlets
    assert Library.objects.filter(municipality__code="KRE").outlets().count() == 1 + 24
    assert Library.objects.filter(name__contains="Rusnės", kind__in=[
        LibraryKind.CITY_BRANCH, LibraryKind.RURAL_BRANCH]).count() == 1

    # Branches are named after their places, service points too.
    for library in Library.objects.outlets().exclude(kind__in=[LibraryKind.CENTRAL,
                                                               LibraryKind.MOBILE]):
        suffix = "paslaugų punktas" if library.kind == LibraryKind.SERVICE_POINT else "filialas"
        assert library.name.endswith(f" {suffix}"), library.name
        assert " g. " not in library.name, library.name


def _populations_follow_the_published_figures():
    series = {}
    for municipality in Municipality.objects.prefetch_related("populations"):
        series[municipality.code] = {p.year: p.population
                                     for p in municipality.populations.all()}
    assert set(series) == set(POPULATION)
    for code, years in series.items():
        assert set(years) >= set(range(2016, 2026)), code
        for year in range(2017, 2026):
            change = years[year] / years[year - 1] - 1
            assert abs(change) < 0.06, (code, year, change)  # no jumps, only trends
    for (code, year), figure in PUBLISHED.items():
        assert series[code][year] == figure, (code, year)
    # The county library's regional report: 415 319 residents in both counties in 2022.
    region = sum(years[2022] for years in series.values())
    assert abs(region / 415_319 - 1) < 0.02
    # Growing suburbs and resorts, shrinking countryside.
    assert series["KLR"][2025] > series["KLR"][2016] * 1.15
    assert series["NER"][2025] > series["NER"][2016]
    for code in ("SKU", "PAG", "SLA", "JUR", "TAU"):
        assert series[code][2025] < series[code][2016] * 0.95, code


def _the_network_changes_the_way_the_regions_did():
    closed = dict(Library.objects.filter(closed__isnull=False).values_list("code", "closed"))
    assert closed == CLOSED
    assert closed["SVB-KRE-F07"] == date(2021, 12, 31)  # the closed branch the screens show
    jurbarkas = {d.year for code, d in closed.items() if code.startswith("SVB-JUR-")}
    assert len(jurbarkas) >= 3  # a branch closes every other year
    rural = Library.objects.filter(municipality__code="JUR", kind=LibraryKind.RURAL_BRANCH)
    assert rural.open_in(2025).count() < rural.open_in(2016).count() - 2
    # Skuodas opened its service points in 2021.
    points = Library.objects.filter(municipality__code="SKU", kind=LibraryKind.SERVICE_POINT)
    assert points.exists() and {p.opened.year for p in points} == {2021}
    # No service point hangs on a closed branch.
    assert not Library.objects.filter(kind=LibraryKind.SERVICE_POINT,
                                      parent__closed__isnull=False).exists()


def _people_have_a_first_day_of_library_work():
    accounts = dict(Person.objects.filter(user__isnull=False)
                    .values_list("user__email", "works_since"))
    assert accounts["bibliotekininkas@demo.lt"] == date(1998, 9, 1)   # the director
    assert None not in accounts.values() and len(accounts) == 3
    people = list(Person.objects.values_list("position", "works_since"))
    dated = [since for _position, since in people if since]
    assert 0 < len(people) - len(dated) < len(people) / 10         # a few have none
    assert {since.year for since in dated} >= {1982, 2024}
    assert min(dated) >= date(1982, 1, 1) and max(dated) <= date(2024, 12, 31)

    def median_year(directors: bool) -> int:
        years = sorted(since.year for position, since in people
                       if since and (position == "direktorė") == directors)
        return years[len(years) // 2]

    assert median_year(True) < median_year(False) - 5             # directors: longer service
