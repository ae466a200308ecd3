"""Training events: list, calendar, creating and editing (sessions, costs, clock changes, two
editors), the status, the copy and the detail page."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from bibliotekos.models import LibraryKind, Position
from mokymai.models import (
    Cost,
    EventStatus,
    Registration,
    RegistrationStatus,
    Session,
    TrainingEvent,
)
from mokymai.services import register
from mokymai.tests.factories import make_event, make_lecturer, make_person
from portalas.clock import aware
from portalas.testing import count_queries, query_budget

LIST = reverse("mokymai:event_list")
CREATE = reverse("mokymai:event_create")


def session_rows(rows, *, existing=(), prefix="sessions"):
    """The formset's POST data: ``rows`` are dicts of day/start/end/topic…; ``existing``
    the ids of the stored sessions the first rows stand for."""
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)),
            f"{prefix}-INITIAL_FORMS": str(len(existing)),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
    for index, row in enumerate(rows):
        if index < len(existing):
            data[f"{prefix}-{index}-id"] = str(existing[index])
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


def cost_rows(rows, existing=()):
    return session_rows(rows, existing=existing, prefix="costs")


def event_data(**overrides):
    data = {"kind": "seminar", "title": "Skaitmeninis raštingumas", "format": "onsite",
            "venue": "Klaipėda, Herkaus Manto g. 25", "capacity": "20",
            "completion_percent": "80", "organiser": "Regiono viešoji biblioteka"}
    data.update(overrides)
    return data


def post_event(client, url, *, sessions, costs=(), existing_sessions=(), existing_costs=(),
               **fields):
    data = event_data(**fields)
    data.update(session_rows(list(sessions), existing=existing_sessions))
    data.update(cost_rows(list(costs), existing=existing_costs))
    return client.post(url, data)


def edit_data(event, **overrides):
    """The edit form of ``event`` as it is shown (sessions and costs as stored), changed by
    ``overrides``."""
    sessions = []
    for session in event.sessions.order_by("starts_at"):
        start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
        sessions.append({"day": start.date().isoformat(), "start": start.strftime("%H:%M"),
                         "end": end.strftime("%H:%M"), "topic": session.topic,
                         "venue": session.venue})
    data = event_data(title=event.title, kind=event.kind, format=event.format,
                      venue=event.venue, capacity="" if event.capacity is None
                      else str(event.capacity), version=str(event.version))
    data.update(session_rows(sessions, existing=[s.pk for s in
                                                 event.sessions.order_by("starts_at")]))
    data.update(cost_rows([]))
    data.update(overrides)
    return data


# --- creating ----------------------------------------------------------------------------------

def test_staff_create_an_event_with_two_sessions_as_a_draft(staff_client, staff):
    lecturer = make_lecturer()
    response = post_event(staff_client, CREATE, sessions=[
        {"day": "2026-11-17", "start": "10:00", "end": "13:00", "topic": "Įvadas",
         "lecturers": [str(lecturer.pk)]},
        {"day": "2026-11-18", "start": "9.30", "end": "1200", "topic": "Praktika"},
        {},  # an empty extra row is ignored
    ], costs=[{"kind": "lecturer", "amount": "12,5", "note": "Honoraras"}],
        title="  <b>Skaitmeninis</b> raštingumas  ", opens_day="2026-11-01",
        closes_day="2026-11-15", closes_time="18:00")
    assert response.status_code == 302, response.context and response.context["form"].errors
    event = TrainingEvent.objects.get()
    assert response.url == event.get_absolute_url()
    assert event.status == EventStatus.DRAFT and event.created_by == staff
    assert event.title == "<b>Skaitmeninis</b> raštingumas"  # stripped, kept as typed
    assert event.version == 1
    assert (event.starts_on, event.ends_on) == (date(2026, 11, 17), date(2026, 11, 18))
    sessions = list(event.sessions.order_by("starts_at"))
    assert len(sessions) == 2
    assert sessions[0].starts_at == datetime(2026, 11, 17, 8, 0, tzinfo=UTC)  # UTC+2
    assert timezone.localtime(sessions[1].starts_at).time() == time(9, 30)
    assert timezone.localtime(sessions[1].ends_at).time() == time(12, 0)
    assert list(sessions[0].lecturers.all()) == [lecturer]
    assert [(c.kind, c.amount) for c in event.costs.all()] == [("lecturer", Decimal("12.50"))]
    assert event.registration_opens == aware(date(2026, 11, 1), time(0, 0))
    assert event.registration_closes == aware(date(2026, 11, 15), time(18, 0))
    assert event.organiser == "Regiono viešoji biblioteka"


def test_the_create_page_offers_the_default_organiser(staff_client, settings):
    settings.TRAINING_ORGANISER = "Metodinės veiklos skyrius"
    response = staff_client.get(CREATE)
    assert response.status_code == 200
    assert response.context["form"]["organiser"].value() == "Metodinės veiklos skyrius"
    assert len(response.context["sessions"].forms) == 2  # two empty rows to fill


def test_more_rows_keep_what_was_typed_and_save_nothing(staff_client):
    data = event_data(title="Dar neišsaugotas")
    data.update(session_rows([{"day": "2026-11-17", "start": "10:00", "end": "12:00"}, {}]))
    data.update(cost_rows([{}, {}]))
    data["more"] = "sessions"
    response = staff_client.post(CREATE, data)
    assert response.status_code == 200 and not TrainingEvent.objects.exists()
    sessions = response.context["sessions"]
    assert len(sessions.forms) == 5
    assert sessions.forms[0]["day"].value() == "2026-11-17"
    assert response.context["form"]["title"].value() == "Dar neišsaugotas"
    assert not response.context["form"].errors


def test_audience_and_validation_errors(staff_client):
    post, _ = Position.objects.get_or_create(name="Testinės pareigos A")
    response = post_event(staff_client, CREATE, sessions=[
        {"day": "2026-11-17", "start": "10:00", "end": "09:00"}],
        costs=[{"kind": "venue", "amount": "-1"}], capacity="-3",
        opens_day="2026-11-10", closes_day="2026-11-01", audience_kinds=["school"],
        audience_posts=[str(post.pk)], online_url="javascript:alert(1)", format="hybrid")
    assert response.status_code == 200 and not TrainingEvent.objects.exists()
    form = response.context["form"]
    assert {"capacity", "closes_day", "online_url"} <= set(form.errors)
    assert "end" in response.context["sessions"].forms[0].errors
    assert "amount" in response.context["costs"].forms[0].errors
    response = post_event(staff_client, CREATE, sessions=[], audience_kinds=["school"],
                          audience_posts=[str(post.pk)], hours="7,5")
    assert response.status_code == 302
    event = TrainingEvent.objects.get()
    assert event.audience_kinds == [LibraryKind.SCHOOL]
    assert list(event.audience_posts.all()) == [post]
    assert event.hours == Decimal("7.50")


def test_a_title_with_a_nul_character_is_refused(staff_client):
    response = post_event(staff_client, CREATE, sessions=[], title="Blogas\x00pavadinimas")
    assert response.status_code == 200 and "title" in response.context["form"].errors


# --- the clock changes ----------------------------------------------------------------------

@pytest.mark.parametrize("day", ["2027-03-28", "2026-10-25"])
def test_a_session_at_0330_on_a_clock_change_night_is_a_field_error(staff_client, day):
    response = post_event(staff_client, CREATE, sessions=[
        {"day": day, "start": "03:30", "end": "05:00"}])
    assert response.status_code == 200 and not TrainingEvent.objects.exists()
    errors = response.context["sessions"].forms[0].errors
    assert "start" in errors
    assert day in errors["start"][0]


def test_registration_opening_in_the_skipped_hour_is_a_field_error(staff_client):
    response = post_event(staff_client, CREATE, sessions=[], opens_day="2027-03-28",
                          opens_time="03:15")
    assert response.status_code == 200
    assert "opens_time" in response.context["form"].errors


def test_ten_oclock_on_the_autumn_change_day_is_eight_utc(staff_client):
    response = post_event(staff_client, CREATE, sessions=[
        {"day": "2026-10-25", "start": "10:00", "end": "11:30"}])
    assert response.status_code == 302
    session = Session.objects.get()
    assert session.starts_at == datetime(2026, 10, 25, 8, 0, tzinfo=UTC)
    assert session.ends_at == datetime(2026, 10, 25, 9, 30, tzinfo=UTC)


# --- who may ----------------------------------------------------------------------------------

def test_a_draft_is_seen_by_department_staff_and_administrators_only(
        client_a, staff_client, manager_client, administrator):
    """One rule (``TrainingEvent.objects.visible_to``): management does not see drafts on
    the list, the page, the ``.ics`` or the calendar either."""
    draft = make_event(status=EventStatus.DRAFT, title="Juodraštis be pavadinimo")
    # an administrator's pages ask for the second factor first: the rule itself answers
    assert list(TrainingEvent.objects.visible_to(administrator)) == [draft]
    ics = reverse("mokymai:event_ics", args=[draft.pk])
    month = f"?month={draft.starts_on:%Y-%m}"
    for client, sees in ((staff_client, True), (manager_client, False), (client_a, False)):
        assert client.get(draft.get_absolute_url()).status_code == (200 if sees else 404)
        assert client.get(ics).status_code == (200 if sees else 404)
        assert (draft.title in client.get(LIST).content.decode()) is sees
        calendar = client.get(reverse("mokymai:event_calendar") + month).content.decode()
        assert (draft.title in calendar) is sees


def test_librarians_may_not_create_edit_or_change_status(client_a, manager_client):
    event = make_event()
    assert client_a.get(CREATE).status_code == 403
    assert client_a.post(CREATE, event_data()).status_code == 403
    assert client_a.get(reverse("mokymai:event_update", args=[event.pk])).status_code == 403
    status_url = reverse("mokymai:event_status", args=[event.pk])
    assert client_a.post(status_url, {"to": "cancelled", "message": "x"}).status_code == 403
    assert manager_client.post(status_url, {"to": "cancelled", "message": "x"}).status_code \
        == 403
    assert client_a.post(reverse("mokymai:event_copy", args=[event.pk])).status_code == 403
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    draft = make_event(status=EventStatus.DRAFT)
    assert client_a.post(reverse("mokymai:event_status", args=[draft.pk]),
                         {"to": "published"}).status_code == 404


def test_event_status_is_post_only(staff_client):
    event = make_event()
    assert staff_client.get(reverse("mokymai:event_status", args=[event.pk])).status_code \
        == 405


# --- the status ---------------------------------------------------------------------------------

def test_staff_publish_a_draft(staff_client, staff):
    draft = make_event(status=EventStatus.DRAFT)
    response = staff_client.post(reverse("mokymai:event_status", args=[draft.pk]),
                                 {"to": "published"})
    assert response.status_code == 302 and response.url == draft.get_absolute_url()
    draft.refresh_from_db()
    assert draft.status == EventStatus.PUBLISHED and draft.published_at is not None
    assert draft.version == 2


def test_a_refused_transition_is_a_message_not_an_error(staff_client):
    draft = TrainingEvent.objects.create(title="Be užsiėmimų")
    url = reverse("mokymai:event_status", args=[draft.pk])
    response = staff_client.post(url, {"to": "published"}, follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    draft.refresh_from_db()
    assert draft.status == EventStatus.DRAFT
    staff_client.post(url, {"to": "nonsense"})
    staff_client.post(url, {"to": "completed"})
    draft.refresh_from_db()
    assert draft.status == EventStatus.DRAFT


def test_cancelling_needs_the_message_and_mails_it(staff_client, staff, territory,
                                                   django_capture_on_commit_callbacks):
    event = make_event()
    register(event=event, person=make_person(territory.central_a), by=staff)
    url = reverse("mokymai:event_status", args=[event.pk])
    staff_client.post(url, {"to": "cancelled", "message": "  "})
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, {"to": "cancelled", "message": "Lektorė susirgo."})
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED and event.cancel_message == "Lektorė susirgo."
    assert len(mail.outbox) == 1 and "Lektorė susirgo." in mail.outbox[0].body


# --- editing: two editors, capacity, changes ---------------------------------------------------

def test_two_editors_the_second_gets_the_conflict_and_nothing_of_theirs_is_saved(
        staff_client, staff):
    event = make_event(title="Pradinis pavadinimas", sessions=2)
    url = reverse("mokymai:event_update", args=[event.pk])
    first_page = staff_client.get(url)
    second_page = staff_client.get(url)
    assert first_page.status_code == second_page.status_code == 200
    first = edit_data(event, title="Pirmojo redaktoriaus")
    second = edit_data(event, title="Antrojo redaktoriaus", venue="Kita vieta",
                       **{"sessions-0-start": "11:00"})
    assert staff_client.post(url, first).status_code == 302
    event.refresh_from_db()
    assert event.title == "Pirmojo redaktoriaus" and event.version == 2
    starts_before = list(event.sessions.order_by("pk").values_list("starts_at", flat=True))

    response = staff_client.post(url, second)
    assert response.status_code == 200
    assert response.context["conflict"].title == "Pirmojo redaktoriaus"
    assert response.context["form"]["title"].value() == "Antrojo redaktoriaus"  # kept
    assert response.context["version"] == 2  # saving again replaces, knowingly
    event.refresh_from_db()
    assert event.title == "Pirmojo redaktoriaus" and event.venue != "Kita vieta"
    assert event.version == 2
    assert list(event.sessions.order_by("pk").values_list("starts_at", flat=True)) \
        == starts_before

    second["version"] = "2"
    assert staff_client.post(url, second).status_code == 302
    event.refresh_from_db()
    assert event.title == "Antrojo redaktoriaus" and event.version == 3


def test_a_status_change_meanwhile_is_a_conflict_too(staff_client, staff):
    from mokymai.services import change_status

    event = make_event(status=EventStatus.DRAFT)
    url = reverse("mokymai:event_update", args=[event.pk])
    data = edit_data(event, title="Pakeista")
    change_status(event=event, to=EventStatus.PUBLISHED, by=staff)
    response = staff_client.post(url, data)
    assert response.status_code == 200 and response.context["conflict"]
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED and event.title != "Pakeista"


def test_raising_the_capacity_promotes_the_waiting(staff_client, staff, territory,
                                                   django_capture_on_commit_callbacks):
    event = make_event(capacity=1)
    people = [make_person(territory.central_a, first=f"Asmuo{i}") for i in range(3)]
    for person in people:
        register(event=event, person=person, by=staff)
    assert Registration.objects.filter(status=RegistrationStatus.WAITING).count() == 2
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("mokymai:event_update", args=[event.pk]),
                                     edit_data(event, capacity="2"))
    assert response.status_code == 302
    statuses = sorted(Registration.objects.values_list("person__first_name", "status"))
    assert statuses == [("Asmuo0", "registered"), ("Asmuo1", "registered"),
                        ("Asmuo2", "waiting")]
    assert len(mail.outbox) == 1  # the promoted person; nothing else changed


def test_fewer_places_than_registered_is_refused(staff_client, staff, territory):
    event = make_event(capacity=3)
    for i in range(2):
        register(event=event, person=make_person(territory.central_a, first=f"A{i}"), by=staff)
    response = staff_client.post(reverse("mokymai:event_update", args=[event.pk]),
                                 edit_data(event, capacity="1"))
    assert response.status_code == 200 and "capacity" in response.context["form"].errors


def test_a_changed_session_time_mails_everyone_registered(staff_client, staff, territory,
                                                          django_capture_on_commit_callbacks):
    event = make_event(sessions=2)
    for i in range(2):
        register(event=event, person=make_person(territory.central_a, first=f"B{i}",
                                                 email=f"b{i}@test.lt"), by=staff)
    mail.outbox.clear()
    url = reverse("mokymai:event_update", args=[event.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, edit_data(event, **{"sessions-1-start": "11:00"}))
    assert response.status_code == 302
    changed = [m for m in mail.outbox if m.subject and event.title in m.subject]
    assert sorted(m.to[0] for m in changed) == ["b0@test.lt", "b1@test.lt"]
    mail.outbox.clear()
    event.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, edit_data(event, title="Tik pavadinimas"))
    assert mail.outbox == []  # a new title is not a change of time or place


def test_a_changed_draft_mails_nobody(staff_client, django_capture_on_commit_callbacks):
    event = make_event(status=EventStatus.DRAFT)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        staff_client.post(reverse("mokymai:event_update", args=[event.pk]),
                          edit_data(event, venue="Nauja vieta"))
    assert callbacks == [] and mail.outbox == []


def test_sessions_can_be_removed_and_the_dates_follow(staff_client):
    day = timezone.localdate() + timedelta(days=20)
    event = make_event(sessions=3, day=day)
    data = edit_data(event)
    data["sessions-2-DELETE"] = "on"
    assert staff_client.post(reverse("mokymai:event_update", args=[event.pk]),
                             data).status_code == 302
    event.refresh_from_db()
    assert event.sessions.count() == 2
    assert (event.starts_on, event.ends_on) == (day, day + timedelta(days=1))


# --- copy ----------------------------------------------------------------------------------------

def test_copy_makes_a_draft_with_the_sessions_and_no_costs(staff_client, staff):
    event = make_event(sessions=2, venue="Skuodas")
    lecturer = make_lecturer(event)
    Cost.objects.create(event=event, kind="venue", amount=Decimal("100"))
    response = staff_client.post(reverse("mokymai:event_copy", args=[event.pk]))
    copy = TrainingEvent.objects.exclude(pk=event.pk).get()
    assert response.status_code == 302
    assert response.url == reverse("mokymai:event_update", args=[copy.pk])
    assert copy.status == EventStatus.DRAFT and copy.created_by == staff
    assert copy.title.startswith(event.title) and copy.title != event.title
    assert copy.venue == "Skuodas" and copy.starts_on == event.starts_on
    assert copy.sessions.count() == 2 and not copy.costs.exists()
    assert list(copy.sessions.first().lecturers.all()) == [lecturer]
    assert event.sessions.count() == 2  # the original keeps its own


# --- the detail page -----------------------------------------------------------------------------

def test_html_in_the_title_and_description_is_escaped(staff_client, client_a):
    event = make_event(title="<script>alert(1)</script>Seminaras",
                       description="Pirma eilutė\n<img src=x onerror=alert(1)>")
    for client in (staff_client, client_a):
        html = client.get(event.get_absolute_url()).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;Seminaras" in html
        assert "<img src=x" not in html


def test_the_online_link_only_for_staff_and_the_registered(staff_client, client_a, client_b,
                                                            librarian_a, territory, staff):
    event = make_event(format="online", online_url="https://meet.example.lt/abc")
    register(event=event, person=make_person(territory.system_a, user=librarian_a), by=staff)
    assert "meet.example.lt/abc" in staff_client.get(event.get_absolute_url()).content.decode()
    assert "meet.example.lt/abc" in client_a.get(event.get_absolute_url()).content.decode()
    assert "meet.example.lt/abc" not in client_b.get(event.get_absolute_url()).content.decode()


def test_cost_per_participant_hour_for_staff_and_management_only(
        staff_client, manager_client, client_a, staff, territory):
    event = make_event(sessions=2)  # 2 × 4 academic hours
    Cost.objects.create(event=event, kind="lecturer", amount=Decimal("160"))
    for i in range(2):
        register(event=event, person=make_person(territory.central_a, first=f"C{i}"), by=staff)
    for client in (staff_client, manager_client):
        context = client.get(event.get_absolute_url()).context
        assert context["costs_total"] == Decimal("160")
        assert context["cost_per_hour"] == Decimal("10.00")  # 160 ÷ (2 × 8)
    assert "cost_per_hour" not in client_a.get(event.get_absolute_url()).context


def held_with_set_hours(staff, territory, *, hours="6", sessions=1, start=time(9, 0),
                        end=time(16, 0)):
    """An event that took place three days ago whose hours are set apart from its sessions
    (09:00–16:00 with breaks, counted as 6 academic hours), two people registered."""
    event = make_event(day=timezone.localdate() - timedelta(days=3), sessions=sessions,
                       start=start, end=end, hours=Decimal(hours), registration_opens=None,
                       registration_closes=None)
    Cost.objects.create(event=event, kind="lecturer", amount=Decimal("120"))
    people = [register(event=event, person=make_person(territory.central_a, first=f"H{i}"),
                       by=staff) for i in range(2)]
    return event, people


def test_the_cost_per_participant_hour_does_not_jump_at_completion_with_full_attendance(
        staff_client, staff, territory):
    from mokymai.selectors_overview import year_overview
    from mokymai.services import change_status, mark_attendance

    event, people = held_with_set_hours(staff, territory)
    session = event.sessions.get()
    assert session.hours == Decimal("9.33") and event.total_hours == Decimal("6")
    before = staff_client.get(event.get_absolute_url()).context
    assert before["cost_per_hour"] == Decimal("10.00")          # 120 ÷ (2 × 6)
    for registration in people:
        mark_attendance(registration=registration, session=session, by=staff)
    change_status(event=event, to=EventStatus.HELD, by=staff)
    change_status(event=event, to=EventStatus.COMPLETED, by=staff)
    after = staff_client.get(event.get_absolute_url()).context
    assert after["participant_hours"] == before["participant_hours"] == Decimal("12.00")
    assert after["cost_per_hour"] == Decimal("10.00")
    assert {r.attended_hours for r in Registration.objects.filter(event=event)} == {
        Decimal("6.00")}
    # the overview's line for the event: the same hours and the same cost
    [line] = [line for line in year_overview(event.starts_on.year).events
              if line.event.pk == event.pk]
    assert (line.hours, line.participants, line.participant_hours) == (
        Decimal("6.00"), 2, Decimal("12.00"))
    assert line.cost_per_participant_hour == Decimal("10")


def test_part_attendance_counts_in_the_events_hours_and_the_rule_reads_them(staff, territory):
    from mokymai.services import attended_hours, completes, mark_attendance

    # two sessions of 4 academic hours each, the event counted as 6 hours: one session
    # attended is 3 of the event's hours, short of 80 % (4.8)
    event, (first, second) = held_with_set_hours(staff, territory, sessions=2,
                                                 start=time(10, 0), end=time(13, 0))
    one, two = event.sessions.all()
    mark_attendance(registration=first, session=one, by=staff)
    mark_attendance(registration=second, session=one, by=staff)
    mark_attendance(registration=second, session=two, by=staff, minutes=150)   # 3.33 of 4
    assert attended_hours(first) == Decimal("3.00")
    assert not completes(event, attended_hours(first))
    assert attended_hours(second) == Decimal("5.50")            # (4 + 3.33) × 6 ÷ 8
    assert completes(event, attended_hours(second))
    # without hours set, the sessions' hours are the event's
    type(event).objects.filter(pk=event.pk).update(hours=None)
    first.event.refresh_from_db()
    assert attended_hours(first) == Decimal("4.00")


def test_the_attendance_page_shows_the_events_hours(staff_client, staff, territory):
    event, _people = held_with_set_hours(staff, territory)
    response = staff_client.get(reverse("mokymai:attendance", args=[event.pk]) + "?all=1")
    assert response.context["total_hours"] == Decimal("6")


def test_the_detail_page_shows_places_and_the_staff_actions(staff_client, client_a, staff,
                                                            territory):
    event = make_event(capacity=1)
    for i in range(2):
        register(event=event, person=make_person(territory.central_a, first=f"D{i}"), by=staff)
    response = staff_client.get(event.get_absolute_url())
    assert (response.context["registered"], response.context["waiting"]) == (1, 1)
    # "held" is offered only once the last session has begun (a fortnight ahead here)
    assert {t["to"] for t in response.context["transitions"]} == {
        "registration_closed", "cancelled"}
    html = response.content.decode()
    assert reverse("mokymai:event_update", args=[event.pk]) in html
    assert reverse("mokymai:event_ics", args=[event.pk]) in html
    librarian = client_a.get(event.get_absolute_url())
    assert "transitions" not in librarian.context
    assert reverse("mokymai:event_update", args=[event.pk]) not in librarian.content.decode()
    assert reverse("mokymai:event_ics", args=[event.pk]) in librarian.content.decode()


def test_the_detail_page_query_count_does_not_grow_with_sessions(staff_client):
    small = make_event(sessions=1)
    make_lecturer(small)
    large = make_event(sessions=6)
    make_lecturer(large, first="Rita")
    make_lecturer(large, first="Asta")
    first = count_queries(lambda: staff_client.get(small.get_absolute_url()))
    second = count_queries(lambda: staff_client.get(large.get_absolute_url()))
    assert second <= first + 1


def test_history_page(staff_client, client_a):
    event = make_event()
    assert staff_client.get(reverse("mokymai:event_history", args=[event.pk])).status_code \
        == 200


# --- the list -------------------------------------------------------------------------------------

def test_the_list_upcoming_soonest_first_then_the_past(client_a):
    today = timezone.localdate()
    later = make_event(title="Vėliau", day=today + timedelta(days=30))
    sooner = make_event(title="Greitai", day=today + timedelta(days=3))
    past = make_event(title="Praėjęs", day=today - timedelta(days=40),
                      status=EventStatus.COMPLETED, registration_opens=None)
    older = make_event(title="Senas", day=today - timedelta(days=400),
                       status=EventStatus.COMPLETED, registration_opens=None)
    response = client_a.get(LIST)
    assert response.status_code == 200
    assert [r["object"].pk for r in response.context["rows"]] == [sooner.pk, later.pk, past.pk,
                                                                 older.pk]
    response = client_a.get(LIST, {"period": "past"})
    assert [r["object"].pk for r in response.context["rows"]] == [past.pk, older.pk]


def test_the_list_query_count_does_not_grow_with_the_events(staff_client, staff, territory):
    make_event()
    staff_client.get(LIST)  # the first request also stores the session
    with query_budget(30) as few:
        staff_client.get(LIST)
    for i in range(8):
        event = make_event(title=f"Renginys {i}", status=EventStatus.PUBLISHED if i % 2
                           else EventStatus.DRAFT)
        if i % 2:
            register(event=event, person=make_person(territory.central_a, first=f"E{i}"),
                     by=staff)
    with query_budget(len(few.captured_queries)) as many:
        response = staff_client.get(LIST)
    assert len(response.context["rows"]) == 9
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_list_counts_places(staff_client, staff, territory):
    event = make_event(capacity=1)
    for i in range(3):
        register(event=event, person=make_person(territory.central_a, first=f"F{i}"), by=staff)
    row = staff_client.get(LIST).context["rows"][0]["object"]
    assert (row.registered_count, row.waiting_count) == (1, 2)


def test_the_list_filters(staff_client, client_a, territory, librarian_a):
    from mokymai.models import Topic

    topic = Topic.objects.create(name="Vaikų skaitymas")
    school = make_event(title="Mokyklų bibliotekoms", audience_kinds=[LibraryKind.SCHOOL])
    systems = make_event(title="Viešosioms bibliotekoms", kind="training",
                         audience_kinds=[LibraryKind.SYSTEM, LibraryKind.CENTRAL])
    systems.topics.add(topic)
    everyone = make_event(title="Visiems", registration_opens=timezone.now() + timedelta(days=2))

    def titles(client, **params):
        return {r["object"].title for r in client.get(LIST, params).context["rows"]}

    # librarian_a directs a system library: the school event is not for them
    assert titles(client_a, mine="on") == {systems.title, everyone.title}
    assert titles(client_a, kind="training") == {systems.title}
    assert titles(client_a, topic=str(topic.pk)) == {systems.title}
    assert titles(client_a, q="mokyklų") == {school.title}
    assert titles(client_a, open_now="on") == {school.title, systems.title}
    # the status filter is the department's only
    assert "status" not in client_a.get(LIST).context["filter"].form.fields
    assert "status" in staff_client.get(LIST).context["filter"].form.fields
    assert titles(staff_client, status="published") == {school.title, systems.title,
                                                        everyone.title}


def test_for_me_follows_the_post(client_b, librarian_b, territory):
    post, _ = Position.objects.get_or_create(name="Testinės pareigos B")
    other, _ = Position.objects.get_or_create(name="Testinės pareigos C")
    person = make_person(territory.school_b, user=librarian_b)
    person.post = post
    person.save()
    mine = make_event(title="Mano pareigoms")
    mine.audience_posts.add(post)
    theirs = make_event(title="Kitoms pareigoms")
    theirs.audience_posts.add(other)
    rows = client_b.get(LIST, {"mine": "on"}).context["rows"]
    assert {r["object"].title for r in rows} == {"Mano pareigoms"}


def test_the_list_exports(staff_client):
    make_event(title="Eksportuojamas")
    response = staff_client.get(LIST, {"export": "csv"})
    assert response.status_code == 200
    assert "Eksportuojamas" in response.content.decode("utf-8-sig")
    assert staff_client.get(LIST, {"export": "xlsx"}).status_code == 200


# --- the calendar ------------------------------------------------------------------------------

def test_the_calendar_shows_an_event_on_its_day(client_a):
    event = make_event(title="Gruodžio seminaras", day=date(2026, 12, 9), sessions=2,
                       registration_opens=None)
    draft = make_event(title="Juodraštis", day=date(2026, 12, 9), status=EventStatus.DRAFT,
                       registration_opens=None)
    response = client_a.get(reverse("mokymai:event_calendar"), {"month": "2026-12"})
    assert response.status_code == 200
    days = {cell["day"]: cell["sessions"] for cell in response.context["days"]}
    assert [s.event_id for s in days[date(2026, 12, 9)]] == [event.pk]
    assert [s.event_id for s in days[date(2026, 12, 10)]] == [event.pk]
    html = response.content.decode()
    assert "Gruodžio seminaras" in html and draft.title not in html
    assert event.get_absolute_url() in html
    assert response.context["previous"] == date(2026, 11, 1)
    assert response.context["next"] == date(2027, 1, 1)


def test_the_calendar_filters_and_refuses_a_bad_month(client_a):
    make_event(title="Stažuotė", kind="internship", day=date(2026, 12, 9),
               registration_opens=None)
    make_event(title="Seminaras", kind="seminar", day=date(2026, 12, 9),
               registration_opens=None)
    url = reverse("mokymai:event_calendar")
    response = client_a.get(url, {"month": "2026-12", "kind": "internship"})
    titles = {s.event.title for cell in response.context["days"] for s in cell["sessions"]}
    assert titles == {"Stažuotė"}
    assert client_a.get(url, {"month": "2026-13"}).status_code == 404
    assert client_a.get(url, {"month": "abc"}).status_code == 404
    assert client_a.get(url).status_code == 200  # this month


def test_a_librarian_opens_the_list_and_the_calendar(client_b):
    make_event()
    assert client_b.get(LIST).status_code == 200
    assert client_b.get(reverse("mokymai:event_calendar")).status_code == 200
