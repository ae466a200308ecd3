"""What the field visits send and show elsewhere: the director hears that the report is
ready, the agreed actions are reminded five working days ahead and the day after their
deadline (once), and the home page, the library card, the calendar and the menu show the
visits to whoever may see them."""

from datetime import date, timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from konsultacijos import services
from konsultacijos.models import VisitAction
from konsultacijos.tasks_visits import (
    notify_visit_reported,
    remind_on,
    send_visit_action_reminders,
)
from konsultacijos.tests.factories import make_visit, report
from portalas.registry import beat_schedule, calendar_entries, navigation_for
from portalas.workdays import add_working_days
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 6, 1)


# --- the report is ready ---------------------------------------------------------------------

def test_the_directors_of_the_library_and_above_it_hear_the_report_is_ready(
        settings, territory, staff, librarian_a, django_capture_on_commit_callbacks, mailoutbox):
    branch_head = UserFactory(role="librarian", email="filialas@test.lt",
                              full_name="Filialo Vedėja")
    territory.branch_a.memberships.create(user=branch_head, role="director")
    member = UserFactory(role="librarian", email="nare@test.lt")
    territory.branch_a.memberships.create(user=member, role="librarian")
    gone = UserFactory(role="librarian", email="buvusi@test.lt", is_active=False)
    territory.system_a.memberships.create(user=gone, role="director")
    visit = make_visit(library=territory.branch_a, by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        report(visit, by=staff)
    assert sorted(m.to[0] for m in mailoutbox) == ["a@test.lt", "filialas@test.lt"]
    message = mailoutbox[0]
    assert "Darbėnų filialas" in message.subject
    assert settings.PORTAL_BASE_URL + visit.get_absolute_url() in message.body
    assert "Veiksmas 1" in message.body


def test_a_visit_not_reported_mails_no_one(territory, staff, librarian_a, mailoutbox):
    visit = make_visit(library=territory.system_a, by=staff)
    assert notify_visit_reported(visit.pk) == 0
    assert notify_visit_reported(999_999) == 0
    assert mailoutbox == []


# --- reminders of the agreed actions -----------------------------------------------------------

@pytest.fixture
def reported(territory, staff, librarian_a):
    return report(make_visit(library=territory.branch_a, by=staff), by=staff, actions=0)


def _action(visit, due_on, staff, text="Atnaujinti fondą") -> VisitAction:
    return services.add_action(VisitAction(visit=visit, text=text, due_on=due_on), by=staff)


def test_an_action_due_in_five_working_days_is_reminded_once(reported, staff, mailoutbox):
    due = add_working_days(MONDAY, 5)
    assert remind_on(due) == MONDAY
    _action(reported, due, staff)
    assert send_visit_action_reminders(today=MONDAY.isoformat()) == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["a@test.lt", "staff@test.lt"]
    assert "Atnaujinti fondą" in mailoutbox[0].body and due.isoformat() in mailoutbox[0].body
    assert reported.get_absolute_url() + "#veiksmai" in mailoutbox[0].body
    for later in range(1, 5):
        assert send_visit_action_reminders(today=MONDAY + timedelta(days=later)) == 0
    assert len(mailoutbox) == 2


def test_an_action_is_reminded_the_day_after_its_deadline_and_not_again(reported, staff,
                                                                        mailoutbox):
    _action(reported, MONDAY - timedelta(days=1), staff, text="Pateikti planą")
    assert send_visit_action_reminders(today=MONDAY) == 2
    assert "Pateikti planą" in mailoutbox[0].body
    assert send_visit_action_reminders(today=MONDAY + timedelta(days=1)) == 0


def test_a_person_gets_one_e_mail_for_several_actions_and_done_ones_are_left_out(
        reported, staff, mailoutbox):
    _action(reported, add_working_days(MONDAY, 5), staff, text="Pirmas")
    _action(reported, MONDAY - timedelta(days=1), staff, text="Antras")
    done = _action(reported, MONDAY - timedelta(days=1), staff, text="Atliktas")
    VisitAction.objects.filter(pk=done.pk).update(done_on=MONDAY - timedelta(days=2))
    assert send_visit_action_reminders(today=MONDAY) == 2
    body = mailoutbox[0].body
    assert "Pirmas" in body and "Antras" in body and "Atliktas" not in body


def test_the_reminder_runs_every_morning():
    assert "consultation-visit-action-reminders" in beat_schedule()


# --- home, library card, calendar, menu --------------------------------------------------------

def test_staff_home_shows_my_coming_visits_those_to_report_and_overdue_actions(
        staff_client, territory, staff):
    coming = make_visit(library=territory.system_b, by=staff, days_ago=-4)
    to_report = make_visit(library=territory.branch_a, by=staff, days_ago=2)
    made = report(make_visit(library=territory.system_a, by=staff, days_ago=20), by=staff,
                  actions=0)
    _action(made, timezone.localdate() - timedelta(days=3), staff, text="Vėluojantis darbas")
    html = staff_client.get(reverse("home")).content.decode()
    assert coming.get_absolute_url() in html
    assert reverse("konsultacijos:visit_report", args=[to_report.pk]) in html
    assert made.get_absolute_url() + "#veiksmai" in html          # its overdue action


def test_a_directors_home_lists_open_actions_with_a_done_button(client_a, client_b, staff,
                                                               territory):
    made = report(make_visit(library=territory.branch_a, by=staff), by=staff)
    action = made.actions.get()
    html = client_a.get(reverse("home")).content.decode()
    assert reverse("konsultacijos:action_done", args=[action.pk]) in html
    response = client_a.post(reverse("konsultacijos:action_done", args=[action.pk]),
                             {"next": reverse("home")})
    assert response["Location"] == reverse("home")
    assert reverse("konsultacijos:action_done", args=[action.pk]) not in \
        client_a.get(reverse("home")).content.decode()
    assert "konsultacijos/veiksmai" not in client_b.get(reverse("home")).content.decode()


def test_the_library_card_shows_the_last_and_next_visit_and_open_actions(
        staff_client, client_a, territory, staff):
    made = report(make_visit(library=territory.branch_a, by=staff, days_ago=10), by=staff)
    coming = make_visit(library=territory.system_a, by=staff, days_ago=-6)
    url = reverse("bibliotekos:library_detail", args=[territory.system_a.pk])
    for client in (staff_client, client_a):
        html = client.get(url).content.decode()
        assert 'id="library-field-visits"' in html
        assert made.get_absolute_url() in html and coming.get_absolute_url() in html
        assert "Veiksmas 1" in html
    other = staff_client.get(reverse("bibliotekos:library_detail",
                                     args=[territory.system_b.pk])).content.decode()
    assert 'id="library-field-visits"' not in other


def test_the_calendar_has_the_visits_for_whoever_may_see_them(territory, staff, librarian_a,
                                                             librarian_b):
    made = report(make_visit(library=territory.branch_a, by=staff), by=staff)
    planned = make_visit(library=territory.system_b, by=staff, days_ago=-2)
    cancelled = make_visit(library=territory.system_a, by=staff, days_ago=-1)
    services.cancel_visit(cancelled, by=staff, reason="Liga")
    start, end = timezone.localdate() - timedelta(days=10), timezone.localdate() + timedelta(
        days=10)

    def urls(user):
        return {e.url for e in calendar_entries(start, end, user)
                if e.source == "konsultacijos.visits"}

    assert urls(staff) == {made.get_absolute_url(), planned.get_absolute_url()}
    assert urls(librarian_a) == {made.get_absolute_url()}
    assert urls(librarian_b) == set()


def test_the_menu_offers_the_visits_to_staff_and_directors_only(staff, librarian_a,
                                                               librarian_b):
    url = reverse("konsultacijos:visit_list")

    def offered(user):
        request = RequestFactory().get("/")
        request.user = user
        return any(item["url"] == url for group in navigation_for(request)
                   for item in group["items"])

    assert offered(staff) and offered(librarian_a) and not offered(librarian_b)
