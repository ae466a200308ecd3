"""The jury's reminder: three working days before ``scoring_until`` a juror with work left
gets one e-mail per contest — a second run (or two at once: the claim) sends nothing more;
a juror who has finished, or a closed contest, gets none. The beat task is registered."""

import datetime

import pytest
from django.core import mail

from apdovanojimai import services_jury as services
from apdovanojimai.models import Contest, JuryEvent
from apdovanojimai.tasks_jury import claim, seats_due, send_jury_reminders
from apdovanojimai.tests.factories import declare, give_scores
from apdovanojimai.tests.factories_jury import jury_world
from portalas import registry

pytestmark = pytest.mark.django_db
UNTIL = datetime.date(2026, 3, 20)        # a Friday
REMIND_ON = datetime.date(2026, 3, 17)    # three working days before


@pytest.fixture
def w(territory, staff, manager, librarian_a):
    world = jury_world(territory=territory, staff=staff, manager=manager,
                       librarian_a=librarian_a)
    Contest.objects.filter(pk=world.contest.pk).update(scoring_until=UNTIL)
    for nomination in (world.of_a, world.of_b, world.of_school):   # staff has finished
        if services.forced_conflict(staff, nomination):
            declare(nomination, world.staff_seat, conflict=True, reason="nominator")
        else:
            give_scores(nomination, world.staff_seat, (8, 7, 4))
    return world


def test_jurors_with_work_left_get_one_email_three_working_days_before(w):
    assert send_jury_reminders(today=REMIND_ON - datetime.timedelta(days=1)) == 0
    assert send_jury_reminders(today=REMIND_ON) == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        s.user.email for s in (w.chair, w.a_seat, w.b_seat))
    assert w.contest.title in mail.outbox[0].subject
    assert send_jury_reminders(today=REMIND_ON) == 0
    assert send_jury_reminders(today=REMIND_ON + datetime.timedelta(days=1)) == 0
    assert len(mail.outbox) == 3
    assert JuryEvent.objects.filter(action=services.REMINDED).count() == 3


def test_a_pair_is_claimed_once(w):
    seat = next(s for s in seats_due(REMIND_ON) if s.pk == w.a_seat.pk)
    assert claim(seat) is not None
    assert claim(seat) is None


def test_a_closed_contest_reminds_nobody(w):
    services.close_scoring(contest=w.contest, by=w.chair.user)
    assert send_jury_reminders(today=REMIND_ON) == 0


def test_the_reminder_runs_every_morning_from_the_beat_schedule():
    schedule = registry.beat_schedule()
    assert schedule["awards-jury-reminders"]["task"] == \
        "apdovanojimai.tasks_jury.send_jury_reminders"
