"""Published figures to compare with: Lithuania's by library type and the other counties',
typed on the national figures page or imported from a file after a preview."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse
from django.utils import translation

from portalas.tables import write_csv, write_xlsx
from statistika.models import CountyFigure, Indicator, LibraryType, NationalFigure
from statistika.selectors.figures import (
    county_of,
    county_values,
    national_value,
    national_values,
)
from statistika.services.figures import COLUMNS, import_figures

pytestmark = pytest.mark.django_db
URL = reverse("statistika:analysis_national")
D = Decimal


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def ind(code):
    return Indicator.objects.get(code=code)


def figures_file(rows, kind="csv") -> bytes:
    return write_csv(COLUMNS, rows) if kind == "csv" else write_xlsx("f", COLUMNS, rows)


GOOD = [
    ["national", "", "visits_per_resident", 2022, "all", "6,0", "LNB 2023-03-20"],
    ["national", "", "visits_per_resident", 2022, "public", "4.9", "LNB"],
    ["county", "Kauno apskritis", "outlets_rural", 2021, "public", 141, "KAVB"],
    ["county", "Kaunas County", "outlets_central", 2021, "", 8, "KAVB"],
    ["county", "siauliai", "penetration_pct", 2022, "public", "28.4", ""],
]


# --- the selectors -------------------------------------------------------------------------------

def test_a_national_figure_is_kept_per_library_type():
    for library_type, value in (("all", "6.0"), ("public", "4.9")):
        NationalFigure.objects.create(indicator=ind("visits_per_resident"), year=2022,
                                      library_type=library_type, value=D(value))
    assert national_value("visits_per_resident", 2022) == D("6.0")
    assert national_value("visits_per_resident", 2022, "public") == D("4.9")
    assert national_value("visits_per_resident", 2022, "school") is None
    assert national_value("loans_per_user", 2022) is None
    with pytest.raises(IntegrityError):
        NationalFigure.objects.create(indicator=ind("visits_per_resident"), year=2022,
                                      library_type="all", value=D(1))


def test_national_values_take_the_preferred_library_type_then_the_next():
    NationalFigure.objects.create(indicator=ind("visits_per_resident"), year=2022,
                                  value=D("6.0"))
    NationalFigure.objects.create(indicator=ind("loans_per_user"), year=2022, value=D("16.7"))
    NationalFigure.objects.create(indicator=ind("loans_per_user"), year=2022,
                                  library_type=LibraryType.PUBLIC, value=D("14.0"))
    found = national_values(["visits_per_resident", "loans_per_user", "loans"], 2022)
    assert found == {"visits_per_resident": (D("6.0"), "all"),
                     "loans_per_user": (D("14.0"), "public")}


def test_county_values_are_by_county_for_a_year_and_type():
    for county, value in (("vilnius", "21.5"), ("kaunas", "30.1"), ("alytus", "35.0")):
        CountyFigure.objects.create(county=county, indicator=ind("penetration_pct"),
                                    year=2022, value=D(value))
    CountyFigure.objects.create(county="kaunas", indicator=ind("penetration_pct"), year=2022,
                                library_type="all", value=D("40"))
    values = county_values("penetration_pct", 2022)
    assert list(values) == ["alytus", "kaunas", "vilnius"]
    assert values["kaunas"] == D("30.1")
    assert county_values("penetration_pct", 2022, "all") == {"kaunas": D("40")}
    assert county_values("penetration_pct", 2021) == {}


@pytest.mark.parametrize(("text", "county"), [
    ("Klaipėdos apskritis", "klaipeda"), ("KLAIPĖDOS APSKR.", "klaipeda"),
    ("Šiaulių apskr.", "siauliai"), ("Panevezys County", "panevezys"), ("panevezys", "panevezys"),
    ("Telšių", "telsiai"), ("Atlantida", None), ("", None)])
def test_counties_are_recognised_as_sources_write_them(text, county):
    assert county_of(text) == county


# --- the import ----------------------------------------------------------------------------------

def test_a_figures_file_is_checked_then_imported():
    preview = import_figures(data=figures_file(GOOD), dry_run=True)
    assert preview.ok, preview.errors
    assert preview.created == 5 and not NationalFigure.objects.exists()
    result = import_figures(data=figures_file(GOOD, kind="xlsx"))
    assert result.ok, result.errors
    assert national_value("visits_per_resident", 2022) == D("6.0")
    assert national_value("visits_per_resident", 2022, "public") == D("4.9")
    assert county_values("outlets_rural", 2021) == {"kaunas": D(141)}
    assert county_values("outlets_central", 2021) == {"kaunas": D(8)}  # empty type: public
    assert CountyFigure.objects.get(county="kaunas", indicator__code="outlets_rural").source \
        == "KAVB"


def test_an_imported_figure_replaces_the_stored_one():
    import_figures(data=figures_file(GOOD))
    changed = [row[:] for row in GOOD]
    changed[0][5] = "6.1"
    result = import_figures(data=figures_file(changed))
    assert (result.created, result.changed, result.unchanged) == (0, 1, 4)
    assert national_value("visits_per_resident", 2022) == D("6.1")
    assert NationalFigure.objects.count() == 2


@pytest.mark.parametrize(("bad", "column"), [
    (["region", "", "loans", 2022, "all", 1, ""], "level"),
    (["county", "Atlantidos", "loans", 2022, "public", 1, ""], "county"),
    (["county", "", "loans", 2022, "public", 1, ""], "county"),
    (["national", "Kauno", "loans", 2022, "all", 1, ""], "county"),
    (["national", "", "no_such_code", 2022, "all", 1, ""], "indicator_code"),
    (["national", "", "loans", 1900, "all", 1, ""], "year"),
    (["national", "", "loans", 2022, "libraries", 1, ""], "library_type"),
    (["national", "", "loans", 2022, "all", "", ""], "value"),
    (["national", "", "loans", 2022, "all", "daug", ""], "value"),
    (["national", "", "visits_per_resident", 2022, "all", 1, ""], "value"),   # twice
])
def test_a_bad_row_is_named_and_nothing_is_imported(bad, column):
    result = import_figures(data=figures_file([*GOOD, bad]))
    assert not result.ok
    assert result.bad_rows == [len(GOOD) + 2]
    assert f'"{column}"' in result.errors[0].where
    assert not NationalFigure.objects.exists() and not CountyFigure.objects.exists()


def test_a_file_without_the_columns_is_refused():
    result = import_figures(data=write_csv(["metai", "reiksme"], [[2022, 1]]))
    assert not result.ok and "indicator_code" in result.errors[0].message


# --- the page ------------------------------------------------------------------------------------

def test_staff_type_a_national_figure_for_public_libraries(staff_client):
    response = staff_client.post(URL, {
        "action": "national", "national-indicator": ind("visits_per_resident").pk,
        "national-year": 2022, "national-library_type": "public", "national-value": "4,9",
        "national-source": "LNB"})
    assert response.status_code == 302
    assert national_value("visits_per_resident", 2022, "public") == D("4.9")
    staff_client.post(URL, {
        "action": "national", "national-indicator": ind("visits_per_resident").pk,
        "national-year": 2022, "national-library_type": "public", "national-value": "5",
        "national-source": "LNB"})
    assert NationalFigure.objects.get().value == 5       # the same figure, replaced


def test_staff_type_a_county_figure(staff_client):
    response = staff_client.post(URL, {
        "action": "county", "county-county": "kaunas", "county-indicator": ind("loans").pk,
        "county-year": 2021, "county-library_type": "public", "county-value": "1000",
        "county-source": "KAVB"})
    assert response.status_code == 302
    assert county_values("loans", 2021) == {"kaunas": D(1000)}
    page = staff_client.get(URL).content.decode()
    assert "Kauno apskritis" in page and "KAVB" in page


def test_a_wrong_figure_is_a_field_error(staff_client):
    response = staff_client.post(URL, {
        "action": "national", "national-indicator": ind("loans").pk, "national-year": 1900,
        "national-library_type": "all", "national-value": "1"})
    assert response.status_code == 200
    assert "year" in response.context["national_form"].errors
    assert not NationalFigure.objects.exists()


def test_staff_preview_then_import_a_figures_file_on_the_page(staff_client):
    upload = SimpleUploadedFile("skaiciai.csv", figures_file(GOOD), content_type="text/csv")
    checked = staff_client.post(URL, {"action": "check", "upload-file": upload})
    assert checked.status_code == 200
    assert checked.context["result"].ok and checked.context["token"]
    assert "Kauno apskritis" in checked.content.decode()
    assert not CountyFigure.objects.exists()
    done = staff_client.post(URL, {"action": "import", "token": checked.context["token"]})
    assert done.status_code == 302
    assert CountyFigure.objects.count() == 3 and NationalFigure.objects.count() == 2
    expired = staff_client.post(URL, {"action": "import", "token": checked.context["token"]})
    assert expired.status_code == 302 and NationalFigure.objects.count() == 2


def test_management_reads_the_figures_but_cannot_change_them(manager_client):
    NationalFigure.objects.create(indicator=ind("loans_per_user"), year=2022, value=D("16.7"),
                                  source="LNB")
    page = manager_client.get(URL)
    assert page.status_code == 200 and "16,7" in page.content.decode()
    refused = manager_client.post(URL, {
        "action": "national", "national-indicator": ind("loans").pk, "national-year": 2022,
        "national-library_type": "all", "national-value": "1"})
    assert refused.status_code == 403
    assert NationalFigure.objects.count() == 1


def test_librarians_cannot_open_the_figures(client_a):
    assert client_a.get(URL).status_code == 403
    upload = SimpleUploadedFile("skaiciai.csv", figures_file(GOOD), content_type="text/csv")
    assert client_a.post(URL, {"action": "check", "upload-file": upload}).status_code == 403
    assert not NationalFigure.objects.exists()


def test_the_demo_figures_carry_their_sources():
    from statistika.demo import (
        COUNTY_FIGURES,
        DEMO_COUNTIES_2025,
        DEMO_COUNTY_CODES,
        NATIONAL_FIGURES,
        _national_figures,
    )

    _national_figures()
    assert NationalFigure.objects.filter(year__in=[2021, 2022]).count() == len(NATIONAL_FIGURES)
    assert all(f.source for f in NationalFigure.objects.all())
    assert national_value("visits_per_resident", 2022) == D("6.0")
    assert county_values("outlets_rural", 2021) == {"kaunas": D(141)}
    assert CountyFigure.objects.count() == len(COUNTY_FIGURES) + len(
        DEMO_COUNTIES_2025) * len(DEMO_COUNTY_CODES)
    # the illustrative 2025 figures say so
    assert set(CountyFigure.objects.filter(year=2025).values_list("source", flat=True)) == {
        "demonstraciniai duomenys"}
    assert len(county_values("penetration_pct", 2025)) == 8
