import io
import logging
import subprocess
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document as Word
from openpyxl import load_workbook

from ataskaitos import services
from ataskaitos.models import JobStatus, ReportJob
from ataskaitos.renderers import FetchRefused, url_fetcher
from bibliotekos.models import Library
from bibliotekos.scoping import access_of
from conftest import require_program
from statistika.models import Indicator, Value
from statistika.selectors.values import primary_table

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def catalogue(db):
    from statistika.services.catalogue import install_default_catalogue

    install_default_catalogue()


@pytest.fixture
def figures(territory, catalogue):
    for code, value in {"loans": 1234, "users_registered": 100, "visits": 2500}.items():
        Value.objects.create(library=territory.central_a, indicator=Indicator.objects.get(
            code=code), year=2024, value=Decimal(value))


def render(kind, fmt, user, **params) -> ReportJob:
    job = services.request_report(kind=kind, params=params, format=fmt, by=user)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    return job


def pdf_text(job) -> str:
    program = require_program("pdftotext")
    result = subprocess.run([program, "-layout", job.file.path, "-"], capture_output=True,
                            text=True, check=True)
    return result.stdout.replace("\xa0", " ")


@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "docx"])
def test_library_card_has_the_selectors_numbers_in_every_format(fmt, figures, territory,
                                                                 librarian_a):
    job = render("library_card", fmt, librarian_a, library="SVB-KRE")
    table = primary_table(codes=["loans", "visits"], years=[2024], level="system")
    loans = table.get("SVB-KRE", 2024, "loans")
    assert loans == 1234
    if fmt == "pdf":
        text = pdf_text(job)
        assert "Kretingos viešoji biblioteka" in text
        assert "1 234" in text and "2 500" in text
        assert "12,3" in text      # loans per user, one decimal as on screen
    elif fmt == "xlsx":
        book = load_workbook(job.file.path)
        cells = [c.value for sheet in book.worksheets for row in sheet.iter_rows()
                 for c in row]
        assert 1234 in cells and 2500 in cells
        assert 12.3 in cells
    else:
        word = Word(job.file.path)
        text = "\n".join(cell.text for t in word.tables for row in t.rows
                         for cell in row.cells).replace("\xa0", " ")
        assert "1 234" in text and "12,3" in text
        assert any(p.style.name.startswith("Heading") for p in word.paragraphs)


def test_registry_xlsx_neutralises_formulas_and_keeps_numbers_numeric(staff, territory):
    Library.objects.filter(code="SVB-KRE").update(name='=HYPERLINK("http://x","y")')
    job = render("registry", "xlsx", staff)
    book = load_workbook(job.file.path)
    sheet = book["Bibliotekos"] if "Bibliotekos" in book.sheetnames else book.worksheets[0]
    names = [row[1] for row in sheet.iter_rows(min_row=2)]
    evil = next(c for c in names if "HYPERLINK" in str(c.value))
    assert evil.data_type == "s" and evil.value.startswith("'=")
    municipalities = book.worksheets[1]
    population = [row[4].value for row in municipalities.iter_rows(min_row=2)]
    assert 39_800 in population


def test_html_in_a_name_is_escaped_text_and_nothing_is_fetched(figures, territory, staff,
                                                              caplog):
    Library.objects.filter(code="SVB-KRE").update(
        name='<img src="file:///etc/passwd"><link rel=attachment href="file:///etc/hosts">')
    with caplog.at_level(logging.WARNING, logger="regionas.documents"):
        job = render("library_card", "pdf", staff, library="SVB-KRE")
    assert '<img src="file:///etc/passwd">' in pdf_text(job)
    assert not [r for r in caplog.records if "refused" in r.getMessage()]
    assert b"/EmbeddedFile" not in job.file.read()


@pytest.mark.parametrize("url", ["file:///etc/passwd", "http://169.254.169.254/latest/",
                                 "https://example.org/x.css", "portal-static:/../settings.py"])
def test_the_pdf_fetcher_refuses_anything_but_static_files_and_data(url):
    with pytest.raises(FetchRefused):
        url_fetcher(url)


def test_the_pdf_fetcher_serves_the_portals_static_files():
    data, mime = url_fetcher("portal-static:/img/logo.svg")
    assert data.startswith(b"<svg") and mime == "image/svg+xml"


def test_statistics_report_printout_carries_values_checks_and_explanations(
        territory, staff, librarian_a, catalogue):
    from statistika.services.campaign import create_campaign, save_explanation, save_value

    campaign = create_campaign(year=2024, kinds=["system"], reminder_days=[1], by=staff,
                               deadline=timezone.now() + timedelta(days=9))
    submission = campaign.submissions.get(library=territory.system_a)
    Value.objects.create(library=territory.central_a, indicator=Indicator.objects.get(
        code="loans"), year=2023, value=Decimal(1000))
    loans = Indicator.objects.get(code="loans")
    save_value(submission=submission, library=territory.central_a, indicator=loans,
               raw="2000", not_known=False, version=None, by=librarian_a)
    save_explanation(submission=submission, library=territory.central_a, indicator=loans,
                     text="Naujas skyrius", by=librarian_a)
    job = render("statistics_report", "pdf", librarian_a, report=str(submission.pk))
    text = " ".join(pdf_text(job).split())
    assert "2 000" in text and "1 000" in text and "Naujas skyrius" in text, text


def test_another_librarys_document_is_refused_when_asked_and_when_built(territory, librarian_b,
                                                                        catalogue):
    with pytest.raises(services.NotAvailable):
        services.request_report(kind="library_card", params={"library": "SVB-KRE"},
                                format="pdf", by=librarian_b)
    assert not ReportJob.objects.exists()
    # Access lost between the request and the worker: the builder checks again.
    job = ReportJob.objects.create(kind="library_card", params={"library": "SVB-KRE"},
                                   format="pdf", requested_by=librarian_b, params_hash="x",
                                   scope=access_of(librarian_b))
    job = services.run_job(job.pk)
    assert job.status == JobStatus.FAILED
    assert "nepasiekiamas" in job.error.lower() or "not available" in job.error.lower()
    assert not job.file


def test_another_users_job_is_404_on_every_url(client_b, territory, librarian_a, catalogue):
    job = render("library_card", "xlsx", librarian_a, library="SVB-KRE")
    for name in ("job_detail", "job_status", "job_download"):
        assert client_b.get(reverse(f"ataskaitos:{name}", args=[job.pk])).status_code == 404
    assert client_b.post(reverse("ataskaitos:job_retry", args=[job.pk])).status_code == 404


def test_the_requester_polls_then_downloads(client_a, territory, catalogue):
    response = client_a.post(reverse("ataskaitos:document_request"),
                             {"kind": "library_card", "format": "pdf", "library": "SVB-KRE"})
    job = ReportJob.objects.get()
    assert response["Location"] == reverse("ataskaitos:job_detail", args=[job.pk])
    status = client_a.get(reverse("ataskaitos:job_status", args=[job.pk])).content.decode()
    assert "hx-trigger" not in status  # finished: the polling stops
    download = client_a.get(reverse("ataskaitos:job_download", args=[job.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert client_a.get(reverse("ataskaitos:job_list")).context["page_obj"][0] == job


def test_identical_requests_while_waiting_share_one_job(librarian_a, territory, catalogue):
    waiting = ReportJob.objects.create(
        kind="library_card", params={"library": "SVB-KRE"}, format="pdf",
        requested_by=librarian_a, language="lt", scope=access_of(librarian_a),
        params_hash=ReportJob.hash_params("library_card", {"library": "SVB-KRE"}, "pdf", "lt",
                                          access_of(librarian_a)))
    again = services.request_report(kind="library_card", params={"library": "SVB-KRE"},
                                    format="pdf", by=librarian_a)
    assert again.pk == waiting.pk


def test_with_the_broker_down_the_job_waits_and_the_page_says_so(client_a, settings,
                                                                 territory, catalogue):
    from regionas.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    app.conf.broker_connection_retry = False
    app.conf.broker_connection_max_retries = 0
    try:
        response = client_a.post(reverse("ataskaitos:document_request"),
                                 {"kind": "library_card", "format": "pdf",
                                  "library": "SVB-KRE"}, follow=True)
    finally:
        app.conf.task_always_eager = True
        app.conf.broker_url = "memory://"
    job = ReportJob.objects.get()
    assert job.status == JobStatus.QUEUED
    assert response.status_code == 200
    assert "hx-trigger" in response.content.decode()
    services.run_job(job.pk)  # the broker is back: the sweeper's send runs it
    job.refresh_from_db()
    assert job.status == JobStatus.DONE


def test_a_job_whose_worker_died_is_requeued_then_fails_after_three_attempts(
        librarian_a, territory, catalogue):
    job = ReportJob.objects.create(kind="library_card", params={"library": "SVB-KRE"},
                                   format="pdf", requested_by=librarian_a, params_hash="x",
                                   status=JobStatus.RUNNING, attempts=1,
                                   started_at=timezone.now() - timedelta(hours=1))
    ReportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(hours=1))
    result = services.sweep(stale_after=timedelta(minutes=10))
    job.refresh_from_db()
    assert result["requeued"] == 1 and job.status == JobStatus.DONE  # re-sent, ran eagerly
    ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=3,
                                               started_at=timezone.now() - timedelta(hours=1))
    services.sweep(stale_after=timedelta(minutes=10))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error


def test_a_poison_job_fails_with_a_readable_message_and_can_be_retried(librarian_a, client_a,
                                                                       monkeypatch, territory,
                                                                       catalogue, caplog):
    from dataclasses import replace

    from portalas import registry

    def boom(**kwargs):
        raise KeyError("secret internals")  # a builder's own bug, not an access problem

    monkeypatch.setitem(registry.report_kinds._items, "library_card",
                        replace(registry.kind("library_card"), build=boom))
    with caplog.at_level(logging.ERROR, logger="regionas.documents"):
        job = services.request_report(kind="library_card", params={"library": "SVB-KRE"},
                                      format="pdf", by=librarian_a)
        job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "secret" not in job.error and job.attempts == services.MAX_ATTEMPTS
    assert "could not be prepared" in job.error or "nepavyko" in job.error
    assert "not available" not in job.error and "nepasiekiamas" not in job.error
    assert "could not be built" in caplog.text and "secret internals" in caplog.text
    page = client_a.get(reverse("ataskaitos:job_detail", args=[job.pk])).content.decode()
    assert job.error in page


def test_expired_files_are_gone(librarian_a, client_a, territory, catalogue, settings):
    job = render("library_card", "xlsx", librarian_a, library="SVB-KRE")
    ReportJob.objects.filter(pk=job.pk).update(
        finished_at=timezone.now() - timedelta(days=settings.REPORT_RETENTION_DAYS, hours=1))
    assert client_a.get(reverse("ataskaitos:job_download", args=[job.pk])).status_code == 410
    path = job.file.path
    services.sweep()
    import os

    assert not os.path.exists(path) and not ReportJob.objects.filter(pk=job.pk).exists()


def test_commands_list_kinds_and_print_metrics(capsys, figures, tmp_path, staff):
    from django.core.management import call_command

    call_command("render_report", "--list")
    listed = capsys.readouterr().out
    assert "library_card" in listed and "registry" in listed and "statistics_report" in listed
    call_command("metrics", "--year", "2024")
    printed = capsys.readouterr().out
    assert "statistika.loans" in printed and "1234" in printed
    out = tmp_path / "card.docx"
    call_command("render_report", "library_card", "--library", "SVB-KRE", "--format", "docx",
                 "--output", str(out))
    assert Word(str(out)).paragraphs


def test_metric_records_are_querysets_the_annual_report_can_link(territory):
    from portalas.metrics import Period, Scope
    from portalas.registry import metric

    outlets = metric("bibliotekos.outlets_open")
    year, system_a = Period.year(2024), Scope.of_library(territory.system_a)
    assert outlets.value(year) == outlets.records(year).count() == 3
    assert outlets.value(year, system_a) == 2  # the service point closed in 2021
    assert set(outlets.records(Period.year(2021), system_a).values_list(
        "code", flat=True)) == {"SVB-KRE-C", "SVB-KRE-F01", "SVB-KRE-P01"}
    assert outlets.value(year, Scope.of_municipality(territory.municipality_b)) == 1
    assert outlets.function == "1.1"


def test_xlsx_cell_text_over_32767_characters_is_cut_and_sheet_names_are_safe():
    from ataskaitos.document import Column, Document, Section, Table
    from ataskaitos.renderers import render_xlsx

    document = Document(title="Bandymas", sections=[Section(heading="A", tables=[
        Table("Lapas: [1/2]*?", [Column("Tekstas"), Column("Skaičius", "int")],
              [["ą" * 40_000, 5], ["=1+1", -3]])])])
    book = load_workbook(io.BytesIO(render_xlsx(document)))
    sheet = book.worksheets[-1]
    assert sheet.title == "Lapas   1 2"
    assert len(sheet["A2"].value) <= 32_767
    assert sheet["A3"].value == "'=1+1" and sheet["B3"].value == -3


def test_charts_are_native_in_xlsx_an_image_in_docx_and_vector_in_pdf(figures, librarian_a):
    xlsx = render("library_card", "xlsx", librarian_a, library="SVB-KRE")
    book = load_workbook(xlsx.file.path)
    assert any(sheet._charts for sheet in book.worksheets)
    docx = render("library_card", "docx", librarian_a, library="SVB-KRE")
    assert Word(docx.file.path).inline_shapes
    pdf = render("library_card", "pdf", librarian_a, library="SVB-KRE")
    text = pdf_text(pdf)
    assert "Apsilankymai" in text and "2024" in text


def test_long_documents_get_a_table_of_contents():
    from ataskaitos.document import Document, Section
    from ataskaitos.renderers import render_docx, render_pdf

    document = Document(title="Ilgas", sections=[Section(heading=f"Skyrius {n}",
                                                         paragraphs=["Tekstas **paryškintas**"])
                                                 for n in range(1, 6)])
    program = require_program("pdftotext")
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(render_pdf(document))
        handle.flush()
        text = subprocess.run([program, handle.name, "-"], capture_output=True, text=True,
                              check=True).stdout
    assert "Turinys" in text or "Contents" in text
    assert "Skyrius 5" in text
    word = Word(io.BytesIO(render_docx(document)))
    assert "TOC" in word.element.xml


def test_markdown_narrative_is_rendered_without_raw_html():
    from ataskaitos.renderers import markdown

    html = markdown('**Svarbu** <script>alert(1)</script> [x](javascript:alert(1))')
    assert "<strong>Svarbu</strong>" in html
    assert "<script" not in html and "&lt;script&gt;" in html
    assert "href" not in html  # a javascript: link stays plain text
