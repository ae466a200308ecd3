"""The catalogue of the 2024 forms (ĮV-948): the migrated catalogue is the data file's, the
renames, which units answer the new indicators, the checks, and every new derived indicator
computed by hand."""

import importlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import timezone

from statistika import catalogue_data as data
from statistika.expressions import Expression
from statistika.models import Formula, Indicator, LnbCode, Rule, Section
from statistika.scoping import form_units
from statistika.selectors.values import derived_table
from statistika.services.campaign import create_campaign

pytestmark = pytest.mark.django_db
D = Decimal
NEW_DERIVED = {
    "residents_per_outlet", "users_per_outlet", "visits_per_outlet", "loans_per_outlet",
    "downloads_per_resident", "downloads_per_user", "acquisition_eur_per_resident",
    "average_document_price", "acquired_per_1000_residents", "expenses_per_user",
    "expenses_per_visit", "events_per_1000_residents", "children_penetration_pct",
}
FIELDS = ["name_lt", "name_en", "help_lt", "help_en", "unit", "value_type", "decimals",
          "kinds", "recorded_at", "derived", "valid_from", "order"]


def derived(code, year, unit="SVB-KRE", level="system"):
    return derived_table(codes=[code], years=[year], level=level).get(unit, year, code)


def rounded(value, places="0.1"):
    return value.quantize(D(places))


# --- the catalogue a database gets is the data file's ------------------------------------------

def test_the_migrated_catalogue_is_the_data_files_catalogue():
    """Migrations 0002 and 0010 (frozen copies) give what catalogue_data.py describes."""
    stored = {i.code: i for i in Indicator.objects.select_related("section", "part_of")}
    for row in data.INDICATORS:
        indicator = stored[row["code"]]
        for name in FIELDS:
            assert getattr(indicator, name) == row.get(name), (row["code"], name)
        assert indicator.section.code == row["section"], row["code"]
        assert (indicator.part_of.code if indicator.part_of else None) == row["part_of"]
    formulas = dict(Formula.objects.values_list("indicator__code", "expression"))
    assert all(formulas[row["indicator"]] == row["expression"] for row in data.FORMULAS)
    rules = {r.code: r for r in Rule.objects.all()}
    for row in data.RULES:
        rule = rules[row["code"]]
        assert (rule.expression, rule.message_lt, rule.message_en, rule.severity) == (
            row["expression"], row["message_lt"], row["message_en"], row["severity"])
    assert set(Section.objects.values_list("code", flat=True)) == {
        s["code"] for s in data.SECTIONS}


def test_names_are_as_the_forms_write_them():
    names = dict(Indicator.objects.values_list("code", "name_lt"))
    assert names["outlets_mobile"] == "Mobilios bibliotekos"
    assert names["visits"] == "Fiziniai apsilankymai"
    assert names["visits_virtual"] == "Virtualūs apsilankymai"
    assert names["income_total"] == "Gautos lėšos iš viso"
    assert names["professional_share_pct"] == "Profesionalių bibliotekininkų dalis"
    assert names["internet_sessions"] == "Interneto seansai"
    assert names["training_sessions"] == "Vartotojų mokymai"
    assert names["reference_questions"] == "Informacinės užklausos"
    attendance = Indicator.objects.get(code="event_attendance")
    assert attendance.unit == "apsil." and "pajam" not in " ".join(
        Rule.objects.filter(code__startswith="income").values_list("message_lt", flat=True))


def test_percentages_are_marked_as_percent_so_changes_show_in_points():
    percent = set(Indicator.objects.filter(value_type="percent").values_list("code", flat=True))
    assert {"penetration_pct", "children_penetration_pct", "city_penetration_pct",
            "rural_penetration_pct", "professional_share_pct", "renewal_pct",
            "withdrawal_pct"} == percent
    assert Indicator.objects.get(code="children_penetration_pct").unit == "%"


def test_every_new_derived_indicator_has_a_formula_over_known_codes():
    known = set(Indicator.objects.values_list("code", flat=True))
    for code in NEW_DERIVED:
        formula = Formula.objects.get(indicator__code=code)
        Expression(formula.expression).check_names(known)
        assert Indicator.objects.get(code=code).derived


def test_every_new_check_reads_known_codes_and_is_a_condition():
    known = set(Indicator.objects.values_list("code", flat=True))
    for rule in Rule.objects.all():
        expression = Expression(rule.expression)
        expression.check_names(known)
        assert expression.is_condition, rule.code


def test_new_parts_have_a_check_against_their_total():
    rules = set(Rule.objects.values_list("expression", flat=True))
    for part, total in [("users_pupils", "users_registered"), ("loans_pupils", "loans"),
                        ("staff_professional_part_time", "staff_professional"),
                        ("staff_professional_lis", "staff_professional"),
                        ("staff_professional_fte", "staff_fte"), ("staff_trained", "staff"),
                        ("acquired_new_titles", "acquired_titles"),
                        ("expenses_acq_state", "expenses_acquisitions"),
                        ("population_children", "population_served")]:
        assert Indicator.objects.get(code=part).part_of.code == total
        assert f"{part} <= {total}" in rules, part
    assert ("expenses_acq_state + expenses_acq_municipal + expenses_acq_other "
            "<= expenses_acquisitions") in rules


def test_a_part_larger_than_its_total_is_refused():
    rule = Rule.objects.get(code="expenses_acq_parts_le_expenses_acquisitions")
    expression = Expression(rule.expression)
    assert expression.evaluate({"expenses_acq_state": D(500), "expenses_acq_municipal": D(700),
                                "expenses_acq_other": D(0), "expenses_acquisitions": D(1000)}) \
        is False
    assert rule.severity == "error"


# --- the migration -------------------------------------------------------------------------------

def test_the_migration_renames_only_texts_nobody_edited_and_adds_what_is_missing():
    migration = importlib.import_module("statistika.migrations.0010_catalogue_2024")
    Indicator.objects.filter(code="visits").update(name_lt="Apsilankymai")
    Indicator.objects.filter(code="outlets_mobile").update(name_lt="Mūsų bibliobusai")
    counts = (Indicator.objects.count(), Formula.objects.count(), Rule.objects.count())
    Indicator.objects.filter(code="staff_outlet").delete()
    LnbCode.objects.filter(indicator__code="loans").delete()
    migration.install(apps, None)
    names = dict(Indicator.objects.values_list("code", "name_lt"))
    assert names["visits"] == "Fiziniai apsilankymai"
    assert names["outlets_mobile"] == "Mūsų bibliobusai"        # the department's own name
    assert Indicator.objects.get(code="staff_outlet").kinds == [
        "central", "city_branch", "rural_branch", "service_point", "mobile"]
    assert LnbCode.objects.get(indicator__code="loans").code == "B141"
    assert Indicator.objects.get(code="staff_trained").part_of.code == "staff"
    migration.install(apps, None)                               # runs twice, adds nothing
    assert (Indicator.objects.count(), Formula.objects.count(), Rule.objects.count()) == counts


def test_existing_lnb_codes_became_dated_codes_from_1990():
    code = LnbCode.objects.get(indicator__code="loans")
    assert (code.code, code.valid_from, code.is_placeholder) == ("B141", 1990, True)
    assert not LnbCode.objects.filter(indicator__code="internet_sessions").exists()


# --- which units answer them ---------------------------------------------------------------------

@pytest.fixture
def units_2024(staff, territory):
    campaign = create_campaign(year=2024, kinds=["system", "school"], reminder_days=[],
                               deadline=timezone.now() + timedelta(days=30), by=staff)
    return {unit.library.code: {i.code for i in unit.indicators}
            for submission in campaign.submissions.all() for unit in form_units(submission)}


def test_staff_per_outlet_is_asked_of_every_outlet_and_not_of_the_system(units_2024):
    assert "staff_outlet" in units_2024["SVB-KRE-C"]
    assert "staff_outlet" in units_2024["SVB-KRE-F01"]
    assert "staff_outlet" not in units_2024["SVB-KRE"]
    assert "staff" in units_2024["SVB-KRE"] and "staff" not in units_2024["SVB-KRE-C"]


def test_per_system_questions_are_on_the_systems_own_part(units_2024):
    system = units_2024["SVB-KRE"]
    assert {"outlets_with_computers", "outlets_with_internet", "population_children",
            "population_city", "population_rural", "expenses_acq_state", "db_sessions",
            "db_searches", "website_visits", "staff_trained", "staff_professional_fte",
            "periodical_titles"} <= system
    assert {"internet_sessions", "reference_questions", "training_sessions"} & system == set()


def test_per_outlet_questions_are_on_each_outlet(units_2024):
    for outlet in ("SVB-KRE-C", "SVB-KRE-F01"):
        assert {"internet_sessions", "reference_questions", "training_sessions",
                "training_participants", "visits", "staff_outlet"} <= units_2024[outlet]


def test_school_questions_only_reach_school_libraries(units_2024):
    school_only = {"users_pupils", "users_teachers", "loans_pupils", "textbook_items",
                   "textbook_loans"}
    assert school_only <= units_2024["MB-SKU-001"]
    assert {"staff", "periodical_titles", "internet_sessions"} <= units_2024["MB-SKU-001"]
    for code, fields in units_2024.items():
        if code != "MB-SKU-001":
            assert not school_only & fields, code
    assert "outlets_with_computers" not in units_2024["MB-SKU-001"]
    assert "staff_outlet" not in units_2024["MB-SKU-001"]


def test_items_new_in_2024_are_not_asked_for_2023(staff, territory):
    campaign = create_campaign(year=2023, kinds=["system"], reminder_days=[],
                               deadline=timezone.now() + timedelta(days=30), by=staff)
    submission = campaign.submissions.get(library=territory.system_a)
    fields = {i.code for unit in form_units(submission) for i in unit.indicators}
    assert not {"website_visits", "staff_trained", "db_sessions", "db_searches",
                "acquired_new_titles"} & fields
    assert {"internet_sessions", "staff_outlet", "reference_questions"} <= fields


# --- the derived indicators, by hand -------------------------------------------------------------

NETWORK_2021 = {"outlets_central": 11, "outlets_city": 19, "outlets_rural": 154,
                "outlets_service_points": 9, "outlets_mobile": 0}          # 193
NETWORK_2022 = {"outlets_central": 11, "outlets_city": 19, "outlets_rural": 152,
                "outlets_service_points": 9, "outlets_mobile": 1}          # 192


def test_residents_per_outlet_is_the_klaipeda_analysis_2134(territory, put):
    # Klaipėda and Tauragė counties 2021: 411 946 residents, 193 libraries → "2134 gyventojai".
    put(territory.system_a, {"population_served": 411_946, **NETWORK_2021}, year=2021)
    value = derived("residents_per_outlet", 2021)
    assert rounded(value, "1") == 2134 and value == D("2134.435233")


def test_residents_per_outlet_needs_every_network_count(territory, put):
    put(territory.system_a, {"population_served": 411_946, **NETWORK_2021,
                             "outlets_mobile": None}, year=2021)
    assert derived("residents_per_outlet", 2021) is None       # not known, never a guess


def test_users_visits_and_loans_per_outlet(territory, put):
    put(territory.system_a, NETWORK_2022, year=2022)
    put(territory.central_a, {"users_registered": 60_000, "visits": 1_000_000,
                              "loans": 1_500_000}, year=2022)
    put(territory.branch_a, {"users_registered": 9_256, "visits": 266_048,
                             "loans": 500_000}, year=2022)
    assert derived("users_per_outlet", 2022) == D("360.708333")    # 69 256 ÷ 192
    assert derived("visits_per_outlet", 2022) == D("6594")         # 1 266 048 ÷ 192
    assert derived("loans_per_outlet", 2022) == D("10416.666667")  # 2 000 000 ÷ 192


def test_visits_per_outlet_of_the_territory_is_sum_over_sum(territory, put):
    put(territory.system_a, {"outlets_central": 1, "outlets_city": 0, "outlets_rural": 1,
                             "outlets_service_points": 0, "outlets_mobile": 0})
    put(territory.system_b, {"outlets_central": 1, "outlets_city": 0, "outlets_rural": 3,
                             "outlets_service_points": 0, "outlets_mobile": 0})
    put(territory.central_a, {"visits": 1_000})                  # 500 per outlet
    put(territory.central_b, {"visits": 3_000})                  # 750 per outlet
    value = derived("visits_per_outlet", 2024, unit="territory", level="territory")
    assert rounded(value, "0.01") == D("666.67")                  # 4 000 ÷ 6, not 625


def test_downloads_per_resident_and_per_user(territory, put):
    put(territory.system_a, {"downloads": 49_800, "population_served": 4_150})
    put(territory.central_a, {"users_registered": 1_400})
    assert derived("downloads_per_resident", 2024) == D("12")          # 49 800 ÷ 4 150
    assert rounded(derived("downloads_per_user", 2024)) == D("35.6")    # 49 800 ÷ 1 400


def test_money_per_resident_per_document_per_user_and_per_visit(territory, put):
    # 2025: the population served is the municipality's 39 800.
    put(territory.system_a, {"expenses_acquisitions": 41_500, "expenses_total": 1_250_000},
        year=2025)
    put(territory.central_a, {"acquired_items": 3_320, "users_registered": 8_000,
                              "visits": 100_000, "events": 796}, year=2025)
    assert rounded(derived("acquisition_eur_per_resident", 2025), "0.01") == D("1.04")
    assert derived("average_document_price", 2025) == D("12.5")         # 41 500 ÷ 3 320
    assert rounded(derived("acquired_per_1000_residents", 2025)) == D("83.4")  # 3 320 ÷ 39,8
    assert derived("expenses_per_user", 2025) == D("156.25")            # 1 250 000 ÷ 8 000
    assert derived("expenses_per_visit", 2025) == D("12.5")             # 1 250 000 ÷ 100 000
    assert derived("events_per_1000_residents", 2025) == D("20")        # 796 ÷ 39,8


def test_childrens_penetration(territory, put):
    put(territory.system_a, {"population_children": 5_375})
    put(territory.central_a, {"users_children": 1_500})
    put(territory.branch_a, {"users_children": 650})
    assert derived("children_penetration_pct", 2024) == D("40")          # 2 150 ÷ 5 375 × 100


def test_a_price_without_acquisitions_is_not_defined(territory, put):
    put(territory.system_a, {"expenses_acquisitions": 1_000})
    put(territory.central_a, {"acquired_items": 0})
    assert derived("average_document_price", 2024) is None


def test_city_and_rural_penetration_count_users_by_the_outlets_kind(territory, put):
    from bibliotekos.models import Library, LibraryKind

    city = Library.objects.create(code="SVB-KRE-M01", name="Kretingos miesto filialas",
                                  kind=LibraryKind.CITY_BRANCH, parent=territory.central_a,
                                  municipality=territory.municipality_a)
    put(territory.system_a, {"population_city": 19_000, "population_rural": 20_800})
    put(territory.central_a, {"users_registered": 3_000})        # city
    put(city, {"users_registered": 800})                          # city
    put(territory.branch_a, {"users_registered": 1_040})          # rural
    assert derived("city_penetration_pct", 2024) == D("20")       # 3 800 ÷ 19 000 × 100
    assert derived("rural_penetration_pct", 2024) == D("5")       # 1 040 ÷ 20 800 × 100


def test_rural_penetration_without_rural_users_is_not_defined(territory, put):
    put(territory.system_a, {"population_rural": 20_800})
    put(territory.central_a, {"users_registered": 3_000})
    assert derived("rural_penetration_pct", 2024) is None
