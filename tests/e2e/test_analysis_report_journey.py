"""Management asks for the regional analysis PDF, watches it being prepared, downloads it."""

import re
import subprocess

import pytest
from playwright.sync_api import expect

from conftest import require_program
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.test_sign_in_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_management_downloads_the_regional_analysis(page, live_server, demo, shot, settings):
    settings.OTP_REQUIRED_ROLES = set()
    # As without a broker in production: the request returns at once and the page polls
    # while a background thread renders (rendering inside the request kept the click
    # waiting past its timeout on a loaded machine).
    settings.DOCUMENTS_IN_THREAD = True
    sign_in(page, live_server.url, "vadovas@demo.lt")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/statistika/analize/?year=2025")
    page.get_by_role("button", name="PDF").first.click()
    page.wait_for_url(re.compile(r".*/dokumentai/[0-9a-f-]+/$"))
    link = page.get_by_role("link", name=re.compile("Atsisiųsti PDF"))
    expect(link).to_be_visible(timeout=240_000)
    shot(page, "60-analize-paruosta")
    with page.expect_download() as info:
        link.click()
    path = info.value.path()
    text = subprocess.run([require_program("pdftotext"), str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "Turinys" in flat and ("2025 m. Klaipėdos ir Tauragės apskričių savivaldybių "
                                  "viešųjų bibliotekų veiklos analizė") in flat
    assert "1 lentelė." in flat and "Šaltinis:" in flat and "Lietuva" in flat
    assert "virtualūs" in text          # the narrative staff wrote
    pages = SCREENSHOTS / "61-analize-pdf"
    subprocess.run([require_program("pdftoppm"), "-png", "-r", "60", "-f", "1", "-l", "4",
                    str(path), str(pages)], check=True)
