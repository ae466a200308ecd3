"""The publicity log's services: who may log, edit and delete; what a publication must be
(a date that has come, a reach not below zero, an http(s) link); the file checked by its
content, size and name; two editors at once; who sees which entries."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from bibliotekos.models import Membership
from tests.factories import UserFactory
from viesinimas import services_publicity as services
from viesinimas.models import Publication, PublicationChannel
from viesinimas.tests.factories_publicity import (
    PDF,
    make_event,
    make_practice,
    make_publication,
    png_bytes,
    upload,
    webp_bytes,
)

pytestmark = pytest.mark.django_db


def new(**fields) -> Publication:
    values = {"published_on": timezone.localdate(), "channel": PublicationChannel.RADIO,
              "medium": "Žemaitijos radijas", "title": "Pokalbis apie vaikų skaitymą"}
    values.update(fields)
    return Publication(**values)


# --- who may do what ---------------------------------------------------------------------------

def test_staff_log_a_publication_and_it_records_who(staff, territory):
    publication = services.create_publication(new(), libraries=[territory.system_a], by=staff)
    publication.refresh_from_db()
    assert publication.created_by == staff and publication.version == 1
    assert list(publication.libraries.all()) == [territory.system_a]
    assert publication.history.first().history_user == staff


@pytest.mark.parametrize("who", ["manager", "librarian_a", "librarian_b"])
def test_only_staff_may_log_edit_or_delete(who, request, staff, territory):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.create_publication(new(), by=user)
    publication = make_publication(by=staff, libraries=[territory.system_a])
    with pytest.raises(PermissionDenied):
        services.update_publication(publication, by=user, seen_version=1)
    with pytest.raises(PermissionDenied):
        services.delete_publication(publication, by=user)
    assert Publication.objects.count() == 1


def test_who_may_open_the_log(staff, manager, librarian_a, librarian_b, administrator):
    assert services.may_open_log(staff) and services.may_open_log(manager)
    assert services.may_open_log(librarian_a) and services.may_open_log(librarian_b)
    assert services.may_enter(staff) and services.may_enter(administrator)
    assert not services.may_enter(manager) and not services.may_enter(librarian_a)
    lonely = UserFactory(role="librarian", email="be-bibliotekos@test.lt")
    assert not services.may_open_log(lonely)


def test_a_librarian_sees_only_the_entries_about_their_library(
        staff, manager, librarian_a, librarian_b, territory):
    about_branch = make_publication(by=staff, libraries=[territory.branch_a])
    about_b = make_publication(by=staff, libraries=[territory.school_b])
    both = make_publication(by=staff, libraries=[territory.system_a, territory.school_b])
    department = make_publication(by=staff, libraries=[])
    everything = {about_branch, about_b, both, department}
    assert set(Publication.objects.visible_to(staff)) == everything
    assert set(Publication.objects.visible_to(manager)) == everything
    # a director's covers the outlets of the system
    assert set(Publication.objects.visible_to(librarian_a)) == {about_branch, both}
    assert set(Publication.objects.visible_to(librarian_b)) == {about_b, both}


def test_a_branch_librarian_does_not_see_the_systems_entries(staff, territory):
    branch_librarian = UserFactory(role="librarian", email="filialas@test.lt")
    Membership.objects.create(user=branch_librarian, library=territory.branch_a,
                              role="librarian")
    mine = make_publication(by=staff, libraries=[territory.branch_a])
    make_publication(by=staff, libraries=[territory.system_a])
    assert list(Publication.objects.visible_to(branch_librarian)) == [mine]


# --- what a publication must be ----------------------------------------------------------------

def test_a_date_in_the_future_is_refused(staff):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(services.Refused) as refused:
        services.create_publication(new(published_on=tomorrow), by=staff)
    assert "published_on" in refused.value.error_dict
    assert not Publication.objects.exists()


def test_today_and_the_past_are_accepted_but_not_before_1990(staff):
    services.create_publication(new(published_on=timezone.localdate()), by=staff)
    with pytest.raises(services.Refused):
        services.create_publication(new(published_on=timezone.localdate().replace(year=1989)),
                                    by=staff)


def test_a_negative_reach_and_a_non_web_link_are_refused(staff):
    with pytest.raises(services.Refused) as refused:
        services.create_publication(new(reach=-5), by=staff)
    assert "reach" in refused.value.error_dict
    with pytest.raises(services.Refused) as refused:
        services.create_publication(new(url="javascript:alert(1)"), by=staff)
    assert "url" in refused.value.error_dict
    services.create_publication(new(reach=0, url="https://www.kretingosbiblioteka.lt/"),
                                by=staff)


def test_the_library_of_the_event_or_practice_is_added(staff, territory):
    event = make_event(library=territory.branch_a)
    practice = make_practice(library=territory.school_b)
    publication = services.create_publication(new(activity=event, practice=practice),
                                              libraries=[territory.system_a], by=staff)
    assert set(publication.libraries.all()) == {territory.system_a, territory.branch_a,
                                                territory.school_b}


# --- two editors ---------------------------------------------------------------------------------

def test_the_second_of_two_editors_is_refused(staff, territory):
    publication = make_publication(by=staff, libraries=[territory.system_a])
    other = UserFactory(role="staff", email="kitas@test.lt")
    first = Publication.objects.get(pk=publication.pk)
    second = Publication.objects.get(pk=publication.pk)
    first.title = "Pirmojo pakeitimas"
    services.update_publication(first, by=staff, seen_version=1)
    second.title = "Antrojo pakeitimas"
    with pytest.raises(services.Refused) as refused:
        services.update_publication(second, by=other, seen_version=1)
    assert refused.value.code == "stale"
    publication.refresh_from_db()
    assert publication.title == "Pirmojo pakeitimas" and publication.version == 2
    services.update_publication(second, by=other, seen_version=2)     # a deliberate overwrite
    publication.refresh_from_db()
    assert publication.title == "Antrojo pakeitimas" and publication.version == 3


def test_an_edit_replaces_the_libraries_and_keeps_the_author(staff, territory):
    publication = make_publication(by=staff, libraries=[territory.system_a])
    other = UserFactory(role="staff", email="kitas@test.lt")
    services.update_publication(publication, libraries=[territory.school_b], by=other,
                                seen_version=1)
    publication.refresh_from_db()
    assert list(publication.libraries.all()) == [territory.school_b]
    assert publication.created_by == staff
    assert publication.history.first().history_user == other


# --- files ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("content,kind", [(PDF, "pdf"), (b"\xff\xd8\xff\xe0" + b"0" * 20, "jpg"),
                                          (png_bytes(), "png"), (webp_bytes(), "webp"),
                                          (b"MZ\x90\x00", None), (b"<html>", None),
                                          (b"GIF89a", None)])
def test_a_files_kind_is_told_by_its_content(content, kind):
    assert services.file_kind(content[:16]) == kind


def test_an_accepted_file_gets_a_clean_name(staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        publication = services.create_publication(
            new(file=upload("../Straipsnis „Kretingos“ Šventė 2025.JPEG.exe.PNG",
                            png_bytes(), "image/png")), by=staff)
    name = publication.file.name.rsplit("/", 1)[-1]
    assert name.startswith("Straipsnis-Kretingos-Svente-2025-JPEG-exe") and name.endswith(".png")
    assert publication.file.storage.exists(publication.file.name)


def test_a_file_named_pdf_that_is_not_one_is_refused(staff):
    with pytest.raises(services.Refused) as refused:
        services.create_publication(new(file=upload("straipsnis.pdf", b"MZ\x90\x00evil")),
                                    by=staff)
    assert "file" in refused.value.error_dict
    assert not Publication.objects.exists()


def test_a_damaged_picture_is_refused():
    with pytest.raises(ValidationError):
        services.check_file(upload("foto.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "image/png"))


def test_a_file_over_the_size_cap_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    big = upload("didelis.pdf", PDF + b"0" * (1024 * 1024))
    with pytest.raises(ValidationError) as refused:
        services.check_file(big)
    assert refused.value.code == "too_large"


def test_a_replaced_file_and_a_deleted_entrys_file_leave_the_storage(
        staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        publication = services.create_publication(new(file=upload()), by=staff)
    storage, first = publication.file.storage, publication.file.name
    publication.file = upload("antras.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        services.update_publication(publication, by=staff, seen_version=1)
    second = publication.file.name
    assert not storage.exists(first) and storage.exists(second)
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_publication(publication, by=staff)
    assert not storage.exists(second) and not Publication.objects.exists()


def test_the_same_link_is_found(staff):
    first = make_publication(by=staff, url="https://pajurionaujienos.lt/straipsnis/1")
    assert list(services.same_link("https://pajurionaujienos.lt/straipsnis/1")) == [first]
    assert not services.same_link("https://pajurionaujienos.lt/straipsnis/1",
                                  exclude=first.pk).exists()
    assert not services.same_link("").exists()
