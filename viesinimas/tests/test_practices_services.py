"""The good-practice catalogue's services: who may write, edit and move a practice along
its review, two editors at once, the e-mails of the review, documents typed by their
content, and "we did it too" (once per library, never the practice's own) — as department
staff, management, the director of library system A (librarian_a) and a librarian of school
library B (librarian_b)."""

import io
import zipfile

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from viesinimas import services_practices as services
from viesinimas.models import Adoption, Practice, PracticeStatus
from viesinimas.tests.factories_practices import (
    PDF,
    image_bytes,
    make_adoption,
    make_practice,
    theme,
)

pytestmark = pytest.mark.django_db

PUBLISHED = PracticeStatus.PUBLISHED


def office_file(part="word/document.xml") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<document/>")
    return out.getvalue()


# --- who sees what --------------------------------------------------------------------------

def test_a_draft_is_its_library_s_and_a_published_practice_everyone_s(
        territory, staff, manager, librarian_a, librarian_b):
    draft = make_practice(library=territory.branch_a, by=librarian_a)
    published = make_practice(library=territory.system_a, by=librarian_a, status=PUBLISHED,
                              reviewer_user=staff)
    for user, expected in ((staff, {draft, published}), (manager, {draft, published}),
                           (librarian_a, {draft, published}), (librarian_b, {published})):
        assert set(Practice.objects.visible_to(user)) == expected, user


# --- writing --------------------------------------------------------------------------------

def test_a_librarian_writes_a_draft_for_their_own_library_only(territory, librarian_a,
                                                                 librarian_b, manager):
    practice = make_practice(library=territory.branch_a, by=librarian_a,
                             themes=[theme()])
    assert practice.status == PracticeStatus.DRAFT and practice.created_by == librarian_a
    assert list(practice.themes.values_list("slug", flat=True)) == ["skaitymo-skatinimas"]
    assert practice.history.first().history_user == librarian_a
    with pytest.raises(PermissionDenied):
        make_practice(library=territory.system_a, by=librarian_b)
    with pytest.raises(PermissionDenied):
        make_practice(library=territory.system_a, by=manager)


def test_staff_write_for_any_library(territory, staff):
    assert make_practice(library=territory.school_b, by=staff).library == territory.school_b


def test_a_save_after_someone_else_s_is_refused_as_stale(territory, librarian_a, staff):
    practice = make_practice(library=territory.system_a, by=librarian_a)
    opened = practice.version
    first = Practice.objects.get(pk=practice.pk)
    first.title = "Pirmasis pavadinimas"
    services.update_practice(first, by=staff, seen_version=opened)
    second = Practice.objects.get(pk=practice.pk)
    second.title = "Antrasis pavadinimas"
    with pytest.raises(services.Refused) as refused:
        services.update_practice(second, by=librarian_a, seen_version=opened)
    assert refused.value.code == "stale"
    stored = Practice.objects.get(pk=practice.pk)
    assert stored.title == "Pirmasis pavadinimas" and stored.version == opened + 1


def test_an_edit_keeps_the_workflow_fields_and_changes_the_tags(territory, librarian_a):
    practice = make_practice(library=territory.system_a, by=librarian_a)
    edited = Practice.objects.get(pk=practice.pk)
    edited.title, edited.status = "Naujas", PUBLISHED  # a form never changes the status
    services.update_practice(edited, themes=[theme("Senjorai", "senjorai")], by=librarian_a,
                             seen_version=practice.version)
    stored = Practice.objects.get(pk=practice.pk)
    assert (stored.title, stored.status) == ("Naujas", PracticeStatus.DRAFT)
    assert [t.slug for t in stored.themes.all()] == ["senjorai"]


def test_once_handed_in_only_staff_edit_it(territory, librarian_a, staff, manager):
    practice = make_practice(library=territory.system_a, by=librarian_a,
                             status=PracticeStatus.REVIEW)
    assert not services.may_edit(librarian_a, practice)
    assert services.may_edit(staff, practice)
    assert not services.may_edit(manager, practice)
    with pytest.raises(PermissionDenied):
        services.update_practice(practice, by=librarian_a, seen_version=practice.version)
    published = services.publish_practice(practice, by=staff)
    assert not services.may_edit(librarian_a, published) and services.may_edit(staff, published)


def test_another_library_s_librarian_edits_nothing(territory, librarian_a, librarian_b):
    practice = make_practice(library=territory.system_a, by=librarian_a)
    assert not services.may_edit(librarian_b, practice)
    with pytest.raises(PermissionDenied):
        services.update_practice(practice, by=librarian_b, seen_version=practice.version)
    with pytest.raises(PermissionDenied):
        services.submit_practice(practice, by=librarian_b)


# --- the review -----------------------------------------------------------------------------

def test_handing_in_tells_staff_but_not_the_one_who_handed_it_in(
        territory, librarian_a, staff, django_capture_on_commit_callbacks, settings):
    from tests.factories import UserFactory

    UserFactory(role="staff", email="kolege@test.lt", language="en")
    UserFactory(role="staff", email="buves@test.lt", is_active=False)
    practice = make_practice(library=territory.system_a, by=librarian_a)
    with django_capture_on_commit_callbacks(execute=True):
        moved = services.submit_practice(practice, by=librarian_a)
    assert moved.status == PracticeStatus.REVIEW and moved.submitted_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == ["kolege@test.lt", "staff@test.lt"]
    english = next(m for m in mail.outbox if m.to == ["kolege@test.lt"])
    assert "Good practice to review" in english.subject
    assert settings.PORTAL_BASE_URL + practice.get_absolute_url() in english.body
    assert settings.PORTAL_BASE_URL + "/viesinimas/patirtis/darbai/?stage=review" in english.body


def test_staff_handing_in_a_draft_are_not_mailed_about_it(
        territory, staff, django_capture_on_commit_callbacks):
    practice = make_practice(library=territory.system_b, by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_practice(practice, by=staff)
    assert mail.outbox == []


def test_publishing_tells_the_author_in_their_language(
        territory, librarian_a, staff, django_capture_on_commit_callbacks, settings):
    librarian_a.language = "en"
    librarian_a.save()
    practice = make_practice(library=territory.system_a, by=librarian_a,
                             status=PracticeStatus.REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        published = services.publish_practice(practice, by=staff)
    assert published.status == PUBLISHED and published.reviewed_by == staff
    assert published.published_at is not None
    [message] = mail.outbox
    assert message.to == [librarian_a.email] and "is published" in message.subject
    assert settings.PORTAL_BASE_URL + practice.get_absolute_url() in message.body


def test_returning_needs_a_note_and_tells_the_author_what_to_change(
        territory, librarian_a, staff, django_capture_on_commit_callbacks):
    practice = make_practice(library=territory.system_a, by=librarian_a,
                             status=PracticeStatus.REVIEW)
    with pytest.raises(services.Refused):
        services.return_practice(practice, note="  ", by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        returned = services.return_practice(practice, note="Trūksta išlaidų.", by=staff)
    assert returned.status == PracticeStatus.DRAFT and returned.review_note == "Trūksta išlaidų."
    assert services.may_edit(librarian_a, returned)
    [message] = mail.outbox
    assert "Trūksta išlaidų." in message.body


def test_two_clicks_at_once_publish_once(territory, librarian_a, staff):
    practice = make_practice(library=territory.system_a, by=librarian_a,
                             status=PracticeStatus.REVIEW)
    stale = Practice.objects.get(pk=practice.pk)   # the second click's page
    services.publish_practice(practice, by=staff)
    with pytest.raises(services.Refused) as refused:
        services.publish_practice(stale, by=staff)
    assert refused.value.code == "moved"
    assert Practice.objects.get(pk=practice.pk).version == stale.version + 1


def test_only_staff_review_and_archive(territory, librarian_a, manager, staff):
    practice = make_practice(library=territory.system_a, by=librarian_a,
                             status=PracticeStatus.REVIEW)
    for user in (librarian_a, manager):
        with pytest.raises(PermissionDenied):
            services.publish_practice(practice, by=user)
        with pytest.raises(PermissionDenied):
            services.archive_practice(practice, by=user)
    archived = services.archive_practice(practice, by=staff)
    assert archived.status == PracticeStatus.ARCHIVED
    assert not services.may_edit(staff, archived)


def test_staff_s_own_draft_is_published_without_waiting_and_nobody_is_mailed(
        territory, staff, django_capture_on_commit_callbacks):
    practice = make_practice(library=territory.system_b, by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_practice(practice, by=staff)
    assert Practice.objects.get(pk=practice.pk).status == PUBLISHED
    assert mail.outbox == []


# --- documents --------------------------------------------------------------------------------

def test_a_document_s_type_is_read_from_its_content(territory, librarian_a):
    practice = make_practice(library=territory.system_a, by=librarian_a)
    pdf = services.add_file(practice, upload=SimpleUploadedFile("planas.PDF", PDF),
                            by=librarian_a)
    assert pdf.name == "planas.pdf" and pdf.file.name.endswith(".pdf")
    word = services.add_file(practice, upload=SimpleUploadedFile(
        "C:\\Dokumentai\\Aprašas.pdf", office_file()), by=librarian_a)
    assert word.name == "Aprašas.docx" and word.file.name.endswith(".docx")
    assert "Apra" not in word.file.name  # stored under a random name
    sheet = services.add_file(practice, upload=SimpleUploadedFile(
        "x.bin", office_file("xl/workbook.xml")), name="Išlaidos", by=librarian_a)
    assert sheet.name == "Išlaidos.xlsx"


@pytest.mark.parametrize(("name", "content"), [
    ("planas.pdf", b"Tai tik tekstas, ne PDF."),
    ("nuotrauka.pdf", image_bytes()),
    ("archyvas.docx", b"PK\x03\x04 sugadintas archyvas"),
])
def test_anything_else_is_refused_as_a_document(territory, librarian_a, name, content):
    practice = make_practice(library=territory.system_a, by=librarian_a)
    with pytest.raises(services.Refused) as refused:
        services.add_file(practice, upload=SimpleUploadedFile(name, content), by=librarian_a)
    assert refused.value.code == "file_type"
    assert not practice.files.exists()


def test_a_document_over_the_size_limit_is_refused(territory, librarian_a, settings):
    settings.UPLOAD_MAX_BYTES = 20
    practice = make_practice(library=territory.system_a, by=librarian_a)
    with pytest.raises(services.Refused) as refused:
        services.add_file(practice, upload=SimpleUploadedFile("a.pdf", PDF), by=librarian_a)
    assert refused.value.code == "too_large"


def test_removing_a_document_deletes_its_file(territory, librarian_a, librarian_b):
    practice = make_practice(library=territory.system_a, by=librarian_a)
    stored = services.add_file(practice, upload=SimpleUploadedFile("a.pdf", PDF),
                               by=librarian_a)
    storage, name = stored.file.storage, stored.file.name
    with pytest.raises(PermissionDenied):
        services.remove_file(stored, by=librarian_b)
    services.remove_file(stored, by=librarian_a)
    assert not storage.exists(name) and not practice.files.exists()


# --- "we did it too" --------------------------------------------------------------------------

@pytest.fixture
def published(territory, librarian_a, staff):
    return make_practice(library=territory.system_a, by=librarian_a, status=PUBLISHED,
                         reviewer_user=staff)


def test_a_library_says_it_did_it_too_once(published, territory, librarian_b):
    adoption = make_adoption(published, library=territory.school_b, by=librarian_b)
    assert adoption.note == "Darėme su mokykla." and adoption.created_by == librarian_b
    with pytest.raises(services.Refused) as refused:
        make_adoption(published, library=territory.school_b, by=librarian_b)
    assert refused.value.code == "again"
    assert Adoption.objects.filter(practice=published).count() == 1


def test_a_library_cannot_take_over_its_own_practice(published, territory, librarian_a, staff):
    for user in (librarian_a, staff):
        with pytest.raises(services.Refused) as refused:
            make_adoption(published, library=territory.system_a, by=user)
        assert refused.value.code == "own"
    # an outlet of the system is another library
    assert make_adoption(published, library=territory.branch_a, by=librarian_a)


def test_a_librarian_speaks_for_their_own_library_only(published, territory, librarian_b,
                                                       manager, staff):
    with pytest.raises(PermissionDenied):
        make_adoption(published, library=territory.system_b, by=librarian_b)
    with pytest.raises(PermissionDenied):
        make_adoption(published, library=territory.school_b, by=manager)
    assert make_adoption(published, library=territory.system_b, by=staff).library == \
        territory.system_b


def test_only_a_published_practice_is_taken_over_and_not_in_the_future(
        territory, librarian_a, librarian_b, published):
    draft = make_practice(library=territory.system_a, by=librarian_a)
    with pytest.raises(services.Refused):
        make_adoption(draft, library=territory.school_b, by=librarian_b)
    with pytest.raises(services.Refused) as refused:
        services.adopt(published, library=territory.school_b, by=librarian_b,
                       adopted_on=timezone.localdate().replace(year=timezone.localdate().year
                                                               + 1))
    assert refused.value.code == "future"


def test_an_adoption_is_withdrawn_by_its_library_s_people_or_staff(
        published, territory, librarian_a, librarian_b, staff, manager):
    adoption = make_adoption(published, library=territory.school_b, by=librarian_b)
    for user in (librarian_a, manager):
        with pytest.raises(PermissionDenied):
            services.withdraw_adoption(adoption, by=user)
    services.withdraw_adoption(adoption, by=librarian_b)
    assert not Adoption.objects.exists()
    assert Adoption.history.filter(history_type="-").first().history_user == librarian_b
    again = make_adoption(published, library=territory.school_b, by=librarian_b)
    services.withdraw_adoption(again, by=staff)


def test_staff_who_turned_the_review_e_mails_off_get_none_and_the_others_can_leave(
        territory, librarian_a, staff, django_capture_on_commit_callbacks):
    from portalas import notifications
    from tests.factories import UserFactory

    UserFactory(role="staff", email="kolege@test.lt")
    notifications.set_preference(user=staff, key="viesinimas.practice_submitted",
                                 enabled=False)
    practice = make_practice(library=territory.system_a, by=librarian_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_practice(practice, by=librarian_a)
    [message] = mail.outbox
    assert message.to == ["kolege@test.lt"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].strip("<>") in message.body


def test_the_author_cannot_turn_the_decision_off(territory, librarian_a, staff):
    from portalas import notifications

    with pytest.raises(ValueError):
        notifications.set_preference(user=librarian_a, key="viesinimas.practice_decided",
                                     enabled=False)


def test_a_published_practice_is_returned_for_a_new_revision_and_keeps_its_date(
        territory, librarian_a, staff):
    practice = make_practice(library=territory.system_a, by=librarian_a, status=PUBLISHED,
                             reviewer_user=staff)
    first = practice.published_at
    returned = services.return_practice(practice, note="Atnaujinkite rezultatus.", by=staff)
    assert returned.status == PracticeStatus.DRAFT and services.may_edit(librarian_a, returned)
    assert not Practice.objects.visible_to(librarian_a).published().filter(
        pk=practice.pk).exists()
    again = services.publish_practice(services.submit_practice(returned, by=librarian_a),
                                      by=staff)
    assert again.published_at == first and again.review_note == ""
