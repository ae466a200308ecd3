from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bibliotekos.models import Library, LibraryKind
from statistika.models import Indicator, NationalFigure, Value
from statistika.selectors import analysis

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(territory, put):
    for year, factor in ((2023, 1), (2024, 2)):
        put(territory.central_a, {"users_registered": 100 * factor, "loans": 1000 * factor,
                                  "visits": 500}, year=year)
        put(territory.branch_a, {"users_registered": 50, "loans": 100}, year=year)
        put(territory.central_b, {"users_registered": 30, "loans": 600}, year=year)
        put(territory.school_b, {"users_registered": 200, "loans": 900}, year=year)
    NationalFigure.objects.create(indicator=Indicator.objects.get(code="loans_per_user"),
                                  year=2024, value=Decimal("16.7"))


def test_overview_totals_changes_and_national_figure(manager_client, data):
    response = manager_client.get(reverse("statistika:analysis_overview"), {"year": 2024})
    rows = {r["code"]: r for r in response.context["data"]["rows"]}
    assert rows["users_registered"]["value"] == 280          # 200 + 50 + 30
    assert rows["users_registered"]["last_year"] == 180
    assert rows["loans_per_user"]["value"] == Decimal("9.642857")   # 2700 / 280
    assert rows["loans_per_user"]["compared"].national == Decimal("16.7")
    assert round(rows["users_registered"]["change"], 1) == Decimal("55.6")


def test_municipality_ratio_is_sum_over_sum_and_ranked(manager_client, data):
    response = manager_client.get(reverse("statistika:analysis_municipalities"),
                                  {"year": 2024, "sort": "loans_per_user"})
    rows = response.context["rows"]
    assert [r["unit"].key for r in rows] == ["SKU", "KRE"]      # 20 per user, then 8.4
    assert rows[1]["values"]["loans_per_user"] == Decimal("8.4")  # (2000+100)/(200+50)
    assert rows[0]["rank"] == 1


def test_drill_down_from_municipality_to_outlets(manager_client, data, territory):
    municipality = manager_client.get(reverse("statistika:analysis_municipality",
                                              args=["KRE"]), {"year": 2024})
    assert [r["unit"].key for r in municipality.context["rows"]] == ["SVB-KRE"]
    system = manager_client.get(reverse("statistika:analysis_library", args=["SVB-KRE"]),
                                {"year": 2024})
    assert {o["unit"].key for o in system.context["outlets"]} == {"SVB-KRE-C", "SVB-KRE-F01"}
    assert system.context["row"]["values"]["users_registered"] == 250


def test_school_group_uses_school_libraries(manager_client, data):
    response = manager_client.get(reverse("statistika:analysis_municipalities"),
                                  {"year": 2024, "group": "school"})
    rows = {r["unit"].key: r for r in response.context["rows"]}
    assert rows["SKU"]["values"]["loans"] == 900


def test_by_kind_sums_each_kind(manager_client, data):
    response = manager_client.get(reverse("statistika:analysis_kinds"), {"year": 2024})
    rows = {r["kind"].value: r for r in response.context["rows"]}
    assert rows[LibraryKind.CENTRAL]["values"]["users_registered"] == 230
    assert rows[LibraryKind.SCHOOL]["count"] == 1


def test_peer_band_needs_five_libraries_and_names_none(client_a, data, territory, put):
    response = client_a.get(reverse("statistika:analysis_library", args=["SVB-KRE-C"]),
                            {"year": 2024})
    assert response.context["bands"]["loans"] is None
    for n in range(5):
        library = Library.objects.create(code=f"C{n}", name=f"Centrinė {n}",
                                         kind=LibraryKind.CENTRAL, parent=territory.system_b,
                                         municipality=territory.municipality_b)
        put(library, {"loans": 100 * (n + 1)}, year=2024)
    from django.core.cache import cache

    cache.clear()
    response = client_a.get(reverse("statistika:analysis_library", args=["SVB-KRE-C"]),
                            {"year": 2024})
    band = response.context["bands"]["loans"]
    assert band["count"] == 7 and band["p50"] == 400   # 100…500, 600 and 2000
    body = response.content.decode()
    assert "Skuodo" not in body and "Centrinė 3" not in body


def test_librarian_is_sent_to_their_library_and_never_sees_others(client_a, client_b, data):
    response = client_a.get(reverse("statistika:analysis_overview"))
    assert response.status_code == 302 and "SVB-KRE" in response["Location"]
    assert client_a.get(reverse("statistika:analysis_municipalities")).status_code == 403
    assert client_a.get(reverse("statistika:analysis_library",
                                args=["SVB-SKU-C"])).status_code == 404
    assert client_b.get(reverse("statistika:analysis_library",
                                args=["SVB-KRE"])).status_code == 404


def _queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("name,args", [("statistika:analysis_overview", []),
                                       ("statistika:analysis_municipalities", []),
                                       ("statistika:analysis_municipality", ["KRE"]),
                                       ("statistika:analysis_library", ["SVB-KRE"])])
def test_dashboard_queries_do_not_grow_with_data(manager_client, data, territory, name, args):
    from django.core.cache import cache

    url = reverse(name, args=args)
    cache.clear()
    _queries(manager_client, url, {"year": 2024})
    cache.clear()
    few = _queries(manager_client, url, {"year": 2024})
    loans = Indicator.objects.get(code="loans")
    for n in range(30):
        library = Library.objects.create(code=f"B{n}", name=f"Filialas {n}",
                                         kind=LibraryKind.RURAL_BRANCH,
                                         parent=territory.central_a,
                                         municipality=territory.municipality_a)
        for year in (2023, 2024):
            Value.objects.create(library=library, indicator=loans, year=year, value=5)
    cache.clear()
    assert _queries(manager_client, url, {"year": 2024}) == few


def test_tables_download_as_xlsx_through_the_engine(manager, data, territory):
    from openpyxl import load_workbook

    from ataskaitos import services

    job = services.request_report(kind="analysis", params={"report": "municipalities",
                                                           "year": "2024"},
                                  format="xlsx", by=manager)
    job = services.run_job(job.pk)
    sheet = load_workbook(job.file.path).worksheets[-1]
    cells = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    header = [c.value for c in sheet[1]]
    assert cells["Kretingos rajono savivaldybė"][header.index("Skaitomumas")].value == 8.4


def test_analysis_selectors_are_cached_per_data_version(data, territory, put):
    first = analysis.territory_overview(2024)
    put(territory.central_a, {"users_registered": 999}, year=2024)
    second = analysis.territory_overview(2024)
    assert first is not second
    assert {r["code"]: r for r in second["rows"]}["users_registered"]["value"] == 1079
