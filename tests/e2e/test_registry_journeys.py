"""The registry in a real browser: the librarian's own system, someone else's 404, staff's
list and card."""

import re

import pytest
from playwright.sync_api import expect

from bibliotekos.models import Library
from tests.e2e.test_sign_in_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_librarian_sees_own_system_card_and_not_another(page, live_server, demo, shot,
                                                         settings):
    settings.OTP_REQUIRED_ROLES = set()
    sign_in(page, live_server.url, "bibliotekininkas@demo.lt")
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("button", name="Teritorija").click()
    page.get_by_role("link", name="Bibliotekos").click()
    page.wait_for_url(re.compile(r".*/bibliotekos/$"))
    rows = page.locator("#results tbody tr")
    assert rows.count() == 26  # the Kretinga system, its central library and 24 outlets
    assert "Skuodo" not in page.locator("#results").inner_text()
    page.get_by_role("link", name="Kretingos Motiejaus Valančiaus viešoji biblioteka",
                     exact=True).click()
    page.wait_for_url(re.compile(r".*/bibliotekos/\d+/$"))
    assert page.get_by_role("heading", name=re.compile("^Padaliniai")).is_visible()
    assert "Darbėnų filialas" in page.content()
    shot(page, "10-bibliotekininko-sistema")
    other = Library.objects.get(code="SVB-SKU")
    response = page.goto(f"{live_server.url}/bibliotekos/{other.pk}/")
    assert response.status == 404
    assert "Puslapis nerastas" in page.content()


def test_staff_browse_filter_and_open_a_card(page, live_server, demo, shot, settings):
    settings.OTP_REQUIRED_ROLES = set()
    sign_in(page, live_server.url, "darbuotojas@demo.lt")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/bibliotekos/")
    shot(page, "11-bibliotekos")
    page.locator("#id_kind").select_option("rural_branch")
    expect(page.locator("#results tbody tr")).to_have_count(50)
    expect(page.locator("#results")).not_to_contain_text("Mokyklos")
    page.get_by_label("Paieška").fill("Rusnės")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    expect(page.locator("#results")).to_contain_text("Rusnės filialas")
    page.goto(f"{live_server.url}/bibliotekos/?q=Bajorai%C4%8Dio")
    page.get_by_role("link", name="Šilutės Fridricho Bajoraičio viešoji biblioteka",
                     exact=True).click()
    page.wait_for_url(re.compile(r".*/bibliotekos/\d+/$"))
    assert page.get_by_role("heading", name="Duomenys ir kontaktai").is_visible()
    shot(page, "12-bibliotekos-kortele")
    page.get_by_role("link", name="Redaguoti").click()
    page.locator("#id_phone").fill("+370 441 12345")
    page.get_by_role("button", name="Išsaugoti").click()
    page.wait_for_url(re.compile(r".*/bibliotekos/\d+/$"))
    page.get_by_role("link", name="Istorija").click()
    assert "+370 441 12345" in page.content()
    shot(page, "13-istorija")
