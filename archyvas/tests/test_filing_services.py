"""Filing a document and moving it: the file its kind suggests; a closed year, a draft
plan, a closed file, another year's file and a second filing refused with a clear message
(and nothing stored behind a refusal); the copy surviving the report engine's retention
job; the text queued for search; staff only."""

import datetime
import hashlib
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import translation

from archyvas import services_filing as services
from archyvas.models import FiledDocument, PlanStatus
from archyvas.selectors_filing import open_files, suggested_file
from archyvas.tests.factories import make_plan, make_plan_file, pdf_bytes
from archyvas.tests.factories_filing import (
    file_of,
    filing_plan,
    make_job,
    signed_meeting,
)

pytestmark = pytest.mark.django_db

@pytest.fixture(autouse=True)
def _english(settings):
    """The assertions read the English source texts, whatever the catalogue holds."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def stored(document) -> bytes:
    with document.file.storage.open(document.file.name, "rb") as handle:
        return handle.read()


def media_files(settings) -> set:
    root = settings.MEDIA_ROOT / "archyvas"
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


# --- the suggestion ---------------------------------------------------------------------------

def test_the_file_naming_the_kind_and_subkind_is_suggested_before_the_kinds_own():
    plan = filing_plan(2026)
    files = open_files(2026)
    assert suggested_file(files, "ataskaitos.document", "regional_analysis") \
        == file_of(plan, "7.6")
    assert suggested_file(files, "ataskaitos.document", "mokymai.participants") \
        == file_of(plan, "7.5")
    assert suggested_file(files, "ataskaitos.document", "library_card") == file_of(plan, "7.7")
    assert suggested_file(files, "bendradarbiavimas.minutes", "commission") \
        == file_of(plan, "7.1")
    assert suggested_file(files, "tyrimai.nothing") is None


def test_only_the_open_files_of_the_years_approved_plan_are_offered():
    plan = filing_plan(2026)
    closed_file = make_plan_file(plan, "7.9", closed_on=datetime.date(2026, 6, 30))
    filing_plan(2025, status=PlanStatus.CLOSED)
    make_plan(2027, status=PlanStatus.DRAFT)
    offered = open_files(2026)
    assert [f.index for f in offered] == ["7.1", "7.2", "7.5", "7.6", "7.7"]
    assert closed_file not in offered
    assert open_files(2025) == [] and open_files(2027) == []


# --- refusals ---------------------------------------------------------------------------------

def test_a_document_filed_into_a_closed_year_is_refused(staff, settings):
    closed = filing_plan(2026, status=PlanStatus.CLOSED)
    job = make_job(staff)
    with pytest.raises(services.Refused) as refusal:
        services.file_document(kind="ataskaitos.document", obj=job,
                               plan_file=file_of(closed, "7.6"), by=staff)
    assert refusal.value.code == "closed"
    assert refusal.value.messages == ["The year 2026 is closed: nothing more is filed into "
                                      "its files."]
    assert not FiledDocument.objects.exists()
    assert media_files(settings) == set()


def test_a_draft_plan_and_a_closed_file_take_nothing(staff):
    job = make_job(staff)
    draft = make_plan(2026, status=PlanStatus.DRAFT)
    with pytest.raises(services.Refused) as refusal:
        services.file_document(kind="ataskaitos.document", obj=job,
                               plan_file=draft.files.first(), by=staff)
    assert refusal.value.code == "draft"
    draft.delete()
    plan = filing_plan(2026)
    closed_file = make_plan_file(plan, "7.9", closed_on=datetime.date(2026, 6, 30))
    with pytest.raises(services.Refused) as refusal:
        services.file_document(kind="ataskaitos.document", obj=job, plan_file=closed_file,
                               by=staff)
    assert refusal.value.code == "file_closed"


def test_a_file_of_another_year_than_the_documents_date_is_refused_with_the_reason(staff):
    filing_plan(2026)
    older = filing_plan(2025)
    meeting = signed_meeting(staff=staff, day=datetime.date(2026, 3, 12))
    with pytest.raises(services.Refused) as refusal:
        services.file_document(kind="bendradarbiavimas.minutes", obj=meeting,
                               plan_file=file_of(older, "7.1"), by=staff)
    assert refusal.value.code == "year"
    assert refusal.value.messages == ["The document is dated 2026-03-12: it is filed into a "
                                      "file of the 2026 plan, not of 2025."]


def test_a_document_filed_once_is_refused_the_second_time_saying_where(staff):
    plan = filing_plan(2026)
    job = make_job(staff)
    services.file_document(kind="ataskaitos.document", obj=job, plan_file=file_of(plan, "7.6"),
                           by=staff)
    with pytest.raises(services.Refused) as refusal:
        services.file_document(kind="ataskaitos.document", obj=job,
                               plan_file=file_of(plan, "7.7"), by=staff)
    assert refusal.value.code == "filed"
    assert refusal.value.messages == ["This document is already filed in 7.6 Analitinės "
                                      "ataskaitos ir išvykų ataskaitos (2026)."]
    assert FiledDocument.objects.count() == 1


def test_an_unfinished_document_is_refused(staff):
    plan = filing_plan(2026)
    with pytest.raises(services.Refused) as refusal:
        services.file_document(kind="ataskaitos.document", obj=make_job(staff, status="running"),
                               plan_file=file_of(plan, "7.6"), by=staff)
    assert refusal.value.code == "unavailable"


def test_a_file_that_is_not_the_type_its_name_claims_is_refused_and_nothing_stays(
        staff, settings):
    plan = filing_plan(2026)
    job = make_job(staff, data=b"PK\x03\x04 not really a pdf")
    with pytest.raises(services.Refused) as refusal:
        services.file_document(kind="ataskaitos.document", obj=job,
                               plan_file=file_of(plan, "7.6"), by=staff)
    assert refusal.value.code == "file"
    assert media_files(settings) == set()


def test_management_and_librarians_do_not_file(manager, librarian_a, staff):
    plan = filing_plan(2026)
    job = make_job(staff)
    for user in (manager, librarian_a):
        with pytest.raises(PermissionDenied):
            services.file_document(kind="ataskaitos.document", obj=job,
                                   plan_file=file_of(plan, "7.6"), by=user)


# --- the copy is the archive's ------------------------------------------------------------------

def test_the_filed_copy_survives_the_engines_retention_job(staff, settings):
    from ataskaitos.models import ReportJob
    from ataskaitos.services import sweep

    plan = filing_plan(2026)
    data = pdf_bytes("Regioninė analizė 2025 – kopija archyvui")
    job = make_job(staff, data=data)
    document = services.file_document(kind="ataskaitos.document", obj=job,
                                      plan_file=file_of(plan, "7.6"), by=staff)
    engine_file = job.file.name
    ReportJob.objects.filter(pk=job.pk).update(
        finished_at=job.finished_at - timedelta(days=settings.REPORT_RETENTION_DAYS + 1))
    assert sweep()["removed"] == 1
    assert not ReportJob.objects.filter(pk=job.pk).exists()
    assert not job.file.storage.exists(engine_file)
    client = Client()
    client.force_login(staff, backend="paskyros.backends.EmailBackend")
    response = client.get(reverse("archyvas:filed_file", args=[document.pk]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == hashlib.sha256(data).hexdigest() \
        == document.sha256


def test_the_copys_text_is_queued_after_the_commit(staff, monkeypatch,
                                                   django_capture_on_commit_callbacks):
    from archyvas import tasks_search

    queued = []
    monkeypatch.setattr(tasks_search, "_send", lambda label, pk: queued.append((label, pk)))
    plan = filing_plan(2026)
    with django_capture_on_commit_callbacks(execute=True):
        document = services.file_document(kind="ataskaitos.document", obj=make_job(staff),
                                          plan_file=file_of(plan, "7.6"), by=staff)
    assert queued == [("archyvas.fileddocument", document.pk)]


def test_filing_records_who_filed_with_the_note_in_the_history(staff):
    plan = filing_plan(2026)
    document = services.file_document(kind="ataskaitos.document", obj=make_job(staff),
                                      plan_file=file_of(plan, "7.6"), by=staff,
                                      note="  Pateikta direktoriaus pasitarimui  ")
    assert document.filed_by == staff and document.note == "Pateikta direktoriaus pasitarimui"
    assert document.history.get().history_user == staff


# --- moving -----------------------------------------------------------------------------------

def _filed(staff, plan):
    return services.file_document(kind="ataskaitos.document", obj=make_job(staff),
                                  plan_file=file_of(plan, "7.6"), by=staff)


def test_a_filed_document_moves_to_another_open_file_of_the_year_once(staff):
    plan = filing_plan(2026)
    document = _filed(staff, plan)
    seen = FiledDocument.objects.get(pk=document.pk)
    moved = services.move_filed(document=document, plan_file=file_of(plan, "7.7"), by=staff)
    assert moved.plan_file == file_of(plan, "7.7")
    assert moved.history.first().history_user == staff
    with pytest.raises(services.Refused) as refusal:     # a second click saw the old file
        services.move_filed(document=seen, plan_file=file_of(plan, "7.1"), by=staff)
    assert refusal.value.code == "moved"
    assert FiledDocument.objects.get(pk=document.pk).plan_file == file_of(plan, "7.7")


def test_a_move_into_another_year_or_a_closed_year_is_refused(staff):
    plan = filing_plan(2026)
    document = _filed(staff, plan)
    other = filing_plan(2027)
    with pytest.raises(services.Refused) as refusal:
        services.move_filed(document=document, plan_file=file_of(other, "7.7"), by=staff)
    assert refusal.value.code == "year"
    plan.status = PlanStatus.CLOSED
    plan.closed_on = datetime.date(2026, 12, 31)
    plan.save()
    with pytest.raises(services.Refused) as refusal:
        services.move_filed(document=document, plan_file=file_of(plan, "7.7"), by=staff)
    assert refusal.value.code == "closed"
    with pytest.raises(services.Refused) as refusal:
        services.move_filed(document=document, plan_file=file_of(plan, "7.6"), by=staff)
    assert refusal.value.code == "same"


def test_management_does_not_move(staff, manager):
    plan = filing_plan(2026)
    document = _filed(staff, plan)
    with pytest.raises(PermissionDenied):
        services.move_filed(document=document, plan_file=file_of(plan, "7.7"), by=manager)


def test_a_filing_at_the_same_moment_meets_the_one_copy_constraint(staff, settings,
                                                                   monkeypatch):
    """Two staff filing the same document at once both pass the check; the database keeps
    one copy and the second is refused, its bytes removed."""
    plan = filing_plan(2026)
    job = make_job(staff)
    first = services.file_document(kind="ataskaitos.document", obj=job,
                                   plan_file=file_of(plan, "7.6"), by=staff)
    stored_before = media_files(settings)
    found = {"calls": 0}

    def not_yet(model, key):    # the second request checked (twice) before the first saved
        found["calls"] += 1
        return None if found["calls"] <= 2 else FiledDocument.objects.get(pk=first.pk)

    monkeypatch.setattr(services, "filed_from", not_yet)
    with pytest.raises(services.Refused) as refusal:
        services.file_document(kind="ataskaitos.document", obj=job,
                               plan_file=file_of(plan, "7.7"), by=staff)
    assert refusal.value.code == "filed" and found["calls"] == 3
    assert refusal.value.messages == ["This document is already filed in 7.6 Analitinės "
                                      "ataskaitos ir išvykų ataskaitos (2026)."]
    assert FiledDocument.objects.count() == 1
    assert media_files(settings) == stored_before
