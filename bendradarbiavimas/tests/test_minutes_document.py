"""The minutes as a document through the report engine: the PDF's text read back
(pdftotext), the DOCX's paragraphs (python-docx) and LibreOffice opening the DOCX, in the
Lithuanian minutes layout (SVARSTYTA / NUTARTA numbered, the decisions with the responsible
and the deadline, the no-quorum flag, the signature lines); an unchanged document is handed
out again; a meeting outside the user's scope, or without minutes, is not offered."""

import datetime
import io
import subprocess

import pytest

from ataskaitos import services as documents
from ataskaitos.models import JobStatus, ReportJob
from bendradarbiavimas.models import AttendanceStatus, Meeting
from bendradarbiavimas.reports_minutes import MinutesParams, minutes_document
from bendradarbiavimas.tests.factories_minutes import (
    attend,
    group_world,
    make_decision,
    write_minutes,
)
from conftest import require_program

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(staff, librarian_a):
    world = group_world(staff=staff, librarian_a=librarian_a)
    meeting = write_minutes(world.meeting, by=world.secretary, signed=True)
    attend(meeting, {world.chair_member: AttendanceStatus.PRESENT,
                     world.secretary_member: AttendanceStatus.REMOTE,
                     world.member_member: AttendanceStatus.PRESENT,
                     world.outside_member: AttendanceStatus.EXCUSED}, quorum_met=False)
    first, second = meeting.items.order_by("order")
    make_decision(meeting, item=first, owner=librarian_a, due_on=datetime.date(2026, 4, 30),
                  text="Parengti veiklos plano pataisas")
    make_decision(meeting, item=second, owner_name="Jonas Išorinis",
                  due_on=datetime.date(2026, 6, 1), text="Suderinti akcijos prizus")
    world.meeting = Meeting.objects.get(pk=meeting.pk)
    return world


def ask(user, capture, fmt="pdf", **params) -> ReportJob:
    with capture(execute=True):
        job = documents.request_report(kind="bendradarbiavimas.minutes", params=params,
                                       format=fmt, by=user)
    job.refresh_from_db()
    return job


def read(job) -> bytes:
    with job.file.open("rb") as handle:
        return handle.read()


def pdf_text(data: bytes, tmp_path) -> str:
    program = require_program("pdftotext")
    path = tmp_path / "protokolas.pdf"
    path.write_bytes(data)
    text = subprocess.run([program, "-layout", str(path), "-"], capture_output=True,
                          check=True).stdout.decode()
    return " ".join(text.replace("\xa0", " ").split())


def test_the_pdf_has_the_lithuanian_minutes_layout(w, tmp_path,
                                                    django_capture_on_commit_callbacks):
    job = ask(w.member, django_capture_on_commit_callbacks, meeting=str(w.meeting.pk))
    assert job.status == JobStatus.DONE, job.error
    assert job.filename == "protokolas-2026-03-12-nr-1.pdf"
    data = read(job)
    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    assert "VAIKŲ BIBLIOTEKININKŲ DARBO GRUPĖ" in text
    assert "POSĖDŽIO PROTOKOLAS" in text and "2026-03-12 Nr. 1" in text
    assert "Posėdžio pirmininkas(-ė) – Rasa Jonaitienė" in text
    assert "Posėdžio sekretorius(-ė) – Inga Petraitė" in text
    assert "Dalyvavo: Aldona Ąžuolienė, Rasa Jonaitienė, Inga Petraitė (nuotoliu)" in text
    assert "Nedalyvavo: Jonas Išorinis" in text and "Kvorumas: nėra" in text
    assert "DARBOTVARKĖ:" in text
    assert "1. SVARSTYTA. Veiklos plano 2026 m. aptarimas" in text
    assert "2. SVARSTYTA. Vaikų vasaros skaitymo akcija" in text
    assert "BALSUOTA: už 5, prieš 0, susilaikė 0" in text
    assert "NUTARTA:" in text and "Pritarti veiklos planui su pastabomis." in text
    assert ("1.1. Parengti veiklos plano pataisas. Atsakingas(-a) – Aldona Ąžuolienė. "
            "Terminas – 2026-04-30. (priimtas be kvorumo)") in text
    assert "2.1. Suderinti akcijos prizus. Atsakingas(-a) – Jonas Išorinis." in text
    assert text.count("Posėdžio pirmininkas(-ė)") == 2          # the facts and the signature


def test_the_docx_has_the_same_words_and_libreoffice_opens_it(
        w, tmp_path, django_capture_on_commit_callbacks):
    from docx import Document as Word

    job = ask(w.chair, django_capture_on_commit_callbacks, fmt="docx",
              meeting=str(w.meeting.pk))
    assert job.status == JobStatus.DONE, job.error
    data = read(job)
    word = Word(io.BytesIO(data))
    paragraphs = [p.text for p in word.paragraphs]
    assert "POSĖDŽIO PROTOKOLAS" in paragraphs
    assert "VAIKŲ BIBLIOTEKININKŲ DARBO GRUPĖ" in paragraphs
    assert "2026-03-12 Nr. 1" in paragraphs
    assert "1. SVARSTYTA. Veiklos plano 2026 m. aptarimas" in paragraphs
    assert "2. SVARSTYTA. Vaikų vasaros skaitymo akcija" in paragraphs
    assert paragraphs.count("NUTARTA: ") == 2
    assert any(p.startswith("1.1. Parengti veiklos plano pataisas. Atsakingas(-a) – "
                            "Aldona Ąžuolienė") and "priimtas be kvorumo" in p
               for p in paragraphs)
    assert "Kvorumas: nėra." in paragraphs
    signatures = [[cell.text for cell in row.cells] for row in word.tables[-1].rows]
    assert signatures[0][0] == "Posėdžio pirmininkas(-ė)"
    assert signatures[0][2] == "Rasa Jonaitienė" and signatures[1][2] == "Inga Petraitė"
    program = require_program("soffice", "libreoffice")
    path = tmp_path / "protokolas.docx"
    path.write_bytes(data)
    subprocess.run([program, f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                    "--headless", "--convert-to", "txt:Text", "--outdir",
                    str(tmp_path / "lo"), str(path)],
                   capture_output=True, check=True, timeout=180)
    converted = (tmp_path / "lo" / "protokolas.txt").read_text(encoding="utf-8-sig")
    assert "1. SVARSTYTA. Veiklos plano 2026 m. aptarimas" in converted
    assert "NUTARTA:" in converted


def test_an_unchanged_document_is_handed_out_again_and_a_change_makes_a_new_one(
        w, staff, django_capture_on_commit_callbacks):
    first = ask(staff, django_capture_on_commit_callbacks, meeting=str(w.meeting.pk))
    again = ask(staff, django_capture_on_commit_callbacks, meeting=str(w.meeting.pk))
    assert first.status == JobStatus.DONE and again.pk == first.pk
    w.meeting.items.filter(order=2).update(decided="Akciją atidėti.")
    changed = ask(staff, django_capture_on_commit_callbacks, meeting=str(w.meeting.pk))
    assert changed.pk != first.pk


def test_an_outsider_and_a_meeting_without_minutes_are_not_offered(w, librarian_b, staff):
    with pytest.raises(documents.NotAvailable):
        documents.request_report(kind="bendradarbiavimas.minutes",
                                 params={"meeting": str(w.meeting.pk)}, format="pdf",
                                 by=librarian_b)
    Meeting.objects.filter(pk=w.meeting.pk).update(minutes_status="none")
    assert not MinutesParams(data={"meeting": str(w.meeting.pk)}, user=staff).is_valid()


def test_a_draft_is_marked_unsigned(w):
    Meeting.objects.filter(pk=w.meeting.pk).update(minutes_status="draft")
    document = minutes_document(w.meeting)
    assert document.context["draft"] is True
    assert document.sections[0].heading == "VAIKŲ BIBLIOTEKININKŲ DARBO GRUPĖ"
