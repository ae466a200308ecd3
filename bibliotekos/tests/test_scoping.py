import pytest
from django.apps import apps
from django.db import models

from bibliotekos.models import Library, Membership, Person
from bibliotekos.scoping import visible_library_ids
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_system_director_sees_the_whole_system(librarian_a, territory):
    expected = {territory.system_a.pk, territory.central_a.pk, territory.branch_a.pk,
                territory.service_point_a.pk}
    assert visible_library_ids(librarian_a) == expected


def test_branch_librarian_sees_only_the_branch(territory):
    user = UserFactory(role="librarian")
    Membership.objects.create(user=user, library=territory.branch_a, role="librarian")
    assert set(Library.objects.visible_to(user).values_list("pk", flat=True)) == {
        territory.branch_a.pk}


def test_librarian_of_another_library_sees_none_of_library_a(librarian_b, territory):
    visible = Library.objects.visible_to(librarian_b)
    assert territory.system_a not in visible
    assert list(visible) == [territory.school_b]


def test_whole_territory_roles_see_every_library(staff, manager, administrator, territory):
    total = Library.objects.count()
    for user in (staff, manager, administrator):
        assert Library.objects.visible_to(user).count() == total


def test_librarian_without_membership_sees_nothing(territory):
    assert not Library.objects.visible_to(UserFactory(role="librarian")).exists()


def test_inactive_and_anonymous_users_see_nothing(librarian_a, territory):
    from django.contrib.auth.models import AnonymousUser

    assert not Library.objects.visible_to(AnonymousUser()).exists()
    librarian_a.is_active = False
    assert not Library.objects.visible_to(librarian_a).exists()


def test_people_without_a_library_are_hidden_from_librarians(librarian_a, staff, territory):
    lecturer = Person.objects.create(first_name="Jonas", last_name="Lektorius")
    assert lecturer not in Person.objects.visible_to(librarian_a)
    assert lecturer in Person.objects.visible_to(staff)


def _path_to_library(model, depth=0):
    """True when the model has a foreign key chain to Library (the guard below)."""
    if model is Library:
        return True
    if depth > 3:
        return False
    for field in model._meta.get_fields():
        if isinstance(field, models.ForeignKey) and not field.name.startswith("history"):
            related = field.related_model
            if related is Library or (related is not model
                                      and related._meta.app_label != "paskyros"
                                      and _path_to_library(related, depth + 1)):
                return True
    return False


def test_every_model_that_belongs_to_a_library_has_a_scoped_manager():
    missing = []
    for model in apps.get_models():
        if model._meta.app_label in {"admin", "auth", "contenttypes", "sessions", "axes",
                                     "otp_totp", "otp_static", "django_otp"}:
            continue
        if model.__name__.startswith("Historical"):
            continue
        if _path_to_library(model) and not hasattr(model._default_manager, "visible_to"):
            missing.append(model._meta.label)
    assert missing == []
