"""Registration pages: self-registration (with the person record), a director's and staff's
registration of others, participant lists by role, one registration and its cancellation,
the user's registrations and the public ticket."""

import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bibliotekos.models import Person, Position
from mokymai.models import EventStatus, Registration, RegistrationStatus
from mokymai.services import register
from mokymai.tests.factories import make_event, make_person

pytestmark = pytest.mark.django_db


def register_url(event):
    return reverse("mokymai:event_register", args=[event.pk])


def self_data(territory, **changes):
    data = {"first_name": "Birutė", "last_name": "Bėrienė", "email": "B@Test.lt",
            "phone": "8 612 34567", "post": "", "library": territory.school_b.pk,
            "note": "Reikia vietos automobiliui"}
    data.update(changes)
    return data


@pytest.fixture
def event(db):
    return make_event(capacity=20)


# --- a librarian registers themself ------------------------------------------------------

def test_the_form_is_prefilled_from_the_account_when_there_is_no_person(event, client_b,
                                                                         territory):
    response = client_b.get(register_url(event))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["first_name"] == "Birutė" and form.initial["last_name"] == "Bėrienė"
    assert form.initial["email"] == "b@test.lt"
    assert form.initial["library"] == territory.school_b.pk
    assert list(form.fields["library"].queryset) == [territory.school_b]


def test_self_registration_creates_the_person_and_the_registration_and_mails(
        event, client_b, librarian_b, territory, django_capture_on_commit_callbacks):
    post = Position.objects.create(name="Mokyklos bibliotekininkas (testas)")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_b.post(register_url(event), self_data(territory, post=post.pk))
    person = Person.objects.get(user=librarian_b)
    assert (person.library, person.post, person.email) == (territory.school_b, post, "b@test.lt")
    assert person.phone == "+370 612 34567"
    registration = Registration.objects.get(event=event, person=person)
    assert registration.status == RegistrationStatus.REGISTERED
    assert registration.registered_by == librarian_b
    assert registration.note == "Reikia vietos automobiliui"
    assert response.status_code == 302 and response["Location"] == registration.get_absolute_url()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["b@test.lt"]
    assert event.title in mail.outbox[0].subject


def test_an_existing_person_is_updated_and_the_change_is_in_its_history(event, client_b,
                                                                        librarian_b,
                                                                        territory):
    person = make_person(territory.school_b, user=librarian_b, first="Birutė", last="Senoji")
    response = client_b.get(register_url(event))
    assert response.context["form"].initial["last_name"] == "Senoji"
    client_b.post(register_url(event), self_data(territory, last_name="Naujoji"))
    person.refresh_from_db()
    assert person.last_name == "Naujoji"
    assert Person.objects.filter(user=librarian_b).count() == 1
    latest = person.history.first()
    assert latest.last_name == "Naujoji" and latest.history_user == librarian_b
    assert Registration.objects.filter(event=event, person=person).exists()


def test_a_library_outside_the_memberships_is_refused(event, client_b, territory):
    response = client_b.post(register_url(event), self_data(territory,
                                                            library=territory.system_a.pk))
    assert response.status_code == 200 and "library" in response.context["form"].errors
    assert not Registration.objects.exists() and not Person.objects.exists()


def test_registering_twice_keeps_one_row_and_says_so(event, client_b, territory):
    first = client_b.post(register_url(event), self_data(territory))
    assert first.status_code == 302
    client_b.get(first["Location"])  # the first message is shown
    second = client_b.post(register_url(event), self_data(territory))
    assert second.status_code == 302
    assert Registration.objects.filter(event=event).count() == 1
    assert Person.objects.count() == 1
    followed = client_b.get(second["Location"])
    assert followed.status_code == 200
    assert len(list(followed.context["messages"])) == 1
    # The page itself no longer offers the form.
    assert client_b.get(register_url(event)).context["form"] is None


def test_a_double_click_that_races_past_the_check_is_refused_not_a_500(
        event, client_b, librarian_b, territory, monkeypatch):
    """Two requests at once both find no registration; the services refuse the second."""
    client_b.post(register_url(event), self_data(territory))
    from mokymai import selectors

    monkeypatch.setattr(selectors, "my_registration", lambda user, event: None)
    response = client_b.post(register_url(event), self_data(territory))
    assert response.status_code == 302
    assert Registration.objects.filter(event=event).count() == 1
    assert Person.objects.filter(user=librarian_b).count() == 1


def test_a_full_event_puts_the_librarian_on_the_waiting_list(client_b, staff, territory):
    event = make_event(capacity=1)
    register(event=event, person=make_person(territory.central_a), by=staff)
    client_b.post(register_url(event), self_data(territory))
    registration = Registration.objects.get(event=event, person__user__email="b@test.lt")
    assert registration.status == RegistrationStatus.WAITING
    page = client_b.get(registration.get_absolute_url())
    assert page.context["position"] == 1


def test_the_21st_of_20_waits_and_is_promoted_when_someone_cancels_through_the_view(
        event, client_b, staff, staff_client, territory, django_capture_on_commit_callbacks):
    taken = [register(event=event, by=staff,
                      person=make_person(territory.central_a, first=f"Asmuo{i}"))
             for i in range(20)]
    client_b.post(register_url(event), self_data(territory))
    mine = Registration.objects.get(event=event, person__user__email="b@test.lt")
    assert mine.status == RegistrationStatus.WAITING
    cancel = reverse("mokymai:registration_cancel", args=[taken[0].pk])
    assert staff_client.get(cancel).status_code == 200
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(cancel)
    assert response.status_code == 302
    taken[0].refresh_from_db()
    mine.refresh_from_db()
    assert taken[0].status == RegistrationStatus.CANCELLED
    assert mine.status == RegistrationStatus.REGISTERED and mine.promoted_at
    assert {m.to[0] for m in mail.outbox} == {taken[0].person.email, "b@test.lt"}


@pytest.mark.parametrize("fields", [
    {"registration_opens": None, "registration_closes": None,
     "status": EventStatus.REGISTRATION_CLOSED},
    {"registration_opens": timezone.now() + timedelta(days=2), "registration_closes": None},
    {"registration_opens": None, "registration_closes": None, "status": EventStatus.CANCELLED},
])
def test_no_form_when_registration_is_not_open(fields, client_b, territory):
    event = make_event(**fields)
    response = client_b.get(register_url(event))
    assert response.status_code == 200 and response.context["form"] is None
    assert response.context["closed_reason"]
    assert 'name="first_name"' not in response.content.decode()
    client_b.post(register_url(event), self_data(territory))
    assert not Registration.objects.exists()


def test_a_draft_is_not_found_by_a_librarian(client_b):
    event = make_event(status=EventStatus.DRAFT)
    assert client_b.get(register_url(event)).status_code == 404


# --- a director registers their staff; staff register anyone -------------------------------

def others_url(event):
    return reverse("mokymai:event_register_others", args=[event.pk])


def test_a_director_registers_their_branch_but_not_another_library(event, client_a,
                                                                   territory):
    mine = make_person(territory.branch_a, first="Darbėniškė", last="Filialo")
    theirs = make_person(territory.school_b, first="Svetima", last="Mokyklinė")
    page = client_a.get(others_url(event))
    assert page.status_code == 200
    listed = {row["person"].pk for row in page.context["rows"]}
    assert mine.pk in listed and theirs.pk not in listed
    refused = client_a.post(others_url(event), {"action": "people", "people": [theirs.pk]})
    assert refused.status_code == 200 and refused.context["form"].errors
    assert not Registration.objects.exists()
    mixed = client_a.post(others_url(event), {"action": "people",
                                              "people": [mine.pk, theirs.pk]})
    assert mixed.status_code == 200 and not Registration.objects.exists()
    done = client_a.post(others_url(event), {"action": "people", "people": [mine.pk]})
    assert done.status_code == 200
    assert [r.person for r in done.context["placed"]] == [mine]
    assert Registration.objects.get().person == mine


def test_the_director_list_shows_who_is_already_registered(event, client_a, staff,
                                                           territory):
    registered = make_person(territory.central_a, first="Jau")
    register(event=event, person=registered, by=staff)
    page = client_a.get(others_url(event))
    row = next(r for r in page.context["rows"] if r["person"] == registered)
    assert row["standing"].status == RegistrationStatus.REGISTERED


def test_the_summary_says_who_got_a_place_and_who_waits(client_a, territory):
    event = make_event(capacity=1)
    first = make_person(territory.branch_a, first="Pirma")
    second = make_person(territory.branch_a, first="Antra")
    done = client_a.post(others_url(event), {"people": [first.pk, second.pk]})
    assert len(done.context["placed"]) == 1 and len(done.context["waiting"]) == 1
    assert done.context["waiting"][0].position == 1


def test_a_plain_librarian_may_not_register_others(event, client_b):
    assert client_b.get(others_url(event)).status_code == 403
    assert client_b.post(others_url(event), {"people": []}).status_code == 403


def test_staff_search_the_registry_and_register_anyone(event, staff_client, territory):
    person = make_person(territory.school_b, first="Žydrūnė", last="Paieškaitė")
    make_person(territory.central_a, first="Kita", last="Nerandama")
    assert staff_client.get(others_url(event)).context["rows"] == []
    found = staff_client.get(others_url(event), {"q": "paieškait"})
    assert [row["person"] for row in found.context["rows"]] == [person]
    partial = staff_client.get(others_url(event), {"q": "Paieškaitė"},
                               headers={"HX-Request": "true"})
    assert [t.name for t in partial.templates][0] == "mokymai/event_register_others_results.html"
    staff_client.post(others_url(event), {"people": [person.pk]})
    assert Registration.objects.get().person == person


def test_staff_add_someone_from_outside_and_the_address_is_reused(event, staff_client):
    data = {"action": "external", "first_name": "Išorė", "last_name": "Partnerė",
            "email": "Partnere@Universitetas.LT", "organisation": "Vilniaus universitetas"}
    staff_client.post(others_url(event), data)
    person = Person.objects.get()
    assert person.email == "partnere@universitetas.lt" and person.library is None
    registration = Registration.objects.get()
    assert registration.organisation == "Vilniaus universitetas"
    again = staff_client.post(others_url(event), {**data, "email": "partnere@universitetas.lt"})
    assert Person.objects.count() == 1 and Registration.objects.count() == 1
    assert again.context["reused"] == person and len(again.context["refused"]) == 1


def test_a_director_cannot_add_outsiders(event, client_a):
    client_a.post(others_url(event), {"action": "external", "first_name": "A",
                                      "last_name": "B", "email": "x@y.lt"})
    assert not Person.objects.exists()


# --- participant lists -------------------------------------------------------------------

def participants_url(event):
    return reverse("mokymai:event_participants", args=[event.pk])


@pytest.fixture
def crowd(event, staff, territory):
    mine = make_person(territory.branch_a, first="Filialo", last="Darbuotoja")
    theirs = make_person(territory.school_b, first="Mokyklos", last="Bibliotekininkė")
    return {"mine": register(event=event, person=mine, by=staff),
            "theirs": register(event=event, person=theirs, by=staff)}


def test_a_plain_librarian_gets_403_on_participants_and_404_on_others_registrations(
        event, crowd, client_b):
    assert client_b.get(participants_url(event)).status_code == 403
    detail = reverse("mokymai:registration_detail", args=[crowd["mine"].pk])
    assert client_b.get(detail).status_code == 404
    cancel = reverse("mokymai:registration_cancel", args=[crowd["mine"].pk])
    assert client_b.get(cancel).status_code == 404
    assert client_b.post(cancel).status_code == 404
    crowd["mine"].refresh_from_db()
    assert crowd["mine"].status == RegistrationStatus.REGISTERED


def test_management_sees_every_participant_and_the_access_is_logged(event, crowd,
                                                                    manager_client, manager,
                                                                    caplog):
    with caplog.at_level(logging.INFO, logger="regionas.trainings"):
        response = manager_client.get(participants_url(event))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Darbuotoja, Filialo" in text and "Bibliotekininkė, Mokyklos" in text
    assert "mokymai.participants" in text and "mokymai.sign_in_sheet" in text
    assert f"participants of event {event.pk} viewed by user {manager.pk}" in caplog.text
    assert "Filialo" not in caplog.text


def test_opening_a_participant_list_is_recorded_in_the_access_log(
        event, crowd, manager_client, manager, staff_client, staff, client_a, librarian_a,
        client_b):
    from bibliotekos.models import PersonalDataAccess

    for client in (manager_client, staff_client, client_a):
        assert client.get(participants_url(event)).status_code == 200
    assert client_b.get(participants_url(event)).status_code == 403
    entries = list(PersonalDataAccess.objects.order_by("pk"))
    assert [(e.user, e.what, e.subject, e.how) for e in entries] == [
        (user, "mokymai.participants", f"mokymai.trainingevent:{event.pk}", "page")
        for user in (manager, staff, librarian_a)]
    assert all("Filialo" not in e.subject for e in entries)     # never a name


def test_a_director_sees_only_their_staff(event, crowd, client_a):
    response = client_a.get(participants_url(event))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Darbuotoja, Filialo" in text
    assert "Bibliotekininkė" not in text
    assert "mokymai.participants" not in text
    assert [r.pk for r in response.context["registered"]] == [crowd["mine"].pk]


def test_staff_cancel_from_the_list_and_return_to_it(event, crowd, staff_client):
    cancel = reverse("mokymai:registration_cancel", args=[crowd["theirs"].pk])
    response = staff_client.post(cancel, {"next": participants_url(event)})
    assert response["Location"] == participants_url(event)
    crowd["theirs"].refresh_from_db()
    assert crowd["theirs"].status == RegistrationStatus.CANCELLED
    evil = staff_client.post(reverse("mokymai:registration_cancel",
                                     args=[crowd["mine"].pk]),
                             {"next": "https://evil.example/"})
    assert evil["Location"] == crowd["mine"].get_absolute_url()


# --- one registration, my registrations --------------------------------------------------

def test_the_participant_sees_and_cancels_their_registration(event, client_b, librarian_b,
                                                            territory):
    me = make_person(territory.school_b, user=librarian_b)
    registration = register(event=event, person=me, by=librarian_b)
    detail = client_b.get(registration.get_absolute_url())
    assert detail.status_code == 200 and detail.context["may_cancel"]
    assert detail.context["entries"]
    cancel = reverse("mokymai:registration_cancel", args=[registration.pk])
    assert client_b.get(cancel).status_code == 200
    client_b.post(cancel)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    again = client_b.post(cancel)
    assert again.status_code == 302


def test_a_director_sees_their_staffs_registration(event, crowd, client_a):
    assert client_a.get(crowd["mine"].get_absolute_url()).status_code == 200
    assert client_a.get(crowd["theirs"].get_absolute_url()).status_code == 404


def test_my_registrations_with_the_directors_staff(event, crowd, client_a, librarian_a,
                                                  territory):
    own = register(event=event, by=librarian_a,
                   person=make_person(territory.central_a, user=librarian_a))
    response = client_a.get(reverse("mokymai:my_registrations"))
    assert response.status_code == 200
    mine = response.context["mine"]
    assert [r.pk for r in mine.upcoming] == [own.pk]
    assert [r.pk for r in mine.staff_upcoming] == [crowd["mine"].pk]


def test_a_plain_librarian_has_no_staff_section(event, crowd, client_b):
    response = client_b.get(reverse("mokymai:my_registrations"))
    assert response.status_code == 200
    assert response.context["mine"].staff_upcoming == []
    assert not response.context["is_director"]


# --- the public ticket --------------------------------------------------------------------

def test_the_ticket_works_without_signing_in(event, crowd, settings):
    registration = crowd["mine"]
    response = Client().get(reverse("mokymai:ticket", args=[registration.token]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Filialo Darbuotoja" in text and event.title in text
    assert "<svg" in text and registration.person.email not in text
    assert response["X-Robots-Tag"].startswith("noindex")
    assert response["Referrer-Policy"] == "no-referrer"
    assert reverse("mokymai:ticket_ics", args=[registration.token]) in text


def test_an_unknown_ticket_is_404_and_a_cancelled_one_says_so(event, crowd, staff):
    assert Client().get(reverse("mokymai:ticket", args=["nera-tokio"])).status_code == 404
    registration = crowd["mine"]
    from mokymai.services import cancel_registration

    cancel_registration(registration=registration, by=staff)
    response = Client().get(reverse("mokymai:ticket", args=[registration.token]))
    assert response.status_code == 200 and "<svg" not in response.content.decode()
    assert response.context["valid"] is False


def test_the_tickets_qr_code_holds_the_check_in_address(event, crowd, settings):
    from mokymai.views.registration import checkin_url

    token = crowd["mine"].token
    assert checkin_url(token) == settings.PORTAL_BASE_URL + reverse("mokymai:checkin",
                                                                    args=[token])


# --- the event page's boxes --------------------------------------------------------------

def render_box(template_name, user, event):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    request = RequestFactory().get(event.get_absolute_url())
    request.user = user
    return render_to_string(template_name, {"event": event, "user": user}, request=request)


def test_the_registration_box_by_role(event, crowd, librarian_a, librarian_b, staff):
    text_b = render_box("mokymai/_event_registration.html", librarian_b, event)
    assert register_url(event) in text_b and others_url(event) not in text_b
    assert others_url(event) in render_box("mokymai/_event_registration.html", librarian_a,
                                           event)
    assert others_url(event) in render_box("mokymai/_event_registration.html", staff, event)


def test_the_participants_box_by_role(event, crowd, librarian_a, librarian_b, manager):
    assert render_box("mokymai/_event_participants.html", librarian_b, event).strip() == ""
    director = render_box("mokymai/_event_participants.html", librarian_a, event)
    assert "Darbuotoja, Filialo" in director and "Bibliotekininkė" not in director
    whole = render_box("mokymai/_event_participants.html", manager, event)
    assert participants_url(event) in whole and "Darbuotoja" not in whole


# --- queries ----------------------------------------------------------------------------

def test_the_lists_do_not_query_per_row(staff, client_a, staff_client, territory):
    from portalas.testing import query_budget

    event = make_event(capacity=5)
    for i in range(12):
        register(event=event, by=staff,
                 person=make_person(territory.branch_a, first=f"Asmuo{i}"))
    with query_budget(13, "participants, director"):
        assert client_a.get(participants_url(event)).status_code == 200
    with query_budget(11, "participants, staff"):
        assert staff_client.get(participants_url(event)).status_code == 200
    with query_budget(16, "register my staff"):
        assert client_a.get(others_url(event)).status_code == 200
    with query_budget(11, "my registrations, director"):
        assert client_a.get(reverse("mokymai:my_registrations")).status_code == 200
