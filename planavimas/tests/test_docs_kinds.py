"""The plan's, the report's and the indicators' documents through the engine: the right
numbers in every format, and who gets which version — staff and management the live plan
(or an approved version they name), anyone else only an approved version, never a draft,
and a 404 for a year with nothing approved."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from ataskaitos import services
from ataskaitos.models import ReportJob
from planavimas import documents, tree
from planavimas import services_workflow as workflow
from planavimas.models import Indicator, Plan
from planavimas.tests.docs_support import (
    LIBRARY,
    YEAR,
    docx_text,
    pdf_text,
    render,
    xlsx_cells,
)
from planavimas.tests.factories import first
from statistika.models import Campaign, Submission, SubmissionStatus

pytestmark = pytest.mark.django_db


def _approve(document, staff, manager):
    return workflow.approve(workflow.submit(document, by=staff), by=manager)


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx"])
def test_staff_get_the_live_plan_with_its_numbers_in_every_format(fmt, setting, staff):
    with translation.override("en"):
        job = render("planavimas.plan", fmt, staff, year=YEAR)
    data = tree.build(setting)
    expected = documents.plan_document(data).numbers(paper=True)
    assert sorted(expected) == sorted([Decimal("4"), Decimal("1500"), Decimal("1500"),
                                       Decimal("10"), Decimal("10")])
    if fmt == "xlsx":
        cells = xlsx_cells(job.file.path)
        assert 1500 in cells and 10 in cells and 4 in cells
        assert "Surengti seminarų ciklą 2" in cells
    else:
        text = pdf_text(job.file.path) if fmt == "pdf" else docx_text(job.file.path)
        assert "Surengti seminarų ciklą 2" in text and "1,500.00" in text
        assert "Pateiktos ataskaitos, vnt." in text and "Quarter 4" in text
        assert LIBRARY in text and "Annual activity plan 2026" in text
        assert "Version 1 · Draft" in text
    assert job.kind == "planavimas.plan"


def test_a_librarian_gets_the_approved_version_never_the_draft(setting, staff, manager,
                                                                librarian_a):
    plan = _approve(setting, staff, manager)
    plan = workflow.amend(plan, by=staff, reason="Daugiau seminarų")
    Indicator.objects.filter(pk=first(plan, Indicator).pk).update(planned=Decimal("77"))
    theirs = xlsx_cells(render("planavimas.plan", "xlsx", librarian_a, year=YEAR).file.path)
    ours = xlsx_cells(render("planavimas.plan", "xlsx", staff, year=YEAR).file.path)
    assert 77 in ours and 77 not in theirs and 4 in theirs
    # staff may ask for the approved version by its number
    named = xlsx_cells(render("planavimas.plan", "xlsx", staff, year=YEAR, version=1)
                       .file.path)
    assert 77 not in named and 4 in named


def test_management_read_the_live_draft(setting, manager):
    cells = xlsx_cells(render("planavimas.plan", "xlsx", manager, year=YEAR).file.path)
    assert 10 in cells


@pytest.mark.parametrize("kind", ["planavimas.plan", "planavimas.report",
                                  "planavimas.indicators"])
def test_a_year_with_nothing_approved_is_not_available_to_a_librarian(kind, setting,
                                                                       librarian_a):
    with pytest.raises(services.NotAvailable):
        services.request_report(kind=kind, params={"year": str(YEAR)}, format="xlsx",
                                by=librarian_a)


def test_the_request_page_answers_a_librarian_404_for_a_draft_year(setting, client_a):
    response = client_a.post(reverse("ataskaitos:document_request"),
                             {"kind": "planavimas.plan", "format": "pdf", "year": YEAR})
    assert response.status_code == 404
    assert not ReportJob.objects.exists()


def test_a_version_never_approved_is_not_available_even_to_staff(setting, staff, manager):
    for user in (staff, manager):
        with pytest.raises(services.NotAvailable):
            services.request_report(kind="planavimas.plan", params={
                "year": str(YEAR), "version": "2"}, format="pdf", by=user)
    with pytest.raises(services.NotAvailable):        # no plan for the year at all
        services.request_report(kind="planavimas.plan", params={"year": "2031"},
                                format="pdf", by=staff)


def test_a_librarian_reads_the_approved_report_with_its_frozen_actual_values(
        setting, staff, manager, librarian_a, territory):
    plan = _approve(setting, staff, manager)
    with pytest.raises(services.NotAvailable):          # the report is not approved yet
        services.request_report(kind="planavimas.report", params={"year": str(YEAR)},
                                format="pdf", by=librarian_a)
    _approve(workflow.start_report(plan, by=staff), staff, manager)
    # after the approval one more report is submitted: the live actual value moves to 4
    Submission.objects.create(campaign=Campaign.objects.get(year=YEAR),
                              library=territory.central_b, status=SubmissionStatus.SUBMITTED)
    with translation.override("en"):
        theirs = docx_text(render("planavimas.report", "docx", librarian_a, year=YEAR)
                           .file.path)
        ours = docx_text(render("planavimas.report", "docx", staff, year=YEAR).file.path)
    row = "Pateiktos ataskaitos\nvnt.\n4\n{actual}\n{share}"
    assert row.format(actual="3", share="75.0") in theirs
    assert row.format(actual="4", share="100.0") in ours


def test_the_indicators_xlsx_lists_every_indicator_planned_against_actual(setting, staff):
    with translation.override("en"):
        job = render("planavimas.indicators", "xlsx", staff, year=YEAR)
    from openpyxl import load_workbook

    sheet = load_workbook(job.file.path).worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Goal No.", "Goal", "Objective No.", "Objective", "Measure No.",
                       "Measure", "Indicator", "Unit", "Planned", "Actual", "Fulfilment, %",
                       "Source", "Result"]
    assert rows[1][:2] == ["1", "Surinkti bibliotekų statistiką"]
    assert rows[1][4:] == ["1.1.1", "Priimti bibliotekų ataskaitas", "Pateiktos ataskaitos",
                           "vnt.", 4, 3, 75, "Statistics reports submitted", "Partly done"]
    assert rows[2][4:] == ["2.1.1", "Surengti seminarų ciklą 1", "Surengti mokymai 1",
                           "vnt.", 10, 8, 80, "typed in", "Done"]
    assert len(rows) == 4
    with pytest.raises(ValidationError):            # a spreadsheet only
        services.request_report(kind="planavimas.indicators", params={"year": str(YEAR)},
                                format="pdf", by=staff)


def test_before_the_report_is_approved_a_librarian_gets_the_approved_plans_indicators(
        setting, staff, manager, librarian_b):
    _approve(setting, staff, manager)
    cells = xlsx_cells(render("planavimas.indicators", "xlsx", librarian_b, year=YEAR)
                       .file.path)
    assert 4 in cells and 10 in cells and 8 not in cells     # planned values only


def test_an_unchanged_plan_is_handed_out_again_and_a_changed_one_is_made_anew(setting,
                                                                              staff):
    made = render("planavimas.plan", "docx", staff, year=YEAR)
    again = services.request_report(kind="planavimas.plan", params={"year": str(YEAR)},
                                    format="docx", by=staff)
    assert again.pk == made.pk
    Indicator.objects.filter(pk=first(setting, Indicator).pk).update(planned=Decimal("12"))
    changed = services.request_report(kind="planavimas.plan", params={"year": str(YEAR)},
                                      format="docx", by=staff)
    assert changed.pk != made.pk


def test_the_live_report_is_never_handed_out_again(setting, staff):
    made = render("planavimas.report", "pdf", staff, year=YEAR)
    again = services.request_report(kind="planavimas.report", params={"year": str(YEAR)},
                                    format="pdf", by=staff)
    assert again.pk != made.pk
    assert Plan.objects.count() == 1
