"""A branch librarian of the same system as the people concerned: their own branch's, not
the system's — every training page, record and download."""

import pytest
from django.test import Client
from django.urls import reverse

from mokymai.services import register
from mokymai.tests.factories import make_event, make_person
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def branch_client(territory):
    user = UserFactory(role="librarian", email="filialas@test.lt")
    territory.branch_a.memberships.create(user=user, role="librarian")
    client = Client()
    client.force_login(user, backend="paskyros.backends.EmailBackend")
    return client


def test_a_branch_librarian_sees_nothing_of_the_central_librarys_people(
        branch_client, territory, staff):
    event = make_event()
    colleague = make_person(territory.central_a, first="Centrinės", last="Darbuotoja")
    registration = register(event=event, person=colleague, by=staff)
    assert branch_client.get(event.get_absolute_url()).status_code == 200   # published
    for name, args, expected in [
            ("mokymai:event_participants", [event.pk], 403),
            ("mokymai:event_register_others", [event.pk], 403),
            ("mokymai:registration_detail", [registration.pk], 404),
            ("mokymai:registration_cancel", [registration.pk], 404),
            ("mokymai:checkin", [registration.token], 404),
            ("mokymai:person_record_csv", [colleague.pk], 404),
            ("mokymai:records_csv", [], 403),
            ("mokymai:overview", [], 403)]:
        assert branch_client.get(reverse(name, args=args)).status_code == expected, name
    page = branch_client.get(event.get_absolute_url()).content.decode()
    assert "Centrinės" not in page
    response = branch_client.post(reverse("ataskaitos:document_request"), {
        "kind": "mokymai.participants", "format": "xlsx", "event": event.pk})
    assert response.status_code in (403, 404)
