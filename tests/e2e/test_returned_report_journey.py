"""The returned report as the librarians meet it, in a real browser: staff return the
Kretinga system's report with a note and a remark on the Darbėnų branch's loans; the
branch librarian sees both on the home page, at the top of the form (their own unit only)
and in the e-mail, and answers the remark in place; the director sees the same; staff see
the answer and resolve the remark."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from statistika.models import FieldComment, Indicator, Submission
from statistika.scoping import form_units
from tests.e2e.test_review_journeys import _submitted_demo_submission
from tests.e2e.test_sign_in_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NOTE = "Patikrinkite Darbėnų filialo išduotį ir atsakykite į pastabą."
REMARK = "Išduotis daug didesnė nei pernai – ar įtraukti pratęsimai?"


def _page(browser, live_server, email):
    context = browser.new_context(locale="lt-LT", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    sign_in(page, live_server.url, email)
    page.wait_for_url(f"{live_server.url}/")
    return page


def test_the_returned_report_reaches_the_branch_librarian(browser, live_server, demo, shot,
                                                           settings):
    from tests.e2e.conftest import SCREENSHOTS

    settings.OTP_REQUIRED_ROLES = set()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    submission = _submitted_demo_submission()
    branch = next(u for u in form_units(submission) if u.library.code == "SVB-KRE-F02")
    loans = Indicator.objects.get(code="loans")

    staff = _page(browser, live_server, "darbuotojas@demo.lt")
    staff.goto(f"{live_server.url}/statistika/ataskaitos/{submission.pk}/perziura/SVB-KRE-F02/")
    row = staff.locator(f"#r-{branch.library.pk}-{loans.pk}")
    row.get_by_placeholder("Pakomentuokite šį lauką").fill(REMARK)
    row.get_by_role("button", name="Komentuoti").click()
    expect(staff.locator(f"#r-{branch.library.pk}-{loans.pk}")).to_contain_text(REMARK)
    staff.locator("#return-note").fill(NOTE)
    mail.outbox.clear()
    staff.get_by_role("button", name="Grąžinti taisyti").click()
    expect(staff.locator(".badge", has_text="Grąžinta taisyti").first).to_be_visible()
    shot(staff, "45-grazinta-su-pastaba")

    branch_mail = next(m for m in mail.outbox if m.to == ["filialas@demo.lt"])
    assert NOTE in branch_mail.body and REMARK in branch_mail.body
    (SCREENSHOTS / "46-laiskas-filialui.txt").write_text(
        f"Tema: {branch_mail.subject}\nKam: {branch_mail.to[0]}\n\n{branch_mail.body}",
        encoding="utf-8")

    page = _page(browser, live_server, "filialas@demo.lt")
    home = page.locator("main")
    expect(home).to_contain_text(NOTE)
    expect(home).to_contain_text(REMARK)
    shot(page, "47-filialas-pradzia-grazinta")
    page.get_by_role("link", name=re.compile("Darbėnų filialas")).first.click()
    top = page.locator("#attention-title")
    expect(top).to_contain_text("grąžino")
    expect(page.locator("main")).to_contain_text(REMARK)
    expect(page.locator(".report-units a")).to_have_count(1)  # their own unit only
    shot(page, "48-filialas-forma-pastabos")
    page.locator("#attention-title").locator("xpath=..").get_by_role(
        "link", name=re.compile("Išduotis")).first.click()
    field = page.locator(f"#f-{branch.library.pk}-{loans.pk}")
    field.get_by_placeholder("Atsakykite į pastabą").fill("Taip, įtraukti 120 pratęsimų.")
    field.get_by_role("button", name="Atsakyti").click()
    expect(page.locator(f"#f-{branch.library.pk}-{loans.pk}")).to_contain_text(
        "Taip, įtraukti 120 pratęsimų.")
    shot(page, "49-filialas-atsake")
    assert page.request.get(f"{live_server.url}/statistika/ataskaitos/{submission.pk}/dalis/"
                            "SVB-KRE-C/").status == 404
    download = page.request.get(f"{live_server.url}/statistika/ataskaitos/{submission.pk}/xlsx/")
    assert download.status == 200

    director = _page(browser, live_server, "bibliotekininkas@demo.lt")
    expect(director.locator("main")).to_contain_text(NOTE)
    director.goto(f"{live_server.url}/statistika/ataskaitos/{submission.pk}/")
    expect(director.locator(".report-units a")).to_have_count(len(form_units(submission)))
    expect(director.locator(".report-units .badge").first).to_be_visible()
    shot(director, "56-direktorius-forma-pazymetas-filialas")

    staff.goto(f"{live_server.url}/statistika/ataskaitos/{submission.pk}/perziura/SVB-KRE-F02/")
    row = staff.locator(f"#r-{branch.library.pk}-{loans.pk}")
    expect(row).to_contain_text("Taip, įtraukti 120 pratęsimų.")
    row.get_by_role("button", name="Pažymėti išspręsta").click()
    expect(staff.locator(f"#r-{branch.library.pk}-{loans.pk}")).to_contain_text("išspręsta")
    shot(staff, "57-pastaba-isspresta")
    comment = FieldComment.objects.get(text=REMARK)
    assert comment.resolved_at is not None
    assert Submission.objects.get(pk=submission.pk).status == "returned"
