"""The year end's documents through the report engine: each retention class's inventory
holds exactly its files (the XLSX read back cell by cell, the PDF's text read with pypdf),
with the total line and the compiler; the destruction act as PDF and DOCX, and the frozen
PDF of an approved act; who may ask for them."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from archyvas import services_yearend as services
from archyvas.models import Appraisal, PlanStatus
from archyvas.reports_yearend import lt_count
from archyvas.services_yearend import Appraised
from archyvas.tests.factories import make_plan, make_plan_file
from archyvas.tests.factories_yearend import file_of, stored_entry, stored_filed
from ataskaitos import services as documents
from ataskaitos.models import JobStatus

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 4)


@pytest.fixture
def closed_2025(staff):
    """The 2025 plan with a file kept 25 years (7.7) besides the six, closed on
    2026-01-12: 7.1, 7.6 permanent; 7.7 long; 7.2–7.5 temporary. 7.3 has two documents."""
    plan = make_plan(2025)
    make_plan_file(plan, "7.7", title="Sutartys su partneriais", years=25, position=9,
                   note="Originalai pas direktorių")
    incoming = file_of(plan, "7.3")
    stored_entry(incoming, registered_on=datetime.date(2025, 1, 20))
    stored_filed(incoming, key="inv-1", document_date=datetime.date(2025, 10, 2))
    services.close_year(plan=plan, by=staff, today=datetime.date(2026, 1, 12))
    return plan


def ask(user, capture, fmt, kind="archyvas.inventory", **params):
    with capture(execute=True):
        job = documents.request_report(kind=kind, params=params, format=fmt, by=user)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    with job.file.open("rb") as handle:
        return handle.read()


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in
                             PdfReader(io.BytesIO(data)).pages).split())


def sheet_rows(data: bytes, name="Bylos") -> list[tuple]:
    book = load_workbook(io.BytesIO(data))
    return list(book[name].iter_rows(values_only=True))


def test_the_lithuanian_count_words():
    assert [lt_count(n, ("byla", "bylos", "bylų")) for n in (1, 3, 10, 12, 21, 111)] == [
        "1 byla", "3 bylos", "10 bylų", "12 bylų", "21 byla", "111 bylų"]


@pytest.mark.parametrize(("retention", "indexes"), [
    ("permanent", ["7.1", "7.6"]), ("long", ["7.7"]),
    ("temporary", ["7.2", "7.3", "7.4", "7.5"])])
def test_each_inventory_xlsx_holds_exactly_its_retention_classs_files(
        closed_2025, staff, retention, indexes, django_capture_on_commit_callbacks):
    data = ask(staff, django_capture_on_commit_callbacks, "xlsx", year="2025",
               retention=retention)
    header, *rows = sheet_rows(data)
    assert header == ("Eil. Nr.", "Bylos indeksas", "Bylos antraštė",
                      "Bylos pradžios ir pabaigos datos", "Lapų / dokumentų skaičius",
                      "Saugojimo terminas", "Pastabos")
    assert [row[1] for row in rows] == indexes
    assert [row[0] for row in rows] == list(range(1, len(indexes) + 1))
    if retention == "temporary":
        incoming = next(row for row in rows if row[1] == "7.3")
        assert incoming[3] == "2025-01-20–2025-10-02"
        assert incoming[4] == "2 dok." and incoming[5] == "5 m."
    if retention == "long":
        assert rows[0][5] == "25 m." and rows[0][6] == "Originalai pas direktorių"


def test_the_inventory_pdf_has_the_title_the_files_the_total_and_the_compiler(
        closed_2025, staff, django_capture_on_commit_callbacks):
    data = ask(staff, django_capture_on_commit_callbacks, "pdf", year="2025",
               retention="permanent", number="3")
    text = pdf_text(data)
    for expected in ("NUOLAT SAUGOMŲ BYLŲ APYRAŠAS Nr. 3", "2025 m.", "Bibliotekų veiklos "
                     "skyrius", "Skyriaus veiklos planai ir ataskaitos", "Analitinės "
                     "ataskaitos", "Į apyrašą įrašyta 2 bylos (nuo Nr. 1 iki Nr. 2).",
                     "Apyrašą sudarė: Rūta Skyriūtė", "Nuolat"):
        assert expected in text, expected
    assert "Gaunamieji raštai" not in text


def test_an_inventory_is_only_for_a_closed_year_and_for_staff_and_management(
        closed_2025, staff, librarian_a, manager, django_capture_on_commit_callbacks):
    make_plan(2026)
    with pytest.raises(documents.NotAvailable):
        documents.request_report(kind="archyvas.inventory",
                                 params={"year": "2026", "retention": "temporary"},
                                 format="pdf", by=staff)
    with pytest.raises(PermissionDenied):
        documents.request_report(kind="archyvas.inventory",
                                 params={"year": "2025", "retention": "temporary"},
                                 format="pdf", by=librarian_a)
    data = ask(manager, django_capture_on_commit_callbacks, "xlsx", year="2025",
               retention="long")
    assert [row[1] for row in sheet_rows(data)[1:]] == ["7.7"]


def test_a_destroyed_file_stays_in_its_inventory_with_the_act_in_its_notes(
        staff, manager, django_capture_on_commit_callbacks):
    plan = make_plan(2019, status=PlanStatus.CLOSED)
    stored_entry(file_of(plan, "7.4"))
    act = services.create_act(by=staff, today=TODAY, choices=[Appraised(file_of(plan, "7.4"))])
    services.submit_act(act=act, by=staff, today=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_act(act=act, by=manager, today=TODAY)
    rows = sheet_rows(ask(staff, django_capture_on_commit_callbacks, "xlsx", year="2019",
                          retention="temporary"))
    destroyed = next(row for row in rows if row[1] == "7.4")
    # destroyed on the day the task ran (today), by the act approved on TODAY
    ran = timezone.localdate().isoformat()
    assert destroyed[6] == (f"Sunaikinta {ran} pagal 2026-12-04 dokumentų naikinimo "
                            "aktą Nr. 1.")


@pytest.fixture
def submitted_act(staff):
    plan = make_plan(2019, status=PlanStatus.CLOSED)
    for index in ("7.3", "7.4"):
        stored_entry(file_of(plan, index))
    stored_filed(file_of(plan, "7.3"), key="act-1")
    act = services.create_act(by=staff, today=TODAY, basis="Bylas įvertino E. Ekspertė.",
                              choices=[Appraised(file_of(plan, "7.3")),
                                       Appraised(file_of(plan, "7.4")),
                                       Appraised(file_of(plan, "7.5"), Appraisal.EXTEND, 2,
                                                 "Vyksta patikrinimas")])
    return services.submit_act(act=act, by=staff, today=TODAY)


def test_the_act_pdf_frozen_at_approval_has_the_approval_the_files_and_the_totals(
        submitted_act, manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        act = services.approve_act(act=submitted_act, by=manager, today=TODAY,
                                   reference="Direktoriaus 2026-12-04 įsakymas Nr. V-50")
    act.refresh_from_db()
    with act.file.open("rb") as handle:
        text = pdf_text(handle.read())
    for expected in ("PATVIRTINTA", "Direktoriaus 2026-12-04 įsakymas Nr. V-50",
                     "DOKUMENTŲ NAIKINIMO AKTAS", "2026-12-04 Nr. 1",
                     "Bylas įvertino E. Ekspertė.", "Gaunamieji raštai (2019)",
                     "Siunčiamieji raštai (2019)", "5 m.", "1 / 2", "1 / 1",
                     "Iš viso atrinkta naikinti 2 bylos (3 dokumentai).",
                     "2028-12-31",
                     "Bylos, kurių saugojimo terminas pratęstas", "Vyksta patikrinimas",
                     "Aktą sudarė: Rūta Skyriūtė", "Patvirtino: Vytas Vadovas"):
        assert expected in text, expected


def test_the_act_as_docx_carries_the_same_words_and_a_draft_says_so(
        submitted_act, staff, django_capture_on_commit_callbacks):
    from docx import Document as Word

    data = ask(staff, django_capture_on_commit_callbacks, "docx",
               kind="archyvas.destruction_act", act=str(submitted_act.pk))
    word = Word(io.BytesIO(data))
    text = "\n".join(p.text for p in word.paragraphs)
    cells = " ".join(c.text for t in word.tables for r in t.rows for c in r.cells)
    assert "DOKUMENTŲ NAIKINIMO AKTAS" in text and "PROJEKTAS" in text
    assert "Iš viso atrinkta naikinti 2 bylos (3 dokumentai)." in text
    assert "Gaunamieji raštai (2019)" in cells and "Saugojimo terminas ir BDSTR punktas" in cells
    pdf = pdf_text(ask(staff, django_capture_on_commit_callbacks, "pdf",
                       kind="archyvas.destruction_act", act=str(submitted_act.pk)))
    assert "PROJEKTAS" in pdf and "TVIRTINU" in pdf


def test_an_approved_act_is_offered_to_staff_for_filing_and_a_draft_is_not(
        submitted_act, staff, manager, django_capture_on_commit_callbacks):
    from archyvas.reports_yearend import approved_acts, describe_act

    assert describe_act(submitted_act, staff) is None
    with django_capture_on_commit_callbacks(execute=True):
        act = services.approve_act(act=submitted_act, by=manager, today=TODAY)
    act.refresh_from_db()
    described = describe_act(act, staff)
    name, data = described.content()
    assert name == "dokumentu-naikinimo-aktas-2026-1.pdf" and data.startswith(b"%PDF")
    assert described.audience == "management" and described.date == TODAY
    assert describe_act(act, manager) is None
    assert [row["url"] for row in approved_acts(2026)] == [act.get_absolute_url()]
