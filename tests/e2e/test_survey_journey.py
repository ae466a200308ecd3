"""User-needs research in a real browser, on the demo data: department staff build a study
from the shipped satisfaction questionnaire and open it for three libraries; on a phone,
six readers answer through the Darbėnai branch's QR link (one of them in English); the
branch's librarian types in a paper questionnaire by keyboard; staff read the results with
charts and a cross-tab; the librarian sees their unit's results and the territory's, and a
404 for Tauragė's. Pages are checked with axe and at phone width. Screenshots go to
var/screenshots/ (120–129)."""

import re

import pytest
from playwright.sync_api import expect

from bibliotekos.models import Library
from tests.e2e.test_every_page import axe_violations, overflow
from tests.e2e.test_sign_in_journeys import sign_in
from tyrimai.models import Channel, Response, Study, StudyStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BRANCH_LIBRARIAN = "filialas@demo.lt"          # Darbėnų filialas (SVB-KRE-F02)
LIBRARIES = ("SVB-KRE", "SVB-KRE-F02", "SVB-TAU")


def _page(browser, live_server, email=None, phone=False):
    viewport = {"width": 390, "height": 844} if phone else {"width": 1366, "height": 900}
    page = browser.new_context(locale="lt-LT", viewport=viewport).new_page()
    if email:
        sign_in(page, live_server.url, email)
        page.wait_for_url(f"{live_server.url}/")
    return page


def _clean(page, where: str) -> None:
    assert not axe_violations(page), (where, axe_violations(page))
    assert not overflow(page), (where, overflow(page))


def _answer_on_a_phone(browser, live_server, url, n, shot=None, english=False):
    page = _page(browser, live_server, phone=True)
    page.goto(url + ("?kalba=en" if english else ""))
    study = Study.objects.get(title="Skaitytojų pasitenkinimas 2026")
    codes = {q.code: q.pk for q in study.questions.all()}
    page.locator(f"label[for='q{codes['Q1']}-{1 + n % 3}']").click()
    page.locator(f"label[for='q{codes['Q5']}-5']").click()
    page.locator(f"label[for='q{codes['Q8']}-3']").click()
    if n == 0:
        page.fill(f"#q{codes['Q7']}", "<b>Daugiau</b> knygų vaikams =1+1 😀")
    if shot:
        _clean(page, "the public answer page on a phone")
        shot(page, "121-tyrimas-atsakymas-telefone")
    page.locator("form [type=submit]").last.click()
    expect(page.locator("main")).to_contain_text(
        "Thank you" if english else "Ačiū", timeout=15000)
    if shot:
        shot(page, "122-tyrimas-aciu")
    page.context.close()


def test_a_study_from_the_template_answered_by_phone_and_on_paper(browser, live_server, demo,
                                                                   shot, settings):
    settings.OTP_REQUIRED_ROLES = set()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = live_server.url
    base = live_server.url

    # 1. staff build a study from the shipped questionnaire and open it for three libraries
    staff = _page(browser, live_server, "darbuotojas@demo.lt")
    staff.goto(f"{base}/tyrimai/naujas/")
    staff.get_by_label("Pavadinimas").fill("Skaitytojų pasitenkinimas 2026")
    staff.locator("input[name=start][value='template:satisfaction']").check()
    staff.locator("input[name=languages][value=en]").check()
    _clean(staff, "new study")
    shot(staff, "120-tyrimas-naujas")
    staff.locator("main form [type=submit]").last.click()
    staff.wait_for_url(re.compile(r"/tyrimai/\d+/$"))
    study = Study.objects.get(title="Skaitytojų pasitenkinimas 2026")
    assert study.questions.count() == 11 and study.key_question.code == "Q5"
    staff.goto(f"{base}/tyrimai/{study.pk}/bibliotekos/")
    for code in LIBRARIES:
        library = Library.objects.get(code=code)
        staff.locator(f"input[name=libraries][value='{library.pk}']").check()
    staff.locator("main form [type=submit]").first.click()
    expect(staff.locator("main")).to_contain_text("Darbėnų filialas")
    assert sorted(study.participations.values_list("library__code", flat=True)) == sorted(
        LIBRARIES)
    _clean(staff, "participants")
    shot(staff, "123-tyrimas-bibliotekos-ir-qr")
    staff.goto(f"{base}/tyrimai/{study.pk}/")
    staff.locator("form:has(input[name=to][value=open]) [type=submit]").click()
    expect(staff.locator("main")).to_contain_text("Renkami atsakymai")
    study.refresh_from_db()
    assert study.status == StudyStatus.OPEN

    # 2. six readers answer on their phones through the Darbėnai branch's QR link
    branch = study.participations.get(library__code="SVB-KRE-F02")
    link = f"{base}/tyrimai/a/{branch.token}/"
    staff.goto(f"{base}/tyrimai/{study.pk}/bibliotekos/")
    assert link in staff.content()          # the participants page shows each library's link
    for n in range(6):
        _answer_on_a_phone(browser, live_server, link, n, shot=shot if n == 0 else None,
                           english=n == 5)
    answered = Response.objects.filter(study=study, library__code="SVB-KRE-F02")
    assert answered.count() == 6 and answered.filter(language="en").count() == 1
    assert study.questions.get(code="Q7").answers.get().text == \
        "<b>Daugiau</b> knygų vaikams =1+1 😀"

    # 3. the branch's librarian types in a paper questionnaire, by keyboard only
    librarian = _page(browser, live_server, BRANCH_LIBRARIAN)
    librarian.goto(f"{base}/tyrimai/popierines/{branch.pk}/")
    librarian.fill("#numeris", "P-001")
    codes = {q.code: q.pk for q in study.questions.all()}
    librarian.locator(f"#q{codes['Q1']}").click()
    librarian.keyboard.type("2")
    librarian.keyboard.press("Enter")          # Enter moves to the next field
    librarian.locator(f"#q{codes['Q5']}").click()
    librarian.keyboard.type("5")
    librarian.locator(f"#q{codes['Q8']}").fill("4")
    _clean(librarian, "paper entry")
    shot(librarian, "124-tyrimas-popierine-anketa")
    librarian.keyboard.press("Control+Enter")
    expect(librarian.locator("main")).to_contain_text("šios sesijos metu: 1")
    paper = Response.objects.get(study=study, channel=Channel.PAPER)
    assert paper.entered_by.email == BRANCH_LIBRARIAN and paper.paper_number == "P-001"
    assert paper.library.code == "SVB-KRE-F02"

    # 4. staff read the results: charts, and a cross-tab of satisfaction by age
    staff.goto(f"{base}/tyrimai/{study.pk}/rezultatai/")
    expect(staff.locator("main svg").first).to_be_visible()
    _clean(staff, "results")
    shot(staff, "125-tyrimas-rezultatai")
    staff.goto(f"{base}/tyrimai/{study.pk}/rezultatai/Q5/?pagal=Q8")
    expect(staff.locator("main table").first).to_be_visible()
    assert "< 5" in staff.locator("main").inner_text() or "<5" in staff.content()
    _clean(staff, "cross-tab")
    shot(staff, "126-tyrimas-kryzmine-lentele")

    # 5. the librarian sees their unit's results and the territory's, not Tauragė's
    librarian.goto(f"{base}/tyrimai/{study.pk}/rezultatai/")
    scopes = librarian.locator("#results-scope option").all_inner_texts()
    assert any("Darbėnų" in s for s in scopes) and not any("Tauragės" in s for s in scopes)
    _clean(librarian, "the librarian's results")
    shot(librarian, "127-tyrimas-bibliotekininko-rezultatai")
    taurage = Library.objects.get(code="SVB-TAU")
    response = librarian.goto(f"{base}/tyrimai/{study.pk}/rezultatai/?vieta=l{taurage.pk}")
    assert response.status == 404
    response = librarian.goto(f"{base}/tyrimai/{study.pk}/")
    assert response.status == 404                        # the study's own page is staff's

    # 6. the public page on a closed study
    staff.goto(f"{base}/tyrimai/{study.pk}/")
    staff.locator("form:has(input[name=to][value=closed]) [type=submit]").click()
    expect(staff.locator("main")).to_contain_text("Uždarytas")
    late = _page(browser, live_server, phone=True)
    response = late.goto(link)
    assert response.status == 410
    _clean(late, "a closed study's link")
    shot(late, "128-tyrimas-uzdarytas")
