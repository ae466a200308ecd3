"""The projects app at a national size: 3,000 projects (a decade of the department's and
60 library systems' projects), each with 3 partners, 5 budget lines, 4 deadlines and 2
indicators. Measured in-process with Django's test client as department staff and as a
system's director: the list, the board, the deadline calendar, the overview, a project's
page and the home page (p50/p95 of 10 requests each, and the queries of one, which must
not grow with the rows), the daily reminder run over every deadline, and the project
register built as XLSX the way the worker builds it. Writes bench/results/projects.json
(``BENCH_SCALE=tiny``: 40 projects, var/bench/results-tiny/).

It uses the PostgreSQL database the other benchmarks use (regionas_bench, or
regionas_bench_tiny at tiny scale, recreated), adds its own accounts, libraries and
projects, and removes them afterwards.
"""

import os
import signal
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from common import ROOT, SCALE_LABEL, TINY, database_url, django_defaults, recreate_database
from common import today as vilnius_today
from common import write_results as write_figures

PROJECTS = 40 if TINY else 3000
REQUESTS = 3 if TINY else 10
EMAIL_DOMAIN = "projects.bench.invalid"
PREFIX = "Bench projektas"


def create_if_missing(url: str) -> None:
    import psycopg
    from common import DATABASE

    admin_url = url.rstrip("/").rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                            [DATABASE]).fetchone():
            conn.execute(f"CREATE DATABASE {DATABASE}")


def prepare():
    """Accounts, 60 systems (or 4), an LKT programme with its rules, PROJECTS projects."""
    from bibliotekos.models import Library, LibraryKind, Membership
    from paskyros.models import User
    from projektai.models import (
        BudgetLine,
        Deadline,
        DeadlineKind,
        Project,
        ProjectIndicator,
        ProjectPartner,
        ProjectStatus,
    )
    from projektai.tests.factories import make_lkt

    cleanup()
    staff = User.objects.create_user(f"staff@{EMAIL_DOMAIN}", full_name="Bench Staff",
                                     role="staff")
    director = User.objects.create_user(f"director@{EMAIL_DOMAIN}",
                                        full_name="Bench Direktorė", role="librarian")
    systems = Library.objects.bulk_create(
        Library(code=f"BENCH-P{n:02d}", name=f"Bench sistema {n:02d}",
                kind=LibraryKind.SYSTEM) for n in range(4 if TINY else 60))
    Membership.objects.create(user=director, library=systems[0], role="director")
    programme = make_lkt()
    statuses = list(ProjectStatus)
    today = vilnius_today()
    projects = Project.objects.bulk_create(
        Project(title=f"{PREFIX} {n:05d}: skaitymo skatinimas ir bendruomenės",
                programme=programme, created_by=staff,
                owner_library=None if n % 3 == 0 else systems[(n // 3) % len(systems)],
                status=statuses[n % len(statuses)],
                starts_on=today - timedelta(days=400 - n % 365),
                ends_on=today + timedelta(days=n % 200),
                submitted_on=today - timedelta(days=n % 3000),
                decided_on=today - timedelta(days=n % 2900),
                requested_amount=Decimal("10000.00") + n,
                granted_amount=Decimal("8000.00") + n if n % 2 else None)
        for n in range(PROJECTS))
    ProjectPartner.objects.bulk_create(
        ProjectPartner(project=project, library=systems[(i + k + 1) % len(systems)])
        for i, project in enumerate(projects) for k in range(3)
        if systems[(i + k + 1) % len(systems)].pk != project.owner_library_id)
    BudgetLine.objects.bulk_create(
        BudgetLine(project=project, code=str(k + 1), title=f"Eilutė {k + 1}",
                   planned=Decimal("2000.00"), spent=Decimal("1500.00"), order=k)
        for project in projects for k in range(5))
    Deadline.objects.bulk_create(
        Deadline(project=project, title=f"Ataskaita {k + 1}", kind=DeadlineKind.REPORT,
                 due_on=today + timedelta(days=(i * 7 + k * 30) % 120 - 20), remind_days=5)
        for i, project in enumerate(projects) for k in range(4))
    ProjectIndicator.objects.bulk_create(
        ProjectIndicator(project=project, name=f"Rodiklis {k + 1}", planned=Decimal("10"))
        for project in projects for k in range(2))
    for project in projects[:200]:
        project.responsible.add(staff)
    return staff, director, projects


def cleanup() -> None:
    from ataskaitos.models import ReportJob
    from bibliotekos.models import Library
    from paskyros.models import User
    from projektai.models import Project

    for job in ReportJob.objects.filter(requested_by__email__endswith=EMAIL_DOMAIN):
        if job.file:
            job.file.delete(save=False)
        job.delete()
    ids = list(Project.objects.filter(title__startswith=PREFIX).values_list("pk", flat=True))
    Project.objects.filter(pk__in=ids).delete()
    Project.history.filter(id__in=ids).delete()
    Library.objects.filter(code__startswith="BENCH-P").delete()
    User.objects.filter(email__endswith=EMAIL_DOMAIN).delete()


def measure(client, url: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, secure=True)  # warm: the session's "last seen" write, caches
    connection.queries_log.clear()  # a full log (its 9,000 entries) would capture nothing
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, secure=True)
    assert response.status_code == 200, (url, response.status_code)
    count = len(queries.captured_queries)  # now: later requests may reset the log
    times = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        client.get(url, secure=True)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
            "queries": count, "bytes": len(response.content)}


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

    from ataskaitos import services as documents
    from ataskaitos.models import JobStatus, ReportJob
    from projektai.models import Deadline
    from projektai.tasks import send_deadline_reminders

    call_command("migrate", "--no-input", verbosity=0)
    call_command("compile_translations", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    translation.activate("lt")
    staff, director, projects = prepare()
    try:
        # a project of the director's library (the staff see it too)
        theirs = next(p for p in projects
                      if p.owner_library_id == director.memberships.get().library_id)
        pages = {"list": reverse("projektai:project_list"),
                 "board": reverse("projektai:project_board"),
                 "calendar": reverse("projektai:deadline_calendar"),
                 "overview": reverse("projektai:overview"),
                 "project": reverse("projektai:project_detail", args=[theirs.pk]),
                 "home": reverse("home")}
        figures = {"measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
                   "scale": SCALE_LABEL, "projects": len(projects),
                   "deadlines": Deadline.objects.filter(
                       project__title__startswith=PREFIX).count(),
                   "pages": {}}
        for who, user in (("staff", staff), ("director", director)):
            client = Client()
            client.force_login(user, backend="paskyros.backends.EmailBackend")
            figures["pages"][who] = {name: measure(client, path)
                                     for name, path in pages.items()}
        started = time.perf_counter()
        sent = send_deadline_reminders(today=vilnius_today())
        figures["reminders"] = {"seconds": round(time.perf_counter() - started, 2),
                                "deadlines_reminded": sent}
        job = ReportJob.objects.create(
            kind="projektai.register", params={"which": "all"}, format="xlsx",
            requested_by=staff, params_hash="bench", scope={"whole": True, "libraries": []})
        started = time.perf_counter()
        job = documents.run_job(job.pk)
        assert job.status == JobStatus.DONE, job.error
        figures["register_xlsx"] = {"seconds": round(time.perf_counter() - started, 2),
                                    "bytes": job.file.size}
        figures["note"] = ("In-process (Django's test client, no gunicorn) against "
                           "PostgreSQL; p50/p95 of repeated GETs after a warm-up; queries "
                           "of one request. The board shows every visible project's card.")
        write_figures("projects", figures)
    finally:
        cleanup()


if __name__ == "__main__":
    main()
