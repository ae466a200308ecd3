"""Every fileable kind the apps declare files a real document: the archive's copy holds
exactly the bytes the kind handed over (a stored file's own bytes; a rendered PDF's), with
the audience, library, subkind and source page the kind described. A document that cannot
be filed now (an unfinished job, draft minutes, a planned visit, a report not accepted, a
project document that is not a contract) is described as nothing."""

import dataclasses
import hashlib
import io
from contextlib import contextmanager

import pytest
from django.utils import translation
from pypdf import PdfReader

from archyvas import services_filing as services
from archyvas.models import Audience, FiledDocument
from archyvas.tests.factories import pdf_bytes
from archyvas.tests.factories_filing import (
    accepted_report,
    agreement_with_file,
    file_of,
    filing_plan,
    make_job,
    project_contract,
    reported_visit,
    signed_meeting,
)
from konsultacijos.tests.factories import make_visit
from portalas import registry

pytestmark = pytest.mark.django_db

@pytest.fixture(autouse=True)
def _english(settings):
    """The assertions read the English source texts, whatever the catalogue holds."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield

DECLARED = {"ataskaitos.document", "bendradarbiavimas.minutes", "bendradarbiavimas.agreement",
            "konsultacijos.visit_report", "projektai.contract", "statistika.statistics_report"}


@contextmanager
def handed_over(name: str):
    """The bytes the kind's ``content()`` hands the archive, caught on the way."""
    state = registry.snapshot()
    original = registry.fileable_kinds.get(name)
    seen = {}

    def describe(obj, user):
        described = original.describe(obj, user)
        if described is None:
            return None

        def content():
            file_name, data = described.content()
            seen.update(name=file_name, data=data)
            return file_name, data

        return dataclasses.replace(described, content=content)

    registry.fileable_kinds.add(name, dataclasses.replace(original, describe=describe))
    try:
        yield seen
    finally:
        registry.restore(state)


def stored_bytes(document: FiledDocument) -> bytes:
    with document.file.storage.open(document.file.name, "rb") as handle:
        return handle.read()


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_apps_declare_a_describing_kind_for_each_document_the_issue_names():
    found = {kind.name: kind for kind in registry.fileable_kinds.all()}
    assert set(found) >= DECLARED
    assert all(found[name].describe is not None and found[name].model for name in DECLARED)
    assert found["projektai.contract"].listed_on == "projektai.project"


def test_a_report_jobs_file_is_copied_byte_for_byte(staff):
    plan = filing_plan(2026)
    data = pdf_bytes("Regioninė analizė 2025: bibliotekų lankytojai")
    job = make_job(staff, data=data)
    with handed_over("ataskaitos.document") as seen:
        document = services.file_document(kind="ataskaitos.document", obj=job,
                                          plan_file=file_of(plan, "7.6"), by=staff)
    assert seen["data"] == data == stored_bytes(document)
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.file_size == len(data) and document.file_kind == "pdf"
    assert document.file_name == "regionine-analize-2025.pdf"
    assert (document.kind, document.subkind) == ("ataskaitos.document", "regional_analysis")
    assert (document.source_model, document.source_key) == ("ataskaitos.reportjob", str(job.pk))
    assert document.source_url == f"/dokumentai/{job.pk}/"
    assert document.title == "Regional analysis 2025 (regionine-analize-2025.pdf)"
    assert document.audience == Audience.MANAGEMENT
    assert document.text_status == "waiting"


def test_a_jury_protocol_is_filed_for_staff_alone_and_a_participant_list_for_management(
        staff):
    plan = filing_plan(2026)
    protocol = make_job(staff, kind="apdovanojimai.protocol", params={"contest": "1"})
    participants = make_job(staff, kind="mokymai.participants", format="xlsx",
                            params={"event": "1"}, data=_xlsx())
    filed_protocol = services.file_document(kind="ataskaitos.document", obj=protocol,
                                            plan_file=file_of(plan, "7.7"), by=staff)
    filed_list = services.file_document(kind="ataskaitos.document", obj=participants,
                                        plan_file=file_of(plan, "7.5"), by=staff)
    assert filed_protocol.audience == Audience.STAFF
    assert filed_list.audience == Audience.MANAGEMENT
    assert filed_list.file_kind == "xlsx"


def _xlsx() -> bytes:
    from portalas.tables import write_xlsx

    return write_xlsx("Dalyviai", ["Vardas", "Biblioteka"], [["Ona", "Kretingos VB"]])


def test_signed_minutes_are_rendered_to_pdf_and_filed(staff):
    plan = filing_plan(2026)
    meeting = signed_meeting(staff=staff)
    with handed_over("bendradarbiavimas.minutes") as seen:
        document = services.file_document(kind="bendradarbiavimas.minutes", obj=meeting,
                                          plan_file=file_of(plan, "7.1"), by=staff)
    assert seen["data"] == stored_bytes(document)
    assert seen["name"].startswith("protokolas-2026-03-12-nr-1")
    text = pdf_text(stored_bytes(document))
    assert "POSĖDŽIO PROTOKOLAS" in text and "Veiklos plano 2026 m. aptarimas" in text
    assert document.document_date.isoformat() == "2026-03-12"
    assert document.subkind == "commission"
    assert document.audience == Audience.MANAGEMENT
    assert document.source_url == meeting.get_absolute_url()


def test_an_agreements_signed_file_is_copied_byte_for_byte(staff):
    plan = filing_plan(2026)
    data = pdf_bytes("Sutartis BS-2026/02, pasirašyta")
    agreement = agreement_with_file(staff=staff, data=data)
    document = services.file_document(kind="bendradarbiavimas.agreement", obj=agreement,
                                      plan_file=file_of(plan, "7.7"), by=staff)
    assert stored_bytes(document) == data
    assert document.title == "Cooperation agreement No. BS-2026/02: Bendradarbiavimo " \
                             "sutartis su LNB"
    assert document.document_date.isoformat() == "2026-02-03"
    assert (document.subkind, document.audience) == ("agreement", Audience.MANAGEMENT)


def test_a_visits_report_is_rendered_as_the_letter_and_filed(staff, territory):
    plan = filing_plan(2026)
    visit = reported_visit(staff=staff, library=territory.central_a)
    with handed_over("konsultacijos.visit_report") as seen:
        document = services.file_document(kind="konsultacijos.visit_report", obj=visit,
                                          plan_file=file_of(plan, "7.6"), by=staff)
    assert seen["data"] == stored_bytes(document)
    assert "Atnaujinti vaikų literatūros fondą" in pdf_text(stored_bytes(document))
    assert document.library == territory.central_a
    assert document.audience == Audience.MANAGEMENT


def test_a_projects_contract_is_copied_byte_for_byte(staff):
    plan = filing_plan(2026)
    data = pdf_bytes("Finansavimo sutartis Nr. 2026/15")
    contract = project_contract(staff=staff, data=data)
    document = services.file_document(kind="projektai.contract", obj=contract,
                                      plan_file=file_of(plan, "7.7"), by=staff)
    assert stored_bytes(document) == data
    assert document.title == "Contract: Finansavimo sutartis (Skaitymo iššūkis regione)"
    assert document.source_url == contract.project.get_absolute_url()


def test_an_accepted_statistics_report_is_filed_as_its_printable_copy(staff, territory):
    plan = filing_plan(2026)
    submission = accepted_report(staff=staff, library=territory.system_a)
    with handed_over("statistika.statistics_report") as seen:
        document = services.file_document(kind="statistika.statistics_report", obj=submission,
                                          plan_file=file_of(plan, "7.2"), by=staff)
    assert seen["data"] == stored_bytes(document)
    assert seen["name"] == f"ataskaita-2025-{territory.system_a.code}.pdf"
    assert territory.system_a.name in pdf_text(stored_bytes(document))
    assert document.library == territory.system_a


def test_what_cannot_be_filed_now_is_described_as_nothing(staff, territory):
    kinds = registry.fileable_kinds
    running = make_job(staff, status="running")
    csv = make_job(staff, format="csv", data=b"a;b\n1;2\n")
    draft = signed_meeting(staff=staff, signed=False)
    planned = make_visit(library=territory.central_a, by=staff)
    application = project_contract(staff=staff, kind="application")
    submission = accepted_report(staff=staff, library=territory.system_a)
    submission.status = "submitted"
    assert kinds.get("ataskaitos.document").describe(running, staff) is None
    assert kinds.get("ataskaitos.document").describe(csv, staff) is None
    assert kinds.get("bendradarbiavimas.minutes").describe(draft, staff) is None
    assert kinds.get("konsultacijos.visit_report").describe(planned, staff) is None
    assert kinds.get("projektai.contract").describe(application, staff) is None
    assert kinds.get("statistika.statistics_report").describe(submission, staff) is None


def test_only_the_staff_member_who_asked_for_a_document_may_file_it(staff, manager):
    from tests.factories import UserFactory

    job = make_job(staff)
    colleague = UserFactory(role="staff")
    describe = registry.fileable_kinds.get("ataskaitos.document").describe
    assert describe(job, staff) is not None
    assert describe(job, colleague) is None
    assert describe(make_job(manager), manager) is None        # management does not file


def test_a_job_whose_file_is_gone_is_not_offered(staff):
    job = make_job(staff)
    job.file.delete(save=False)
    assert registry.fileable_kinds.get("ataskaitos.document").describe(job, staff) is None


def test_the_kinds_find_their_objects_within_the_users_scope(staff, librarian_b, territory):
    job = make_job(staff)
    meeting = signed_meeting(staff=staff)
    kinds = registry.fileable_kinds
    assert kinds.get("ataskaitos.document").find(str(job.pk), staff) == job
    assert kinds.get("ataskaitos.document").find("not-a-uuid", staff) is None
    assert kinds.get("bendradarbiavimas.minutes").find(str(meeting.pk), staff) == meeting
    assert kinds.get("bendradarbiavimas.minutes").find(str(meeting.pk), librarian_b) is None
    assert kinds.get("statistika.statistics_report").find("x", staff) is None


def test_the_new_kinds_list_their_years_documents(staff, territory):
    job = make_job(staff)
    agreement = agreement_with_file(staff=staff)
    contract = project_contract(staff=staff)
    year = job.finished_at.year
    assert [d["url"] for d in registry.fileable_kinds.get("ataskaitos.document")
            .documents(year)] == [f"/dokumentai/{job.pk}/"]
    assert [d["url"] for d in registry.fileable_kinds.get("bendradarbiavimas.agreement")
            .documents(2026)] == [agreement.get_absolute_url()]
    assert [d["url"] for d in registry.fileable_kinds.get("projektai.contract")
            .documents(contract.uploaded_at.year)] == [contract.project.get_absolute_url()]
