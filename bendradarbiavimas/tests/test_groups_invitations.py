"""Meeting invitations: an e-mail to each member on the meeting's day with an address,
with an .ics (METHOD:REQUEST, a stable UID, DTSTART in Vilnius, the member as ATTENDEE);
an updated one keeps the UID with a higher SEQUENCE; a cancellation is METHOD:CANCEL to
those invited. The .ics download is a plain calendar file."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from bendradarbiavimas import services_groups as services
from bendradarbiavimas.models import Meeting, MemberRole
from bendradarbiavimas.tests.factories_groups import add_member, make_group, make_meeting

pytestmark = pytest.mark.django_db
VILNIUS = ZoneInfo("Europe/Vilnius")
START = datetime.datetime(2030, 3, 12, 10, 0, tzinfo=VILNIUS)


@pytest.fixture
def meeting(staff):
    group = make_group(by=staff, name="Vaikų bibliotekininkų darbo grupė")
    add_member(group, name="Ona Onaitė", email="ona@test.lt", role=MemberRole.CHAIR)
    add_member(group, name="Stebėtoja Stebė", email="stebe@test.lt", role=MemberRole.OBSERVER)
    add_member(group, name="Be Adreso")
    add_member(group, name="Buvusi Narė", email="buvusi@test.lt",
               ends_on=datetime.date(2025, 1, 1))
    return make_meeting(group, starts_at=START, place="Kretingos biblioteka, 2 a. salė",
                        agenda="1. Vasaros skaitymo akcija\n2. Kiti klausimai", by=staff)


def _calendar(message) -> tuple[Calendar, str]:
    name, content, mimetype = message.attachments[0]
    return Calendar.from_ical(content), mimetype


def _event(cal):
    return next(c for c in cal.walk() if c.name == "VEVENT")


def invite(meeting, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.send_invitations(meeting, by=staff)


def test_each_member_with_an_address_gets_an_invitation_with_an_ics(
        meeting, staff, django_capture_on_commit_callbacks):
    invite(meeting, staff, django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == ["ona@test.lt", "stebe@test.lt"]
    message = next(m for m in mail.outbox if m.to == ["ona@test.lt"])
    assert "Vaikų bibliotekininkų darbo grupė" in message.subject
    assert f"/bendradarbiavimas/posedziai/{meeting.pk}/" in message.body
    assert "http" in message.body and "Vasaros skaitymo akcija" in message.body
    cal, mimetype = _calendar(message)
    assert mimetype.startswith("text/calendar")
    assert str(cal["method"]) == "REQUEST"
    event = _event(cal)
    assert event.decoded("dtstart") == START
    assert event.decoded("dtstart").utcoffset() == datetime.timedelta(hours=2)
    assert str(event["uid"]) == f"meeting-{meeting.pk}@regionas"
    assert str(event["location"]) == "Kretingos biblioteka, 2 a. salė"
    attendees = event.get("attendee")
    attendees = attendees if isinstance(attendees, list) else [attendees]
    assert [str(a) for a in attendees] == ["mailto:ona@test.lt"]
    assert str(event["organizer"]).startswith("mailto:")
    assert any(c.name == "VTIMEZONE" for c in cal.walk())


def test_an_updated_invitation_keeps_the_uid_with_a_higher_sequence(
        meeting, staff, django_capture_on_commit_callbacks):
    invite(meeting, staff, django_capture_on_commit_callbacks)
    first = _event(_calendar(mail.outbox[0])[0])
    mail.outbox.clear()
    changed = Meeting.objects.get(pk=meeting.pk)
    changed.place = "Darbėnų filialas"
    with django_capture_on_commit_callbacks(execute=True):
        services.update_meeting(changed, by=staff, seen_version=changed.version, resend=True)
    assert len(mail.outbox) == 2
    second = _event(_calendar(mail.outbox[0])[0])
    assert str(second["uid"]) == str(first["uid"])
    assert int(second["sequence"]) > int(first["sequence"])
    assert str(second["location"]) == "Darbėnų filialas"


def test_an_edit_without_resending_sends_nothing(meeting, staff,
                                                 django_capture_on_commit_callbacks):
    invite(meeting, staff, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    changed = Meeting.objects.get(pk=meeting.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_meeting(changed, by=staff, seen_version=changed.version)
    assert mail.outbox == []


def test_cancelling_an_announced_meeting_sends_a_cancel_to_those_invited(
        meeting, staff, django_capture_on_commit_callbacks):
    invite(meeting, staff, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_meeting(meeting, reason="Pirmininkė serga", by=staff)
    assert len(mail.outbox) == 2
    cal, _mimetype = _calendar(mail.outbox[0])
    assert str(cal["method"]) == "CANCEL"
    assert str(_event(cal)["status"]) == "CANCELLED"
    assert "Pirmininkė serga" in mail.outbox[0].body


def test_cancelling_a_meeting_never_announced_sends_nothing(
        meeting, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_meeting(meeting, reason="Nereikia", by=staff)
    assert mail.outbox == []


def test_the_ics_download_is_a_calendar_file(meeting, staff_client):
    response = staff_client.get(reverse("bendradarbiavimas:meeting_ics", args=[meeting.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    assert str(cal["method"]) == "PUBLISH"
    assert _event(cal).decoded("dtstart") == START


def test_the_invite_button_sends_through_the_view(meeting, staff_client):
    response = staff_client.post(reverse("bendradarbiavimas:meeting_invite",
                                         args=[meeting.pk]))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.invited_at is not None
