"""The raw answers (``tyrimai.raw``) and the codebook (``tyrimai.codebook``): read back from
the CSV and the XLSX, they equal the answers as given, every kind of question; text a
spreadsheet would run is neutralised, HTML and emoji stay as typed; staff only."""

import csv
import io
import math
import subprocess
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from ataskaitos import services as documents
from ataskaitos.models import JobStatus
from conftest import require_program
from portalas.tables import unneutralise
from tyrimai import services
from tyrimai.models import Channel
from tyrimai.reports_raw import RESPONSE_COLUMNS, raw_document
from tyrimai.tests.factories import answer, load_responses, make_study

pytestmark = pytest.mark.django_db

FORMULA = "=HYPERLINK(\"http://x.invalid\",\"spausk\")"
HTML = "<script>alert('x')</script> <b>Daugiau</b> knygų 📚😀"
TRICKY = "-2 darbuotojai\nantra eilutė, \"kabutės\"; kablelis"


@pytest.fixture
def study(territory):
    return make_study(libraries=[territory.system_a, territory.central_b])


def _link(study, library):
    return study.participations.get(library=library)


def _submit(participation, by_code, *, consent=False, by=None):
    codes = {q.code: q.pk for q in participation.study.questions.all()}
    return services.submit_response(
        participation=participation, raw={codes[c]: v for c, v in by_code.items()},
        channel=Channel.PAPER if by else Channel.LINK, entered_by=by, consent=consent)


@pytest.fixture
def given(study, territory, staff):
    """Four responses covering every kind and the ugly texts, one excluded, and what each
    row must read (column → value; absent: empty)."""
    a, b = _link(study, territory.system_a), _link(study, territory.central_b)
    full = _submit(a, {"Q1": {"option": 1}, "Q2": {"options": [1, 3], "other": FORMULA},
                       "Q3": {1: 3, 2: 2}, "Q4": 5, "Q5": 10, "Q6": "34,5", "Q7": HTML,
                       "Q8": TRICKY, "Q9": "vardenis@pastas.lt"}, consent=True)
    never = _submit(b, {"Q1": {"option": 3}, "Q4": 1, "Q5": 0, "Q6": 0, "Q7": "+370 600"})
    other_only = _submit(a, {"Q1": {"option": 2}, "Q2": {"options": [], "other": "@kažkas"},
                             "Q4": 3, "Q3": {2: 1}})
    paper = _submit(b, {"Q1": {"option": 1}, "Q2": {"options": [2]}, "Q4": 4,
                        "Q9": "nesutiko@pastas.lt"}, by=staff)        # no consent: dropped
    services.exclude_responses(study=study, ids=[other_only.pk], reason="Bandymas", by=staff)
    expected = {
        full.pk: {"Q1": 1, "Q2_1": 1, "Q2_2": 0, "Q2_3": 1, "Q2_other": FORMULA,
                  "Q3_r1": 3, "Q3_r2": 2, "Q4": 5, "Q5": 10, "Q6": Decimal("34.5"),
                  "Q7": HTML, "Q8": TRICKY, "Q9": "vardenis@pastas.lt", "consent": 1,
                  "excluded": 0},
        never.pk: {"Q1": 3, "Q4": 1, "Q5": 0, "Q6": 0, "Q7": "+370 600", "consent": 0,
                   "excluded": 0},
        other_only.pk: {"Q1": 2, "Q2_1": 0, "Q2_2": 0, "Q2_3": 0, "Q2_other": "@kažkas",
                        "Q3_r2": 1, "Q4": 3, "consent": 0, "excluded": 1},
        paper.pk: {"Q1": 1, "Q2_1": 0, "Q2_2": 1, "Q2_3": 0, "Q4": 4, "consent": 0,
                   "excluded": 0},
    }
    libraries = {full.pk: territory.system_a, never.pk: territory.central_b,
                 other_only.pk: territory.system_a, paper.pk: territory.central_b}
    for pk, row in expected.items():
        response = study.responses.get(pk=pk)
        library = libraries[pk]
        row |= {"response_id": pk, "library_code": library.code, "library": library.name,
                "municipality": library.municipality.name, "channel": response.channel,
                "language": "lt",
                "submitted": timezone.localtime(response.submitted_at).isoformat(
                    timespec="seconds")}
    # another study's answers stay out
    elsewhere = make_study(libraries=[territory.system_a], title="Kitas tyrimas")
    answer(_link(elsewhere, territory.system_a))
    return expected


COLUMNS = [*RESPONSE_COLUMNS, "Q1", "Q2_1", "Q2_2", "Q2_3", "Q2_other", "Q3_r1", "Q3_r2", "Q4",
           "Q5", "Q6", "Q7", "Q8", "Q9"]


def ask(user, capture, kind, fmt, **params):
    with capture(execute=True):
        job = documents.request_report(kind=kind, params={"format": fmt, **params},
                                       format=fmt, by=user)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    return job


def _same(value, wanted) -> bool:
    """A cell read back against the answer given: numbers by value, texts exactly once the
    export's formula guard is taken off, an empty cell for no answer."""
    if wanted is None:
        return value in (None, "")
    if isinstance(wanted, (int, Decimal)):
        return value not in (None, "") and Decimal(str(value)) == Decimal(wanted)
    return unneutralise(value) == wanted


def _check(rows, expected):
    assert [int(row["response_id"]) for row in rows] == sorted(expected)
    for row in rows:
        wanted = expected[int(row["response_id"])]
        for column in COLUMNS:
            assert _same(row[column], wanted.get(column)), (row["response_id"], column,
                                                            row[column], wanted.get(column))


def test_the_csv_reads_back_as_the_answers_given(study, given, staff,
                                                 django_capture_on_commit_callbacks):
    job = ask(staff, django_capture_on_commit_callbacks, "tyrimai.raw", "csv",
              study=str(study.pk))
    data = job.file.open("rb").read()
    assert data.startswith("\ufeff".encode())                     # UTF-8 with a BOM
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    header = next(reader)
    assert header == COLUMNS
    rows = [dict(zip(header, line, strict=True)) for line in reader]
    _check(rows, given)
    full = next(row for row in rows if row["Q9"])
    # neutralised where a spreadsheet would run it, literal otherwise
    assert full["Q2_other"] == "'" + FORMULA and full["Q8"] == "'" + TRICKY
    assert full["Q7"] == HTML
    never = next(row for row in rows if row["Q1"] == "3")
    assert never["Q7"] == "'+370 600" and never["Q2_1"] == "" and never["Q6"] == "0"
    assert full["Q6"] == "34.5" and full["Q4"] == "5"              # no 5.00, a decimal point


@pytest.mark.parametrize("writer", ["engine", "own"])
def test_the_xlsx_reads_back_and_has_the_codebook(study, given, staff, writer,
                                                  django_capture_on_commit_callbacks):
    """Through the engine's renderer and through the workbook's own streaming writer (the
    one for 20,000 rows), the same cells."""
    if writer == "engine":
        job = ask(staff, django_capture_on_commit_callbacks, "tyrimai.raw", "xlsx",
                  study=str(study.pk))
        book, language = load_workbook(job.file.path), job.language
    else:
        data = raw_document(study, staff, format="xlsx").render_xlsx()
        book, language = load_workbook(io.BytesIO(data)), translation.get_language()
    with translation.override(language):
        assert book.sheetnames == [_("Answers"), _("Codebook")]
    answers, codes = book.worksheets
    lines = list(answers.iter_rows(values_only=True))
    assert list(lines[0]) == COLUMNS
    rows = [dict(zip(COLUMNS, line, strict=True)) for line in lines[1:]]
    _check(rows, given)
    assert all(cell.data_type != "f" for row in answers.iter_rows() for cell in row)
    full = next(row for row in rows if row["Q9"])
    assert full["Q2_other"] == "'" + FORMULA and full["Q7"] == HTML
    assert isinstance(full["Q4"], int) and full["Q6"] == 34.5
    book_rows = list(codes.iter_rows(min_row=2, values_only=True))
    entries = {}
    for variable, text, kind, code, label in book_rows:
        code = None if code in (None, "") else str(code)      # codes are text ("link")
        entries.setdefault(variable, []).append((code, label or None, text, kind))
    assert set(COLUMNS) <= set(entries)
    assert [(c, label) for c, label, *_rest in entries["Q1"]] == [
        ("1", "Kas savaitę"), ("2", "Kas mėnesį"), ("3", "Nesilankau")]
    assert entries["Q1"][0][2] == "Kaip dažnai lankotės bibliotekoje?"
    assert [c for c, *_rest in entries["Q3_r1"]] == ["1", "2", "3"]
    assert entries["Q2_2"][0][2] == "Kodėl lankotės? — Renginiai"
    assert [c for c, *_rest in entries["Q2_2"]] == ["1", "0"]
    assert {c for c, *_rest in entries["channel"]} == {"link", "kiosk", "paper"}
    assert entries["Q7"] == [(None, None, "Ko trūksta?", entries["Q7"][0][3])]


def _csv_lines(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("read_only", [False, True], ids=["normal", "read-only"])
def test_the_xlsx_holds_what_the_csv_holds_row_by_row(study, given, staff, read_only,
                                                      django_capture_on_commit_callbacks):
    """The XLSX (the streaming writer, through the engine) and the CSV of the same study:
    the same rows, cell by cell — numbers typed as numbers, texts exactly, empties empty."""
    load_responses(study, 40, seed=7)
    csv_job = ask(staff, django_capture_on_commit_callbacks, "tyrimai.raw", "csv",
                  study=str(study.pk))
    xlsx_job = ask(staff, django_capture_on_commit_callbacks, "tyrimai.raw", "xlsx",
                   study=str(study.pk))
    lines = _csv_lines(csv_job.file.open("rb").read())
    book = load_workbook(xlsx_job.file.path, read_only=read_only)
    sheet = book.worksheets[0]
    if not read_only:
        assert sheet.freeze_panes == "A2" and all(cell.font.b for cell in sheet[1])
    read = [list(row) for row in sheet.iter_rows(values_only=True)]
    book.close()
    assert len(read) == len(lines) == len(given) + 40 + 1
    assert read[0] == lines[0]
    numeric = set()
    for number, (row, line) in enumerate(zip(read[1:], lines[1:], strict=True), start=2):
        row += [None] * (len(line) - len(row))         # read-only: no trailing empties
        assert len(row) == len(line)
        for name, value, text in zip(lines[0], row, line, strict=True):
            assert not isinstance(value, str) or not value.startswith("="), value
            if isinstance(value, (int, float)):
                numeric.add(name)
                assert Decimal(text) == Decimal(str(value)), (number, name, value, text)
            else:                                       # a text, or an empty cell
                assert value is None or isinstance(value, str), (number, name, value)
                assert (value or "") == text, (number, name, value, text)
    assert {"response_id", "excluded", "consent", "Q1", "Q2_1", "Q4", "Q6"} <= numeric


def test_libreoffice_reads_the_xlsx_as_the_csv(study, given, staff, tmp_path,
                                               django_capture_on_commit_callbacks):
    """LibreOffice converts the XLSX's answers sheet back to a CSV holding the CSV export's
    rows (numbers compared as numbers)."""
    program = require_program("soffice", "libreoffice")
    load_responses(study, 20, seed=8)
    csv_job = ask(staff, django_capture_on_commit_callbacks, "tyrimai.raw", "csv",
                  study=str(study.pk))
    xlsx_job = ask(staff, django_capture_on_commit_callbacks, "tyrimai.raw", "xlsx",
                   study=str(study.pk))
    path = tmp_path / "atsakymai.xlsx"
    path.write_bytes(xlsx_job.file.open("rb").read())
    subprocess.run([program, f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                    "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1",
                    "--outdir", str(tmp_path / "lo"), str(path)],
                   capture_output=True, check=True, timeout=180)
    converted = _csv_lines((tmp_path / "lo" / "atsakymai.csv").read_bytes())
    lines = _csv_lines(csv_job.file.open("rb").read())
    assert len(converted) == len(lines) == len(given) + 20 + 1
    for shown, line in zip(converted, lines, strict=True):
        shown += [""] * (len(line) - len(shown))
        for a, b in zip(shown, line, strict=True):
            try:
                assert math.isclose(float(a), float(b), rel_tol=1e-12), (a, b)
            except ValueError:
                assert a == b


def test_the_codebook_alone_as_csv_is_open_to_management(study, given, manager,
                                                         django_capture_on_commit_callbacks):
    job = ask(manager, django_capture_on_commit_callbacks, "tyrimai.codebook", "csv",
              study=str(study.pk))
    lines = list(csv.reader(io.StringIO(job.file.open("rb").read().decode("utf-8-sig"))))
    variables = {line[0] for line in lines[1:]}
    assert set(COLUMNS) <= variables
    assert not any("vardenis" in cell for line in lines for cell in line)   # no answers


def test_management_and_librarians_get_no_raw_answers(study, given, manager, librarian_a,
                                                      librarian_b):
    with pytest.raises(documents.NotAvailable):
        documents.request_report(kind="tyrimai.raw", params={"study": str(study.pk)},
                                 format="csv", by=manager)
    for librarian in (librarian_a, librarian_b):
        with pytest.raises(PermissionDenied):
            documents.request_report(kind="tyrimai.raw", params={"study": str(study.pk)},
                                     format="xlsx", by=librarian)
        with pytest.raises(documents.NotAvailable):
            documents.request_report(kind="tyrimai.codebook",
                                     params={"study": str(study.pk)}, format="csv",
                                     by=librarian)
    # the builder itself reads raw answers through the staff-only queryset
    assert raw_document(study, manager, format="csv").rows == []


def test_the_export_reads_the_answers_in_a_fixed_number_of_queries(study, staff):
    load_responses(study, 10, seed=3)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            raw_document(study, staff, format="csv")
        return len(captured.captured_queries)

    few = queries()
    load_responses(study, 60, seed=4)
    assert queries() == few
    assert len(raw_document(study, staff, format="csv").rows) == 70
