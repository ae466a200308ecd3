"""The consultations' figures: the overview page, the metrics (through the registry and
``manage.py metrics``), the register, the summary document and the annual report's section
— all counted from the same records, so they agree with each other and with a hand count;
and who may see which figures."""

import csv
import io
import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from ataskaitos import services as documents
from ataskaitos.models import JobStatus, ReportJob
from konsultacijos import services
from konsultacijos.models import (
    Channel,
    Consultation,
    FieldVisit,
    Question,
    VisitAction,
    VisitStatus,
)
from konsultacijos.reports_figures import annual_chapter, narrative
from konsultacijos.selectors_reports import figures
from konsultacijos.tests.factories import (
    make_consultation,
    make_question,
    make_visit,
    report,
    topic,
)
from portalas.metrics import Period, Scope
from portalas.numbers import rounded
from portalas.registry import annual_report_sections, menu, metric
from portalas.testing import count_queries, query_budget
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

YEAR = 2025
PERIOD = Period.year(YEAR)
URL = reverse("konsultacijos:overview")


class World:
    pass


def _at(day: date, hour: int = 9):
    """A moment of that day in Vilnius (UTC+2/+3): 9 o'clock is the same day in UTC."""
    return time_machine.travel(datetime(day.year, day.month, day.day, hour - 3, tzinfo=UTC),
                               tick=False)


@pytest.fixture
def world(territory, staff, librarian_a, librarian_b):
    return build_world(territory, staff, librarian_a, librarian_b)


def build_world(territory, staff, librarian_a, librarian_b) -> World:
    """2025: seven consultations logged and two made by answering questions, across two
    municipalities, three topics and two staff members; two made outside the year. Visits:
    two reported (library A's with three actions, one done and one overdue; B's with one),
    one planned, one cancelled, and one of 2024 whose action was done in 2025. Questions:
    two answered in 3 and 5 working days, one open."""
    w = World()
    w.t = territory
    w.staff, w.staff2 = staff, UserFactory(role="staff", email="jonas@test.lt",
                                           full_name="Jonas Jonaitis")
    w.stat, w.proj, w.meth = topic("Statistika"), topic("Projektai"), topic("Metodinė veikla")
    t = territory
    for library, tpc, channel, minutes, by, day in [
        (t.branch_a, w.stat, Channel.PHONE, 20, staff, date(2025, 1, 15)),
        (t.central_a, w.stat, Channel.EMAIL, 40, staff, date(2025, 2, 3)),
        (t.system_a, w.proj, Channel.ON_SITE, 90, w.staff2, date(2025, 2, 20)),
        (t.system_b, w.stat, Channel.PHONE, 15, w.staff2, date(2025, 3, 5)),
        (t.school_b, w.proj, Channel.EMAIL, 30, staff, date(2025, 3, 5)),
        (t.school_b, w.meth, Channel.ONLINE, 45, w.staff2, date(2025, 11, 30)),
        (t.system_a, w.meth, Channel.PHONE, 10, staff, date(2025, 12, 31)),
        (t.branch_a, w.stat, Channel.PHONE, 60, staff, date(2024, 12, 31)),   # outside
        (t.system_b, w.stat, Channel.PHONE, 60, staff, date(2026, 1, 1)),     # outside
    ]:
        make_consultation(library=library, topic=tpc, channel=channel, minutes=minutes,
                          by=by, held_on=day)
    # questions: asked on Monday, answered on Thursday (3 working days); asked Thursday,
    # answered the next Thursday (5); one still open
    with _at(date(2025, 3, 3)):
        w.q1 = make_question(library=t.system_a, by=librarian_a)
    with _at(date(2025, 3, 6)):
        services.answer_question(w.q1, by=staff, answer="Taip.", topic=w.stat, minutes=15)
    with _at(date(2025, 4, 10)):
        w.q2 = make_question(library=t.school_b, by=librarian_b)
    with _at(date(2025, 4, 17)):
        services.answer_question(w.q2, by=w.staff2, answer="Ne.", topic=w.stat, minutes=15)
    with _at(date(2025, 5, 5)):
        w.q3 = make_question(library=t.central_a, by=librarian_a)
    # visits
    w.v1 = report(make_visit(library=t.system_a, by=staff, visit_on=date(2025, 5, 10)),
                  by=staff, actions=2)
    first = w.v1.actions.order_by("pk").first()
    services.complete_action(first, by=staff, done_on=date(2025, 6, 1))
    services.add_action(VisitAction(visit=w.v1, text="Atnaujinti fondą",
                                    due_on=date(2025, 7, 1)), by=staff)        # overdue
    w.v2 = report(make_visit(library=t.system_b, by=w.staff2, visit_on=date(2025, 9, 9)),
                  by=w.staff2)
    w.planned = make_visit(library=t.branch_a, by=staff, visit_on=date(2025, 10, 10))
    cancelled = make_visit(library=t.system_b, by=staff, visit_on=date(2025, 8, 8))
    services.cancel_visit(cancelled, by=staff, reason="Liga")
    w.old = report(make_visit(library=t.system_b, by=staff, visit_on=date(2024, 12, 12)),
                   by=staff)
    services.complete_action(w.old.actions.get(), by=staff, done_on=date(2025, 1, 20))
    return w


# --- a hand count from the records ---------------------------------------------------------

def hand_count(library_ids=None, municipality=None) -> dict:
    """The year's figures counted in Python from every record, without the selectors."""
    def kept(library):
        if library_ids is not None:
            return library.pk in library_ids
        if municipality is not None:
            return library.municipality_id == municipality.pk
        return True

    given = [c for c in Consultation.objects.select_related("library", "topic")
             if c.held_on.year == YEAR and kept(c.library)]
    visits = [v for v in FieldVisit.objects.select_related("library") if kept(v.library)]
    actions = [a for a in VisitAction.objects.select_related("visit__library")
               if kept(a.visit.library)]
    questions = [q for q in Question.objects.select_related("library") if kept(q.library)]
    minutes = sum(c.minutes for c in given)
    return {
        "consultations": len(given),
        "hours": rounded(Decimal(minutes) / 60, 1),
        "by_topic": dict(Counter(c.topic.name for c in given)),
        "by_channel": dict(Counter(str(c.get_channel_display()) for c in given)),
        "visits_made": sum(v.status == VisitStatus.REPORTED and v.visit_on.year == YEAR
                           for v in visits),
        "visits_planned": sum(v.status == VisitStatus.PLANNED and v.visit_on.year == YEAR
                              for v in visits),
        "actions_completed": sum(bool(a.done_on and a.done_on.year == YEAR) for a in actions),
        "questions_asked": sum(q.created_at.year == YEAR for q in questions),
        "questions_answered": sum(bool(q.answered_at and q.answered_at.year == YEAR)
                                  for q in questions),
        "project_consultations": sum(c.topic.name == "Projektai" or bool(c.project_id)
                                     for c in given),
    }


def command_metrics(*args) -> dict:
    """``manage.py metrics`` read back: {name: printed value}; a breakdown as a dict."""
    out = io.StringIO()
    call_command("metrics", f"--year={YEAR}", *args, stdout=out)
    found = {}
    for line in out.getvalue().splitlines():
        match = re.match(r"^(?P<name>\S+)\s+(?P<value>.+?) (?P<unit>\S*)\s*\[[\d.]+\] ", line)
        if not match or not match["name"].startswith("konsultacijos."):
            continue
        value = match["value"].strip()
        if ": " in value:
            value = {k: int(v) for k, v in (part.rsplit(": ", 1) for part in value.split("; "))}
        elif value != "–":
            value = Decimal(value)
        found[match["name"]] = value
    return found


def page_figures(client, **params) -> dict:
    response = client.get(URL, {"year": YEAR, **params})
    assert response.status_code == 200
    context = response.context
    totals = context["totals"]
    return {
        "consultations": totals["consultations"], "hours": totals["hours"],
        "by_topic": {r["name"]: r["count"] for r in context["figures"].topics},
        "by_channel": {str(r["label"]): r["count"] for r in context["figures"].channels
                       if r["count"]},
        "visits_made": totals["visits_made"], "visits_planned": totals["visits_planned"],
        "actions_completed": totals["actions_completed"],
        "questions_asked": totals["questions_asked"],
        "questions_answered": totals["questions_answered"],
        "response": response,
    }


def registry_figures(scope=None) -> dict:
    def value(name):
        return metric(f"konsultacijos.{name}").value(PERIOD, scope)

    return {"consultations": value("consultations"), "hours": rounded(value("hours"), 1),
            "by_topic": value("by_topic"), "by_channel": value("by_channel"),
            "visits_made": value("visits"), "actions_completed": value("actions_completed"),
            "questions_answered": value("questions_answered"),
            "project_consultations": value("project_consultations")}


# --- the statistics page and the metrics match the records ---------------------------------

def test_the_statistics_page_and_manage_py_metrics_match_the_records(world, staff_client):
    hand = hand_count()
    # what the records say, counted by hand above: 9 consultations, 280 minutes
    assert hand["consultations"] == 9 and hand["hours"] == Decimal("4.7")
    assert hand["by_topic"] == {"Statistika": 5, "Projektai": 2, "Metodinė veikla": 2}
    assert (hand["visits_made"], hand["visits_planned"], hand["actions_completed"]) == (2, 1, 2)
    assert (hand["questions_asked"], hand["questions_answered"]) == (3, 2)

    page = page_figures(staff_client)
    registry = registry_figures()
    printed = command_metrics()
    for key in ("consultations", "hours", "by_topic", "by_channel", "visits_made",
                "visits_planned", "actions_completed", "questions_asked",
                "questions_answered"):
        assert page[key] == hand[key], key
    for key in ("consultations", "hours", "by_topic", "by_channel", "visits_made",
                "actions_completed", "questions_answered", "project_consultations"):
        assert registry[key] == hand[key], key
    assert printed == {
        "konsultacijos.consultations": hand["consultations"],
        "konsultacijos.hours": hand["hours"],
        "konsultacijos.by_topic": hand["by_topic"],
        "konsultacijos.by_channel": hand["by_channel"],
        "konsultacijos.visits": hand["visits_made"],
        "konsultacijos.actions_completed": hand["actions_completed"],
        "konsultacijos.questions_answered": hand["questions_answered"],
        "konsultacijos.project_consultations": hand["project_consultations"],
    }
    # the page prints what its context holds
    html = page["response"].content.decode()
    assert re.search(r'data-total="consultations"><a [^>]*>9</a>', html)
    assert 'data-total="hours">4,7<' in html or 'data-total="hours">4.7<' in html


def test_a_municipality_and_a_library_agree_with_the_command_and_the_page(world, staff_client,
                                                                          client_a):
    t = world.t
    hand = hand_count(municipality=t.municipality_a)
    page = page_figures(staff_client, municipality=t.municipality_a.pk)
    printed = command_metrics(f"--municipality={t.municipality_a.code}")
    assert hand["consultations"] == 5 and hand["visits_made"] == 1
    assert page["consultations"] == printed["konsultacijos.consultations"] == 5
    assert page["hours"] == printed["konsultacijos.hours"] == hand["hours"] == Decimal("2.9")
    assert page["by_topic"] == printed["konsultacijos.by_topic"] == hand["by_topic"]
    assert page["visits_made"] == printed["konsultacijos.visits"] == 1
    # the director of system A sees exactly the library scope "SVB-KRE" (with its outlets)
    own = {t.system_a.pk, t.central_a.pk, t.branch_a.pk, t.service_point_a.pk}
    director = page_figures(client_a)
    by_library = command_metrics(f"--library={t.system_a.code}")
    library_hand = hand_count(library_ids=own)
    for key in ("consultations", "hours", "by_topic", "by_channel", "visits_made",
                "actions_completed", "questions_answered"):
        assert director[key] == library_hand[key], key
    assert by_library["konsultacijos.consultations"] == director["consultations"] == 5
    assert by_library["konsultacijos.by_channel"] == director["by_channel"]
    assert by_library["konsultacijos.actions_completed"] == director["actions_completed"] == 1


def test_the_overview_counts_visits_actions_and_answer_times(world, staff_client):
    response = staff_client.get(URL, {"year": YEAR})
    totals = response.context["totals"]
    assert totals["visits_made"] == 2 and totals["visits_planned"] == 1
    assert totals["actions_completed"] == 2          # one of 2025's visit, one of 2024's
    assert totals["actions_agreed"] == 4 and totals["actions_open"] == 3
    assert totals["actions_overdue"] == 1
    assert totals["median_answer_days"] == Decimal("4.0")   # 3 and 5 working days
    assert totals["libraries"] == 5
    months = response.context["figures"].months
    assert [m["count"] for m in months] == [1, 2, 3, 1, 0, 0, 0, 0, 0, 0, 1, 1]
    staff = {r["name"]: (r["count"], r["hours"]) for r in response.context["figures"].staff}
    assert staff == {"Rūta Skyriūtė": (5, Decimal("1.9")),
                     "Jonas Jonaitis": (4, Decimal("2.8"))}


def test_every_count_links_to_the_consultation_list_of_the_same_records(world, staff_client):
    response = staff_client.get(URL, {"year": YEAR})
    found = response.context["figures"]
    rows = (found.topics + found.channels + found.months + found.municipalities
            + found.libraries + found.staff)
    checked = 0
    for row in rows:
        if not row["count"] or not row["url"]:
            continue
        listed = staff_client.get(row["url"])
        assert listed.status_code == 200, row["url"]
        assert listed.context["paginator"].count == row["count"], (row["url"], row["count"])
        checked += 1
    assert checked >= 15
    assert "held_from=2025-01-01&held_to=2025-12-31" in found.topics[0]["url"]


def test_the_year_defaults_to_this_year_and_a_bad_one_is_ignored(world, staff_client):
    this_year = date.today().year
    assert staff_client.get(URL).context["year"] == this_year
    assert staff_client.get(URL, {"year": "abc"}).context["year"] == this_year
    assert staff_client.get(URL, {"year": "1700"}).context["year"] == this_year
    response = staff_client.get(URL, {"year": YEAR, "municipality": "999999"})
    assert response.context["municipality"] is None
    assert response.context["totals"]["consultations"] == 9


# --- who sees what ---------------------------------------------------------------------------

def test_a_director_sees_only_their_librarys_figures(world, client_a):
    response = client_a.get(URL, {"year": YEAR})
    assert response.status_code == 200
    context = response.context
    assert context["totals"]["consultations"] == 5
    assert [r["name"] for r in context["figures"].libraries] == ["Kretingos viešoji biblioteka"]
    assert [r["name"] for r in context["figures"].municipalities] == [
        "Kretingos rajono savivaldybė"]
    assert context["totals"]["questions_asked"] == 2       # their library's, not B's
    assert context["totals"]["visits_made"] == 1
    assert context["municipalities"] == []                  # nothing to narrow down
    html = response.content.decode()
    assert "Skuodo" not in html
    # another municipality asked for: still only their own records
    other = client_a.get(URL, {"year": YEAR, "municipality": world.t.municipality_b.pk})
    assert other.context["totals"]["consultations"] == 5


def test_management_sees_the_whole_territory(world, manager_client):
    assert manager_client.get(URL, {"year": YEAR}).context["totals"]["consultations"] == 9


def test_the_outsider_and_a_librarian_who_directs_nothing_get_403(world, client_b, territory):
    assert client_b.get(URL).status_code == 403
    from django.test import Client

    branch_librarian = UserFactory(role="librarian", email="filialas@test.lt")
    territory.branch_a.memberships.create(user=branch_librarian, role="librarian")
    client = Client()
    client.force_login(branch_librarian, backend="paskyros.backends.EmailBackend")
    assert client.get(URL).status_code == 403


def test_the_menu_offers_the_overview_to_whom_may_open_it(world, staff, manager, librarian_a,
                                                          librarian_b):
    item = menu.get("konsultacijos:overview")
    assert item.group == "training"
    assert item.allowed(staff) and item.allowed(manager) and item.allowed(librarian_a)
    assert not item.allowed(librarian_b)


# --- the register ------------------------------------------------------------------------------

def ask(user, capture, kind_name, fmt, **params) -> ReportJob:
    with capture(execute=True):
        job = documents.request_report(kind=kind_name, params={"format": fmt, **params},
                                       format=fmt, by=user)
    job.refresh_from_db()
    return job


def test_the_register_rows_equal_the_records_and_hours_are_numbers(
        world, staff, django_capture_on_commit_callbacks):
    job = ask(staff, django_capture_on_commit_callbacks, "konsultacijos.register", "xlsx",
              year=str(YEAR))
    assert job.status == JobStatus.DONE, job.error
    sheet = load_workbook(job.file.path).worksheets[0]
    rows = list(sheet.iter_rows(min_row=2))
    records = list(Consultation.objects.filter(held_on__year=YEAR).order_by("held_on", "pk"))
    assert len(rows) == len(records) == 9
    for row, record in zip(rows, records, strict=True):
        assert row[0].value == datetime.combine(record.held_on, datetime.min.time())
        assert row[0].number_format == "yyyy-mm-dd"
        assert row[1].value == record.library.name
        assert row[5].value == record.topic.name
        assert row[8].value == record.minutes
        assert isinstance(row[9].value, (int, float))
        assert Decimal(str(row[9].value)) == record.hours
        assert row[9].number_format == "#,##0.00"        # 0,33 in a Lithuanian Excel
    first = [c.value for c in rows[0]]
    assert first[2] == "Kretingos rajono savivaldybė" and first[3] == "Ona Bibliotekininkė"
    assert first[10] == "Rūta Skyriūtė"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_the_register_as_csv_and_filtered_by_place_topic_and_dates(
        world, staff, django_capture_on_commit_callbacks):
    t = world.t
    job = ask(staff, django_capture_on_commit_callbacks, "konsultacijos.register", "csv",
              year=str(YEAR), municipality=str(t.municipality_b.pk))
    assert job.status == JobStatus.DONE, job.error
    with job.file.open("rb") as handle:
        text = handle.read().decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert len(lines) == 1 + 4
    assert {line[1] for line in lines[1:]} == {"Skuodo viešoji biblioteka",
                                               "Skuodo gimnazijos biblioteka"}
    by_library = ask(staff, django_capture_on_commit_callbacks, "konsultacijos.register",
                     "xlsx", year=str(YEAR), library=str(t.system_a.pk), topic=str(world.stat.pk))
    names = [r[1] for r in load_workbook(by_library.file.path).worksheets[0].iter_rows(
        min_row=2, values_only=True)]
    assert sorted(names) == ["Darbėnų filialas", "Kretingos centrinė biblioteka",
                             "Kretingos viešoji biblioteka"]      # with its outlets
    dated = ask(staff, django_capture_on_commit_callbacks, "konsultacijos.register", "csv",
                date_from="2024-12-31", date_to="2025-01-31")
    with dated.file.open("rb") as handle:
        assert len(handle.read().decode("utf-8-sig").strip().splitlines()) == 1 + 2


def test_a_directors_register_holds_their_library_only(world, librarian_a, librarian_b,
                                                       django_capture_on_commit_callbacks):
    job = ask(librarian_a, django_capture_on_commit_callbacks, "konsultacijos.register",
              "xlsx", year=str(YEAR))
    assert job.status == JobStatus.DONE, job.error
    rows = list(load_workbook(job.file.path).worksheets[0].iter_rows(min_row=2,
                                                                     values_only=True))
    assert len(rows) == 5 and all(r[2] == "Kretingos rajono savivaldybė" for r in rows)
    with pytest.raises(documents.NotAvailable):          # not a library they may choose
        documents.request_report(kind="konsultacijos.register", format="xlsx",
                                 params={"year": str(YEAR),
                                         "library": str(world.t.system_b.pk)},
                                 by=librarian_a)
    with pytest.raises(documents.NotAvailable):          # records are not open to them
        documents.request_report(kind="konsultacijos.register", format="xlsx",
                                 params={"year": str(YEAR)}, by=librarian_b)


@pytest.mark.parametrize("params", [{}, {"year": "abc"}, {"year": "1700"},
                                    {"date_from": "2025-01-01"},
                                    {"date_from": "2025-02-01", "date_to": "2025-01-01"},
                                    {"date_from": "2025.01.01", "date_to": "2025-02-01"}])
def test_the_register_refuses_bad_parameters(params, world, staff):
    with pytest.raises(documents.NotAvailable):
        documents.request_report(kind="konsultacijos.register", params=params, format="xlsx",
                                 by=staff)
    assert not ReportJob.objects.exists()


def test_the_overview_asks_the_engine_for_the_register(world, staff_client, client_b,
                                                       django_capture_on_commit_callbacks):
    html = staff_client.get(URL, {"year": YEAR}).content.decode()
    assert 'name="kind" value="konsultacijos.register"' in html
    assert 'name="kind" value="konsultacijos.summary"' in html
    request = reverse("ataskaitos:document_request")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(request, {"kind": "konsultacijos.register",
                                               "format": "xlsx", "year": str(YEAR)})
    assert response.status_code == 302
    job = ReportJob.objects.get()
    assert job.status == JobStatus.DONE and job.params == {"year": "2025", "format": "xlsx"}
    assert client_b.post(request, {"kind": "konsultacijos.register", "format": "xlsx",
                                   "year": str(YEAR)}).status_code == 404


# --- the summary and the annual report ------------------------------------------------------------

def test_the_summary_has_the_pages_tables(world, staff, django_capture_on_commit_callbacks):
    job = ask(staff, django_capture_on_commit_callbacks, "konsultacijos.summary", "xlsx",
              year=str(YEAR))
    assert job.status == JobStatus.DONE, job.error
    book = load_workbook(job.file.path)
    facts = {row[1]: row[2] for row in book.worksheets[0].iter_rows(values_only=True)
             if len(row) > 2 and row[1]}
    assert 9 in facts.values()
    topic_sheet = book.worksheets[1]
    read = {r[0]: (r[1], r[2]) for r in topic_sheet.iter_rows(min_row=2, values_only=True)}
    assert read["Statistika"] == (5, 1.8) and read["Projektai"] == (2, 2.0)
    assert len(book.worksheets) >= 8                        # facts, 6 tables, the visits


def test_the_summary_of_a_director_and_in_pdf(world, librarian_a,
                                              django_capture_on_commit_callbacks):
    from portalas.registry import kind

    with translation.override("lt"):
        document = kind("konsultacijos.summary").build(
            params={"year": YEAR, "period": PERIOD}, user=librarian_a,
            progress=lambda p: None)
    tables = {t.title: t for s in document.sections for t in s.tables}
    assert sum(r[1] for r in next(iter(tables.values())).rows) == 5
    pdf = ask(librarian_a, django_capture_on_commit_callbacks, "konsultacijos.summary", "pdf",
              year=str(YEAR))
    assert pdf.status == JobStatus.DONE, pdf.error


def test_the_annual_section_tells_the_year_in_words_with_plural_forms(world):
    chapter = annual_report_sections.get("konsultacijos")
    assert chapter.function == "3.2"
    with translation.override("en"):
        [section] = chapter.build(YEAR, None)
        text = section.paragraphs[0]
    assert text.startswith("In 2025 the department gave 9 consultations (4.7 h).")
    assert "Statistika (5)" in text and "2 methodological field visits were made." in text
    assert "median answer time was 4.0 working days" in text
    [table] = section.tables
    assert table.rows[-1] == ["Total", 9, Decimal("4.7")]
    with translation.override("en"):
        one = narrative(figures(Period.year(2024), Scope.territory()), 2024)
    assert one.startswith("In 2024 the department gave 1 consultation (1.0 h).")
    assert "1 methodological field visit was made." in one
    assert annual_chapter(2019) == []                       # nothing recorded that year


# --- cost -----------------------------------------------------------------------------------

def _many(territory, staff, n: int) -> None:
    topics = [topic("Statistika"), topic("Projektai"), topic("Vadyba")]
    libraries = [territory.system_a, territory.central_a, territory.branch_a,
                 territory.system_b, territory.school_b]
    Consultation.objects.bulk_create(
        Consultation(held_on=date(YEAR, 1, 1) + timedelta(days=i % 365),
                     library=libraries[i % len(libraries)], topic=topics[i % len(topics)],
                     channel=list(Channel)[i % len(Channel)], minutes=5 + i % 60,
                     question="Klausimas", staff_member=staff, person_name="Ona")
        for i in range(n))
    visits = FieldVisit.objects.bulk_create(
        FieldVisit(library=libraries[i % len(libraries)], visit_on=date(YEAR, 1 + i % 12, 5),
                   purpose="Pagalba", status=VisitStatus.REPORTED) for i in range(n // 30))
    VisitAction.objects.bulk_create(VisitAction(visit=v, text="Veiksmas",
                                                due_on=date(YEAR, 12, 1)) for v in visits)


def test_the_overview_costs_the_same_for_30_or_300_consultations(territory, staff, librarian_a,
                                                                 staff_client, client_a):
    _many(territory, staff, 30)
    staff_client.get(URL)      # the session's "last seen" is written here, not below
    client_a.get(URL)
    few = (count_queries(lambda: staff_client.get(URL, {"year": YEAR})),
           count_queries(lambda: client_a.get(URL, {"year": YEAR})))
    _many(territory, staff, 270)
    with query_budget(25, "overview at 300 consultations"):
        response = staff_client.get(URL, {"year": YEAR})
    assert response.context["totals"]["consultations"] == 300
    many = (count_queries(lambda: staff_client.get(URL, {"year": YEAR})),
            count_queries(lambda: client_a.get(URL, {"year": YEAR})))
    assert few == many, (few, many)
