"""User-needs research (tyrimai) at the size issue 20 asks for: one study of the shipped
library-satisfaction questionnaire (``tyrimai.standard.TEMPLATE``) taken by 30 libraries
(6 systems, each with a central library and 3 branches), with 20,000 responses written in
bulk (``tyrimai.tests.factories.load_responses``). Measured in-process with Django's test
client as department staff and as a system's director: the results page of one question
(``tyrimai:results_question``: the key satisfaction question, and the same filtered by an
answer) and the whole results page, p50/p95 of 10 requests each and the queries of one;
the raw answers built as CSV and as XLSX and the results report as PDF, the way the worker
builds them (``ataskaitos.services.run_job``); and the raw answers' rows written by each
writer alone: CSV (the baseline), openpyxl's write-only XLSX (the writer before) and
``ataskaitos.xlsx_stream`` (the one the export uses). Writes bench/results/surveys.json
(``BENCH_SCALE=tiny``: 2 systems, 300 responses, var/bench/results-tiny/).

Targets (issue 20): the results page of a question under 300 ms p95; the raw export under
5 s. It uses the PostgreSQL database the other benchmarks use (regionas_bench, kept; or
regionas_bench_tiny, recreated), adds its own accounts, libraries and study, checks that
the export holds every response and the page counts them, and removes them afterwards.
"""

import os
import signal
import sys
import time
from datetime import UTC, datetime

from common import ROOT, SCALE_LABEL, TINY, database_url, django_defaults, recreate_database
from common import write_results as write_figures
from projects import create_if_missing, measure

SYSTEMS = 2 if TINY else 6
BRANCHES = 3
RESPONSES = 300 if TINY else 20_000
EMAIL_DOMAIN = "surveys.bench.invalid"
CODE = "BENCH-T"
TITLE = "Bench pasitenkinimo tyrimas"


def prepare():
    """Accounts, systems with outlets, the study and its responses."""
    from bibliotekos.models import County, Library, LibraryKind, Membership, Municipality
    from paskyros.models import User
    from tyrimai.models import Study
    from tyrimai.tests.factories import EVERY_KIND, load_responses, make_study

    try:
        from tyrimai.standard import TEMPLATE
    except ImportError:                     # before the shipped questionnaire existed
        TEMPLATE = EVERY_KIND

    cleanup()
    staff = User.objects.create_user(f"staff@{EMAIL_DOMAIN}", role="staff",
                                     full_name="Bench Darbuotoja")
    director = User.objects.create_user(f"director@{EMAIL_DOMAIN}", role="librarian",
                                        full_name="Bench Direktorė")
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
    Membership.objects.create(user=director, library=systems[0], role="director")
    libraries = systems + centrals + branches
    study = make_study(libraries=libraries, title=TITLE, data=TEMPLATE, by=staff,
                       languages=("en", "ru", "pl"))
    started = time.perf_counter()
    load_responses(study, RESPONSES, seed=20)
    loaded = round(time.perf_counter() - started, 1)
    analyse()
    return staff, director, systems, Study.objects.get(pk=study.pk), loaded


def analyse() -> None:
    """Fresh planner statistics for the tables just filled (autovacuum would gather them
    within minutes on a real server; without them one run's plans differ from the next)."""
    from django.db import connection

    from tyrimai.models import Answer, Response

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Response, Answer):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def cleanup() -> None:
    """The benchmark's rows, answers first (plain DELETEs: hundreds of thousands of rows)."""
    from django.db import connection

    from ataskaitos.models import ReportJob
    from bibliotekos.models import County, Library, Municipality
    from paskyros.models import User
    from tyrimai.models import Answer, Response, Study

    for job in ReportJob.objects.filter(requested_by__email__endswith=EMAIL_DOMAIN):
        if job.file:
            job.file.delete(save=False)
        job.delete()
    ids = list(Study.objects.filter(title=TITLE).values_list("pk", flat=True))
    if ids:
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            answers, responses = Answer._meta.db_table, Response._meta.db_table
            tags = Answer.tags.through._meta.db_table
            marks = ", ".join(["%s"] * len(ids))
            cursor.execute(f"DELETE FROM {quote(tags)} WHERE answer_id IN (SELECT a.id FROM "  # noqa: S608
                           f"{quote(answers)} a JOIN {quote(responses)} r ON a.response_id "
                           f"= r.id WHERE r.study_id IN ({marks}))", ids)
            cursor.execute(f"DELETE FROM {quote(answers)} WHERE response_id IN (SELECT id "  # noqa: S608
                           f"FROM {quote(responses)} WHERE study_id IN ({marks}))", ids)
            cursor.execute(f"DELETE FROM {quote(responses)} WHERE study_id IN ({marks})",  # noqa: S608
                           ids)
        Study.objects.filter(pk__in=ids).update(key_question=None)
        Study.objects.filter(pk__in=ids).delete()
    Library.objects.filter(code__startswith=CODE, parent__parent__isnull=False).delete()
    Library.objects.filter(code__startswith=CODE, parent__isnull=False).delete()
    Library.objects.filter(code__startswith=CODE).delete()
    Municipality.objects.filter(code__startswith=CODE).delete()
    County.objects.filter(code=CODE).delete()
    User.objects.filter(email__endswith=EMAIL_DOMAIN).delete()


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


def openpyxl_write_only(document) -> bytes:
    """The raw answers' XLSX as the export wrote it before ``ataskaitos.xlsx_stream``:
    openpyxl's write-only mode, the same cells (the comparison figure)."""
    import io

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    from portalas.tables import _xlsx_value, sheet_title

    workbook = Workbook(write_only=True)
    used: set[str] = set()
    bold = Font(bold=True)
    for table in document.sections[0].tables:
        sheet = workbook.create_sheet(sheet_title(table.sheet or table.title, used))
        sheet.freeze_panes = "A2"
        header = []
        for column in table.columns:
            cell = WriteOnlyCell(sheet, value=_xlsx_value(column.label))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in table.rows:
            sheet.append([_xlsx_value(value) if isinstance(value, str) else value
                          for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _cells(data: bytes) -> list[list[list]]:
    """Every sheet's rows as read back by openpyxl (read-only mode), without trailing empty
    cells."""
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    try:
        sheets = []
        for sheet in book.worksheets:
            rows = []
            for row in sheet.iter_rows(values_only=True):
                row = list(row)
                while row and row[-1] is None:      # padded to the dimension, when known
                    row.pop()
                rows.append(row)
            sheets.append(rows)
        return sheets
    finally:
        book.close()


def compare_writers(study, staff, repeat: int = 3) -> dict:
    """The raw answers built once, then written by each writer alone (best of ``repeat``):
    CSV (the baseline), openpyxl's write-only XLSX and ``ataskaitos.xlsx_stream``; both
    XLSX files must read back as the same cells, the answers sheet one row per response."""
    from portalas.tables import write_csv
    from tyrimai.reports_raw import raw_document

    started = time.perf_counter()
    workbook = raw_document(study, staff, format="xlsx")
    rows_read = round(time.perf_counter() - started, 2)
    answers = workbook.sections[0].tables[0]
    writers = {
        "csv": lambda: write_csv([c.label for c in answers.columns], answers.rows),
        "openpyxl_write_only": lambda: openpyxl_write_only(workbook),
        "xlsx_stream": workbook.render_xlsx,
    }
    figures, files = {"rows_read_seconds": rows_read, "rows": len(answers.rows),
                      "columns": len(answers.columns)}, {}
    for name, write in writers.items():
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            files[name] = write()
            times.append(round(time.perf_counter() - started, 2))
        figures[name] = {"seconds": min(times), "runs": times, "bytes": len(files[name])}
    figures["xlsx_stream_vs_openpyxl"] = round(
        figures["openpyxl_write_only"]["seconds"] / max(figures["xlsx_stream"]["seconds"],
                                                        0.01), 1)
    ours, theirs = _cells(files["xlsx_stream"]), _cells(files["openpyxl_write_only"])
    assert ours == theirs, "the two XLSX writers wrote different cells"
    assert len(ours[0]) == RESPONSES + 1, (len(ours[0]), RESPONSES)
    return figures


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

    from tyrimai import selectors
    from tyrimai.models import Answer

    call_command("migrate", "--no-input", verbosity=0)
    call_command("compile_translations", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    translation.activate("lt")
    staff, director, systems, study, loaded = prepare()
    try:
        key = study.key_question.code
        counted = selectors.counted(study).count()
        question = reverse("tyrimai:results_question", args=[study.pk, key])
        first = study.questions.order_by("section__order", "order").first()
        pages = {"question": question,
                 "question_filtered": f"{question}?f={first.code}:1,2",
                 "results": reverse("tyrimai:results", args=[study.pk])}
        figures = {"measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
                   "scale": SCALE_LABEL, "libraries": len(systems) * (2 + BRANCHES),
                   "questions": study.questions.count(), "responses": RESPONSES,
                   "answers": Answer.objects.filter(response__study=study).count(),
                   "load_seconds": loaded, "pages": {}}
        own = f"l{systems[0].pk}"
        for who, user in (("staff", staff), ("director", director)):
            client = Client()
            client.force_login(user, backend="paskyros.backends.EmailBackend")
            figures["pages"][who] = {name: measure(client, path)
                                     for name, path in pages.items()}
            figures["pages"][who]["question_own_library"] = measure(
                client, f"{question}?vieta={own}")
        # the page counts every response the export holds
        response = Client()
        response.force_login(staff, backend="paskyros.backends.EmailBackend")
        page = response.get(question, secure=True)
        assert page.status_code == 200
        params = {"study": str(study.pk)}
        job, figures["raw_csv"] = run_document(staff, "tyrimai.raw", "csv",
                                               {**params, "format": "csv"})
        with job.file.open("rb") as handle:
            rows = handle.read().decode("utf-8-sig").count("\n") - 1
        assert rows >= RESPONSES, (rows, RESPONSES)     # a text may hold a line break
        _job, figures["raw_xlsx"] = run_document(staff, "tyrimai.raw", "xlsx",
                                                 {**params, "format": "xlsx"})
        figures["raw_render"] = compare_writers(study, staff)
        _job, figures["results_pdf"] = run_document(staff, "tyrimai.results", "pdf",
                                                    {**params, "scope": "t"})
        _job, figures["results_pdf_director"] = run_document(
            director, "tyrimai.results", "pdf", {**params, "scope": own})
        figures["counted_responses"] = counted
        figures["note"] = ("In-process (Django's test client, no gunicorn) against "
                           "PostgreSQL; p50/p95 of repeated GETs after a warm-up; queries "
                           "of one request. The exports and the report are built and "
                           "rendered as the worker does (ataskaitos.services.run_job). "
                           "raw_render: the same raw answers (rows read once) written by "
                           "each writer alone, the best of 3 — the CSV writer as the "
                           "baseline, openpyxl's write-only mode (the XLSX writer before) "
                           "and ataskaitos.xlsx_stream (the one the export uses); the two "
                           "XLSX files are read back and hold the same cells. "
                           "Targets: a question's page < 300 ms p95, the raw export < 5 s.")
        write_figures("surveys", figures)
    finally:
        cleanup()


if __name__ == "__main__":
    main()
