"""The contests' services: the moves (once each, with what a draft needs to open, the
submitted nominations admitted when the evaluation starts, back to draft only while
nobody nominated), the timetable, two editors, categories and criteria frozen once the
evaluation starts, the jury's one chair and its end at closing, and staff only."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from apdovanojimai import services_contests as services
from apdovanojimai.models import (
    Category,
    Contest,
    ContestStatus,
    Criterion,
    JuryMember,
    JuryRole,
    NominationStatus,
)
from apdovanojimai.tests.factories import (
    add_juror,
    declare,
    make_contest,
    make_nomination,
    make_person,
)
from apdovanojimai.tests.factories_contests import make_draft
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


# --- moves ------------------------------------------------------------------------------------

def test_a_draft_with_a_category_a_criterion_and_a_chair_opens_once(staff, manager):
    contest = make_draft(by=staff, chair=manager)
    opened = services.open_nominations(contest=contest, by=staff)
    assert opened.status == ContestStatus.OPEN and opened.version == 2
    with pytest.raises(services.Refused) as refusal:
        services.open_nominations(contest=contest, by=staff)
    assert refusal.value.code == "moved"
    assert Contest.objects.get(pk=contest.pk).version == 2
    assert opened.history.first().history_user == staff


def test_a_draft_without_a_chair_or_criteria_does_not_open(staff):
    contest = make_draft(by=staff, criteria=())
    with pytest.raises(services.Refused) as refusal:
        services.open_nominations(contest=contest, by=staff)
    assert refusal.value.code == "incomplete"
    assert Contest.objects.get(pk=contest.pk).status == ContestStatus.DRAFT


def test_starting_the_evaluation_admits_the_submitted_nominations_only(staff, territory):
    contest = make_contest(by=staff)
    waiting = make_nomination(contest, by=staff, status=NominationStatus.SUBMITTED,
                              person=make_person(territory.system_a))
    refused = make_nomination(contest, by=staff, status=NominationStatus.REJECTED,
                              person=make_person(territory.system_a, first_name="Ona"))
    withdrawn = make_nomination(contest, by=staff, status=NominationStatus.WITHDRAWN,
                                person=make_person(territory.branch_a, first_name="Eglė"))
    moved = services.start_evaluation(contest=contest, by=staff)
    assert moved.status == ContestStatus.EVALUATION and moved.admitted == 1
    waiting.refresh_from_db(), refused.refresh_from_db(), withdrawn.refresh_from_db()
    assert (waiting.status, refused.status, withdrawn.status) == (
        NominationStatus.ACCEPTED, NominationStatus.REJECTED, NominationStatus.WITHDRAWN)
    with pytest.raises(services.Refused):
        services.start_evaluation(contest=contest, by=staff)


def test_an_open_contest_returns_to_a_draft_only_while_nobody_nominated(staff, territory):
    contest = make_contest(by=staff)
    assert services.reopen_draft(contest=contest, by=staff).status == ContestStatus.DRAFT
    other = make_contest(by=staff, title="Kitas")
    make_nomination(other, by=staff, status=NominationStatus.WITHDRAWN,
                    person=make_person(territory.system_a))
    with pytest.raises(services.Refused) as refusal:
        services.reopen_draft(contest=other, by=staff)
    assert refusal.value.code == "nominated"


@pytest.mark.parametrize("user", ["manager", "librarian_a"])
def test_only_staff_move_a_contest(request, staff, user):
    contest = make_draft(by=staff, chair=staff)
    with pytest.raises(PermissionDenied):
        services.open_nominations(contest=contest, by=request.getfixturevalue(user))


# --- the contest ------------------------------------------------------------------------------

@pytest.mark.parametrize(("changes", "field"), [
    ({"nominations_close": days(-20)}, "nominations_close"),
    ({"scoring_until": days(5)}, "scoring_until"),
    ({"results_on": days(20)}, "results_on"),
])
def test_the_timetable_must_be_in_order(staff, changes, field):
    contest = make_draft(by=staff)
    for name, value in changes.items():
        setattr(contest, name, value)
    with pytest.raises(services.Refused) as refusal:
        services.update_contest(contest=contest, by=staff, seen_version=contest.version)
    assert field in refusal.value.error_dict


def test_a_save_after_another_editors_is_refused(staff):
    contest = make_draft(by=staff)
    first = Contest.objects.get(pk=contest.pk)
    second = Contest.objects.get(pk=contest.pk)
    first.title = "Pirmojo redaktoriaus"
    services.update_contest(contest=first, by=staff, seen_version=1)
    second.title = "Antrojo redaktoriaus"
    with pytest.raises(services.Refused) as refusal:
        services.update_contest(contest=second, by=staff, seen_version=1)
    assert refusal.value.code == "stale"
    assert Contest.objects.get(pk=contest.pk).title == "Pirmojo redaktoriaus"


def test_a_created_contest_is_a_draft_whatever_it_says(staff):
    contest = Contest(title="Naujas", year=2026, nominations_open=days(1),
                      nominations_close=days(10), status=ContestStatus.PUBLISHED)
    created = services.create_contest(contest=contest, by=staff)
    assert created.status == ContestStatus.DRAFT and created.created_by == staff


# --- categories and criteria ------------------------------------------------------------------

def test_categories_and_criteria_change_until_the_evaluation_starts(staff):
    contest = make_contest(by=staff)
    category = Category(contest=contest, name="Jaunasis bibliotekininkas")
    services.save_category(category=category, by=staff)
    criterion = Criterion(contest=contest, name="Naujumas", weight=1, min_score=0, max_score=5)
    services.save_criterion(criterion=criterion, by=staff)
    Contest.objects.filter(pk=contest.pk).update(status=ContestStatus.EVALUATION)
    category.name = "Pakeista"
    with pytest.raises(services.Refused):
        services.save_category(category=category, by=staff)
    with pytest.raises(services.Refused):
        services.delete_criterion(criterion=criterion, by=staff)
    assert Category.objects.get(pk=category.pk).name == "Jaunasis bibliotekininkas"


def test_a_criterion_needs_a_range_and_a_positive_weight(staff):
    contest = make_contest(by=staff)
    for fields in ({"min_score": 5, "max_score": 5, "weight": 1},
                   {"min_score": 0, "max_score": 5, "weight": 0}):
        with pytest.raises(services.Refused):
            services.save_criterion(criterion=Criterion(contest=contest, name="X", **fields),
                                    by=staff)
    assert contest.criteria.count() == 3


def test_a_category_someone_was_nominated_in_is_not_deleted(staff, territory):
    contest = make_contest(by=staff)
    make_nomination(contest, by=staff, person=make_person(territory.system_a),
                    status=NominationStatus.SUBMITTED)
    with pytest.raises(services.Refused):
        services.delete_category(category=contest.categories.get(), by=staff)


# --- the jury ---------------------------------------------------------------------------------

def test_a_new_chair_makes_the_former_chair_a_member(staff, manager):
    contest = make_draft(by=staff, chair=manager)
    other = UserFactory(role="staff")
    services.add_juror(contest=contest, user=other, role=JuryRole.CHAIR, by=staff)
    roles = dict(JuryMember.objects.filter(contest=contest).values_list("user_id", "role"))
    assert roles == {manager.pk: JuryRole.MEMBER, other.pk: JuryRole.CHAIR}
    member = JuryMember.objects.get(contest=contest, user=manager)
    services.set_juror_role(member=member, role=JuryRole.CHAIR, by=staff)
    roles = dict(JuryMember.objects.filter(contest=contest).values_list("user_id", "role"))
    assert roles == {manager.pk: JuryRole.CHAIR, other.pk: JuryRole.MEMBER}


def test_the_same_user_joins_a_jury_once(staff, manager):
    contest = make_draft(by=staff, chair=manager)
    with pytest.raises(services.Refused) as refusal:
        services.add_juror(contest=contest, user=manager, by=staff)
    assert refusal.value.code == "twice"


def test_the_jury_is_kept_once_scoring_is_closed(staff, manager):
    contest = make_contest(by=staff, status=ContestStatus.EVALUATION,
                           scoring_closed_at=timezone.now())
    member = add_juror(contest, manager, chair=True)
    with pytest.raises(services.Refused):
        services.add_juror(contest=contest, user=UserFactory(role="staff"), by=staff)
    with pytest.raises(services.Refused):
        services.set_juror_role(member=member, role=JuryRole.MEMBER, by=staff)
    with pytest.raises(services.Refused):
        services.remove_juror(member=member, by=staff)


def test_a_juror_who_has_declared_is_not_removed(staff, manager, territory):
    contest = make_contest(by=staff, status=ContestStatus.EVALUATION)
    member = add_juror(contest, manager)
    nomination = make_nomination(contest, by=staff, person=make_person(territory.system_a))
    declare(nomination, member)
    with pytest.raises(services.Refused) as refusal:
        services.remove_juror(member=member, by=staff)
    assert refusal.value.code == "worked"
    fresh = add_juror(contest, UserFactory(role="staff"))
    services.remove_juror(member=fresh, by=staff)
    assert not JuryMember.objects.filter(pk=fresh.pk).exists()
