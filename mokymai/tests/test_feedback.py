"""Feedback after a training: who is invited (attendees, once), the anonymous questionnaire
(answered once, within the window, stored without a link to the person), the summaries
(nothing below five answers) and who may open them, the staff's button and the metric."""

import re
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mokymai.models import (
    Attendance,
    EventStatus,
    FeedbackAnswer,
    FeedbackInvitation,
    FeedbackLecturerRating,
    Registration,
)
from mokymai.models_feedback import feedback_closes_on, feedback_open
from mokymai.services import Refused, cancel_registration, change_status, register
from mokymai.services_feedback import invite_feedback, submit_answer
from mokymai.tasks_feedback import invite_feedback_daily
from mokymai.tests.factories import make_event, make_lecturer, make_person
from portalas.metrics import Period, Scope
from portalas.registry import metric, personal_data_providers
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GOOD = {"content": "5", "lecturers": "4", "organisation": "3", "usefulness": "5",
        "most_useful": "Praktinės užduotys", "to_improve": "Daugiau laiko klausimams"}
RATINGS = {"content": 5, "lecturers": 4, "organisation": 3, "usefulness": 5}


def answer_url(invitation) -> str:
    return reverse("mokymai:feedback_answer", args=[invitation.token])


def summary_url(event) -> str:
    return reverse("mokymai:feedback_event_summary", args=[event.pk])


def held_event(staff, territory, *, days_ago=2, attended=3, absent=1, title="Seminaras",
               lecturer=True):
    """An event held ``days_ago`` with ``attended`` people present at its session, ``absent``
    registered but not present, one waiting and one who cancelled."""
    event = make_event(title=title, day=timezone.localdate() - timedelta(days=days_ago),
                       capacity=attended + absent, registration_opens=None,
                       registration_closes=None)
    if lecturer:
        make_lecturer(event, first=f"L{title[:3]}")
    session = event.sessions.get()
    people = []
    for index in range(attended + absent):
        person = make_person(territory.central_a, first=f"{title[:4]}{index}")
        registration = register(event=event, person=person, by=staff)
        Attendance.objects.create(registration=registration, session=session,
                                  present=index < attended)
        people.append(registration)
    register(event=event, person=make_person(territory.central_a, first="Laukianti"),
             by=staff)
    gone = register(event=event, person=make_person(territory.central_a, first="Atsisakė"),
                    by=staff)
    cancel_registration(registration=gone, by=staff)
    change_status(event=event, to=EventStatus.HELD, by=staff)
    event.refresh_from_db()
    return event


def invitations_of(event):
    return FeedbackInvitation.objects.filter(registration__event=event).order_by("pk")


def answer(event, count: int, **ratings):
    """``count`` answers through the service (invitations made as needed)."""
    invite_feedback(event)
    for invitation in invitations_of(event).filter(answered=False)[:count]:
        submit_answer(invitation=invitation, ratings={**RATINGS, **ratings},
                      most_useful=f"Naudinga {invitation.pk}", to_improve="")


# --- invitations ---------------------------------------------------------------------------

def test_only_attendees_are_invited_once_and_each_gets_a_personal_absolute_link(
        staff, territory, django_capture_on_commit_callbacks):
    event = held_event(staff, territory, attended=3, absent=1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        created = invite_feedback(event)
    assert len(created) == 3
    invited = {i.registration.person.first_name for i in invitations_of(event)}
    assert invited == {"Semi0", "Semi1", "Semi2"}       # not the absent, waiting, cancelled
    assert len(mail.outbox) == 3
    for invitation in invitations_of(event):
        message = next(m for m in mail.outbox if m.to == [invitation.registration.email])
        assert settings.PORTAL_BASE_URL + answer_url(invitation) in message.body
        assert invitation.sent_at is not None
    assert len({i.token for i in invitations_of(event)}) == 3
    # again: the button, the "held" hook and the daily task invite nobody twice
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert invite_feedback(event) == []
        assert invite_feedback_daily() == 0
    assert invitations_of(event).count() == 3 and mail.outbox == []


def test_the_daily_task_invites_late_attendance_within_the_window_only(
        staff, territory, settings, django_capture_on_commit_callbacks):
    settings.FEEDBACK_DAYS = 14
    recent = held_event(staff, territory, title="Neseniai")
    old = held_event(staff, territory, days_ago=20, title="Senas")
    coming = make_event(title="Būsimas")
    with django_capture_on_commit_callbacks(execute=True):
        assert invite_feedback_daily() == 3
    assert invitations_of(recent).count() == 3
    assert not invitations_of(old).exists() and not invitations_of(coming).exists()
    # attendance entered later: the next run invites that person only
    late = recent.registrations.registered().exclude(
        pk__in=invitations_of(recent).values("registration")).get()
    Attendance.objects.filter(registration=late).update(present=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert invite_feedback_daily() == 1
        assert invite_feedback_daily() == 0
    assert [m.to for m in mail.outbox] == [[late.email]]


def test_no_invitations_before_the_event_is_held(staff, territory):
    event = make_event(day=timezone.localdate() - timedelta(days=1),
                       registration_opens=None, registration_closes=None)
    registration = register(event=event, person=make_person(territory.central_a), by=staff)
    Attendance.objects.create(registration=registration, session=event.sessions.get())
    assert not feedback_open(event)
    assert invite_feedback(event) == []


def test_staff_press_the_button_others_may_not(staff, staff_client, client_a, territory,
                                               django_capture_on_commit_callbacks):
    event = held_event(staff, territory)
    url = reverse("mokymai:feedback_invite", args=[event.pk])
    page = staff_client.get(event.get_absolute_url()).content.decode()
    assert f'action="{url}"' in page and summary_url(event) in page
    assert client_a.post(url).status_code == 403
    assert not invitations_of(event).exists()
    assert staff_client.get(url).status_code == 405
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url)
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    assert invitations_of(event).count() == 3 and len(mail.outbox) == 3
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url)
    assert invitations_of(event).count() == 3 and len(mail.outbox) == 3
    # the librarian's event page has no such button
    assert url not in client_a.get(event.get_absolute_url()).content.decode()


# --- the questionnaire -----------------------------------------------------------------------

def test_the_questionnaire_is_answered_once(staff, territory, client):
    event = held_event(staff, territory)
    invitation = invite_feedback(event)[0]
    url = answer_url(invitation)
    page = client.get(url)
    assert page.status_code == 200 and page["Referrer-Policy"] == "same-origin"
    assert page.context["state"] == "open"
    response = client.post(url, GOOD)
    assert response.status_code == 302 and response["Location"] == url + "?sent=1"
    assert client.get(response["Location"]).context["state"] == "thanks"
    stored = FeedbackAnswer.objects.get()
    assert (stored.event, stored.content, stored.lecturers, stored.organisation,
            stored.usefulness) == (event, 5, 4, 3, 5)
    assert stored.most_useful == "Praktinės užduotys"
    invitation.refresh_from_db()
    assert invitation.answered is True
    # the one lecturer's rating is the "lecturers" rating
    assert list(FeedbackLecturerRating.objects.values_list("rating", flat=True)) == [4]
    # a second submission: "already answered", nothing stored
    again = client.post(url, {**GOOD, "content": "1"})
    assert again.status_code == 200 and again.context["state"] == "answered"
    assert FeedbackAnswer.objects.count() == 1 and FeedbackAnswer.objects.get().content == 5
    assert client.get(url).context["state"] == "answered"
    with pytest.raises(Refused):
        submit_answer(invitation=invitation, ratings=RATINGS)
    assert FeedbackAnswer.objects.count() == 1


def test_an_incomplete_answer_is_shown_again_and_nothing_is_stored(staff, territory, client):
    event = held_event(staff, territory)
    invitation = invite_feedback(event)[0]
    response = client.post(answer_url(invitation), {**GOOD, "organisation": "", "content": "9"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"organisation", "content"}
    assert 'id="feedback-errors"' in response.content.decode()
    assert not FeedbackAnswer.objects.exists()
    invitation.refresh_from_db()
    assert invitation.answered is False


def test_after_the_window_the_questionnaire_is_closed(staff, territory, client, settings):
    settings.FEEDBACK_DAYS = 14
    event = held_event(staff, territory, days_ago=10)
    invitation = invite_feedback(event)[0]
    assert feedback_closes_on(event) == event.ends_on + timedelta(days=14)
    settings.FEEDBACK_DAYS = 5           # the window is now over
    page = client.get(answer_url(invitation))
    assert page.status_code == 200 and page.context["state"] == "closed"
    assert "<form" not in page.content.decode().split('id="main"')[1]
    response = client.post(answer_url(invitation), GOOD)
    assert response.context["state"] == "closed"
    assert not FeedbackAnswer.objects.exists()
    with pytest.raises(Refused):
        submit_answer(invitation=invitation, ratings=RATINGS)
    assert invite_feedback(event) == []


def test_an_unknown_token_is_404(client):
    assert client.get(reverse("mokymai:feedback_answer", args=["nera-tokio"])).status_code \
        == 404
    assert client.post(reverse("mokymai:feedback_answer", args=["nera-tokio"]),
                       GOOD).status_code == 404


def test_the_page_works_without_javascript(staff, territory, client):
    """A plain HTML form: real radio buttons in fieldsets with legends, labelled, a submit
    button; no inline script; the 1–5 scale is named in words."""
    event = held_event(staff, territory)
    invitation = invite_feedback(event)[0]
    html = client.get(answer_url(invitation)).content.decode()
    start = html.index('<form method="post" id="feedback-form">')
    form = html[start:html.index("</form>", start)]
    assert form.count("<fieldset") == 4 and form.count("<legend") == 4
    for name in ("content", "lecturers", "organisation", "usefulness"):
        values = re.findall(rf'type="radio"[^>]*name="{name}"[^>]*value="(\d)"', form)
        assert values == ["1", "2", "3", "4", "5"], name
        for value in values:
            assert f'for="id_{name}_{int(value) - 1}"' in form
    assert 'type="submit"' in form and "csrfmiddlewaretoken" in form
    assert 'name="lecturer_' not in form and "feedback-lecturers" not in form  # one lecturer
    assert "<script>" not in html and "<script nonce" not in html
    assert 'name="viewport"' in html


def test_several_lecturers_are_rated_one_by_one_optionally(staff, territory, client):
    event = held_event(staff, territory)
    first = event.sessions.get().lecturers.get()
    second = make_lecturer(event, first="Antra")
    invitation = invite_feedback(event)[0]
    page = client.get(answer_url(invitation))
    html = page.content.decode()
    assert f'name="lecturer_{first.pk}"' in html and f'name="lecturer_{second.pk}"' in html
    assert 'id="feedback-lecturers"' in html
    # each is optional: "no answer" is chosen until a score is
    assert re.search(rf'name="lecturer_{second.pk}"[^>]*value=""[^>]*checked', html)
    client.post(answer_url(invitation), {**GOOD, f"lecturer_{second.pk}": "2",
                                         f"lecturer_{first.pk}": ""})
    assert list(FeedbackLecturerRating.objects.values_list("lecturer", "rating")) == [
        (second.pk, 2)]


# --- anonymity -------------------------------------------------------------------------------

def test_an_answer_has_no_link_to_the_person(staff, territory, client):
    event = held_event(staff, territory)
    invitation = invite_feedback(event)[0]
    registration, person = invitation.registration, invitation.registration.person
    client.post(answer_url(invitation), GOOD)
    # the models: an answer points to the event only; its ratings to the answer and lecturer
    related = {f.related_model for f in FeedbackAnswer._meta.get_fields()
               if f.is_relation and f.concrete}
    assert {m._meta.label for m in related} == {"mokymai.TrainingEvent"}
    related = {f.related_model._meta.label for f in FeedbackLecturerRating._meta.get_fields()
               if f.is_relation and f.concrete}
    assert related == {"mokymai.FeedbackAnswer", "mokymai.Lecturer"}
    assert not hasattr(FeedbackAnswer, "history")
    assert {f.name for f in FeedbackInvitation._meta.concrete_fields} == {
        "id", "registration", "token", "created_at", "sent_at", "answered"}
    # the stored row: nothing of the person, the registration or the invitation, and the
    # day rather than the moment
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {FeedbackAnswer._meta.db_table}")  # noqa: S608 - the model's table
        columns = [c[0] for c in cursor.description]
        [row] = cursor.fetchall()
    stored = dict(zip(columns, row, strict=True))
    assert set(columns) == {"id", "event_id", "content", "lecturers", "organisation",
                            "usefulness", "most_useful", "to_improve", "submitted_on"}
    text = " ".join(str(value) for value in row)
    for secret in (invitation.token, registration.token, person.first_name, person.last_name,
                   person.email):
        assert secret not in text
    assert stored["event_id"] == event.pk
    assert str(stored["submitted_on"]) == timezone.localdate().isoformat()
    assert ":" not in str(stored["submitted_on"])
    # the invitation says only that it was answered
    invitation.refresh_from_db()
    assert invitation.answered is True


# --- summaries --------------------------------------------------------------------------------

def test_the_summary_is_hidden_below_five_answers_and_shown_at_five(staff, staff_client,
                                                                    territory):
    event = held_event(staff, territory, attended=6, absent=0)
    answer(event, 4)
    response = staff_client.get(summary_url(event))
    html = response.content.decode()
    assert response.status_code == 200 and not response.context["summary"].shown
    assert 'id="feedback-hidden"' in html and "<canvas" not in html
    assert "Naudinga" not in html and "feedback-chart-data" not in html
    assert 'data-answers="4" data-invited="6"' in html
    answer(event, 1, content=1)
    response = staff_client.get(summary_url(event))
    html = response.content.decode()
    summary = response.context["summary"]
    assert summary.shown and summary.answers == 5
    content = summary.questions[0]
    assert content.key == "content" and content.distribution == [1, 0, 0, 0, 4]
    assert str(content.mean) == "4.20"
    assert html.count("<canvas") == 4 and 'id="feedback-chart-data"' in html
    assert 'id="feedback-table"' in html           # the table with the same numbers
    assert "js/feedback-charts.js" in html and "chart.umd.min.js" in html
    assert html.count("Naudinga ") == 5
    listed = html.split('id="feedback-useful"')[1].split("</ul>")[0]
    assert listed.count("<li") == 5 and str(timezone.localdate().year) not in listed


def test_who_opens_an_event_summary(staff, territory, manager_client, client_a, client_b):
    event = held_event(staff, territory)
    assert manager_client.get(summary_url(event)).status_code == 200
    assert client_b.get(summary_url(event)).status_code == 403
    assert client_a.get(summary_url(event)).status_code == 403
    draft = make_event(title="Juodraštis", status=EventStatus.DRAFT)
    assert client_b.get(summary_url(draft)).status_code == 404


def test_a_lecturer_sees_their_own_summary_not_another_lecturers(staff, territory,
                                                                 manager_client):
    user = UserFactory(role="librarian", email="lektore@test.lt")
    event = held_event(staff, territory, attended=6, absent=0, lecturer=False)
    mine = make_lecturer(event, user=user, first="Mano")
    other_event = held_event(staff, territory, title="Kitas", attended=5, absent=0)
    other = other_event.sessions.get().lecturers.get()
    answer(event, 5)
    answer(other_event, 5)
    client = Client()
    client.force_login(user, backend="paskyros.backends.EmailBackend")
    own = client.get(reverse("mokymai:feedback_lecturer_summary", args=[mine.pk]))
    assert own.status_code == 200
    summary = own.context["summary"]
    assert summary.shown and summary.answers == 5
    assert summary.questions[0].key == "own" and summary.questions[0].count == 5
    assert client.get(reverse("mokymai:feedback_lecturer_summary",
                              args=[other.pk])).status_code == 404
    # not the event's summary either: that is for the whole-territory roles
    assert client.get(summary_url(event)).status_code == 403
    # the event page and the lecturer's page link to their own summary
    link = reverse("mokymai:feedback_lecturer_summary", args=[mine.pk])
    assert link in client.get(event.get_absolute_url()).content.decode()
    assert link in client.get(mine.get_absolute_url()).content.decode()
    assert manager_client.get(reverse("mokymai:feedback_lecturer_summary",
                                      args=[other.pk])).status_code == 200


def test_a_lecturers_summary_leaves_out_events_with_few_answers(staff, territory,
                                                                staff_client):
    event = held_event(staff, territory, attended=5, absent=0)
    lecturer = event.sessions.get().lecturers.get()
    few = held_event(staff, territory, title="Mažai", attended=3, absent=0, lecturer=False)
    for session in few.sessions.all():
        session.lecturers.add(lecturer)
    answer(event, 5)
    answer(few, 3)
    response = staff_client.get(reverse("mokymai:feedback_lecturer_summary",
                                        args=[lecturer.pk]))
    summary = response.context["summary"]
    assert summary.answers == 5 and summary.events_left_out == 1


def test_the_participant_finds_the_questionnaire_on_the_event_page(staff, territory):
    user = UserFactory(role="librarian", email="dalyve@test.lt")
    event = held_event(staff, territory, attended=1, absent=0)
    person = make_person(territory.central_a, user=user, first="Dalyvė")
    registration = Registration.objects.create(event=event, person=person)
    Attendance.objects.create(registration=registration, session=event.sessions.get())
    invitation = next(i for i in invite_feedback(event) if i.registration_id == registration.pk)
    client = Client()
    client.force_login(user, backend="paskyros.backends.EmailBackend")
    assert answer_url(invitation) in client.get(event.get_absolute_url()).content.decode()


# --- the metric and personal data ------------------------------------------------------------

def test_the_metric_is_the_mean_of_every_rating_from_five_answers(staff, territory):
    event = held_event(staff, territory, attended=5, absent=0)
    feedback_mean = metric("mokymai.feedback_mean")
    year = Period.year(event.starts_on.year)
    answer(event, 4)
    assert feedback_mean.value(year) is None
    answer(event, 1, content=1, lecturers=1, organisation=1, usefulness=1)
    # 4 answers × (5+4+3+5) + 1 × 4 = 72 over 20 ratings
    assert str(feedback_mean.value(year)) == "3.60"
    assert feedback_mean.value(year, Scope.of_library(territory.system_a)) is None
    assert feedback_mean.value(Period.year(event.starts_on.year - 1)) is None
    assert feedback_mean.function == "3.1"


def test_personal_data_export_and_erase(staff, territory, client):
    event = held_event(staff, territory)
    first, second, _third = invite_feedback(event)
    client.post(answer_url(first), GOOD)
    provider = personal_data_providers.get("mokymai.feedback")
    rows = provider.export(first.registration.person)
    assert rows == [{"record": "training feedback invitation", "event": event.title,
                     "e-mailed_at": "", "answered": True}]
    assert provider.erase(second.registration.person) == 1
    # the old link no longer works; the invitation (not answered) still counts as invited
    assert client.get(answer_url(second)).status_code == 404
    assert invitations_of(event).count() == 3
    assert FeedbackAnswer.objects.count() == 1


def test_the_window_is_counted_from_the_last_day(staff, territory, settings):
    settings.FEEDBACK_DAYS = 14
    event = held_event(staff, territory, days_ago=14)
    assert feedback_closes_on(event) == timezone.localdate()
    assert feedback_open(event)
    assert not feedback_open(event, timezone.localdate() + timedelta(days=1))
    assert feedback_closes_on(make_event(sessions=0)) is None
    assert isinstance(feedback_closes_on(event), date)


def test_with_several_lecturers_each_gets_a_chart_once_rated_five_times(staff, territory,
                                                                       staff_client):
    event = held_event(staff, territory, attended=6, absent=0)
    first = event.sessions.get().lecturers.get()
    second = make_lecturer(event, first="Antra")
    invite_feedback(event)
    for number, invitation in enumerate(invitations_of(event)):
        rated = {first.pk: 5} if number == 5 else {first.pk: 4, second.pk: 3}
        submit_answer(invitation=invitation, ratings=RATINGS, lecturer_ratings=rated)
    summary = staff_client.get(summary_url(event)).context["summary"]
    extra = {q.key: q for q in summary.questions[4:]}
    assert set(extra) == {f"lecturer-{first.pk}", f"lecturer-{second.pk}"}
    assert extra[f"lecturer-{first.pk}"].count == 6 and extra[f"lecturer-{second.pk}"].count == 5
    assert str(second) in extra[f"lecturer-{second.pk}"].label
