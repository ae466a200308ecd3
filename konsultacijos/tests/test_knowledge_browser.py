"""The knowledge base in a real browser: staff rewrite a consultation into an entry (the page
says what still names someone), hand it for review, management publish it, a librarian finds
it by a word typed without diacritics and unfolds the answer by keyboard. Every page is
checked with axe (WCAG 2.1 AA) and for sideways scrolling on a phone. Screenshots go to
var/screenshots/ (knowledge-*)."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import require_program
from konsultacijos.models import EntryStatus, KnowledgeEntry
from konsultacijos.tests.factories import make_consultation
from tests.e2e.test_every_page import axe_violations, overflow
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, as tests/e2e do (no browser download here)."""
    executable = require_program("chromium", "chromium-browser")
    return {**browser_type_launch_args, "executable_path": executable,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]}


@pytest.fixture
def shot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> None:
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take


def _page(browser, base, email, phone=False):
    page = browser.new_context(locale="lt-LT", viewport=PHONE if phone else LAPTOP).new_page()
    page.goto(f"{base}/paskyra/prisijungti/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").click()
    page.wait_for_url(f"{base}/")
    return page


def _clean(page, where: str, shot) -> None:
    page.wait_for_load_state("networkidle")
    shot(page, f"knowledge-{where}")
    assert not axe_violations(page), (where, axe_violations(page))
    assert not overflow(page), (where, overflow(page))


def test_an_answer_from_a_consultation_to_a_librarians_search(browser, live_server, shot,
                                                              settings, territory):
    settings.OTP_REQUIRED_ROLES = set()
    base = live_server.url
    staff = UserFactory(role="staff", email="staff@test.lt", full_name="Rūta Skyriūtė")
    UserFactory(role="management", email="vadovas@test.lt", full_name="Vytas Vadovas")
    librarian = UserFactory(role="librarian", email="b@test.lt", full_name="Birutė Bėrienė")
    territory.school_b.memberships.create(user=librarian, role="librarian")
    consultation = make_consultation(
        library=territory.branch_a, by=staff,
        question="Darbėnų filialas klausia, kaip kaupti žinias apie lankytojus.",
        answer="Paaiškinau: žinios kaupiamos dienyne.\n\nAntra <b>pastraipa</b>.")

    # 1. staff start from the consultation: the notice names what to remove
    page = _page(browser, base, "staff@test.lt")
    page.goto(f"{base}/konsultacijos/zinynas/is-konsultacijos/{consultation.pk}/")
    expect(page.locator("#entry-anonymous-title")).to_be_visible()
    expect(page.locator(".alert-warning li", has_text="Darbėnų filialas")).to_be_visible()
    _clean(page, "01-from-consultation", shot)
    page.locator("textarea[name=question]").fill("Kaip kaupti žinias apie lankytojus?")
    page.locator("main form[method=post] [type=submit]").click()
    entry = KnowledgeEntry.objects.get()
    page.wait_for_url(f"{base}/konsultacijos/zinynas/{entry.pk}/")
    _clean(page, "02-draft", shot)
    page.locator(f"form[action$='/zinynas/{entry.pk}/perziurai/'] button").click()
    page.wait_for_load_state("networkidle")
    entry.refresh_from_db()
    assert entry.status == EntryStatus.REVIEW

    # 2. management publish it from their home page's card
    manager = _page(browser, base, "vadovas@test.lt")
    manager.locator(f"[data-entry='{entry.pk}'] a").click()
    manager.locator(f"form[action$='/zinynas/{entry.pk}/skelbti/'] button").click()
    manager.wait_for_load_state("networkidle")
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PUBLISHED
    manager.goto(f"{base}/konsultacijos/zinynas/?stage=work")
    _clean(manager, "03-stages", shot)

    # 3. a librarian of another library searches on a phone, without diacritics
    phone = _page(browser, base, "b@test.lt", phone=True)
    phone.goto(f"{base}/konsultacijos/zinynas/")
    phone.locator("#entry-q").fill("ZINIOS")
    expect(phone.locator("#results mark").first).to_have_text("žinios")
    answer = phone.locator(f"[data-entry='{entry.pk}'] details")
    expect(answer).to_have_attribute("open", "")
    expect(phone.locator("#results")).to_contain_text("Antra <b>pastraipa</b>.")
    _clean(phone, "04-search-phone", shot)
    phone.goto(f"{base}/konsultacijos/zinynas/")
    summary = phone.locator(f"[data-entry='{entry.pk}'] summary")
    summary.focus()
    phone.keyboard.press("Enter")
    expect(phone.locator(f"[data-entry='{entry.pk}'] details")).to_have_attribute("open", "")
    phone.locator(f"[data-entry='{entry.pk}'] details a").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "Kaip kaupti žinias apie lankytojus?")
    _clean(phone, "05-entry-phone", shot)
