"""What the registers add elsewhere: the responsible person's overdue answers on the home
page (their own only, overdue and due soon, left out when none), the metric
``archyvas.registered`` by register, and the weekly-at-most reminder e-mail."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from archyvas import services_registers as services
from archyvas.tasks_registers import REMINDER, overdue_to_send, send_overdue_answers
from archyvas.tests.factories import make_entry
from archyvas.tests.factories_registers import make_registers, register_now, today
from portalas import notifications, registry
from portalas.metrics import Period, Scope
from portalas.testing import query_budget
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def days(n):
    return today() + datetime.timedelta(days=n)


def _incoming(registers, by, responsible, due, title, registered=-20):
    return register_now(registers["incoming"], by, responsible=responsible, answer_due=due,
                        registered_on=min(days(registered), due), title=title)


# --- the home page ---------------------------------------------------------------------------

def test_the_home_page_lists_only_my_overdue_and_soon_due_answers(staff, staff_client):
    registers = make_registers()
    colleague = UserFactory(role="staff")
    overdue = _incoming(registers, staff, staff, days(-2), "Vėluojantis atsakymas")
    soon = _incoming(registers, staff, staff, days(2), "Greitai atsakyti")
    _incoming(registers, staff, staff, days(10), "Dar spėsiu")
    _incoming(registers, staff, colleague, days(-5), "Kolegos laiškas")
    answered = _incoming(registers, staff, staff, days(-3), "Jau atsakytas")
    services.mark_answered(entry=answered, by=staff, answered_on=today(), note="Telefonu")
    with query_budget(60, "home page"):
        response = staff_client.get(reverse("home"))
    page = response.content.decode()
    assert "Letters to answer" in page
    assert "Vėluojantis atsakymas" in page and "Greitai atsakyti" in page
    assert "Dar spėsiu" not in page and "Kolegos laiškas" not in page
    assert "Jau atsakytas" not in page
    assert "2 days overdue" in page and "due soon" in page
    assert page.index(overdue.title) < page.index(soon.title)
    assert overdue.get_absolute_url() in page


def test_the_panel_is_left_out_when_nothing_waits_and_for_librarians(
        staff, staff_client, librarian_a, client_a):
    registers = make_registers()
    register_now(registers["incoming"], staff, responsible=staff, answer_due=days(20))
    assert "Letters to answer" not in staff_client.get(reverse("home")).content.decode()
    make_entry(registers["incoming"], responsible=librarian_a, answer_due=days(-3),
               registered_on=days(-9))
    assert "Letters to answer" not in client_a.get(reverse("home")).content.decode()


def test_a_manager_responsible_for_a_letter_sees_it(staff, manager, manager_client):
    registers = make_registers()
    _incoming(registers, staff, manager, days(-1), "Ministerijos paklausimas")
    page = manager_client.get(reverse("home")).content.decode()
    assert "Ministerijos paklausimas" in page and "1 day overdue" in page


# --- the metric ------------------------------------------------------------------------------

def test_the_metric_counts_the_periods_registrations_by_register(staff, territory):
    registers = make_registers()
    year = today().year
    for _ in range(3):
        register_now(registers["incoming"], staff, registered_on=datetime.date(year, 1, 2))
    register_now(registers["outgoing"], staff, registered_on=datetime.date(year, 1, 3))
    register_now(registers["outgoing"], staff, registered_on=datetime.date(year - 1, 12, 30))
    metric = registry.metric("archyvas.registered")
    assert metric.dimension == "register" and metric.function == "6.1"
    period = Period.year(year)
    assert metric.value(period) == {"Gaunamųjų dokumentų registras": 3,
                                    "Siunčiamųjų dokumentų registras": 1}
    assert metric.records(period).count() == 4
    assert metric.value(Period.year(year - 1)) == {"Siunčiamųjų dokumentų registras": 1}
    assert metric.value(period, Scope.of_library(territory.system_a)) == {}
    assert metric.records(period, Scope.of_library(territory.system_a)).count() == 0


# --- the reminder ----------------------------------------------------------------------------

MONDAY = datetime.date(2026, 11, 30)         # a working Monday
WEDNESDAY = datetime.date(2026, 12, 2)


def test_the_reminder_lists_what_became_overdue_and_on_mondays_what_still_is(staff):
    registers = make_registers()
    colleague = UserFactory(role="staff", email="kolega@test.lt")
    old = make_entry(registers["incoming"], responsible=staff, answer_due=datetime.date(
        2026, 11, 10), registered_on=datetime.date(2026, 11, 2), title="Senas")
    new = make_entry(registers["incoming"], responsible=staff,
                     answer_due=datetime.date(2026, 12, 1),
                     registered_on=datetime.date(2026, 11, 20), title="Naujas")
    make_entry(registers["incoming"], responsible=colleague,
               answer_due=datetime.date(2026, 12, 2), registered_on=datetime.date(2026, 11, 20))
    found = overdue_to_send(WEDNESDAY)
    assert found[staff] == {"new": [new], "still": []}
    assert colleague not in found                  # due today: not overdue yet
    assert overdue_to_send(MONDAY)[staff] == {"new": [], "still": [old]}
    assert overdue_to_send(datetime.date(2026, 12, 5)) == {}        # a Saturday


def test_the_reminder_e_mail_goes_to_whoever_wants_it_with_links(staff, settings):
    settings.PORTAL_BASE_URL = "https://regionas.example.lt"
    registers = make_registers()
    entry = make_entry(registers["incoming"], responsible=staff,
                       answer_due=datetime.date(2026, 12, 1),
                       registered_on=datetime.date(2026, 11, 20), title="Dėl ataskaitos")
    assert send_overdue_answers(WEDNESDAY.isoformat()) == 1
    message = mail.outbox[0]
    assert message.to == [staff.email] and "Overdue answer to 1 letter" in message.subject
    assert f"https://regionas.example.lt{entry.get_absolute_url()}" in message.body
    assert "List-Unsubscribe" in message.extra_headers
    notifications.set_preference(user=staff, key=REMINDER, enabled=False)
    assert send_overdue_answers(WEDNESDAY.isoformat()) == 0
