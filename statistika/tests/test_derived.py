"""The worked examples of DOMAIN.md, through the export the department uses."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from bibliotekos.models import Library, LibraryKind, MunicipalityPopulation
from statistika.models import Formula, Indicator
from statistika.selectors.values import derived_table, explain, primary_table
from statistika.services.catalogue import add_formula_version

pytestmark = pytest.mark.django_db
D = Decimal


def export(tmp_path, *args) -> dict:
    path = tmp_path / "out.csv"
    call_command("statistics_export", "--output", str(path), *args)
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")))
    return {(r["library_code"], r["indicator_code"]): r["value"] for r in rows}


def rounded(value: str, places: str = "0.1") -> Decimal:
    return D(value).quantize(D(places))


def test_penetration_811_users_of_1970_residents_is_41_2_percent(tmp_path, territory, put):
    MunicipalityPopulation.objects.create(municipality=territory.municipality_b, year=2024,
                                          population=1970)
    put(territory.system_b, {"users_registered": 811})
    rows = export(tmp_path, "--year", "2024", "--derived", "--level", "system")
    assert rounded(rows[("SVB-SKU", "penetration_pct")]) == D("41.2")


def test_visits_per_user_27430_over_1850_is_14_8(tmp_path, territory, put):
    put(territory.school_b, {"visits": 27_430, "users_registered": 1_850})
    rows = export(tmp_path, "--year", "2024", "--derived")
    assert rounded(rows[("MB-SKU-001", "visits_per_user")]) == D("14.8")


def test_national_loans_per_user_is_16_7(tmp_path, territory, put):
    put(territory.school_b, {"loans": 15_775_310, "users_registered": 945_892})
    rows = export(tmp_path, "--year", "2024", "--derived")
    assert rounded(rows[("MB-SKU-001", "loans_per_user")]) == D("16.7")


def test_group_ratio_is_sum_over_sum_not_mean_of_ratios(tmp_path, territory, put):
    put(territory.central_a, {"loans": 1_000, "users_registered": 100})   # 10 per user
    put(territory.branch_a, {"loans": 100, "users_registered": 50})       # 2 per user
    rows = export(tmp_path, "--year", "2024", "--derived", "--level", "municipality")
    assert D(rows[("KRE", "loans_per_user")]) == D("7.333333")   # 1100 / 150, not 6
    system = export(tmp_path, "--year", "2024", "--derived", "--level", "system")
    assert D(system[("SVB-KRE", "loans_per_user")]) == D("7.333333")


def test_zero_over_zero_is_not_defined(tmp_path, territory, put):
    put(territory.school_b, {"loans": 0, "users_registered": 0})
    rows = export(tmp_path, "--year", "2024", "--derived")
    assert rows[("MB-SKU-001", "loans_per_user")] == ""


def test_not_known_is_not_zero(tmp_path, territory, put):
    put(territory.school_b, {"loans": None, "users_registered": 10})
    rows = export(tmp_path, "--year", "2024")
    assert rows[("MB-SKU-001", "loans")] == ""
    assert rows[("MB-SKU-001", "users_registered")] == "10.000000"
    derived = export(tmp_path, "--year", "2024", "--derived")
    assert derived[("MB-SKU-001", "loans_per_user")] == ""


def test_system_total_sums_outlets_where_they_exist(territory, put):
    put(territory.system_a, {"loans": 999, "staff": 12})        # the system's own rows
    put(territory.central_a, {"loans": 700})
    put(territory.branch_a, {"loans": 300})
    table = primary_table(codes=["loans", "staff"], years=[2024], level="system")
    assert table.get("SVB-KRE", 2024, "loans") == D(1000)       # outlets win
    assert table.get("SVB-KRE", 2024, "staff") == D(12)         # recorded per system


def test_system_without_outlet_figures_keeps_its_own_value(territory, put):
    put(territory.system_a, {"loans": 999}, year=2015)
    table = primary_table(codes=["loans"], years=[2015], level="system")
    assert table.get("SVB-KRE", 2015, "loans") == D(999)


def test_population_served_defaults_to_the_municipality(territory, put):
    put(territory.central_a, {"users_registered": 3_980}, year=2025)
    table = derived_table(codes=["penetration_pct"], years=[2025], level="system")
    assert table.get("SVB-KRE", 2025, "penetration_pct") == D("10.000000")


def test_territory_sums_the_municipalities_in_the_territory(territory, put):
    put(territory.central_a, {"users_registered": 100})
    put(territory.central_b, {"users_registered": 50})
    territory.municipality_b.in_territory = False
    territory.municipality_b.save()
    table = primary_table(codes=["users_registered"], years=[2024], level="territory")
    assert table.get("territory", 2024, "users_registered") == D(100)


def test_formula_changed_from_2024_leaves_2023_as_it_was(territory, put, staff, tmp_path):
    for year in (2023, 2024):
        put(territory.school_b, {"loans": 1_000, "users_registered": 100}, year=year)
    indicator = Indicator.objects.get(code="loans_per_user")
    add_formula_version(indicator=indicator, expression="loans / users_registered * 2",
                        valid_from=2024, by=staff)
    before = export(tmp_path, "--year", "2023", "--derived")
    after = export(tmp_path, "--year", "2024", "--derived")
    assert D(before[("MB-SKU-001", "loans_per_user")]) == 10
    assert D(after[("MB-SKU-001", "loans_per_user")]) == 20
    versions = Formula.objects.filter(indicator=indicator).order_by("version")
    assert [(f.version, f.valid_from, f.valid_to) for f in versions] == [(1, 1990, 2023),
                                                                         (2, 2024, None)]


def test_a_new_version_cannot_start_before_an_existing_one(territory, staff):
    from django.core.exceptions import ValidationError

    indicator = Indicator.objects.get(code="loans_per_user")
    add_formula_version(indicator=indicator, expression="loans / users_registered",
                        valid_from=2024, by=staff)
    with pytest.raises(ValidationError):
        add_formula_version(indicator=indicator, expression="loans",
                            valid_from=2020, by=staff)


def test_explain_shows_inputs_and_formula_version(territory, put, staff):
    put(territory.school_b, {"loans": 1_000, "users_registered": 100})
    details = explain(unit="MB-SKU-001", year=2024, code="loans_per_user", user=staff)
    assert details["formula"].version == 1
    assert {i["code"]: i["value"] for i in details["inputs"]} == {
        "loans": D(1000), "users_registered": D(100)}
    assert details["result"] == 10


def test_explain_of_another_library_is_404_for_a_librarian(client_a, territory, put):
    put(territory.school_b, {"loans": 1_000, "users_registered": 100})
    response = client_a.get("/statistika/skaiciavimas/", {
        "unit": "MB-SKU-001", "year": 2024, "indicator": "loans_per_user"})
    assert response.status_code == 404


def test_librarian_explains_own_figures(client_a, territory, put):
    put(territory.central_a, {"loans": 1_000, "users_registered": 100})
    response = client_a.get("/statistika/skaiciavimas/", {
        "unit": "SVB-KRE-C", "year": 2024, "indicator": "loans_per_user"})
    assert response.status_code == 200
    assert "10,0" in response.content.decode()


def test_the_catalogue_ships_with_the_default_codes():
    codes = set(Indicator.objects.values_list("code", flat=True))
    assert {"users_registered", "loans", "visits_virtual", "income_total", "area_m2",
            "penetration_pct", "professional_share_pct"} <= codes
    assert Indicator.objects.get(code="loans_children").part_of.code == "loans"
    assert Indicator.objects.filter(derived=True).count() == 26  # 11 + 15 of the 2024 catalogue


def test_export_xlsx_has_numeric_cells(tmp_path, territory, put):
    from openpyxl import load_workbook

    put(territory.school_b, {"loans": 1_234_567.5})
    path = tmp_path / "out.xlsx"
    call_command("statistics_export", "--year", "2024", "--format", "xlsx", "--output",
                 str(path))
    sheet = load_workbook(path).active
    cell = next(row[4] for row in sheet.iter_rows(min_row=2) if row[3].value == "loans")
    assert cell.data_type == "n" and cell.value == 1234567.5


def test_library_kinds_are_respected_in_the_catalogue():
    assert LibraryKind.SCHOOL not in Indicator.objects.get(code="income_total").kinds
    assert Library  # registry import sanity
