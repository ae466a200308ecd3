"""The annual activity plan and report (planavimas) at a national size: a plan of 40 goals,
80 objectives, 400 measures and 800 indicators — every indicator but one in ten linked to a
metric some app declares (all of them, round and round), the rest typed in — approved, and
its report started, over the last whole year of national-scale records: the records the
consultations and projects benchmarks write (their own ``prepare``: 60 systems, 30,000
consultations, 1,000 field visits, 2,000 questions; 3,000 projects) and 600 training
events held, with 12,000 registrations and 24,000 attendance marks (written here with
``bulk_create``).

Measured, on PostgreSQL, in-process:

1. ``tree.build(plan)`` and ``tree.build(plan, actuals=True)`` (the one tree every page,
   document and approved version is drawn from; with actuals it counts every linked metric
   once for the year): p50/p95 and the queries of one;
2. pages through Django's test client (p50/p95 of 10 requests — of 2 for a page taking
   over 2 s — and the queries of one, which must not grow with the rows: compared with the
   last tiny run's): the plan's page and the report's
   page as staff and as management, the progress during the year, the records behind the
   "training events held" indicator, and — after management approve the report — the plan
   and the report as a territory librarian reads them (the approved versions' snapshots);
3. the approval of the report, which freezes the whole tree with its actual values (twice:
   approved, amended, approved again);
4. the documents as the worker builds them (``ataskaitos.services.run_job``): the report
   as DOCX and PDF (its chapters from every app's sections), the plan as DOCX and PDF, the
   indicators as XLSX.

Checks that the report page, the tree and the metric count the same trainings. Targets
recorded beside the figures: a page under 300 ms p95, a document under 10 s. Writes
bench/results/planning.json (``BENCH_SCALE=tiny``: 6 goals, 36 measures, 72 indicators,
the other benchmarks' tiny records, 20 training events; var/bench/results-tiny/).

It uses a PostgreSQL benchmark database: regionas_bench, regionas_bench_tiny, or one of its
own named after them (regionas_bench_planning), created when missing and kept (migrating a
new one takes minutes on the 2-core machine); the year's plan must not exist, or the
script stops before writing. It adds its own accounts, records and plan, and removes them
afterwards (and the other benchmarks' records through their own cleanup)."""

import os
import re
import signal
import sys
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import consultations
import projects
from common import (
    SCALE_LABEL,
    TINY,
    code_version,
    django_defaults,
    in_process_environment,
    judge,
    log,
    percentiles,
)
from common import today as vilnius_today
from common import write_results as write_figures
from consultations import run_document
from cooperation import use_database, wipe
from projects import create_if_missing

GOALS, OBJECTIVES, MEASURES, INDICATORS = (6, 2, 3, 2) if TINY else (40, 2, 5, 2)
EVENTS = 20 if TINY else 600
PER_EVENT = 10 if TINY else 20        # registrations of an event, each at its 2 sessions
PEOPLE = 60 if TINY else 4_000
TREE_RUNS = 3 if TINY else 10
REQUESTS = 3 if TINY else 10
SLOW_MS = 2_000                       # slower than this: timed twice, not REQUESTS times
EMAIL_DOMAIN = "planning.bench.invalid"
PREFIX = "Bench"
YEAR = vilnius_today().year - 1       # the last whole year (the other benches' too)
PAGE_TARGET_MS = 300
DOCUMENT_TARGET_S = 10


# --- the records ---------------------------------------------------------------------------------

def trainings(libraries) -> int:
    """EVENTS events held in YEAR (two 4-hour sessions each), PER_EVENT people registered
    at each, present at both sessions, the event completed with its hours."""
    from bibliotekos.models import Person
    from mokymai.models import (
        Attendance,
        Cost,
        EventStatus,
        Registration,
        RegistrationStatus,
        Session,
        TrainingEvent,
    )

    zone = ZoneInfo("Europe/Vilnius")
    people = Person.objects.bulk_create(
        Person(first_name=f"{PREFIX} dalyvė {n}", last_name="Žemaitytė",
               library=libraries[n % len(libraries)], email=f"p{n}@{EMAIL_DOMAIN}")
        for n in range(PEOPLE))
    events = TrainingEvent.objects.bulk_create(
        TrainingEvent(title=f"{PREFIX} seminaras {n}", status=EventStatus.COMPLETED,
                      organiser="Bench", capacity=PER_EVENT * 2,
                      starts_on=date(YEAR, 1, 10) + timedelta(days=n % 340),
                      ends_on=date(YEAR, 1, 11) + timedelta(days=n % 340))
        for n in range(EVENTS))
    sessions = Session.objects.bulk_create(
        Session(event=event, starts_at=datetime.combine(event.starts_on, datetime.min.time(),
                                                        zone) + timedelta(days=k, hours=10),
                ends_at=datetime.combine(event.starts_on, datetime.min.time(), zone)
                + timedelta(days=k, hours=13))
        for event in events for k in range(2))
    Cost.objects.bulk_create(Cost(event=event, kind=Cost.Kind.LECTURER, amount=Decimal("300.00"))
                             for event in events)
    registrations = Registration.objects.bulk_create(
        (Registration(event=event, person=people[(i * 7 + k) % len(people)],
                      library=libraries[(i + k) % len(libraries)],
                      status=RegistrationStatus.REGISTERED, completed=True,
                      attended_hours=Decimal("8.00"))
         for i, event in enumerate(events) for k in range(PER_EVENT)), batch_size=2000)
    by_event = {}
    for session in sessions:
        by_event.setdefault(session.event_id, []).append(session)
    Attendance.objects.bulk_create(
        (Attendance(registration=registration, session=session, present=True)
         for registration in registrations for session in by_event[registration.event_id]),
        batch_size=5000)
    return len(events)


def the_plan(staff):
    """The plan: GOALS goals over the six chapters, each with OBJECTIVES objectives of
    MEASURES measures of INDICATORS indicators; every tenth indicator typed in, the others
    linked to every metric in turn."""
    from planavimas import tree
    from planavimas.models import Goal, Indicator, Measure, Objective, Plan

    names = [name for _group, choices in tree.metric_choices() for name, _label in choices]
    plan = Plan.objects.create(year=YEAR, created_by=staff,
                               introduction=f"{PREFIX}: the department's plan.")
    goals = Goal.objects.bulk_create(
        Goal(plan=plan, chapter=1 + g % 6, position=1 + g // 6,
             title=f"{PREFIX} tikslas {g + 1}: stiprinti regiono bibliotekų veiklą",
             narrative="Įgyvendinta pagal planą.") for g in range(GOALS))
    objectives = Objective.objects.bulk_create(
        Objective(goal=goal, position=o + 1, title=f"{PREFIX} uždavinys {o + 1}")
        for goal in goals for o in range(OBJECTIVES))
    measures = Measure.objects.bulk_create(
        Measure(objective=objective, position=m + 1, title=f"{PREFIX} priemonė {m + 1}",
                responsible_unit="Regiono bibliotekų strateginės plėtros skyrius",
                responsible=staff, quarter=1 + m % 4, budget=Decimal("1000"),
                resources="Bibliotekos lėšos", result=("done", "partly", "not_done", "")[m % 4],
                result_comment="Komentaras." if m % 4 else "")
        for objective in objectives for m in range(MEASURES))
    rows, n = [], 0
    for parent in measures:
        for i in range(INDICATORS):
            typed = n % 10 == 9
            rows.append(Indicator(
                measure=parent, position=i + 1, name=f"{PREFIX} rodiklis {n + 1}",
                unit="vnt.", planned=Decimal(10 + n % 90),
                metric="" if typed else names[n % len(names)],
                actual_manual=Decimal(5 + n % 50) if typed else None))
            n += 1
    Indicator.objects.bulk_create(rows, batch_size=2000)
    return plan, len(names)


def cleanup() -> None:
    """What a run of this script wrote (also one stopped half-way)."""
    from ataskaitos.models import ReportJob
    from bibliotekos.models import Person
    from mokymai.models import Attendance, Cost, Registration, Session, TrainingEvent
    from paskyros.models import User
    from planavimas.models import (
        Event,
        Goal,
        Indicator,
        Measure,
        Objective,
        Plan,
        Report,
        Snapshot,
    )

    for job in ReportJob.objects.filter(requested_by__email__endswith=EMAIL_DOMAIN):
        if job.file:
            job.file.delete(save=False)
        job.delete()
    for plan in Plan.objects.filter(introduction__startswith=f"{PREFIX}:", year=YEAR):
        for model in (Indicator, Measure, Objective, Goal):
            path = {Goal: "plan", Objective: "goal__plan", Measure: "objective__goal__plan",
                    Indicator: "measure__objective__goal__plan"}[model]
            wipe(model.history.filter(id__in=model.objects.filter(**{path: plan})
                                      .values("pk")))
            wipe(model.objects.filter(**{path: plan}))
        wipe(Snapshot.objects.filter(plan=plan))
        wipe(Event.objects.filter(plan=plan))
        wipe(Report.history.filter(plan_id=plan.pk))
        wipe(Report.objects.filter(plan=plan))
        wipe(Plan.history.filter(id=plan.pk))
        wipe(Plan.objects.filter(pk=plan.pk))
    events = TrainingEvent.objects.filter(title__startswith=f"{PREFIX} seminaras")
    wipe(Attendance.objects.filter(session__event__in=events))
    wipe(Registration.objects.filter(event__in=events))
    wipe(Cost.objects.filter(event__in=events))
    wipe(Session.objects.filter(event__in=events))
    wipe(TrainingEvent.topics.through.objects.filter(trainingevent__in=events))
    wipe(TrainingEvent.audience_posts.through.objects.filter(trainingevent__in=events))
    wipe(events)
    wipe(Person.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}"))
    User.objects.filter(email__endswith=EMAIL_DOMAIN).delete()


# --- measuring -----------------------------------------------------------------------------------

def timed_tree(plan, **options) -> dict:
    """``tree.build`` TREE_RUNS times (twice when one takes over SLOW_MS): p50/p95 and the
    queries of one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from planavimas import tree

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        tree.build(plan, **options)
    times = [(time.perf_counter() - started) * 1000]
    for _ in range(1 if times[0] > SLOW_MS else TREE_RUNS - 1):
        started = time.perf_counter()
        tree.build(plan, **options)
        times.append((time.perf_counter() - started) * 1000)
    return {**spread(times), "queries": len(queries.captured_queries)}


def measure(client, url: str) -> dict:
    """A page: p50/p95 of REQUESTS GETs after a warm-up (of the warm-up and one more when
    it takes over SLOW_MS), the queries of one request and its size."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def get():
        started = time.perf_counter()
        response = client.get(url, secure=True)
        assert response.status_code == 200, (url, response.status_code)
        return response, (time.perf_counter() - started) * 1000

    _response, warm = get()          # the session's "last seen" write, caches
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        response, first = get()
    count = len(queries.captured_queries)
    times = [first, warm] if warm > SLOW_MS else [first] + [get()[1] for _ in
                                                          range(REQUESTS - 1)]
    return {**spread(times), "queries": count, "bytes": len(response.content)}


def spread(times: list[float]) -> dict:
    """p50/p95 (of two or three runs, the slowest as the p95)."""
    found = percentiles(times)
    if len(times) < 5:
        found["p95_ms"] = found["max_ms"]
    return found


def main() -> None:
    url = use_database()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    in_process_environment()
    django_defaults()
    create_if_missing(url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from paskyros.models import User
    from planavimas import services_workflow as workflow
    from planavimas import tree
    from planavimas.models import Indicator, Plan
    from portalas.metrics import Period
    from portalas.registry import kind, metric

    log("migrate")
    call_command("migrate", "--no-input", verbosity=0)
    call_command("compile_translations", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    translation.activate("lt")
    cleanup()
    if Plan.objects.filter(year=YEAR).exists():
        sys.exit(f"The database already has a plan for {YEAR} that is not this script's.")
    log("records")
    load_before = os.getloadavg()
    started = time.perf_counter()
    try:
        _staff_c, _director_c, systems, _topics = consultations.prepare()
        projects.prepare()
        libraries = list(systems)
        held = trainings(libraries)
        staff = User.objects.create_user(f"staff@{EMAIL_DOMAIN}", full_name="Bench Staff",
                                         role="staff")
        manager = User.objects.create_user(f"manager@{EMAIL_DOMAIN}",
                                           full_name="Bench Vadovas", role="management")
        librarian = User.objects.create_user(f"librarian@{EMAIL_DOMAIN}",
                                             full_name="Bench Bibliotekininkė",
                                             role="librarian")
        plan, metrics_linked = the_plan(staff)
        written_s = round(time.perf_counter() - started, 1)
        log("the plan approved, the report started")
        plan = workflow.approve(workflow.submit(plan, by=staff), by=manager)
        report = workflow.start_report(plan, by=staff)
        plan = Plan.objects.get(pk=plan.pk)
        counted = Indicator.objects.filter(measure__objective__goal__plan=plan)
        events_held = counted.filter(metric="mokymai.events_held").order_by("pk").first()
        figures = {
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "scale": SCALE_LABEL, "year": YEAR, "code": code_version("planavimas"),
            "load_average_before": [round(x, 2) for x in load_before],
            "plan": {"goals": GOALS, "objectives": GOALS * OBJECTIVES,
                     "measures": GOALS * OBJECTIVES * MEASURES,
                     "indicators": counted.count(),
                     "linked": counted.exclude(metric="").count(),
                     "metrics_linked": metrics_linked},
            "records": {"consultations": consultations.CONSULTATIONS,
                        "field_visits": consultations.VISITS,
                        "questions": consultations.QUESTIONS,
                        "projects": projects.PROJECTS, "training_events_held": held,
                        "registrations": held * PER_EVENT,
                        "attendance_marks": held * PER_EVENT * 2},
            "records_written_s": written_s,
            "targets": {"page_p95_ms": PAGE_TARGET_MS, "document_s": DOCUMENT_TARGET_S},
        }

        log("the tree")
        figures["tree"] = {"plan": timed_tree(plan),
                           "report_with_actuals": timed_tree(plan, actuals=True)}
        # where the time of the actuals goes: each linked metric counted for the year alone
        each = {}
        for name in sorted(set(counted.exclude(metric="").values_list("metric", flat=True))):
            started = time.perf_counter()
            metric(name).value(Period.year(YEAR))
            each[name] = round((time.perf_counter() - started) * 1000, 1)
        figures["tree"]["metrics_ms_total"] = round(sum(each.values()), 1)
        figures["tree"]["slowest_metrics_ms"] = dict(
            sorted(each.items(), key=lambda item: -item[1])[:8])
        found = tree.build(plan, actuals=True)
        assert found["totals"]["indicators"] == GOALS * OBJECTIVES * MEASURES * INDICATORS
        node = next(i for _g, _o, _m, i in tree.walk(found)
                    if i is not None and i["pk"] == events_held.pk)
        counted_by_metric = metric("mokymai.events_held").value(Period.year(YEAR))
        assert tree.number(node["actual"]) == counted_by_metric >= held, (node, held)

        log("pages")
        pages = {"plan": reverse("planavimas:plan_detail", args=[YEAR]),
                 "report": reverse("planavimas:report_detail", args=[YEAR]),
                 "progress": reverse("planavimas:progress", args=[YEAR]),
                 "records_events_held": reverse("planavimas:indicator_records",
                                                args=[YEAR, events_held.pk])}
        figures["pages"] = {}
        html = {}
        for who, user, names in (("staff", staff, list(pages)),
                                 ("management", manager, ["plan", "report"])):
            client = Client()
            client.force_login(user, backend="paskyros.backends.EmailBackend")
            figures["pages"][who] = {name: measure(client, pages[name]) for name in names}
            html[who] = client.get(pages["report"], secure=True).content.decode()
        # the report page shows the same count the tree has
        shown = re.search(rf'<tr id="i{events_held.pk}">.*?fw-semibold">([^<]*)</td>',
                          html["staff"], re.S)
        assert shown and int(re.sub(r"\D", "", shown.group(1))) == counted_by_metric, \
            ("the report page does not show the trainings held", shown and shown.group(1))

        log("documents")
        documents = {}
        for kind_name, fmt in (("planavimas.report", "docx"), ("planavimas.report", "pdf"),
                               ("planavimas.plan", "docx"), ("planavimas.plan", "pdf"),
                               ("planavimas.indicators", "xlsx")):
            kind(kind_name)     # declared by the app (an unknown kind fails here)
            _job, documents[f"{kind_name.split('.')[1]}_{fmt}"] = run_document(
                manager, kind_name, fmt, {"year": str(YEAR)})
        figures["documents"] = documents

        log("the report approved, read as a librarian")
        # approved, then amended and approved again: two approvals timed (each freezes the
        # tree with its actual values counted then)
        approvals = []
        for round_ in range(2):
            if round_:
                report = workflow.amend(report, by=staff, reason=f"{PREFIX}: pataisymai.")
            report = workflow.submit(report, by=staff)
            approving = time.perf_counter()
            report = workflow.approve(report, by=manager)
            approvals.append(round((time.perf_counter() - approving) * 1000, 1))
        figures["report_approvals_ms"] = approvals
        client = Client()
        client.force_login(librarian, backend="paskyros.backends.EmailBackend")
        figures["pages"]["librarian"] = {name: measure(client, pages[name])
                                         for name in ("plan", "report")}
        figures["note"] = (
            "In-process (Django's test client, no gunicorn) against PostgreSQL; p50/p95 of "
            "repeated GETs after a warm-up; queries of one request. The tree is built "
            "TREE_RUNS times in a row, each counting every metric afresh. Documents are "
            "built as the worker builds them (ataskaitos.services.run_job), as management.")
        judge(figures, documents, name="planning", page_target_ms=PAGE_TARGET_MS,
              document_target_s=DOCUMENT_TARGET_S)
        write_figures("planning", figures)
    finally:
        log("cleanup")
        cleanup()
        projects.cleanup()
        consultations.cleanup()


if __name__ == "__main__":
    main()
