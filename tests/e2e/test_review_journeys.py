"""Review in a real browser: return with a comment, correct, resubmit, accept, history,
hand-off."""

import io
import re
import zipfile

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from statistika.models import Indicator, Submission, SubmissionStatus, Value
from statistika.scoping import form_units
from statistika.services.campaign import save_value, submit
from tests.e2e.test_sign_in_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _submitted_demo_submission():
    from paskyros.models import User

    director = User.objects.get(email="bibliotekininkas@demo.lt")
    submission = Submission.objects.get(library__code="SVB-KRE", campaign__is_open=True)
    year = submission.campaign.year
    for unit in form_units(submission):
        last = {v.indicator_id: v.value for v in Value.objects.filter(library=unit.library,
                                                                      year=year - 1)}
        for indicator in unit.indicators:
            value = last.get(indicator.pk)
            save_value(submission=submission, library=unit.library, indicator=indicator,
                       raw="0" if value is None else str(value), not_known=False,
                       version=None, by=director)
    return submit(submission=submission, by=director)


def test_return_correct_resubmit_accept_history_and_hand_off(browser, live_server, demo, shot,
                                                             settings):
    settings.OTP_REQUIRED_ROLES = set()
    submission = _submitted_demo_submission()
    Indicator.objects.filter(code="loans").update(lnb_code="B141")
    central = next(u for u in form_units(submission) if u.library.code == "SVB-KRE-C")
    loans = Indicator.objects.get(code="loans")
    staff = browser.new_context(locale="lt-LT", viewport={"width": 1366, "height": 900})
    staff_page = staff.new_page()
    sign_in(staff_page, live_server.url, "darbuotojas@demo.lt")
    staff_page.wait_for_url(f"{live_server.url}/")
    staff_page.goto(f"{live_server.url}/statistika/ataskaitos/{submission.pk}/perziura/SVB-KRE-C/")
    row = staff_page.locator(f"#r-{central.library.pk}-{loans.pk}")
    row.get_by_placeholder("Pakomentuokite šį lauką").fill("Išduotis atrodo per maža")
    row.get_by_role("button", name="Komentuoti").click()
    expect(staff_page.locator(f"#r-{central.library.pk}-{loans.pk}")).to_contain_text(
        "Išduotis atrodo per maža")
    shot(staff_page, "40-perziura-komentaras")
    staff_page.get_by_role("button", name="Grąžinti taisyti").click()
    expect(staff_page.locator(".badge", has_text="Grąžinta taisyti").first).to_be_visible()

    librarian = browser.new_context(locale="lt-LT", viewport={"width": 1366, "height": 900})
    page = librarian.new_page()
    sign_in(page, live_server.url, "bibliotekininkas@demo.lt")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/statistika/ataskaitos/{submission.pk}/dalis/SVB-KRE-C/")
    field = page.locator(f"#f-{central.library.pk}-{loans.pk}")
    expect(field).to_contain_text("Išduotis atrodo per maža")
    shot(page, "41-bibliotekininkas-mato-komentara")
    before = Value.objects.get(library=central.library, indicator=loans,
                               year=submission.campaign.year).value
    corrected = int(before) + 120
    field.locator("input[name=value]").fill(str(corrected))
    field.locator("input[name=value]").press("Tab")
    expect(page.locator(f"#f-{central.library.pk}-{loans.pk}")).to_contain_text("Išsaugota")
    page.get_by_role("link", name=re.compile("Patikrinti ir pateikti")).click()
    page.get_by_role("button", name=re.compile("Pateikti ataskaitą")).click()
    expect(page.locator("main")).to_contain_text("pateikta")

    staff_page.goto(f"{live_server.url}/statistika/ataskaitos/{submission.pk}/perziura/SVB-KRE-C/")
    staff_page.get_by_role("button", name="Priimti").click()
    expect(staff_page.locator(".badge", has_text="Priimta").first).to_be_visible()
    staff_page.goto(f"{live_server.url}/statistika/ataskaitos/{submission.pk}/perziura/SVB-KRE-C/")
    row = staff_page.locator(f"#r-{central.library.pk}-{loans.pk}")
    row.locator("summary", has_text="Istorija").click()
    expect(row).to_contain_text("grąžinta taisyti")
    shot(staff_page, "42-lauko-istorija")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ACCEPTED
    staff_page.goto(f"{live_server.url}/statistika/ataskaitos/{submission.pk}/istorija/")
    expect(staff_page.locator("main")).to_contain_text("Grąžinta taisyti")
    shot(staff_page, "43-ataskaitos-istorija")

    staff_page.goto(f"{live_server.url}/statistika/kampanijos/{submission.campaign.year}/perdavimas/")
    shot(staff_page, "44-perdavimas")
    staff_page.get_by_role("button", name=re.compile("Atsisiųsti failus")).click()
    staff_page.wait_for_url(re.compile(r".*/dokumentai/[0-9a-f-]+/$"))
    link = staff_page.get_by_role("link", name=re.compile("Atsisiųsti ZIP"))
    expect(link).to_be_visible()
    response = staff_page.request.get(live_server.url + link.get_attribute("href"))
    archive = zipfile.ZipFile(io.BytesIO(response.body()))
    sheet = load_workbook(io.BytesIO(archive.read(
        f"{submission.campaign.year}-SVB-KRE.xlsx"))).active
    loans_row = next(r for r in sheet.iter_rows(min_row=2) if r[1].value == "loans")
    system_loans = sum(v.value for v in Value.objects.filter(
        indicator=loans, year=submission.campaign.year, library__in=[
            u.library for u in form_units(submission)]))
    assert loans_row[4].value == system_loans
