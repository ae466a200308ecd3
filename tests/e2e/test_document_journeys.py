"""Documents in a real browser: ask for a library card PDF, download it, find it again."""

import re

import pytest
from playwright.sync_api import expect

from ataskaitos.models import JobStatus, ReportJob
from tests.e2e.test_sign_in_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_librarian_gets_the_library_card_pdf_and_finds_it_later(page, live_server, demo, shot,
                                                                 settings, browser):
    settings.OTP_REQUIRED_ROLES = set()
    sign_in(page, live_server.url, "bibliotekininkas@demo.lt")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/bibliotekos/?q=Valan%C4%8Diaus")
    page.get_by_role("link", name="Kretingos Motiejaus Valančiaus viešoji biblioteka",
                     exact=True).click()
    page.get_by_role("button", name="PDF").click()
    page.wait_for_url(re.compile(r".*/dokumentai/[0-9a-f-]+/$"))
    download_link = page.get_by_role("link", name=re.compile("Atsisiųsti PDF"))
    expect(download_link).to_be_visible()
    shot(page, "30-dokumentas-paruostas")
    with page.expect_download() as info:
        download_link.click()
    pdf = info.value
    assert pdf.suggested_filename.startswith("kortele-SVB-KRE")
    with open(pdf.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    page.goto(f"{live_server.url}/dokumentai/")
    expect(page.locator("main")).to_contain_text("kortele-SVB-KRE")
    shot(page, "31-mano-dokumentai")
    # The demo holds the archive's filed reports too: this journey's job is the librarian's.
    job = ReportJob.objects.get(requested_by__email="bibliotekininkas@demo.lt",
                                filename__startswith="kortele-SVB-KRE")
    assert job.status == JobStatus.DONE
    other = browser.new_context(locale="lt-LT").new_page()
    sign_in(other, live_server.url, "mokykla@demo.lt")
    other.wait_for_url(f"{live_server.url}/")
    response = other.goto(f"{live_server.url}/dokumentai/{job.pk}/")
    assert response.status == 404
