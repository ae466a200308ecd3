"""Projects in a real browser, on the demo data: department staff create a project (the
funder's deadline rules add its deadlines), drag its card on the board from idea to
preparing, add partners, a budget and a report deadline, and ask management to approve the
submission (dropping the card on "submitted" tells them to); management approve it from
their home page; staff enter the granted sum and mark it granted; the reminder e-mail of
the report deadline goes out on its day; the Kretinga director registers their library's
own project and cannot open another library's. Pages are checked with axe and at phone
width. Screenshots go to var/screenshots/ (80–91)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from portalas.workdays import days_before
from projektai.models import Project, ProjectStatus
from projektai.tasks import send_deadline_reminders
from tests.e2e.test_every_page import axe_violations, overflow
from tests.e2e.test_sign_in_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "Jaunimo erdvės regiono bibliotekose"


def _page(browser, live_server, email, phone=False):
    viewport = {"width": 390, "height": 844} if phone else {"width": 1366, "height": 900}
    page = browser.new_context(locale="lt-LT", viewport=viewport).new_page()
    sign_in(page, live_server.url, email)
    page.wait_for_url(f"{live_server.url}/")
    return page


def _clean(page, where: str) -> None:
    assert not axe_violations(page), (where, axe_violations(page))
    assert not overflow(page), (where, overflow(page))


def test_a_project_from_idea_to_granted(browser, live_server, demo, shot, settings):
    settings.OTP_REQUIRED_ROLES = set()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = live_server.url
    base = live_server.url
    year = timezone.localdate().year + 1

    # 1. staff create the project; the LKT rules add a change request and the final report
    staff = _page(browser, live_server, "darbuotojas@demo.lt")
    staff.goto(f"{base}/projektai/naujas/")
    staff.fill("#id_title", TITLE)
    staff.fill("#id_acronym", "JERB")
    staff.select_option("#id_programme", label="LKT")
    staff.fill("#id_starts_on", f"{year}-02-01")
    staff.fill("#id_ends_on", f"{year}-12-18")
    staff.fill("#id_requested_amount", "14 500,00")
    shot(staff, "80-projektai-naujas-projektas")
    staff.locator("form:has(#id_title) [type=submit]").last.click()
    project = Project.objects.get(title=TITLE)
    staff.wait_for_url(f"{base}/projektai/{project.pk}/")
    assert project.status == ProjectStatus.IDEA
    assert project.requested_amount == Decimal("14500.00")
    dues = {d.title: d.due_on for d in project.deadlines.all()}
    assert dues == {"Projekto keitimo prašymas": date(year, 12, 1),
                    "Galutinė veiklos ir finansinė ataskaita": date(year, 12, 31)}
    expect(staff.locator("body")).to_contain_text("Galutinė veiklos ir finansinė ataskaita")
    _clean(staff, "the new project's page")

    # 2. on the board the card is dragged from "idea" to "preparing"
    staff.goto(f"{base}/projektai/lenta/")
    card = staff.locator(f"#project-card-{project.pk}")
    expect(card).to_be_visible()
    card.drag_to(staff.locator('[data-drop-status="preparing"] [data-cards]'))
    expect(staff.locator(f'[data-drop-status="preparing"] #project-card-{project.pk}')
           ).to_be_visible()
    project.refresh_from_db()
    assert project.status == ProjectStatus.PREPARING
    # dropped on "submitted", the card stays: management approve a submission
    staff.locator(f"#project-card-{project.pk}").drag_to(
        staff.locator('[data-drop-status="submitted"] [data-cards]'))
    expect(staff.locator("[aria-live]").filter(has_text="vadovyb")).to_be_visible()
    project.refresh_from_db()
    assert project.status == ProjectStatus.PREPARING
    shot(staff, "81-projektai-lenta")
    _clean(staff, "the board")

    # 3. partners: a territory library and an organisation
    staff.goto(f"{base}/projektai/{project.pk}/partneriai/")
    staff.select_option("[name=partners-0-library]",
                        label="Kretingos Motiejaus Valančiaus viešoji biblioteka")
    staff.fill("[name=partners-0-role]", "Partneris: jaunimo erdvė")
    staff.select_option("[name=partners-1-organisation]", label="Klaipėdos universitetas (KU)")
    staff.fill("[name=partners-1-role]", "Ekspertai")
    shot(staff, "82-projektai-partneriai")
    staff.locator("form [type=submit]:not([name=more])").last.click()
    staff.wait_for_url(f"{base}/projektai/{project.pk}/#partners")
    assert project.partners.count() == 2

    # 4. the budget: two lines and co-financing, typed the Lithuanian way
    staff.goto(f"{base}/projektai/{project.pk}/biudzetas/")
    for row, (title, planned) in enumerate([("Baldai ir įranga", "9 000,00"),
                                            ("Renginiai jaunimui", "5 500,00")]):
        staff.fill(f"[name=lines-{row}-title]", title)
        staff.fill(f"[name=lines-{row}-planned]", planned)
    staff.fill("[name=co-0-source_name]", "Savivaldybės lėšos")
    staff.fill("[name=co-0-amount]", "1 450,00")
    shot(staff, "83a-projektai-biudzeto-forma")
    staff.locator("form [type=submit]:not([name=more])").last.click()
    staff.wait_for_url(f"{base}/projektai/{project.pk}/#budget")
    assert sum(line.planned for line in project.budget_lines.all()) == Decimal("14500.00")
    expect(staff.locator("#budget")).to_contain_text("14 500,00")
    shot(staff, "83-projektai-biudzetas")

    # 5. a report deadline typed by hand, reminded 3 working days before
    due = date(year, 6, 29)
    staff.goto(f"{base}/projektai/{project.pk}/terminai/naujas/")
    staff.fill("#id_title", "Tarpinė ataskaita")
    staff.fill("#id_due_on", due.isoformat())
    staff.fill("#id_remind_days", "3")
    shot(staff, "84-projektai-terminas")
    staff.locator("form:has(#id_due_on) [type=submit]").last.click()
    staff.wait_for_url(f"{base}/projektai/{project.pk}/**")
    report = project.deadlines.get(title="Tarpinė ataskaita")

    # 6. staff ask for approval; management approve from their home page
    staff.goto(f"{base}/projektai/{project.pk}/")
    staff.get_by_role("button", name="Prašyti vadovybės pritarti pateikimui").click()
    staff.wait_for_url(f"{base}/projektai/{project.pk}/")
    project.refresh_from_db()
    assert project.awaiting_approval
    assert any("vadovas@demo.lt" in m.to for m in mail.outbox)
    manager = _page(browser, live_server, "vadovas@demo.lt")
    expect(manager.locator("main")).to_contain_text(TITLE)
    shot(manager, "85-projektai-vadovo-pradzia")
    manager.get_by_role("link", name=TITLE).first.click()
    manager.get_by_role("button", name="Pritarti ir pažymėti pateiktu").click()
    manager.wait_for_url(f"{base}/projektai/{project.pk}/")
    project.refresh_from_db()
    assert project.status == ProjectStatus.SUBMITTED
    assert project.approved_by.email == "vadovas@demo.lt"
    shot(manager, "86-projektai-patvirtinta")

    # 7. the decision: staff enter the granted sum and mark it granted
    staff.goto(f"{base}/projektai/{project.pk}/redaguoti/")
    staff.fill("#id_granted_amount", "13 000,00")
    staff.locator("form:has(#id_granted_amount) [type=submit]").last.click()
    staff.wait_for_url(f"{base}/projektai/{project.pk}/")
    staff.select_option("#status-to", "granted")
    staff.get_by_role("button", name="Keisti būseną").click()
    staff.wait_for_url(f"{base}/projektai/{project.pk}/")
    project.refresh_from_db()
    assert project.status == ProjectStatus.GRANTED
    assert project.granted_amount == Decimal("13000.00")
    expect(staff.locator("main")).to_contain_text("Finansuota")
    shot(staff, "87-projektai-finansuota-laiko-juosta")
    _clean(staff, "the granted project's page")

    # 8. the reminder goes out on its day (3 working days before), once
    remind_on = days_before(due, 3, working=True)
    mail.outbox.clear()
    for offset in range(-3, 4):
        send_deadline_reminders(today=(remind_on + timedelta(days=offset)).isoformat())
    reminders = [m for m in mail.outbox if "Tarpinė ataskaita" in m.body]
    assert len(reminders) == 1
    report.refresh_from_db()
    assert report.reminded_on == remind_on

    # 9. the deadline calendar of that month, at phone width too
    staff.goto(f"{base}/projektai/terminai/?month={due:%Y-%m}")
    expect(staff.locator("main")).to_contain_text("Tarpinė ataskaita")
    shot(staff, "88-projektai-terminu-kalendorius")
    _clean(staff, "the deadline calendar")


def test_a_librarian_registers_their_library_project(browser, live_server, demo, shot,
                                                     settings):
    settings.OTP_REQUIRED_ROLES = set()
    base = live_server.url
    year = timezone.localdate().year + 1
    director = _page(browser, live_server, "bibliotekininkas@demo.lt", phone=True)
    director.goto(f"{base}/projektai/naujas/")
    director.fill("#id_title", "Kretingos bibliotekos garsų archyvas")
    director.select_option("#id_programme", label="Savivaldybė")
    director.fill("#id_starts_on", f"{year}-03-01")
    director.fill("#id_ends_on", f"{year}-10-31")
    director.fill("#id_requested_amount", "2 400")
    shot(director, "89-projektai-bibliotekos-projektas-telefone")
    director.locator("form:has(#id_title) [type=submit]").last.click()
    project = Project.objects.get(title="Kretingos bibliotekos garsų archyvas")
    director.wait_for_url(f"{base}/projektai/{project.pk}/")
    assert project.owner_library.code == "SVB-KRE"
    assert project.deadlines.filter(title="Lėšų panaudojimo ataskaita").exists()
    _clean(director, "the library's project at phone width")
    shot(director, "90-projektai-bibliotekos-projekto-puslapis")

    # another library's project is not listed and its page is a 404
    other = Project.objects.get(owner_library__code="SVB-SKU")
    director.goto(f"{base}/projektai/")
    expect(director.locator("main")).not_to_contain_text(other.title)
    expect(director.locator("main")).to_contain_text("Kretingos bibliotekos garsų archyvas")
    response = director.goto(f"{base}/projektai/{other.pk}/")
    assert response.status == 404
    shot(director, "91-projektai-kitos-bibliotekos-projektas-404")
