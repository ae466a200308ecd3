"""The groups area's services: members and terms, one chair at a time, meetings numbered
per group and year, editing safe against two keepers, cancelling, attendance and the
quorum (the group's number, or more than half of the voting members on the day)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied

from bendradarbiavimas import services_groups as services
from bendradarbiavimas.models import (
    Attendance,
    AttendanceStatus,
    GroupMember,
    Meeting,
    MeetingStatus,
    MemberRole,
)
from bendradarbiavimas.selectors_groups import quorum_count, quorum_needed
from bendradarbiavimas.tests.factories_groups import add_member, make_group, make_meeting
from bibliotekos.models import Person
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
VILNIUS = ZoneInfo("Europe/Vilnius")


def at(day: str, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(hour),
                                     tzinfo=VILNIUS)


def d(day: str) -> datetime.date:
    return datetime.date.fromisoformat(day)


@pytest.fixture
def group(staff):
    return make_group(by=staff)


def librarian(territory, email):
    user = UserFactory(role="librarian", email=email)
    territory.system_a.memberships.create(user=user, role="librarian")
    return user


# --- members -----------------------------------------------------------------------------------

def test_a_member_from_the_registry_brings_their_portal_account(group, staff, territory):
    account = librarian(territory, "ona@test.lt")
    person = Person.objects.create(first_name="Ona", last_name="Onaitė", user=account,
                                   library=territory.system_a)
    member = services.add_member(group, person=person, by=staff)
    assert member.user == account and member.person == person and member.name == ""


def test_a_portal_user_with_a_registry_person_is_linked_to_that_person(group, staff,
                                                                        territory):
    account = librarian(territory, "ona@test.lt")
    person = Person.objects.create(first_name="Ona", last_name="Onaitė", user=account)
    member = services.add_member(group, user=account, by=staff)
    assert member.person == person


def test_a_member_from_outside_needs_a_name(group, staff):
    with pytest.raises(services.Refused):
        services.add_member(group, name="  ", by=staff)
    member = services.add_member(group, name="Jonas Išorinis", organisation="LNB",
                                 email="jonas@lnb.lt", by=staff)
    assert member.contact_email == "jonas@lnb.lt"


def test_a_second_chair_for_the_same_term_is_refused(group, staff):
    services.add_member(group, name="Pirmoji Pirmininkė", role=MemberRole.CHAIR, by=staff,
                        starts_on=d("2025-01-01"))
    with pytest.raises(services.Refused) as refused:
        services.add_member(group, name="Antroji Pirmininkė", role=MemberRole.CHAIR,
                            by=staff, starts_on=d("2026-01-01"))
    assert refused.value.code == "chair"


def test_a_new_chair_after_the_first_ones_term_ended_is_accepted(group, staff):
    first = services.add_member(group, name="Pirmoji Pirmininkė", role=MemberRole.CHAIR,
                                by=staff, starts_on=d("2025-01-01"))
    services.end_member(first, ends_on=d("2025-12-31"), reason="Išėjo į pensiją", by=staff)
    second = services.add_member(group, name="Antroji Pirmininkė", role=MemberRole.CHAIR,
                                 by=staff, starts_on=d("2026-01-01"))
    assert second.pk


def test_the_same_person_twice_for_overlapping_terms_is_refused(group, staff, territory):
    person = Person.objects.create(first_name="Ona", last_name="Onaitė")
    services.add_member(group, person=person, by=staff, starts_on=d("2025-01-01"),
                        ends_on=d("2025-12-31"))
    with pytest.raises(services.Refused) as refused:
        services.add_member(group, person=person, by=staff, starts_on=d("2025-06-01"))
    assert refused.value.code == "twice"
    assert services.add_member(group, person=person, by=staff, starts_on=d("2026-01-01")).pk


def test_a_membership_cannot_end_before_it_starts(group, staff):
    with pytest.raises(services.Refused):
        services.add_member(group, name="Ona", by=staff, starts_on=d("2026-02-01"),
                            ends_on=d("2026-01-01"))
    member = services.add_member(group, name="Ona Onaitė", by=staff,
                                 starts_on=d("2026-02-01"))
    with pytest.raises(services.Refused):
        services.end_member(member, ends_on=d("2026-01-31"), reason="Klaida", by=staff)


def test_ending_a_membership_keeps_the_row_with_the_reason(group, staff):
    member = services.add_member(group, name="Ona Onaitė", by=staff)
    services.end_member(member, ends_on=d("2026-01-31"), reason="Pakeista įsakymu", by=staff)
    member.refresh_from_db()
    assert (member.ends_on, member.end_reason) == (d("2026-01-31"), "Pakeista įsakymu")
    assert GroupMember.objects.filter(pk=member.pk).exists()


def test_management_and_librarians_may_not_manage_members(group, manager, librarian_a):
    for user in (manager, librarian_a):
        with pytest.raises(PermissionDenied):
            services.add_member(group, name="Ona Onaitė", by=user)


# --- meetings ----------------------------------------------------------------------------------

def test_meetings_are_numbered_per_group_and_year(group, staff):
    other = make_group(name="Kita grupė", by=staff)
    first = services.create_meeting(Meeting(group=group, starts_at=at("2025-03-01")), by=staff)
    second = services.create_meeting(Meeting(group=group, starts_at=at("2025-06-01")),
                                     by=staff)
    elsewhere = services.create_meeting(Meeting(group=other, starts_at=at("2025-06-01")),
                                        by=staff)
    next_year = services.create_meeting(Meeting(group=group, starts_at=at("2026-01-10")),
                                        by=staff)
    assert [first.number, second.number, elsewhere.number, next_year.number] == [1, 2, 1, 1]


def test_a_meeting_must_end_after_it_starts(group, staff):
    with pytest.raises(services.Refused):
        services.create_meeting(Meeting(group=group, starts_at=at("2026-03-01", 12),
                                        ends_at=at("2026-03-01", 11)), by=staff)


def test_the_chair_keeps_meetings_and_a_plain_member_may_not(group, staff, territory):
    chair_user = librarian(territory, "pirmininke@test.lt")
    member_user = librarian(territory, "narys@test.lt")
    add_member(group, user=chair_user, role=MemberRole.CHAIR)
    add_member(group, user=member_user)
    meeting = services.create_meeting(Meeting(group=group, starts_at=at("2026-03-01")),
                                      by=chair_user)
    assert meeting.created_by == chair_user
    with pytest.raises(PermissionDenied):
        services.create_meeting(Meeting(group=group, starts_at=at("2026-03-02")),
                                by=member_user)


def test_a_chair_whose_term_ended_keeps_nothing(group, staff, territory):
    chair_user = librarian(territory, "pirmininke@test.lt")
    add_member(group, user=chair_user, role=MemberRole.CHAIR, ends_on=d("2020-01-01"))
    with pytest.raises(PermissionDenied):
        services.create_meeting(Meeting(group=group, starts_at=at("2026-03-01")),
                                by=chair_user)


def test_two_keepers_saving_the_same_meeting_lose_no_update(group, staff):
    meeting = make_meeting(group, by=staff)
    first, second = Meeting.objects.get(pk=meeting.pk), Meeting.objects.get(pk=meeting.pk)
    first.place = "Salė 1"
    services.update_meeting(first, by=staff, seen_version=1)
    second.place = "Salė 2"
    with pytest.raises(services.Refused) as refused:
        services.update_meeting(second, by=staff, seen_version=1)
    assert refused.value.code == "stale"
    meeting.refresh_from_db()
    assert (meeting.place, meeting.version) == ("Salė 1", 2)


def test_cancelling_needs_a_reason_and_happens_once(group, staff):
    meeting = make_meeting(group, by=staff)
    with pytest.raises(services.Refused):
        services.cancel_meeting(meeting, reason=" ", by=staff)
    services.cancel_meeting(meeting, reason="Pirmininkė serga", by=staff)
    with pytest.raises(services.Refused):
        services.cancel_meeting(meeting, reason="Dar kartą", by=staff)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.cancel_reason) == (MeetingStatus.CANCELLED,
                                                       "Pirmininkė serga")
    assert meeting.history.first().history_user == staff


# --- attendance and the quorum -----------------------------------------------------------------

def _held(group, staff, statuses, day="2026-01-15"):
    meeting = make_meeting(group, by=staff, starts_at=at(day))
    return services.record_attendance(meeting, statuses={m.pk: s for m, s in statuses},
                                      guests="Svečias Svetys, LNB", by=staff)


def test_without_a_set_quorum_more_than_half_of_the_voting_members_must_attend(group, staff):
    members = [add_member(group, name=f"Narys {i}") for i in range(4)]
    # 2 of 4 is not more than half
    meeting = _held(group, staff, [(members[0], "present"), (members[1], "remote"),
                                   (members[2], "excused"), (members[3], "absent")])
    assert meeting.quorum_met is False and meeting.status == MeetingStatus.HELD
    assert quorum_needed(group, d("2026-01-15")) == 3
    again = services.record_attendance(meeting, statuses={members[2].pk: "present"},
                                       guests="", by=staff)
    assert again.quorum_met is True


def test_a_quorum_set_on_the_group_is_used(group, staff):
    group.quorum = 2
    group.save()
    members = [add_member(group, name=f"Narys {i}") for i in range(5)]
    meeting = _held(group, staff, [(members[0], "present"), (members[1], "present")])
    assert meeting.quorum_met is True


def test_observers_do_not_count_toward_the_quorum(group, staff):
    voting = [add_member(group, name=f"Narys {i}") for i in range(2)]
    observers = [add_member(group, name=f"Stebėtojas {i}", role=MemberRole.OBSERVER)
                 for i in range(3)]
    meeting = _held(group, staff, [(voting[0], "present")]
                    + [(o, "present") for o in observers])
    counted = quorum_count(meeting)
    assert (counted["voting"], counted["attended"], counted["needed"]) == (2, 1, 2)
    assert meeting.quorum_met is False


def test_members_whose_term_ended_before_the_meeting_are_not_counted(group, staff):
    present = [add_member(group, name=f"Narys {i}") for i in range(2)]
    [add_member(group, name=f"Buvęs {i}", ends_on=d("2025-12-31")) for i in range(3)]
    add_member(group, name="Būsimas", starts_on=d("2026-02-01"))
    meeting = _held(group, staff, [(m, "present") for m in present])
    assert quorum_count(meeting)["voting"] == 2
    assert meeting.quorum_met is True


def test_attendance_of_someone_not_a_member_on_the_day_is_ignored(group, staff):
    member = add_member(group, name="Narys")
    former = add_member(group, name="Buvęs", ends_on=d("2025-12-31"))
    meeting = _held(group, staff, [(member, "present"), (former, "present")])
    assert list(meeting.attendance.values_list("member_id", flat=True)) == [member.pk]
    assert meeting.guests == "Svečias Svetys, LNB"


def test_attendance_of_a_future_or_cancelled_meeting_is_refused(group, staff):
    member = add_member(group, name="Narys")
    future = make_meeting(group, by=staff)
    with pytest.raises(services.Refused):
        services.record_attendance(future, statuses={member.pk: "present"}, guests="",
                                   by=staff)
    services.cancel_meeting(future, reason="Nėra kvorumo", by=staff)
    with pytest.raises(services.Refused):
        services.record_attendance(future, statuses={member.pk: "present"}, guests="",
                                   by=staff)


def test_invitations_create_absent_rows_for_every_member_on_the_day(group, staff,
                                                                    django_capture_on_commit_callbacks):
    voting = add_member(group, name="Narys", email="narys@test.lt")
    observer = add_member(group, name="Stebėtojas", role=MemberRole.OBSERVER)
    add_member(group, name="Buvęs", ends_on=d("2020-01-01"))
    meeting = make_meeting(group, by=staff)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.send_invitations(meeting, by=staff)
    assert len(callbacks) == 1
    rows = Attendance.objects.filter(meeting=meeting)
    assert {r.member_id for r in rows} == {voting.pk, observer.pk}
    assert all(r.status == AttendanceStatus.ABSENT and r.invited_at for r in rows)
    meeting.refresh_from_db()
    assert meeting.invited_at is not None
