"""Topics, programmes and lecturers: who reads, who edits, and a lecturer added from the
registry or from outside it."""

from decimal import Decimal

import pytest
from django.urls import reverse

from bibliotekos.models import Person
from mokymai.models import EventStatus, Lecturer, Programme, Topic
from mokymai.services import mark_attendance, register
from mokymai.tests.factories import make_event, make_lecturer, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic(db):
    return Topic.objects.create(name="Skaitmeninis raštingumas")


@pytest.fixture
def programme(topic):
    programme = Programme.objects.create(code="KTP-01", title="Skaitmeninis raštingumas",
                                         hours=Decimal("16"))
    programme.topics.add(topic)
    return programme


# --- reading -----------------------------------------------------------------------------------

def test_every_signed_in_user_reads_topics_and_programmes(client_b, programme, topic):
    for name in ("mokymai:programme_list", "mokymai:topic_list"):
        assert client_b.get(reverse(name)).status_code == 200, name
    response = client_b.get(reverse("mokymai:programme_detail", args=[programme.pk]))
    assert response.status_code == 200
    assert response.context["programme"] == programme


def test_programme_list_filters_exports_and_counts_events(staff_client, programme, topic):
    other = Programme.objects.create(title="Projektų rengimas", hours=Decimal("24"))
    make_event(programme=programme)
    response = staff_client.get(reverse("mokymai:programme_list"), {"topic": topic.pk})
    listed = list(response.context["object_list"])
    assert listed == [programme] and other not in listed
    assert listed[0].event_count == 1
    export = staff_client.get(reverse("mokymai:programme_list"), {"export": "csv"})
    assert export.status_code == 200
    text = export.content.decode("utf-8-sig")
    assert "KTP-01" in text and "Projektų rengimas" in text


def test_programme_detail_lists_the_events_that_ran_it_with_participants(
        staff_client, staff, programme, territory):
    event = make_event(programme=programme, status=EventStatus.PUBLISHED)
    people = [make_person(territory.central_a, first=f"Asmuo{i}", last="Testinis")
              for i in range(3)]
    registrations = [register(event=event, person=p, by=staff) for p in people]
    draft = make_event(title="Juodraštis", programme=programme, status=EventStatus.DRAFT)
    response = staff_client.get(reverse("mokymai:programme_detail", args=[programme.pk]))
    events = {e.pk: e for e in response.context["events"]}
    assert events[event.pk].registered == 3
    assert draft.pk in events            # staff see drafts
    session = event.sessions.first()
    mark_attendance(registration=registrations[0], session=session, by=staff)
    events = {e.pk: e for e in staff_client.get(
        reverse("mokymai:programme_detail", args=[programme.pk])).context["events"]}
    assert events[event.pk].participants == 1


def test_librarians_do_not_see_draft_events_of_a_programme(client_b, programme):
    make_event(title="Juodraštis", programme=programme, status=EventStatus.DRAFT)
    response = client_b.get(reverse("mokymai:programme_detail", args=[programme.pk]))
    assert list(response.context["events"]) == []


def test_lecturers_are_the_departments_contacts(staff_client, client_a, client_b,
                                                 librarian_a):
    other = make_lecturer(first="Rūta", last="Išorinė")
    own = make_lecturer(user=librarian_a, first="Aldona", last="Ąžuolienė")
    assert set(staff_client.get(reverse("mokymai:lecturer_list")).context["object_list"]) \
        == {own, other}
    assert list(client_a.get(reverse("mokymai:lecturer_list")).context["object_list"]) == [own]
    assert client_a.get(reverse("mokymai:lecturer_detail", args=[own.pk])).status_code == 200
    assert client_a.get(reverse("mokymai:lecturer_detail", args=[other.pk])).status_code == 404
    assert client_b.get(reverse("mokymai:lecturer_detail", args=[own.pk])).status_code == 404


def test_lecturer_detail_shows_topics_and_sessions(staff_client, topic):
    event = make_event(sessions=2)
    lecturer = make_lecturer(event)
    lecturer.topics.add(topic)
    response = staff_client.get(reverse("mokymai:lecturer_detail", args=[lecturer.pk]))
    assert list(response.context["topics"]) == [topic]
    [entry] = response.context["events"]
    assert entry["event"] == event and len(entry["sessions"]) == 2


# --- editing -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["mokymai:programme_create", "mokymai:lecturer_create",
                                  "mokymai:topic_create"])
def test_librarians_may_not_create(client_a, name):
    assert client_a.get(reverse(name)).status_code == 403
    assert client_a.post(reverse(name), {"name": "x", "title": "x"}).status_code == 403


def test_librarians_may_not_edit(client_a, programme, topic):
    lecturer = make_lecturer()
    for name, pk in (("mokymai:programme_update", programme.pk),
                     ("mokymai:topic_update", topic.pk)):
        assert client_a.get(reverse(name, args=[pk])).status_code == 403
    # a lecturer record the librarian does not see is a 404 before the role is asked
    assert client_a.get(reverse("mokymai:lecturer_update", args=[lecturer.pk])).status_code \
        == 404


def test_management_reads_but_does_not_edit(manager_client, programme):
    assert manager_client.get(reverse("mokymai:programme_list")).status_code == 200
    assert manager_client.get(reverse("mokymai:lecturer_list")).status_code == 200
    assert manager_client.get(reverse("mokymai:programme_create")).status_code == 403


def test_staff_create_and_edit_a_topic(staff_client):
    response = staff_client.post(reverse("mokymai:topic_create"),
                                 {"name": "  Kraštotyra  ", "active": "on"})
    assert response.status_code == 302
    topic = Topic.objects.get(name="Kraštotyra")
    response = staff_client.post(reverse("mokymai:topic_create"), {"name": "kraštotyra"})
    assert response.status_code == 200 and response.context["form"].errors["name"]
    response = staff_client.post(reverse("mokymai:topic_update", args=[topic.pk]),
                                 {"name": "Kraštotyra ir paveldas"})
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.name == "Kraštotyra ir paveldas" and not topic.active


def test_staff_create_and_edit_a_programme(staff_client, topic):
    response = staff_client.post(reverse("mokymai:programme_create"), {
        "code": "KTP-09", "title": "Vadyba bibliotekoje", "hours": "12", "target_group":
        "Vadovai", "approved_on": "2026-02-01", "topics": [topic.pk], "aims": "Tikslai",
        "content": "Turinys", "active": "on"})
    assert response.status_code == 302, response.context["form"].errors
    programme = Programme.objects.get(code="KTP-09")
    assert list(programme.topics.all()) == [topic]
    assert str(programme.approved_on) == "2026-02-01"
    response = staff_client.post(reverse("mokymai:programme_update", args=[programme.pk]), {
        "code": "KTP-09", "title": "Vadyba bibliotekoje", "hours": "0", "active": "on"})
    assert response.status_code == 200 and "hours" in response.context["form"].errors
    response = staff_client.post(reverse("mokymai:programme_create"), {
        "code": "ktp-09", "title": "Kita", "hours": "8"})
    assert "code" in response.context["form"].errors


def test_a_lecturer_from_the_registry(staff_client, territory, topic):
    person = make_person(territory.central_a, first="Daiva", last="Metodininkė")
    response = staff_client.post(reverse("mokymai:lecturer_create"), {
        "person": person.pk, "topics": [topic.pk], "organisation": ""})
    assert response.status_code == 302, response.context["form"].errors
    lecturer = Lecturer.objects.get(person=person)
    assert list(lecturer.topics.all()) == [topic]
    # the same person cannot be added twice: no longer among the choices
    response = staff_client.post(reverse("mokymai:lecturer_create"), {"person": person.pk})
    assert "person" in response.context["form"].errors


def test_an_external_lecturer_is_added_to_the_registry_without_a_library(staff_client, topic):
    before = Person.objects.count()
    response = staff_client.post(reverse("mokymai:lecturer_create"), {
        "first_name": "Rūta", "last_name": "Kazlauskaitė", "email": "Ruta@LNB.lt",
        "phone": "8 612 34567", "organisation": "Lietuvos nacionalinė biblioteka",
        "topics": [topic.pk], "notes": "Dėsto nuotoliu."})
    assert response.status_code == 302, response.context["form"].errors
    assert Person.objects.count() == before + 1
    lecturer = Lecturer.objects.select_related("person").get(person__last_name="Kazlauskaitė")
    assert lecturer.person.library is None
    assert lecturer.person.email == "ruta@lnb.lt"
    assert lecturer.person.phone == "+370 612 34567"
    assert lecturer.organisation == "Lietuvos nacionalinė biblioteka"
    assert response["Location"] == lecturer.get_absolute_url()


def test_lecturer_form_wants_one_person(staff_client, territory):
    person = make_person(territory.central_a)
    response = staff_client.post(reverse("mokymai:lecturer_create"), {})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    response = staff_client.post(reverse("mokymai:lecturer_create"),
                                 {"person": person.pk, "first_name": "Jonas"})
    assert response.context["form"].non_field_errors()
    response = staff_client.post(reverse("mokymai:lecturer_create"), {"first_name": "Jonas"})
    assert "last_name" in response.context["form"].errors
    response = staff_client.post(reverse("mokymai:lecturer_create"), {
        "first_name": "Ona", "last_name": "Kita", "email": person.email.upper()})
    assert "email" in response.context["form"].errors
    assert not Lecturer.objects.exists()


def test_editing_a_lecturer_keeps_the_person(staff_client, topic):
    lecturer = make_lecturer()
    person = lecturer.person
    response = staff_client.post(reverse("mokymai:lecturer_update", args=[lecturer.pk]), {
        "organisation": "Kauno technologijos universitetas", "topics": [topic.pk],
        "person": "999999", "first_name": "Kitas"})
    assert response.status_code == 302, response.context["form"].errors
    lecturer.refresh_from_db()
    assert lecturer.person == person and person.first_name == "Lina"
    assert lecturer.organisation == "Kauno technologijos universitetas"


def test_lecturer_list_export_has_workplace_and_topics(staff_client, topic):
    lecturer = make_lecturer()
    lecturer.topics.add(topic)
    response = staff_client.get(reverse("mokymai:lecturer_list"), {"export": "csv"})
    text = response.content.decode("utf-8-sig")
    assert "Vilniaus universitetas" in text and "Skaitmeninis raštingumas" in text


def test_staff_open_every_catalogue_form(staff_client, programme, topic):
    lecturer = make_lecturer()
    for url in (reverse("mokymai:programme_create"), reverse("mokymai:lecturer_create"),
                reverse("mokymai:topic_create"),
                reverse("mokymai:programme_update", args=[programme.pk]),
                reverse("mokymai:lecturer_update", args=[lecturer.pk]),
                reverse("mokymai:topic_update", args=[topic.pk])):
        response = staff_client.get(url)
        assert response.status_code == 200, url
        assert b'name="csrfmiddlewaretoken"' in response.content
    page = staff_client.get(reverse("mokymai:lecturer_create")).content.decode()
    assert 'name="person"' in page and 'name="first_name"' in page
    page = staff_client.get(reverse("mokymai:lecturer_update", args=[lecturer.pk])).content
    assert b'name="person"' not in page and str(lecturer.person).encode() in page
