"""What people type — HTML, formula characters, diacritics — comes out of every export of the
trainings as text: the overview XLSX, the sign-in sheet PDF, the event list CSV and the
iCalendar file."""

import subprocess
from datetime import date

import pytest
from django.urls import reverse
from icalendar import Calendar
from openpyxl import load_workbook

from ataskaitos.models import JobStatus
from conftest import require_program
from mokymai.models import EventStatus
from mokymai.services import change_status, mark_attendance, register
from mokymai.tests.factories import make_event, make_person
from mokymai.tests.test_reports import request

pytestmark = pytest.mark.django_db
TITLE = '=HYPERLINK("http://x/?","ok") <img src=x onerror=alert(1)> ąčęėįšųūž'
NAME = "@SUM(A1)"


@pytest.fixture
def nasty_event(staff, territory):
    year = date.today().year - 1
    event = make_event(title=TITLE, day=date(year, 4, 14), registration_opens=None,
                       registration_closes=None)
    registration = register(event=event, person=make_person(
        territory.central_a, first=NAME, last="-Šimkutė<b>"), by=staff)
    mark_attendance(registration=registration, session=event.sessions.get(), by=staff)
    change_status(event=event, to=EventStatus.HELD, by=staff)
    return event, year


def test_the_overview_xlsx_keeps_titles_as_text(nasty_event, staff,
                                                django_capture_on_commit_callbacks):
    _event, year = nasty_event
    job = request("mokymai.overview", "xlsx", staff, django_capture_on_commit_callbacks,
                  year=str(year))
    assert job.status == JobStatus.DONE, job.error
    cells = [cell for sheet in load_workbook(job.file.path).worksheets
             for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    titles = [c.value for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert titles and all(value.startswith("'=") for value in titles)


def test_the_sign_in_sheet_pdf_prints_the_names_as_typed(nasty_event, staff,
                                                         django_capture_on_commit_callbacks,
                                                         tmp_path):
    event, _year = nasty_event
    job = request("mokymai.sign_in_sheet", "pdf", staff, django_capture_on_commit_callbacks,
                  event=str(event.pk))
    assert job.status == JobStatus.DONE, job.error
    pdftotext = require_program("pdftotext")
    text = subprocess.run([pdftotext, "-layout", job.file.path, "-"], capture_output=True,
                          check=True, text=True).stdout
    assert "-Šimkutė<b>" in text and NAME in text
    assert "ąčęėįšųūž" in text


def test_the_event_list_csv_and_the_ics_keep_the_title_as_text(nasty_event, staff_client):
    event, _year = nasty_event
    csv = staff_client.get(reverse("mokymai:event_list"), {"export": "csv", "period": ""})
    assert csv.status_code == 200
    text = csv.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    ics = staff_client.get(reverse("mokymai:event_ics", args=[event.pk]))
    [vevent] = Calendar.from_ical(ics.content).walk("VEVENT")
    assert str(vevent["SUMMARY"]).startswith(TITLE)


def test_the_event_page_escapes_the_title(nasty_event, staff_client):
    event, _year = nasty_event
    page = staff_client.get(reverse("mokymai:event_detail", args=[event.pk])).content.decode()
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
