"""The reminder before an agreement expires: working days with Lithuanian holidays, once per
end date, to the responsible person or to every staff member, with absolute links."""

from datetime import date

import pytest
from django.core import mail

from bendradarbiavimas import services_partners as services
from bendradarbiavimas.models import Agreement
from bendradarbiavimas.tasks_partners import due, send_agreement_reminders
from bendradarbiavimas.tests.factories_partners import make_agreement, make_partner
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(staff):
    return make_partner(by=staff)


def test_the_reminder_day_skips_holidays(staff, partner):
    # ends Wednesday 2025-12-31; 5 working days before it: 30, 29, (24-26 Dec are
    # holidays, 27-28 the weekend), 23, 22, 19 → Friday 2025-12-19 (without the holidays it
    # would be the 24th)
    agreement = Agreement(starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31),
                          remind_days=5)
    assert not due(agreement, date(2025, 12, 18))
    assert due(agreement, date(2025, 12, 19))
    assert not due(agreement, date(2026, 1, 2))         # past its end


def test_the_responsible_person_is_reminded_once_with_a_link(staff, partner, settings):
    settings.PORTAL_BASE_URL = "https://regionas.example.lt"
    responsible = UserFactory(role="staff", email="atsakinga@test.lt", full_name="Ona Atsakinga")
    agreement = make_agreement(by=staff, partners=[partner], starts_on=date(2025, 1, 1),
                               ends_on=date(2025, 12, 31), remind_days=5,
                               responsible=responsible)
    assert send_agreement_reminders(today="2025-12-18") == 0
    assert send_agreement_reminders(today="2025-12-19") == 1
    assert send_agreement_reminders(today="2025-12-22") == 0          # once
    message = mail.outbox[0]
    assert message.to == ["atsakinga@test.lt"]
    assert f"https://regionas.example.lt/bendradarbiavimas/sutartys/{agreement.pk}/" \
        in message.body
    assert "2025-12-31" in message.subject


def test_a_new_end_date_is_reminded_of_again(staff, partner):
    agreement = make_agreement(by=staff, partners=[partner], starts_on=date(2025, 1, 1),
                               ends_on=date(2025, 12, 31), remind_days=5, responsible=staff)
    assert send_agreement_reminders(today="2025-12-22") == 1
    agreement.refresh_from_db()
    agreement.ends_on = date(2026, 1, 9)
    services.update_agreement(agreement, by=staff, partners=[partner])
    assert send_agreement_reminders(today="2026-01-02") == 1
    assert len(mail.outbox) == 2


def test_without_a_responsible_every_staff_member_is_reminded(staff, manager, partner):
    UserFactory(role="staff", email="kitas@test.lt", full_name="Kitas Darbuotojas")
    make_agreement(by=staff, partners=[partner], starts_on=date(2025, 1, 1),
                   ends_on=date(2025, 12, 31), remind_days=5)
    assert send_agreement_reminders(today="2025-12-22") == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["kitas@test.lt", "staff@test.lt"]


def test_a_terminated_or_indefinite_agreement_is_not_reminded(staff, partner):
    make_agreement(by=staff, partners=[partner], starts_on=date(2025, 1, 1), ends_on=None)
    make_agreement(by=staff, partners=[partner], starts_on=date(2025, 1, 1),
                   ends_on=date(2025, 12, 31), terminated_on=date(2025, 6, 1), remind_days=5)
    assert send_agreement_reminders(today="2025-12-22") == 0
