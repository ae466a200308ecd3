"""The quick entry: one short form typed with the keyboard — the library found from a part
of its name, sensible defaults, "save and log another", the people of the library offered
by htmx, and what it refuses."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from bibliotekos.models import Person
from konsultacijos.models import Channel, Consultation
from konsultacijos.tests.factories import make_consultation, topic
from portalas.testing import query_budget

pytestmark = pytest.mark.django_db

CREATE = reverse("konsultacijos:consultation_create")


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def entry(**overrides):
    data = {"library": "darbėn", "held_on": f"{timezone.localdate():%Y-%m-%d}",
            "channel": "phone", "topic": topic().pk, "question": "Kaip pildyti ataskaitą?",
            "answer": "Pagal instrukciją.", "minutes": "15", "then": "save"}
    data.update(overrides)
    return data


def test_the_form_opens_with_sensible_defaults(staff_client, staff, territory):
    make_consultation(library=territory.branch_a, by=staff, channel=Channel.EMAIL)
    with query_budget(20):
        response = staff_client.get(CREATE)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["held_on"] == timezone.localdate()
    assert form.initial["channel"] == Channel.EMAIL
    assert form.initial["staff_member"] == staff.pk
    assert form.initial["minutes"] == 15
    content = response.content.decode()
    assert 'list="consultation-libraries"' in content and "autofocus" in content
    assert '<option value="Darbėnų filialas (SVB-KRE-F01)">' in content
    assert "Jokūbavo" not in content  # a closed service point is not offered
    assert 'value="portal"' not in content  # a question's record is made by answering it


def test_only_staff_log(manager_client, client_a, client_b):
    for client in (manager_client, client_a, client_b):
        assert client.get(CREATE).status_code == 403
        assert client.post(CREATE, entry()).status_code == 403
    assert not Consultation.objects.exists()


def test_a_part_of_the_name_with_its_marks_finds_the_library(staff_client, staff, territory):
    response = staff_client.post(CREATE, entry(library="DARBĖNŲ", minutes="1,5 h"))
    consultation = Consultation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == consultation.get_absolute_url()
    assert consultation.library == territory.branch_a
    assert consultation.minutes == 90
    assert consultation.staff_member == staff and consultation.created_by == staff


@pytest.mark.parametrize("typed", ["SVB-KRE", "svb-kre", "Kretingos viešoji biblioteka",
                                   "Kretingos viešoji biblioteka (SVB-KRE)", "kretingos vieš"])
def test_the_code_the_exact_name_or_the_offered_text_find_the_library(staff_client, territory,
                                                                      typed):
    assert staff_client.post(CREATE, entry(library=typed)).status_code == 302
    assert Consultation.objects.get().library == territory.system_a


@pytest.mark.parametrize(("typed", "says"), [
    ("kretingos", "matches 2 libraries"), ("Palangos", "No open library matches"),
    ("Jokūbavo", "No open library matches"), ("", "This field is required")])
def test_typing_that_names_no_single_library_is_an_error(staff_client, territory, typed, says):
    response = staff_client.post(CREATE, entry(library=typed))
    assert response.status_code == 200
    assert says in str(response.context["form"].errors["library"])
    assert not Consultation.objects.exists()


def test_save_and_log_another_keeps_date_channel_and_topic(staff_client, territory):
    day = timezone.localdate() - timedelta(days=1)
    projects = topic("Projektai")
    response = staff_client.post(CREATE, entry(held_on=f"{day:%Y-%m-%d}", channel="on_site",
                                               topic=projects.pk, then="another"))
    saved = Consultation.objects.get()
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path == CREATE
    assert parse_qs(target.query) == {"date": [f"{day:%Y-%m-%d}"], "channel": ["on_site"],
                                      "topic": [str(projects.pk)]}
    page = staff_client.get(response["Location"])
    form = page.context["form"]
    assert form.initial["held_on"] == day and form.initial["channel"] == "on_site"
    assert form.initial["topic"] == projects.pk
    assert not form.initial.get("library")
    content = page.content.decode()
    assert f'href="{saved.get_absolute_url()}"' in content  # the message links the record
    assert "Kaip pildyti ataskaitą?" not in content  # the rest of the form is empty


def test_the_library_card_opens_the_form_with_its_library(staff_client, territory):
    response = staff_client.get(CREATE, {"library": territory.branch_a.code})
    assert response.context["form"].initial["library"] == "Darbėnų filialas (SVB-KRE-F01)"


def test_typing_the_library_offers_its_and_its_outlets_people(staff_client, territory):
    Person.objects.create(first_name="Ona", last_name="Darbėnienė", library=territory.branch_a)
    Person.objects.create(first_name="Jonas", last_name="Skuodiškis",
                          library=territory.school_b)
    response = staff_client.get(CREATE, {"library": "Kretingos viešoji"},
                                HTTP_HX_REQUEST="true", HTTP_HX_TRIGGER_NAME="library")
    assert response.status_code == 200
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="person-field"')
    assert "Darbėnienė, Ona" in content and "Skuodiškis" not in content


def test_a_person_is_saved_and_the_typed_name_dropped(staff_client, territory):
    person = Person.objects.create(first_name="Ona", last_name="Darbėnienė",
                                   library=territory.branch_a)
    staff_client.post(CREATE, entry(person=person.pk, person_name="Ona D."))
    consultation = Consultation.objects.get()
    assert consultation.person == person and consultation.person_name == ""


def test_a_person_of_another_library_is_refused(staff_client, territory):
    stranger = Person.objects.create(first_name="Jonas", last_name="Skuodiškis",
                                     library=territory.school_b)
    response = staff_client.post(CREATE, entry(person=stranger.pk))
    assert response.status_code == 200
    assert "person" in response.context["form"].errors
    assert not Consultation.objects.exists()


@pytest.mark.parametrize(("fields", "field"), [
    ({"follow_up_due": "2030-01-01"}, "follow_up"),
    ({"follow_up": "Atsiųsti pavyzdį"}, "follow_up_due"),
    ({"held_on": "2999-01-01"}, "held_on"),
    ({"held_on": "2025-02-30"}, "held_on"),
    ({"minutes": "pusvalandis"}, "minutes"),
    ({"minutes": "9 h"}, "minutes"),
    ({"question": "   "}, "question")])
def test_what_the_form_refuses(staff_client, territory, fields, field):
    response = staff_client.post(CREATE, entry(**fields))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Consultation.objects.exists()


def test_a_follow_up_and_an_attachment_in_one_go(staff_client, territory):
    due = timezone.localdate() + timedelta(days=7)
    upload = SimpleUploadedFile("forma.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    response = staff_client.post(CREATE, entry(follow_up="Atsiųsti formą",
                                               follow_up_due=f"{due:%Y-%m-%d}",
                                               attachment=upload))
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.follow_up_due == due
    assert consultation.attachments.get().name == "forma.pdf"


def test_a_bad_attachment_saves_nothing(staff_client, territory):
    upload = SimpleUploadedFile("forma.pdf", b"<html>ne pdf</html>", "application/pdf")
    response = staff_client.post(CREATE, entry(attachment=upload))
    assert response.status_code == 200 and "attachment" in response.context["form"].errors
    assert not Consultation.objects.exists()


def test_after_answering_a_question_the_form_starts_with_the_phone(staff_client, staff,
                                                                   territory):
    make_consultation(library=territory.branch_a, by=staff, channel=Channel.PORTAL)
    assert staff_client.get(CREATE).context["form"].initial["channel"] == Channel.PHONE
    response = staff_client.post(CREATE, entry(channel="portal"))
    assert "channel" in response.context["form"].errors


def test_an_inactive_topic_is_not_offered_for_a_new_record(staff_client, territory):
    old = topic("Sena tema")
    old.active = False
    old.save()
    response = staff_client.post(CREATE, entry(topic=old.pk))
    assert "topic" in response.context["form"].errors
