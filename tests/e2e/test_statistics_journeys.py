"""The librarian's statistics form in a real browser: fill, warning, explanation, submit;
two browsers on one draft."""

import re

import pytest
from playwright.sync_api import expect

from statistika.models import Submission, SubmissionStatus, Value
from statistika.scoping import form_units
from statistika.services.campaign import save_value
from tests.e2e.test_sign_in_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FILLED_IN_BROWSER = ["SVB-KRE", "SVB-KRE-C", "SVB-KRE-F02"]


def _last_year(submission, unit) -> dict:
    return {v.indicator_id: v.value for v in Value.objects.filter(
        library=unit.library, year=submission.campaign.year - 1)}


def _prefill_other_outlets(submission):
    """The other outlets are filled by their own librarians (as last year)."""
    from paskyros.models import User

    director = User.objects.get(email="bibliotekininkas@demo.lt")
    for unit in form_units(submission):
        if unit.library.code in FILLED_IN_BROWSER:
            continue
        last = _last_year(submission, unit)
        for indicator in unit.indicators:
            value = last.get(indicator.pk)
            save_value(submission=submission, library=unit.library, indicator=indicator,
                       raw="0" if value is None else str(value), not_known=False, version=None,
                       by=director)


def _type_unit(page, submission, unit, changed=None):
    last = _last_year(submission, unit)
    for indicator in unit.indicators:
        field = page.locator(f"#f-{unit.library.pk}-{indicator.pk}-v")
        value = last.get(indicator.pk)
        text = "0" if value is None else f"{value.normalize():f}".replace(".", ",")
        if changed and indicator.code == changed:
            text = str(int(value * 2))
        field.fill(text)
        field.press("Tab")
        expect(page.locator(f"#f-{unit.library.pk}-{indicator.pk}")).to_contain_text(
            "Išsaugota")


def test_librarian_fills_the_system_and_two_outlets_explains_a_warning_and_submits(
        page, live_server, demo, shot, settings):
    settings.OTP_REQUIRED_ROLES = set()
    submission = Submission.objects.get(library__code="SVB-KRE", campaign__is_open=True)
    _prefill_other_outlets(submission)
    units = {u.library.code: u for u in form_units(submission)}
    sign_in(page, live_server.url, "bibliotekininkas@demo.lt")
    page.wait_for_url(f"{live_server.url}/")
    shot(page, "20-bibliotekininko-pradzia-su-ataskaita")
    page.get_by_role("link", name=re.compile("Metinė statistika")).first.click()
    page.wait_for_url(re.compile(r".*/statistika/ataskaitos/\d+/$"))
    shot(page, "21-forma-visa-biblioteka")
    _type_unit(page, submission, units["SVB-KRE"])
    page.get_by_role("link", name=re.compile("centrinė biblioteka")).click()
    page.wait_for_url(re.compile(r".*/dalis/SVB-KRE-C/$"))
    _type_unit(page, submission, units["SVB-KRE-C"], changed="loans")
    loans = next(i for i in units["SVB-KRE-C"].indicators if i.code == "loans")
    field = page.locator(f"#f-{units['SVB-KRE-C'].library.pk}-{loans.pk}")
    expect(field).to_contain_text("Praėję metai")
    expect(field).to_contain_text("+100")
    field.scroll_into_view_if_needed()
    shot(page, "22-ispejimas")
    field.get_by_label(re.compile("Paaiškinkite")).fill("Atidarėme savitarnos stotelę")
    field.get_by_role("button", name=re.compile("paaiškinimą")).click()
    expect(field).to_contain_text("Atidarėme savitarnos stotelę")
    page.get_by_role("link", name="Darbėnų filialas").click()
    page.wait_for_url(re.compile(r".*/dalis/SVB-KRE-F02/$"))
    _type_unit(page, submission, units["SVB-KRE-F02"])
    shot(page, "23-filialas-uzpildytas")
    page.get_by_role("link", name=re.compile("Patikrinti ir pateikti")).click()
    page.wait_for_url(re.compile(r".*/pateikti/$"))
    shot(page, "24-patikra")
    page.get_by_role("button", name=re.compile("Pateikti ataskaitą")).click()
    page.wait_for_url(re.compile(r".*/pateikti/$"))
    expect(page.locator("main")).to_contain_text("pateikta")
    shot(page, "25-pateikta")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED


def test_two_browsers_on_one_draft_keep_both_and_show_the_conflict(browser, live_server, demo,
                                                                   shot, settings):
    settings.OTP_REQUIRED_ROLES = set()
    submission = Submission.objects.get(library__code="SVB-KRE", campaign__is_open=True)
    unit = next(u for u in form_units(submission) if u.library.code == "SVB-KRE-C")
    codes = {i.code: i for i in unit.indicators}
    url = f"{live_server.url}/statistika/ataskaitos/{submission.pk}/dalis/SVB-KRE-C/"
    pages = []
    for email in ("bibliotekininkas@demo.lt", "darbuotojas@demo.lt"):
        context = browser.new_context(locale="lt-LT", viewport={"width": 1366, "height": 900})
        page = context.new_page()
        sign_in(page, live_server.url, email)
        page.wait_for_url(f"{live_server.url}/")
        page.goto(url)
        pages.append(page)
    first, second = pages

    def field(page, code):
        return page.locator(f"#f-{unit.library.pk}-{codes[code].pk}")

    field(first, "visits").locator("input[name=value]").fill("11111")
    field(first, "visits").locator("input[name=value]").press("Tab")
    expect(field(first, "visits")).to_contain_text("Išsaugota")
    field(second, "events").locator("input[name=value]").fill("222")
    field(second, "events").locator("input[name=value]").press("Tab")
    expect(field(second, "events")).to_contain_text("Išsaugota")
    field(first, "loans").locator("input[name=value]").fill("3000")
    field(first, "loans").locator("input[name=value]").press("Tab")
    expect(field(first, "loans")).to_contain_text("Išsaugota")
    field(second, "loans").locator("input[name=value]").fill("4000")
    field(second, "loans").locator("input[name=value]").press("Tab")
    conflict = field(second, "loans")
    expect(conflict).to_contain_text("4000")
    expect(conflict).to_contain_text("3\u00a0000")
    shot(second, "26-konfliktas")
    values = {v.indicator.code: v.value for v in Value.objects.filter(
        library=unit.library, year=submission.campaign.year).select_related("indicator")}
    assert (values.get("visits"), values.get("events"), values.get("loans")) == (
        11111, 222, 3000), values
    conflict.get_by_role("button", name=re.compile("Palikti mano")).click()
    expect(conflict.locator(".alert-warning")).to_have_count(0)
    expect(conflict).to_contain_text("Išsaugota")
    assert Value.objects.get(library=unit.library, indicator=codes["loans"],
                             year=submission.campaign.year).value == 4000
