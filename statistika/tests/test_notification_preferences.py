"""The statistics e-mails honour the e-mail preferences: the optional reminder is not sent
to whoever turned it off; the mandatory ones still are."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from portalas.notifications import set_preference
from statistika.models import Submission
from statistika.services.campaign import create_campaign
from statistika.tasks import notify_submission_returned, remind_submission
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submission(staff, territory, librarian_a):
    campaign = create_campaign(year=2024, kinds=["system"], reminder_days=[],
                               deadline=timezone.now() + timedelta(days=30), by=staff)
    return Submission.objects.get(campaign=campaign, library=territory.system_a)


def test_a_librarian_who_turned_reminders_off_gets_none(submission, territory, librarian_a):
    colleague = UserFactory(role="librarian", email="kolege@test.lt")
    territory.system_a.memberships.create(user=colleague, role="librarian")
    set_preference(user=librarian_a, key="statistika.reminder", enabled=False)
    mail.outbox.clear()
    remind_submission(submission.pk)
    assert [m.to for m in mail.outbox] == [["kolege@test.lt"]]


def test_a_mandatory_statistics_e_mail_is_sent_whatever_the_preferences(submission,
                                                                        librarian_a):
    set_preference(user=librarian_a, key="statistika.reminder", enabled=False)
    with pytest.raises(ValueError):
        set_preference(user=librarian_a, key="statistika.returned", enabled=False)
    mail.outbox.clear()
    notify_submission_returned(submission.pk)
    assert [m.to for m in mail.outbox] == [["a@test.lt"]]
