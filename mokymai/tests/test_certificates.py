"""Certificates: numbering per year (also under concurrency, on PostgreSQL), issue, revoke
and reissue, the public verification (right, wrong and borrowed codes, revoked, unknown,
the number alone) with its rate limit, who sees whose certificate, the PDF's text and
escaping, the ZIP of an event's certificates, the register command, and courses taken
elsewhere (the file checked by its content)."""

import csv
import io
import logging
import subprocess
import threading
import zipfile
from datetime import datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from ataskaitos import services as documents
from ataskaitos.models import JobStatus
from conftest import require_program
from mokymai import services_certificates as services
from mokymai.certificates_pdf import _html, file_name, qr_svg, render_certificate
from mokymai.models import (
    Certificate,
    CertificateSequence,
    CertificateStatus,
    EventStatus,
    ExternalCourse,
    ExternalCourseStatus,
    Programme,
    Registration,
    RegistrationStatus,
)
from mokymai.services import Refused
from mokymai.tests.factories import make_event, make_person
from paskyros.models import User

pytestmark = pytest.mark.django_db
VILNIUS = ZoneInfo("Europe/Vilnius")
VERIFY = reverse("mokymai:certificate_verify")


def completed_event(people, *, title="Skaitmeninio raštingumo seminaras", completed=None,
                    **fields):
    """A completed event of two 4-hour sessions (8 academic hours) with ``people``
    registered; those in ``completed`` (all by default) completed it."""
    fields.setdefault("registration_opens", None)
    fields.setdefault("registration_closes", None)
    event = make_event(title=title, status=EventStatus.COMPLETED, sessions=2,
                       day=timezone.localdate().replace(day=1), **fields)
    done = people if completed is None else completed
    for person in people:
        Registration.objects.create(event=event, person=person, library=person.library,
                                    completed=person in done,
                                    attended_hours=Decimal("8") if person in done else 0)
    return event


@pytest.fixture
def people(territory):
    return [make_person(territory.central_a, first="Ona", last="Žemaitytė"),
            make_person(territory.branch_a, first="Jonas", last="Cibulskis"),
            make_person(territory.central_a, first="Rasa", last="Čepienė")]


@pytest.fixture
def event(people):
    return completed_event(people)


@pytest.fixture
def certificates(event, staff):
    return services.issue_certificates(event, staff)


def _year():
    return timezone.localdate().year


# --- issue and numbers -----------------------------------------------------------------------

def test_an_event_issues_one_number_per_completed_participant_in_alphabetical_order(
        event, staff, people, django_capture_on_commit_callbacks):
    late = make_person(people[0].library, first="Vėlavo", last="Neatvykęs")
    Registration.objects.create(event=event, person=late, completed=False)
    waiting = make_person(people[0].library, first="Laukė", last="Eilėje")
    Registration.objects.create(event=event, person=waiting, completed=None,
                                status=RegistrationStatus.WAITING)
    with django_capture_on_commit_callbacks(execute=True):
        issued = services.issue_certificates(event, staff)
    year = _year()
    assert [(c.number, c.holder_name) for c in issued] == [
        (f"KT-{year}-0001", "Jonas Cibulskis"), (f"KT-{year}-0002", "Rasa Čepienė"),
        (f"KT-{year}-0003", "Ona Žemaitytė")]
    first = issued[0]
    assert first.title == event.title and first.hours == Decimal("8.00")
    assert first.hour_minutes == 45 and first.dates_text == event.starts_on.isoformat() + \
        "–" + event.ends_on.isoformat()
    assert first.signer_name == django_settings.CERTIFICATE_SIGNER_NAME
    assert first.organiser == event.organiser and first.issued_by == staff
    assert len(first.token) >= 22 and len({c.token for c in issued}) == 3
    assert not Certificate.objects.filter(person__in=[late, waiting]).exists()
    assert services.issue_certificates(event, staff) == []           # idempotent
    assert Certificate.objects.count() == 3
    # each holder got an e-mail with the absolute links
    assert len(mail.outbox) == 3
    message = next(m for m in mail.outbox if m.to == [people[0].email])
    with translation.override(django_settings.LANGUAGE_CODE):
        subject = gettext("Professional development certificate: %(title)s") % {
            "title": "Skaitmeninio raštingumo seminaras"}
    assert message.subject == f"[Regionas] {subject}"
    holder = Certificate.objects.get(person=people[0])
    assert holder.verification_url in message.body
    assert django_settings.PORTAL_BASE_URL + reverse("mokymai:certificate_detail",
                                                     args=[holder.pk]) not in message.body
    assert "numeris=" in holder.verification_url and "kodas=" in holder.verification_url


def test_a_holder_with_an_account_gets_the_link_to_their_certificate_page(
        territory, staff, librarian_b, django_capture_on_commit_callbacks):
    person = make_person(territory.school_b, user=librarian_b)
    event = completed_event([person])
    with django_capture_on_commit_callbacks(execute=True):
        [certificate] = services.issue_certificates(event, staff)
    [message] = mail.outbox
    assert message.to == [librarian_b.email]
    assert django_settings.PORTAL_BASE_URL + reverse(
        "mokymai:certificate_detail", args=[certificate.pk]) in message.body


def test_only_a_completed_event_and_only_staff_issue(people, staff, librarian_a, manager):
    held = completed_event(people[:1], title="Įvykęs")
    held.status = EventStatus.HELD
    held.save()
    with pytest.raises(Refused):
        services.issue_certificates(held, staff)
    event = completed_event(people[1:2])
    for user in (librarian_a, manager):
        with pytest.raises(PermissionDenied):
            services.issue_certificates(event, user)
    not_completed = completed_event(people[2:], title="Nebaigė", completed=[])
    with pytest.raises(Refused):
        services.issue_certificate(not_completed.registrations.get(), staff)
    assert not Certificate.objects.exists()


def test_numbers_run_per_year_by_the_lithuanian_calendar(people, staff):
    event = completed_event(people)
    first, second, third = event.registrations.order_by("pk")
    # 23:30 on New Year's Eve in Vilnius is still 2025; 00:30 is 2026 (22:30 UTC, 2025)
    eve = datetime(2025, 12, 31, 23, 30, tzinfo=VILNIUS)
    new_year = datetime(2026, 1, 1, 0, 30, tzinfo=VILNIUS)
    assert services.issue_certificate(first, staff, now=eve).number == "KT-2025-0001"
    assert services.issue_certificate(second, staff, now=new_year).number == "KT-2026-0001"
    assert services.issue_certificate(third, staff, now=new_year).number == "KT-2026-0002"
    assert services.issue_certificate(third, staff).number == "KT-2026-0002"   # the same one
    assert dict(CertificateSequence.objects.values_list("year", "last")) == {2025: 1, 2026: 2}
    assert Certificate.objects.get(number="KT-2025-0001").year == 2025


def test_the_number_pattern_is_a_setting_and_a_used_number_is_skipped(people, staff, settings):
    settings.CERTIFICATE_NUMBER_PATTERN = "PZ-{seq:03d}/{year}"
    event = completed_event(people)
    first, second, third = event.registrations.order_by("pk")
    year = _year()
    assert services.issue_certificate(first, staff).number == f"PZ-001/{year}"
    CertificateSequence.objects.filter(year=year).update(last=0)   # the counter went back
    assert services.issue_certificate(second, staff).number == f"PZ-002/{year}"
    settings.CERTIFICATE_NUMBER_PATTERN = "KT-{year}-{seq:04d}"
    assert services.issue_certificate(third, staff).number == f"KT-{year}-0003"


postgres_only = pytest.mark.skipif(
    django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="races need PostgreSQL (CI runs the suite there too)")


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_certificates_issued_at_the_same_moment_never_share_a_number(territory, staff):
    """30 events, each issued from its own thread at the same moment, and a second bulk run
    of every event racing the first: every number once, the year's numbers 1…N without
    gaps, one certificate per participant."""
    events = [completed_event([make_person(territory.central_a, first=f"D{e}{i}",
                                           last="Skubi") for i in range(4)],
                              title=f"Renginys {e}") for e in range(30)]
    barrier = threading.Barrier(len(events) + 10)
    errors = []

    def run(event):
        try:
            barrier.wait(timeout=30)
            services.issue_certificates(event, staff)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(e,)) for e in events + events[:10]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors[:3]
    numbers = sorted(Certificate.objects.values_list("number", flat=True))
    assert len(numbers) == 120 == len(set(numbers))
    assert numbers == [f"KT-{_year()}-{n:04d}" for n in range(1, 121)]
    assert CertificateSequence.objects.get(year=_year()).last == 120


# --- revoke and reissue ------------------------------------------------------------------------

def test_reissue_refreshes_the_snapshot_and_keeps_number_and_token(
        certificates, staff, people, event, django_capture_on_commit_callbacks, settings):
    certificate = next(c for c in certificates if c.person == people[0])
    number, token = certificate.number, certificate.token
    people[0].last_name = "Žemaitytė-Kazlauskienė"
    people[0].save()
    event.title = "Skaitmeninio raštingumo seminaras (patikslinta)"
    event.hours = Decimal("10")
    event.programme = Programme.objects.create(code="KTP-09", title="Skaitmenos", hours=10)
    event.save()
    settings.CERTIFICATE_SIGNER_NAME = "Nauja Vedėja"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.reissue(certificate, staff)
    certificate.refresh_from_db()
    assert (certificate.number, certificate.token) == (number, token)
    assert certificate.holder_name == "Ona Žemaitytė-Kazlauskienė"
    assert certificate.title.endswith("(patikslinta)") and certificate.hours == Decimal("10.00")
    assert certificate.programme_title == "KTP-09 Skaitmenos"
    assert certificate.signer_name == "Nauja Vedėja" and certificate.reissued_at is not None
    assert certificate.history.count() == 2
    [message] = mail.outbox
    assert message.to == [people[0].email] and certificate.verification_url in message.body
    # the old QR code still leads to it, and it shows the corrected data
    verified = services.verify(number, token)
    assert verified.outcome == "valid" and verified.certificate.holder_name.endswith("Kazlauskienė")


def test_revoke_needs_a_reason_and_staff_and_ends_the_pdf(certificates, staff, staff_client,
                                                          librarian_a):
    certificate = certificates[0]
    with pytest.raises(Refused):
        services.revoke(certificate, "  ", staff)
    with pytest.raises(PermissionDenied):
        services.revoke(certificate, "Klaida", librarian_a)
    services.revoke(certificate, "Išduotas per klaidą", staff)
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED and certificate.revoked_by == staff
    with pytest.raises(Refused):
        services.revoke(certificate, "Dar kartą", staff)
    with pytest.raises(Refused):
        services.reissue(certificate, staff)
    response = staff_client.get(reverse("mokymai:certificate_pdf", args=[certificate.pk]))
    assert response.status_code == 410
    assert response["Content-Type"].startswith("text/html")
    assert services.verify(certificate.number, certificate.token).outcome == "revoked"


def test_revoke_and_reissue_through_the_pages(certificates, staff_client, client_a):
    certificate = certificates[0]
    revoke = reverse("mokymai:certificate_revoke", args=[certificate.pk])
    reissue = reverse("mokymai:certificate_reissue", args=[certificate.pk])
    assert client_a.post(revoke, {"reason": "x"}).status_code == 403   # the director sees it
    assert client_a.post(reissue).status_code == 403
    assert staff_client.get(revoke).status_code == 405
    assert staff_client.post(reissue).status_code == 302
    certificate.refresh_from_db()
    assert certificate.reissued_at is not None
    staff_client.post(revoke, {"reason": ""})
    certificate.refresh_from_db()
    assert certificate.is_valid
    assert staff_client.post(revoke, {"reason": "Klaida sąraše"}).status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED
    page = staff_client.get(certificate.get_absolute_url())
    assert page.status_code == 200 and "Klaida sąraše" in page.content.decode()
    assert page.context["may_manage"] is False


# --- the public verification ---------------------------------------------------------------------

def _check(client, **params):
    response = client.get(VERIFY, params)
    assert response.status_code == 200
    return response, response.content.decode()


def test_verification_with_the_number_and_the_code(certificates, client, caplog):
    certificate, other = certificates[0], certificates[1]
    caplog.set_level(logging.INFO, logger="regionas.trainings")
    # the QR code's link
    qr = certificate.verification_url.replace(django_settings.PORTAL_BASE_URL, "")
    response = client.get(qr)
    html = response.content.decode()
    assert response.status_code == 200 and response.context["result"].outcome == "valid"
    assert certificate.holder_name in html and certificate.title in html
    assert certificate.dates_text in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    # a wrong code, another certificate's code, an unknown number: nothing revealed
    for number, token in ((certificate.number, "a" * 22), (certificate.number, other.token),
                          ("KT-1999-9999", certificate.token)):
        response, html = _check(client, numeris=number, kodas=token)
        assert response.context["result"].outcome == "not_verified"
        assert response.context["certificate"] is None
        assert certificate.holder_name not in html and other.holder_name not in html
        assert certificate.title not in html
    # typed with spaces and in lower case: found all the same
    response, _html_text = _check(client, numeris=f" {certificate.number.lower()} ",
                                  kodas=certificate.token)
    assert response.context["result"].outcome == "valid"
    # the number alone: only whether a valid certificate with it exists
    response, html = _check(client, numeris=certificate.number)
    assert response.context["result"].outcome == "exists"
    assert certificate.holder_name not in html and certificate.title not in html
    response, html = _check(client, numeris="KT-1999-9999")
    assert response.context["result"].outcome == "not_found"
    # the form posts too
    response = client.post(VERIFY, {"numeris": certificate.number, "kodas": certificate.token})
    assert response.status_code == 200 and response.context["result"].outcome == "valid"
    # the log says what was answered, nothing about whom
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "certificate verification: valid" in logged
    for secret in (certificate.number, certificate.token, certificate.holder_name, "127.0.0.1"):
        assert secret not in logged


def test_a_revoked_certificate_verifies_as_revoked_and_the_number_alone_finds_none(
        certificates, staff, client):
    certificate = certificates[0]
    services.revoke(certificate, "Klaida", staff)
    response, html = _check(client, numeris=certificate.number, kodas=certificate.token)
    assert response.context["result"].outcome == "revoked"
    assert "Klaida" not in html                       # the reason stays inside
    response, html = _check(client, numeris=certificate.number)
    assert response.context["result"].outcome == "not_found"


def test_the_page_without_a_lookup_shows_the_form(client):
    response = client.get(VERIFY)
    assert response.status_code == 200 and response.context["result"] is None
    assert 'name="numeris"' in response.content.decode()


def test_every_lookup_counts_against_the_address(certificates, client, monkeypatch):
    monkeypatch.setattr(services, "clock", lambda: 1_000_000_200.0)
    certificate = certificates[0]
    for _n in range(services.LOOKUP_LIMIT):
        assert client.get(VERIFY, {"numeris": "X"}).status_code == 200
    assert client.get(VERIFY).status_code == 200           # the empty form is no lookup
    response = client.get(VERIFY, {"numeris": certificate.number,
                                    "kodas": certificate.token})
    assert response.status_code == 429
    assert response["Retry-After"] == str(services.LOOKUP_WINDOW)
    assert certificate.holder_name not in response.content.decode()
    assert client.post(VERIFY, {"numeris": "X"}).status_code == 429
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.get(VERIFY, {"numeris": "X"}).status_code == 200
    # ten minutes later the address may look again
    monkeypatch.setattr(services, "clock", lambda: 1_000_000_200.0 + 2 * services.LOOKUP_WINDOW)
    assert client.get(VERIFY, {"numeris": "X"}).status_code == 200


def test_the_limit_is_a_sliding_window():
    start = 1_000_000_200.0 - 1_000_000_200.0 % services.LOOKUP_WINDOW
    for _n in range(services.LOOKUP_LIMIT):
        assert services.lookup_allowed("10.1.1.1", now=start + 500)
    # just after the window turns the last window's lookups still count
    assert not services.lookup_allowed("10.1.1.1", now=start + services.LOOKUP_WINDOW + 10)
    # and fade as it goes on
    assert services.lookup_allowed("10.1.1.1", now=start + 2 * services.LOOKUP_WINDOW - 30)
    assert services.lookup_allowed("10.2.2.2", now=start + 500)


# --- who sees what ------------------------------------------------------------------------------

def test_another_librarys_librarian_gets_404_for_as_certificates(certificates, client_b):
    certificate = certificates[0]
    for name in ("certificate_detail", "certificate_pdf"):
        assert client_b.get(reverse(f"mokymai:{name}", args=[certificate.pk])).status_code == 404
    for name in ("certificate_revoke", "certificate_reissue"):
        assert client_b.post(reverse(f"mokymai:{name}", args=[certificate.pk]),
                             {"reason": "x"}).status_code == 404
    listed = client_b.get(reverse("mokymai:certificate_list"))
    assert listed.status_code == 200 and list(listed.context["object_list"]) == []
    exported = client_b.get(reverse("mokymai:certificate_list"), {"export": "csv"})
    assert certificate.number not in exported.content.decode()


def test_a_director_sees_the_staff_of_their_library_and_its_outlets(certificates, client_a,
                                                                    people):
    branch = Certificate.objects.get(person=people[1])          # Darbėnai branch of A
    assert client_a.get(branch.get_absolute_url()).status_code == 200
    response = client_a.get(reverse("mokymai:certificate_pdf", args=[branch.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    page = client_a.get(reverse("mokymai:my_certificates"))
    assert {c.pk for c in page.context["staff_certificates"]} == {c.pk for c in certificates}
    assert page.context["certificates"] == []
    listed = client_a.get(reverse("mokymai:certificate_list"))
    assert {c.pk for c in listed.context["object_list"]} == {c.pk for c in certificates}


def test_a_holder_sees_their_own_and_nobody_elses(territory, staff, librarian_b, client_b,
                                                 client_a, certificates):
    person = make_person(territory.school_b, user=librarian_b)
    [own] = services.issue_certificates(completed_event([person], title="Mokyklų"), staff)
    assert client_b.get(own.get_absolute_url()).status_code == 200
    response = client_b.get(reverse("mokymai:certificate_pdf", args=[own.pk]))
    assert response.status_code == 200
    assert own.number in response["Content-Disposition"]
    page = client_b.get(reverse("mokymai:my_certificates"))
    assert [c.pk for c in page.context["certificates"]] == [own.pk]
    assert page.context["years"] == [{"year": own.year, "portal": Decimal("8.00"),
                                      "external": Decimal("0"), "total": Decimal("8.00")}]
    assert client_a.get(own.get_absolute_url()).status_code == 404    # not A's person
    assert [c.pk for c in client_b.get(reverse("mokymai:certificate_list"))
            .context["object_list"]] == [own.pk]


def test_the_person_page_shows_their_certificates_to_those_who_may_see_them(
        certificates, staff_client, client_a, people):
    url = reverse("bibliotekos:person_detail", args=[people[1].pk])
    for client in (staff_client, client_a):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert 'id="person-certificates"' in html
        assert Certificate.objects.get(person=people[1]).number in html


def test_the_register_filters_and_exports(certificates, staff_client, staff, event):
    services.revoke(certificates[0], "Klaida", staff)
    url = reverse("mokymai:certificate_list")
    assert staff_client.get(url).context["object_list"].count() == 3
    valid = staff_client.get(url, {"status": "valid"}).context["object_list"]
    assert {c.pk for c in valid} == {c.pk for c in certificates[1:]}
    assert staff_client.get(url, {"year": _year(), "event": event.pk}).context[
        "object_list"].count() == 3
    found = staff_client.get(url, {"q": "čepienė"}).context["object_list"]
    assert [c.holder_name for c in found] == ["Rasa Čepienė"]
    exported = staff_client.get(url, {"export": "csv"}).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(exported)))
    assert len(rows) == 4 and certificates[0].number in exported
    assert staff_client.get(url, {"export": "xlsx"}).status_code == 200


def test_the_event_page_offers_staff_the_certificates_button(event, staff_client, client_a,
                                                             certificates):
    html = staff_client.get(event.get_absolute_url()).content.decode()
    assert 'id="event-certificates"' in html and 'value="mokymai.certificates"' in html
    assert certificates[0].number in html
    assert 'id="event-certificates"' not in client_a.get(event.get_absolute_url()).content.decode()


# --- the PDF and the ZIP --------------------------------------------------------------------------

def _pdf_text(data: bytes, tmp_path) -> str:
    program = require_program("pdftotext")
    path = tmp_path / "pazymejimas.pdf"
    path.write_bytes(data)
    return subprocess.run([program, "-layout", str(path), "-"], capture_output=True,
                          check=True).stdout.decode()


def test_the_pdf_says_what_a_certificate_says(certificates, tmp_path, people):
    certificate = next(c for c in certificates if c.person == people[2])
    text = _pdf_text(render_certificate(certificate), tmp_path)
    for expected in ("KVALIFIKACIJOS TOBULINIMO PAŽYMĖJIMAS", f"Nr. {certificate.number}",
                     "Rasa Čepienė", "Skaitmeninio raštingumo seminaras",
                     "8 akad. val.", "45 min.", certificate.dates_text,
                     "Regiono viešoji biblioteka", django_settings.CERTIFICATE_SIGNER_NAME,
                     django_settings.CERTIFICATE_SIGNER_TITLE,
                     f"{django_settings.CERTIFICATE_PLACE}, {certificate.issued_on.isoformat()}",
                     certificate.token, "pazymejimai/tikrinti/"):
        assert expected in text, expected
    # the QR code is the verification link (numeris and kodas), drawn from segno's output
    html = _html([certificate])
    assert qr_svg(certificate.verification_url) in html


def test_names_with_markup_print_as_text(territory, staff, tmp_path, caplog):
    person = make_person(territory.central_a, first="<img src=file:///etc/passwd>",
                         last="<b>Ž</b>")
    event = completed_event([person], title='<link rel="stylesheet" href="file:///etc/x">')
    [certificate] = services.issue_certificates(event, staff)
    caplog.set_level(logging.WARNING)
    text = _pdf_text(render_certificate(certificate), tmp_path)
    assert "<img src=file:///etc/passwd> <b>Ž</b>" in text
    assert '<link rel="stylesheet"' in text
    assert "root:" not in text
    assert not [r for r in caplog.records if "refused to fetch" in r.getMessage()]


def test_the_event_zip_has_one_safely_named_pdf_per_valid_certificate(
        territory, staff, people, django_capture_on_commit_callbacks):
    odd = make_person(territory.central_a, first="Ieva\x07", last='Kuodienė/../..\\:*?"<>|',
                      email="bad address")
    event = completed_event([*people, odd])
    with django_capture_on_commit_callbacks(execute=True):
        job = documents.request_report(kind="mokymai.certificates",
                                       params={"event": str(event.pk)}, format="zip",
                                       by=staff)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert Certificate.objects.filter(registration__event=event).count() == 4
    with job.file.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        names = archive.namelist()
        assert all(archive.read(name).startswith(b"%PDF") for name in names)
    year = _year()
    assert names[:3] == [f"KT-{year}-0001 Cibulskis Jonas.pdf",
                         f"KT-{year}-0002 Čepienė Rasa.pdf",
                         f"KT-{year}-0003 Kuodienė-..-..-------- Ieva.pdf"]
    assert names[3] == f"KT-{year}-0004 Žemaitytė Ona.pdf"
    for name in names:
        assert not set(name) & set('/\\:*?"<>|') and all(ord(ch) >= 32 for ch in name)
    # a second run issues nothing new; a revoked certificate is left out of the next ZIP
    services.revoke(Certificate.objects.get(person=odd), "Klaida", staff)
    with django_capture_on_commit_callbacks(execute=True):
        again = documents.request_report(kind="mokymai.certificates",
                                         params={"event": str(event.pk)}, format="zip",
                                         by=staff)
    again.refresh_from_db()
    with again.file.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        assert len(archive.namelist()) == 3
    assert Certificate.objects.count() == 4


def test_the_zip_is_closed_to_librarians_and_refused_for_an_event_not_completed(
        people, staff, librarian_a, django_capture_on_commit_callbacks):
    event = completed_event(people[:1])
    with pytest.raises(PermissionDenied):
        documents.request_report(kind="mokymai.certificates",
                                 params={"event": str(event.pk)}, format="zip",
                                 by=librarian_a)
    event.status = EventStatus.HELD
    event.save()
    with django_capture_on_commit_callbacks(execute=True):
        job = documents.request_report(kind="mokymai.certificates",
                                       params={"event": str(event.pk)}, format="zip",
                                       by=staff)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and not Certificate.objects.exists()


def test_file_names_keep_diacritics_and_drop_what_file_systems_refuse(certificates):
    certificate = certificates[0]
    certificate.person.first_name = "Ąžuolė\n\t"
    certificate.person.last_name = "Šimkutė / Č:"
    taken = set()
    assert file_name(certificate, taken) == f"{certificate.number} Šimkutė - Č- Ąžuolė.pdf"
    assert file_name(certificate, taken).endswith("(2).pdf")


# --- the register command ------------------------------------------------------------------------

def test_the_register_command_writes_the_years_certificates(certificates, staff, tmp_path,
                                                            people):
    people[0].first_name = '=HYPERLINK("http://x")'
    people[0].save()
    services.reissue(Certificate.objects.get(person=people[0]), staff)
    services.revoke(certificates[0], "Klaida", staff)
    output = tmp_path / "registras.csv"
    call_command("certificate_register", year=_year(), output=str(output),
                 stdout=io.StringIO())
    data = output.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8").splitlines()
    assert lines[0] == "number,holder,programme,hours,issued,status,verification_url"
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert [row["number"] for row in rows] == sorted(c.number for c in certificates)
    first = rows[0]
    assert first["status"] == "revoked" and first["hours"] == "8.00"
    assert first["issued"] == timezone.localdate().isoformat()
    assert first["programme"] == "Skaitmeninio raštingumo seminaras"
    tricky = next(row for row in rows if "HYPERLINK" in row["holder"])
    assert tricky["holder"].startswith("'=HYPERLINK")
    certificate = Certificate.objects.get(number=first["number"])
    assert first["verification_url"] == certificate.verification_url
    assert f"kodas={certificate.token}" in first["verification_url"]
    empty = tmp_path / "tuscias.csv"
    call_command("certificate_register", year=2001, output=str(empty), stdout=io.StringIO())
    assert empty.read_text(encoding="utf-8").splitlines() == [lines[0]]


# --- courses taken elsewhere --------------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def holder(territory, librarian_b):
    return make_person(territory.school_b, user=librarian_b, first="Birutė", last="Bėrienė")


def _course(**changes):
    data = {"provider": "Lietuvos nacionalinė biblioteka", "title": "Skaitmeninis kuravimas",
            "starts_on": "2025-03-10", "ends_on": "2025-03-12", "hours": "18",
            "file": SimpleUploadedFile("pazymejimas.pdf", PDF, content_type="application/pdf")}
    data.update(changes)
    return data


def test_a_librarian_submits_a_course_with_its_certificate_and_staff_confirm_it(
        holder, client_b, staff_client, settings):
    url = reverse("mokymai:external_course_create")
    response = client_b.post(url, _course())
    course = ExternalCourse.objects.get()
    assert response.status_code == 302 and response["Location"] == course.get_absolute_url()
    assert course.person == holder and course.status == ExternalCourseStatus.SUBMITTED
    assert course.file_type == "pdf" and "pazymejimas" not in course.file.name
    assert course.file.name.startswith("mokymai/kursai/") and course.file.name.endswith(".pdf")
    download = client_b.get(reverse("mokymai:external_course_file", args=[course.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]
    # not counted until confirmed
    assert client_b.get(reverse("mokymai:my_certificates")).context["years"] == []
    detail = course.get_absolute_url()
    assert client_b.post(detail, {"action": "confirm"}).status_code == 403
    staff_client.post(detail, {"action": "reject", "note": ""})
    course.refresh_from_db()
    assert course.status == ExternalCourseStatus.SUBMITTED      # a rejection needs a reason
    assert staff_client.post(detail, {"action": "confirm"}).status_code == 302
    course.refresh_from_db()
    assert course.status == ExternalCourseStatus.CONFIRMED and course.confirmed_at
    assert not Certificate.objects.exists()                      # no portal certificate
    years = client_b.get(reverse("mokymai:my_certificates")).context["years"]
    assert years == [{"year": 2025, "portal": Decimal("0"), "external": Decimal("18.00"),
                      "total": Decimal("18.00")}]
    with pytest.raises(Refused):
        services.reject_external(course, "Per vėlu", User.objects.get(email="staff@test.lt"))


def test_a_rejected_course_keeps_the_reason_and_counts_nowhere(holder, librarian_b, staff):
    course = services.submit_external(
        person=holder, by=librarian_b, provider="X", title="Y",
        starts_on=timezone.localdate(), ends_on=timezone.localdate(), hours=Decimal("2"),
        upload=SimpleUploadedFile("a.pdf", PDF), file_type="pdf")
    with pytest.raises(Refused):
        services.reject_external(course, "", staff)
    services.reject_external(course, "Ne kvalifikacijos tobulinimo renginys", staff)
    course.refresh_from_db()
    assert course.status == ExternalCourseStatus.REJECTED and "Ne kvalifikacijos" in \
        course.staff_note


@pytest.mark.parametrize(("name", "content", "code"), [
    ("pazymejimas.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200, "file_type"),
    ("pazymejimas.png", b"<svg onload=alert(1)>", "file_type"),
    ("didelis.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024), "too_large"),
])
def test_a_file_that_is_not_a_certificate_is_refused(holder, client_b, name, content, code):
    """A renamed program, an SVG called .png, a PDF over 5 MB."""
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = client_b.post(reverse("mokymai:external_course_create"), _course(file=upload))
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["file"]] == [code]
    assert not ExternalCourse.objects.exists()


def test_images_are_accepted_and_dates_are_checked(holder, client_b):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    jpeg = b"\xff\xd8\xff\xe0" + b"\x00" * 64
    for name, content, kind in (("a.png", png, "png"), ("b.jpeg", jpeg, "jpg")):
        client_b.post(reverse("mokymai:external_course_create"),
                      _course(file=SimpleUploadedFile(name, content)))
        assert ExternalCourse.objects.filter(file_type=kind).exists()
    response = client_b.post(reverse("mokymai:external_course_create"),
                             _course(starts_on="2025-03-12", ends_on="2025-03-10"))
    assert "ends_on" in response.context["form"].errors
    response = client_b.post(reverse("mokymai:external_course_create"),
                             _course(ends_on="2999-01-01"))
    assert "ends_on" in response.context["form"].errors


def test_courses_are_seen_by_their_person_director_and_staff_only(holder, librarian_b, client_a,
                                                                  staff_client, client_b):
    course = services.submit_external(
        person=holder, by=librarian_b, provider="X", title="Y",
        starts_on=timezone.localdate(), ends_on=timezone.localdate(), hours=Decimal("2"),
        upload=SimpleUploadedFile("a.pdf", PDF), file_type="pdf")
    for name in ("external_course_detail", "external_course_file"):
        url = reverse(f"mokymai:{name}", args=[course.pk])
        assert client_a.get(url).status_code == 404
        assert staff_client.get(url).status_code == 200
        assert client_b.get(url).status_code == 200
    queue = staff_client.get(reverse("mokymai:external_course_list"), {"status": "submitted"})
    assert [c.pk for c in queue.context["object_list"]] == [course.pk]
    assert list(client_a.get(reverse("mokymai:external_course_list"))
                .context["object_list"]) == []


def test_only_a_librarian_with_a_person_record_submits(staff_client, client_a):
    assert staff_client.get(reverse("mokymai:external_course_create")).status_code == 403
    response = client_a.get(reverse("mokymai:external_course_create"))
    assert response.status_code == 200 and response.context["form"] is None
    assert client_a.post(reverse("mokymai:external_course_create"), _course()).status_code == 200
    assert not ExternalCourse.objects.exists()


def test_personal_data_export_and_erase(certificates, people, holder, librarian_b, staff):
    from mokymai.panels_certificates import _erase, _export

    course = services.submit_external(
        person=holder, by=librarian_b, provider="X", title="Y",
        starts_on=timezone.localdate(), ends_on=timezone.localdate(), hours=Decimal("2"),
        upload=SimpleUploadedFile("a.pdf", PDF), file_type="pdf")
    person = people[0]
    rows = _export(person)
    [row] = [r for r in rows if r["record"] == "training certificate"]
    assert row["holder"] == "Ona Žemaitytė"
    assert [r["holder"] for r in rows if r["record"] == "training certificate history"] == [
        "Ona Žemaitytė"]
    assert _erase(person) >= 1
    # a recent training: the register keeps the name, restricted (Art. 18), for staff only
    certificate = Certificate.objects.get(person=person)
    assert certificate.holder_name == "Ona Žemaitytė" and certificate.restricted_until
    assert certificate.holder_erased
    assert not Certificate.objects.visible_to(librarian_b).filter(pk=certificate.pk).exists()
    assert Certificate.objects.visible_to(staff).filter(pk=certificate.pk).exists()
    assert services.verify(certificate.number, certificate.token).outcome == "valid"
    # past the retention period the name goes at once, in the row and its history
    Certificate.objects.filter(pk=certificate.pk).update(restricted_until=None)
    with time_machine.travel(certificate.restricted_until + timedelta(days=400)):
        _erase(person)
    certificate.refresh_from_db()
    assert certificate.holder_name == f"Ištrintas asmuo {person.pk}"
    assert certificate.restricted_until is None
    assert not certificate.history.filter(holder_name__contains="Žemaitytė").exists()
    path = Path(course.file.path)
    assert path.exists()
    _erase(holder)
    assert not ExternalCourse.objects.filter(pk=course.pk).exists()
    assert not path.exists()


def test_the_hours_are_the_events_as_set_else_its_sessions(people, staff):
    event = completed_event(people[:1], start=time(9, 0), end=time(10, 30))
    [certificate] = services.issue_certificates(event, staff)
    assert certificate.hours == Decimal("4.00")       # 2 sessions × 90 min, 45-min hours
    other = completed_event(people[1:2], title="Su nustatytomis valandomis",
                            hours=Decimal("6.5"))
    [certificate] = services.issue_certificates(other, staff)
    assert certificate.hours == Decimal("6.50")


def test_confirmed_courses_elsewhere_for_the_records(holder, librarian_b, staff):
    from mokymai.selectors_certificates import confirmed_external

    def submit(title, day, hours):
        return services.submit_external(
            person=holder, by=librarian_b, provider="LNB", title=title, starts_on=day,
            ends_on=day, hours=Decimal(hours), upload=SimpleUploadedFile("a.pdf", PDF),
            file_type="pdf")

    first = submit("Pirmi", datetime(2024, 5, 2).date(), "6")
    second = submit("Antri", datetime(2025, 2, 3).date(), "12.5")
    submit("Nepatvirtinti", datetime(2025, 4, 1).date(), "40")
    for course in (first, second):
        services.confirm_external(course, staff)
    assert confirmed_external([holder]) == {holder.pk: {
        2024: {"courses": 1, "hours": Decimal("6.00"), "titles": ["Pirmi"]},
        2025: {"courses": 1, "hours": Decimal("12.50"), "titles": ["Antri"]}}}


# --- query budgets ---------------------------------------------------------------------

def test_the_pages_cost_the_same_for_3_or_15_certificates(territory, staff, staff_client,
                                                         client_a, people):
    from portalas.testing import count_queries, query_budget

    event = completed_event(people)
    services.issue_certificates(event, staff)
    pages = [(staff_client, reverse("mokymai:certificate_list")),
             (staff_client, reverse("mokymai:certificate_list") + f"?event={event.pk}"),
             (client_a, reverse("mokymai:my_certificates")),
             (staff_client, reverse("mokymai:external_course_list")),
             (staff_client, event.get_absolute_url()),
             (staff_client, reverse("bibliotekos:person_detail", args=[people[0].pk])),
             (staff_client, Certificate.objects.first().get_absolute_url())]
    for client, url in pages:
        client.get(url)      # the session's first request writes it
    few = [count_queries(lambda c=client, u=url: c.get(u)) for client, url in pages]
    more = [make_person(territory.branch_a, first=f"Dar{n}", last="Vienas") for n in range(12)]
    services.issue_certificates(completed_event(more, title="Kitas"), staff)
    for (client, url), before in zip(pages, few, strict=True):
        with query_budget(max(before, 1), url):
            assert client.get(url).status_code == 200
    assert max(few) <= 40
