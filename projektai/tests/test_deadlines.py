"""A project's deadlines: the section on the project page, adding and editing them (who
may, whom they may name), marking done, the calendar, the home page's lists and the
e-mail reminders — on the right day across Lithuanian holidays."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core import mail
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from portalas.registry import calendar_entries, notification_kinds, periodic_tasks
from portalas.testing import count_queries, query_budget
from projektai.models import (
    Activity,
    ActivityKind,
    Deadline,
    DeadlineKind,
    Project,
    ProjectStatus,
)
from projektai.panels_deadlines import department_deadlines, library_deadlines
from projektai.tasks_deadlines import send_deadline_reminders
from projektai.tests.factories import make_other_programme, make_project

pytestmark = pytest.mark.django_db

VILNIUS = ZoneInfo("Europe/Vilnius")


def _morning(day: date):
    """The clock frozen at 8:00 in Vilnius on ``day`` (when beat runs the reminders)."""
    return time_machine.travel(datetime(day.year, day.month, day.day, 8, 0, tzinfo=VILNIUS),
                               tick=False)


def _plain_project(by, **fields) -> Project:
    """A project of a programme without deadline rules (only the deadlines a test adds)."""
    return make_project(by=by, programme=make_other_programme(), **fields)


def _data(**changes) -> dict:
    data = {"title": "Viešinimo ataskaita", "kind": DeadlineKind.REPORT, "due_on": "2026-11-20",
            "remind_days": "3", "remind_working": "on", "note": ""}
    data.update(changes)
    return data


def _client(user):
    from django.test import Client

    client = Client()
    client.force_login(user, backend="paskyros.backends.EmailBackend")
    return client


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _library_project(librarian_a, territory, **fields) -> Project:
    return make_project(by=librarian_a, owner_library=territory.system_a, title="Kretingos",
                        **fields)


# --- the section on the project page ----------------------------------------------------------

def test_the_section_shows_working_days_left_overdue_and_the_reminder_day(staff):
    project = make_project(by=staff)  # LKT: change request 12-01, final report 12-31
    project = Project.objects.prefetch_related("deadlines__responsible").get(pk=project.pk)
    with query_budget(0):
        html = render_to_string("projektai/_section_deadlines.html", {
            "project": project, "can_edit": True, "today": date(2026, 12, 3)})
    assert 'id="terminai"' in html
    assert "Vėluojama 2 dienas" in html                     # 1 December has passed
    assert "18 darbo dienų liko" in html                    # to Thursday 31 December
    assert "2026-12-28" in html                             # 3 working days before 31 December
    assert "Ketvirtadienis" in html                         # 31 December's weekday
    assert "pagal programos taisyklę" in html
    change = project.deadlines.get(title="Keitimo prašymas")
    assert reverse("projektai:deadline_done", args=[change.pk]) in html


def test_the_section_offers_no_actions_to_a_reader(staff):
    project = make_project(by=staff)
    project = Project.objects.prefetch_related("deadlines__responsible").get(pk=project.pk)
    html = render_to_string("projektai/_section_deadlines.html", {
        "project": project, "can_edit": False, "today": date(2026, 6, 1)})
    assert "/terminai/" in html  # the calendar link
    assert reverse("projektai:deadline_create", args=[project.pk]) not in html
    assert "atlikta/" not in html and "salinti/" not in html


def test_the_section_costs_no_query_per_deadline(staff):
    project = _plain_project(staff)
    for number in range(8):
        deadline = project.deadlines.create(title=f"Terminas {number}",
                                            due_on=date(2026, 5, 1) + timedelta(days=number))
        deadline.responsible.add(staff)
    project = Project.objects.prefetch_related("deadlines__responsible").get(pk=project.pk)
    with query_budget(0):
        html = render_to_string("projektai/_section_deadlines.html", {
            "project": project, "can_edit": True, "today": date(2026, 5, 4)})
    assert html.count("data-deadline=") == 8


# --- adding and editing ------------------------------------------------------------------------

def test_staff_add_a_deadline_to_a_project(staff_client, staff, manager):
    project = _plain_project(staff)
    url = reverse("projektai:deadline_create", args=[project.pk])
    with query_budget(12):
        assert staff_client.get(url).status_code == 200
    response = staff_client.post(url, _data(responsible=[manager.pk]))
    assert response.status_code == 302
    assert response.url == project.get_absolute_url() + "#terminai"
    deadline = project.deadlines.get()
    assert (deadline.title, deadline.due_on, deadline.rule) == (
        "Viešinimo ataskaita", date(2026, 11, 20), None)
    assert list(deadline.responsible.all()) == [manager]


def test_a_due_date_on_a_holiday_is_saved_with_a_warning_naming_it(staff_client, staff):
    project = _plain_project(staff)
    response = staff_client.post(reverse("projektai:deadline_create", args=[project.pk]),
                                 _data(due_on="2026-12-25"))
    assert response.status_code == 302
    assert project.deadlines.get().due_on == date(2026, 12, 25)
    assert any("Šv. Kalėdų pirma diena" in text for text in _messages(response))


def test_a_due_date_on_a_weekend_is_saved_with_a_warning(staff_client, staff):
    project = _plain_project(staff)
    response = staff_client.post(reverse("projektai:deadline_create", args=[project.pk]),
                                 _data(due_on="2026-11-21"))
    assert project.deadlines.get().due_on == date(2026, 11, 21)
    assert any("savaitgalis" in text for text in _messages(response))
    deadline = project.deadlines.get()
    page = staff_client.get(reverse("projektai:deadline_update", args=[deadline.pk]))
    assert "savaitgalis" in page.content.decode()


def test_a_bad_date_is_refused(staff_client, staff):
    project = _plain_project(staff)
    url = reverse("projektai:deadline_create", args=[project.pk])
    response = staff_client.post(url, _data(due_on="2026-02-30"))
    assert response.status_code == 200
    assert response.context["form"].errors["due_on"]
    response = staff_client.post(url, _data(remind_days="500"))
    assert response.context["form"].errors["remind_days"]
    assert not project.deadlines.exists()


def test_a_department_deadline_names_only_department_people(staff_client, staff, manager,
                                                            librarian_a):
    project = _plain_project(staff)
    url = reverse("projektai:deadline_create", args=[project.pk])
    offered = set(staff_client.get(url).context["form"].fields["responsible"].queryset)
    assert offered == {staff, manager}
    response = staff_client.post(url, _data(responsible=[librarian_a.pk]))
    assert response.status_code == 200
    assert response.context["form"].errors["responsible"]


def test_a_library_deadline_names_the_people_of_that_library(client_a, staff, librarian_a,
                                                             librarian_b, territory):
    from tests.factories import UserFactory

    colleague = UserFactory(role="librarian", email="c@test.lt", full_name="Ona Kolegė")
    territory.central_a.memberships.create(user=colleague, role="librarian")
    project = make_project(by=librarian_a, owner_library=territory.central_a)
    url = reverse("projektai:deadline_create", args=[project.pk])
    offered = set(client_a.get(url).context["form"].fields["responsible"].queryset)
    # the central library's librarian, and the director of the system it belongs to
    assert offered == {colleague, librarian_a}
    for outsider in (staff, librarian_b):
        response = client_a.post(url, _data(responsible=[outsider.pk]))
        assert response.context["form"].errors["responsible"]
    response = client_a.post(url, _data(responsible=[colleague.pk]))
    assert response.status_code == 302
    added = project.deadlines.get(title="Viešinimo ataskaita")
    assert list(added.responsible.all()) == [colleague]


def test_moving_a_due_date_resets_the_reminder(staff_client, staff):
    project = _plain_project(staff)
    deadline = project.deadlines.create(title="Ataskaita", due_on=date(2026, 11, 20),
                                        reminded_on=date(2026, 11, 17))
    url = reverse("projektai:deadline_update", args=[deadline.pk])
    staff_client.post(url, _data(title="Ataskaita", due_on="2026-11-20", note="Pastaba"))
    deadline.refresh_from_db()
    assert deadline.reminded_on == date(2026, 11, 17) and deadline.note == "Pastaba"
    staff_client.post(url, _data(title="Ataskaita", due_on="2026-11-27"))
    deadline.refresh_from_db()
    assert deadline.due_on == date(2026, 11, 27) and deadline.reminded_on is None


def test_marking_done_and_reopening(staff_client, staff):
    project = _plain_project(staff)
    deadline = project.deadlines.create(title="Ataskaita", due_on=date(2026, 11, 20))
    url = reverse("projektai:deadline_done", args=[deadline.pk])
    assert staff_client.get(url).status_code == 405
    response = staff_client.post(url, {"done": "1"})
    assert response.url == project.get_absolute_url() + "#terminai"
    deadline.refresh_from_db()
    assert deadline.done_on == timezone.localdate() and deadline.done_by == staff
    staff_client.post(url, {"done": "0"})
    deadline.refresh_from_db()
    assert deadline.done_on is None and deadline.done_by is None


def test_deleting_a_deadline(staff_client, staff):
    project = _plain_project(staff)
    deadline = project.deadlines.create(title="Ataskaita", due_on=date(2026, 11, 20))
    url = reverse("projektai:deadline_delete", args=[deadline.pk])
    assert staff_client.get(url).status_code == 405
    assert staff_client.post(url).status_code == 302
    assert not Deadline.objects.filter(pk=deadline.pk).exists()


def test_a_library_director_keeps_their_project_deadlines(client_a, librarian_a, territory):
    project = _library_project(librarian_a, territory)
    deadline = project.deadlines.get(title="Galutinė ataskaita")
    assert client_a.get(reverse("projektai:deadline_update", args=[deadline.pk])
                        ).status_code == 200
    client_a.post(reverse("projektai:deadline_done", args=[deadline.pk]), {"done": "1"})
    deadline.refresh_from_db()
    assert deadline.done_on is not None


def test_another_library_gets_404_on_the_deadlines_of_library_a(client_b, librarian_a,
                                                                 territory):
    project = _library_project(librarian_a, territory)
    deadline = project.deadlines.first()
    for url in (reverse("projektai:deadline_create", args=[project.pk]),
                reverse("projektai:deadline_update", args=[deadline.pk])):
        assert client_b.get(url).status_code == 404, url
        assert client_b.post(url, _data()).status_code == 404, url
    for url in (reverse("projektai:deadline_done", args=[deadline.pk]),
                reverse("projektai:deadline_delete", args=[deadline.pk])):
        assert client_b.post(url).status_code == 404, url
    deadline.refresh_from_db()
    assert deadline.done_on is None and project.deadlines.count() == 2


def test_management_read_but_may_not_change_deadlines(manager_client, staff):
    project = make_project(by=staff)
    deadline = project.deadlines.first()
    for url in (reverse("projektai:deadline_create", args=[project.pk]),
                reverse("projektai:deadline_update", args=[deadline.pk])):
        assert manager_client.get(url).status_code == 403, url
        assert manager_client.post(url, _data()).status_code == 403, url
    for url in (reverse("projektai:deadline_done", args=[deadline.pk]),
                reverse("projektai:deadline_delete", args=[deadline.pk])):
        assert manager_client.post(url).status_code == 403, url
    assert project.deadlines.count() == 2
    assert not project.deadlines.filter(done_on__isnull=False).exists()


def test_a_partner_library_sees_but_may_not_change_a_department_deadline(client_a, staff,
                                                                          territory):
    project = make_project(by=staff)
    project.partners.create(library=territory.system_a)
    deadline = project.deadlines.first()
    assert client_a.get(reverse("projektai:deadline_update", args=[deadline.pk])
                        ).status_code == 403
    assert client_a.post(reverse("projektai:deadline_done", args=[deadline.pk])
                         ).status_code == 403


# --- the calendar --------------------------------------------------------------------------------

def _december(staff, manager, librarian_a, territory):
    department = make_project(by=staff, title="Skyriaus projektas", acronym="SKY")
    Activity.objects.create(project=department, kind=ActivityKind.MILESTONE,
                            title="Konferencija", ends_on=date(2026, 12, 10))
    Activity.objects.create(project=department, kind=ActivityKind.ACTIVITY,
                            title="Dirbtuvės", ends_on=date(2026, 12, 11))
    theirs = department.deadlines.create(title="Vadovybės suvestinė", due_on=date(2026, 12, 7))
    theirs.responsible.add(manager)
    library = _library_project(librarian_a, territory, acronym="KRE")
    return department, library


def test_the_calendar_shows_a_month_of_deadlines_and_milestones(
        staff, manager, librarian_a, territory):
    _december(staff, manager, librarian_a, territory)
    with _morning(date(2026, 12, 3)):
        client = _client(staff)  # signed in on the frozen day (sessions time out)
        with query_budget(8):
            response = client.get(reverse("projektai:deadline_calendar"),
                                  {"month": "2026-12"})
    page = response.content.decode()
    assert response.status_code == 200
    weeks = response.context["weeks"]
    assert weeks[0][0].day == date(2026, 11, 30)                 # Monday first
    assert "Keitimo prašymas" in page and "Konferencija" in page
    assert "Dirbtuvės" not in page                                # an activity, not a milestone
    assert "Kūčių diena" in page and "Šv. Kalėdų pirma diena" in page
    assert "2026 gruodis" in page
    assert 'aria-current="date"' in page and 'data-day="2026-12-03" aria-current' in page
    assert "month=2026-11" in page and "month=2027-01" in page
    titles = [item.title for cell in response.context["days"] for item in cell.items]
    assert titles.count("Galutinė ataskaita") == 2 and titles.count("Keitimo prašymas") == 2


def test_the_calendar_filters_mine_whose_and_overdue(staff, manager, librarian_a, territory):
    _december(staff, manager, librarian_a, territory)
    url = reverse("projektai:deadline_calendar")

    def titles(**query):
        with _morning(date(2026, 12, 3)):
            response = _client(staff).get(url, {"month": "2026-12", **query})
        return sorted(f"{item.project.acronym}:{item.title}"
                      for cell in response.context["days"] for item in cell.items)

    assert titles(mine="on") == ["SKY:Galutinė ataskaita", "SKY:Keitimo prašymas",
                                 "SKY:Konferencija"]
    assert titles(owner="libraries") == ["KRE:Galutinė ataskaita", "KRE:Keitimo prašymas"]
    assert titles(owner="department", overdue="on") == ["SKY:Keitimo prašymas"]


def test_the_calendar_shows_a_librarian_only_their_projects(
        client_b, staff, manager, librarian_a, librarian_b, territory):
    _december(staff, manager, librarian_a, territory)
    response = client_b.get(reverse("projektai:deadline_calendar"), {"month": "2026-12"})
    assert response.status_code == 200
    assert response.context["count"] == 0
    assert "Keitimo prašymas" not in response.content.decode()


def test_a_month_that_is_not_one_is_404(staff_client):
    url = reverse("projektai:deadline_calendar")
    for month in ("2026-13", "gruodis", "26-12", "9999-01"):
        assert staff_client.get(url, {"month": month}).status_code == 404, month
    assert staff_client.get(url).status_code == 200


def test_the_calendar_costs_the_same_queries_for_many_projects(staff_client, staff):
    url = reverse("projektai:deadline_calendar")
    make_project(by=staff)
    staff_client.get(url)  # the session's first request does more
    one = count_queries(lambda: staff_client.get(url, {"month": "2026-12"}))
    for number in range(5):
        project = make_project(by=staff, title=f"Projektas {number}")
        Activity.objects.create(project=project, kind=ActivityKind.MILESTONE, title="Etapas",
                                ends_on=date(2026, 12, 10))
    many = count_queries(lambda: staff_client.get(url, {"month": "2026-12", "mine": "on"}))
    assert many == one


def test_the_territory_calendar_gets_the_deadlines_the_user_sees(staff, librarian_a,
                                                                 librarian_b, territory):
    project = _library_project(librarian_a, territory)
    start, end = date(2026, 12, 1), date(2026, 12, 31)
    mine = [e for e in calendar_entries(start, end, librarian_a)
            if e.source == "projektai.deadlines"]
    assert sorted(e.start for e in mine) == [date(2026, 12, 1), date(2026, 12, 31)]
    assert mine[0].url == project.get_absolute_url() + "#terminai"
    assert mine[0].library == territory.system_a
    assert not [e for e in calendar_entries(start, end, librarian_b)
                if e.source == "projektai.deadlines"]
    assert len([e for e in calendar_entries(start, end, staff)
                if e.source == "projektai.deadlines"]) == 2


# --- the home page -------------------------------------------------------------------------------

def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_staff_home_lists_overdue_and_the_next_two_weeks_theirs_first(staff, manager):
    today = timezone.localdate()
    project = _plain_project(staff)
    other = _plain_project(staff, title="Kito projektas", responsible=[manager])
    late = other.deadlines.create(title="Vėluojantis", due_on=today - timedelta(days=3))
    mine_late = project.deadlines.create(title="Mano vėluojantis",
                                         due_on=today - timedelta(days=1))
    soon = project.deadlines.create(title="Netrukus", due_on=today + timedelta(days=5))
    project.deadlines.create(title="Toli", due_on=today + timedelta(days=40))
    project.deadlines.create(title="Atliktas", due_on=today - timedelta(days=9),
                             done_on=today - timedelta(days=10))
    context = department_deadlines(_request(staff))
    assert context["overdue"] == [mine_late, late]
    assert context["upcoming"] == [soon]
    assert [d.is_mine for d in context["overdue"]] == [True, False]
    html = render_to_string("projektai/_home_deadlines.html", {"panel": context})
    assert "Vėluojama 3 dienas" in html and "jūsų" in html


def test_the_home_panel_costs_one_query_whatever_the_rows(staff, manager):
    today = timezone.localdate()
    project = _plain_project(staff)
    project.deadlines.create(title="Vienas", due_on=today)
    few = count_queries(lambda: department_deadlines(_request(staff)))
    for number in range(8):
        deadline = project.deadlines.create(title=f"T{number}",
                                            due_on=today + timedelta(days=number))
        deadline.responsible.add(manager)
    assert count_queries(lambda: department_deadlines(_request(staff))) == few == 1


def test_a_librarian_sees_their_library_deadlines_only_when_there_are_some(
        librarian_a, librarian_b, territory):
    assert library_deadlines(_request(librarian_a)) is None
    today = timezone.localdate()
    project = _library_project(librarian_a, territory,
                               starts_on=today - timedelta(days=100),
                               ends_on=today + timedelta(days=2))
    context = library_deadlines(_request(librarian_a))
    assert [d.title for d in context["upcoming"]] == ["Galutinė ataskaita"]
    assert context["upcoming"][0].project == project
    assert library_deadlines(_request(librarian_b)) is None
    response = _client(librarian_a).get(reverse("home"))
    assert "Galutinė ataskaita" in response.content.decode()


# --- reminders -----------------------------------------------------------------------------------

def test_the_reminders_are_scheduled_every_morning_and_the_mail_is_kept_in_tests(settings):
    task = periodic_tasks.get("project-deadline-reminders")
    assert task.task == "projektai.tasks.send_deadline_reminders"
    assert (task.schedule.hour, task.schedule.minute) == ({8}, {0})
    assert send_deadline_reminders.name == "projektai.tasks.send_deadline_reminders"
    assert "projektai.deadline" in notification_kinds
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"


def _run_days(first: date, last: date) -> dict[date, int]:
    """Run the morning task on each day; how many e-mails went out on which day."""
    sent = {}
    day = first
    while day <= last:
        before = len(mail.outbox)
        with _morning(day):
            send_deadline_reminders()
        if len(mail.outbox) > before:
            sent[day] = len(mail.outbox) - before
        day += timedelta(days=1)
    return sent


def test_a_working_days_reminder_counts_over_christmas(staff):
    project = _plain_project(staff)
    deadline = project.deadlines.create(title="Ataskaita", due_on=date(2026, 12, 28),
                                        remind_days=3, remind_working=True)
    assert deadline.remind_on() == date(2026, 12, 21)
    # 23, 22, 21 December: the 24th, 25th and 26th are holidays, the 27th a Sunday
    assert _run_days(date(2026, 12, 14), date(2026, 12, 29)) == {date(2026, 12, 21): 1}
    [message] = mail.outbox
    assert message.to == ["staff@test.lt"]
    assert "2026-12-28" in message.subject and "Ataskaita" in message.subject
    assert "Liko 3 darbo dienos." in message.body
    assert project.get_absolute_url() + "#terminai" in message.body
    deadline.refresh_from_db()
    assert deadline.reminded_on == date(2026, 12, 21)


def test_a_calendar_days_reminder_on_a_holiday_comes_the_working_day_before(staff):
    project = _plain_project(staff)
    # six days before Thursday 31 December is Christmas: Kūčios too, so Wednesday the 23rd
    deadline = project.deadlines.create(title="Mokėjimo prašymas", due_on=date(2026, 12, 31),
                                        remind_days=6, remind_working=False)
    assert deadline.remind_on() == date(2026, 12, 23)
    assert _run_days(date(2026, 12, 14), date(2026, 12, 31)) == {date(2026, 12, 23): 1}


def test_the_lkt_final_report_made_with_the_project_is_reminded_on_the_right_day(staff):
    project = make_project(by=staff, starts_on=date(2026, 3, 1), ends_on=date(2026, 12, 15))
    report = project.deadlines.get(title="Galutinė ataskaita")
    # 10 working days after Tuesday 15 December, over Christmas: Thursday 31 December;
    # three working days before it: Monday 28 December
    assert (report.due_on, report.remind_on()) == (date(2026, 12, 31), date(2026, 12, 28))
    assert _run_days(date(2026, 12, 2), date(2026, 12, 31)) == {date(2026, 12, 28): 1}
    assert "Galutinė ataskaita" in mail.outbox[0].subject


def test_running_twice_the_same_day_sends_once(staff):
    project = _plain_project(staff)
    project.deadlines.create(title="Ataskaita", due_on=date(2026, 5, 8), remind_days=2)
    assert send_deadline_reminders(today=date(2026, 5, 6)) == 1
    assert send_deadline_reminders(today=date(2026, 5, 6)) == 0
    assert send_deadline_reminders(today=date(2026, 5, 7)) == 0
    assert len(mail.outbox) == 1


def test_a_late_run_still_reminds_but_not_after_the_due_date(staff):
    project = _plain_project(staff)
    project.deadlines.create(title="Praleista diena", due_on=date(2026, 5, 8), remind_days=2)
    project.deadlines.create(title="Jau praėjo", due_on=date(2026, 5, 4), remind_days=2)
    assert send_deadline_reminders(today=date(2026, 5, 7)) == 1
    assert "Praleista diena" in mail.outbox[0].subject


def test_the_deadline_people_are_reminded_else_the_project_people(staff, manager):
    from tests.factories import UserFactory

    gone = UserFactory(role="staff", email="buves@test.lt", full_name="Buvęs", is_active=False)
    english = UserFactory(role="staff", email="en@test.lt", full_name="Eve English",
                          language="en")
    project = _plain_project(staff, responsible=[staff, gone])
    named = project.deadlines.create(title="Pavadinta", due_on=date(2026, 5, 8), remind_days=1)
    named.responsible.set([manager, english, gone])
    project.deadlines.create(title="Projekto", due_on=date(2026, 5, 8), remind_days=1)
    assert send_deadline_reminders(today=date(2026, 5, 7)) == 3
    to = sorted((m.to[0], m.subject.split(": ")[-1]) for m in mail.outbox)
    assert to == [("en@test.lt", "Pavadinta"), ("staff@test.lt", "Projekto"),
                  ("vadovas@test.lt", "Pavadinta")]
    english_mail = next(m for m in mail.outbox if m.to == ["en@test.lt"])
    assert "working day left" in english_mail.body and "Hello Eve" in english_mail.body
    lithuanian = next(m for m in mail.outbox if m.to == ["vadovas@test.lt"])
    assert "Liko 1 darbo diena." in lithuanian.body


def test_done_deadlines_and_dropped_projects_are_not_reminded(staff):
    project = _plain_project(staff)
    project.deadlines.create(title="Atlikta", due_on=date(2026, 5, 8), remind_days=1,
                             done_on=date(2026, 5, 1))
    rejected = _plain_project(staff, status=ProjectStatus.REJECTED, title="Atmestas")
    rejected.deadlines.create(title="Atmesto", due_on=date(2026, 5, 8), remind_days=1)
    assert send_deadline_reminders(today=date(2026, 5, 7)) == 0
    assert not mail.outbox


def test_a_moved_deadline_is_reminded_again(staff_client, staff):
    project = _plain_project(staff)
    deadline = project.deadlines.create(title="Ataskaita", due_on=date(2026, 5, 8),
                                        remind_days=1)
    assert send_deadline_reminders(today=date(2026, 5, 7)) == 1
    staff_client.post(reverse("projektai:deadline_update", args=[deadline.pk]),
                      _data(title="Ataskaita", due_on="2026-05-15", remind_days="1"))
    assert send_deadline_reminders(today=date(2026, 5, 14)) == 1
    assert len(mail.outbox) == 2
