"""The projects' documents, metrics, overview page, annual report chapter and the panel on
an organisation's page: what each counts, who may ask for what, and that a workbook reads
back exactly as it was written."""

import subprocess
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext
from openpyxl import load_workbook

from ataskaitos import services as documents
from ataskaitos.models import JobStatus, ReportJob
from ataskaitos.renderers import places
from bibliotekos.models import Organisation, OrganisationKind
from conftest import require_program
from portalas.metrics import Period, Scope
from portalas.numbers import rounded
from portalas.registry import annual_report_sections, kind, metric
from portalas.testing import query_budget
from projektai import exports
from projektai.models import (
    Activity,
    ActivityKind,
    BudgetLine,
    CoFinancing,
    Project,
    ProjectIndicator,
    ProjectPartner,
    ProjectRole,
    ProjectStatus,
)
from projektai.panels_reports import organisation_projects
from projektai.tests.factories import make_project

pytestmark = pytest.mark.django_db

TITLE = "Skaitymo iššūkis regione: šeimų žiemos skaitymai"


class World:
    pass


@pytest.fixture
def world(territory, staff, librarian_a, librarian_b):
    """Four projects: the department's (granted 2026, running, Kretingos viešoji biblioteka
    and a museum its partners), library A's own (rejected 2026), the school library B's own
    (submitted 2025, running) and one a Latvian library leads (submitted 2026)."""
    w = World()
    w.museum = Organisation.objects.create(name="Kretingos muziejus",
                                           kind=OrganisationKind.MUSEUM)
    w.latvia = Organisation.objects.create(name="Liepājas Centrālā zinātniskā bibliotēka",
                                           country="LV",
                                           kind=OrganisationKind.LIBRARY_FOREIGN)
    w.department = make_project(
        by=staff, title=TITLE, acronym="ŠEIMA", status=ProjectStatus.RUNNING,
        submitted_on=date(2026, 1, 20), decided_on=date(2026, 2, 27),
        requested_amount=Decimal("12000.00"), granted_amount=Decimal("10500.50"),
        application_number="LKT-2026-0147", responsible=[staff],
        summary="Skatinti šeimų skaitymą Kretingos ir Skuodo rajonuose.")
    ProjectPartner.objects.create(project=w.department, library=territory.system_a)
    ProjectPartner.objects.create(project=w.department, organisation=w.museum)
    BudgetLine.objects.create(project=w.department, code="1", title="Knygos ir leidiniai",
                              planned=Decimal("6000.00"), spent=Decimal("4200.25"), order=1)
    BudgetLine.objects.create(project=w.department, code="2", title="Renginių organizavimas",
                              planned=Decimal("4500.50"), spent=Decimal("1000.00"), order=2)
    CoFinancing.objects.create(project=w.department, source_name="Savivaldybės lėšos",
                               amount=Decimal("1500.00"), confirmed=True)
    CoFinancing.objects.create(project=w.department, source=w.museum,
                               amount=Decimal("250.75"))
    w.indicator = ProjectIndicator.objects.create(
        project=w.department, name="Renginių dalyviai", unit="asm.",
        planned=Decimal("300"), achieved_manual=Decimal("120"))
    Activity.objects.create(project=w.department, title="Skaitymų ciklas šeimoms",
                            starts_on=date(2026, 3, 10), ends_on=date(2026, 11, 30))
    Activity.objects.create(project=w.department, kind=ActivityKind.MILESTONE,
                            title="Baigiamoji šventė", ends_on=date(2026, 12, 10),
                            done_on=None)
    w.own_a = make_project(
        by=librarian_a, owner_library=territory.central_a, title="Darbėnų žodynas",
        status=ProjectStatus.REJECTED, submitted_on=date(2026, 2, 1),
        decided_on=date(2026, 3, 15), requested_amount=Decimal("3000.00"))
    w.own_b = make_project(
        by=staff, owner_library=territory.school_b, title="Žemaičių tarmės skaitymai",
        status=ProjectStatus.RUNNING, submitted_on=date(2025, 5, 5),
        decided_on=date(2025, 6, 30), requested_amount=Decimal("2500.00"),
        granted_amount=Decimal("2000.00"), starts_on=date(2025, 9, 1),
        ends_on=date(2026, 6, 30))
    w.baltic = make_project(
        by=staff, title="Baltijos skaitytojai", role=ProjectRole.PARTNER,
        lead_organisation=w.latvia, status=ProjectStatus.SUBMITTED,
        submitted_on=date(2026, 4, 10), requested_amount=Decimal("8000.00"))
    return w


def ask(user, capture, kind_name, fmt, **params) -> ReportJob:
    with capture(execute=True):
        job = documents.request_report(kind=kind_name, params=params, format=fmt, by=user)
    job.refresh_from_db()
    return job


def read_back(cell_value, written, column):
    """Whether a cell read back holds what the document wrote: text as text, a number as
    the same number to its decimals, a date as the same date."""
    if written is None or written == "":
        return cell_value in (None, "")
    if column.kind == "date":
        return isinstance(cell_value, datetime) and cell_value.date() == written
    if column.kind in {"int", "decimal", "number"}:
        return (isinstance(cell_value, (int, float))
                and Decimal(str(cell_value)) == rounded(written, places(written, column)))
    return cell_value == str(written)


def assert_reads_back(sheet, table):
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [c.label for c in table.columns]
    assert len(rows) - 1 == len(table.rows)
    for read, written in zip(rows[1:], table.rows, strict=True):
        for cell, value, column in zip(read, written, table.columns, strict=True):
            assert read_back(cell, value, column), (column.label, cell, value)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


# --- the register ----------------------------------------------------------------------------

def test_the_register_reads_back_exactly_as_written(world, staff,
                                                    django_capture_on_commit_callbacks):
    job = ask(staff, django_capture_on_commit_callbacks, "projektai.register", "xlsx",
              which="all")
    assert job.status == JobStatus.DONE, job.error
    with translation.override(job.language):
        document = exports.register_document(Project.objects.visible_to(staff))
    [table] = document.sections[0].tables
    book = load_workbook(job.file.path)
    assert len(book.worksheets) == 1
    sheet = book.worksheets[0]
    assert_reads_back(sheet, table)
    titles = [row[0] for row in table.rows]
    assert sorted(titles) == sorted([TITLE, "Darbėnų žodynas", "Žemaičių tarmės skaitymai",
                                     "Baltijos skaitytojai"])
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == TITLE)
    values = [cell.value for cell in row]
    assert values[1] == "ŠEIMA" and values[5] == "LKT-2026-0147"
    assert values[9] == "Kretingos viešoji biblioteka; Kretingos muziejus"
    assert values[10] == "Rūta Skyriūtė"
    assert values[11] == datetime(2026, 3, 1) and row[11].number_format == "yyyy-mm-dd"
    assert values[14:18] == [12000, 10500.5, 1750.75, 5200.25]
    assert "0.00" in row[15].number_format            # a sum, with cents
    assert values[18] == datetime(2026, 1, 20) and values[19] == datetime(2026, 2, 27)
    baltic = next(r for r in sheet.iter_rows(min_row=2, values_only=True)
                  if r[0] == "Baltijos skaitytojai")
    assert baltic[7] == "Liepājas Centrālā zinātniskā bibliotēka"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref


def test_the_register_of_a_librarian_has_their_librarys_projects_and_partnerships(
        world, librarian_a, librarian_b, django_capture_on_commit_callbacks):
    job = ask(librarian_a, django_capture_on_commit_callbacks, "projektai.register", "xlsx")
    assert job.status == JobStatus.DONE, job.error
    titles = {r[0] for r in load_workbook(job.file.path).worksheets[0].iter_rows(
        min_row=2, values_only=True)}
    assert titles == {TITLE, "Darbėnų žodynas"}      # partner in the first, owner of the other
    job = ask(librarian_b, django_capture_on_commit_callbacks, "projektai.register", "xlsx")
    titles = {r[0] for r in load_workbook(job.file.path).worksheets[0].iter_rows(
        min_row=2, values_only=True)}
    assert titles == {"Žemaičių tarmės skaitymai"}


def test_the_register_chooses_a_year_and_the_libraries_projects(world, staff):
    chosen = exports.register_projects(Project.objects.all(), year=2025, which="libraries")
    assert list(chosen) == [world.own_b]
    department_2026 = exports.register_projects(Project.objects.all(), year=2026,
                                                which="department")
    assert set(department_2026) == {world.department, world.baltic}


@pytest.mark.parametrize("params", [{"year": "abc"}, {"which": "everything"},
                                    {"year": "1700"}])
def test_the_register_refuses_bad_parameters(params, world, staff):
    with pytest.raises(documents.NotAvailable):
        documents.request_report(kind="projektai.register", params=params, format="xlsx",
                                 by=staff)
    assert not ReportJob.objects.exists()


# --- the summary ---------------------------------------------------------------------------

def test_the_summary_shows_the_project_and_its_money_in_lithuanian(world, staff):
    with translation.override("lt"):
        document = exports.summary_document(world.department, staff,
                                            today=date(2026, 6, 1))
    assert document.title == TITLE
    assert len(document.sections) == 3                # one page: no table of contents
    about, money, results = document.sections
    facts = list(dict(about.facts).values())
    assert "Kretingos viešoji biblioteka; Kretingos muziejus" in facts
    assert "2026-03-01 – 2026-12-15" in facts and "2026-01-20 / 2026-02-27" in facts
    assert "LKT-2026-0147 / –" in facts and "Rūta Skyriūtė" in facts
    assert "Skatinti šeimų skaitymą" in about.paragraphs[0]
    sums, lines = money.tables
    assert sums.rows == [[Decimal("12000.00"), Decimal("10500.50"), Decimal("1750.75"),
                          Decimal("5200.25"), Decimal("49.5")]]
    with translation.override("lt"):
        from ataskaitos.renderers import display

        shown = [display(v, c) for v, c in zip(sums.rows[0], sums.columns, strict=True)]
    assert shown == ["12\xa0000,00", "10\xa0500,50", "1\xa0750,75", "5\xa0200,25", "49,5"]
    assert [row[1] for row in lines.rows] == ["Knygos ir leidiniai", "Renginių organizavimas"]
    indicators, dated = results.tables
    assert indicators.rows == [["Renginių dalyviai", "asm.", Decimal("300"), Decimal("120"),
                                Decimal("40.0")]]
    assert [(row[0], row[1]) for row in dated.rows] == [
        (date(2026, 12, 1), "Keitimo prašymas"), (date(2026, 12, 10), "Baigiamoji šventė"),
        (date(2026, 12, 31), "Galutinė ataskaita")]


def test_the_summary_marks_overdue_deadlines(world, staff):
    document = exports.summary_document(world.department, staff, today=date(2026, 12, 5))
    dated = document.sections[2].tables[1]
    assert dated.rows[0][1].startswith("Keitimo prašymas (")


def test_the_summary_pdf_is_made_by_the_engine(world, staff, tmp_path,
                                               django_capture_on_commit_callbacks):
    job = ask(staff, django_capture_on_commit_callbacks, "projektai.summary", "pdf",
              project=str(world.department.pk))
    assert job.status == JobStatus.DONE, job.error
    assert job.filename.endswith(".pdf")
    with job.file.open("rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF")
    program = require_program("pdftotext")
    path = tmp_path / "santrauka.pdf"
    path.write_bytes(data)
    text = subprocess.run([program, "-layout", str(path), "-"], capture_output=True,
                          check=True).stdout.decode()
    text = text.replace("\xa0", " ")
    assert "Skaitymo iššūkis regione" in text and "šeimų žiemos skaitymai" in text
    assert "10 500,50" in text and "12 000,00" in text


def test_a_librarian_asking_for_another_librarys_summary_gets_404_and_no_job(
        world, client_b):
    response = client_b.post(reverse("ataskaitos:document_request"), {
        "kind": "projektai.summary", "format": "pdf", "project": world.department.pk})
    assert response.status_code == 404
    response = client_b.post(reverse("ataskaitos:document_request"), {
        "kind": "projektai.funder_report", "format": "xlsx", "project": world.own_a.pk})
    assert response.status_code == 404
    assert not ReportJob.objects.exists()


def test_a_partner_librarian_gets_the_summary_and_loses_it_with_the_partnership(
        world, librarian_a, django_capture_on_commit_callbacks):
    job = ask(librarian_a, django_capture_on_commit_callbacks, "projektai.summary", "pdf",
              project=str(world.department.pk))
    assert job.status == JobStatus.DONE, job.error
    with django_capture_on_commit_callbacks(execute=False):
        job = documents.request_report(kind="projektai.funder_report",
                                       params={"project": str(world.department.pk)},
                                       format="xlsx", by=librarian_a)
    ProjectPartner.objects.filter(project=world.department, library__isnull=False).delete()
    job = documents.run_job(job.pk)             # the worker checks the scope again
    assert job.status == JobStatus.FAILED and not job.file


def test_the_summary_is_only_a_pdf(world, staff):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        documents.request_report(kind="projektai.summary",
                                 params={"project": str(world.department.pk)},
                                 format="docx", by=staff)
    assert kind("projektai.register").formats == ("xlsx",)


# --- the funder's report tables --------------------------------------------------------------

def test_the_funder_report_reads_back_exactly_as_written(world, staff,
                                                         django_capture_on_commit_callbacks):
    job = ask(staff, django_capture_on_commit_callbacks, "projektai.funder_report", "xlsx",
              project=str(world.department.pk))
    assert job.status == JobStatus.DONE, job.error
    book = load_workbook(job.file.path)
    with translation.override(job.language):
        document = exports.funder_report_document(world.department, staff)
        names = [pgettext("sheet", name) for name in ("Activities", "Indicators", "Budget",
                                                      "Co-financing")]
    assert book.sheetnames == names
    tables = [section.tables[0] for section in document.sections]
    for sheet, table in zip(book.worksheets, tables, strict=True):
        assert_reads_back(sheet, table)
    budget = list(book.worksheets[2].iter_rows(min_row=2, values_only=True))
    assert budget[-1][2:] == (10500.5, 5200.25, 5300.25, 49.5)     # totals: numbers
    assert budget[0][:6] == ("1", "Knygos ir leidiniai", 6000, 4200.25, 1799.75, 70)
    indicators = list(book.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert indicators[0][:5] == ("Renginių dalyviai", "asm.", 300, 120, 40)
    co = list(book.worksheets[3].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in co] == ["Savivaldybės lėšos", "Kretingos muziejus",
                                      co[-1][0]]
    assert co[-1][1] == 1750.75
    activities = list(book.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert activities[0][1:4] == ("Skaitymų ciklas šeimoms", datetime(2026, 3, 10),
                                  datetime(2026, 11, 30))


def test_a_project_without_parts_still_gives_the_four_tables(world, staff):
    document = exports.funder_report_document(world.baltic, staff)
    budget = document.sections[2].tables[0]
    assert budget.rows == [["", budget.rows[0][1], Decimal("0"), Decimal("0"), Decimal("0"),
                            None]]


# --- the metrics ---------------------------------------------------------------------------

def value(name, period, scope=None):
    return metric(f"projektai.{name}").value(period, scope)


def test_the_years_metrics_count_the_territory(world):
    year = Period.year(2026)
    assert value("submitted", year) == 3
    assert value("granted", year) == 1
    assert value("rejected", year) == 1
    assert value("success_rate", year) == Decimal(100) / 3
    assert value("funds_attracted", year) == Decimal("10500.50")
    assert value("funds_requested", year) == Decimal("23000.00")
    assert value("running", year) == 2
    assert value("library_projects", year) == 1
    assert value("partner_libraries", year) == 1
    before = Period.year(2025)
    assert value("submitted", before) == 1 and value("granted", before) == 1
    assert value("funds_attracted", before) == Decimal("2000.00")
    assert value("running", before) == 1 and value("library_projects", before) == 1
    assert value("partner_libraries", before) == 0
    assert value("success_rate", Period.year(2024)) is None
    records = metric("projektai.submitted").records(year)
    assert set(records) == {world.department, world.own_a, world.baltic}
    assert metric("projektai.library_projects").function == "2.2"


def test_a_library_scope_counts_its_own_projects_and_its_partnerships(world, territory):
    year = Period.year(2026)
    system_a = Scope.of_library(territory.system_a)
    assert value("submitted", year, system_a) == 2       # partner, and its outlet's own
    assert value("granted", year, system_a) == 1
    assert value("rejected", year, system_a) == 1
    assert value("success_rate", year, system_a) == Decimal(50)
    assert value("running", year, system_a) == 1
    assert value("library_projects", year, system_a) == 1
    assert value("partner_libraries", year, system_a) == 1
    branch = Scope.of_library(territory.branch_a)
    assert value("submitted", year, branch) == 0
    assert value("funds_attracted", year, branch) == 0
    school_b = Scope.of_library(territory.school_b)
    assert value("running", year, school_b) == 1
    assert value("submitted", Period.year(2025), school_b) == 1
    assert value("partner_libraries", year, school_b) == 0


def test_a_municipality_scope_counts_its_libraries_projects(world, territory):
    year = Period.year(2026)
    assert value("submitted", year, Scope.of_municipality(territory.municipality_a)) == 2
    assert value("running", year, Scope.of_municipality(territory.municipality_b)) == 1
    assert value("funds_requested", year,
                 Scope.of_municipality(territory.municipality_b)) == 0


def test_a_quarter_counts_what_happened_in_it(world):
    assert value("submitted", Period.quarter(2026, 1)) == 2
    assert value("submitted", Period.quarter(2026, 2)) == 1
    assert value("running", Period.quarter(2026, 1)) == 2    # the department's from March
    assert value("running", Period.quarter(2025, 2)) == 0    # the school's from September
    assert value("running", Period.between(date(2026, 7, 1), date(2026, 7, 31))) == 1


# --- the annual report ---------------------------------------------------------------------

def test_the_annual_report_chapter(world, staff):
    chapter = annual_report_sections.get("projektai.projects")
    assert chapter.function == "2.1"
    with translation.override("lt"):
        [section] = chapter.build(2026, None)
        [same] = chapter.build(year=2026, user=staff)
    assert section.facts == same.facts
    facts = [value for _label, value in section.facts]
    assert facts[:3] == [3, "23\xa0000,00 €", 1]
    assert facts[3] == "10\xa0500,50 €" and facts[4] == 1 and facts[5] == "33,3 %"
    assert facts[6:] == [2, 1, 1]
    [table] = section.tables
    assert table.rows[0] == [TITLE, "Lietuvos kultūros taryba – bibliotekų programa",
                             Decimal("10500.50")]
    assert table.rows[-1][2] == Decimal("10500.50")
    [empty] = chapter.build(2020)
    assert empty.tables == [] and empty.facts[0][1] == 0


# --- the overview page ---------------------------------------------------------------------

OVERVIEW_BUDGET = 9


def test_the_overview_shows_success_by_year_and_the_totals(world, staff_client):
    with query_budget(OVERVIEW_BUDGET):
        response = staff_client.get(reverse("projektai:overview"))
    assert response.status_code == 200
    years = {row["year"]: row for row in response.context["years"]}
    assert years[2026]["submitted"] == 3 and years[2026]["granted"] == 1
    assert years[2026]["attracted"] == Decimal("10500.50")
    totals = response.context["totals"]
    assert totals["submitted"] == 4 and totals["granted"] == 2 and totals["rejected"] == 1
    assert totals["pending"] == 1 and totals["rate"] == Decimal("50.0")
    assert totals["attracted"] == Decimal("12500.50")
    statuses = {row["status"]: row["count"] for row in response.context["statuses"]}
    assert statuses[ProjectStatus.RUNNING] == 2 and statuses[ProjectStatus.IDEA] == 0
    [programme] = response.context["programmes"]
    assert programme["count"] == 4 and programme["attracted"] == Decimal("12500.50")
    places = [row["municipality"] for row in response.context["municipalities"]]
    assert places == ["Kretingos rajono savivaldybė", "Skuodo rajono savivaldybė"]
    content = response.content.decode()
    assert 'name="kind" value="projektai.register"' in content
    assert '<label class="form-label" for="register-year">' in content


def test_the_overview_keeps_its_query_budget_with_more_projects(world, staff, staff_client):
    for number in range(6):
        make_project(by=staff, title=f"Papildomas {number}", status=ProjectStatus.SUBMITTED,
                     submitted_on=date(2020 + number, 3, 1))
    with query_budget(OVERVIEW_BUDGET):
        response = staff_client.get(reverse("projektai:overview"))
    assert len(response.context["years"]) == 7         # 2020–2026


def test_a_librarian_sees_only_their_projects_figures(world, client_a, client_b,
                                                      manager_client):
    with query_budget(OVERVIEW_BUDGET + 2):        # their libraries, their partnerships
        response = client_a.get(reverse("projektai:overview"))
    assert response.status_code == 200
    assert response.context["totals"]["submitted"] == 2
    response = client_b.get(reverse("projektai:overview"))
    assert response.context["totals"]["submitted"] == 1
    assert [row["municipality"] for row in response.context["municipalities"]] == [
        "Skuodo rajono savivaldybė"]
    assert "Darbėnų" not in response.content.decode()
    assert manager_client.get(reverse("projektai:overview")).status_code == 200


def test_the_overview_needs_a_sign_in(client):
    response = client.get(reverse("projektai:overview"))
    assert response.status_code == 302


# --- the sidebar's buttons and the organisation's panel ---------------------------------------

def test_the_project_pages_buttons_ask_for_its_summary_and_report_tables(world, staff):
    from django.template.loader import render_to_string

    request = RequestFactory().get("/projektai/1/")
    request.user = staff
    html = render_to_string("projektai/_exports.html", {"project": world.department},
                            request=request)
    assert 'value="projektai.summary"' in html and 'value="projektai.funder_report"' in html
    assert f'name="project" value="{world.department.pk}"' in html


def _panel(user, organisation):
    request = RequestFactory().get("/")
    request.user = user
    return organisation_projects(request, organisation)


def test_an_organisations_page_lists_the_projects_it_leads_or_partners(
        world, staff, librarian_a, librarian_b):
    panel = _panel(staff, world.museum)
    assert [row["project"] for row in panel["projects"]] == [world.department]
    assert panel["projects"][0]["lead"] is False
    led = _panel(staff, world.latvia)
    assert [(row["project"], row["lead"]) for row in led["projects"]] == [(world.baltic, True)]
    assert _panel(librarian_a, world.museum)["projects"][0]["project"] == world.department
    assert _panel(librarian_b, world.museum) is None        # not theirs to see
    nobody = Organisation.objects.create(name="Niekieno fondas")
    assert _panel(staff, nobody) is None
