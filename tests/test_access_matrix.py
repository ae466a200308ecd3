"""Who reaches what: every object URL of library A as librarian B is a 404; staff-only
pages are closed to librarians; anonymous visitors are sent to sign in."""

import pytest
from django.urls import reverse

from bibliotekos.models import Membership, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects_of_a(territory, librarian_a):
    person = Person.objects.create(first_name="Ona", last_name="Kretingiškė",
                                   library=territory.branch_a)
    membership = Membership.objects.get(user=librarian_a)
    urls = []
    for library in (territory.system_a, territory.central_a, territory.branch_a,
                    territory.service_point_a):
        urls += [reverse(name, args=[library.pk]) for name in (
            "bibliotekos:library_detail", "bibliotekos:library_update",
            "bibliotekos:library_history")]
    urls += [reverse(name, args=[person.pk]) for name in (
        "bibliotekos:person_detail", "bibliotekos:person_update", "bibliotekos:person_history")]
    urls.append(reverse("bibliotekos:membership_delete", args=[membership.pk]))
    return urls


@pytest.mark.parametrize("method", ["get", "post"])
def test_every_object_url_of_library_a_is_404_for_librarian_b(client_b, objects_of_a, method,
                                                              territory):
    before = territory.system_a.history.count()
    for url in objects_of_a:
        response = getattr(client_b, method)(url, {"name": "Pakeista"})
        if response.status_code == 405:  # an action URL that only takes POST
            continue
        assert response.status_code == 404, (method, url, response.status_code)
    assert territory.system_a.history.count() == before
    assert Membership.objects.count() == 2


def test_the_same_urls_open_for_department_staff(staff_client, objects_of_a):
    for url in objects_of_a:
        if "salinti" in url:
            continue
        assert staff_client.get(url).status_code == 200, url


STAFF_ONLY = [
    ("bibliotekos:library_create", []),
    ("bibliotekos:person_create", []),
    ("bibliotekos:registry_import", []),
    ("bibliotekos:registry_export", ["libraries", "csv"]),
    ("bibliotekos:registry_export", ["people", "xlsx"]),
    ("bibliotekos:librarian_list", []),
    ("bibliotekos:librarian_invite", []),
    ("bibliotekos:municipality_list", []),
    ("paskyros:user_list", []),
    ("paskyros:user_invite", []),
]


@pytest.mark.parametrize(("name", "args"), STAFF_ONLY)
def test_staff_only_pages_are_closed_to_librarians(client_a, name, args):
    assert client_a.get(reverse(name, args=args)).status_code == 403


def test_librarian_cannot_edit_their_own_library_either(client_a, territory):
    url = reverse("bibliotekos:library_update", args=[territory.system_a.pk])
    assert client_a.get(url).status_code == 403


@pytest.mark.parametrize(("name", "args"), STAFF_ONLY)
def test_anonymous_visitors_are_sent_to_sign_in(client, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("paskyros:login"))


def test_django_admin_is_closed_to_staff(staff_client):
    response = staff_client.get("/administravimas/")
    assert response.status_code == 302
