"""The registry import keeps the registry whole: codes unique ignoring case, outlets never
left under a library that may not have them, municipalities and counties consistent, only
plausible dates. Every problem is a row error; nothing is ever half imported."""

from datetime import date, datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from bibliotekos.models import County, Library, LibraryKind, Municipality, Person
from bibliotekos.selectors import LIBRARY_COLUMNS, MUNICIPALITY_COLUMNS
from bibliotekos.services import import_registry
from portalas.tables import as_date, write_csv, write_xlsx

pytestmark = pytest.mark.django_db
HEADER = LIBRARY_COLUMNS[:11]


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


def library(code, name, kind, parent="", municipality="KRE", school="", opened="", closed=""):
    return [code, name, kind, parent, municipality, school, "", "", "", opened, closed]


def libraries_csv(*rows) -> bytes:
    return write_csv(HEADER, rows)


def municipalities_csv(*rows) -> bytes:
    return write_csv(MUNICIPALITY_COLUMNS, rows)


def messages(result) -> list[str]:
    return [f"{error.cell}: {error.message}" for error in result.errors]


def edit_form_data(client, library: Library) -> dict:
    page = client.get(reverse("bibliotekos:library_update", args=[library.pk]))
    return {key: value for key, value in page.context["form"].initial.items()
            if value is not None}


# --- codes are unique ignoring case -----------------------------------------------------------

def test_two_codes_differing_only_in_case_in_one_file_are_a_row_error(territory):
    result = import_registry(data=libraries_csv(
        library("TST-6", "Mokykla", "school", school="Mokykla"),
        library("tst-6", "Mokykla 2", "school", school="Mokykla 2")))
    assert messages(result) == ['row 3, column "code": code tst-6 repeats row 2']
    assert not Library.objects.filter(code__iexact="tst-6").exists()


def test_a_code_in_another_case_updates_the_library_and_keeps_its_spelling(territory):
    result = import_registry(data=libraries_csv(
        library("svb-kre", "Kretingos biblioteka (nauja)", "system")))
    assert result.ok, result.errors
    assert (result.created, result.updated) == (0, 1)
    territory.system_a.refresh_from_db()
    assert territory.system_a.code == "SVB-KRE"
    assert territory.system_a.name == "Kretingos biblioteka (nauja)"
    assert Library.objects.filter(code__iexact="svb-kre").count() == 1


def test_parent_and_municipality_codes_resolve_ignoring_case(territory):
    result = import_registry(data=libraries_csv(
        library("SVB-KRE-F99", "Naujas filialas", "rural_branch", parent="svb-kre-c",
                municipality="kre")))
    assert result.ok, result.errors
    branch = Library.objects.get(code="SVB-KRE-F99")
    assert branch.parent == territory.central_a
    assert branch.municipality == territory.municipality_a


def test_a_parent_code_in_another_case_than_its_own_row_in_the_file_resolves(territory):
    result = import_registry(data=libraries_csv(
        library("NEW-SYS", "Nauja sistema", "system"),
        library("NEW-SYS-C", "Nauja centrinė", "central", parent="new-sys")))
    assert result.ok, result.errors
    assert Library.objects.get(code="NEW-SYS-C").parent.code == "NEW-SYS"


def test_a_library_cannot_name_itself_as_parent_in_another_case(territory):
    result = import_registry(data=libraries_csv(
        library("SVB-KRE-C", "Kretingos centrinė biblioteka", "central", parent="svb-kre-c")))
    assert any("cannot belong to itself" in m for m in messages(result)), messages(result)


def test_people_library_code_resolves_ignoring_case(territory):
    result = import_registry(data=write_csv(
        ["first_name", "last_name", "library_code", "email"],
        [["Ona", "Onaitė", "svb-kre-f01", "ona@demo.lt"]]))
    assert result.ok, result.errors
    assert Person.objects.get(email="ona@demo.lt").library == territory.branch_a


def test_the_database_refuses_a_code_differing_only_in_case(territory):
    with pytest.raises(IntegrityError), transaction.atomic():
        Library.objects.create(code="svb-kre", name="Dublikatas", kind=LibraryKind.SYSTEM)


def test_library_form_shows_a_field_error_for_a_code_differing_only_in_case(staff_client,
                                                                            territory):
    response = staff_client.post(reverse("bibliotekos:library_create"), {
        "code": "svb-kre", "name": "Dublikatas", "kind": LibraryKind.SYSTEM,
        "municipality": territory.municipality_a.pk})
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert not Library.objects.filter(name="Dublikatas").exists()


def test_library_form_lets_a_library_change_the_case_of_its_own_code(staff_client, territory):
    data = edit_form_data(staff_client, territory.school_b)
    data["code"] = "mb-sku-001"
    response = staff_client.post(
        reverse("bibliotekos:library_update", args=[territory.school_b.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    territory.school_b.refresh_from_db()
    assert territory.school_b.code == "mb-sku-001"


# --- a kind change may not strand outlets -------------------------------------------------------

def test_a_system_with_outlets_cannot_be_reimported_as_a_school(territory):
    result = import_registry(data=libraries_csv(
        library("SVB-KRE", "Kretingos viešoji biblioteka", "school", school="Gimnazija")))
    assert not result.ok
    assert len(result.errors) == 1
    error = result.errors[0]
    assert error.cell == 'row 2, column "kind"'
    assert "SVB-KRE-C" in error.message
    territory.system_a.refresh_from_db()
    assert territory.system_a.kind == LibraryKind.SYSTEM


def test_a_central_library_cannot_become_a_city_branch_while_a_rural_branch_is_under_it(
        territory):
    result = import_registry(data=libraries_csv(
        library("SVB-KRE-C", "Kretingos centrinė biblioteka", "city_branch", parent="SVB-KRE")))
    assert [e.cell for e in result.errors] == ['row 2, column "kind"']
    assert "SVB-KRE-F01" in result.errors[0].message


def test_a_kind_change_is_allowed_when_its_outlets_may_stay(territory):
    result = import_registry(data=libraries_csv(
        library("SVB-KRE-F01", "Darbėnų filialas", "city_branch", parent="SVB-KRE-C")))
    assert result.ok, result.errors
    assert Library.objects.get(code="SVB-KRE-F01").kind == LibraryKind.CITY_BRANCH


def test_a_kind_change_is_allowed_when_the_same_file_moves_the_outlets_away(territory):
    result = import_registry(data=libraries_csv(
        library("SVB-KRE", "Kretingos gimnazijos biblioteka", "school", school="Gimnazija"),
        library("SVB-KRE-C", "Kretingos centrinė biblioteka", "central", parent="SVB-SKU")))
    assert result.ok, result.errors
    assert Library.objects.get(code="SVB-KRE").kind == LibraryKind.SCHOOL
    assert Library.objects.get(code="SVB-KRE-C").parent == territory.system_b


def test_library_form_refuses_a_kind_its_outlets_cannot_stay_under(staff_client, territory):
    data = edit_form_data(staff_client, territory.system_a)
    data.update({"kind": LibraryKind.SCHOOL, "school_name": "Gimnazija"})
    response = staff_client.post(
        reverse("bibliotekos:library_update", args=[territory.system_a.pk]), data)
    assert response.status_code == 200
    assert "SVB-KRE-C" in " ".join(response.context["form"].errors["kind"])
    territory.system_a.refresh_from_db()
    assert territory.system_a.kind == LibraryKind.SYSTEM


def test_library_form_accepts_a_kind_change_its_outlets_allow(staff_client, territory):
    data = edit_form_data(staff_client, territory.branch_a)
    data["kind"] = LibraryKind.CITY_BRANCH
    response = staff_client.post(
        reverse("bibliotekos:library_update", args=[territory.branch_a.pk]), data)
    assert response.status_code == 302, response.context["form"].errors


# --- municipalities and counties ------------------------------------------------------------

COUNTY = "Klaipėdos apskritis"
KRE = "Kretingos rajono savivaldybė"


def test_a_municipality_code_repeated_with_another_name_is_a_row_error(territory):
    result = import_registry(data=municipalities_csv(
        ["KRE", KRE, COUNTY, 2025, 39_800],
        ["KRE", "Kretingos miesto savivaldybė", COUNTY, 2026, 39_500]))
    assert [e.cell for e in result.errors] == ['row 3, column "name"']
    assert "row 2" in result.errors[0].message
    assert Municipality.objects.get(code="KRE").name == KRE


def test_a_municipality_code_repeated_with_another_county_is_a_row_error(territory):
    result = import_registry(data=municipalities_csv(
        ["KRE", KRE, COUNTY, 2025, 39_800],
        ["kre", KRE, "Telšių apskritis", 2026, 39_500]))
    assert [e.cell for e in result.errors] == ['row 3, column "county"']
    assert "row 2" in result.errors[0].message
    assert not County.objects.filter(name="Telšių apskritis").exists()


def test_a_municipality_with_a_row_per_year_imports(territory):
    result = import_registry(data=municipalities_csv(
        ["KRE", KRE, COUNTY, 2024, 40_000],
        ["kre", KRE, "klaipėdos apskritis", 2026, 39_500]))
    assert result.ok, result.errors
    kre = Municipality.objects.get(code="KRE")
    assert dict(kre.populations.values_list("year", "population")) == {
        2024: 40_000, 2025: 39_800, 2026: 39_500}


def test_the_same_municipality_and_year_in_another_case_is_a_row_error(territory):
    result = import_registry(data=municipalities_csv(
        ["KRE", KRE, COUNTY, 2025, 39_800],
        ["kre", KRE, COUNTY, 2025, 39_700]))
    assert [e.cell for e in result.errors] == ['row 3, column "year"']


def test_a_municipality_repeated_without_a_year_is_a_row_error(territory):
    result = import_registry(data=municipalities_csv(
        ["NEW", "Nauja savivaldybė", COUNTY, "", ""],
        ["NEW", "Nauja savivaldybė", COUNTY, "", ""]))
    assert [e.cell for e in result.errors] == ['row 3, column "municipality_code"']
    assert not Municipality.objects.filter(code="NEW").exists()


def test_a_municipality_code_in_another_case_updates_it_and_keeps_its_spelling(territory):
    result = import_registry(data=municipalities_csv(["kre", "Kretingos r. sav.", COUNTY, "", ""]))
    assert result.ok, result.errors
    assert (result.created, result.updated) == (0, 1)
    assert Municipality.objects.get(pk=territory.municipality_a.pk).code == "KRE"
    assert not Municipality.objects.filter(code="kre").exists()


def test_a_changed_population_is_reported_as_an_update(territory):
    result = import_registry(data=municipalities_csv(["KRE", KRE, COUNTY, 2025, 39_000]))
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)


@pytest.mark.parametrize("dry_run", [True, False])
def test_two_new_counties_with_the_same_first_twenty_characters_import(territory, dry_run):
    first = "Pavyzdinės ilgos apskrities šiaurinė dalis"
    second = "Pavyzdinės ilgos apskrities pietinė dalis"
    assert first[:20] == second[:20]
    result = import_registry(dry_run=dry_run, data=municipalities_csv(
        ["PAV-1", "Pirmoji savivaldybė", first, "", ""],
        ["PAV-2", "Antroji savivaldybė", second, "", ""],
        ["PAV-3", "Trečioji savivaldybė", first, "", ""]))
    assert result.ok, result.errors
    assert result.created == 3
    if dry_run:
        assert not County.objects.filter(name__in=[first, second]).exists()
        return
    counties = {c.name: c.code for c in County.objects.filter(name__in=[first, second])}
    assert len(counties) == 2 and len(set(counties.values())) == 2
    assert all(len(code) <= 20 and code.isascii() for code in counties.values())
    assert Municipality.objects.get(code="PAV-3").county.name == first


def test_a_new_county_whose_code_is_taken_gets_a_numbered_code(territory):
    County.objects.create(code="NAUJOJI-APSKRITIS", name="Visai kita apskritis")
    result = import_registry(data=municipalities_csv(
        ["NAU-1", "Naujoji savivaldybė", "Naujoji apskritis", "", ""]))
    assert result.ok, result.errors
    county = County.objects.get(name="Naujoji apskritis")
    assert county.code != "NAUJOJI-APSKRITIS" and county.code.startswith("NAUJOJI-APSKRITIS")


# --- dates ----------------------------------------------------------------------------------------

def latest_year() -> int:
    return timezone.localdate().year + 10


@pytest.mark.parametrize("value", [
    "9999-12-31", "20280229", "2028-W09-2", "2027-02-29", "1699-12-31", "2028-2-29",
    "2028-02-29T00:00", "28-02-2028", "２０２８-02-29", "0001-01-01",
    datetime(1600, 1, 1), date(9999, 12, 31), 45_000,
])
def test_implausible_or_malformed_dates_are_refused(value):
    with pytest.raises(ValueError, match=f"YYYY-MM-DD between 1700 and {latest_year()}"):
        as_date(value)


def test_a_date_after_ten_years_from_now_is_refused():
    with pytest.raises(ValueError):
        as_date(f"{latest_year() + 1}-01-01")


@pytest.mark.parametrize(("value", "expected"), [
    ("2028-02-29", date(2028, 2, 29)),
    (" 1700-01-01 ", date(1700, 1, 1)),
    (datetime(2020, 5, 1, 13, 30), date(2020, 5, 1)),
    (date(1965, 1, 1), date(1965, 1, 1)),
    ("", None),
    (None, None),
])
def test_plausible_dates_are_read(value, expected):
    assert as_date(value) == expected


def test_the_latest_plausible_date_is_the_end_of_the_tenth_year_from_now():
    assert as_date(f"{latest_year()}-12-31") == date(latest_year(), 12, 31)


@pytest.mark.parametrize("value", ["9999-12-31", "20280229", "2028-W09-2", "2027-02-29"])
def test_bad_opening_dates_in_a_csv_are_row_errors(territory, value):
    result = import_registry(data=libraries_csv(
        library("NEW-1", "Nauja", "school", school="Mokykla", opened=value)))
    assert [e.cell for e in result.errors] == ['row 2, column "opened"']
    assert f"between 1700 and {latest_year()}" in result.errors[0].message
    assert not Library.objects.filter(code="NEW-1").exists()


def test_an_implausible_date_cell_in_a_workbook_is_a_row_error(territory):
    data = write_xlsx("Bibliotekos", HEADER, [
        library("NEW-1", "Nauja", "school", school="Mokykla", opened=date(1965, 1, 1),
                closed=date(9999, 12, 31))])
    result = import_registry(data=data)
    assert [e.cell for e in result.errors] == ["Bibliotekos!K2"]
    assert not Library.objects.filter(code="NEW-1").exists()


def test_a_leap_day_date_imports(territory):
    result = import_registry(data=libraries_csv(
        library("NEW-1", "Nauja", "school", school="Mokykla", opened="2028-02-29")))
    assert result.ok, result.errors
    assert Library.objects.get(code="NEW-1").opened == date(2028, 2, 29)


def test_a_file_without_optional_columns_leaves_those_fields_as_they_are(territory, staff):
    from bibliotekos.models import Library, Person
    from bibliotekos.services import import_registry

    Library.objects.filter(pk=territory.system_a.pk).update(
        director="Ona Direktorė", website="https://kretingosvb.lt", company_code="190000000")
    person = Person.objects.create(first_name="Ona", last_name="Kretingiškė",
                                   library=territory.branch_a, phone="+37060000000")
    data = ("code,name,kind\nSVB-KRE,Kretingos viešoji biblioteka,system\n"
            "SVB-KRE-F01,Darbėnų filialas,rural_branch\n").encode()
    result = import_registry(data=data, by=staff)
    assert result.ok, result.errors
    system = Library.objects.get(pk=territory.system_a.pk)
    assert (system.director, system.website, system.company_code) == (
        "Ona Direktorė", "https://kretingosvb.lt", "190000000")
    branch = Library.objects.get(pk=territory.branch_a.pk)
    assert branch.parent == territory.central_a and branch.municipality == \
        territory.municipality_a
    people = f"id,first_name,last_name\n{person.pk},Ona,Kretingiškė\n".encode()
    assert import_registry(data=people, by=staff).ok
    person.refresh_from_db()
    assert person.library == territory.branch_a and person.phone == "+37060000000"
