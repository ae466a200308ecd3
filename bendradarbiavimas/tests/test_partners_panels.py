"""What other pages show of the partners: the library card, the organisation page, a
project's, a training's and a publication's page — each to those who may see it; the
personal data of a contact; the menu; the outsider's 404s on every route with an object."""

import pytest
from django.test import Client
from django.urls import reverse

from bendradarbiavimas.models import PartnerContact
from bendradarbiavimas.tests import access_partners
from bendradarbiavimas.tests.factories_partners import make_contact, make_log, make_partner
from portalas.registry import menu, personal_data_providers

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(staff, territory):
    return make_partner(by=staff, libraries=[territory.system_a])


def test_the_library_card_lists_its_partners_to_who_may_see_them(
        staff_client, client_a, partner, territory):
    for client in (staff_client, client_a):
        response = client.get(territory.system_a.get_absolute_url())
        assert response.status_code == 200
        assert b'id="library-partners"' in response.content
        assert partner.organisation.name.encode() in response.content


def test_the_organisation_page_says_since_when_to_staff_and_management_only(
        staff_client, manager_client, client_a, partner):
    page = reverse("bibliotekos:organisation_detail", args=[partner.organisation.pk])
    assert b"organisation-partnership" in staff_client.get(page).content
    assert b"organisation-partnership" in manager_client.get(page).content
    response = client_a.get(page)
    assert b"organisation-partnership" not in response.content


def test_a_project_page_names_its_department_partners(staff_client, staff, partner):
    from projektai.tests.factories import make_project

    project = make_project(by=staff, title="Bendras projektas")
    project.partners.create(organisation=partner.organisation)
    content = staff_client.get(project.get_absolute_url()).content
    assert b"project-cooperation" in content and partner.get_absolute_url().encode() in content


def test_training_and_publication_pages_show_the_log_entries_to_staff(
        staff_client, client_a, staff, partner, territory):
    from mokymai.tests.factories import make_event
    from viesinimas.tests.factories_publicity import make_publication

    event = make_event(title="Seminaras")
    publication = make_publication(by=staff, libraries=[territory.system_a])
    make_log(partner, by=staff, event=event, publication=publication,
             summary="Kartu surengtas seminaras")
    for page in (event.get_absolute_url(), publication.get_absolute_url()):
        assert b"Kartu surengtas seminaras" in staff_client.get(page).content
        response = client_a.get(page)
        assert response.status_code == 200
        assert b"Kartu surengtas seminaras" not in response.content


def test_the_menu_offers_partners_to_everyone_and_agreements_to_the_territory(
        staff, librarian_a):
    assert menu.get("bendradarbiavimas:partner_list").allowed(librarian_a)
    assert not menu.get("bendradarbiavimas:agreement_list").allowed(librarian_a)
    assert menu.get("bendradarbiavimas:agreement_list").allowed(staff)


def test_a_contacts_personal_data_is_exported_and_erased(staff, partner):
    contact = make_contact(partner, by=staff)
    provider = personal_data_providers.get("bendradarbiavimas.partner_contacts")
    rows = provider.export(contact.person)
    assert rows[0]["role"] == "projektų koordinatorė" and rows[0]["consent"] is True
    assert provider.erase(contact.person) >= 1
    assert not PartnerContact.objects.exists()
    assert not PartnerContact.history.filter(person_id=contact.person.pk).exists()


def test_the_outsider_gets_404_on_every_route_with_an_object(staff, librarian_a, librarian_b,
                                                             territory):
    class World:
        pass

    w = World()
    access_partners.make_world(w, territory, staff, librarian_a)
    outsider, insider = Client(), Client()
    outsider.force_login(librarian_b, backend="paskyros.backends.EmailBackend")
    insider.force_login(staff, backend="paskyros.backends.EmailBackend")
    for name, cases in access_partners.targets(w).items():
        for case in cases():
            path = reverse(name, kwargs=case.kwargs)
            statuses = {outsider.get(path).status_code, outsider.post(path, {}).status_code}
            assert statuses <= {case.outsider, 405} and case.outsider in statuses, \
                (name, case.note, statuses)
            assert insider.get(path).status_code in (200, 405), name
