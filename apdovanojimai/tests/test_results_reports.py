"""The awards' figures: the three metrics over a period and a library scope, the results
table as XLSX read back row for row, the annual report's section for 5.6, and the diploma's
PDF read back (the recipient exactly as typed, Lithuanian letters intact)."""

import datetime
import subprocess

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation
from openpyxl import load_workbook

from apdovanojimai import reports_results
from apdovanojimai import services_results as services
from apdovanojimai.diplomas_pdf import render_award, render_awards
from apdovanojimai.models import Award, ContestStatus, NominationStatus
from apdovanojimai.tests.factories import make_contest, make_nomination, make_person
from apdovanojimai.tests.factories_results import close_scoring, closed_contest, prepare, rank
from ataskaitos import services as documents
from ataskaitos.models import JobStatus
from conftest import require_program
from portalas.metrics import Period, Scope
from portalas.registry import annual_report_sections, metric

pytestmark = pytest.mark.django_db

YEAR = 2025


@pytest.fixture
def world(territory, staff, librarian_a):
    """A 2025 contest (window opened 2025-03-01) with three nominations of library A (one
    withdrawn) and one of Skuodas, published with a diploma and a letter; a draft contest
    of 2025 that counts for nothing."""
    contest = make_contest(status=ContestStatus.EVALUATION, by=staff, year=YEAR,
                           nominations_open=datetime.date(YEAR, 3, 1),
                           nominations_close=datetime.date(YEAR, 4, 30),
                           title="Metų bibliotekininkas 2025")
    submitted = timezone.make_aware(datetime.datetime(YEAR, 4, 10, 12))
    people = [make_person(territory.branch_a, first_name="Aušra"),
              make_person(territory.central_a, first_name="Rūta", last_name="Žemaitė"),
              make_person(territory.central_a, first_name="Jonas", last_name="Šimkus"),
              make_person(territory.central_b, first_name="Eglė", last_name="Čepaitė")]
    ours = [make_nomination(contest, by=librarian_a, person=person, submitted_at=submitted)
            for person in people[:3]]
    ours[2].status = NominationStatus.WITHDRAWN
    ours[2].save()
    theirs = make_nomination(contest, by=staff, person=people[3], submitted_at=submitted)
    close_scoring(contest)
    rank([theirs, ours[0], ours[1]], places=2)
    prepare(theirs, by=staff, recipient="Eglei Čepaitei", issued_on=datetime.date(YEAR, 6, 1))
    prepare(ours[0], by=staff, issued_on=datetime.date(YEAR, 6, 1))
    prepare(ours[1], by=staff, recipient="Rūtai Žemaitei", issued_on=datetime.date(YEAR, 6, 1))
    services.publish_results(contest=contest, by=staff)
    make_contest(status=ContestStatus.DRAFT, by=staff, year=YEAR, title="Juodraštis",
                 nominations_open=datetime.date(YEAR, 5, 1),
                 nominations_close=datetime.date(YEAR, 5, 30))
    return contest


def value(name, period, scope=None):
    return metric(name).value(period, scope or Scope.territory())


def test_the_metrics_count_the_year_for_the_territory(world):
    period = Period.year(YEAR)
    assert value("apdovanojimai.contests", period) == 1
    assert value("apdovanojimai.nominations", period) == 3
    assert value("apdovanojimai.awarded", period) == 2


def test_the_metrics_with_a_library_scope_count_its_outlets_only(world, territory):
    period = Period.year(YEAR)
    kretinga, skuodas = Scope.of_library(territory.system_a), Scope.of_library(
        territory.system_b)
    assert value("apdovanojimai.contests", period, kretinga) == 1
    assert value("apdovanojimai.nominations", period, kretinga) == 2
    assert value("apdovanojimai.awarded", period, kretinga) == 1
    assert value("apdovanojimai.nominations", period, skuodas) == 1
    assert value("apdovanojimai.awarded", period, skuodas) == 1
    school = Scope.of_library(territory.school_b)
    assert value("apdovanojimai.contests", period, school) == 0
    assert value("apdovanojimai.nominations", period, Scope.of_municipality(
        territory.municipality_a)) == 2


def test_the_metrics_of_another_period_count_nothing(world):
    period = Period.quarter(YEAR, 4)
    assert value("apdovanojimai.contests", period) == 0
    assert value("apdovanojimai.nominations", period) == 0
    assert value("apdovanojimai.awarded", period) == 0


def test_an_unpublished_contests_diplomas_are_not_counted(world, territory, staff,
                                                          librarian_a):
    contest, nominations, _ = closed_contest(staff=staff, nominator=librarian_a,
                                             library=territory.branch_a, count=1, year=YEAR,
                                             title="Kitas")
    prepare(nominations[0], by=staff, issued_on=datetime.date(YEAR, 7, 1))
    assert value("apdovanojimai.awarded", Period.year(YEAR)) == 2


def test_the_results_table_reads_back_from_the_xlsx_row_for_row(
        world, manager, django_capture_on_commit_callbacks):
    with translation.override("lt"), django_capture_on_commit_callbacks(execute=True):
        job = documents.request_report(kind="apdovanojimai.results",
                                       params={"year": str(YEAR), "format": "xlsx"},
                                       format="xlsx", by=manager)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    rows = list(load_workbook(job.file.path).worksheets[0].iter_rows(values_only=True))
    with translation.override("lt"):
        assert list(rows[0]) == [name for name, _kind in reports_results.result_header()]
    assert len(rows) == 4
    numbers = dict(Award.objects.values_list("nomination__person__first_name", "number"))
    assert list(rows[1])[:5] == ["Metų bibliotekininkas 2025", YEAR, "Metų bibliotekininkas",
                                 1, "Eglė Čepaitė"]
    assert rows[1][5] == "Skuodo centrinė biblioteka"
    assert float(rows[1][6]) == 90.0
    assert rows[1][8] == numbers["Eglė"]
    assert [row[4] for row in rows[1:]] == ["Eglė Čepaitė", "Aušra Petrauskienė",
                                            "Rūta Žemaitė"]
    assert [row[3] for row in rows[1:]] == [1, 2, 3]
    assert rows[3][8] == numbers["Rūta"]


def test_a_librarian_may_not_ask_for_the_results_table(world, librarian_a):
    with pytest.raises(PermissionDenied):
        documents.request_report(kind="apdovanojimai.results",
                                 params={"year": str(YEAR), "format": "xlsx"},
                                 format="xlsx", by=librarian_a)


def test_the_annual_report_has_a_section_for_function_5_6(world):
    section = annual_report_sections.get("apdovanojimai")
    assert section.function == "5.6"
    with translation.override("lt"):
        chapter = section.build(YEAR)
    assert len(chapter) == 1
    facts = dict(chapter[0].facts)
    assert list(facts.values()) == [1, 3, 2, 1]
    table = chapter[0].tables[0]
    assert [row[3] for row in table.rows] == ["Eglė Čepaitė", "Aušra Petrauskienė"]


def test_the_annual_report_leaves_out_a_year_without_contests(world):
    assert annual_report_sections.get("apdovanojimai").build(YEAR + 3) == []


# --- the PDF -----------------------------------------------------------------------------------

def pdf_text(data: bytes, tmp_path) -> str:
    program = require_program("pdftotext")
    path = tmp_path / "diplomas.pdf"
    path.write_bytes(data)
    text = subprocess.run([program, "-layout", str(path), "-"], capture_output=True,
                          check=True).stdout.decode()
    return " ".join(text.replace("\xa0", " ").split())


def test_the_diploma_prints_the_recipient_exactly_as_typed_in_lithuanian(world, tmp_path):
    award = Award.objects.get(recipient_text="Eglei Čepaitei")
    text = pdf_text(render_award(award), tmp_path)
    assert "DIPLOMAS" in text
    assert "Eglei Čepaitei" in text and "Eglė Čepaitė" not in text
    assert award.number in text
    assert "„Metų bibliotekininkas 2025“" in text
    assert "2025-06-01" in text and "Vardenė Pavardenė" in text


def test_a_thank_you_letter_has_its_own_layout(world, tmp_path):
    letter = Award.objects.get(recipient_text="Rūtai Žemaitei")
    assert letter.kind == "letter"
    text = pdf_text(render_award(letter), tmp_path)
    assert "PADĖKOS RAŠTAS" in text and "Dėkojame" in text and "Rūtai Žemaitei" in text


def test_many_awards_render_one_page_each(world):
    awards = list(Award.objects.select_related("contest").order_by("number"))
    pdfs = render_awards(awards)
    assert len(pdfs) == 3 and all(pdf.startswith(b"%PDF") for pdf in pdfs)
