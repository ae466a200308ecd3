"""An approved report's document is frozen: the chapters' sections and the annexes the
apps declare are counted at approval and kept in the snapshot, so the approved version
(named, or the latest a librarian gets) is the same document every time, while the live
draft after an amendment counts the records anew."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from planavimas import documents_report
from planavimas import services_workflow as workflow
from planavimas.models import Snapshot, SnapshotKind
from planavimas.reports import source_for
from planavimas.tests.docs_support import render, xlsx_cells
from planavimas.tests.report_factories import held_event, started_report

pytestmark = pytest.mark.django_db

YEAR = 2025
HELD = "mokymai.events_held"


@pytest.fixture
def approved(staff, manager):
    """The report for YEAR approved with one training held in the year."""
    held_event(date(YEAR, 3, 2), "Pirmas seminaras")
    plan, report = started_report(staff=staff, manager=manager, year=YEAR, metric=HELD)
    workflow.approve(workflow.submit(report, by=staff), by=manager)
    return plan


def _document(user, **kwargs):
    source = source_for(user=user, year=YEAR, kind=SnapshotKind.REPORT, **kwargs)
    return documents_report.report_document(source.data(), user=user,
                                            approved_at=source.approved_at)


def _trainings(document) -> Decimal:
    """The events held: the total row of the trainings' section (chapter 3)."""
    section = next(s for s in document.sections if s.key == "mokymai")
    return section.tables[0].rows[-1][1]


def _work_by_function(document) -> Decimal:
    """This year's trainings held in annex 2 (the department's work by function)."""
    annex = next(s for s in document.sections if s.key == "annex-2")
    rows = [row for table in annex.tables for row in table.rows]
    (row,) = [row for row in rows if row[0] == "3.1" and row[1] == "Training events held"]
    return row[3]


def _figures(document) -> tuple:
    return _trainings(document), _work_by_function(document), document.numbers()


def test_approving_the_report_keeps_the_apps_parts_in_every_language(approved):
    snapshot = Snapshot.objects.get(plan=approved, kind=SnapshotKind.REPORT)
    kept = snapshot.data[documents_report.PARTS]
    assert set(kept) == {"lt", "en"}
    assert set(kept["en"]) == {*(f"chapter-{n}" for n in range(1, 7)), "annex-1", "annex-2"}
    headings = {code: [s["heading"] for s in kept[code]["chapter-3"]] for code in kept}
    assert "Trainings, internships and seminars" in headings["en"]
    assert headings["lt"] != headings["en"]


def test_the_plans_approval_keeps_no_parts(approved):
    snapshot = Snapshot.objects.get(plan=approved, kind=SnapshotKind.PLAN)
    assert documents_report.PARTS not in snapshot.data


def test_the_kept_parts_draw_the_document_approval_made(approved, manager):
    with translation.override("en"):
        live = _document(manager)
        frozen = _document(manager, version=1)
    assert [(s.heading, s.level, s.numbered, s.paragraphs, s.facts) for s in frozen.sections] \
        == [(s.heading, s.level, s.numbered, s.paragraphs, s.facts) for s in live.sections]
    assert frozen.numbers() == live.numbers()
    assert _trainings(frozen) == 1 and _work_by_function(frozen) == 1


def test_a_record_added_after_approval_leaves_the_approved_report_unchanged(
        approved, staff, manager, librarian_a):
    with translation.override("en"):
        before = {"version": _figures(_document(staff, version=1)),
                  "reader": _figures(_document(librarian_a))}
        files = {"version": xlsx_cells(render("planavimas.report", "xlsx", staff, year=YEAR,
                                              version=1).file.path),
                 "reader": xlsx_cells(render("planavimas.report", "xlsx", librarian_a,
                                             year=YEAR).file.path)}
    held_event(date(YEAR, 5, 12), "Antras seminaras")
    with translation.override("en"):
        after = {"version": _figures(_document(staff, version=1)),
                 "reader": _figures(_document(librarian_a))}
        assert xlsx_cells(render("planavimas.report", "xlsx", staff, year=YEAR,
                                 version=1).file.path) == files["version"]
        assert xlsx_cells(render("planavimas.report", "xlsx", librarian_a,
                                 year=YEAR).file.path) == files["reader"]
    assert after == before
    assert before["reader"][:2] == (1, 1)


def test_the_live_draft_after_an_amendment_counts_the_new_record(approved, staff, manager,
                                                                 librarian_a):
    report = approved.report
    held_event(date(YEAR, 5, 12), "Antras seminaras")
    workflow.amend(report, by=staff, reason="Papildyti mokymų duomenys")
    with translation.override("en"):
        draft = _document(staff)
        assert _trainings(draft) == 2 and _work_by_function(draft) == 2
        assert _trainings(_document(manager)) == 2
        # the approved version and what a librarian reads keep the old numbers
        assert _trainings(_document(staff, version=1)) == 1
        assert _trainings(_document(librarian_a)) == 1
        cells = xlsx_cells(render("planavimas.report", "xlsx", staff, year=YEAR).file.path)
        theirs = xlsx_cells(render("planavimas.report", "xlsx", librarian_a,
                                   year=YEAR).file.path)
    assert "Version 2 · Draft" in cells and 2 in cells
    assert not any(str(c).startswith("Version 2") for c in theirs if c)


def test_a_second_approval_keeps_the_numbers_of_its_own_day(approved, staff, manager):
    report = workflow.amend(approved.report, by=staff, reason="Papildyti mokymų duomenys")
    held_event(date(YEAR, 5, 12), "Antras seminaras")
    workflow.approve(workflow.submit(report, by=staff), by=manager)
    held_event(date(YEAR, 6, 1), "Trečias seminaras")
    with translation.override("en"):
        assert _trainings(_document(staff, version=1)) == 1
        assert _trainings(_document(staff, version=2)) == 2
        assert _trainings(_document(staff)) == 3


def test_a_snapshot_made_before_the_parts_were_kept_counts_them_anew(approved, staff,
                                                                      librarian_a):
    snapshot = Snapshot.objects.get(plan=approved, kind=SnapshotKind.REPORT)
    del snapshot.data[documents_report.PARTS]
    snapshot.save(update_fields=["data"])
    held_event(date(YEAR, 5, 12), "Antras seminaras")
    with translation.override("en"):
        assert _trainings(_document(librarian_a)) == 2
        assert _trainings(_document(staff, version=1)) == 2


def test_a_document_in_lithuanian_draws_the_lithuanian_parts(approved, staff):
    with translation.override("lt"):
        frozen = _document(staff, version=1)
        live = _document(staff)
    assert [s.heading for s in frozen.sections] == [s.heading for s in live.sections]
    assert "Trainings, internships and seminars" not in [s.heading for s in frozen.sections]
