"""Personal data across the portal (GDPR Art. 15/17/18, RELIABILITY.md H 64–66): a
participant of three trainings with a certificate, a course taken elsewhere, a feedback
invitation, a lecturer's record, stored documents and history rows. The export holds it all;
after the erasure no text column of any table (history, the admin's log, document jobs
included) and no stored file (ZIP members included) names them, the year's figures are
unchanged and the certificate still verifies, as issued with the holder data removed. The
retention run: the dry run lists counts and changes nothing, the real run detaches an
event past the retention period and a second run changes nothing."""

import io
import json
import os
import zipfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessLog
from django.conf import settings as django_settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from ataskaitos.models import JobStatus, ReportJob
from bibliotekos.models import Person
from bibliotekos.services import erase_personal_data, export_personal_data
from mokymai import services_certificates
from mokymai.models import (
    Certificate,
    EventStatus,
    ExternalCourseStatus,
    Lecturer,
    Registration,
)
from mokymai.models_feedback import FeedbackInvitation
from mokymai.selectors_overview import figures, year_overview
from mokymai.services import change_status, mark_attendance, register
from mokymai.tests.factories import make_event, make_person
from portalas.metrics import Period
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FIRST = "Eglantina"
SURNAME = "Žąsinaitė-Test"
EMAIL = "eglantina.zasinaite@pastas.lt"
PHONE = "+370 612 98765"
NOTE = "Vegetariskas maitinimas QZX"
ORGANISATION = "Zasinaites knygynelis"
# "sinait" also finds the surname where JSON wrote it as \u017d\u0105sinait\u0117
NEEDLES = (SURNAME, "sinait", FIRST, EMAIL, PHONE, NOTE, ORGANISATION)
# Records under legal retention (restricted, Art. 18) that may still name an erased person
# are the documented list ``portalas.registry.restricted_records``: here the certificate
# register (the certificate of an event held this year, and its history) and the filed
# participant list and sign-in sheet of that event.
RESTRICTED = {("mokymai_certificate", "holder_name"),
              ("mokymai_historicalcertificate", "holder_name"),
              ("ataskaitos_reportjob", "filename"), ("ataskaitos_reportjob", "params")}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PAST = {"registration_opens": None, "registration_closes": None}


def _attend_all(registration, staff):
    for session in registration.event.sessions.all():
        mark_attendance(registration=registration, session=session, by=staff)


def _job(kind, *, by, name, content: bytes, filename="", event=1):
    job = ReportJob.objects.create(kind=kind, params={"event": event, "title": filename},
                                   format=name.rsplit(".", 1)[1], params_hash=f"{kind}{name}",
                                   status=JobStatus.DONE, requested_by=by, filename=filename,
                                   finished_at=timezone.now(), scope={"whole": True})
    job.file.save(name, ContentFile(content), save=True)
    return job


def _zip(members: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture
def subject(territory, staff, year):
    """The participant, everything the portal holds about them, and someone else at the
    same events (who must be left alone)."""
    user = UserFactory(role="librarian", email=EMAIL, full_name=f"{FIRST} {SURNAME}")
    person = make_person(territory.branch_a, user=user, first=FIRST, last=SURNAME, email=EMAIL)
    person.phone = PHONE                                   # two edits: history rows
    person.save()
    person.position = f"Bibliotekininkė ({SURNAME})"
    person.save()
    other = make_person(territory.central_a, first="Kita", last="Dalyvė")
    events = [make_event(title=f"Mokymai {n}", day=date(year, month, 10), sessions=2, **PAST)
              for n, month in enumerate((3, 5, 9), start=1)]
    registrations = [register(event=event, person=person, by=staff, note=NOTE,
                              organisation=ORGANISATION) for event in events]
    others = [register(event=event, person=other, by=staff) for event in events]
    for registration in (*registrations, *others):
        _attend_all(registration, staff)
    for event in events:
        change_status(event=event, to=EventStatus.HELD, by=staff)
    change_status(event=events[0], to=EventStatus.COMPLETED, by=staff)
    certificate = services_certificates.issue_certificate(
        Registration.objects.get(pk=registrations[0].pk), staff)
    services_certificates.issue_certificate(Registration.objects.get(pk=others[0].pk), staff)
    FeedbackInvitation.objects.get_or_create(registration=registrations[1])
    course = services_certificates.submit_external(
        person=person, by=user, provider="Vilniaus universitetas", title="Skaitmeniniai įrankiai",
        starts_on=date(year, 4, 1), ends_on=date(year, 4, 2), hours=Decimal("6"),
        upload=SimpleUploadedFile("a.pdf", PDF + SURNAME.encode()), file_type="pdf")
    services_certificates.confirm_external(course, staff, note=f"Patvirtinta: {SURNAME}")
    lecturer = Lecturer.objects.create(person=person, organisation="Regiono biblioteka",
                                       notes=f"Skambinti {PHONE}")
    lecturer.notes = f"Skambinti {PHONE} arba rašyti {EMAIL}"
    lecturer.save()
    name_line = f"{SURNAME};{FIRST};{EMAIL}\n".encode()
    jobs = [
        _job("mokymai.participants", by=staff, name="dalyviai.csv", content=name_line,
             filename=f"Dalyviai {SURNAME}.csv", event=events[0].pk),
        _job("mokymai.sign_in_sheet", by=staff, name="registracija.pdf",
             content=PDF + name_line, event=events[0].pk),
        _job("mokymai.certificates", by=staff, name="pazymejimai.zip",
             content=_zip({"KT-0001.pdf": PDF + SURNAME.encode("utf-8")})),
        _job("statistika.report", by=user, name="mano.csv", content=name_line,
             filename=f"{FIRST} {SURNAME}.csv"),
    ]
    untouched = _job("statistika.report", by=staff, name="statistika.csv",
                     content=b"kodas;isduota\nSVB;12\n")
    LogEntry.objects.create(user=staff, content_type=ContentType.objects.get_for_model(Person),
                            object_id=str(person.pk), object_repr=str(person),
                            action_flag=CHANGE, change_message="[]")
    AccessAttempt.objects.create(username=EMAIL, ip_address="127.0.0.1", user_agent="x",
                                 http_accept="*/*", path_info="/prisijungti/", get_data="",
                                 post_data=f"username={EMAIL}", failures_since_start=1)
    AccessLog.objects.create(username=EMAIL, ip_address="127.0.0.1", user_agent="x",
                             http_accept="*/*", path_info="/prisijungti/")
    return {"person": person, "user": user, "events": events, "certificate": certificate,
            "course": course, "jobs": jobs, "untouched": untouched, "other": other}


# --- what names someone: every text column, every stored file --------------------------------

def _columns_naming(needles) -> set[tuple[str, str]]:
    """(table, column) of every column of every table whose text (any column, cast to
    text) contains one of ``needles``."""
    found = set()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [c.name for c in connection.introspection.get_table_description(cursor,
                                                                                        table)]
            for needle in needles:
                cast = [f"CAST({quote(c)} AS TEXT)" for c in columns]
                cursor.execute(
                    f"SELECT {', '.join(cast)} FROM {quote(table)} WHERE "  # noqa: S608
                    + " OR ".join(f"{c} LIKE %s" for c in cast),
                    [f"%{needle}%"] * len(columns))
                for row in cursor.fetchall():
                    found |= {(table, column) for column, value in zip(columns, row, strict=True)
                              if value is not None and needle in str(value)}
    return found


def _files_naming(needles) -> list[str]:
    found = []
    encoded = [n.encode() for n in needles]
    for folder, _dirs, names in os.walk(django_settings.MEDIA_ROOT):
        for name in names:
            path = Path(folder) / name
            data = path.read_bytes()
            contents = [str(path).encode(), data]
            if zipfile.is_zipfile(path):
                with zipfile.ZipFile(path) as archive:
                    for member in archive.namelist():
                        contents += [member.encode(), archive.read(member)]
            if any(n in content for n in encoded for content in contents):
                found.append(str(path))
    return found


# --- export, erasure --------------------------------------------------------------------------

def test_the_export_holds_every_record_and_its_history(subject, staff, tmp_path):
    data = export_personal_data(person=subject["person"], by=staff)
    rows = [row for section in data.values() for row in section["rows"]]
    records = [row["record"] for row in rows]
    assert records.count("training registration") == 3
    assert records.count("training attendance") == 6
    assert records.count("training certificate") == 1
    assert records.count("course taken elsewhere") == 1
    assert records.count("training feedback invitation") == 1
    assert records.count("lecturer") == 1
    assert records.count("document") == 1                  # the one their account asked for
    assert records.count("person history") == 3            # created, then edited twice
    for history in ("training registration history", "training attendance history",
                    "training certificate history", "course taken elsewhere history",
                    "lecturer history"):
        assert history in records, history
    assert {row["note"] for row in rows if row["record"] == "training registration"} == {NOTE}
    assert subject["certificate"].number in json.dumps(data, default=str)
    # the management command writes the same, to a file
    output = tmp_path / "export.json"
    call_command("personal_data", "export", "--person", str(subject["person"].pk),
                 "--output", str(output), "--as-user", staff.email)
    written = json.loads(output.read_text(encoding="utf-8"))
    assert set(written) == set(data)
    assert SURNAME in output.read_text(encoding="utf-8")


def test_staff_download_the_export_from_the_persons_page(subject, staff_client, client_a,
                                                         caplog):
    person = subject["person"]
    url = reverse("bibliotekos:person_personal_data", args=[person.pk])
    page = staff_client.get(person.get_absolute_url()).content.decode()
    assert url in page
    response = staff_client.post(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    body = json.loads(response.content)
    assert body["person_id"] == person.pk and SURNAME in response.content.decode()
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert f"personal data of person {person.pk} exported" in logged
    assert SURNAME not in logged and EMAIL not in logged
    assert staff_client.get(url).status_code == 405
    # a director sees the person (A's branch) but neither the button nor the export
    assert url not in client_a.get(person.get_absolute_url()).content.decode()
    assert client_a.post(url).status_code == 403


def test_erasure_leaves_no_trace_and_keeps_the_figures_and_the_certificate(
        subject, staff, year, client):
    person, certificate = subject["person"], subject["certificate"]
    before = figures(Period.year(year))
    overview_before = year_overview(year)
    other_certificate = Certificate.objects.exclude(pk=certificate.pk).get()
    # the check finds them at all, history and logs included
    assert {table for table, _column in _columns_naming(NEEDLES)} >= {
        "bibliotekos_person", "bibliotekos_historicalperson", "paskyros_user",
        "mokymai_registration", "mokymai_historicalregistration", "mokymai_certificate",
        "mokymai_historicalcertificate", "mokymai_historicalexternalcourse",
        "mokymai_historicallecturer", "ataskaitos_reportjob", "django_admin_log",
        "axes_accessattempt", "axes_accesslog"}
    assert len(_files_naming(NEEDLES)) == 5

    call_command("personal_data", "erase", "--person", str(person.pk), "--yes",
                 "--as-user", staff.email)

    assert _columns_naming(NEEDLES) == RESTRICTED
    filed = subject["jobs"][:2]                 # the participant list and the sign-in sheet
    assert sorted(_files_naming(NEEDLES)) == sorted(job.file.path for job in filed)
    assert _restricted_hits() == {("mokymai.Certificate", certificate.pk),
                                  *{("ataskaitos.ReportJob", job.pk) for job in filed}}
    assert not _unrestricted_rows_naming(NEEDLES)
    # the aggregates
    assert figures(Period.year(year)) == before
    overview = year_overview(year)
    assert overview.totals == overview_before.totals
    assert [(line.participants, line.participant_hours) for line in overview.events] == [
        (line.participants, line.participant_hours) for line in overview_before.events]
    assert Registration.objects.filter(person=person).count() == 3
    # the record stays, naming nobody; the other participant is untouched
    person.refresh_from_db()
    assert person.is_erased and str(person) == f"Ištrintas asmuo {person.pk}"
    subject["other"].refresh_from_db()
    assert subject["other"].last_name == "Dalyvė"
    assert Certificate.objects.get(pk=other_certificate.pk).holder_name == \
        other_certificate.holder_name
    # the documents: the filed lists of the event held are kept, restricted until the
    # retention ends; every other finished document (a copy, made again on request) is gone
    ended = subject["events"][0].ends_on
    until = ended.replace(year=ended.year + 10)
    assert set(ReportJob.objects.values_list("pk", "restricted_until")) == {
        (job.pk, until) for job in filed}
    assert not Path(subject["untouched"].file.path).exists()
    # the confirmed course stays for the records, without its file
    course = type(subject["course"]).objects.get(pk=subject["course"].pk)
    assert course.status == ExternalCourseStatus.CONFIRMED and not course.file
    # the account cannot sign in
    subject["user"].refresh_from_db()
    assert not subject["user"].is_active and not subject["user"].has_usable_password()
    # the certificate verifies: issued, holder data removed
    certificate.refresh_from_db()
    assert certificate.holder_erased and certificate.is_valid
    assert certificate.restricted_until == until
    assert certificate.number and certificate.hours == Decimal("8.00")
    response = client.get(reverse("mokymai:certificate_verify"),
                          {"numeris": certificate.number, "kodas": certificate.token})
    html = response.content.decode()
    assert response.context["result"].outcome == "valid"
    assert 'id="holder-erased"' in html and certificate.number in html
    assert SURNAME not in html and FIRST not in html
    # erasing again changes nothing more and still finds nothing new
    erase_personal_data(person=Person.objects.get(pk=person.pk), by=staff)
    assert _columns_naming(NEEDLES) == RESTRICTED


def _restricted_hits() -> set[tuple[str, int]]:
    """(model, pk) of the rows the documented list of restricted records covers now."""
    from django.apps import apps

    from portalas.registry import restricted_records

    hits = set()
    for record in restricted_records.all():
        model = apps.get_model(record.model)
        pk_name = "id" if record.model.split(".")[1].startswith("Historical") else "pk"
        label = record.model.replace("Historical", "")
        hits |= {(label, pk) for pk in model.objects.filter(**record.restricted)
                 .values_list(pk_name, flat=True)}
    return hits


def _unrestricted_rows_naming(needles) -> list:
    """Rows of the tables with restricted records that are not restricted but name someone
    (the column check above cannot tell rows apart)."""
    from django.apps import apps

    from portalas.registry import restricted_records

    found = []
    for record in restricted_records.all():
        model = apps.get_model(record.model)
        for row in model.objects.exclude(**record.restricted).values(*record.fields):
            found += [(record.model, row) for value in row.values()
                      if any(needle in str(value) for needle in needles)]
    return found


def test_a_restricted_certificate_and_list_are_the_departments_until_the_retention_ends(
        subject, staff, year, client, staff_client, manager_client):
    """While the register is kept (Art. 18) the department still reads the holder, marked;
    management, the public page and the list of the person's director do not; when the
    retention ends the nightly run erases the name and deletes the filed lists."""
    person, certificate = subject["person"], subject["certificate"]
    erase_personal_data(person=person, by=staff)
    certificate.refresh_from_db()
    assert certificate.holder_name == f"{FIRST} {SURNAME}"
    page = staff_client.get(certificate.get_absolute_url())
    assert page.status_code == 200 and SURNAME in page.content.decode()
    assert 'id="certificate-restricted"' in page.content.decode()
    assert manager_client.get(certificate.get_absolute_url()).status_code == 404
    register = manager_client.get(reverse("mokymai:certificate_list")).content.decode()
    assert certificate.number not in register
    filed = subject["jobs"][0]
    assert staff_client.get(reverse("ataskaitos:job_download", args=[filed.pk])).status_code \
        == 200
    # the nightly run, the day after the retention ended
    from mokymai.services_retention import anonymise_expired, expired

    ended = subject["events"][0].ends_on
    after = ended.replace(year=ended.year + 10) + timedelta(days=1)
    found = expired(after)
    assert (found.restricted_certificates, found.restricted_documents) == (1, 2)
    anonymise_expired(after)
    assert _columns_naming(NEEDLES) == set()
    assert _files_naming(NEEDLES) == []
    certificate.refresh_from_db()
    assert certificate.holder_erased and certificate.restricted_until is None
    assert not ReportJob.objects.filter(pk__in=[j.pk for j in subject["jobs"][:2]]).exists()
    response = client.get(reverse("mokymai:certificate_verify"),
                          {"numeris": certificate.number, "kodas": certificate.token})
    assert response.context["result"].outcome == "valid"


# --- retention --------------------------------------------------------------------------------

OLD_FIRST, OLD_SURNAME = "Senovinga", "Praeitaitė-Test"


def test_retention_dry_run_lists_then_the_run_anonymises_once(territory, staff, settings,
                                                              client):
    settings.PERSONAL_DATA_RETENTION_YEARS = 10
    old_year = timezone.localdate().year - 12
    person = make_person(territory.branch_a, first=OLD_FIRST, last=OLD_SURNAME)
    recent_person = make_person(territory.central_a, first="Dabartine", last="Naujaitė")
    old = make_event(title="Senas seminaras", day=date(old_year, 3, 10), sessions=2, **PAST)
    recent = make_event(title="Naujas seminaras",
                        day=timezone.localdate() - timedelta(days=400), **PAST)
    registration = register(event=old, person=person, by=staff, note=f"Pastaba {OLD_SURNAME}")
    kept = register(event=recent, person=recent_person, by=staff)
    _attend_all(registration, staff)
    _attend_all(kept, staff)
    for event in (old, recent):
        change_status(event=event, to=EventStatus.HELD, by=staff)
        change_status(event=event, to=EventStatus.COMPLETED, by=staff)
    certificate = services_certificates.issue_certificate(
        Registration.objects.get(pk=registration.pk), staff)
    before = figures(Period.year(old_year))
    people = Person.objects.count()

    out = io.StringIO()
    call_command("personal_data_retention", "--dry-run", stdout=out)
    listed = out.getvalue()
    assert "registrations: 1" in listed and "attendance: 2" in listed
    assert "certificates: 1" in listed and "people: 1" in listed
    assert OLD_SURNAME not in listed
    assert Registration.objects.get(pk=registration.pk).person_id == person.pk
    assert _columns_naming([OLD_SURNAME])                   # nothing changed yet
    assert Person.objects.count() == people

    out = io.StringIO()
    call_command("personal_data_retention", stdout=out)
    assert "registrations: 1" in out.getvalue()
    registration.refresh_from_db()
    certificate.refresh_from_db()
    assert registration.person.is_erased and registration.note == ""
    assert registration.library_id == territory.branch_a.pk     # the figures' place stays
    assert certificate.holder_erased and certificate.person_id == registration.person_id
    assert figures(Period.year(old_year)) == before
    # the person's record itself stays (they may still work); the old records name nobody
    found = _columns_naming([OLD_SURNAME])
    assert {table for table, _column in found} == {"bibliotekos_person",
                                                   "bibliotekos_historicalperson"}
    assert Registration.objects.get(pk=kept.pk).person_id == recent_person.pk
    response = client.get(reverse("mokymai:certificate_verify"),
                          {"numeris": certificate.number, "kodas": certificate.token})
    assert 'id="holder-erased"' in response.content.decode()

    # again: nothing more to do, nothing changes
    people = Person.objects.count()
    out = io.StringIO()
    call_command("personal_data_retention", stdout=out)
    assert "registrations: 0" in out.getvalue() and "certificates: 0" in out.getvalue()
    assert Person.objects.count() == people


def test_the_nightly_task_is_scheduled_and_runs(settings):
    from mokymai.tasks_retention import anonymise_expired_personal_data
    from portalas import registry

    schedule = registry.beat_schedule()
    assert schedule["training-personal-data-retention"]["task"] == \
        "mokymai.tasks_retention.anonymise_expired_personal_data"
    done = anonymise_expired_personal_data()
    assert done["registrations"] == 0 and "cutoff" in done
