"""The evaluation protocol through the report engine, after closing: the PDF's text read
back and the DOCX's paragraphs and tables — the jury, the criteria, the rule, the conflicts,
every juror's scores, the results and the signature lines."""

import io
import subprocess

import pytest

from apdovanojimai import services_jury as services
from apdovanojimai.tests.factories import declare, give_scores
from apdovanojimai.tests.factories_jury import jury_world
from ataskaitos import services as documents
from ataskaitos.models import JobStatus
from conftest import require_program

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(territory, staff, manager, librarian_a):
    world = jury_world(territory=territory, staff=staff, manager=manager,
                       librarian_a=librarian_a)
    declare(world.of_a, world.a_seat, conflict=True, reason="own_library")
    give_scores(world.of_a, world.staff_seat, ("6.5", 7, 4))
    give_scores(world.of_a, world.b_seat, (8, 7, 4))
    give_scores(world.of_b, world.staff_seat, (5, 5, 2))
    services.write_protocol_note(contest=world.contest, by=world.chair.user,
                                 note="Sprendimas priimtas vienbalsiai.")
    services.close_scoring(contest=world.contest, by=world.chair.user)
    return world


def ask(user, capture, fmt, contest):
    with capture(execute=True):
        job = documents.request_report(kind="apdovanojimai.protocol",
                                       params={"contest": str(contest.pk)}, format=fmt,
                                       by=user)
    job.refresh_from_db()
    return job


def test_the_pdf_protocol_has_the_scores_results_and_signatures(
        w, tmp_path, django_capture_on_commit_callbacks):
    job = ask(w.chair.user, django_capture_on_commit_callbacks, "pdf", w.contest)
    assert job.status == JobStatus.DONE, job.error
    with job.file.open("rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF")
    path = tmp_path / "p.pdf"
    path.write_bytes(data)
    text = " ".join(subprocess.run([require_program("pdftotext"), "-layout", str(path), "-"],
                                   capture_output=True, check=True).stdout.decode().split())
    for expected in ("VERTINIMO PROTOKOLAS", "Vertinimo komisija", "Vytas Vadovas",
                     "Rezultato skaičiavimo taisyklė", "Deklaruoti interesų konfliktai",
                     "Aldona Ąžuolienė – Aušra Petrauskienė", "Sprendimas priimtas "
                     "vienbalsiai.", "Profesinė veikla ir iniciatyvos", "6,5", "73,25"):
        assert expected in text, expected


def test_the_docx_protocol_carries_the_same_words(w, django_capture_on_commit_callbacks):
    from docx import Document as Word

    job = ask(w.staff_seat.user, django_capture_on_commit_callbacks, "docx", w.contest)
    assert job.status == JobStatus.DONE, job.error
    with job.file.open("rb") as handle:
        word = Word(io.BytesIO(handle.read()))
    text = "\n".join(p.text for p in word.paragraphs)
    cells = " ".join(c.text for t in word.tables for r in t.rows for c in r.cells)
    assert "Komisijos pirmininkas(-ė)" in text and "Jurgita Skuodaitė" in cells
    assert "73,25" in cells or "78.50" in cells
