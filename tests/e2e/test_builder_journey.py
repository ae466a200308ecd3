"""The table builder in a real browser: staff choose indicators and units, see the table
and its chart refreshed in place, and download it as XLSX."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_sign_in_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_builds_a_table_and_downloads_the_xlsx(page, live_server, demo, shot, settings):
    from openpyxl import load_workbook

    settings.OTP_REQUIRED_ROLES = set()
    sign_in(page, live_server.url, "darbuotojas@demo.lt")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/statistika/lenteles/")
    page.locator("#b-indicators").select_option(["loans", "loans_per_user"])
    page.locator("#b-kind").select_option("rural_branch")
    page.locator("#b-show").click()
    expect(page.locator("#builder-result tbody tr")).to_have_count(3)  # territory, LT, group
    expect(page).to_have_url(re.compile(r"ck=rural_branch"))
    expect(page.locator("#builder-table svg")).to_be_visible()
    shot(page, "70-lenteliu-kurimas")
    page.locator("#builder-table form button").click()
    page.wait_for_url(re.compile(r".*/dokumentai/[0-9a-f-]+/$"))
    link = page.locator("a[href$='/atsisiusti/']").first
    expect(link).to_be_visible()
    with page.expect_download() as info:
        link.click()
    assert info.value.suggested_filename.endswith(".xlsx")
    with open(info.value.path(), "rb") as handle:
        sheet = load_workbook(handle).worksheets[-1]
    assert sheet.max_row >= 4 and sheet.max_column >= 5
