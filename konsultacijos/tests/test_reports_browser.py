"""The consultations overview in a real browser: it fits a phone, passes axe (WCAG 2.1 A/AA)
as department staff and as a director, and its year picker and municipality filter work
from the keyboard."""

from pathlib import Path

import pytest

from conftest import require_program
from konsultacijos.tests.test_reports import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PASSWORD = "Slaptas-zodis-2025"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    executable = require_program("chromium", "chromium-browser")
    return {**browser_type_launch_args, "executable_path": executable,
            "args": ["--headless", "--no-sandbox", "--disable-gpu",
                     "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--no-first-run", "--disable-quic"]}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-US",
            "viewport": {"width": 1366, "height": 860}}


@pytest.fixture
def world(territory, staff, librarian_a, librarian_b):
    """The records of the statistics tests (test_reports.py)."""
    return build_world(territory, staff, librarian_a, librarian_b)


def _sign_in(page, base: str, user) -> None:
    user.set_password(PASSWORD)
    user.save()
    page.goto(f"{base}/paskyra/prisijungti/")
    page.locator("input[name=username]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").click()
    page.wait_for_url(f"{base}/")


@pytest.mark.parametrize("who", ["staff", "director"])
def test_the_overview_fits_a_phone_and_passes_axe(page, live_server, who, world, librarian_a,
                                                  settings):
    from tests.e2e.test_every_page import check_page

    user = world.staff if who == "staff" else librarian_a
    settings.OTP_REQUIRED_ROLES = set()
    base = live_server.url
    _sign_in(page, base, user)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def shot(page, name):
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    problems = check_page(page, base, "/konsultacijos/apzvalga/?year=2025",
                          f"konsultacijos-overview-{who}", shot)
    assert not problems, "\n".join(problems)
    assert page.locator("[data-total=consultations]").inner_text() == (
        "9" if who == "staff" else "5")
    assert page.locator("html").get_attribute("lang") == "lt"


def test_the_year_and_municipality_are_chosen_from_the_keyboard(page, live_server, world,
                                                                settings):
    settings.OTP_REQUIRED_ROLES = set()
    base = live_server.url
    _sign_in(page, base, world.staff)
    page.goto(f"{base}/konsultacijos/apzvalga/?year=2025")
    page.locator("#overview-municipality").focus()
    page.keyboard.press("ArrowDown")          # the first municipality after "all"
    page.locator("form[method=get] button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**municipality=**")
    assert page.locator("[data-total=consultations]").inner_text() in {"4", "5"}
