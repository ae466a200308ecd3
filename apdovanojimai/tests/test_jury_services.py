"""The jury's services: the declaration (forced conflicts of the juror's own library tree
and of their own nomination, final once made, reset by staff), the score sheet (range, one
decimal, complete or draft, stale tabs, after closing), the chair's note and closing (the
chair only; two closes at once close once), and an audit event for every action."""

import threading
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connections

from apdovanojimai import services_jury as services
from apdovanojimai.models import (
    Assessment,
    ConflictReason,
    Contest,
    ContestStatus,
    JuryAction,
    JuryEvent,
    Result,
    Score,
)
from apdovanojimai.tests.factories import give_scores
from apdovanojimai.tests.factories_jury import jury_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(territory, staff, manager, librarian_a):
    return jury_world(territory=territory, staff=staff, manager=manager,
                      librarian_a=librarian_a)


def values(w, *numbers):
    criteria = list(w.contest.criteria.order_by("order", "pk"))
    return {c.pk: n for c, n in zip(criteria, numbers, strict=True)}


def sheet(w, seat, nomination, *numbers, complete=True):
    services.declare(nomination=nomination, by=seat.user, conflict=False)
    version = Assessment.objects.get(nomination=nomination, juror=seat).version
    return services.score(nomination=nomination, by=seat.user, values=values(w, *numbers),
                          complete=complete, seen_version=version)


# --- declarations -----------------------------------------------------------------------------

def test_a_juror_of_the_nominees_own_library_system_is_forced_to_a_conflict(w):
    assert services.forced_conflict(w.a_seat.user, w.of_a) == ConflictReason.OWN_LIBRARY
    with pytest.raises(services.Refused) as refused:
        services.declare(nomination=w.of_a, by=w.a_seat.user, conflict=False)
    assert refused.value.code == "forced"
    assert not Assessment.objects.filter(declared_at__isnull=False).exists()
    assessment = services.declare(nomination=w.of_a, by=w.a_seat.user, conflict=True,
                                  reason=ConflictReason.RELATIVE, note="Kolegė")
    assert assessment.conflict is True
    assert assessment.conflict_reason == ConflictReason.OWN_LIBRARY   # the forced reason
    assert JuryEvent.objects.filter(action=JuryAction.DECLARED_CONFLICT,
                                    actor=w.a_seat.user, nomination=w.of_a).count() == 1


def test_the_juror_with_a_conflict_cannot_score_it(w):
    services.declare(nomination=w.of_a, by=w.a_seat.user, conflict=True)
    with pytest.raises(services.Refused) as refused:
        services.score(nomination=w.of_a, by=w.a_seat.user, values=values(w, 8, 7, 4),
                       complete=True, seen_version=2)
    assert refused.value.code == "declared"
    assert not Score.objects.exists()


def test_a_nominator_on_the_jury_is_forced_to_a_conflict(w):
    # library B's director nominated their own person: the tree and the nomination both
    assert services.forced_conflict(w.b_seat.user, w.of_b) == ConflictReason.NOMINATOR
    assert services.forced_conflict(w.staff_seat.user, w.of_school) == \
        ConflictReason.NOMINATOR
    assert services.forced_conflict(w.staff_seat.user, w.of_a) == ""
    assert services.forced_conflict(w.a_seat.user, w.of_b) == ""


def test_an_outlet_anywhere_in_the_jurors_tree_counts_as_their_own_library(
        w, territory, librarian_b):
    from apdovanojimai.tests.factories import make_nomination, make_person

    nominee = make_nomination(w.contest, by=w.staff_seat.user,
                              person=make_person(territory.branch_a, first_name="Vida"))
    assert services.forced_conflict(w.a_seat.user, nominee) == ConflictReason.OWN_LIBRARY
    assert services.forced_conflict(librarian_b, w.of_school) == ConflictReason.OWN_LIBRARY


def test_a_conflict_needs_its_kind_and_a_declaration_is_final(w):
    with pytest.raises(services.Refused):
        services.declare(nomination=w.of_b, by=w.a_seat.user, conflict=True, reason="")
    services.declare(nomination=w.of_b, by=w.a_seat.user, conflict=False)
    with pytest.raises(services.Refused) as refused:
        services.declare(nomination=w.of_b, by=w.a_seat.user, conflict=True,
                         reason=ConflictReason.RELATIVE)
    assert refused.value.code == "declared"
    assert Assessment.objects.get(nomination=w.of_b, juror=w.a_seat).conflict is False


def test_someone_off_the_jury_cannot_declare(w, librarian_b):
    with pytest.raises(PermissionDenied):
        services.declare(nomination=w.of_a, by=librarian_b, conflict=False)


def test_staff_reset_a_declaration_while_scoring_is_open_and_it_is_logged(w, staff):
    sheet(w, w.a_seat, w.of_b, 8, 7, 4)
    assessment = Assessment.objects.get(nomination=w.of_b, juror=w.a_seat)
    with pytest.raises(PermissionDenied):
        services.reset_declaration(assessment=assessment, by=w.a_seat.user)
    services.reset_declaration(assessment=assessment, by=staff)
    assert not Assessment.objects.filter(pk=assessment.pk).exists()
    assert not Score.objects.exists()
    event = JuryEvent.objects.get(action=services.RESET)
    assert event.actor == staff and event.detail["juror"] == w.a_seat.user_id
    services.declare(nomination=w.of_b, by=w.a_seat.user, conflict=True,
                     reason=ConflictReason.RELATIVE)


# --- scores -----------------------------------------------------------------------------------

def test_a_score_outside_the_range_is_refused(w):
    services.declare(nomination=w.of_b, by=w.a_seat.user, conflict=False)
    version = Assessment.objects.get(nomination=w.of_b, juror=w.a_seat).version
    for bad in ((11, 7, 4), (8, 7, 6), (8, -1, 4), ("7.25", 7, 4)):
        with pytest.raises(services.Refused) as refused:
            services.score(nomination=w.of_b, by=w.a_seat.user, values=values(w, *bad),
                           complete=True, seen_version=version)
        assert refused.value.code == "invalid"
    assert not Score.objects.exists()
    services.score(nomination=w.of_b, by=w.a_seat.user, values=values(w, 10, "0.5", 5),
                   complete=True, seen_version=version)
    assert sorted(Score.objects.values_list("value", flat=True)) == [
        Decimal("0.5"), Decimal("5.0"), Decimal("10.0")]


def test_a_partial_sheet_is_a_draft_and_a_complete_one_needs_every_criterion(w):
    services.declare(nomination=w.of_b, by=w.a_seat.user, conflict=False)
    version = Assessment.objects.get(nomination=w.of_b, juror=w.a_seat).version
    partial = values(w, 8, None, None)
    with pytest.raises(services.Refused):
        services.score(nomination=w.of_b, by=w.a_seat.user, values=partial, complete=True,
                       seen_version=version)
    draft = services.score(nomination=w.of_b, by=w.a_seat.user, values=partial,
                           complete=False, seen_version=version)
    assert draft.completed_at is None and draft.scores.count() == 1
    done = services.score(nomination=w.of_b, by=w.a_seat.user, values=values(w, 8, 7, 4),
                          complete=True, seen_version=draft.version)
    assert done.completed_at is not None and done.scores.count() == 3
    actions = list(JuryEvent.objects.filter(nomination=w.of_b).values_list("action",
                                                                            flat=True))
    assert actions == [JuryAction.DECLARED_NONE, JuryAction.SCORED, JuryAction.RESCORED]
    last = JuryEvent.objects.filter(action=JuryAction.RESCORED).get()
    assert sorted(last.detail["scores"].values()) == ["4.0", "7.0", "8.0"]


def test_a_sheet_saved_in_another_tab_is_not_overwritten(w):
    services.declare(nomination=w.of_b, by=w.a_seat.user, conflict=False)
    opened = Assessment.objects.get(nomination=w.of_b, juror=w.a_seat).version
    services.score(nomination=w.of_b, by=w.a_seat.user, values=values(w, 8, 7, 4),
                   complete=True, seen_version=opened)
    with pytest.raises(services.Refused) as refused:
        services.score(nomination=w.of_b, by=w.a_seat.user, values=values(w, 1, 1, 1),
                       complete=True, seen_version=opened)
    assert refused.value.code == "stale"
    assert sorted(Score.objects.values_list("value", flat=True)) == [4, 7, 8]


def test_changing_scores_or_declarations_after_closing_is_refused(w, staff):
    sheet(w, w.a_seat, w.of_b, 8, 7, 4)
    services.close_scoring(contest=w.contest, by=w.chair.user)
    version = Assessment.objects.get(nomination=w.of_b, juror=w.a_seat).version
    with pytest.raises(services.Refused) as refused:
        services.score(nomination=w.of_b, by=w.a_seat.user, values=values(w, 1, 1, 1),
                       complete=True, seen_version=version)
    assert refused.value.code == "closed"
    with pytest.raises(services.Refused):
        services.declare(nomination=w.of_school, by=w.a_seat.user, conflict=False)
    with pytest.raises(services.Refused):
        services.reset_declaration(
            assessment=Assessment.objects.get(nomination=w.of_b, juror=w.a_seat), by=staff)
    assert sorted(Score.objects.values_list("value", flat=True)) == [4, 7, 8]


def test_nothing_is_declared_or_scored_before_evaluation(territory, staff, manager,
                                                          librarian_a):
    w = jury_world(territory=territory, staff=staff, manager=manager,
                   librarian_a=librarian_a, status=ContestStatus.OPEN)
    with pytest.raises(services.Refused) as refused:
        services.declare(nomination=w.of_b, by=w.a_seat.user, conflict=False)
    assert refused.value.code == "state"


# --- the chair --------------------------------------------------------------------------------

def test_only_the_chair_closes_scoring(w, staff):
    for user in (staff, w.a_seat.user):
        with pytest.raises(PermissionDenied):
            services.close_scoring(contest=w.contest, by=user)
    assert Contest.objects.get(pk=w.contest.pk).scoring_closed_at is None
    services.close_scoring(contest=w.contest, by=w.chair.user)
    contest = Contest.objects.get(pk=w.contest.pk)
    assert contest.scoring_closed_by == w.chair.user
    assert Result.objects.filter(category__contest=contest).count() == 3
    assert JuryEvent.objects.filter(action=JuryAction.CLOSED).count() == 1


def test_closing_twice_closes_once(w):
    services.close_scoring(contest=w.contest, by=w.chair.user)
    with pytest.raises(services.Refused):
        services.close_scoring(contest=w.contest, by=w.chair.user)
    assert JuryEvent.objects.filter(action=JuryAction.CLOSED).count() == 1
    assert Result.objects.count() == 3


def test_a_second_close_from_a_page_opened_before_the_first_is_refused(w):
    opened_before = Contest.objects.get(pk=w.contest.pk)
    services.close_scoring(contest=w.contest, by=w.chair.user)
    assert opened_before.scoring_closed_at is None
    with pytest.raises(services.Refused):
        services.close_scoring(contest=opened_before, by=w.chair.user)
    assert JuryEvent.objects.filter(action=JuryAction.CLOSED).count() == 1


@pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
                    reason="races need PostgreSQL (CI runs the suite there too)")
@pytest.mark.django_db(transaction=True)
def test_two_closes_at_the_same_moment_close_once(territory, staff, manager, librarian_a):
    w = jury_world(territory=territory, staff=staff, manager=manager,
                   librarian_a=librarian_a)
    give_scores(w.of_b, w.a_seat, (8, 7, 4))
    outcomes, barrier = [], threading.Barrier(2)

    def close():
        try:
            barrier.wait(timeout=5)
            services.close_scoring(contest=w.contest, by=w.chair.user)
            outcomes.append("closed")
        except Exception as error:  # noqa: BLE001 - a refusal or a lock timeout
            outcomes.append(type(error).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=close) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("closed") == 1, outcomes
    assert JuryEvent.objects.filter(action=JuryAction.CLOSED).count() == 1
    assert Result.objects.count() == 3


def test_the_chair_writes_the_note_until_the_results_are_published(w):
    with pytest.raises(PermissionDenied):
        services.write_protocol_note(contest=w.contest, by=w.staff_seat.user, note="Ne")
    services.write_protocol_note(contest=w.contest, by=w.chair.user, note=" Vienbalsiai. ")
    services.close_scoring(contest=w.contest, by=w.chair.user)
    services.write_protocol_note(contest=w.contest, by=w.chair.user, note="Papildyta.")
    assert Contest.objects.get(pk=w.contest.pk).protocol_note == "Papildyta."
    Contest.objects.filter(pk=w.contest.pk).update(status=ContestStatus.PUBLISHED)
    with pytest.raises(services.Refused):
        services.write_protocol_note(contest=w.contest, by=w.chair.user, note="Vėliau")
    assert JuryEvent.objects.filter(action=JuryAction.NOTE).count() == 2


def test_scores_are_visible_to_the_chair_and_staff_only_after_closing(w, staff, manager):
    assert not any(services.scores_visible_to(u, w.contest)
                   for u in (staff, manager, w.a_seat.user))
    services.close_scoring(contest=w.contest, by=w.chair.user)
    w.contest.refresh_from_db()
    assert services.scores_visible_to(staff, w.contest)
    assert services.scores_visible_to(manager, w.contest)   # the chair
    assert not services.scores_visible_to(w.a_seat.user, w.contest)
