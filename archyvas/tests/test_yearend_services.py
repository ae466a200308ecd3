"""The year end's services: closing a year (dates, retention ends, once, not before the year
ends), destruction acts (what they refuse, numbering, appraisals), and the approval that
destroys the stored files after the commit while every row and the act remain."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.utils import timezone

from archyvas import services_yearend as services
from archyvas.models import (
    ActStatus,
    Appraisal,
    DestructionAct,
    FiledDocument,
    FilePlan,
    PlanStatus,
    RegisterEntry,
)
from archyvas.services_yearend import Appraised
from archyvas.tests.factories import make_plan
from archyvas.tests.factories_yearend import (
    file_of,
    make_act,
    stored_entry,
    stored_filed,
)
from portalas.metrics import Period, Scope
from portalas.registry import metric

pytestmark = pytest.mark.django_db

JAN_2026 = datetime.date(2026, 1, 12)
TODAY = datetime.date(2026, 12, 4)


@pytest.fixture
def old_year(staff):
    """The 2019 files, closed: 7.3 and 7.4 (5 years) ended 2024-12-31, 7.5 (3 years)
    2022-12-31, 7.2 (10 years) runs to 2029, 7.1 and 7.6 are permanent. 7.3 has two
    registered documents and a filed one, 7.5 one registered document."""
    plan = make_plan(2019, status=PlanStatus.CLOSED)
    incoming, answers = file_of(plan, "7.3"), file_of(plan, "7.5")
    return {"plan": plan, "incoming": incoming, "lists": answers,
            "statistics": file_of(plan, "7.2"), "permanent": file_of(plan, "7.1"),
            "entries": [stored_entry(incoming, title="Dėl ataskaitos"),
                        stored_entry(incoming, title="Dėl seminaro"),
                        stored_entry(answers, title="Dalyvių sąrašas")],
            "filed": [stored_filed(incoming, key="old-1")]}


def stored_names(records) -> list[str]:
    return [record.file.name for record in records]


def _act(staff, *files, today=TODAY):
    return services.create_act(by=staff, choices=[Appraised(f) for f in files], today=today,
                               basis="Bylas įvertino skyriaus vedėja.")


# --- closing a year -----------------------------------------------------------------------------

def test_closing_a_year_sets_each_files_dates_and_retention_end(staff):
    plan = make_plan(2025)
    incoming, permanent = file_of(plan, "7.3"), file_of(plan, "7.1")
    stored_entry(incoming, registered_on=datetime.date(2025, 2, 3),
                 document_date=datetime.date(2025, 1, 28))
    stored_entry(incoming, registered_on=datetime.date(2025, 6, 30))
    stored_filed(incoming, key="k1", document_date=datetime.date(2025, 11, 20))
    closed = services.close_year(plan=plan, by=staff, today=JAN_2026)
    assert closed.files_closed == 6
    plan.refresh_from_db()
    assert (plan.status, plan.closed_on, plan.closed_by) == (PlanStatus.CLOSED, JAN_2026, staff)
    assert plan.history.first().history_user == staff
    incoming.refresh_from_db()
    assert incoming.closed_on == JAN_2026
    assert (incoming.first_date, incoming.last_date) == (datetime.date(2025, 1, 28),
                                                         datetime.date(2025, 11, 20))
    # counted from 1 January of the year after the plan's year, not the day it closed
    assert incoming.retention_ends == datetime.date(2030, 12, 31)
    permanent.refresh_from_db()
    assert permanent.closed_on == JAN_2026 and permanent.retention_ends is None
    assert permanent.first_date is None and permanent.last_date is None
    assert file_of(plan, "7.5").retention_ends == datetime.date(2028, 12, 31)
    assert incoming.history.first().history_user == staff
    assert not plan.takes_documents


def test_a_year_that_has_not_ended_cannot_be_closed(staff):
    plan = make_plan(2026)
    with pytest.raises(services.Refused) as refused:
        services.close_year(plan=plan, by=staff, today=TODAY)
    assert refused.value.code == "not_ended"
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.closed_on is None
    assert not plan.files.filter(closed_on__isnull=False).exists()


def test_closing_twice_moves_the_year_once(staff, manager):
    plan = make_plan(2025)
    services.close_year(plan=plan, by=staff, today=JAN_2026)
    with pytest.raises(services.Refused) as refused:
        services.close_year(plan=plan, by=staff, today=datetime.date(2026, 3, 1))
    assert refused.value.code == "closed"
    plan.refresh_from_db()
    assert plan.closed_on == JAN_2026
    assert set(plan.files.values_list("closed_on", flat=True)) == {JAN_2026}


def test_a_draft_plan_is_not_closed_and_management_does_not_close(staff, manager):
    draft = make_plan(2024, status=PlanStatus.DRAFT)
    with pytest.raises(services.Refused) as refused:
        services.close_year(plan=draft, by=staff, today=JAN_2026)
    assert refused.value.code == "status"
    approved = make_plan(2025)
    with pytest.raises(PermissionDenied):
        services.close_year(plan=approved, by=manager, today=JAN_2026)
    assert FilePlan.objects.get(pk=approved.pk).status == PlanStatus.APPROVED


def test_the_files_closed_metric_counts_files_by_the_day_they_closed(staff, territory):
    services.close_year(plan=make_plan(2025), by=staff, today=JAN_2026)
    closed = metric("archyvas.files_closed")
    assert closed.value(Period.year(2026)) == 6
    assert closed.value(Period.year(2025)) == 0
    assert closed.value(Period.year(2026), Scope.of_library(territory.system_a)) == 0
    assert closed.records(Period.year(2026)).count() == 6


# --- what an act takes --------------------------------------------------------------------------

def test_an_act_is_numbered_consecutively_in_its_year(staff, old_year):
    first = _act(staff, old_year["incoming"])
    second = _act(staff, old_year["lists"])
    assert (first.year, first.number, second.number) == (2026, 1, 2)
    assert first.status == ActStatus.DRAFT and first.compiled_by == staff
    assert list(first.items.values_list("plan_file", "decision")) == [
        (old_year["incoming"].pk, Appraisal.DESTROY)]


def test_a_file_whose_retention_has_not_ended_is_refused(staff, old_year):
    with pytest.raises(services.Refused) as refused:
        _act(staff, old_year["incoming"], old_year["statistics"])
    assert refused.value.code == "not_eligible"
    assert "2029-12-31" in " ".join(refused.value.messages)
    assert not DestructionAct.objects.exists()


def test_a_permanent_file_and_an_open_years_file_are_refused(staff, old_year):
    with pytest.raises(services.Refused) as refused:
        _act(staff, old_year["permanent"])
    assert "nuolat" in " ".join(refused.value.messages)
    current = make_plan(2025)
    with pytest.raises(services.Refused) as refused:
        _act(staff, file_of(current, "7.3"))
    assert "neužbaigta" in " ".join(refused.value.messages)
    assert not DestructionAct.objects.exists()


def test_a_file_already_in_another_act_is_refused_until_that_act_lets_it_go(staff, old_year):
    _act(staff, old_year["incoming"])
    with pytest.raises(services.Refused):
        _act(staff, old_year["incoming"])
    executed_extension = make_act([old_year["lists"]], by=staff, status=ActStatus.EXECUTED,
                                  decisions={old_year["lists"]: (Appraisal.EXTEND, 1, "Byla")},
                                  compiled_on=datetime.date(2024, 2, 1))
    assert executed_extension.items.count() == 1
    again = _act(staff, old_year["lists"])
    assert again.items.get().plan_file == old_year["lists"]


def test_keeping_longer_needs_the_years_and_a_reason(staff, old_year):
    with pytest.raises(services.Refused) as refused:
        services.create_act(by=staff, today=TODAY, choices=[
            Appraised(old_year["incoming"], Appraisal.EXTEND, None, "Reikės auditui")])
    assert refused.value.code == "years"
    with pytest.raises(services.Refused) as refused:
        services.create_act(by=staff, today=TODAY, choices=[
            Appraised(old_year["incoming"], Appraisal.EXTEND, 3, "  ")])
    assert refused.value.code == "reason"


def test_management_approves_but_does_not_prepare_acts(manager, staff, old_year):
    with pytest.raises(PermissionDenied):
        _act(manager, old_year["incoming"])
    act = _act(staff, old_year["incoming"])
    with pytest.raises(PermissionDenied):
        services.submit_act(act=act, by=manager)
    with pytest.raises(PermissionDenied):
        services.update_act(act=act, by=manager, seen_version=act.version, basis="")


def test_editing_a_draft_is_refused_after_someone_elses_save(staff, old_year):
    act = _act(staff, old_year["incoming"])
    seen = act.version
    services.update_act(act=act, by=staff, seen_version=seen, basis="Pirmasis",
                        add=[Appraised(old_year["lists"])])
    with pytest.raises(services.Refused) as refused:
        services.update_act(act=act, by=staff, seen_version=seen, basis="Antrasis")
    assert refused.value.code == "stale"
    act.refresh_from_db()
    assert act.basis == "Pirmasis" and act.items.count() == 2


def test_a_draft_changes_appraisals_and_drops_files(staff, old_year):
    act = _act(staff, old_year["incoming"], old_year["lists"])
    items = {i.plan_file_id: i for i in act.items.all()}
    incoming = items[old_year["incoming"].pk]
    services.update_act(
        act=act, by=staff, seen_version=act.version, basis="Nauja",
        decisions={incoming.pk: Appraised(old_year["incoming"], Appraisal.EXTEND, 2,
                                          "Ginčas dėl sutarties")},
        remove={items[old_year["lists"].pk].pk})
    incoming.refresh_from_db()
    assert (incoming.decision, incoming.extend_years) == (Appraisal.EXTEND, 2)
    assert list(act.items.values_list("plan_file", flat=True)) == [old_year["incoming"].pk]


# --- approval and destruction ------------------------------------------------------------------

def test_nothing_is_deleted_before_the_act_is_approved(staff, old_year,
                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        act = _act(staff, old_year["incoming"], old_year["lists"])
        services.submit_act(act=act, by=staff, today=TODAY)
        services.return_act(act=act, by=staff, reason="Patikslinti pagrindą")
        services.submit_act(act=act, by=staff, today=TODAY)
    records = old_year["entries"] + old_year["filed"]
    assert all(default_storage.exists(name) for name in stored_names(records))
    assert not RegisterEntry.objects.filter(file_destroyed_on__isnull=False).exists()
    assert DestructionAct.objects.get(pk=act.pk).status == ActStatus.SUBMITTED


def test_after_approval_the_stored_files_are_gone_and_the_rows_and_the_act_remain(
        staff, manager, old_year, django_capture_on_commit_callbacks):
    act = services.create_act(by=staff, today=TODAY, choices=[
        Appraised(old_year["incoming"]),
        Appraised(old_year["lists"], Appraisal.EXTEND, 3, "Reikalinga patikrinimui")])
    services.submit_act(act=act, by=staff, today=TODAY)
    destroyed = old_year["entries"][:2] + old_year["filed"]
    names = stored_names(destroyed)
    kept = stored_names(old_year["entries"][2:])
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_act(act=act, by=manager, today=TODAY)
    assert not any(default_storage.exists(name) for name in names)
    assert all(default_storage.exists(name) for name in kept)
    assert RegisterEntry.objects.count() == 3 and FiledDocument.objects.count() == 1
    for record in destroyed:
        record.refresh_from_db()
        # the task runs today (the act was approved on TODAY)
        assert record.file_destroyed_on == timezone.localdate()
        assert record.destruction_act_id == act.pk
        assert not record.has_file and record.title
    act = DestructionAct.objects.get(pk=act.pk)
    assert act.status == ActStatus.EXECUTED and act.executed_at is not None
    assert (act.approved_on, act.approved_by) == (TODAY, manager)
    assert act.file and default_storage.exists(act.file.name)
    assert default_storage.open(act.file.name).read(5) == b"%PDF-"
    incoming = act.items.get(plan_file=old_year["incoming"])
    assert incoming.documents_count == 3
    old_year["incoming"].refresh_from_db()
    assert old_year["incoming"].destroyed_on == timezone.localdate()
    old_year["lists"].refresh_from_db()
    assert old_year["lists"].destroyed_on is None
    assert old_year["lists"].retention_ends == datetime.date(2029, 12, 31)  # 2026 + 3


def test_approving_twice_moves_once_and_a_draft_cannot_be_approved(
        staff, manager, old_year, django_capture_on_commit_callbacks):
    act = _act(staff, old_year["incoming"])
    with pytest.raises(services.Refused):
        services.approve_act(act=act, by=manager, today=TODAY)
    services.submit_act(act=act, by=staff, today=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_act(act=act, by=manager, today=TODAY)
    with pytest.raises(services.Refused) as refused:
        services.approve_act(act=act, by=staff, today=TODAY)
    assert refused.value.code == "moved"
    act.refresh_from_db()
    assert act.approved_by == manager
    assert act.history.filter(status=ActStatus.APPROVED).count() == 1


def test_approval_checks_the_retention_again(staff, manager, old_year):
    unexpired = make_act([old_year["statistics"]], by=staff, status=ActStatus.SUBMITTED)
    with pytest.raises(services.Refused) as refused:
        services.approve_act(act=unexpired, by=manager, today=TODAY)
    assert refused.value.code == "not_eligible"
    unexpired.refresh_from_db()
    assert unexpired.status == ActStatus.SUBMITTED and not unexpired.file
    assert all(default_storage.exists(n) for n in stored_names(old_year["entries"]))


def test_staff_record_a_paper_approval_with_its_document(staff, old_year,
                                                         django_capture_on_commit_callbacks):
    act = _act(staff, old_year["lists"])
    services.submit_act(act=act, by=staff, today=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        approved = services.approve_act(act=act, by=staff, today=TODAY,
                                        reference="Direktoriaus 2026-12-03 įsakymas Nr. V-45")
    assert approved.approval_reference.endswith("V-45") and approved.approved_by == staff


def test_a_return_needs_a_reason_and_moves_back_to_a_draft(staff, manager, old_year):
    act = _act(staff, old_year["lists"])
    services.submit_act(act=act, by=staff, today=TODAY)
    with pytest.raises(services.Refused):
        services.return_act(act=act, by=manager, reason=" ")
    returned = services.return_act(act=act, by=manager, reason="Trūksta komisijos išvados")
    assert returned.status == ActStatus.DRAFT
    assert returned.return_reason == "Trūksta komisijos išvados"


def test_the_destruction_runs_once_even_when_asked_again(staff, manager, old_year,
                                                         django_capture_on_commit_callbacks):
    from archyvas.tasks_yearend import destroy_files, execute_approved_acts

    act = _act(staff, old_year["incoming"])
    services.submit_act(act=act, by=staff, today=TODAY)
    services.approve_act(act=act, by=manager, today=TODAY)   # the commit never comes here
    assert DestructionAct.objects.get(pk=act.pk).status == ActStatus.APPROVED
    assert all(default_storage.exists(n) for n in stored_names(old_year["entries"][:2]))
    assert execute_approved_acts() == 1
    executed = DestructionAct.objects.get(pk=act.pk)
    assert executed.status == ActStatus.EXECUTED
    assert destroy_files(act.pk) == ActStatus.EXECUTED
    assert DestructionAct.objects.get(pk=act.pk).executed_at == executed.executed_at
    assert RegisterEntry.objects.filter(destruction_act=act).count() == 2
