"""The cooperation overview in a real browser, in Lithuanian: it fits a phone and passes axe
(WCAG 2.1 A/AA) as staff and as management, and the quarter is chosen from the keyboard.
Screenshots go to var/screenshots/."""

from pathlib import Path

import pytest

from bendradarbiavimas.tests.factories_overview import build_year
from conftest import require_program

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


def _sign_in(page, base: str, user) -> None:
    user.set_password(PASSWORD)
    user.save()
    page.goto(f"{base}/paskyra/prisijungti/")
    page.locator("input[name=username]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").click()
    page.wait_for_url(f"{base}/")


@pytest.mark.parametrize("who", ["staff", "management"])
def test_the_overview_fits_a_phone_and_passes_axe(page, live_server, who, territory, staff,
                                                  manager, settings):
    from tests.e2e.test_every_page import check_page

    build_year(territory)
    settings.OTP_REQUIRED_ROLES = set()
    base = live_server.url
    _sign_in(page, base, staff if who == "staff" else manager)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def shot(page, name):
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    problems = check_page(page, base, "/bendradarbiavimas/apzvalga/?year=2025",
                          f"bendradarbiavimas-overview-{who}", shot)
    assert not problems, "\n".join(problems)
    assert page.locator("[data-total=meetings]").inner_text() == "6"
    assert page.locator("[data-total=share]").inner_text() == "25,0 %"
    assert page.locator("html").get_attribute("lang") == "lt"


def test_the_quarter_is_chosen_from_the_keyboard(page, live_server, territory, staff,
                                                 settings):
    build_year(territory)
    settings.OTP_REQUIRED_ROLES = set()
    base = live_server.url
    _sign_in(page, base, staff)
    page.goto(f"{base}/bendradarbiavimas/apzvalga/?year=2025")
    page.locator("#overview-quarter").focus()
    page.keyboard.press("ArrowDown")          # the first quarter after "the whole year"
    page.locator("#cooperation-overview-form button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**quarter=1**")
    assert page.locator("[data-total=meetings]").inner_text() == "3"
