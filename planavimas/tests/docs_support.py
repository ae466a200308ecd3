"""What the documents' tests share: the county library (the title page's name), a
statistics campaign an indicator counts, a plan with goals in two chapters, and reading a
finished document back (PDF text, DOCX text, XLSX cells)."""

import subprocess
from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from ataskaitos import services
from ataskaitos.models import JobStatus, ReportJob
from bibliotekos.models import Library, LibraryKind
from conftest import require_program
from planavimas.models import Chapter, Goal, Indicator, Measure, Objective
from planavimas.tests.factories import make_plan
from statistika.models import Campaign, Submission, SubmissionStatus

YEAR = 2026
LIBRARY = "Klaipėdos apskrities viešoji Ievos Simonaitytės biblioteka"
SUBMITTED = "statistika.reports_submitted"


def county_library(territory) -> Library:
    return Library.objects.create(code="KAVB", name=LIBRARY, kind=LibraryKind.COUNTY,
                                  municipality=territory.municipality_a)


def campaign(territory, *, year=YEAR) -> Campaign:
    """Four libraries expected: two submitted on time and accepted (one handed on to LNB),
    one submitted late and accepted, one not started — three submitted in all."""
    deadline = timezone.make_aware(datetime(year + 1, 1, 20, 23, 59))
    found = Campaign.objects.create(year=year, kinds=["system", "school", "county"],
                                    deadline=deadline)
    early = timezone.make_aware(datetime(year + 1, 1, 10, 12))
    late = timezone.make_aware(datetime(year + 1, 1, 25, 12))
    for library, status, day in (
            (territory.system_a, SubmissionStatus.HANDED_ON, early),
            (territory.system_b, SubmissionStatus.ACCEPTED, early),
            (territory.school_b, SubmissionStatus.ACCEPTED, late)):
        Submission.objects.create(campaign=found, library=library, status=status,
                                  submitted_at=day)
    Submission.objects.create(campaign=found, library=Library.objects.get(code="KAVB"))
    return found


def plan_with_chapters(*, year=YEAR, by=None):
    """Chapter 3: a goal with two measures of a typed-in indicator (planned 10, actual 8
    — 80 %); chapter 1: a goal whose indicator counts the statistics reports submitted
    (planned 4)."""
    plan = make_plan(year=year, by=by, measures=2, chapter=Chapter.METHODOLOGY,
                     introduction="Skyriaus **misija**: stiprinti regiono bibliotekas.")
    Indicator.objects.filter(measure__objective__goal__plan=plan).update(
        actual_manual=Decimal("8"))
    Measure.objects.filter(objective__goal__plan=plan).update(result="done")
    goal = Goal.objects.create(plan=plan, position=1, chapter=Chapter.PLANNING,
                               title="Surinkti bibliotekų statistiką",
                               narrative="Ataskaitos surinktos laiku.")
    objective = Objective.objects.create(goal=goal, position=1,
                                         title="Organizuoti statistikos rinkimą")
    measure = Measure.objects.create(objective=objective, position=1,
                                     title="Priimti bibliotekų ataskaitas", quarter=1,
                                     result="partly", result_comment="Viena vėlavo.")
    Indicator.objects.create(measure=measure, position=1, name="Pateiktos ataskaitos",
                             unit="vnt.", planned=Decimal("4"), metric=SUBMITTED)
    return plan


def render(kind: str, fmt: str, user, **params) -> ReportJob:
    """The engine's document (asked for, then built as the worker builds it)."""
    job = services.request_report(kind=kind, params={k: str(v) for k, v in params.items()},
                                  format=fmt, by=user)
    job = services.run_job(job.pk)
    assert job.status == JobStatus.DONE, job.error
    return job


def pdf_text(path, *, layout: bool = False) -> str:
    """The PDF's text; without ``layout`` in drawing order with the white space of wrapped
    cells made single spaces ("Surengti seminarų ciklą 2" whatever the column's width)."""
    program = require_program("pdftotext")
    result = subprocess.run([program, *(["-layout"] if layout else []), str(path), "-"],
                            capture_output=True, text=True, check=True)
    text = result.stdout.replace("\xa0", " ")
    return text if layout else " ".join(text.split())


def docx_text(path) -> str:
    from docx import Document as Word

    word = Word(str(path))
    lines = [p.text for p in word.paragraphs]
    lines += [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    return "\n".join(lines).replace("\xa0", " ")


def xlsx_cells(path) -> list:
    from openpyxl import load_workbook

    book = load_workbook(str(path))
    return [cell.value for sheet in book.worksheets for row in sheet.iter_rows()
            for cell in row]
