"""The trainings' documents and figures: the participant list (formulas neutralised), the
sign-in sheet, the year's overview, the metrics and the page showing the same numbers."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ataskaitos import services as documents
from ataskaitos.models import JobStatus, ReportJob
from mokymai.models import EventStatus, RegistrationStatus
from mokymai.reports import SignInParams, overview_document, sign_in_sheet_document
from mokymai.services import register
from mokymai.tests.factories import make_event, make_person
from portalas.metrics import Period, Scope
from portalas.numbers import rounded
from portalas.registry import annual_report_sections, metric

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://x")'


def request(kind, fmt, user, capture, **params) -> ReportJob:
    with capture(execute=True):
        job = documents.request_report(kind=kind, params=params, format=fmt, by=user)
    job.refresh_from_db()
    return job


# --- the figures ---------------------------------------------------------------------------------

def test_the_years_figures_follow_the_definitions(held_year, year, territory):
    period = Period.year(year)
    value = {name: metric(f"mokymai.{name}").value(period) for name in (
        "events_held", "participants", "people_trained", "participant_hours", "completions",
        "registrations", "no_shows", "costs_eur", "cost_per_participant_hour")}
    # seminar: 4 participants (3 × 8 h, 1 × 4 h), 1 no-show; training: 4 participants
    # (90 min = 2 h, then 3 × 4 h)
    assert value["events_held"] == 2
    assert value["participants"] == 8
    assert value["people_trained"] == 7          # A0 at both events
    assert value["participant_hours"] == Decimal("42.00")
    assert value["completions"] == 3            # 80 % of 8 h: only the full attendees
    assert value["registrations"] == 9
    assert value["no_shows"] == 1
    assert value["costs_eur"] == Decimal("361.20")
    assert value["cost_per_participant_hour"] == Decimal("361.20") / Decimal("42.00")


def test_scopes_count_the_people_from_there(held_year, year, territory):
    period = Period.year(year)
    kre = Scope.of_municipality(territory.municipality_a)
    sku = Scope.of_municipality(territory.municipality_b)
    system_a = Scope.of_library(territory.system_a)
    branch = Scope.of_library(territory.branch_a)
    assert metric("mokymai.participants").value(period, kre) == 5
    assert metric("mokymai.participants").value(period, sku) == 2
    assert metric("mokymai.participants").value(period, system_a) == 5   # with its outlets
    assert metric("mokymai.participants").value(period, branch) == 0
    assert metric("mokymai.no_shows").value(period, branch) == 1
    assert metric("mokymai.events_held").value(period, kre) == 2
    assert metric("mokymai.events_held").value(period, sku) == 1
    assert metric("mokymai.participant_hours").value(period, sku) == Decimal("6.00")
    assert metric("mokymai.costs_eur").value(period, kre) is None
    assert metric("mokymai.cost_per_participant_hour").value(period, kre) is None
    records = metric("mokymai.participants").records(period, sku)
    assert {r.person for r in records} == set(held_year["b"])
    assert metric("mokymai.costs_eur").records(period) is None


def test_a_quarter_counts_the_events_that_started_in_it(held_year, year):
    assert metric("mokymai.events_held").value(Period.quarter(year, 1)) == 1
    assert metric("mokymai.participants").value(Period.quarter(year, 2)) == 4


def test_the_overview_page_shows_the_metrics_own_values(held_year, year, staff_client):
    response = staff_client.get(reverse("mokymai:overview"), {"year": year})
    assert response.status_code == 200
    totals = response.context["totals"]
    period = Period.year(year)
    for name, value in totals.items():
        assert value == metric(f"mokymai.{name}").value(period, Scope.territory()), name
    overview = response.context["overview"]
    assert sum(line.participants for line in overview.events) == totals["participants"]
    assert sum(g.participant_hours for g in overview.by_kind) == totals["participant_hours"]
    assert sum(g.participants for g in overview.by_municipality) == totals["participants"]
    labels = [g.label for g in overview.by_municipality]
    assert labels[:2] == ["Kretingos rajono savivaldybė", "Skuodo rajono savivaldybė"]
    assert len(labels) == 3                      # and the participant from outside, last
    by_topic = {g.label: g for g in overview.by_topic}
    assert by_topic["Skaitmeninis raštingumas"].events == 2
    assert by_topic["Vaikų skaitymas"].participants == 4
    content = response.content.decode()
    assert 'name="kind" value="mokymai.overview"' in content


def test_manage_py_metrics_prints_the_overview_pages_figures(held_year, year, staff_client):
    import io

    from django.core.management import call_command

    totals = staff_client.get(reverse("mokymai:overview"), {"year": year}).context["totals"]
    out = io.StringIO()
    call_command("metrics", year=year, function="3.1", stdout=out)
    printed = {line.split()[0]: line.split()[1] for line in out.getvalue().splitlines()}
    for name, value in totals.items():
        shown = printed[f"mokymai.{name}"]
        decimals = metric(f"mokymai.{name}").decimals
        assert Decimal(shown) == rounded(value, decimals), name


@pytest.mark.parametrize("who", ["client_a", "client_b"])
def test_the_overview_page_is_for_the_whole_territory_roles(who, request, manager_client):
    assert request.getfixturevalue(who).get(reverse("mokymai:overview")).status_code == 403
    assert manager_client.get(reverse("mokymai:overview"), {"year": "abc"}).status_code == 200


def test_the_overview_document_has_the_same_numbers(held_year, year):
    document = overview_document(year)
    facts = dict(document.sections[0].facts)
    assert list(facts.values())[:3] == [2, 8, 7]
    events = document.sections[-1].tables[0]
    assert [row[1] for row in events.rows] == ["Seminaras", "Mokymai"]
    assert sum(row[4] for row in events.rows) == 8


@pytest.mark.parametrize("fmt", ["xlsx", "pdf", "docx"])
def test_overview_document_renders(fmt, held_year, year, staff,
                                   django_capture_on_commit_callbacks):
    job = request("mokymai.overview", fmt, staff, django_capture_on_commit_callbacks,
                  year=str(year))
    assert job.status == JobStatus.DONE, job.error
    if fmt != "xlsx":
        return
    book = load_workbook(job.file.path)
    values = [c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert "Seminaras" in values and 42 in values


def test_the_annual_report_chapter(held_year, year, staff):
    chapter = annual_report_sections.get("mokymai")
    [section] = chapter.build(year=year, user=staff)
    assert chapter.function == "3.1"
    assert section.tables[0].rows[-1][1:] == [2, 8, Decimal("42.0")]
    assert section.paragraphs and str(year) in section.paragraphs[0]


def test_the_regional_analysis_gets_the_methodological_chapter_from_the_trainings(
        held_year, year):
    from django.utils import translation

    from statistika.selectors.regional_analysis import regional_analysis

    with translation.override("lt"):
        document = regional_analysis(year=year)
        empty_year = regional_analysis(year=year + 3)
    chapter = next(s for s in document.sections if s.key == "methodology")
    rows = {row[0]: row[2] for row in chapter.tables[0].rows}
    assert rows[metric("mokymai.participants").label_lt] == 8
    assert rows[metric("mokymai.events_held").label_lt] == 2
    assert "methodology" not in [s.key for s in empty_year.sections]


# --- the participant list ----------------------------------------------------------------------

def test_participant_list_neutralises_what_people_typed(staff, territory,
                                                        django_capture_on_commit_callbacks):
    event = make_event(capacity=1)
    person = make_person(territory.central_a, first=FORMULA, last="+Pavardė")
    person.phone = "-1"
    person.save()
    register(event=event, person=person, by=staff, organisation="@org")
    register(event=event, person=make_person(territory.central_a, first="Laukianti",
                                             last="Eilėje"), by=staff)
    job = request("mokymai.participants", "xlsx", staff, django_capture_on_commit_callbacks,
                  event=str(event.pk))
    assert job.status == JobStatus.DONE, job.error
    sheet = load_workbook(job.file.path).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows()]
    first = rows[1]
    name_cell = first[2]
    assert name_cell.data_type == "s" and name_cell.value == "'" + FORMULA
    assert first[1].value == "'+Pavardė" and first[7].value == "'-1"
    assert first[8].value == "'@org"
    assert first[0].value == 1 and first[4].value == "Kretingos rajono savivaldybė"
    assert rows[2][9].value.endswith("(1)")       # waiting, first in the queue
    assert all(cell.data_type != "f" for row in rows for cell in row)
    csv_job = request("mokymai.participants", "csv", staff, django_capture_on_commit_callbacks,
                      event=str(event.pk))
    with csv_job.file.open("rb") as handle:
        text = handle.read().decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_participant_rows_have_hours_and_completion_once_held(held_year, staff):
    from mokymai.reports import participant_rows

    rows = participant_rows(held_year["seminar"])
    assert [row[11] for row in rows] == [Decimal("8.00")] * 3 + [Decimal("4.00"),
                                                                   Decimal("0.00")]
    assert rows[0][12] and rows[3][12] and rows[0][12] != rows[3][12]


@pytest.mark.parametrize("who", ["librarian_a", "librarian_b"])
def test_librarians_cannot_ask_for_participant_lists(who, request, territory, staff):
    user = request.getfixturevalue(who)
    client = request.getfixturevalue("client_a" if who == "librarian_a" else "client_b")
    event = make_event()
    register(event=event, person=make_person(territory.central_a), by=staff)
    for kind, fmt in (("mokymai.participants", "xlsx"), ("mokymai.sign_in_sheet", "pdf"),
                      ("mokymai.overview", "pdf")):
        response = client.post(reverse("ataskaitos:document_request"), {
            "kind": kind, "format": fmt, "event": event.pk, "year": 2025})
        assert response.status_code == 403, (kind, response.status_code)
    assert not ReportJob.objects.filter(requested_by=user).exists()


def test_a_draft_event_is_outside_a_librarians_choices(librarian_a):
    draft = make_event(status=EventStatus.DRAFT)
    form = SignInParams(data={"event": draft.pk}, user=librarian_a)
    assert not form.is_valid()


# --- the sign-in sheet -----------------------------------------------------------------------

def test_sign_in_sheet_lists_the_registered_in_lithuanian_order(staff, territory):
    event = make_event(capacity=3, sessions=2, venue="Kretingos biblioteka")
    names = [("Šarūnas", "Šimkus"), ("Ona", "Čepienė"), ("Jonas", "Cibulskis"),
             ("Laukia", "Zigmantas")]
    registrations = [register(event=event, person=make_person(territory.central_a, first=f,
                                                                last=last), by=staff)
                     for f, last in names]
    assert registrations[-1].status == RegistrationStatus.WAITING
    session = event.sessions.last()
    document = sign_in_sheet_document(event, session)
    [table] = document.sections[0].tables
    assert [row[1] for row in table.rows] == ["Jonas Cibulskis", "Ona Čepienė",
                                              "Šarūnas Šimkus"]
    assert [row[0] for row in table.rows] == [1, 2, 3]
    assert all(row[3] == "" for row in table.rows)
    local = timezone.localtime(session.starts_at)
    assert document.title == event.title
    assert local.strftime("%Y-%m-%d %H:%M") in document.subtitle
    assert "Kretingos biblioteka" in document.subtitle


def test_sign_in_sheet_refuses_another_events_session(staff):
    event, other = make_event(), make_event(title="Kitas")
    form = SignInParams(data={"event": event.pk, "session": other.sessions.first().pk},
                        user=staff)
    assert not form.is_valid()
    form = SignInParams(data={"event": event.pk, "session": event.sessions.first().pk},
                        user=staff)
    assert form.is_valid(), form.errors


def test_sign_in_sheet_pdf_builds(staff, territory, django_capture_on_commit_callbacks):
    event = make_event(day=timezone.localdate() + timedelta(days=3))
    register(event=event, person=make_person(territory.central_a, first="Žydrūnas",
                                             last="Ąžuolas"), by=staff)
    job = request("mokymai.sign_in_sheet", "pdf", staff, django_capture_on_commit_callbacks,
                  event=str(event.pk), session=str(event.sessions.first().pk))
    assert job.status == JobStatus.DONE, job.error
    with job.file.open("rb") as handle:
        assert handle.read(4) == b"%PDF"


# --- a year with no events ------------------------------------------------------------------

EMPTY_YEAR = 2003


def test_the_overview_of_a_year_without_events_says_so_in_every_table(db):
    document = overview_document(EMPTY_YEAR)
    tables = [table for section in document.sections for table in section.tables]
    assert len(tables) == 4
    for table in tables:
        [row] = table.rows
        texts = [value for value in row if isinstance(value, str)]
        assert texts in (["Šiais metais įvykusių renginių nėra."],
                         ["Šiais metais dalyvių nėra."]), table.title
        assert all(value is None for value in row if not isinstance(value, str))
    assert document.numbers() == []       # no number is made up for the empty row


@pytest.mark.parametrize("fmt", ["xlsx", "pdf", "docx"])
def test_the_overview_file_of_a_year_without_events_shows_no_data(
        fmt, staff, django_capture_on_commit_callbacks):
    job = request("mokymai.overview", fmt, staff, django_capture_on_commit_callbacks,
                  year=str(EMPTY_YEAR))
    assert job.status == JobStatus.DONE, job.error
    text = " ".join(document_text(job, fmt).split())
    assert text.count("Šiais metais") == 4                  # one line in each table
    if fmt != "pdf":     # pdftotext interleaves a wrapped cell with its neighbours
        assert text.count("Šiais metais įvykusių renginių nėra.") == 3
        assert "Šiais metais dalyvių nėra." in text


def document_text(job, fmt) -> str:
    """The words of a finished job's file: cells, paragraphs and table cells, or the PDF's
    text (pdftotext)."""
    import subprocess

    from conftest import require_program

    path = job.file.path
    if fmt == "xlsx":
        book = load_workbook(path)
        return "\n".join(str(c.value) for sheet in book.worksheets
                         for row in sheet.iter_rows() for c in row if c.value is not None)
    if fmt == "docx":
        from docx import Document as Word

        word = Word(path)
        return "\n".join([p.text for p in word.paragraphs]
                         + [cell.text for table in word.tables for row in table.rows
                            for cell in row.cells])
    pdftotext = require_program("pdftotext")
    return subprocess.run([pdftotext, "-layout", path, "-"], capture_output=True, check=True,
                          text=True).stdout


# --- who opened a participant list ---------------------------------------------------------

@pytest.mark.parametrize(("kind", "fmt", "how"), [
    ("mokymai.participants", "xlsx", "rows"),
    ("mokymai.participants", "csv", "rows"),
    ("mokymai.sign_in_sheet", "pdf", "pdf"),
])
def test_a_participant_list_or_sign_in_sheet_download_is_logged(
        kind, fmt, how, staff, manager, territory, django_capture_on_commit_callbacks):
    from bibliotekos.models import PersonalDataAccess

    event = make_event()
    other = make_event(title="Kitas renginys")
    register(event=event, person=make_person(territory.central_a), by=staff)
    job = request(kind, fmt, manager, django_capture_on_commit_callbacks, event=str(event.pk))
    assert job.status == JobStatus.DONE, job.error
    [entry] = PersonalDataAccess.objects.all()
    assert (entry.user, entry.what, entry.subject, entry.how) == (
        manager, kind, f"mokymai.trainingevent:{event.pk}", how)
    assert str(other.pk) not in entry.subject.split(":")[0]


def test_a_refused_participant_list_logs_nothing(client_b, territory, staff):
    from bibliotekos.models import PersonalDataAccess

    event = make_event()
    register(event=event, person=make_person(territory.central_a), by=staff)
    response = client_b.post(reverse("ataskaitos:document_request"), {
        "kind": "mokymai.participants", "format": "xlsx", "event": event.pk})
    assert response.status_code == 403
    assert client_b.get(reverse("mokymai:event_participants",
                                args=[event.pk])).status_code == 403
    assert not PersonalDataAccess.objects.exists()


def test_hours_summed_in_the_database_are_each_registrations_hours(held_year, year, territory):
    """Participant-hours and staff hours sum completed events' fixed hours in the database
    and count the rest from plain attendance rows: the same as ``registration_hours`` of
    every participation, also for an event whose hours are set apart from its sessions."""
    from mokymai.models import TrainingEvent
    from mokymai.selectors_overview import hours_total, participations, registration_hours

    TrainingEvent.objects.filter(title="Mokymai").update(hours=Decimal("3.00"))
    period = Period.year(year)
    for scope in (Scope.territory(), Scope.of_library(territory.system_a)):
        rows = participations(period, scope)
        each = (rows.select_related("event")
                .prefetch_related("attendances", "event__sessions"))
        expected = sum((registration_hours(r) for r in each), Decimal("0"))
        assert hours_total(rows) == expected
    assert hours_total(participations(period, Scope.territory())) > 0
