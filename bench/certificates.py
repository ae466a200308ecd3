"""The certificates of one completed event with 500 participants as one document job, end to
end: the job is requested as the event page's button asks for it, then run the way the
Celery worker runs it (``ataskaitos.services.run_job``): 500 certificates issued (numbers
taken under the year's lock), 500 one-page PDFs rendered with WeasyPrint, and the ZIP
stored. Target: under 90 s. A second request (nothing left to issue: the PDFs and the ZIP
only) is measured too. Writes bench/results/certificates.json (``BENCH_SCALE=tiny``: 20
participants, var/bench/results-tiny/).

It runs in-process (no gunicorn: the job is the worker's work) against a PostgreSQL
database named as the other benchmarks' (regionas_bench, or regionas_bench_tiny at tiny
scale). At tiny scale the database is recreated; at full scale it is created when missing
and otherwise kept (the national statistics took a quarter of an hour to import): the
script migrates it, adds its own accounts and event, and removes them afterwards.
"""

import io
import os
import resource
import signal
import sys
import time
import zipfile
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from common import ROOT, SCALE_LABEL, TINY, database_url, django_defaults, recreate_database
from common import write_results as write_figures

PARTICIPANTS = 20 if TINY else 500
TARGET_S = 90
EMAIL_DOMAIN = "certificates.bench.invalid"
TITLE = "Benchmark: certificates of a large event"


def create_if_missing(url: str) -> None:
    """The national database, made empty when statistics_import.py has not made it yet (the
    certificates need no statistics)."""
    import psycopg
    from common import DATABASE

    admin_url = url.rstrip("/").rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                            [DATABASE]).fetchone():
            conn.execute(f"CREATE DATABASE {DATABASE}")


def prepare():
    """A staff account, a library, and a completed two-day event (8 academic hours) whose
    PARTICIPANTS registered people all completed it."""
    from django.utils import timezone

    from bibliotekos.models import Library, LibraryKind, Person
    from mokymai.models import EventStatus, Registration, Session, TrainingEvent
    from mokymai.services import refresh_dates
    from paskyros.models import User

    cleanup()
    staff = User.objects.create_user(f"staff@{EMAIL_DOMAIN}", full_name="Bench Staff",
                                     role="staff")
    library = (Library.objects.filter(kind=LibraryKind.SYSTEM).first()
               or Library.objects.create(code="BENCH-SYS", name="Benchmark system",
                                         kind=LibraryKind.SYSTEM))
    start = timezone.now() - timedelta(days=30)
    event = TrainingEvent.objects.create(title=TITLE, status=EventStatus.COMPLETED,
                                         organiser="Bench", capacity=None)
    for day in range(2):
        Session.objects.create(event=event, starts_at=start + timedelta(days=day),
                               ends_at=start + timedelta(days=day, hours=3))
    refresh_dates(event=event)
    # Lithuanian names with diacritics, as the file names and the PDFs must carry them
    people = Person.objects.bulk_create(
        Person(first_name=f"Dalyvė{n}", last_name=f"Žemaitytė-Čepienė {n:04d}", library=library,
               email=f"p{n}@{EMAIL_DOMAIN}") for n in range(PARTICIPANTS))
    Registration.objects.bulk_create(
        Registration(event=event, person=person, library=library, completed=True,
                     attended_hours=Decimal("8.00")) for person in people)
    return staff, event


def cleanup() -> None:
    from ataskaitos.models import ReportJob
    from bibliotekos.models import Person
    from mokymai.models import Certificate, CertificateSequence, Registration, TrainingEvent
    from paskyros.models import User

    for job in ReportJob.objects.filter(requested_by__email__endswith=EMAIL_DOMAIN):
        if job.file:
            job.file.delete(save=False)
        job.delete()
    events = TrainingEvent.objects.filter(title=TITLE, organiser="Bench")
    certificates = Certificate.objects.filter(registration__event__in=events)
    years = set(certificates.values_list("year", flat=True))
    ids = list(certificates.values_list("pk", flat=True))
    certificates.delete()
    Certificate.history.filter(id__in=ids).delete()
    for year in years:   # the bench's numbers go back, unless real ones follow them
        if not Certificate.objects.filter(year=year).exists():
            CertificateSequence.objects.filter(year=year).delete()
    Registration.objects.filter(event__in=events).delete()
    events.delete()
    Person.objects.filter(email__endswith=EMAIL_DOMAIN).delete()
    User.objects.filter(email__endswith=EMAIL_DOMAIN).delete()


class Timed:
    """Wraps a module's function and adds up the time spent in it."""

    def __init__(self, module, name):
        self.module, self.name, self.seconds = module, name, 0.0
        self.original = getattr(module, name)
        setattr(module, name, self)

    def __call__(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return self.original(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - started

    def restore(self):
        setattr(self.module, self.name, self.original)


def run_once(staff, event) -> dict:
    """Request the document as the button does (the job is queued, not run), then run it
    as the worker does; time the whole and its parts."""
    from ataskaitos import services as documents
    from ataskaitos.models import JobStatus
    from mokymai import certificates_pdf, services_certificates

    queued = documents.enqueue
    documents.enqueue = lambda job_id: True         # the broker would take it from here
    try:
        job = documents.request_report(kind="mokymai.certificates",
                                       params={"event": str(event.pk)}, format="zip",
                                       by=staff)
    finally:
        documents.enqueue = queued
    issue = Timed(services_certificates, "issue_certificates")
    render = Timed(certificates_pdf, "render_certificates")
    started = time.perf_counter()
    try:
        job = documents.run_job(job.pk)
    finally:
        issue.restore()
        render.restore()
    total = time.perf_counter() - started
    assert job.status == JobStatus.DONE, f"the job failed: {job.error}"
    with job.file.open("rb") as handle:
        data = handle.read()
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert len(names) == len(set(names)) == PARTICIPANTS, f"{len(names)} files in the ZIP"
    return {"total_s": round(total, 2), "issue_s": round(issue.seconds, 2),
            "pdfs_s": round(render.seconds, 2),
            "zip_and_store_s": round(total - issue.seconds - render.seconds, 2),
            "per_certificate_ms": round(total * 1000 / PARTICIPANTS, 1),
            "zip_bytes": len(data)}


def main() -> None:
    url = database_url("the national database is kept; tiny is recreated")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    os.environ.update({"DEBUG": "false", "PORTAL_BASE_URL": "https://bench.invalid",
                       "DOCUMENTS_IN_THREAD": "false", "LOG_LEVEL": "WARNING",
                       "EMAIL_URL": "dummymail://",
                       "MEDIA_ROOT": str(ROOT / "var" / "bench" / "media")})
    os.environ.pop("CELERY_BROKER_URL", None)
    django_defaults()
    if TINY:
        recreate_database(url)
    else:
        create_if_missing(url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import translation

    from mokymai.models import Certificate

    call_command("migrate", "--no-input", verbosity=0)
    call_command("compile_translations", verbosity=0)
    translation.activate("lt")
    staff, event = prepare()
    try:
        first = run_once(staff, event)
        numbers = sorted(Certificate.objects.filter(registration__event=event)
                         .values_list("number", flat=True))
        assert len(numbers) == len(set(numbers)) == PARTICIPANTS, "numbers not unique"
        again = run_once(staff, event)          # nothing left to issue: PDFs and ZIP only
        assert Certificate.objects.filter(registration__event=event).count() == PARTICIPANTS
        figures = {
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "scale": SCALE_LABEL, "participants": PARTICIPANTS,
            "first_run": first, "second_run_nothing_to_issue": again,
            "target_s": TARGET_S, "within_target": first["total_s"] < TARGET_S,
            "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "note": "In-process, as the Celery worker runs the job (run_job): issuing takes "
                    "the numbers under the year's row lock and saves each certificate with "
                    "its history row; the PDFs are laid out 50 to a WeasyPrint document and "
                    "written page by page; the ZIP is deflated and stored in MEDIA_ROOT. "
                    "Without a broker the holders' e-mails are rendered and handed to a dummy "
                    "backend inside issue_s; with Celery they leave to the worker.",
        }
        write_figures("certificates", figures)
        assert first["total_s"] < TARGET_S or TINY, \
            f"{first['total_s']} s is over the target of {TARGET_S} s"
    finally:
        cleanup()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "bench"))
    main()
