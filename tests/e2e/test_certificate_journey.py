"""Certificates in a real browser: staff complete a held demo event and issue its certificates
with the event page's button (one document job: the ZIP); the demo librarian (the Kretinga
system's director) finds theirs under "my certificates", downloads the PDF and opens its QR
code's link — the public verification page says it is valid; an altered code is not
verified; staff revoke a certificate and the same link then says it is revoked.
Screenshots go to var/screenshots/ (70–74)."""

import io
import re
import zipfile
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from ataskaitos.models import JobStatus, ReportJob
from mokymai.models import Certificate, CertificateStatus, EventStatus, TrainingEvent
from tests.e2e.test_every_page import axe_violations, overflow
from tests.e2e.test_sign_in_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
HELD = "Komunikacija socialiniuose tinkluose: bibliotekos balsas"
LIBRARIANS_EVENT = "Skaitmeninio raštingumo mokymai senjorams: kaip juos organizuoti"


def _page(browser, live_server, email=None, phone=False):
    viewport = {"width": 390, "height": 844} if phone else {"width": 1366, "height": 900}
    page = browser.new_context(locale="lt-LT", viewport=viewport).new_page()
    if email:
        sign_in(page, live_server.url, email)
        page.wait_for_url(f"{live_server.url}/")
    return page


def _issue_with_the_button(page, live_server, event) -> ReportJob:
    """Press the event page's certificates button; wait for the job; download the ZIP."""
    page.goto(f"{live_server.url}/mokymai/{event.pk}/")
    box = page.locator("#event-certificates")
    expect(box).to_be_visible()
    box.get_by_role("button").click()
    page.wait_for_url(re.compile(r".*/dokumentai/[0-9a-f-]+/$"))
    link = page.get_by_role("link", name=re.compile("Atsisiųsti ZIP"))
    expect(link).to_be_visible(timeout=60_000)
    with page.expect_download() as info:
        link.click()
    with open(info.value.path(), "rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    job = ReportJob.objects.filter(kind="mokymai.certificates").latest("created_at")
    assert job.status == JobStatus.DONE
    certificates = Certificate.objects.filter(registration__event=event).order_by("number")
    names = archive.namelist()
    assert len(names) == certificates.count() > 0
    for name, certificate in zip(names, certificates, strict=True):
        person = certificate.person
        assert name == f"{certificate.number} {person.last_name} {person.first_name}.pdf"
        assert archive.read(name).startswith(b"%PDF")
    return job


def test_certificates_from_the_button_to_the_public_check(browser, live_server, demo, shot,
                                                          settings):
    settings.OTP_REQUIRED_ROLES = set()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = live_server.url
    held = TrainingEvent.objects.get(title=HELD)
    assert held.status == EventStatus.HELD

    # 1. staff complete the held event, then issue its certificates with the button
    staff = _page(browser, live_server, "darbuotojas@demo.lt")
    staff.goto(f"{live_server.url}/mokymai/{held.pk}/")
    staff.locator("form:has(input[name=to][value=completed]) button").click()
    held.refresh_from_db()
    assert held.status == EventStatus.COMPLETED
    completed = held.registrations.filter(completed=True).count()
    assert completed > 0
    expect(staff.locator("#event-certificates")).to_contain_text(str(completed))
    shot(staff, "70-pazymejimai-renginio-puslapyje")
    mail.outbox.clear()
    _issue_with_the_button(staff, live_server, held)
    shot(staff, "71-pazymejimai-zip-paruostas")
    assert Certificate.objects.filter(registration__event=held).count() == completed
    assert len(mail.outbox) == completed
    staff.goto(f"{live_server.url}/mokymai/{held.pk}/")
    expect(staff.locator("#event-certificates li")).to_have_count(min(completed, 10))

    # the director's own completed event: its certificates too
    theirs = TrainingEvent.objects.get(title=LIBRARIANS_EVENT)
    mail.outbox.clear()
    _issue_with_the_button(staff, live_server, theirs)
    own = Certificate.objects.get(registration__event=theirs,
                                  person__user__email="bibliotekininkas@demo.lt")
    message = next(m for m in mail.outbox if m.to == ["bibliotekininkas@demo.lt"])
    assert theirs.title in message.subject and own.verification_url in message.body
    from tests.e2e.conftest import SCREENSHOTS

    (SCREENSHOTS / "71-laiskas-pazymejimas.txt").write_text(
        f"Tema: {message.subject}\nKam: {message.to[0]}\n\n{message.body}", encoding="utf-8")

    # 2. the librarian finds it under "my certificates" and downloads the PDF
    librarian = _page(browser, live_server, "bibliotekininkas@demo.lt")
    librarian.goto(f"{live_server.url}/mokymai/mano-pazymejimai/")
    row = librarian.locator(f"tr[data-certificate='{own.pk}']").first
    expect(row).to_contain_text(own.number)
    assert overflow(librarian) is None
    assert axe_violations(librarian) == []
    shot(librarian, "72-mano-pazymejimai")
    with librarian.expect_download() as info:
        row.get_by_role("link", name=re.compile("PDF")).click()
    download = info.value
    assert download.suggested_filename.startswith(own.number)
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    # 3. the QR code's link, opened by anyone: valid, with the holder and the event
    link = own.verification_url
    query = parse_qs(urlsplit(link).query)
    assert query == {"numeris": [own.number], "kodas": [own.token]}
    visitor = _page(browser, live_server, phone=True)
    visitor.goto(link)
    outcome = visitor.locator("#verify-outcome")
    expect(outcome).to_contain_text("galioja")
    expect(outcome).to_contain_text(own.holder_name)
    expect(outcome).to_contain_text(theirs.title)
    assert overflow(visitor) is None
    assert axe_violations(visitor) == []
    shot(visitor, "73-pazymejimo-tikrinimas-galioja")

    # an altered code: not verified, and nothing about the holder
    visitor.goto(link.replace(own.token, own.token[:-3] + "AAA"))
    expect(outcome).to_contain_text("nepatvirtintas")
    expect(outcome).not_to_contain_text(own.holder_name)
    shot(visitor, "73-pazymejimo-tikrinimas-nepatvirtintas")
    # an altered number with the right code: not verified either
    visitor.goto(link.replace(own.number, own.number[:-4] + "9999"))
    expect(outcome).to_contain_text("nepatvirtintas")
    expect(outcome).not_to_contain_text(own.holder_name)

    librarian.goto(f"{live_server.url}/mokymai/kursai-kitur/naujas/")
    expect(librarian.locator("input[name=file]")).to_be_visible()
    assert axe_violations(librarian) == []

    # 4. staff revoke it; the same link now says revoked
    for path in ("/mokymai/pazymejimai/", f"/mokymai/pazymejimai/?event={held.pk}",
                 "/mokymai/kursai-kitur/"):
        staff.goto(f"{live_server.url}{path}")
        assert overflow(staff) is None and axe_violations(staff) == [], path
    staff.goto(f"{live_server.url}/mokymai/pazymejimai/{own.pk}/")
    assert axe_violations(staff) == []
    staff.locator("button[aria-controls=revoke-certificate]").click()
    staff.locator("#id_reason").fill("Išduotas per klaidą")
    staff.locator("#revoke-certificate button[type=submit]").click()
    expect(staff.locator("main .alert-danger")).to_contain_text("Išduotas per klaidą")
    shot(staff, "74-pazymejimas-atsauktas")
    own.refresh_from_db()
    assert own.status == CertificateStatus.REVOKED
    visitor.goto(link)
    expect(outcome).to_contain_text("atšauktas")
    shot(visitor, "74-pazymejimo-tikrinimas-atsauktas")
    # and its PDF is no longer handed out
    response = librarian.goto(f"{live_server.url}/mokymai/pazymejimai/{own.pk}/pdf/")
    assert response.status == 410
