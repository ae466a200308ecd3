"""The year's summary of planned purchases (pirkimų suvestinė): it lists the plan's lines
above low-value and never the low-value ones, in CVP IS's columns, on the page and in the
XLSX; the due date and whether it was published; staff mark it published (management may
not, a librarian gets a 404)."""

import io
from datetime import date
from decimal import Decimal

import pytest

from ataskaitos import services as documents
from ataskaitos.models import JobStatus
from pirkimai.models import Method, PlanStatus, ProcurementPlan, PurchaseKind
from pirkimai.selectors_summary import summary_state
from pirkimai.tests.factories import make_cpv, make_plan, make_planned
from pirkimai.tests.factories_contracts import today, url
from portalas.testing import query_budget

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    settings.PROCUREMENT_SUMMARY_DUE = "03-15"
    settings.PROCUREMENT_SUMMARY_REMIND_DAYS = 14


@pytest.fixture
def plan():
    plan = make_plan(today().year, status=PlanStatus.APPROVED)
    make_planned(plan, title="Elektros energija", cpv=make_cpv("09310000-5"),
                 kind=PurchaseKind.GOODS, value="95000", quarter=1, method=Method.CENTRAL,
                 duration_months=24, green=True, position=1)
    make_planned(plan, title="Kapitalinis remontas", cpv=make_cpv("45453000-7"),
                 kind=PurchaseKind.WORKS, value="240000", quarter=2, method=Method.OPEN,
                 duration_months=8, position=2, note="Pagal techninį projektą")
    make_planned(plan, title="Biuro reikmenys", value="4000", method=Method.LOW_VALUE)
    make_planned(plan, title="Knygos", cpv=make_cpv("22110000-4"), value="15000",
                 method=Method.LOW_VALUE)
    return plan


def test_the_summary_lists_the_planned_purchases_above_low_value_and_not_the_low_value_ones(
        staff_client, plan):
    response = staff_client.get(url("summary", plan.year))
    assert response.status_code == 200
    assert [line.title for line in response.context["lines"]] == ["Elektros energija",
                                                                   "Kapitalinis remontas"]
    rows = response.context["rows"]
    assert rows[0][:4] == [1, "Elektros energija", "Goods", "09310000-5"]
    assert rows[0][5] == Decimal("95000") and rows[0][6] == "I" and rows[0][8] == "yes"
    assert rows[0][9] == 24 and rows[0][10] == "yes"
    assert rows[1][2] == "Works" and rows[1][6] == "II" and rows[1][8] == "no"
    assert rows[1][11] == "Pagal techninį projektą"
    assert response.context["total"] == Decimal("335000")
    assert response.context["left_out"] == {"count": 2, "total": Decimal("19000")}
    page = response.content.decode()
    assert "Biuro reikmenys" not in page and "Knygos" not in page
    assert "Kapitalinis remontas" in page and 'value="pirkimai.summary"' in page


def test_the_summary_xlsx_has_the_cvp_is_columns_and_only_the_lines_above_low_value(
        staff, plan, django_capture_on_commit_callbacks):
    from openpyxl import load_workbook

    with django_capture_on_commit_callbacks(execute=True):
        job = documents.request_report(kind="pirkimai.summary",
                                       params={"year": str(plan.year)}, format="xlsx",
                                       by=staff)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    with job.file.open("rb") as handle:
        book = load_workbook(io.BytesIO(handle.read()))
    sheet = book.worksheets[-1]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["No.", "Object of the purchase", "Type (goods, services, works)",
                       "CPV code", "CPV title", "Estimated value without VAT, EUR",
                       "Start (quarter)", "Method", "Through CPO LT",
                       "Contract term incl. extensions, months", "Green purchase", "Note"]
    assert [row[1] for row in rows[1:]] == ["Elektros energija", "Kapitalinis remontas"]
    assert rows[1][5] == 95000 and rows[2][5] == 240000
    assert rows[2][3] == "45453000-7" and rows[2][9] == 8
    assert sheet.cell(2, 6).number_format == '#,##0.00 "€"'


def test_the_page_shows_the_due_date_and_the_state(staff_client, plan, settings):
    state = summary_state(plan.year, today=date(plan.year, 3, 1))
    assert state.status == "due_soon" and state.days_left == 14
    assert summary_state(plan.year, today=date(plan.year, 2, 20)).status == "waiting"
    assert summary_state(plan.year, today=date(plan.year, 3, 16)).status == "overdue"
    page = staff_client.get(url("summary", plan.year)).content.decode()
    assert f"{plan.year}-03-15" in page and 'id="summary-mark"' in page
    ProcurementPlan.objects.filter(pk=plan.pk).update(
        summary_published_on=date(plan.year, 3, 10))
    assert summary_state(plan.year, today=date(plan.year, 3, 16)).status == "published"
    page = staff_client.get(url("summary", plan.year)).content.decode()
    assert "Published in CVP IS" in page and f"{plan.year}-03-10" in page
    assert 'id="summary-unmark"' in page


def test_staff_mark_the_summary_published_and_take_the_mark_back(staff_client, plan):
    response = staff_client.post(url("summary_published", plan.year),
                                 {"published_on": today().isoformat()})
    assert response.status_code == 302 and response["Location"] == url("summary", plan.year)
    plan.refresh_from_db()
    assert plan.summary_published_on == today()
    response = staff_client.post(url("summary_published", plan.year),
                                 {"published_on": today().isoformat()}, follow=True)
    assert "already marked published" in str(list(response.context["messages"])[-1])
    staff_client.post(url("summary_published", plan.year), {"action": "clear"})
    plan.refresh_from_db()
    assert plan.summary_published_on is None


@pytest.mark.parametrize("day", ["2026-02-31", "15.03.2026", "", "9999-01-01"])
def test_a_bad_publication_date_is_refused(staff_client, plan, day):
    response = staff_client.post(url("summary_published", plan.year), {"published_on": day},
                                 follow=True)
    assert response.status_code == 200
    assert list(response.context["messages"])[-1].level_tag == "error"
    plan.refresh_from_db()
    assert plan.summary_published_on is None


def test_management_reads_the_summary_but_does_not_mark_it(manager_client, plan):
    page = manager_client.get(url("summary", plan.year)).content.decode()
    assert 'id="summary-mark"' not in page
    assert manager_client.post(url("summary_published", plan.year),
                               {"published_on": today().isoformat()}).status_code == 403


def test_a_year_without_a_plan_says_so_and_a_year_out_of_range_is_404(staff_client):
    response = staff_client.get(url("summary", today().year + 1))
    assert response.status_code == 200 and 'id="summary-no-plan"' in response.content.decode()
    assert staff_client.get(url("summary", 1200)).status_code == 404
    assert staff_client.post(url("summary_published", today().year + 1),
                             {"published_on": today().isoformat()}).status_code == 302


def test_the_summary_page_keeps_its_query_count(staff_client, plan):
    staff_client.get(url("summary", plan.year))       # the session is saved once
    with query_budget(6) as small:
        staff_client.get(url("summary", plan.year))
    for index in range(30):
        make_planned(plan, title=f"Pirkimas {index}", value="80000", method=Method.OPEN,
                     quarter=1 + index % 4, cpv=make_cpv("79952000-2"))
    with query_budget(len(small.captured_queries)):
        response = staff_client.get(url("summary", plan.year))
    assert len(response.context["lines"]) == 32
