"""The registered documents' forms: the quick registration (register and add another, the
form following the register and year chosen, the answer to an incoming document, a file
that lies about its type, a file index of another year), "answered without a letter", and
the edit against two editors and of a closed year."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from archyvas import services_registers as services
from archyvas.models import RegisterEntry
from archyvas.tests.factories import docx_bytes, make_plan, pdf_bytes
from archyvas.tests.factories_registers import (
    approved_plan,
    days,
    entry_post,
    file_of,
    make_registers,
    register_now,
    today,
    url,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    """The pages in English (the source strings), whatever the catalogue holds."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def registers():
    return make_registers()


# --- the quick registration ------------------------------------------------------------------

def test_the_quick_registration_gives_the_next_number_and_opens_the_document(
        staff, staff_client, registers):
    plan = approved_plan()
    response = staff_client.get(url("entry_create"), {"register": registers["incoming"].pk})
    form = response.context["form"]
    assert form.initial["register"] == str(registers["incoming"].pk)
    assert form.initial["registered_on"] == today().isoformat()
    offered = [label for value, label in form.fields["plan_file"].choices if value]
    assert offered[0].startswith("7.1 ") and len(offered) == 6
    response = staff_client.post(url("entry_create"), entry_post(
        registers["incoming"], plan_file=file_of(plan, "7.3").pk, their_number="S-1234",
        document_date=days(-2), answer_due=days(10), responsible=staff.pk))
    entry = RegisterEntry.objects.get()
    assert response.status_code == 302 and response["Location"] == entry.get_absolute_url()
    assert (entry.full_number, entry.their_number, entry.plan_file.index,
            entry.responsible) == ("G-1", "S-1234", "7.3", staff)
    assert entry.registered_by == staff and entry.history.first().history_user == staff


def test_register_and_add_another_keeps_the_register_and_the_file(staff_client, registers):
    plan = approved_plan()
    plan_file = file_of(plan, "7.4")
    response = staff_client.post(url("entry_create"), {
        **entry_post(registers["outgoing"], plan_file=plan_file.pk), "another": "1"})
    assert response.status_code == 302
    assert response["Location"] == (f"{url('entry_create')}?register={registers['outgoing'].pk}"
                                    f"&plan_file={plan_file.pk}")
    form = staff_client.get(response["Location"]).context["form"]
    assert form.initial["register"] == str(registers["outgoing"].pk)
    assert form.initial["plan_file"] == str(plan_file.pk)
    assert "answer_due" not in form.fields          # an outgoing register's form


def test_an_upload_that_is_not_the_type_it_claims_is_refused_in_the_form(
        staff_client, registers):
    data = entry_post(registers["incoming"])
    data["file"] = SimpleUploadedFile("rastas.pdf", docx_bytes("Raštas"))
    response = staff_client.post(url("entry_create"), data)
    assert response.status_code == 200
    assert "DOCX" in " ".join(response.context["form"].errors["file"])
    assert not RegisterEntry.objects.exists()


def test_a_file_index_of_another_year_is_refused_in_the_form(staff_client, registers):
    approved_plan()
    old = make_plan(today().year - 1)
    response = staff_client.post(url("entry_create"), entry_post(
        registers["incoming"], plan_file=file_of(old, "7.3").pk))
    errors = response.context["form"].errors["plan_file"]
    assert "not in the file plan of" in errors[0]
    assert not RegisterEntry.objects.exists()


def test_the_form_follows_the_register_and_the_year_chosen(staff_client, registers):
    approved_plan()
    make_plan(today().year - 1, files=(("8.1", "Praėjusių metų raštai", False, 5),))
    response = staff_client.get(url("entry_create"), {
        "register": registers["internal"].pk,
        "registered_on": f"{today().year - 1}-12-30"}, HTTP_HX_REQUEST="true")
    form = response.context["form"]
    assert "their_number" not in form.fields and "answer_due" not in form.fields
    assert [label for value, label in form.fields["plan_file"].choices if value] == [
        "8.1 Praėjusių metų raštai"]


def test_a_document_may_be_uploaded_and_downloaded(staff_client, manager_client, registers):
    data = entry_post(registers["incoming"])
    data["file"] = SimpleUploadedFile("Raštas dėl ataskaitos.pdf", pdf_bytes("Raštas"))
    staff_client.post(url("entry_create"), data)
    entry = RegisterEntry.objects.get()
    response = manager_client.get(url("entry_file", entry.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


# --- answers ---------------------------------------------------------------------------------

def test_registering_the_answer_copies_the_correspondent_and_file_and_marks_it_answered(
        staff, staff_client, registers):
    plan = approved_plan()
    incoming = register_now(registers["incoming"], staff, plan_file=file_of(plan, "7.3"),
                            correspondent="Kretingos viešoji biblioteka",
                            answer_due=days(5), responsible=staff)
    page = staff_client.get(url("entry_detail", incoming.pk)).content.decode()
    assert f"{url('entry_create')}?reply_to={incoming.pk}" in page
    response = staff_client.get(url("entry_create"), {"reply_to": incoming.pk})
    form = response.context["form"]
    assert form.initial["register"] == registers["outgoing"].pk
    assert form.initial["correspondent"] == "Kretingos viešoji biblioteka"
    assert form.initial["plan_file"] == file_of(plan, "7.3").pk
    assert form.initial["reply_to"] == incoming.pk
    assert "This answers" in response.content.decode()
    response = staff_client.post(url("entry_create"), entry_post(
        registers["outgoing"], correspondent="Kretingos viešoji biblioteka",
        plan_file=file_of(plan, "7.3").pk, reply_to=incoming.pk, title="Dėl ataskaitos"))
    answer = RegisterEntry.objects.get(register=registers["outgoing"])
    incoming.refresh_from_db()
    assert answer.reply_to == incoming and incoming.answered_on == today()
    page = staff_client.get(url("entry_detail", incoming.pk)).content.decode()
    assert answer.full_number in page


def test_marking_answered_without_a_letter_takes_it_off_the_waiting_list(
        staff, staff_client, registers):
    incoming = register_now(registers["incoming"], staff, answer_due=days(-2),
                            registered_on=days(-10))
    assert staff_client.get(url("entry_answered", incoming.pk)).status_code == 200
    response = staff_client.post(url("entry_answered", incoming.pk),
                                 {"answered_on": today().isoformat(), "note": ""})
    assert "note" in response.context["form"].errors
    response = staff_client.post(url("entry_answered", incoming.pk),
                                 {"answered_on": today().isoformat(),
                                  "note": "Atsakyta telefonu"})
    assert response.status_code == 302
    incoming.refresh_from_db()
    assert incoming.answered_on == today() and incoming.answer_note == "Atsakyta telefonu"
    response = staff_client.get(url("entry_list"), {"answer": "overdue"})
    assert list(response.context["object_list"]) == []


# --- editing ---------------------------------------------------------------------------------

def _edit_data(entry, **changes):
    data = {"registered_on": entry.registered_on.isoformat(), "document_date": "",
            "their_number": entry.their_number, "correspondent": entry.correspondent,
            "title": entry.title, "plan_file": entry.plan_file_id or "",
            "responsible": entry.responsible_id or "", "answer_due": "", "answered_on": "",
            "answer_note": "", "note": entry.note, "version": entry.version}
    data.update(changes)
    return data


def test_a_second_editor_is_refused_with_their_text_kept(staff, staff_client, registers):
    entry = register_now(registers["incoming"], staff)
    colleague = UserFactory(role="staff", full_name="Jonas Kolega")
    services.update_entry(entry=entry, by=colleague, version=1, title="Kolegos pavadinimas")
    response = staff_client.post(url("entry_update", entry.pk),
                                 _edit_data(entry, title="Mano pavadinimas", version=1))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Jonas Kolega saved this document after you opened it" in page
    assert "Mano pavadinimas" in page
    entry.refresh_from_db()
    assert entry.title == "Kolegos pavadinimas"
    response = staff_client.post(url("entry_update", entry.pk),
                                 _edit_data(entry, title="Mano pavadinimas", version=2))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.title == "Mano pavadinimas" and entry.number == 1


def test_a_closed_years_document_is_not_edited(staff, staff_client, registers):
    from archyvas.models import PlanStatus

    year = today().year - 1
    plan = make_plan(year)
    entry = register_now(registers["incoming"], staff, registered_on=datetime.date(year, 5, 5))
    plan.status, plan.closed_on = PlanStatus.CLOSED, datetime.date(year, 12, 31)
    plan.save()
    response = staff_client.get(url("entry_update", entry.pk))
    assert response.status_code == 302 and response["Location"] == entry.get_absolute_url()
    assert 'id="entry-edit"' not in staff_client.get(url("entry_detail", entry.pk)) \
        .content.decode()


def test_the_history_shows_who_changed_what(staff, staff_client, registers):
    entry = register_now(registers["incoming"], staff)
    services.update_entry(entry=entry, by=staff, version=1, title="Naujas pavadinimas")
    page = staff_client.get(url("entry_history", entry.pk)).content.decode()
    assert "Naujas pavadinimas" in page and staff.full_name in page
