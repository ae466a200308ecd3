"""The demo minutes: signed minutes with two to four items and one to three decisions for
every held demo meeting, the follow-ups of the demo accounts (one overdue, one due soon),
the meeting without a quorum flagged; nothing added the second time; no held meeting:
skipped with a line."""

import datetime
import io

import pytest
from django.utils import timezone

from bendradarbiavimas import demo_minutes
from bendradarbiavimas.models import Decision, Meeting, MeetingStatus, MemberRole
from bendradarbiavimas.tests.factories_groups import add_member, make_group, make_meeting
from bendradarbiavimas.tests.factories_minutes import at
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_without_held_meetings_the_demo_says_so(staff):
    out = io.StringIO()
    demo_minutes.load(out)
    assert "skipped" in out.getvalue() and not Decision.objects.exists()


def test_the_demo_writes_signed_minutes_and_the_follow_ups_once():
    staff = UserFactory(role="staff", email="darbuotojas@demo.lt")
    director = UserFactory(role="librarian", email="bibliotekininkas@demo.lt")
    branch = UserFactory(role="librarian", email="filialas@demo.lt")
    group = make_group(name="Vaikų bibliotekininkų darbo grupė", by=staff)
    add_member(group, user=director, role=MemberRole.CHAIR)
    add_member(group, user=branch, role=MemberRole.SECRETARY)
    today = timezone.localdate()
    held = [make_meeting(group, starts_at=at(today - datetime.timedelta(days=days)),
                         status=MeetingStatus.HELD, by=staff,
                         agenda="1. Vasaros skaitymo akcija\n2. Renginių planas")
            for days in (200, 40)]
    Meeting.objects.filter(pk=held[0].pk).update(quorum_met=False)
    make_meeting(group, status=MeetingStatus.PLANNED, by=staff)
    out = io.StringIO()
    demo_minutes.load(out)
    for meeting in held:
        meeting.refresh_from_db()
        assert meeting.minutes_status == "final"
        assert 2 <= meeting.items.count() <= 4
        assert 1 <= meeting.decisions.count() <= 5
    assert Meeting.objects.filter(status=MeetingStatus.PLANNED, minutes_status="none").exists()
    overdue = Decision.objects.overdue().filter(owner=director)
    assert overdue.exists()
    soon = Decision.objects.open().filter(owner=branch, due_on__gt=today,
                                          due_on__lte=today + datetime.timedelta(days=6))
    assert soon.exists()
    assert all(d.without_quorum for d in Decision.objects.filter(meeting=held[0]))
    count = Decision.objects.count()
    demo_minutes.load(out)
    assert Decision.objects.count() == count
