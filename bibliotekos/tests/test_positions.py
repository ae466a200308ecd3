"""The list of posts: everyone signed in reads it, staff keep it; a person's post on their
record, in the people list and in the registry's export and import."""

from datetime import date

import pytest
from django.urls import reverse

from bibliotekos.models import Person, Position
from bibliotekos.selectors import PERSON_COLUMNS, export_rows
from bibliotekos.services import import_registry
from portalas.tables import write_csv, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(db):
    return Position.objects.get(name="Bibliotekininkas")


def test_the_migration_brings_the_starting_list():
    names = set(Position.objects.values_list("name", flat=True))
    assert {"Direktorius", "Bibliotekininkas", "Mokyklos bibliotekininkas"} <= names


def test_everyone_signed_in_reads_the_list(client_b, post):
    response = client_b.get(reverse("bibliotekos:position_list"))
    assert response.status_code == 200
    assert post in response.context["object_list"]
    assert reverse("bibliotekos:position_create") not in response.content.decode()


def test_the_list_counts_people_and_filters(staff_client, territory, post):
    Person.objects.create(first_name="Ona", last_name="Onaitė", library=territory.central_a,
                          post=post)
    retired = Position.objects.create(name="Bibliotekos ūkvedys", active=False)
    response = staff_client.get(reverse("bibliotekos:position_list"), {"active": "no"})
    assert list(response.context["object_list"]) == [retired]
    response = staff_client.get(reverse("bibliotekos:position_list"), {"q": "bibliotekinink"})
    counted = {p.name: p.people_count for p in response.context["object_list"]}
    assert counted["Bibliotekininkas"] == 1
    export = staff_client.get(reverse("bibliotekos:position_list"), {"export": "xlsx"})
    assert export.status_code == 200


@pytest.mark.parametrize("name", ["bibliotekos:position_create"])
def test_librarians_and_management_may_not_edit(client_a, manager_client, name, post):
    for client in (client_a, manager_client):
        assert client.get(reverse(name)).status_code == 403
        assert client.post(reverse(name), {"name": "Nauja"}).status_code == 403
        url = reverse("bibliotekos:position_update", args=[post.pk])
        assert client.post(url, {"name": "Pakeista", "order": 1}).status_code == 403
    post.refresh_from_db()
    assert post.name == "Bibliotekininkas"
    assert not Position.objects.filter(name="Nauja").exists()


def test_staff_add_and_edit_a_post(staff_client, post):
    response = staff_client.post(reverse("bibliotekos:position_create"),
                                 {"name": "  Edukatorius ", "order": 55, "active": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse("bibliotekos:position_list")
    added = Position.objects.get(name="Edukatorius")
    response = staff_client.post(reverse("bibliotekos:position_create"),
                                 {"name": "bibliotekininkas", "order": 1})
    assert response.status_code == 200 and "name" in response.context["form"].errors
    response = staff_client.post(reverse("bibliotekos:position_update", args=[added.pk]),
                                 {"name": "Edukatorė", "order": 56})
    assert response.status_code == 302
    added.refresh_from_db()
    assert (added.name, added.order, added.active) == ("Edukatorė", 56, False)


def test_a_person_gets_a_post_and_the_list_filters_by_it(staff_client, territory, post):
    response = staff_client.post(reverse("bibliotekos:person_create"), {
        "first_name": "Rasa", "last_name": "Rasaitė", "post": post.pk,
        "position": "vyresnioji bibliotekininkė", "library": territory.central_a.pk})
    assert response.status_code == 302, response.context["form"].errors
    person = Person.objects.get(last_name="Rasaitė")
    assert person.post == post
    Person.objects.create(first_name="Kitas", last_name="Kitaitis", library=territory.central_a)
    listed = staff_client.get(reverse("bibliotekos:person_list"), {"post": post.pk})
    assert list(listed.context["object_list"]) == [person]
    page = staff_client.get(reverse("bibliotekos:person_detail", args=[person.pk]))
    assert "Bibliotekininkas" in page.content.decode()
    export = staff_client.get(reverse("bibliotekos:person_list"), {"export": "csv"})
    assert "Bibliotekininkas" in export.content.decode("utf-8-sig")


def test_a_post_out_of_use_is_not_offered_but_stays_on_a_record(staff_client, territory,
                                                                 post):
    old = Position.objects.create(name="Senos pareigos", active=False)
    person = Person.objects.create(first_name="Ona", last_name="Senoji",
                                   library=territory.central_a, post=old)
    create = staff_client.get(reverse("bibliotekos:person_create"))
    assert old not in create.context["form"].fields["post"].queryset
    update = staff_client.get(reverse("bibliotekos:person_update", args=[person.pk]))
    assert old in update.context["form"].fields["post"].queryset


# --- the registry's people table ---------------------------------------------------------------

def test_people_export_has_the_post_by_name(territory, post):
    Person.objects.create(first_name="Ona", last_name="Onaitė", library=territory.central_a,
                          post=post)
    header, rows = export_rows("people")
    assert header == PERSON_COLUMNS and "post" in header
    [row] = list(rows)
    assert row[header.index("post")] == "Bibliotekininkas"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_people_with_posts_import_back_unchanged(territory, staff, post, fmt):
    tricky = Position.objects.create(name='=Vedėja, "Darbėnų"; filialas')
    Person.objects.create(first_name="Ona", last_name="Onaitė", library=territory.central_a,
                          post=post, works_since=date(1998, 9, 1))
    Person.objects.create(first_name="Eglė", last_name="Eglaitė", library=territory.branch_a,
                          post=tricky, works_since=date(2024, 2, 29))
    Person.objects.create(first_name="Be", last_name="Pareigybės")
    before = list(Person.objects.order_by("pk").values())
    header, rows = export_rows("people")
    rows = list(rows)
    data = write_csv(header, rows) if fmt == "csv" else write_xlsx("people", header, rows)
    result = import_registry(data=data, by=staff)
    assert result.ok, result.errors
    assert (result.created, result.updated) == (0, 0)
    assert list(Person.objects.order_by("pk").values()) == before


def test_import_sets_a_post_by_name_whatever_its_case(territory, staff, post):
    person = Person.objects.create(first_name="Ona", last_name="Onaitė")
    data = write_csv(["id", "first_name", "last_name", "post"],
                     [[person.pk, "Ona", "Onaitė", "BIBLIOTEKININKAS"]])
    result = import_registry(data=data, by=staff)
    assert result.ok and result.updated == 1, result.errors
    person.refresh_from_db()
    assert person.post == post


def test_an_unknown_post_is_a_cell_error_and_nothing_changes(territory, staff):
    person = Person.objects.create(first_name="Ona", last_name="Onaitė")
    data = write_xlsx("people", ["id", "first_name", "last_name", "post"],
                      [[person.pk, "Onutė", "Onaitė", "Kosmonautas"]])
    result = import_registry(data=data, by=staff)
    assert not result.ok
    [error] = result.errors
    assert error.cell == "people!D2" and "Kosmonautas" in error.message
    person.refresh_from_db()
    assert person.first_name == "Ona"


def test_a_file_without_the_post_column_leaves_posts_alone(territory, staff, post):
    person = Person.objects.create(first_name="Ona", last_name="Onaitė", post=post)
    data = write_csv(["id", "first_name", "last_name"], [[person.pk, "Onutė", "Onaitė"]])
    result = import_registry(data=data, by=staff)
    assert result.ok and result.updated == 1
    person.refresh_from_db()
    assert person.post == post and person.first_name == "Onutė"
