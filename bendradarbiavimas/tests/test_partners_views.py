"""Partners' pages: the list (scope, filters, export), adding (an organisation of the list
or a new one), the page (what each role sees), editing, contacts and the contact log —
status codes and what is stored, and the query budgets."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from bendradarbiavimas.models import ContactLog, Partner, PartnerContact
from bendradarbiavimas.tests.factories_partners import (
    make_agreement,
    make_contact,
    make_log,
    make_organisation,
    make_partner,
)
from bibliotekos.models import Organisation, Person
from portalas.testing import query_budget

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    """The assertions read the English source texts."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def partner(staff, territory):
    return make_partner(by=staff, libraries=[territory.system_a])


@pytest.fixture
def own_partner(staff):
    return make_partner(by=staff, organisation=make_organisation(
        "Kretingos muziejus", country="LT", kind="museum"))


def url(name, *args):
    return reverse(f"bendradarbiavimas:{name}", args=args)


# --- the list ---------------------------------------------------------------------------------

def test_staff_see_every_partner_in_lithuanian_order(staff_client, staff):
    for name in ("Žemaitijos muziejus", "Šilutės biblioteka", "Skuodo mokykla",
                 "Čekijos biblioteka", "Alytaus klubas"):
        make_partner(by=staff, organisation=make_organisation(name, country="LT"))
    response = staff_client.get(url("partner_list"))
    assert response.status_code == 200
    names = [row["object"].organisation.name for row in response.context["rows"]]
    assert names == ["Alytaus klubas", "Čekijos biblioteka", "Skuodo mokykla",
                     "Šilutės biblioteka", "Žemaitijos muziejus"]


def test_a_librarian_sees_only_the_partners_of_their_library(client_a, client_b, partner,
                                                             own_partner):
    rows = client_a.get(url("partner_list")).context["rows"]
    assert [row["object"] for row in rows] == [partner]
    assert client_b.get(url("partner_list")).context["rows"] == []


def test_the_list_filters_by_name_kind_country_library_and_activity(
        staff_client, partner, own_partner, territory):
    def found(**params):
        response = staff_client.get(url("partner_list"), params)
        return {row["object"].pk for row in response.context["rows"]}

    assert found(q="latvijas") == {partner.pk}
    assert found(country="LT") == {own_partner.pk}
    assert found(kind="museum") == {own_partner.pk}
    assert found(kind="library_foreign") == {partner.pk}
    assert found(library=territory.branch_a.pk) == set()
    assert found(library=territory.system_a.pk) == {partner.pk}
    assert found(municipality=territory.municipality_a.pk) == {partner.pk}
    own_partner.active = False
    own_partner.save()
    assert found(active="no") == {own_partner.pk}


def test_a_librarian_is_not_offered_another_librarys_filter(client_b, territory):
    response = client_b.get(url("partner_list"), {"library": territory.system_a.pk})
    assert response.status_code == 200
    assert "municipality" not in response.context["filter"].form.fields


def test_the_list_exports_as_xlsx(staff_client, partner, tmp_path):
    response = staff_client.get(url("partner_list"), {"export": "xlsx"})
    assert response.status_code == 200
    path = tmp_path / "p.xlsx"
    path.write_bytes(response.content)
    sheet = load_workbook(path).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "Latvijas Nacionālā bibliotēka"
    assert rows[1][2] == "LV"
    assert rows[1][3] == "Kretingos viešoji biblioteka"


def test_the_list_keeps_to_its_query_budget(staff_client, staff, territory):
    for index in range(30):
        make_partner(by=staff, libraries=[territory.system_a, territory.central_b],
                     organisation=make_organisation(f"Biblioteka {index}"))
    with query_budget(14):
        assert staff_client.get(url("partner_list")).status_code == 200


# --- adding -----------------------------------------------------------------------------------

def test_staff_add_a_partner_from_the_list(staff_client, territory, staff):
    organisation = make_organisation("Liepājas Centrālā zinātniskā bibliotēka")
    response = staff_client.post(url("partner_create"), {
        "organisation": organisation.pk, "areas": "Mainai", "since": "2023-04-01",
        "libraries": [territory.system_a.pk], "active": "on"})
    partner = Partner.objects.get(organisation=organisation)
    assert response.status_code == 302 and response.url == partner.get_absolute_url()
    assert list(partner.libraries.all()) == [territory.system_a]
    assert partner.created_by == staff
    assert partner.history.first().history_user == staff


def test_staff_add_a_partner_with_a_new_organisation(staff_client):
    response = staff_client.post(url("partner_create"), {
        "new_name": "Kretingos rajono savivaldybė", "new_short_name": "KRSA",
        "new_kind": "municipality", "new_country": "lt", "new_website": "kretinga.lt",
        "active": "on"})
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Kretingos rajono savivaldybė")
    assert organisation.country == "LT" and organisation.website == "https://kretinga.lt"
    assert Partner.objects.filter(organisation=organisation).exists()


@pytest.mark.parametrize("data, field", [
    ({"new_name": "X", "new_country": "LTU"}, "new_country"),
    ({"new_name": "X", "new_country": "1A"}, "new_country"),
    ({}, None),
    ({"new_name": "Y", "new_country": "LT", "since": "2999-01-01"}, "since"),
])
def test_a_bad_partner_is_refused(staff_client, data, field):
    response = staff_client.post(url("partner_create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert (field in form.errors) if field else form.non_field_errors()
    assert not Partner.objects.exists()


def test_an_organisation_already_a_partner_is_not_offered_and_refused(staff_client, partner):
    response = staff_client.get(url("partner_create"))
    assert partner.organisation not in response.context["form"].fields["organisation"].queryset
    response = staff_client.post(url("partner_create"), {
        "new_name": partner.organisation.name.upper(), "new_country": "LV"})
    assert response.status_code == 200
    assert "already in the list" in str(response.context["form"].errors)
    assert Organisation.objects.count() == 1


def test_management_may_not_add_and_a_librarian_neither(manager_client, client_a):
    assert manager_client.get(url("partner_create")).status_code == 403
    assert manager_client.post(url("partner_create"), {"new_name": "X",
                                                       "new_country": "LT"}).status_code == 403
    assert client_a.get(url("partner_create")).status_code == 403
    assert not Organisation.objects.exists()


def test_staff_edit_a_partner_and_management_may_not(staff_client, manager_client, client_a,
                                                    client_b, partner, territory):
    data = {"areas": "Nauja", "since": "2021-01-01", "libraries": [territory.branch_a.pk],
            "active": "on"}
    assert manager_client.post(url("partner_update", partner.pk), data).status_code == 403
    assert client_a.post(url("partner_update", partner.pk), data).status_code == 403
    assert client_b.post(url("partner_update", partner.pk), data).status_code == 404
    response = staff_client.post(url("partner_update", partner.pk), data)
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.areas == "Nauja" and list(partner.libraries.all()) == [territory.branch_a]
    assert staff_client.get(url("partner_history", partner.pk)).status_code == 200


# --- the page ---------------------------------------------------------------------------------

def test_staff_see_contacts_agreements_and_the_log(staff_client, staff, partner, territory):
    contact = make_contact(partner, by=staff)
    agreement = make_agreement(by=staff, partners=[partner])
    entry = make_log(partner, by=staff)
    response = staff_client.get(url("partner_detail", partner.pk))
    assert response.status_code == 200
    assert response.context["contacts"] == [contact]
    assert response.context["agreements"] == [agreement]
    assert response.context["log"] == [entry]
    assert reverse("bibliotekos:organisation_detail",
                   args=[partner.organisation.pk]).encode() in response.content
    assert b"inese@lnb.lv" in response.content


def test_a_librarian_of_the_library_sees_the_partner_but_not_its_contacts(
        client_a, client_b, staff, partner):
    make_contact(partner, by=staff)
    make_agreement(by=staff, partners=[partner], title="Slapta sutartis")
    make_log(partner, by=staff, summary="Vidinė pastaba")
    response = client_a.get(url("partner_detail", partner.pk))
    assert response.status_code == 200
    assert "contacts" not in response.context and "log" not in response.context
    for hidden in (b"inese@lnb.lv", b"Slapta sutartis", "Vidinė pastaba".encode()):
        assert hidden not in response.content
    assert client_b.get(url("partner_detail", partner.pk)).status_code == 404


def test_the_page_lists_the_joint_activities_the_user_may_see(
        staff_client, client_a, staff, partner, territory, librarian_a):
    from projektai.tests.factories import make_project
    from viesinimas.tests.factories_publicity import make_publication

    shared = make_project(by=staff, title="Bendras projektas")
    shared.partners.create(organisation=partner.organisation)
    hidden = make_project(by=staff, title="Skyriaus vidinis projektas")
    hidden.partners.create(organisation=partner.organisation)
    shared.partners.create(library=territory.system_a)
    about_a = make_publication(by=staff, libraries=[territory.system_a], title="Apie A")
    about_b = make_publication(by=staff, libraries=[territory.school_b], title="Apie B")
    make_log(partner, by=staff, project=shared, publication=about_a)
    make_log(partner, by=staff, publication=about_b)
    staff_joint = staff_client.get(url("partner_detail", partner.pk)).context["joint"]
    assert {p.pk for p in staff_joint["projects"]} == {shared.pk, hidden.pk}
    assert {p.pk for p in staff_joint["publications"]} == {about_a.pk, about_b.pk}
    joint = client_a.get(url("partner_detail", partner.pk)).context["joint"]
    assert [p.pk for p in joint["projects"]] == [shared.pk]
    assert [p.pk for p in joint["publications"]] == [about_a.pk]


def test_the_page_keeps_to_its_query_budget(staff_client, staff, partner, territory):
    for index in range(30):
        make_contact(partner, by=staff,
                     person=Person.objects.create(first_name="Vardas", last_name=f"P{index}",
                                                  organisation=partner.organisation))
        make_log(partner, by=staff, libraries=[territory.system_a, territory.branch_a])
        make_agreement(by=staff, partners=[partner], number=f"S-{index}")
    with query_budget(30):
        assert staff_client.get(url("partner_detail", partner.pk)).status_code == 200


# --- contacts ---------------------------------------------------------------------------------

def test_staff_add_a_person_of_the_organisation_as_a_contact(staff_client, partner):
    person = Person.objects.create(first_name="Ilze", last_name="Kalniņa",
                                   organisation=partner.organisation)
    Person.objects.create(first_name="Kita", last_name="Organizacija")
    response = staff_client.get(url("contact_create", partner.pk))
    assert list(response.context["form"].fields["person"].queryset) == [person]
    response = staff_client.post(url("contact_create", partner.pk), {
        "person": person.pk, "role": "direktorė", "consent": "on",
        "consent_on": "2025-01-10", "consent_note": "pasirašyta forma"})
    assert response.status_code == 302
    contact = PartnerContact.objects.get()
    assert contact.person == person and contact.consent_on == date(2025, 1, 10)


def test_a_new_person_is_made_with_the_organisation(staff_client, partner):
    response = staff_client.post(url("contact_create", partner.pk), {
        "first_name": "Jānis", "last_name": "Ozols", "email": "janis@lnb.lv",
        "phone": "+371 2612 3456", "position": "vadovas", "role": "kontaktinis asmuo",
        "consent": "on", "consent_on": "2025-03-01"})
    assert response.status_code == 302
    person = Person.objects.get(last_name="Ozols")
    assert person.organisation == partner.organisation and person.email == "janis@lnb.lv"


def test_without_consent_a_new_persons_email_is_refused_and_said_why(staff_client, partner):
    response = staff_client.post(url("contact_create", partner.pk), {
        "first_name": "Jānis", "last_name": "Ozols", "email": "janis@lnb.lv",
        "role": "kontaktinis asmuo"})
    assert response.status_code == 200
    assert "consent" in response.context["form"].errors
    assert "only their name and role" in str(response.context["form"].errors["consent"])
    assert not Person.objects.filter(last_name="Ozols").exists()
    response = staff_client.post(url("contact_create", partner.pk), {
        "first_name": "Jānis", "last_name": "Ozols", "role": "kontaktinis asmuo"})
    assert response.status_code == 302
    assert PartnerContact.objects.get().consent is False


def test_staff_edit_and_remove_a_contact_management_may_not(staff_client, manager_client,
                                                           client_a, staff, partner):
    contact = make_contact(partner, by=staff)
    assert manager_client.get(url("contact_update", contact.pk)).status_code == 403
    assert client_a.get(url("contact_update", contact.pk)).status_code == 404
    assert manager_client.post(url("contact_delete", contact.pk)).status_code == 403
    response = staff_client.post(url("contact_update", contact.pk), {"role": "vadovė"})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.role == "vadovė" and contact.consent is False and contact.consent_on is None
    assert staff_client.post(url("contact_delete", contact.pk)).status_code == 302
    assert not PartnerContact.objects.exists() and Person.objects.exists()


# --- the contact log --------------------------------------------------------------------------

def test_staff_log_a_contact_with_a_training(staff_client, partner, territory):
    from mokymai.tests.factories import make_event

    event = make_event(title="Seminaras")
    response = staff_client.post(url("log_create", partner.pk), {
        "happened_on": "2025-05-05", "kind": "joint", "summary": "Bendras seminaras",
        "libraries": [territory.system_a.pk], "event": event.pk})
    assert response.status_code == 302
    entry = ContactLog.objects.get()
    assert entry.event == event and list(entry.libraries.all()) == [territory.system_a]


def test_a_log_entry_refuses_a_bad_date(staff_client, partner):
    response = staff_client.post(url("log_create", partner.pk), {
        "happened_on": "2025-02-30", "kind": "meeting", "summary": "x"})
    assert response.status_code == 200 and "happened_on" in response.context["form"].errors
    assert not ContactLog.objects.exists()


def test_log_entries_are_written_by_staff_only(staff_client, manager_client, client_a, staff,
                                               partner):
    entry = make_log(partner, by=staff)
    assert manager_client.get(url("log_create", partner.pk)).status_code == 403
    assert client_a.get(url("log_create", partner.pk)).status_code == 403
    assert client_a.get(url("log_update", entry.pk)).status_code == 404
    assert manager_client.post(url("log_delete", entry.pk)).status_code == 403
    response = staff_client.post(url("log_update", entry.pk), {
        "happened_on": "2025-01-02", "kind": "call", "summary": "Skambutis"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.summary == "Skambutis"
    assert staff_client.post(url("log_delete", entry.pk)).status_code == 302
    assert not ContactLog.objects.exists()
