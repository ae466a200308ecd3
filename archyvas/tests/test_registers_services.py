"""Registering documents: consecutive numbers per register and year without gaps, the
year's plan and its files, a closed year, the answer's rules, the file checked by its
content, answers marking the incoming document answered, edits safe against two editors,
and the registers themselves."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import Max

from archyvas import services_registers as services
from archyvas.models import PlanStatus, RegisterCounter, RegisterEntry, TextStatus
from archyvas.tests.factories import docx_bytes, make_entry, make_plan, make_register, pdf_bytes
from archyvas.tests.factories_registers import (
    approved_plan,
    file_of,
    make_registers,
    register_now,
    today,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def days(n):
    return today() + datetime.timedelta(days=n)


def _field_errors(refusal) -> dict:
    return {field: [m for e in errors for m in e.messages]
            for field, errors in refusal.error_dict.items()}


# --- numbers ---------------------------------------------------------------------------------

def test_numbers_run_consecutively_per_register_and_year(staff):
    registers = make_registers()
    incoming, outgoing = registers["incoming"], registers["outgoing"]
    numbers = [register_now(incoming, staff).number for _ in range(3)]
    assert numbers == [1, 2, 3]
    assert register_now(outgoing, staff).number == 1
    last_year = register_now(incoming, staff, registered_on=today().replace(year=today().year - 1,
                                                                             month=12, day=30))
    assert (last_year.number, last_year.year) == (1, today().year - 1)
    assert register_now(incoming, staff).full_number == "G-4"
    assert RegisterCounter.objects.get(register=incoming, year=today().year).last_number == 4


def test_a_refused_registration_leaves_no_gap(staff):
    incoming = make_registers()["incoming"]
    register_now(incoming, staff)
    with pytest.raises(services.Refused):
        register_now(incoming, staff, title="   ")
    with pytest.raises(services.Refused):
        register_now(incoming, staff, file=b"plain text", file_name="laiskas.pdf")
    assert register_now(incoming, staff).number == 2


def test_entries_written_without_the_counter_never_lose_their_numbers(staff):
    incoming = make_registers()["incoming"]
    make_entry(incoming, number=7)        # an import wrote it straight into the table
    assert register_now(incoming, staff).number == 8


def test_two_registrations_at_the_same_instant_get_distinct_numbers_on_any_database(staff):
    """Whatever the database, the counter and the unique number leave no twin."""
    incoming = make_registers()["incoming"]
    first = register_now(incoming, staff)
    second = register_now(incoming, staff, registered_on=first.registered_on)
    assert {first.number, second.number} == {1, 2}
    assert RegisterEntry.objects.filter(register=incoming).aggregate(Max("number")) == {
        "number__max": 2}


# --- the plan --------------------------------------------------------------------------------

def test_a_file_index_not_in_the_years_plan_is_refused_with_a_clear_message(staff):
    incoming = make_registers()["incoming"]
    approved_plan()
    last_year = make_plan(today().year - 1)
    with pytest.raises(services.Refused) as refused:
        register_now(incoming, staff, plan_file=file_of(last_year, "7.3"))
    message = _field_errors(refused.value)["plan_file"][0]
    assert "7.3" in message and str(today().year) in message
    assert not RegisterEntry.objects.exists()


def test_a_file_of_the_years_approved_plan_is_taken(staff):
    incoming = make_registers()["incoming"]
    plan = approved_plan()
    entry = register_now(incoming, staff, plan_file=file_of(plan, "7.3"))
    assert entry.plan_file.index == "7.3"


def test_a_draft_plans_file_and_a_closed_file_are_refused(staff):
    incoming = make_registers()["incoming"]
    draft = make_plan(today().year, status=PlanStatus.DRAFT)
    with pytest.raises(services.Refused) as refused:
        register_now(incoming, staff, plan_file=file_of(draft, "7.3"))
    assert refused.value.code == "plan_not_approved"
    draft.status = PlanStatus.APPROVED
    draft.approved_on = today()
    draft.save()
    closed = file_of(draft, "7.4")
    closed.closed_on = today()
    closed.save()
    with pytest.raises(services.Refused) as refused:
        register_now(incoming, staff, plan_file=closed)
    assert refused.value.code == "file_closed"


def test_a_closed_year_takes_no_registration(staff):
    incoming = make_registers()["incoming"]
    year = today().year - 1
    make_plan(year, status=PlanStatus.CLOSED)
    with pytest.raises(services.Refused) as refused:
        register_now(incoming, staff, registered_on=datetime.date(year, 12, 30))
    assert refused.value.code == "closed_year"
    assert "uždaryti" in _field_errors(refused.value)["registered_on"][0]
    assert not RegisterCounter.objects.exists()


# --- dates and answers -----------------------------------------------------------------------

def test_the_answer_is_due_on_or_after_registration_and_only_for_incoming(staff):
    registers = make_registers()
    with pytest.raises(services.Refused) as refused:
        register_now(registers["incoming"], staff, answer_due=days(-1))
    assert "answer_due" in refused.value.error_dict
    with pytest.raises(services.Refused):
        register_now(registers["outgoing"], staff, answer_due=days(5))
    entry = register_now(registers["incoming"], staff, answer_due=today())
    assert entry.answer_due == today()


def test_a_future_registration_date_is_refused(staff):
    with pytest.raises(services.Refused) as refused:
        register_now(make_registers()["incoming"], staff, registered_on=days(1))
    assert refused.value.code == "future"


def test_a_register_not_in_use_takes_nothing(staff):
    incoming = make_registers()["incoming"]
    incoming.active = False
    incoming.save()
    with pytest.raises(services.Refused) as refused:
        register_now(incoming, staff)
    assert "register" in refused.value.error_dict


def test_the_answer_marks_the_incoming_document_answered_once(staff):
    registers = make_registers()
    incoming = register_now(registers["incoming"], staff, answer_due=days(10),
                            registered_on=days(-3))
    answer = register_now(registers["outgoing"], staff, reply_to=incoming,
                          registered_on=days(-1))
    incoming.refresh_from_db()
    assert incoming.answered_on == days(-1) and incoming.version == 2
    assert list(incoming.answers.all()) == [answer]
    register_now(registers["outgoing"], staff, reply_to=incoming)     # a second answer
    incoming.refresh_from_db()
    assert incoming.answered_on == days(-1)
    assert incoming.history.first().history_user == staff


def test_only_an_incoming_document_is_answered_and_from_an_outgoing_register(staff):
    registers = make_registers()
    outgoing = register_now(registers["outgoing"], staff)
    with pytest.raises(services.Refused) as refused:
        register_now(registers["outgoing"], staff, reply_to=outgoing)
    assert "reply_to" in refused.value.error_dict
    incoming = register_now(registers["incoming"], staff)
    with pytest.raises(services.Refused):
        register_now(registers["internal"], staff, reply_to=incoming)


def test_marking_answered_without_a_letter_needs_how_and_happens_once(staff):
    incoming = register_now(make_registers()["incoming"], staff, answer_due=days(3))
    with pytest.raises(services.Refused) as refused:
        services.mark_answered(entry=incoming, by=staff, answered_on=today(), note=" ")
    assert "note" in refused.value.error_dict
    with pytest.raises(services.Refused):
        services.mark_answered(entry=incoming, by=staff, answered_on=days(1), note="Telefonu")
    marked = services.mark_answered(entry=incoming, by=staff, answered_on=today(),
                                    note="Atsakyta telefonu")
    assert (marked.answered_on, marked.answer_note) == (today(), "Atsakyta telefonu")
    with pytest.raises(services.Refused) as refused:
        services.mark_answered(entry=incoming, by=staff, answered_on=today(), note="Dar kartą")
    assert refused.value.code == "answered"


def test_the_responsible_person_is_staff_or_management(staff, librarian_a):
    incoming = make_registers()["incoming"]
    with pytest.raises(services.Refused) as refused:
        register_now(incoming, staff, responsible=librarian_a)
    assert "responsible" in refused.value.error_dict
    manager = UserFactory(role="management")
    assert register_now(incoming, staff, responsible=manager).responsible == manager


# --- the file --------------------------------------------------------------------------------

def test_an_upload_that_is_not_the_type_it_claims_is_refused(staff):
    incoming = make_registers()["incoming"]
    with pytest.raises(services.Refused) as refused:
        register_now(incoming, staff, file=docx_bytes("Raštas"), file_name="rastas.pdf")
    assert "file" in refused.value.error_dict
    assert not RegisterEntry.objects.exists()


def test_a_stored_pdf_waits_for_its_text_and_is_queued_after_commit(
        staff, monkeypatch, django_capture_on_commit_callbacks):
    from archyvas import tasks_search

    queued = []
    monkeypatch.setattr(tasks_search, "queue_text", queued.append, raising=False)
    with django_capture_on_commit_callbacks(execute=True):
        entry = register_now(make_registers()["incoming"], staff,
                             file=pdf_bytes("Kultūros ministerijos raštas"),
                             file_name="raštas.pdf")
    assert entry.file_kind == "pdf" and entry.text_status == TextStatus.WAITING
    assert entry.has_file and entry.file_name == "raštas.pdf"
    assert queued == [entry]


def test_without_the_searchs_queue_registration_still_works(staff, monkeypatch):
    from archyvas import tasks_search

    monkeypatch.delattr(tasks_search, "queue_text", raising=False)
    entry = register_now(make_registers()["incoming"], staff, file=pdf_bytes(),
                         file_name="a.pdf")
    services._queue_text(entry)
    assert entry.number == 1


# --- who -------------------------------------------------------------------------------------

def test_management_and_librarians_cannot_register(manager, librarian_a):
    incoming = make_registers()["incoming"]
    for user in (manager, librarian_a):
        with pytest.raises(PermissionDenied):
            register_now(incoming, user)


# --- edits -----------------------------------------------------------------------------------

def test_a_stale_edit_is_refused_and_a_fresh_one_saved(staff):
    entry = register_now(make_registers()["incoming"], staff)
    services.update_entry(entry=entry, by=staff, version=1, title="Dėl 2026 m. ataskaitos")
    with pytest.raises(services.Refused) as refused:
        services.update_entry(entry=entry, by=staff, version=1, title="Senas pavadinimas")
    assert refused.value.code == "stale"
    entry.refresh_from_db()
    assert (entry.title, entry.version, entry.number) == ("Dėl 2026 m. ataskaitos", 2, 1)


def test_an_edit_keeps_the_number_register_and_year(staff):
    entry = register_now(make_registers()["incoming"], staff)
    with pytest.raises(services.Refused) as refused:
        services.update_entry(entry=entry, by=staff, version=1,
                              registered_on=entry.registered_on.replace(year=2020))
    assert refused.value.code == "year"
    with pytest.raises(TypeError):
        services.update_entry(entry=entry, by=staff, version=1, number=5)


def test_an_edit_of_a_closed_years_document_is_refused(staff):
    year = today().year - 1
    plan = make_plan(year)
    entry = register_now(make_registers()["incoming"], staff,
                         registered_on=datetime.date(year, 11, 3))
    plan.status = PlanStatus.CLOSED
    plan.closed_on = datetime.date(year, 12, 31)
    plan.save()
    with pytest.raises(services.Refused) as refused:
        services.update_entry(entry=entry, by=staff, version=1, title="Kitas")
    assert refused.value.code == "closed_year"


def test_an_edit_moves_the_document_only_into_a_file_of_its_years_plan(staff):
    plan = approved_plan()
    other = make_plan(today().year - 1)
    entry = register_now(make_registers()["incoming"], staff)
    with pytest.raises(services.Refused) as refused:
        services.update_entry(entry=entry, by=staff, version=1, plan_file=file_of(other, "7.3"))
    assert refused.value.code == "not_in_plan"
    moved = services.update_entry(entry=entry, by=staff, version=1,
                                  plan_file=file_of(plan, "7.3"))
    assert moved.plan_file.index == "7.3"


def test_a_new_file_replaces_the_stored_one(staff, django_capture_on_commit_callbacks):
    entry = register_now(make_registers()["incoming"], staff, file=pdf_bytes("Pirmas"),
                         file_name="pirmas.pdf")
    old_name = entry.file.name
    storage = entry.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        updated = services.update_entry(entry=entry, by=staff, version=1,
                                        file=docx_bytes("Antras"), file_name="antras.docx")
    assert updated.file_kind == "docx" and updated.file_name == "antras.docx"
    assert not storage.exists(old_name) and storage.exists(updated.file.name)


# --- registers -------------------------------------------------------------------------------

def test_a_registers_prefix_is_unique_and_fixed_once_used(staff):
    from archyvas.models import Register, RegisterKind

    incoming = make_register(RegisterKind.INCOMING)
    with pytest.raises(services.Refused) as refused:
        services.save_register(register=Register(name="Kitas", kind=RegisterKind.INTERNAL,
                                                 prefix="g"), by=staff)
    assert "prefix" in refused.value.error_dict
    incoming.prefix = "GA"
    services.save_register(register=incoming, by=staff)        # no entries yet: may change
    register_now(incoming, staff)
    incoming.prefix, incoming.kind = "GB", RegisterKind.OUTGOING
    with pytest.raises(services.Refused) as refused:
        services.save_register(register=incoming, by=staff)
    assert set(refused.value.error_dict) == {"prefix", "kind"}
    with pytest.raises(PermissionDenied):
        services.save_register(register=Register(name="X", kind="internal", prefix="X"),
                               by=UserFactory(role="management"))
