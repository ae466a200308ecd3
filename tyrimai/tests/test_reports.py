"""The results report (``tyrimai.results``): the numbers of ``tyrimai.selectors`` (the
page's), last round beside them, a chart, nothing below five answers anywhere; the scopes
the requester may read, no other; PDF, DOCX and XLSX read back."""

import re
import subprocess
from datetime import timedelta

import pytest
from django.utils import translation
from openpyxl import load_workbook

from ataskaitos import services as documents
from ataskaitos.models import JobStatus
from conftest import require_program
from tyrimai import selectors
from tyrimai.models import MIN_CELL, Study, StudyStatus
from tyrimai.reports_results import HIDDEN, results_document, scope_options
from tyrimai.tests.factories import answer, make_study, question

pytestmark = pytest.mark.django_db


def _link(study, library):
    return study.participations.get(library=library)


@pytest.fixture
def world(territory):
    """Last year's round (8 answers at Kretinga) and this year's: 12 at Kretinga (one of
    them "monthly": a hidden cell), 3 at Skuodas (too few to show on their own)."""
    earlier = make_study(libraries=[territory.system_a], title="Pasitenkinimas 2025")
    for value in (2, 3, 3, 3, 4, 4, 4, 4):
        answer(_link(earlier, territory.system_a), Q4=value, Q5=value * 2)
    Study.objects.filter(pk=earlier.pk).update(
        status=StudyStatus.CLOSED, opens_on=earlier.opens_on - timedelta(days=365),
        closes_on=earlier.closes_on - timedelta(days=365))
    study = make_study(libraries=[territory.system_a, territory.central_b], previous=earlier)
    kretinga, skuodas = _link(study, territory.system_a), _link(study, territory.central_b)
    for n, value in enumerate((5, 5, 5, 5, 5, 5, 4, 4, 4, 4, 4, 3)):
        answer(kretinga, Q4=value, Q1={"option": 2 if n == 0 else 1}, Q5=10 - n % 11,
               Q3={1: 3, 2: 1 + n % 3}, Q7="Daugiau knygų" if n < 6 else "")
    for value in (1, 2, 2):
        answer(skuodas, Q4=value, Q1={"option": 3})
    return {"study": study, "earlier": earlier}


def _scope(user, study, key):
    return next(s for s in scope_options(user, study) if s.key == key)


def _cells(document):
    """Every table cell and fact value of the document, as text."""
    for section in document.sections:
        for _label, value in section.facts:
            yield section.heading, str(value)
        for table in section.tables:
            for row in table.rows:
                for value in row[1:]:
                    yield section.heading, str(value)


SMALL = re.compile(r"^(?:[1-4]|[1-4] \(.*\))$")      # a count of 1–4, alone or "n (p %)"


def test_the_numbers_are_the_pages_and_the_previous_round_is_beside_them(world, staff):
    study = world["study"]
    scope = _scope(staff, study, "t")
    with translation.override("en"):
        document = results_document(study, scope)
    about = dict(document.sections[0].facts)
    assert about["Responses"] == "15" and about["Study"] == study.title
    assert about["Previous round"].startswith("Pasitenkinimas 2025")
    sections = {section.key: section for section in document.sections[1:]}
    assert "Q9" not in sections                          # contact data: never in results
    page = selectors.question_result(question(study, "Q4"), selectors.counted(study))
    q4 = sections["Q4"]
    [table] = q4.tables
    assert [row[1] for row in table.rows] == [HIDDEN if c.count is None else str(c.count)
                                              for c in page.cells]
    assert [row[0] for row in table.rows][:2] == ["Strongly disagree", "Disagree"]
    assert table.columns[-1].label == "Previous round, %"
    earlier = selectors.question_result(question(world["earlier"], "Q4"),
                                        selectors.counted(world["earlier"]))
    assert [row[3] for row in table.rows] == [
        HIDDEN if c.percent is None else f"{c.percent:.1f}" for c in earlier.cells]
    facts = dict(q4.facts)
    assert facts["Answered by"] == "15"
    assert [row[1] for row in table.rows] == [HIDDEN, HIDDEN, HIDDEN, "5", "6"]
    assert facts["Mean"].startswith(f"{page.mean.mean:.2f} (95 % interval "
                                    f"{page.mean.low:.2f}–{page.mean.high:.2f}")
    assert "Previous round: mean" in facts
    assert q4.charts and q4.charts[0].series[0][1] == [c.percent for c in page.cells]
    nps = selectors.question_result(question(study, "Q5"), selectors.counted(study)).nps
    assert dict(sections["Q5"].facts)["Net promoter score (NPS)"] == f"{nps:.1f}"
    assert dict(sections["Q7"].facts)["Open answers (listed on the results page)"] == "6"
    assert "Daugiau knygų" not in str(document)          # the texts stay on the page
    matrix = sections["Q3"].tables[0]
    assert [row[0] for row in matrix.rows] == ["Collection", "Hours"]
    assert matrix.rows[0][1:] == ["0 (0.0 %)", "0 (0.0 %)", "12 (100.0 %)", "3.00"]
    assert matrix.rows[1][1:] == [HIDDEN, HIDDEN, HIDDEN, "2.00"]


def test_nothing_below_five_answers_is_shown_anywhere(world, staff, territory):
    study = world["study"]
    for scope in scope_options(staff, study):
        document = results_document(study, scope)
        small = [(heading, value) for heading, value in _cells(document)
                 if SMALL.match(value)]
        assert not small, (scope.key, small)
    # Skuodas alone: three answers — no question shows anything, not even the total
    skuodas = _scope(staff, study, f"l{territory.central_b.pk}")
    document = results_document(study, skuodas)
    assert dict(document.sections[0].facts)[translation.gettext("Responses")] == HIDDEN
    assert all(not section.tables and not section.charts for section in document.sections[1:])


def test_a_director_gets_their_library_and_the_territory_only(world, staff, librarian_a,
                                                              librarian_b, territory,
                                                              django_capture_on_commit_callbacks):
    study = world["study"]
    keys = [scope.key for scope in scope_options(librarian_a, study)]
    assert keys == ["t", f"l{territory.system_a.pk}"]
    with django_capture_on_commit_callbacks(execute=True):
        job = documents.request_report(kind="tyrimai.results", format="xlsx", by=librarian_a,
                                       params={"study": str(study.pk),
                                               "scope": f"l{territory.system_a.pk}"})
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    book = load_workbook(job.file.path)
    assert any(territory.system_a.name in str(cell.value) for sheet in book.worksheets
               for row in sheet.iter_rows() for cell in row)
    for params, user in (({"study": str(study.pk), "scope": f"l{territory.central_b.pk}"},
                          librarian_a),
                         ({"study": str(study.pk), "scope": "m1"}, librarian_a),
                         ({"study": str(study.pk)}, librarian_b),
                         ({"study": str(world["earlier"].pk), "scope": "nonsense"}, staff)):
        with pytest.raises(documents.NotAvailable):
            documents.request_report(kind="tyrimai.results", format="pdf", params=params,
                                     by=user)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_report_renders_as_pdf_and_docx(world, staff, fmt,
                                            django_capture_on_commit_callbacks):
    study = world["study"]
    with django_capture_on_commit_callbacks(execute=True):
        job = documents.request_report(kind="tyrimai.results", format=fmt, by=staff,
                                       params={"study": str(study.pk), "scope": "t"})
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    if fmt == "pdf":
        program = require_program("pdftotext")
        text = subprocess.run([program, "-raw", job.file.path, "-"], capture_output=True,
                              text=True, check=True).stdout
    else:
        from docx import Document as Word

        word = Word(job.file.path)
        text = "\n".join([p.text for p in word.paragraphs] + [
            cell.text for table in word.tables for row in table.rows for cell in row.cells])
    assert study.title in text and "Kaip dažnai lankotės bibliotekoje?" in text
    assert HIDDEN in text and f"{MIN_CELL}" in text
