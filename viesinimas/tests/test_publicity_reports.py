"""The publicity log's figures: the metrics (in all and by channel, for the territory, a
municipality and a library), the overview page, the year's log (XLSX, CSV — opened back and
compared with the entries), the summary (PDF, DOCX) and the annual report's section — all
counted from the same entries; and who may see which figures."""

import csv
import io
from datetime import date, datetime

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ataskaitos import services as documents
from ataskaitos.models import JobStatus, ReportJob
from portalas.metrics import Period, Scope
from portalas.registry import annual_report_sections, menu, metric, metrics
from portalas.testing import count_queries, query_budget
from viesinimas import reports_publicity
from viesinimas.models import Publication, PublicationChannel
from viesinimas.tests.factories_publicity import make_publication

pytestmark = pytest.mark.django_db

YEAR = 2025
PERIOD = Period.year(YEAR)
OVERVIEW = reverse("viesinimas:publicity_overview")


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def year_of_entries(territory, staff):
    """2025: press about the Darbėnai branch (twice), radio about Kretinga and Skuodas
    school, a Facebook post about Skuodas school, the department's own newsletter item;
    one press article in 2024 and one about A's branch in 2026."""
    t = territory

    def on(day, **fields):
        return make_publication(by=staff, published_on=day, **fields)

    found = [
        on(date(2025, 1, 15), libraries=[t.branch_a], medium="Pajūrio naujienos",
           title="Darbėnuose – žiemos skaitymai", reach=3000),
        on(date(2025, 4, 23), libraries=[t.branch_a], medium="Pajūrio naujienos",
           title="Bibliotekų savaitė Darbėnuose", reach=2800),
        on(date(2025, 4, 24), libraries=[t.system_a, t.school_b],
           channel=PublicationChannel.RADIO, medium="Žemaitijos radijas",
           title="Pokalbis apie Bibliotekų savaitę", reach=None),
        on(date(2025, 9, 1), libraries=[t.school_b], channel=PublicationChannel.SOCIAL,
           medium="Facebook", title="Mokslo metų pradžia bibliotekoje", reach=450),
        on(date(2025, 12, 31), libraries=[], channel=PublicationChannel.NEWSLETTER,
           medium="Skyriaus naujienlaiškis", title="Metų apžvalga", reach=120),
    ]
    on(date(2024, 12, 31), libraries=[t.branch_a], title="Praėjusių metų straipsnis")
    on(date(2026, 1, 2), libraries=[t.branch_a], title="Kitų metų straipsnis")
    return found


# --- metrics ------------------------------------------------------------------------------------

def test_the_metric_counts_the_years_publications_by_scope(year_of_entries, territory):
    count = metric("viesinimas.publications")
    assert count.function == "5.1" and count.unit == "vnt."
    assert count.value(PERIOD) == 5
    assert count.value(PERIOD, Scope.of_municipality(territory.municipality_a)) == 3
    assert count.value(PERIOD, Scope.of_municipality(territory.municipality_b)) == 2
    assert count.value(PERIOD, Scope.of_library(territory.system_a)) == 3     # with outlets
    assert count.value(PERIOD, Scope.of_library(territory.branch_a)) == 2
    assert count.value(PERIOD, Scope.of_library(territory.school_b)) == 2
    assert count.value(Period.quarter(YEAR, 2)) == 2
    assert set(count.records(PERIOD)) == set(year_of_entries)


def test_a_metric_per_channel(year_of_entries, territory):
    names = {m.name for m in metrics("5.1")}
    assert {f"viesinimas.publications.{c.value}" for c in PublicationChannel} <= names
    assert metric("viesinimas.publications.press").value(PERIOD) == 2
    assert metric("viesinimas.publications.radio").value(PERIOD) == 1
    assert metric("viesinimas.publications.social").value(PERIOD) == 1
    assert metric("viesinimas.publications.newsletter").value(PERIOD) == 1
    assert metric("viesinimas.publications.tv").value(PERIOD) == 0
    assert metric("viesinimas.publications.radio").value(
        PERIOD, Scope.of_library(territory.school_b)) == 1
    assert metric("viesinimas.publications.press").value(
        PERIOD, Scope.of_municipality(territory.municipality_b)) == 0
    assert metric("viesinimas.publications.social").label_lt == \
        "Publikacijos: socialiniai tinklai"
    assert sum(metric(f"viesinimas.publications.{c.value}").value(PERIOD)
               for c in PublicationChannel) == metric("viesinimas.publications").value(PERIOD)


def test_the_figures_agree_with_a_hand_count(year_of_entries, territory):
    found = reports_publicity.figures(PERIOD, Scope.territory())
    assert found.totals == {"count": 5, "reach": 3000 + 2800 + 450 + 120, "with_reach": 4,
                            "department": 1, "libraries": 3}
    by_channel = {r["value"]: (r["count"], r["reach"]) for r in found.channels}
    assert by_channel["press"] == (2, 5800) and by_channel["radio"] == (1, None)
    assert by_channel["tv"] == (0, None)
    assert [r["count"] for r in found.months] == [1, 0, 0, 2, 0, 0, 0, 0, 1, 0, 0, 1]
    assert {r["name"]: r["count"] for r in found.libraries} == {
        "Darbėnų filialas": 2, "Kretingos viešoji biblioteka": 1,
        "Skuodo gimnazijos biblioteka": 2}
    assert {r["name"]: r["count"] for r in found.municipalities} == {
        "Kretingos rajono savivaldybė": 3, "Skuodo rajono savivaldybė": 2}


def test_a_librarians_figures_hold_their_libraries_only(year_of_entries, librarian_b):
    found = reports_publicity.figures(PERIOD, Scope.territory(), user=librarian_b)
    assert found.totals["count"] == 2
    assert [r["name"] for r in found.libraries] == ["Skuodo gimnazijos biblioteka"]


def test_the_figures_take_a_fixed_number_of_queries(territory, staff):
    for number in range(3):
        make_publication(by=staff, published_on=date(2025, 3, 1), libraries=[territory.branch_a],
                         title=f"S{number}")
    few = count_queries(lambda: reports_publicity.figures(PERIOD, Scope.territory()))
    for number in range(27):
        make_publication(by=staff, published_on=date(2025, 5, 1),
                         libraries=[territory.school_b, territory.system_a], title=f"K{number}")
    assert count_queries(lambda: reports_publicity.figures(PERIOD, Scope.territory())) == few


# --- the overview page --------------------------------------------------------------------------

def test_the_overview_shows_the_years_counts(staff_client, year_of_entries):
    response = staff_client.get(OVERVIEW, {"year": YEAR})
    assert response.status_code == 200
    assert response.context["totals"]["count"] == 5
    html = response.content.decode()
    assert response.context["totals"]["reach"] == 6370
    assert "<svg" in html
    channels = {r["value"]: r["url"] for r in response.context["figures"].channels}
    assert "channel=press" in channels["press"] and "published_from=2025-01-01" in channels["press"]


def test_the_overview_in_lithuanian_groups_thousands(staff_client, settings, year_of_entries):
    settings.LANGUAGE_CODE = "lt"
    html = staff_client.get(OVERVIEW, {"year": YEAR}).content.decode()
    assert 'data-total="reach">6\xa0370<' in html


def test_the_overview_narrows_to_a_municipality(staff_client, territory, year_of_entries):
    response = staff_client.get(OVERVIEW, {"year": YEAR,
                                           "municipality": territory.municipality_b.pk})
    assert response.context["totals"]["count"] == 2


def test_who_opens_the_overview(manager_client, client_b, client, year_of_entries):
    assert manager_client.get(OVERVIEW, {"year": YEAR}).status_code == 200
    response = client_b.get(OVERVIEW, {"year": YEAR})
    assert response.status_code == 200 and response.context["totals"]["count"] == 2
    assert response.context["municipalities"] == []


@pytest.mark.parametrize("year", ["abc", "1500", "", "99999"])
def test_a_bad_year_shows_this_year(staff_client, year):
    assert staff_client.get(OVERVIEW, {"year": year}).status_code == 200


def test_the_overview_keeps_to_its_query_budget(staff_client, territory, staff):
    for number in range(3):
        make_publication(by=staff, published_on=date(2025, 3, 1), libraries=[territory.branch_a],
                         title=f"S{number}")
    staff_client.get(OVERVIEW, {"year": YEAR})
    few = count_queries(lambda: staff_client.get(OVERVIEW, {"year": YEAR}))
    for number in range(27):
        make_publication(by=staff, published_on=date(2025, 5, 1),
                         libraries=[territory.school_b, territory.system_a], title=f"K{number}")
    assert count_queries(lambda: staff_client.get(OVERVIEW, {"year": YEAR})) == few
    with query_budget(20):
        staff_client.get(OVERVIEW, {"year": YEAR})


def test_the_menu_offers_the_log_to_whom_may_open_it(staff, manager, librarian_a,
                                                     librarian_b):
    item = menu.get("viesinimas:publication_list")
    assert item.group == "publicity"
    assert all(item.allowed(user) for user in (staff, manager, librarian_a, librarian_b))
    overview = menu.get("viesinimas:publicity_overview")
    assert overview.allowed(staff) and overview.allowed(manager)
    assert not overview.allowed(librarian_a)


def test_the_menu_asks_no_query_of_its_own(librarian_a):
    from bibliotekos.scoping import memberships_of

    memberships_of(librarian_a)               # read once per request by the menu anyway
    assert count_queries(lambda: menu.get("viesinimas:publication_list").allowed(
        librarian_a)) == 0


# --- the documents ------------------------------------------------------------------------------

def ask(user, capture, fmt, **params) -> ReportJob:
    with capture(execute=True):
        job = documents.request_report(kind="viesinimas.publicity",
                                       params={"format": fmt, **params}, format=fmt, by=user)
    job.refresh_from_db()
    return job


def test_the_years_log_as_xlsx_opens_back_with_the_entries(
        year_of_entries, staff, django_capture_on_commit_callbacks):
    job = ask(staff, django_capture_on_commit_callbacks, "xlsx", year=str(YEAR))
    assert job.status == JobStatus.DONE, job.error
    sheet = load_workbook(job.file.path).worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    header = [cell.value for cell in sheet[1]]
    assert header[:5] == ["Date", "Channel", "Medium", "Title", "Link"]
    records = list(Publication.objects.filter(published_on__year=YEAR)
                   .order_by("published_on", "pk"))
    assert len(rows) == len(records) == 5
    for row, record in zip(rows, records, strict=True):
        assert row[0] == datetime.combine(record.published_on, datetime.min.time())
        assert row[1] == str(record.get_channel_display())
        assert row[2] == record.medium and row[3] == record.title
        assert row[10] == record.reach
    assert rows[2][5] == "Kretingos viešoji biblioteka; Skuodo gimnazijos biblioteka"
    assert rows[2][6] == "Kretingos rajono savivaldybė; Skuodo rajono savivaldybė"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_the_log_as_csv_for_a_library_and_for_a_librarian(
        year_of_entries, staff, librarian_a, librarian_b, territory,
        django_capture_on_commit_callbacks):
    job = ask(staff, django_capture_on_commit_callbacks, "csv", year=str(YEAR),
              library=str(territory.system_a.pk))
    assert job.status == JobStatus.DONE, job.error
    with job.file.open("rb") as handle:
        lines = list(csv.reader(io.StringIO(handle.read().decode("utf-8-sig"))))
    assert len(lines) == 1 + 3
    mine = ask(librarian_b, django_capture_on_commit_callbacks, "csv", year=str(YEAR))
    with mine.file.open("rb") as handle:
        lines = list(csv.reader(io.StringIO(handle.read().decode("utf-8-sig"))))
    assert {line[3] for line in lines[1:]} == {"Pokalbis apie Bibliotekų savaitę",
                                               "Mokslo metų pradžia bibliotekoje"}
    with pytest.raises(documents.NotAvailable):          # not a library they may choose
        documents.request_report(kind="viesinimas.publicity", format="xlsx",
                                 params={"year": str(YEAR), "format": "xlsx",
                                         "library": str(territory.system_a.pk)},
                                 by=librarian_b)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_summary_documents_are_made(fmt, year_of_entries, manager,
                                        django_capture_on_commit_callbacks):
    job = ask(manager, django_capture_on_commit_callbacks, fmt, year=str(YEAR))
    assert job.status == JobStatus.DONE, job.error
    assert job.file.size > 1000


def test_the_summary_holds_the_counts(year_of_entries, staff):
    found = reports_publicity.figures(PERIOD, Scope.territory(), user=staff)
    rows = reports_publicity.log_rows(reports_publicity.log_records(staff, PERIOD))
    document = reports_publicity.summary_document(found, rows, scope_words="visos")
    counts = document.sections[1].tables[0]
    assert [row[1] for row in counts.rows] == [r["count"] for r in found.channels]
    assert len(document.sections[2].tables[0].rows) == 5


@pytest.mark.parametrize("params", [{}, {"year": "abc"}, {"year": "1700"}])
def test_the_report_refuses_bad_parameters(params, staff):
    with pytest.raises(documents.NotAvailable):
        documents.request_report(kind="viesinimas.publicity", params=params, format="xlsx",
                                 by=staff)
    assert not ReportJob.objects.exists()


def test_the_report_is_closed_to_a_librarian_without_a_library(db):
    from tests.factories import UserFactory

    lonely = UserFactory(role="librarian", email="be-bibliotekos@test.lt")
    with pytest.raises(documents.NotAvailable):
        documents.request_report(kind="viesinimas.publicity", params={"year": str(YEAR)},
                                 format="xlsx", by=lonely)


# --- the annual report --------------------------------------------------------------------------

def test_the_annual_section_tells_the_year(year_of_entries):
    section = annual_report_sections.get("viesinimas.publicity")
    assert section.function == "5.1"
    chapter = section.build(YEAR)
    assert len(chapter) == 1
    assert "5" in chapter[0].paragraphs[0]
    table = chapter[0].tables[0]
    assert table.rows[-1][1] == 5
    assert section.build(2019) == []
