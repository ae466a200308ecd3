"""The follow-up reminders: one e-mail a working day at most, with the follow-ups that fell
due since the previous working day, and the overdue ones only on the week's first working
day; nothing on weekends and holidays, nothing once done."""

from datetime import date

import pytest
from django.core import mail

from konsultacijos import services
from konsultacijos.tasks import send_follow_up_reminders
from konsultacijos.tasks_consultations import first_working_day_of_week
from konsultacijos.tests.factories import make_consultation
from portalas.registry import beat_schedule, notification_kinds
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 3, 2)
TUESDAY = date(2026, 3, 3)
SATURDAY = date(2026, 3, 7)
NEXT_MONDAY = date(2026, 3, 9)
HOLIDAY = date(2026, 3, 11)        # the Restoration of Independence, a Wednesday
AFTER_HOLIDAY = date(2026, 3, 12)
EASTER_MONDAY = date(2026, 4, 6)


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def follow_up(territory, by, due: date, text: str, **fields):
    return make_consultation(library=territory.branch_a, by=by, held_on=date(2026, 2, 20),
                             follow_up=text, follow_up_due=due, **fields)


def test_a_follow_up_due_today_is_mailed_once_yesterdays_is_not_repeated(territory, staff):
    follow_up(territory, staff, TUESDAY, "Atsiųsti formą")
    follow_up(territory, staff, MONDAY, "Vakarykštis darbas")
    assert send_follow_up_reminders(today=TUESDAY) == 1
    message = mail.outbox[0]
    assert message.to == ["staff@test.lt"]
    assert "Atsiųsti formą" in message.body and "Vakarykštis darbas" not in message.body
    assert "1 consultation follow-up to do" in message.subject


def test_on_monday_the_weekends_and_the_overdue_ones_come_in_one_email(territory, staff,
                                                                       settings):
    weekend = follow_up(territory, staff, SATURDAY, "Savaitgalio darbas")
    follow_up(territory, staff, NEXT_MONDAY, "Pirmadienio darbas")
    follow_up(territory, staff, MONDAY, "Seniai vėluojantis")
    done = follow_up(territory, staff, MONDAY, "Jau atliktas")
    services.complete_follow_up(done, by=staff)
    assert send_follow_up_reminders(today=NEXT_MONDAY) == 1
    body = mail.outbox[0].body
    for text in ("Savaitgalio darbas", "Pirmadienio darbas", "Seniai vėluojantis"):
        assert text in body
    assert "Jau atliktas" not in body
    assert body.index("Pirmadienio darbas") < body.index("Seniai vėluojantis")
    assert f"{settings.PORTAL_BASE_URL}{weekend.get_absolute_url()}" in body
    assert f"{settings.PORTAL_BASE_URL}/konsultacijos/?follow_up=open&staff_member=" in body


def test_an_overdue_follow_up_is_not_repeated_midweek(territory, staff):
    follow_up(territory, staff, MONDAY, "Vėluojantis")
    assert send_follow_up_reminders(today=date(2026, 3, 4)) == 0
    assert send_follow_up_reminders(today=NEXT_MONDAY) == 1


def test_nothing_is_sent_on_a_weekend_or_a_holiday(territory, staff):
    follow_up(territory, staff, SATURDAY, "Savaitgalio darbas")
    follow_up(territory, staff, HOLIDAY, "Šventės darbas")
    assert send_follow_up_reminders(today=SATURDAY) == 0
    assert send_follow_up_reminders(today=HOLIDAY) == 0
    assert send_follow_up_reminders(today=AFTER_HOLIDAY) == 1
    assert "Šventės darbas" in mail.outbox[0].body
    assert "Savaitgalio darbas" not in mail.outbox[0].body


def test_after_a_holiday_monday_tuesday_is_the_weeks_first_working_day(territory, staff):
    assert not first_working_day_of_week(EASTER_MONDAY)
    assert first_working_day_of_week(date(2026, 4, 7))
    assert first_working_day_of_week(MONDAY) and not first_working_day_of_week(TUESDAY)
    follow_up(territory, staff, date(2026, 3, 30), "Kovo darbas")
    assert send_follow_up_reminders(today=date(2026, 4, 7)) == 1


def test_each_staff_member_gets_their_own_and_someone_who_left_none(territory, staff):
    colleague = UserFactory(role="staff", email="kolega@test.lt", full_name="Kęstas Kolega")
    gone = UserFactory(role="staff", email="buves@test.lt", full_name="Buvęs Darbuotojas")
    follow_up(territory, staff, TUESDAY, "Mano darbas")
    follow_up(territory, staff, TUESDAY, "Kolegos darbas", staff_member=colleague)
    follow_up(territory, staff, TUESDAY, "Išėjusiojo darbas", staff_member=gone)
    gone.is_active = False
    gone.save()
    assert send_follow_up_reminders(today=TUESDAY) == 2
    by_address = {message.to[0]: message.body for message in mail.outbox}
    assert set(by_address) == {"staff@test.lt", "kolega@test.lt"}
    assert "Kolegos darbas" in by_address["kolega@test.lt"]
    assert "Mano darbas" not in by_address["kolega@test.lt"]


def test_the_reminder_is_declared_to_beat_and_to_the_preferences():
    schedule = beat_schedule()
    assert schedule["consultation-follow-ups"]["task"] == \
        "konsultacijos.tasks.send_follow_up_reminders"
    assert "konsultacijos.follow_up" in notification_kinds


def test_the_task_takes_the_day_as_text_as_a_worker_passes_it(territory, staff):
    follow_up(territory, staff, TUESDAY, "Atsiųsti formą")
    assert send_follow_up_reminders.delay(today="2026-03-03").get() == 1
