"""Names with HTML and formula characters (``<b>x</b>``, ``=HYPERLINK("x")``, ``+1``,
``-1``, ``@x``) in the exports test_export_safety.py does not cover: the event list's XLSX,
the lecturer and programme lists' exports, the overview as PDF and DOCX, and the e-mails.
A spreadsheet gets text it never runs (a leading apostrophe), a document prints the markup
as the characters typed, an e-mail carries them literally in its plain text."""

import io
import re
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from ataskaitos.models import JobStatus
from conftest import require_program
from mokymai.models import EventStatus, Lecturer, Programme, Topic
from mokymai.services import change_status, mark_attendance, register
from mokymai.tasks import message
from mokymai.tests.factories import make_event, make_person
from mokymai.tests.test_reports import request

pytestmark = pytest.mark.django_db

NASTY = ["<b>x</b>", '=HYPERLINK("x")', "+1", "-1", "@x"]
FORMULAS = [text for text in NASTY if text[0] in "=+-@"]


def cells(content: bytes) -> list:
    book = load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_text_only(found_cells, expected: list[str]) -> None:
    """No cell is a formula; each name is there, formula-like ones behind an apostrophe."""
    assert all(cell.data_type != "f" for cell in found_cells)
    values = [c.value for c in found_cells if isinstance(c.value, str)]
    for text in expected:
        shown = "'" + text if text in FORMULAS else text
        assert any(value == shown or shown in value for value in values), (text, values)
        if text in FORMULAS:
            assert not any(value.startswith(text) for value in values), text


@pytest.fixture
def nasty_events(db):
    return [make_event(title=text, registration_opens=None, registration_closes=None)
            for text in NASTY]


def test_the_event_list_xlsx_keeps_every_title_as_text(nasty_events, staff_client):
    response = staff_client.get(reverse("mokymai:event_list"), {"export": "xlsx",
                                                                "period": ""})
    assert response.status_code == 200
    assert_text_only(cells(response.content), NASTY)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_lecturer_and_programme_lists_export_names_as_text(staff_client, fmt):
    for index, text in enumerate(NASTY):
        Lecturer.objects.create(person=make_person(first=text, last=text,
                                                   email=f"l{index}@test.lt"),
                                organisation=text)
        Programme.objects.create(title=text, code=text[:40], target_group=text,
                                 hours=Decimal("8"))
    for name in ("mokymai:lecturer_list", "mokymai:programme_list"):
        response = staff_client.get(reverse(name), {"export": fmt})
        assert response.status_code == 200, name
        if fmt == "xlsx":
            assert_text_only(cells(response.content), NASTY)
            continue
        text = response.content.decode("utf-8-sig")
        for nasty in FORMULAS:
            assert "'" + nasty in text or "'" + nasty.replace('"', '""') in text, (name, nasty)
        lines = [line for line in text.splitlines()[1:] if line]
        assert not any(cell.lstrip('"').startswith(tuple("=+-@"))
                       for line in lines for cell in line.split(",")), (name, lines)
        assert "<b>x</b>" in text


@pytest.fixture
def held_nasty_year(staff, territory):
    """Last year: events held under the nasty titles, with a nasty topic, a participant."""
    year = date.today().year - 1
    topic = Topic.objects.create(name="<i>tema</i> =1+1")
    person = make_person(territory.central_a, first="<b>x</b>", last="@x")
    for offset, text in enumerate(NASTY):
        event = make_event(title=text, day=date(year, 5, 4 + offset), registration_opens=None,
                           registration_closes=None)
        event.topics.set([topic])
        registration = register(event=event, person=person, by=staff)
        mark_attendance(registration=registration, session=event.sessions.get(), by=staff)
        change_status(event=event, to=EventStatus.HELD, by=staff)
    return year


def overview_text(job, fmt) -> str:
    if fmt == "docx":
        from docx import Document as Word

        word = Word(job.file.path)
        return "\n".join([p.text for p in word.paragraphs]
                         + [cell.text for table in word.tables for row in table.rows
                            for cell in row.cells])
    pdftotext = require_program("pdftotext")
    return subprocess.run([pdftotext, "-raw", job.file.path, "-"], capture_output=True,
                          check=True, text=True).stdout


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_the_overview_prints_markup_and_formulas_as_the_characters_typed(
        fmt, held_nasty_year, staff, django_capture_on_commit_callbacks):
    job = request("mokymai.overview", fmt, staff, django_capture_on_commit_callbacks,
                  year=str(held_nasty_year))
    assert job.status == JobStatus.DONE, job.error
    text = overview_text(job, fmt)
    joined = "".join(text.split())     # a narrow PDF column wraps a long title
    for nasty in ("<b>x</b>", '=HYPERLINK("x")', "@x", "<i>tema</i> =1+1"):
        assert "".join(nasty.split()) in joined, (fmt, nasty)
    assert "&lt;" not in text and "&quot;" not in text
    # "+1" and "-1" stay titles (not numbers, not dropped): a table cell of their own in
    # the DOCX, the word after the date on the PDF's line
    lines = {line.strip() for line in text.splitlines()}
    for nasty in ("+1", "-1"):
        if fmt == "docx":
            assert nasty in lines, nasty
        else:
            assert re.search(rf"^\d{{4}}-\d\d-\d\d {re.escape(nasty)} ", text, re.M), nasty


def test_the_overview_xlsx_keeps_topics_and_titles_as_text(
        held_nasty_year, staff, django_capture_on_commit_callbacks):
    job = request("mokymai.overview", "xlsx", staff, django_capture_on_commit_callbacks,
                  year=str(held_nasty_year))
    assert job.status == JobStatus.DONE, job.error
    with open(job.file.path, "rb") as handle:
        found = cells(handle.read())
    assert_text_only(found, [*NASTY, "<i>tema</i> =1+1"])


def test_the_emails_carry_the_names_literally_in_plain_text(staff, territory,
                                                            django_capture_on_commit_callbacks):
    event = make_event(title='<b>x</b> =HYPERLINK("x")', capacity=1)
    first = make_person(territory.central_a, first="<b>x</b>", last="+1")
    second = make_person(territory.central_a, first="@x", last="-1")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        placed = register(event=event, person=first, by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        register(event=event, person=second, by=staff)
    registered, waiting = mail.outbox
    assert "<b>x</b>" in registered.body and '=HYPERLINK("x")' in registered.body
    assert '<b>x</b> =HYPERLINK("x")' in registered.subject
    assert "@x" in waiting.body
    for sent in mail.outbox:
        assert "&lt;" not in sent.body and "&quot;" not in sent.body and "&#" not in sent.body
        # plain text only: no HTML part that a mail program would render
        assert getattr(sent, "alternatives", []) == []
        assert sent.content_subtype == "plain"
    subject, body, _sender, _to = message(placed, "reminder")
    assert "<b>x</b>" in body and "<b>x</b>" in subject
