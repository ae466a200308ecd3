"""The consultations app at a national size: 60 library systems (each with a central library
and 4 branches, in a municipality of its own), 30,000 consultations of one year, 1,000
field visits with 3 agreed actions each and 2,000 questions from libraries. Measured
in-process with Django's test client as department staff and as a system's director: the
overview (``/konsultacijos/apzvalga/``), the consultation list's first page and the list
filtered by topic, library and dates (p50/p95 of 10 requests each, and the queries of one,
which must not grow with the rows); the register of consultations built as XLSX and as CSV
and the summary as PDF the way the worker builds them; every consultations metric for the
territory, a municipality and a library, and ``manage.py metrics``. Writes
bench/results/consultations.json (``BENCH_SCALE=tiny``: 4 systems, 300 consultations,
var/bench/results-tiny/).

It uses the PostgreSQL database the other benchmarks use (regionas_bench, or
regionas_bench_tiny at tiny scale, recreated), adds its own accounts, municipalities,
libraries and records, checks that the page, the metrics and the register count the same
records, and removes them afterwards.
"""

import io
import os
import signal
import sys
import time
from datetime import UTC, date, datetime, timedelta

from common import ROOT, SCALE_LABEL, TINY, database_url, django_defaults, recreate_database
from common import today as vilnius_today
from common import write_results as write_figures
from projects import create_if_missing, measure

SYSTEMS = 4 if TINY else 60
BRANCHES = 4
CONSULTATIONS = 300 if TINY else 30_000
VISITS = 20 if TINY else 1_000
QUESTIONS = 40 if TINY else 2_000
STAFF = 3 if TINY else 8
EMAIL_DOMAIN = "consultations.bench.invalid"
CODE = "BENCH-K"
QUESTION = "Bench konsultacija"
YEAR = vilnius_today().year - 1        # a whole year of records


def prepare():
    """Accounts, municipalities, systems with outlets, and the year's records."""
    from bibliotekos.models import County, Library, LibraryKind, Membership, Municipality
    from konsultacijos.models import (
        Channel,
        Consultation,
        FieldVisit,
        Question,
        QuestionStatus,
        Topic,
        VisitAction,
        VisitStatus,
    )
    from paskyros.models import User

    cleanup()
    staff = [User.objects.create_user(f"staff{n}@{EMAIL_DOMAIN}", role="staff",
                                      full_name=f"Bench Darbuotoja {n}") for n in range(STAFF)]
    director = User.objects.create_user(f"director@{EMAIL_DOMAIN}", role="librarian",
                                        full_name="Bench Direktorė")
    asker = User.objects.create_user(f"asker@{EMAIL_DOMAIN}", role="librarian",
                                     full_name="Bench Bibliotekininkė")
    county = County.objects.create(code=CODE, name="Bench apskritis")
    places = Municipality.objects.bulk_create(
        Municipality(code=f"{CODE}-{n:02d}", name=f"Bench savivaldybė {n:02d}", county=county)
        for n in range(SYSTEMS))
    systems = Library.objects.bulk_create(
        Library(code=f"{CODE}-{n:02d}", name=f"Bench sistema {n:02d}", kind=LibraryKind.SYSTEM,
                municipality=place) for n, place in enumerate(places))
    centrals = Library.objects.bulk_create(
        Library(code=f"{CODE}-{n:02d}-C", name=f"Bench centrinė {n:02d}",
                kind=LibraryKind.CENTRAL, parent=system, municipality=system.municipality)
        for n, system in enumerate(systems))
    branches = Library.objects.bulk_create(
        Library(code=f"{CODE}-{n:02d}-F{k}", name=f"Bench filialas {n:02d}-{k}",
                kind=LibraryKind.RURAL_BRANCH, parent=central, municipality=central.municipality)
        for n, central in enumerate(centrals) for k in range(BRANCHES))
    libraries = systems + centrals + branches
    Membership.objects.create(user=director, library=systems[0], role="director")
    Membership.objects.create(user=asker, library=centrals[0], role="librarian")
    topics = list(Topic.objects.order_by("order", "name"))
    channels = list(Channel)
    start = date(YEAR, 1, 1)
    Consultation.objects.bulk_create(
        (Consultation(held_on=start + timedelta(days=n % 365),
                      library=libraries[(n * 7) % len(libraries)], topic=topics[n % len(topics)],
                      channel=channels[n % len(channels)], minutes=5 + (n * 13) % 120,
                      question=f"{QUESTION} {n}: kaip skaičiuoti renginių lankytojus?",
                      answer="Skaičiuokite apsilankymus, ne lankytojus.",
                      person_name="Ona Bibliotekininkė", staff_member=staff[n % len(staff)],
                      follow_up="Atsiųsti pavyzdį" if n % 10 == 0 else "",
                      follow_up_due=start + timedelta(days=n % 365 + 7) if n % 10 == 0
                      else None)
         for n in range(CONSULTATIONS)), batch_size=2000)
    visits = FieldVisit.objects.bulk_create(
        FieldVisit(library=libraries[(n * 11) % len(libraries)],
                   visit_on=start + timedelta(days=(n * 3) % 365),
                   purpose=f"{QUESTION}: metodinė pagalba",
                   status=VisitStatus.PLANNED if n % 5 == 0 else VisitStatus.REPORTED,
                   findings="Fondas tvarkingas.")
        for n in range(VISITS))
    VisitAction.objects.bulk_create(
        VisitAction(visit=visit, text=f"Veiksmas {k + 1}", responsible="Direktorė",
                    due_on=visit.visit_on + timedelta(days=30 * (k + 1)),
                    done_on=visit.visit_on + timedelta(days=20) if (i + k) % 2 == 0 else None)
        for i, visit in enumerate(visits) for k in range(3))
    answered_at = datetime(YEAR, 6, 1, 9, tzinfo=UTC)
    Question.objects.bulk_create(
        Question(library=centrals[n % len(centrals)], asked_by=asker, topic=topics[0],
                 subject=f"{QUESTION} klausimas {n}", text="Kaip apskaityti renginius?",
                 status=QuestionStatus.ANSWERED if n % 4 else QuestionStatus.NEW,
                 answer="Taip." if n % 4 else "", answered_by=staff[0] if n % 4 else None,
                 answered_at=answered_at + timedelta(days=n % 150) if n % 4 else None)
        for n in range(QUESTIONS))
    asked = Question.objects.filter(subject__startswith=QUESTION)
    asked.filter(answered_at__isnull=False).update(created_at=answered_at - timedelta(days=4))
    asked.filter(answered_at__isnull=True).update(created_at=answered_at)
    return staff[0], director, systems, topics


def cleanup() -> None:
    from ataskaitos.models import ReportJob
    from bibliotekos.models import County, Library, Municipality
    from konsultacijos.models import Consultation, FieldVisit, Question
    from paskyros.models import User

    for job in ReportJob.objects.filter(requested_by__email__endswith=EMAIL_DOMAIN):
        if job.file:
            job.file.delete(save=False)
        job.delete()
    Question.objects.filter(subject__startswith=QUESTION).delete()
    Consultation.objects.filter(question__startswith=QUESTION).delete()
    FieldVisit.objects.filter(purpose__startswith=QUESTION).delete()
    Library.objects.filter(code__startswith=CODE, parent__parent__isnull=False).delete()
    Library.objects.filter(code__startswith=CODE, parent__isnull=False).delete()
    Library.objects.filter(code__startswith=CODE).delete()
    Municipality.objects.filter(code__startswith=CODE).delete()
    County.objects.filter(code=CODE).delete()
    User.objects.filter(email__endswith=EMAIL_DOMAIN).delete()


def timed(call) -> tuple[object, float]:
    started = time.perf_counter()
    result = call()
    return result, round((time.perf_counter() - started) * 1000, 1)


def run_document(user, kind: str, fmt: str, params: dict) -> tuple[object, dict]:
    from ataskaitos import services as documents
    from ataskaitos.models import JobStatus, ReportJob
    from bibliotekos.scoping import access_of

    job = ReportJob.objects.create(kind=kind, params=params, format=fmt, requested_by=user,
                                   params_hash=f"bench-{kind}-{fmt}", scope=access_of(user))
    started = time.perf_counter()
    job = documents.run_job(job.pk)
    assert job.status == JobStatus.DONE, job.error
    return job, {"seconds": round(time.perf_counter() - started, 2), "bytes": job.file.size}


def main() -> None:
    url = database_url("the national database is kept; tiny is recreated")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    os.environ.update({"DEBUG": "false", "PORTAL_BASE_URL": "https://bench.invalid",
                       "DOCUMENTS_IN_THREAD": "false", "LOG_LEVEL": "WARNING",
                       "EMAIL_URL": "dummymail://", "ALLOWED_HOSTS": "testserver",
                       "STATIC_ROOT": str(ROOT / "var" / "bench" / "static")})
    os.environ.pop("CELERY_BROKER_URL", None)
    django_defaults()
    if TINY:
        recreate_database(url)
    else:
        create_if_missing(url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from konsultacijos.models import Consultation
    from portalas.metrics import Period, Scope
    from portalas.registry import metrics

    call_command("migrate", "--no-input", verbosity=0)
    call_command("compile_translations", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    translation.activate("lt")
    staff, director, systems, topics = prepare()
    try:
        period = Period.year(YEAR)
        mine = Consultation.objects.filter(question__startswith=QUESTION)
        total = mine.count()
        overview = reverse("konsultacijos:overview")
        listing = reverse("konsultacijos:consultation_list")
        filtered = (f"{listing}?topic={topics[0].pk}&library={systems[0].pk}"
                    f"&held_from={YEAR}-01-01&held_to={YEAR}-12-31")
        pages = {"overview": f"{overview}?year={YEAR}",
                 "overview_municipality": (f"{overview}?year={YEAR}"
                                           f"&municipality={systems[0].municipality_id}"),
                 "list": listing, "list_filtered": filtered}
        figures = {"measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
                   "scale": SCALE_LABEL, "year": YEAR, "systems": len(systems),
                   "libraries": len(systems) * (2 + BRANCHES), "consultations": total,
                   "visits": VISITS, "agreed_actions": VISITS * 3, "questions": QUESTIONS,
                   "pages": {}}
        for who, user in (("staff", staff), ("director", director)):
            client = Client()
            client.force_login(user, backend="paskyros.backends.EmailBackend")
            figures["pages"][who] = {name: measure(client, path)
                                     for name, path in pages.items()
                                     if who == "staff" or name != "overview_municipality"}
        # the page, the metrics and the register count the same records
        territory = Scope.territory()
        own = Scope.of_library(systems[0])
        place = Scope.of_municipality(systems[0].municipality)
        from konsultacijos.selectors_reports import figures as page_figures

        for scope in (own, place):
            counted = page_figures(period, scope).totals["consultations"]
            assert counted == metrics_value("konsultacijos.consultations", period, scope), scope
        seen = page_figures(period, territory, user=staff).totals["consultations"]
        assert seen >= total, (seen, total)       # the benchmark's and any others there
        seen = page_figures(period, territory, user=director).totals["consultations"]
        assert seen == page_figures(period, own).totals["consultations"] > 0, seen
        timings = {}
        for scope_name, scope in (("territory", territory), ("municipality", place),
                                  ("library", own)):
            timings[scope_name] = {}
            for item in metrics("3.2") + metrics("2.2"):
                if not item.name.startswith("konsultacijos."):
                    continue
                _value, ms = timed(lambda item=item, scope=scope: item.value(period, scope))
                timings[scope_name][item.name] = ms
        figures["metrics_ms"] = timings
        _out, ms = timed(lambda: call_command("metrics", f"--year={YEAR}", "--function=3.2",
                                              stdout=io.StringIO()))
        figures["manage_py_metrics_3_2_ms"] = ms
        params = {"year": str(YEAR), "municipality": str(systems[0].municipality_id)}
        _job, figures["register_xlsx_municipality"] = run_document(
            staff, "konsultacijos.register", "xlsx", {**params, "format": "xlsx"})
        job, figures["register_csv"] = run_document(
            staff, "konsultacijos.register", "csv", {"year": str(YEAR), "format": "csv"})
        with job.file.open("rb") as handle:
            rows = handle.read().decode("utf-8-sig").strip().count("\n")
        assert rows >= total, (rows, total)
        _job, figures["register_xlsx"] = run_document(
            staff, "konsultacijos.register", "xlsx", {"year": str(YEAR), "format": "xlsx"})
        _job, figures["summary_pdf"] = run_document(
            staff, "konsultacijos.summary", "pdf", {"year": str(YEAR)})
        _job, figures["summary_pdf_director"] = run_document(
            director, "konsultacijos.summary", "pdf", {"year": str(YEAR)})
        figures["note"] = ("In-process (Django's test client, no gunicorn) against "
                           "PostgreSQL; p50/p95 of repeated GETs after a warm-up; queries "
                           "of one request. The register and the summary are built and "
                           "rendered as the worker does (ataskaitos.services.run_job).")
        write_figures("consultations", figures)
    finally:
        cleanup()


def metrics_value(name: str, period, scope):
    from portalas.registry import metric

    return metric(name).value(period, scope)


if __name__ == "__main__":
    main()
