"""The registers' pages: who reaches what (a librarian 403 on pages without an object and
404 on a document's; management reads but does not register or edit; a restricted
document is the department's only), the list's filters and export, a register's years,
the registers' own forms, and query budgets that do not grow with rows. The document
forms are in ``test_registers_forms``."""

import datetime
import io

import pytest
from django.urls import reverse

from archyvas.models import RegisterEntry, RegisterKind
from archyvas.tests.factories import pdf_bytes
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
from portalas.testing import query_budget
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    """The pages in English (the source strings), whatever the catalogue holds."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def registers():
    return make_registers()


# --- who reaches what ------------------------------------------------------------------------

def test_a_librarian_gets_403_on_the_lists_and_forms_and_404_on_a_document(
        staff, client_a, registers):
    entry = register_now(registers["incoming"], staff, file=pdf_bytes(), file_name="a.pdf")
    for name in ("entry_list", "register_list", "entry_create", "register_create"):
        assert client_a.get(url(name)).status_code == 403, name
    for name in ("entry_detail", "entry_update", "entry_file", "entry_history",
                 "entry_answered"):
        assert client_a.get(url(name, entry.pk)).status_code == 404, name
    for name in ("register_detail", "register_update"):
        assert client_a.get(url(name, registers["incoming"].pk)).status_code == 404, name
    assert client_a.post(url("entry_create"), entry_post(registers["incoming"])).status_code \
        == 403
    assert RegisterEntry.objects.count() == 1


def test_management_reads_everything_but_cannot_register_or_edit(
        staff, manager_client, registers):
    entry = register_now(registers["incoming"], staff, file=pdf_bytes(), file_name="a.pdf",
                         answer_due=days(5))
    for name in ("entry_list", "register_list"):
        assert manager_client.get(url(name)).status_code == 200
    for name in ("entry_detail", "entry_history", "entry_file"):
        assert manager_client.get(url(name, entry.pk)).status_code == 200, name
    assert manager_client.get(url("register_detail", registers["incoming"].pk)).status_code \
        == 200
    assert manager_client.get(url("entry_create")).status_code == 403
    assert manager_client.post(url("entry_create"),
                               entry_post(registers["incoming"])).status_code == 403
    for name in ("entry_update", "entry_answered"):
        assert manager_client.get(url(name, entry.pk)).status_code == 403, name
        assert manager_client.post(url(name, entry.pk), {}).status_code == 403, name
    assert manager_client.get(url("register_update", registers["incoming"].pk)).status_code \
        == 403
    assert manager_client.get(url("register_create")).status_code == 403
    page = manager_client.get(url("entry_detail", entry.pk)).content.decode()
    assert "Register the answer" not in page and 'id="entry-edit"' not in page


def test_a_restricted_document_is_the_departments_only(staff, staff_client, manager_client,
                                                      registers):
    entry = register_now(registers["incoming"], staff)
    RegisterEntry.objects.filter(pk=entry.pk).update(restricted_on=today())
    assert manager_client.get(url("entry_detail", entry.pk)).status_code == 404
    assert entry.pk not in {e.pk for e in manager_client.get(url("entry_list"))
                            .context["object_list"]}
    assert staff_client.get(url("entry_detail", entry.pk)).status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client, registers):
    response = client.get(url("entry_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("paskyros:login"))


# --- the list --------------------------------------------------------------------------------

def test_the_list_filters_by_register_year_dates_correspondent_person_index_and_answer(
        staff, staff_client, registers):
    plan = approved_plan()
    other = UserFactory(role="staff")
    old = register_now(registers["incoming"], staff,
                       registered_on=datetime.date(today().year - 1, 6, 1),
                       correspondent="Skuodo viešoji biblioteka")
    overdue = register_now(registers["incoming"], staff, registered_on=days(-20),
                           answer_due=days(-1), responsible=other,
                           correspondent="Kultūros ministerija",
                           plan_file=file_of(plan, "7.3"))
    outgoing = register_now(registers["outgoing"], staff, correspondent="LNB")

    def found(**params):
        response = staff_client.get(url("entry_list"), params)
        return {entry.pk for entry in response.context["object_list"]}

    assert found() == {old.pk, overdue.pk, outgoing.pk}
    assert found(register=registers["outgoing"].pk) == {outgoing.pk}
    assert found(year=today().year - 1) == {old.pk}
    assert found(registered_from=days(-30).isoformat(),
                 registered_to=days(-1).isoformat()) == {overdue.pk}
    assert found(correspondent="minister") == {overdue.pk}
    assert found(responsible=other.pk) == {overdue.pk}
    assert found(file_index="7.3") == {overdue.pk}
    assert found(answer="overdue") == {overdue.pk}
    assert found(answer="awaiting") == {overdue.pk}
    assert found(q=overdue.full_number) == {overdue.pk, old.pk}     # G-1 of both years
    assert found(q=overdue.full_number, year=today().year) == {overdue.pk}
    response = staff_client.get(url("entry_list"))
    assert [e.pk for e in response.context["object_list"]][0] == outgoing.pk   # newest first


def test_the_filtered_list_exports_as_xlsx_and_csv(staff, staff_client, registers):
    from openpyxl import load_workbook

    plan = approved_plan()
    register_now(registers["incoming"], staff, plan_file=file_of(plan, "7.3"),
                 title="Dėl mokymų", correspondent="LNB")
    register_now(registers["outgoing"], staff, title="Atsakymas")
    response = staff_client.get(url("entry_list"),
                                {"register": registers["incoming"].pk, "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("Register", "Number", "Registered on")
    assert len(rows) == 2 and rows[1][1] == "G-1" and "7.3" in rows[1]
    response = staff_client.get(url("entry_list"), {"export": "csv"})
    text = response.content.decode("utf-8-sig")
    assert "G-1" in text and "S-1" in text


def test_the_list_keeps_its_query_budget(staff, staff_client, registers):
    plan = approved_plan()
    people = [UserFactory(role="staff") for _ in range(3)]
    for n in range(30):
        register_now(registers[("incoming", "outgoing", "internal")[n % 3]], staff,
                     plan_file=file_of(plan, "7.3"), responsible=people[n % 3],
                     answer_due=days(n) if n % 3 == 0 else None)
    with query_budget(12, "entry list"):
        assert staff_client.get(url("entry_list")).status_code == 200
    with query_budget(12, "register page"):
        assert staff_client.get(url("register_detail", registers["incoming"].pk)) \
            .status_code == 200
    with query_budget(8, "register list"):
        assert staff_client.get(url("register_list")).status_code == 200
    entry = RegisterEntry.objects.filter(register__kind=RegisterKind.INCOMING).first()
    with query_budget(16, "document page"):
        assert staff_client.get(url("entry_detail", entry.pk)).status_code == 200


# --- registers -------------------------------------------------------------------------------

def test_a_registers_page_shows_its_years_and_numbers(staff, staff_client, registers):
    incoming = registers["incoming"]
    register_now(incoming, staff, registered_on=datetime.date(today().year - 1, 3, 3))
    register_now(incoming, staff)
    register_now(incoming, staff)
    response = staff_client.get(url("register_detail", incoming.pk))
    assert response.context["year"] == today().year
    assert [row["year"] for row in response.context["years"]] == [today().year,
                                                                  today().year - 1]
    assert "numbers G-1 to G-2" in response.content.decode()
    response = staff_client.get(url("register_detail", incoming.pk),
                                {"year": today().year - 1})
    assert len(response.context["object_list"]) == 1


def test_staff_create_and_edit_a_register(staff_client):
    response = staff_client.post(url("register_create"), {
        "name": "Sutarčių registras", "kind": "internal", "prefix": "sut", "active": "on",
        "position": "4"})
    assert response.status_code == 302
    from archyvas.models import Register

    register = Register.objects.get()
    assert register.prefix == "SUT"
    response = staff_client.post(url("register_update", register.pk), {
        "name": "Sutarčių ir susitarimų registras", "kind": "internal", "prefix": "SUT",
        "position": "4"})
    register.refresh_from_db()
    assert response.status_code == 302 and not register.active
    response = staff_client.post(url("register_create"), {
        "name": "Dar vienas", "kind": "internal", "prefix": "S U", "position": "1"})
    assert "prefix" in response.context["form"].errors
