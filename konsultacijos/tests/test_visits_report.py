"""The visit report through the report engine: the job runs in place, the PDF reads back
with the findings and the agreed actions in Lithuanian letters, an unchanged report is
handed out again, another library's visit (or an unreported one) is a 404 and no job, and
the letter's own layout renders too."""

import io
import subprocess
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from ataskaitos import services as documents
from ataskaitos.models import JobStatus, ReportJob
from bibliotekos.models import Library, LibraryKind
from conftest import require_program
from konsultacijos import services
from konsultacijos.models import VisitAction
from konsultacijos.reports_visits import (
    LETTER_TEMPLATE,
    VisitReportParams,
    plain_to_markdown,
    render_letter,
    visit_report_document,
)
from konsultacijos.tests.factories import make_visit

pytestmark = pytest.mark.django_db

FINDINGS = "Skaityklos įranga pasenusi; šviečiamųjų renginių žurnalas pildomas tvarkingai."
ACTION = "Parengti žiūrovų apklausą ir įsigyti šešis planšetinius kompiuterius"


@pytest.fixture
def visit(territory, staff, librarian_a):
    visit = make_visit(library=territory.branch_a, by=staff, visit_on=date(2026, 3, 12),
                       purpose="Skaitmeninių paslaugų plėtra")
    visit.met_with = "Filialo vedėja Živilė Čepaitė"
    visit.findings = FINDINGS
    visit.recommendations = "Atnaujinti kompiuterių parką.\nSurengti mokymus senjorams."
    visit = services.report_visit(visit, by=staff, seen_version=visit.version)
    services.add_action(VisitAction(visit=visit, text=ACTION, responsible="Vedėja Živilė",
                                    due_on=date(2026, 6, 30)), by=staff)
    return visit


def ask(user, capture, fmt="pdf", **params) -> ReportJob:
    with capture(execute=True):
        job = documents.request_report(kind="konsultacijos.visit_report", params=params,
                                       format=fmt, by=user)
    job.refresh_from_db()
    return job


def pdf_text(data: bytes, tmp_path) -> str:
    program = require_program("pdftotext")
    path = tmp_path / "ataskaita.pdf"
    path.write_bytes(data)
    text = subprocess.run([program, "-layout", str(path), "-"], capture_output=True,
                          check=True).stdout.decode()
    return " ".join(text.replace("\xa0", " ").split())


def test_the_pdf_is_made_by_the_engine_with_the_findings_and_actions(
        visit, librarian_a, tmp_path, django_capture_on_commit_callbacks):
    with translation.override("lt"):
        job = ask(librarian_a, django_capture_on_commit_callbacks, visit=str(visit.pk))
    assert job.status == JobStatus.DONE, job.error
    assert job.filename == f"metodine-isvyka-2026-03-12-{visit.pk}.pdf"
    with job.file.open("rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    assert "Skaityklos įranga pasenusi; šviečiamųjų renginių žurnalas" in text
    assert "Parengti žiūrovų apklausą ir įsigyti" in text  # the letter's own layout
    assert "šešis planšetinius kompiuterius" in text
    assert "2026-06-30" in text and "Vedėja Živilė" in text
    assert "Darbėnų filialas" in text and "Živilė Čepaitė" in text
    assert "Kretingos viešoji biblioteka" in text           # addressed to the system
    assert "Aldona Ąžuolienė" in text                      # its director
    assert "Surengti mokymus senjorams" in text


def test_an_unchanged_report_is_handed_out_again_and_a_change_makes_a_new_one(
        visit, staff, django_capture_on_commit_callbacks):
    first = ask(staff, django_capture_on_commit_callbacks, visit=str(visit.pk))
    assert first.status == JobStatus.DONE, first.error
    again = ask(staff, django_capture_on_commit_callbacks, visit=str(visit.pk))
    assert again.pk == first.pk
    action = visit.actions.get()
    services.complete_action(action, by=staff, note="Apklausa parengta")
    changed = ask(staff, django_capture_on_commit_callbacks, visit=str(visit.pk))
    assert changed.pk != first.pk and changed.status == JobStatus.DONE


def test_the_report_is_also_a_word_document(visit, staff, django_capture_on_commit_callbacks):
    from docx import Document as Word

    job = ask(staff, django_capture_on_commit_callbacks, fmt="docx", visit=str(visit.pk))
    assert job.status == JobStatus.DONE, job.error
    with job.file.open("rb") as handle:
        word = Word(io.BytesIO(handle.read()))
    text = "\n".join(p.text for p in word.paragraphs)
    cells = "\n".join(cell.text for table in word.tables for row in table.rows
                      for cell in row.cells)
    assert "Skaityklos įranga pasenusi" in text
    assert ACTION in cells


def test_the_outsider_cannot_ask_for_a_report_of_as_visit(client_b, librarian_b, visit):
    response = client_b.post(reverse("ataskaitos:document_request"), {
        "kind": "konsultacijos.visit_report", "format": "pdf", "visit": visit.pk})
    assert response.status_code == 404
    with pytest.raises(documents.NotAvailable):
        documents.request_report(kind="konsultacijos.visit_report",
                                 params={"visit": str(visit.pk)}, format="pdf",
                                 by=librarian_b)
    assert not ReportJob.objects.exists()


def test_a_visit_not_yet_reported_has_no_report(staff_client, territory, staff):
    planned = make_visit(library=territory.branch_a, by=staff)
    response = staff_client.post(reverse("ataskaitos:document_request"), {
        "kind": "konsultacijos.visit_report", "format": "pdf", "visit": planned.pk})
    assert response.status_code == 404
    assert not ReportJob.objects.exists()
    assert not VisitReportParams(data={"visit": planned.pk}, user=staff).is_valid()


def test_the_visit_page_button_asks_the_engine(client_a, visit):
    response = client_a.post(reverse("ataskaitos:document_request"), {
        "kind": "konsultacijos.visit_report", "format": "pdf", "visit": visit.pk,
        "back": visit.get_absolute_url()})
    assert response.status_code == 302
    job = ReportJob.objects.get()
    assert response["Location"] == reverse("ataskaitos:job_detail", args=[job.pk])
    assert job.params == {"visit": str(visit.pk)}


def test_a_director_who_loses_the_library_loses_the_report_in_the_worker(
        visit, librarian_a, territory):
    job = documents.request_report(kind="konsultacijos.visit_report",
                                   params={"visit": str(visit.pk)}, format="pdf",
                                   by=librarian_a)
    territory.system_a.memberships.filter(user=librarian_a).delete()
    librarian_a._director_library_ids = librarian_a._memberships = None
    job = documents.run_job(job.pk)
    assert job.status == JobStatus.FAILED


def test_the_document_is_addressed_to_the_system_and_has_signature_lines(visit, staff):
    with translation.override("en"):
        document = visit_report_document(visit)
    facts = dict(document.sections[0].facts)
    assert facts["To"] == "Kretingos viešoji biblioteka, director Aldona Ąžuolienė"
    assert facts["Library visited"] == "Darbėnų filialas"
    assert facts["Who went"] == "Rūta Skyriūtė"
    table = document.sections[1].tables[0]
    assert table.rows == [[ACTION, "Vedėja Živilė", date(2026, 6, 30), None]]
    signatures = dict(document.sections[2].facts)
    assert signatures["Prepared by"].startswith("Rūta Skyriūtė")
    assert "____" in signatures["Received by the library"]
    assert len(document.sections) < 4           # no table of contents in a letter


def test_the_header_names_the_regional_library_when_the_registry_has_it(visit, settings):
    Library.objects.create(code="KAVB", name="Klaipėdos apskrities viešoji biblioteka",
                           kind=LibraryKind.COUNTY, address="Herkaus Manto g. 25, Klaipėda")
    document = visit_report_document(visit)
    assert document.subtitle.startswith("Klaipėdos apskrities viešoji biblioteka")
    assert document.context["head"]["department"] == settings.TRAINING_ORGANISER


def test_the_letter_layout_renders_with_the_same_text(visit, tmp_path):
    with translation.override("lt"):
        document = visit_report_document(visit)
        assert document.template == LETTER_TEMPLATE
        data = render_letter(document)
    text = pdf_text(data, tmp_path)
    assert "Skaityklos įranga pasenusi" in text and "Parengti žiūrovų apklausą" in text
    assert "Kretingos viešoji biblioteka" in text and "Aldona Ąžuolienė" in text
    assert "Rūta Skyriūtė" in text


def test_typed_text_keeps_its_lines_and_lists():
    assert plain_to_markdown("Pirma eilutė\nAntra eilutė") == "Pirma eilutė\\\nAntra eilutė"
    assert plain_to_markdown("Sąrašas:\n- vienas\n- du") == "Sąrašas:\n- vienas\n- du"
    assert plain_to_markdown("# ne antraštė") == "\\# ne antraštė"
    assert plain_to_markdown("") == ""


def test_only_reported_visits_are_offered(visit, territory, staff):
    make_visit(library=territory.branch_a, by=staff, days_ago=-3)
    form = VisitReportParams(user=staff)
    assert list(form.fields["visit"].queryset) == [visit]
