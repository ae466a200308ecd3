"""The groups area's pages: who sees what (a member, a former member, an outsider, a
public group), who may write (staff; a chair for meetings; management 403), the forms'
refusals, two keepers editing one meeting, the attendance page, the home card, and query
budgets that do not grow with rows."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bendradarbiavimas.models import GroupMember, Meeting, MeetingStatus, MemberRole, WorkingGroup
from bendradarbiavimas.tests.factories_groups import add_member, make_group, make_meeting
from portalas.testing import count_queries, query_budget
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
VILNIUS = ZoneInfo("Europe/Vilnius")


def _client(user):
    client = Client()
    client.force_login(user, backend="paskyros.backends.EmailBackend")
    return client


def at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=VILNIUS)


def today():
    return timezone.localdate()


def days(n):
    return today() + datetime.timedelta(days=n)


@pytest.fixture
def group(staff, librarian_a):
    group = make_group(by=staff)
    add_member(group, user=librarian_a)
    return group


def url(name, *args):
    return reverse(f"bendradarbiavimas:{name}", args=args)


# --- seeing -----------------------------------------------------------------------------------

def test_a_member_sees_their_group_and_its_meetings(group, client_a, staff):
    meeting = make_meeting(group, by=staff)
    response = client_a.get(url("group_detail", group.pk))
    assert response.status_code == 200
    assert "<strong>skaitymą</strong>" in response.content.decode()   # Markdown purpose
    assert client_a.get(url("meeting_detail", meeting.pk)).status_code == 200


def test_a_librarian_outside_the_group_gets_404(group, client_b, staff):
    meeting = make_meeting(group, by=staff)
    assert client_b.get(url("group_detail", group.pk)).status_code == 404
    assert client_b.get(url("meeting_detail", meeting.pk)).status_code == 404
    assert client_b.get(url("meeting_ics", meeting.pk)).status_code == 404


def test_a_public_groups_pages_are_open_to_every_signed_in_user(client_b, staff):
    group = make_group(name="Metodinė taryba", public=True, by=staff)
    meeting = make_meeting(group, by=staff)
    assert client_b.get(url("group_detail", group.pk)).status_code == 200
    assert client_b.get(url("meeting_detail", meeting.pk)).status_code == 200
    listed = client_b.get(url("group_list")).context["object_list"]
    assert [g.pk for g in listed] == [group.pk]


def test_a_former_member_sees_meetings_up_to_their_end_date_and_404_after(staff, territory):
    user = UserFactory(role="librarian", email="buvusi@test.lt")
    territory.system_a.memberships.create(user=user, role="librarian")
    group = make_group(by=staff)
    add_member(group, user=user, starts_on=days(-100), ends_on=days(-10))
    before = make_meeting(group, by=staff, starts_at=at(days(-20)))
    after = make_meeting(group, by=staff, starts_at=at(days(-5)))
    client = _client(user)
    assert client.get(url("group_detail", group.pk)).status_code == 200
    assert client.get(url("meeting_detail", before.pk)).status_code == 200
    assert client.get(url("meeting_detail", after.pk)).status_code == 404


def test_my_groups_come_first_in_the_list(staff, librarian_a, client_a):
    make_group(name="A viešoji grupė", public=True, by=staff)
    mine = make_group(name="Ž mano grupė", by=staff)
    add_member(mine, user=librarian_a)
    names = [g.name for g in client_a.get(url("group_list")).context["object_list"]]
    assert names == ["Ž mano grupė", "A viešoji grupė"]


def test_the_list_filters_by_kind_and_active(staff_client, staff):
    make_group(name="Konkurso komisija", kind="commission", by=staff)
    make_group(name="Uždaryta grupė", by=staff, closed_on=days(-1))
    response = staff_client.get(url("group_list"), {"kind": "commission"})
    assert [g.name for g in response.context["object_list"]] == ["Konkurso komisija"]
    response = staff_client.get(url("group_list"), {"active": "no"})
    assert [g.name for g in response.context["object_list"]] == ["Uždaryta grupė"]


# --- writing ----------------------------------------------------------------------------------

def test_staff_create_a_group_with_a_quorum_and_the_public_flag(staff_client):
    response = staff_client.post(url("group_create"), {
        "name": "Regioninio konkurso komisija", "kind": "commission", "level": "territory",
        "purpose": "Vertinti konkurso darbus.", "quorum": "3", "public": "on",
        "established_on": "2026-01-15", "term_ends_on": "2026-12-31"})
    group = WorkingGroup.objects.get(name="Regioninio konkurso komisija")
    assert response.status_code == 302 and group.quorum == 3 and group.public
    assert group.history.first().history_user.email == "staff@test.lt"


def test_a_group_term_ending_before_it_started_is_refused(staff_client):
    response = staff_client.post(url("group_create"), {
        "name": "Bloga grupė", "kind": "commission", "level": "territory", "purpose": "x",
        "established_on": "2026-01-15", "term_ends_on": "2025-12-31"})
    assert response.status_code == 200
    assert not WorkingGroup.objects.filter(name="Bloga grupė").exists()


def test_management_gets_403_on_every_write(group, manager, staff):
    client = _client(manager)
    meeting = make_meeting(group, by=staff)
    member = group.members.first()
    assert client.get(url("group_detail", group.pk)).status_code == 200
    assert client.get(url("meeting_detail", meeting.pk)).status_code == 200
    for name, pk in (("group_update", group.pk), ("member_create", group.pk),
                     ("member_update", member.pk), ("member_end", member.pk),
                     ("meeting_create", group.pk), ("meeting_update", meeting.pk),
                     ("meeting_attendance", meeting.pk)):
        assert client.get(url(name, pk)).status_code == 403, name
    assert client.get(url("group_create")).status_code == 403
    for name in ("meeting_invite", "meeting_cancel"):
        assert client.post(url(name, meeting.pk), {"reason": "x"}).status_code == 403, name


def test_librarians_get_403_on_create_and_404_on_another_group(client_a, client_b, group):
    assert client_a.get(url("group_create")).status_code == 403
    assert client_a.get(url("group_update", group.pk)).status_code == 403   # a member
    assert client_b.get(url("group_update", group.pk)).status_code == 404


def test_staff_add_an_external_member_and_a_second_chair_is_refused(group, staff_client):
    response = staff_client.post(url("member_create", group.pk), {
        "source": "external", "name": "Jonas Išorinis", "organisation": "LNB",
        "email": "jonas@lnb.lt", "role": "chair"})
    assert response.status_code == 302
    response = staff_client.post(url("member_create", group.pk), {
        "source": "external", "name": "Petras Antrasis", "role": "chair"})
    assert response.status_code == 200
    assert "Jonas Išorinis" in response.content.decode()
    assert not GroupMember.objects.filter(name="Petras Antrasis").exists()


def test_ending_a_membership_through_the_page(group, staff_client, librarian_a, client_a,
                                              staff):
    member = group.members.get(user=librarian_a)
    later = make_meeting(group, by=staff, starts_at=at(days(3)))
    response = staff_client.post(url("member_end", member.pk), {
        "ends_on": today().isoformat(), "reason": "Išėjo iš darbo"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.end_reason == "Išėjo iš darbo"
    assert client_a.get(url("meeting_detail", later.pk)).status_code == 404


def test_a_chair_plans_a_meeting_and_a_plain_member_gets_403(group, territory, client_a):
    chair = UserFactory(role="librarian", email="pirmininke@test.lt")
    territory.system_a.memberships.create(user=chair, role="librarian")
    add_member(group, user=chair, role=MemberRole.CHAIR)
    form = {"day": days(10).isoformat(), "start": "10:00", "end": "12:00",
            "place": "Salė", "agenda": "1. Planas"}
    response = _client(chair).post(url("meeting_create", group.pk), form)
    meeting = Meeting.objects.get(group=group)
    assert response.status_code == 302 and meeting.number == 1
    assert client_a.post(url("meeting_create", group.pk), form).status_code == 403


def test_a_meeting_ending_before_it_starts_is_refused(group, staff_client):
    response = staff_client.post(url("meeting_create", group.pk), {
        "day": days(10).isoformat(), "start": "12:00", "end": "11:00", "agenda": ""})
    assert response.status_code == 200
    assert not Meeting.objects.exists()


def test_two_keepers_saving_the_same_meeting_the_second_is_told(group, staff, staff_client):
    meeting = make_meeting(group, by=staff, starts_at=at(days(10)))
    other = UserFactory(role="staff", email="kita@test.lt")
    form = {"day": days(10).isoformat(), "start": "10:00", "end": "12:00",
            "agenda": "1. Planas", "version": "1"}
    assert staff_client.post(url("meeting_update", meeting.pk),
                             {**form, "place": "Salė 1"}).status_code == 302
    response = _client(other).post(url("meeting_update", meeting.pk),
                                   {**form, "place": "Salė 2"})
    assert response.status_code == 200
    assert "Salė 2" in response.content.decode()
    meeting.refresh_from_db()
    assert (meeting.place, meeting.version) == ("Salė 1", 2)


def test_cancelling_needs_a_reason(group, staff, staff_client):
    meeting = make_meeting(group, by=staff)
    staff_client.post(url("meeting_cancel", meeting.pk), {"reason": ""})
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.PLANNED
    staff_client.post(url("meeting_cancel", meeting.pk), {"reason": "Nėra kvorumo"})
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.CANCELLED


def test_recording_attendance_without_quorum_marks_the_meeting(group, staff, staff_client):
    members = [add_member(group, name=f"Narys {i}") for i in range(3)]
    meeting = make_meeting(group, by=staff, starts_at=at(days(-1)))
    page = staff_client.get(url("meeting_attendance", meeting.pk))
    assert page.status_code == 200 and "Narys 2" in page.content.decode()
    data = {f"m{m.pk}": "absent" for m in members}
    data[f"m{members[0].pk}"] = "present"
    data[f"m{group.members.first().pk}"] = "remote"
    response = staff_client.post(url("meeting_attendance", meeting.pk),
                                 {**data, "guests": "Svečias"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD and meeting.quorum_met is False
    detail = staff_client.get(url("meeting_detail", meeting.pk)).content.decode()
    assert 'id="meeting-no-quorum"' in detail
    group_page = staff_client.get(url("group_detail", group.pk)).content.decode()
    assert "bi-exclamation-triangle" in group_page


def test_the_order_file_is_served_to_members_only(group, client_a, client_b):
    from django.core.files.base import ContentFile

    group.order_file.save("isakymas.pdf", ContentFile(b"%PDF-1.4 test"))
    response = client_a.get(url("group_order_file", group.pk))
    assert response.status_code == 200 and b"".join(response.streaming_content)
    assert client_b.get(url("group_order_file", group.pk)).status_code == 404


def test_the_home_page_shows_my_groups_upcoming_meetings(group, staff, client_a, client_b):
    make_meeting(group, by=staff, starts_at=at(days(3)))
    assert "home-group-meetings" in client_a.get("/").content.decode()
    assert "home-group-meetings" not in client_b.get("/").content.decode()


def test_the_calendar_source_gives_the_meetings_the_user_may_see(group, staff, librarian_a,
                                                                 librarian_b):
    from portalas.registry import calendar_sources

    make_meeting(group, by=staff, starts_at=at(days(3)))
    source = calendar_sources.get("bendradarbiavimas.meetings")
    assert len(list(source.entries(days(0), days(10), librarian_a))) == 1
    assert list(source.entries(days(0), days(10), librarian_b)) == []


# --- query budgets ---------------------------------------------------------------------------

def _fill(group, staff, n):
    for i in range(n):
        add_member(group, name=f"Narys {i}", organisation="Biblioteka")
    for i in range(n):
        make_meeting(group, by=staff, starts_at=at(days(-400 + i * 10)),
                     status=MeetingStatus.HELD)


def test_the_list_stays_within_its_query_budget(staff, staff_client):
    def page():
        assert staff_client.get(url("group_list")).status_code == 200

    make_group(name="Grupė 0", by=staff)
    few = count_queries(page)
    for i in range(1, 30):
        add_member(make_group(name=f"Grupė {i}", by=staff), name="Narys")
    with query_budget(few):
        page()
    assert few <= 20


def test_the_group_and_attendance_pages_stay_within_their_query_budgets(group, staff,
                                                                          staff_client):
    meeting = make_meeting(group, by=staff, starts_at=at(days(-1)))

    def pages():
        assert staff_client.get(url("group_detail", group.pk)).status_code == 200
        assert staff_client.get(url("meeting_attendance", meeting.pk)).status_code == 200
        assert staff_client.get(url("meeting_detail", meeting.pk)).status_code == 200

    few = count_queries(pages)
    _fill(group, staff, 30)
    data = {f"m{m.pk}": "present" for m in group.members.all()}
    staff_client.post(url("meeting_attendance", meeting.pk), data)
    with query_budget(few + 4):    # the held meeting shows its attendance and quorum
        pages()
