"""The minutes and decisions services: writing the minutes with no lost update, signing and
reopening, the decisions' life (deadline, owner, done, reopened, reassigned with history,
cancelled), the quorum flag, who needs a new owner, the personal data and the archive's
list of signed minutes."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from bendradarbiavimas import services_minutes as services
from bendradarbiavimas.models import (
    AgendaItem,
    Decision,
    DecisionStatus,
    GroupMember,
    Meeting,
    MeetingStatus,
)
from bendradarbiavimas.personal_data_minutes import erase, export
from bendradarbiavimas.reports_minutes import signed_minutes
from bendradarbiavimas.selectors_minutes import decision_owner_choices, with_owner_flags
from bendradarbiavimas.tests.factories_groups import make_meeting
from bendradarbiavimas.tests.factories_minutes import (
    at,
    group_world,
    make_decision,
    write_minutes,
)
from bibliotekos.erasure import ERASED_TEXT
from bibliotekos.models import Person
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 12)


@pytest.fixture
def w(staff, librarian_a):
    return group_world(staff=staff, librarian_a=librarian_a)


def items(*titles, **fields):
    return [services.ItemData(title=title, order=number, **fields)
            for number, title in enumerate(titles, start=1)]


# --- the minutes ------------------------------------------------------------------------------

def test_the_first_minutes_start_from_the_agenda_lines_without_their_numbers(w):
    assert [i["title"] for i in services.initial_items(w.meeting)] == [
        "Veiklos plano 2026 m. aptarimas", "Vaikų vasaros skaitymo akcija", "Kiti klausimai"]
    assert [i["order"] for i in services.initial_items(w.meeting)] == [1, 2, 3]


def test_the_secretary_writes_the_minutes_as_a_draft_and_the_version_moves(w):
    before = w.meeting.version
    meeting = services.save_minutes(
        meeting=w.meeting, intro="Posėdį pradėjo pirmininkė.", by=w.secretary,
        seen_version=before,
        items=items("Planas", "Akcija", presenter="Rasa", discussed="Aptarta.",
                    decided="Pritarti."))
    assert meeting.minutes_status == "draft"
    assert meeting.version == before + 1
    assert meeting.minutes_written_by == w.secretary
    stored = list(AgendaItem.objects.filter(meeting=meeting).order_by("order"))
    assert [(i.order, i.title, i.written_by) for i in stored] == [
        (1, "Planas", w.secretary), (2, "Akcija", w.secretary)]
    assert meeting.history.first().history_user == w.secretary


def test_the_second_of_two_editors_is_refused_and_nothing_of_theirs_is_saved(w):
    seen = w.meeting.version
    services.save_minutes(meeting=w.meeting, intro="Pirmoji", items=items("Pirmasis"),
                          by=w.chair, seen_version=seen)
    with pytest.raises(services.Refused) as refused:
        services.save_minutes(meeting=w.meeting, intro="Antroji", items=items("Antrasis"),
                              by=w.secretary, seen_version=seen)
    assert refused.value.code == "stale"
    meeting = Meeting.objects.get(pk=w.meeting.pk)
    assert meeting.minutes_intro == "Pirmoji"
    assert list(meeting.items.values_list("title", flat=True)) == ["Pirmasis"]


def test_items_are_renumbered_removed_and_keep_who_wrote_them_when_unchanged(w):
    meeting = services.save_minutes(meeting=w.meeting, intro="", by=w.chair,
                                    seen_version=w.meeting.version,
                                    items=items("Pirmas", "Antras", "Trečias"))
    first, second, third = meeting.items.order_by("order")
    data = [services.ItemData(pk=third.pk, order=1, title="Trečias"),
            services.ItemData(pk=first.pk, order=2, title="Pirmas, pataisytas"),
            services.ItemData(order=3, title="Naujas")]
    meeting = services.save_minutes(meeting=meeting, intro="", items=data, by=w.secretary,
                                    seen_version=meeting.version)
    stored = [(i.order, i.title, i.written_by) for i in meeting.items.order_by("order")]
    assert stored == [(1, "Trečias", w.chair), (2, "Pirmas, pataisytas", w.secretary),
                      (3, "Naujas", w.secretary)]
    assert not AgendaItem.objects.filter(pk=second.pk).exists()


def test_minutes_need_an_item_and_a_meeting_not_cancelled(w):
    with pytest.raises(services.Refused):
        services.save_minutes(meeting=w.meeting, intro="x", items=[], by=w.chair,
                              seen_version=w.meeting.version)
    Meeting.objects.filter(pk=w.meeting.pk).update(status=MeetingStatus.CANCELLED)
    w.meeting.refresh_from_db()
    with pytest.raises(services.Refused):
        services.save_minutes(meeting=w.meeting, intro="", items=items("A"), by=w.chair,
                              seen_version=w.meeting.version)


def test_a_member_who_is_not_a_keeper_and_management_may_not_write_minutes(w, manager):
    for user in (w.member, manager):
        with pytest.raises(PermissionDenied):
            services.save_minutes(meeting=w.meeting, intro="", items=items("A"), by=user,
                                  seen_version=w.meeting.version)


def test_signed_minutes_are_closed_until_staff_reopen_them(w, staff):
    meeting = services.save_minutes(meeting=w.meeting, intro="", items=items("A"),
                                    by=w.chair, seen_version=w.meeting.version)
    meeting = services.sign_minutes(meeting=meeting, by=w.chair)
    assert meeting.minutes_status == "final" and meeting.minutes_signed_at
    assert not services.may_write_minutes(w.chair, meeting)
    with pytest.raises(services.Refused) as refused:
        services.save_minutes(meeting=meeting, intro="", items=items("B"), by=w.chair,
                              seen_version=meeting.version)
    assert refused.value.code == "signed"
    with pytest.raises(PermissionDenied):
        services.reopen_minutes(meeting=meeting, by=w.chair)
    with pytest.raises(services.Refused):
        services.sign_minutes(meeting=meeting, by=w.chair)
    meeting = services.reopen_minutes(meeting=meeting, by=staff)
    assert meeting.minutes_status == "draft" and meeting.minutes_signed_at is None
    assert meeting.history.first().history_user == staff


def test_empty_minutes_cannot_be_signed(w):
    Meeting.objects.filter(pk=w.meeting.pk).update(minutes_status="draft")
    with pytest.raises(services.Refused):
        services.sign_minutes(meeting=w.meeting, by=w.chair)


# --- decisions --------------------------------------------------------------------------------

def test_a_decision_gets_a_member_staff_or_a_name_outside_the_portal(w, staff):
    choices = set(decision_owner_choices(w.group))
    assert {w.chair, w.secretary, w.member, staff} <= choices
    decision = services.create_decision(meeting=w.meeting, text="Parengti planą",
                                        owner=w.member, due_on=DAY, by=w.chair)
    assert decision.owner == w.member and decision.history.first().history_user == w.chair
    outside = services.create_decision(meeting=w.meeting, text="Pateikti eksponatus",
                                       owner_name="Jonas Išorinis", by=w.chair)
    assert outside.owner is None and outside.owner_name == "Jonas Išorinis"


def test_a_decision_refuses_a_deadline_before_the_meeting_and_an_outsider_owner(
        w, librarian_b):
    with pytest.raises(services.Refused) as refused:
        services.create_decision(meeting=w.meeting, text="x", owner=w.member,
                                 due_on=DAY - datetime.timedelta(days=1), by=w.chair)
    assert "due_on" in refused.value.error_dict
    with pytest.raises(services.Refused) as refused:
        services.create_decision(meeting=w.meeting, text="x", owner=librarian_b, by=w.chair)
    assert "owner" in refused.value.error_dict
    with pytest.raises(services.Refused):
        services.create_decision(meeting=w.meeting, text="x", by=w.chair)


def test_the_owner_marks_the_decision_done_once_and_a_plain_member_may_not(w, staff):
    decision = make_decision(w.meeting, owner=w.secretary, due_on=DAY)
    with pytest.raises(PermissionDenied):
        services.complete_decision(decision=decision, done_on=DAY, by=w.member)
    with pytest.raises(services.Refused):
        services.complete_decision(decision=decision, done_on=DAY - datetime.timedelta(1),
                                   by=w.secretary)
    done = services.complete_decision(decision=decision, done_on=DAY, note="Atlikta",
                                      by=w.secretary)
    assert (done.status, done.done_on, done.done_by) == (DecisionStatus.DONE, DAY, w.secretary)
    with pytest.raises(services.Refused):
        services.complete_decision(decision=decision, done_on=DAY, by=staff)
    again = services.reopen_decision(decision=done, by=w.secretary)
    assert again.status == DecisionStatus.OPEN and again.done_on is None


def test_a_done_date_in_the_future_is_refused(w):
    decision = make_decision(w.meeting, owner=w.secretary)
    with pytest.raises(services.Refused):
        services.complete_decision(decision=decision, by=w.chair,
                                   done_on=datetime.date.today() + datetime.timedelta(days=3))


def test_reassigning_records_who_and_when_and_reminds_the_new_owner_anew(w, staff):
    decision = make_decision(w.meeting, owner=w.member, due_on=DAY)
    Decision.objects.filter(pk=decision.pk).update(reminded_at=at(DAY))
    decision.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.reassign_decision(decision=decision, owner=w.secretary, by=w.member)
    moved = services.reassign_decision(decision=decision, owner=w.secretary, by=w.chair)
    assert moved.owner == w.secretary and moved.reminded_at is None
    record = moved.history.first()
    assert record.history_user == w.chair and record.owner_id == w.secretary.pk
    assert w.member.full_name in record.history_change_reason
    assert record.prev_record.owner_id == w.member.pk


def test_a_keeper_cancels_with_a_reason(w):
    decision = make_decision(w.meeting, owner=w.member)
    with pytest.raises(services.Refused):
        services.cancel_decision(decision=decision, reason=" ", by=w.chair)
    cancelled = services.cancel_decision(decision=decision, reason="Nebeaktualu", by=w.chair)
    assert cancelled.status == DecisionStatus.CANCELLED and cancelled.done_note == "Nebeaktualu"
    with pytest.raises(PermissionDenied):
        services.reopen_decision(decision=cancelled, by=w.member)


def test_decisions_of_a_meeting_without_a_quorum_are_flagged(w):
    decision = make_decision(w.meeting, owner=w.member)
    assert decision.without_quorum is False
    Meeting.objects.filter(pk=w.meeting.pk).update(quorum_met=False)
    assert Decision.objects.get(pk=decision.pk).without_quorum is True


def test_an_owner_who_left_the_group_or_is_inactive_needs_a_new_owner(w, staff):
    gone = make_decision(w.meeting, owner=w.member, text="Narys išėjo")
    inactive_user = UserFactory(role="librarian", email="neaktyvi@test.lt", is_active=False)
    GroupMember.objects.create(group=w.group, user=inactive_user, name="Neaktyvi")
    inactive = make_decision(w.meeting, owner=inactive_user, text="Neaktyvi")
    by_staff = make_decision(w.meeting, owner=staff, text="Skyriaus")
    current = make_decision(w.meeting, owner=w.secretary, text="Sekretorė")
    erased = make_decision(w.meeting, owner_name=ERASED_TEXT, text="Ištrintas")
    done = make_decision(w.meeting, owner=w.member, text="Įvykdyta",
                         status=DecisionStatus.DONE)
    GroupMember.objects.filter(pk=w.member_member.pk).update(
        ends_on=datetime.date.today() - datetime.timedelta(days=1))
    flagged = set(with_owner_flags(Decision.objects.all()).filter(needs_owner=True)
                  .values_list("pk", flat=True))
    assert flagged == {gone.pk, inactive.pk, erased.pk}
    assert by_staff.pk not in flagged and current.pk not in flagged and done.pk not in flagged


# --- personal data and the archive ------------------------------------------------------------

def test_the_personal_data_lists_and_erasure_keeps_the_decision_without_the_name(w):
    person = Person.objects.create(first_name="Aldona", last_name="Ąžuolienė", user=w.member)
    meeting = write_minutes(w.meeting, by=w.member,
                            items=[{"title": "Pranešimas", "presenter": "Aldona Ąžuolienė"}])
    decision = make_decision(meeting, owner=w.member, text="Aldona Ąžuolienė parengs planą")
    rows = export(person)
    assert {row["record"] for row in rows} == {
        "decision owned or naming the person", "agenda item written by or naming the person"}
    assert erase(person) >= 2
    decision.refresh_from_db()
    assert decision.owner is None and decision.owner_name == ERASED_TEXT
    assert "Ąžuolienė" not in decision.text
    item = meeting.items.get()
    assert item.presenter == ERASED_TEXT and item.written_by == w.member


def test_the_archive_lists_the_years_signed_minutes_only(w, staff):
    write_minutes(w.meeting, by=w.chair, signed=True)
    draft = make_meeting(w.group, starts_at=at(datetime.date(2026, 4, 2)),
                         status=MeetingStatus.HELD, by=staff)
    write_minutes(draft, by=w.chair)
    found = signed_minutes(2026)
    assert [d["date"] for d in found] == [DAY]
    assert "POSĖDŽIO PROTOKOLAS".capitalize() in found[0]["title"]
    assert found[0]["url"] == w.meeting.get_absolute_url()
    assert signed_minutes(2025) == []
