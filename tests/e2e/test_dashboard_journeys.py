"""Dashboards in a real browser: management drills down to an outlet and downloads a table;
the librarian sees their library with the peers' band."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_sign_in_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_management_overview_drill_down_and_xlsx(page, live_server, demo, shot, settings):
    settings.OTP_REQUIRED_ROLES = set()
    sign_in(page, live_server.url, "vadovas@demo.lt")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/statistika/analize/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Teritorijos bibliotekos")
    expect(page.locator("main")).to_contain_text("Sutelktis")
    shot(page, "50-apzvalga")
    page.get_by_role("link", name="Pagal savivaldybes").click()
    shot(page, "51-savivaldybes")
    page.get_by_role("link", name="Kretingos rajono savivaldybė").click()
    page.get_by_role("link", name="Kretingos Motiejaus Valančiaus viešoji biblioteka").click()
    expect(page.get_by_role("heading", name="Padaliniai")).to_be_visible()
    page.get_by_role("link", name="Darbėnų filialas").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Darbėnų filialas")
    shot(page, "52-padalinys")
    page.goto(f"{live_server.url}/statistika/analize/savivaldybes/")
    page.get_by_role("button", name="XLSX").click()
    page.wait_for_url(re.compile(r".*/dokumentai/[0-9a-f-]+/$"))
    expect(page.get_by_role("link", name=re.compile("Atsisiųsti XLSX"))).to_be_visible()


def test_librarian_sees_own_library_with_peer_bands_only(page, live_server, demo, shot,
                                                        settings):
    settings.OTP_REQUIRED_ROLES = set()
    sign_in(page, live_server.url, "mokykla@demo.lt")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/statistika/analize/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Simono Daukanto")
    expect(page.locator("main")).to_contain_text("mediana")
    body = page.locator("main").inner_text()
    assert "Klaipėdos" not in body and "Skuodo" not in body
    shot(page, "53-bibliotekininko-analize")
    response = page.goto(f"{live_server.url}/statistika/analize/savivaldybes/")
    assert response.status == 403
