"""The annual activity plan and report in a real browser, on the demo data (issue 26): last
year's approved plan (made by the factory in place of the demo's plans) is copied into this
year's by staff, who link a new indicator to "training events held" with a planned value
and submit the plan; management approve it. Staff start the report: its page counts the
trainings of this year. A training of this year is then marked held and completed on its
page, and the report's actual value for the indicator is one more, with a link to the
records it counts that lists the training. The report comes from the report engine as DOCX
and as PDF through its document buttons (built in a background thread while the job's page
polls) and shows the same planned and actual values as the page. A territory librarian
reads the approved plan but gets a 404 for the report, a draft. Every page is checked with
axe and for sideways scrolling. Screenshots go to var/screenshots/ (200–210)."""

import io
import re
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from mokymai.models import EventStatus, TrainingEvent
from mokymai.tests.factories import make_event
from paskyros.models import User
from planavimas.models import Indicator, Measure, Plan, Snapshot, SnapshotKind, Status
from planavimas.tests.factories import approved_plan
from tests.e2e.journey import clean, docx_text, new_page, pdf_text, success, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STAFF = "darbuotojas@demo.lt"
MANAGEMENT = "vadovas@demo.lt"
LIBRARIAN = "bibliotekininkas@demo.lt"
INDICATOR = "Įvykę kvalifikacijos tobulinimo renginiai"
PLANNED = 12
TRAINING = "Seminaras „Duomenimis grįstas bibliotekos veiklos planavimas“"


def _confirmed(page, button) -> None:
    """Press a button that asks first (data-confirm) and accept."""
    page.once("dialog", lambda dialog: dialog.accept())
    button.click()


def _document(page, kind: str, fmt: str, where: str, shot, name: str) -> bytes:
    """Press the report's document button, wait on the job's page for the file, download
    it: its bytes."""
    button = page.locator(f"form[action$='/dokumentai/uzsakyti/']:has(input[name=kind]"
                          f"[value='{kind}']):has(input[name=format][value={fmt}]) button")
    expect(button).to_have_count(1)
    button.click()
    page.wait_for_url(re.compile(r".*/dokumentai/[0-9a-f-]+/$"))
    link = page.locator("#job-status a[href$='/atsisiusti/']")
    expect(link).to_be_visible(timeout=240_000)
    clean(page, f"{where}: the document's page")
    shot(page, name)
    with page.expect_download() as info:
        link.click()
    assert info.value.suggested_filename.endswith(f".{fmt}"), info.value.suggested_filename
    return Path(info.value.path()).read_bytes()


def _shown_actual(page, indicator: Indicator) -> int:
    """The report page's actual value of the indicator (a whole number)."""
    cell = page.locator(f"#i{indicator.pk} td.fw-semibold")
    expect(cell).to_have_count(1)
    return int(re.sub(r"\D", "", cell.inner_text()))


def _docx_row(data: bytes, name: str) -> list[str]:
    """The cells of the DOCX table row that holds the indicator ``name``."""
    from docx import Document

    for table in Document(io.BytesIO(data)).tables:
        for row in table.rows:
            cells = [cell.text.strip() for cell in row.cells]
            if name in cells:
                return cells
    raise AssertionError(f"no table row for {name!r}")


def _training_day(today: date) -> date:
    """Yesterday, or today on 1 January (the training must be this year's and over)."""
    yesterday = today - timedelta(days=1)
    return yesterday if yesterday.year == today.year else today


def test_staff_copy_link_and_submit_management_approve_a_training_moves_the_report(
        browser, live_server, demo, shot, settings):
    settings.OTP_REQUIRED_ROLES = set()
    settings.DOCUMENTS_IN_THREAD = True
    base = live_server.url
    today = timezone.localdate()
    year, last = today.year, today.year - 1
    staff_user, manager_user = User.objects.get(email=STAFF), User.objects.get(email=MANAGEMENT)
    # last year's approved plan, in place of the demo's plans
    Plan.objects.all().delete()
    source = approved_plan(staff=staff_user, manager=manager_user, year=last, goals=2,
                           measures=2)

    def url(name: str, *args) -> str:
        return f"{base}{reverse(f'planavimas:{name}', args=args)}"

    # 1. staff copy last year's plan into this year's
    staff = new_page(browser, live_server, STAFF)
    visit(staff, url("plan_list"), "the annual plans")
    staff.locator(f"main a[href='{reverse('planavimas:plan_create')}']").first.click()
    staff.wait_for_url(url("plan_create"))
    expect(staff.locator("#id_year")).to_have_value(str(year))
    expect(staff.locator("#id_copy")).to_be_checked()
    clean(staff, "a new plan")
    shot(staff, "200-metinis-planas-kopija")
    staff.locator("#plan-create-form button[type=submit]").click()
    staff.wait_for_url(url("plan_detail", year))
    success(staff)
    plan = Plan.objects.get(year=year)
    assert (plan.copied_from, plan.status, plan.number) == (source, Status.DRAFT, 1)
    assert Measure.objects.filter(objective__goal__plan=plan).count() == 4

    # 2. a new indicator linked to "training events held", with its planned value
    measure = Measure.objects.filter(objective__goal__plan=plan).order_by(
        "objective__goal__position", "objective__position", "position").first()
    staff.locator(f"a[href='{reverse('planavimas:indicator_create', args=[measure.pk])}']"
                  ).click()
    staff.wait_for_url(url("indicator_create", measure.pk))
    staff.fill("#id_name", INDICATOR)
    staff.fill("#id_unit", "vnt.")
    staff.fill("#id_planned", str(PLANNED))
    staff.select_option("#id_metric", "mokymai.events_held")
    clean(staff, "a new indicator, filled in")
    shot(staff, "201-rodiklis-susietas-su-mokymais")
    staff.locator("#plan-row-form button[type=submit]:not([name])").click()
    staff.wait_for_url(re.compile(rf".*/planavimas/{year}/.*"))
    success(staff)
    indicator = Indicator.objects.get(measure=measure, name=INDICATOR)
    assert (indicator.metric, indicator.planned) == ("mokymai.events_held", PLANNED)
    expect(staff.locator(f"#i{indicator.pk}")).to_contain_text(INDICATOR)

    # 3. submitted to management
    _confirmed(staff, staff.locator("#plan-submit-form button"))
    staff.wait_for_url(url("plan_detail", year))
    success(staff)
    plan.refresh_from_db()
    assert plan.status == Status.SUBMITTED
    clean(staff, "the plan submitted")
    shot(staff, "202-planas-pateiktas-vadovybei")
    staff.context.close()

    # 4. management approve it
    manager = new_page(browser, live_server, MANAGEMENT)
    visit(manager, url("plan_detail", year), "the submitted plan for management")
    expect(manager.locator(f"#i{indicator.pk}")).to_contain_text(INDICATOR)
    _confirmed(manager, manager.locator("#plan-approve-form button"))
    manager.wait_for_url(url("plan_detail", year))
    success(manager)
    plan.refresh_from_db()
    assert plan.status == Status.APPROVED
    frozen = Snapshot.objects.get(plan=plan, kind=SnapshotKind.PLAN, number=1).data
    assert any(i["pk"] == indicator.pk and i["metric"] == "mokymai.events_held"
               for g in frozen["goals"] for o in g["objectives"] for m in o["measures"]
               for i in m["indicators"])
    clean(manager, "the plan approved")
    shot(manager, "203-planas-patvirtintas")
    manager.context.close()

    # 5. staff start the report: it counts this year's trainings held
    staff = new_page(browser, live_server, STAFF)
    visit(staff, url("report_detail", year), "the report, not started")
    staff.locator("#report-start-form button").click()
    staff.wait_for_url(re.compile(rf".*/planavimas/{year}/ataskaita/.*"))
    success(staff)
    visit(staff, url("report_detail", year), "the report, a draft")
    before = _shown_actual(staff, indicator)
    held = TrainingEvent.objects.held().filter(starts_on__year=year).count()
    assert before == held
    shot(staff, "204-ataskaita-pries-mokymus")

    # 6. a training of this year is held and completed, on its page
    day = _training_day(today)
    training = make_event(title=TRAINING, day=day, start=time(0, 5), end=time(0, 50),
                          registration_opens=timezone.now() - timedelta(days=30),
                          registration_closes=timezone.now() - timedelta(days=2))
    staff.goto(f"{base}{training.get_absolute_url()}")
    for step in (EventStatus.HELD, EventStatus.COMPLETED):
        staff.locator(f"form[action$='/busena/']:has(input[name=to][value={step}]) "
                      "button").click()
        staff.wait_for_url(f"{base}{training.get_absolute_url()}")
        training.refresh_from_db()
        assert training.status == step
    clean(staff, "the training completed")
    shot(staff, "205-mokymai-ivyko")

    # 7. the report's actual value moves by one, and lists the training
    visit(staff, url("report_detail", year), "the report after the training")
    after = _shown_actual(staff, indicator)
    assert after == before + 1
    row = staff.locator(f"#i{indicator.pk}")
    expect(row).to_contain_text(str(PLANNED))
    shot(staff, "206-ataskaita-po-mokymu")
    records = reverse("planavimas:indicator_records", args=[year, indicator.pk])
    row.locator(f"a[href='{records}']:visible").first.click()
    staff.wait_for_url(f"{base}{records}")
    expect(staff.locator("#records-count")).to_have_text(str(after))
    expect(staff.locator("#records-table")).to_contain_text(TRAINING)
    expect(staff.locator(f"#records-table a[href='{training.get_absolute_url()}']")) \
        .to_have_count(1)
    clean(staff, "the records the indicator counts")
    shot(staff, "207-rodiklio-irasai")

    # 8. the report as DOCX and PDF: the same numbers as the page
    visit(staff, url("report_detail", year), "the report, for its documents")
    word = _document(staff, "planavimas.report", "docx", "the report as DOCX", shot,
                     "208-ataskaita-docx")
    cells = _docx_row(word, INDICATOR)
    assert str(PLANNED) in cells and str(after) in cells, cells
    assert str(year) in docx_text(word) and TRAINING not in cells
    visit(staff, url("report_detail", year), "the report, for its PDF")
    pdf = pdf_text(_document(staff, "planavimas.report", "pdf", "the report as PDF", shot,
                             "209-ataskaita-pdf"))
    assert INDICATOR in pdf
    line = pdf[pdf.index(INDICATOR):pdf.index(INDICATOR) + 200]
    assert re.search(rf"\b{PLANNED}\b.*\b{after}\b", line), line
    staff.context.close()

    # 9. a territory librarian reads the approved plan, never the report's draft
    librarian = new_page(browser, live_server, LIBRARIAN)
    visit(librarian, url("plan_detail", year), "the approved plan for a librarian")
    expect(librarian.locator(f"#i{indicator.pk}")).to_contain_text(INDICATOR)
    expect(librarian.locator("#plan-submit-form, #plan-approve-form")).to_have_count(0)
    shot(librarian, "210-bibliotekininkas-patvirtintas-planas")
    visit(librarian, url("report_detail", year), "the report's draft for a librarian",
          status=404)
    visit(librarian, url("indicator_records", year, indicator.pk),
          "the records behind a draft for a librarian", status=404)
    librarian.context.close()
