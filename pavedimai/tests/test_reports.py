"""The year's list of assignments through the report engine (the XLSX read back cell by
cell; only what the requester sees; closed to librarians), the metrics (given, due, done on
time and the share; the department's own: a library's scope counts none) and the annual
report's chapter."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from ataskaitos import services as documents
from ataskaitos.models import JobStatus
from pavedimai import services_assignments, services_tasks
from pavedimai.reports import annual_chapter
from pavedimai.tests.factories import make_assignment, manager, staff
from pavedimai.tests.factories_assignments import days, give, task_of, today
from portalas.metrics import Period, Scope
from portalas.registry import metric

pytestmark = pytest.mark.django_db

YEAR = 2025


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def _on(day: datetime.date, **kwargs):
    return {"given_on": day, "year": day.year, **kwargs}


@pytest.fixture
def year_2025():
    """2025: four given by the director, one by the deputy. 2025-1 done on time (by Jūratė,
    to whom Rūta delegated it), 2025-2 done late, 2025-3 open past its deadline, 2025-4
    cancelled, 2025-5 (the deputy's) due in a month."""
    boss = manager(full_name="Vytautas Čėsna")
    deputy = manager(full_name="Aušra Pavaduotoja")
    ruta, jurate = staff(full_name="Rūta Žemaitienė"), staff(full_name="Jūratė Šimkienė")
    on_time = make_assignment(by=boss, to=[ruta], title="Apžvalga",
                              **_on(datetime.date(YEAR, 2, 3), deadline=datetime.date(YEAR, 3,
                                                                                      1)))
    late = make_assignment(by=boss, to=[jurate], title="Duomenys",
                           **_on(datetime.date(YEAR, 4, 1), deadline=datetime.date(YEAR, 4, 30)))
    open_late = make_assignment(by=boss, to=[ruta, jurate], title="Pristatymas",
                                **_on(datetime.date(YEAR, 10, 1),
                                      deadline=datetime.date(YEAR, 11, 15)))
    cancelled = make_assignment(by=boss, to=[jurate], title="Renginys",
                                **_on(datetime.date(YEAR, 5, 5),
                                      deadline=datetime.date(YEAR, 6, 5)))
    make_assignment(by=deputy, to=[ruta], title="Kitų metų",
                    **_on(datetime.date(YEAR, 12, 10), deadline=days(30)))
    delegate = services_tasks.delegate(task=task_of(on_time, ruta), by=ruta, people=[jurate],
                                       today=datetime.date(YEAR, 2, 4))[0]
    services_tasks.report(task=delegate, by=jurate, done=True, text="Atlikta",
                          today=datetime.date(YEAR, 2, 27))
    services_tasks.report(task=task_of(late, jurate), by=jurate, done=True, text="Vėliau",
                          today=datetime.date(YEAR, 5, 6))
    services_tasks.report(task=task_of(open_late, ruta), by=ruta, done=True, text="Mano")
    services_assignments.cancel(assignment=cancelled, by=boss, reason="Nebereikia.",
                                today=datetime.date(YEAR, 5, 20))
    return {"boss": boss, "deputy": deputy, "ruta": ruta, "jurate": jurate}


def ask(user, capture, fmt="xlsx", **params):
    with capture(execute=True):
        job = documents.request_report(kind="pavedimai.year", params=params, format=fmt,
                                       by=user)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    with job.file.open("rb") as handle:
        return handle.read()


def rows_of(data: bytes) -> list[tuple]:
    book = load_workbook(io.BytesIO(data))
    return list(book.worksheets[0].iter_rows(values_only=True))


# --- the year's list ---------------------------------------------------------------------------

def test_the_years_xlsx_lists_every_assignment_with_its_people_and_whether_on_time(
        year_2025, django_capture_on_commit_callbacks):
    rows = rows_of(ask(manager(), django_capture_on_commit_callbacks, year=str(YEAR)))
    assert rows[0] == ("Number", "Title", "Given by", "Given on", "Deadline",
                       "People and their states", "State", "Closed on", "On time")
    body = {row[0]: row for row in rows[1:]}
    assert list(body) == [f"{YEAR}-{n}" for n in range(1, 6)]
    first = body[f"{YEAR}-1"]
    assert first[1:5] == ("Apžvalga", "Vytautas Čėsna", datetime.datetime(YEAR, 2, 3),
                          datetime.datetime(YEAR, 3, 1))
    assert first[5] == (f"Rūta Žemaitienė – Delegated ({YEAR}-03-01, {YEAR}-02-27); "
                        f"→ Jūratė Šimkienė – Done ({YEAR}-03-01, {YEAR}-02-27)")
    assert first[6:] == ("Done", datetime.datetime(YEAR, 2, 27), "yes")
    assert body[f"{YEAR}-2"][6:] == ("Done", datetime.datetime(YEAR, 5, 6), "no")
    third = body[f"{YEAR}-3"]
    assert third[6:] == ("Open", None, "no")           # open past its deadline: late
    assert "Rūta Žemaitienė – Done" in third[5] and "Jūratė Šimkienė – Not yet seen" in third[5]
    assert body[f"{YEAR}-4"][6:] == ("Cancelled", None, None)
    assert body[f"{YEAR}-5"][8] is None                  # not due yet


def test_a_staff_member_gets_only_the_assignments_they_are_part_of(
        year_2025, django_capture_on_commit_callbacks):
    rows = rows_of(ask(year_2025["jurate"], django_capture_on_commit_callbacks,
                       year=str(YEAR)))
    assert [row[0] for row in rows[1:]] == [f"{YEAR}-{n}" for n in (1, 2, 3, 4)]


def test_the_years_list_is_closed_to_librarians_and_checks_the_year(
        year_2025, librarian_a, staff):
    with pytest.raises(PermissionDenied):
        documents.request_report(kind="pavedimai.year", params={"year": str(YEAR)},
                                 format="xlsx", by=librarian_a)
    with pytest.raises(documents.NotAvailable):
        documents.request_report(kind="pavedimai.year", params={"year": "12"},
                                 format="xlsx", by=staff)


def test_the_csv_holds_the_same_rows(year_2025, django_capture_on_commit_callbacks):
    text = ask(manager(), django_capture_on_commit_callbacks, "csv",
               year=str(YEAR)).decode("utf-8-sig")
    assert text.count("\n") == 6 and f"{YEAR}-3" in text and "Pristatymas" in text


# --- metrics -----------------------------------------------------------------------------------

def test_the_metrics_count_given_due_and_done_on_time(year_2025):
    period = Period.year(YEAR)
    assert metric("pavedimai.given").value(period) == 4          # the cancelled one not
    assert metric("pavedimai.due").value(period) == 3             # 2025-1, -2, -3
    assert metric("pavedimai.done_on_time").value(period) == 1
    assert metric("pavedimai.done").value(period) == 2
    share = metric("pavedimai.done_on_time_share")
    assert share.is_ratio and share.function == "6.3" and share.unit == "%"
    assert round(share.value(period), 1) == Decimal("33.3")
    assert metric("pavedimai.given").function == "6.3"
    assert metric("pavedimai.given").unit == "vnt."
    q1 = Period.quarter(YEAR, 1)
    assert metric("pavedimai.done_on_time_share").value(q1) == 100
    assert metric("pavedimai.done_on_time_share").value(Period.year(YEAR - 5)) is None


def test_a_library_or_municipality_scope_counts_none_of_the_departments_work(
        year_2025, territory):
    period = Period.year(YEAR)
    library = Scope.of_library(territory.system_a)
    municipality = Scope.of_municipality(territory.municipality_a)
    for scope in (library, municipality):
        assert metric("pavedimai.given").value(period, scope) == 0
        assert metric("pavedimai.done_on_time_share").value(period, scope) is None
        assert not metric("pavedimai.given").records(period, scope).exists()


# --- the annual report -------------------------------------------------------------------------

def test_the_annual_chapter_has_the_figures_and_the_givers(year_2025):
    sections = annual_chapter(YEAR)
    assert len(sections) == 1
    section = sections[0]
    facts = dict(section.facts)
    assert facts["Assignments given"] == 4 and facts["Assignments done"] == 2
    assert facts["Done on time"] == 1 and facts["Share done on time"] == "33.3 %"
    table = section.tables[0]
    assert table.rows == [["Aušra Pavaduotoja", 1, 0, 0, 1],
                          ["Vytautas Čėsna", 3, 2, 1, 1]]
    assert "gave the department 4 assignments" in section.paragraphs[0]
    assert annual_chapter(YEAR - 3) == []


def test_a_fresh_assignment_counts_as_given_this_year_but_not_due(staff):
    give(manager(), [staff], deadline=days(400))
    period = Period.year(today().year)
    assert metric("pavedimai.given").value(period) == 1
    assert metric("pavedimai.due").value(period) == 0
