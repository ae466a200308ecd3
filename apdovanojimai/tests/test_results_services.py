"""The results' services: awards numbered once each, a diploma to a winner and a letter to
the others, the recipient kept as typed; publishing only after closing and only once, the
nominators e-mailed after the commit; archiving."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from apdovanojimai import services_results as services
from apdovanojimai.models import (
    Award,
    AwardKind,
    ContestStatus,
    JuryAction,
    JuryEvent,
    NominationStatus,
)
from apdovanojimai.tests.factories import make_contest, make_nomination, make_person
from apdovanojimai.tests.factories_results import closed_contest, prepare
from portalas import notifications

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(territory, staff, librarian_a):
    contest, nominations, results = closed_contest(staff=staff, nominator=librarian_a,
                                                   library=territory.branch_a, count=3)
    return contest, nominations, results


def test_a_winner_gets_a_diploma_numbered_for_the_contest_year(world, staff):
    contest, nominations, _results = world
    award = prepare(nominations[0], by=staff)
    assert award.kind == AwardKind.DIPLOMA
    assert award.number == f"AP-{contest.year}-001"
    assert award.place == 1
    assert award.person == nominations[0].person


def test_other_nominees_get_thank_you_letters_with_the_next_numbers(world, staff):
    contest, nominations, _results = world
    prepare(nominations[0], by=staff)
    letter = prepare(nominations[1], by=staff, recipient="Rūtai Žemaitei")
    assert letter.kind == AwardKind.LETTER
    assert letter.number == f"AP-{contest.year}-002"
    assert letter.place is None


def test_the_recipient_is_kept_exactly_as_typed_with_no_declension(world, staff):
    _contest, nominations, _results = world
    award = prepare(nominations[0], by=staff, recipient="  Aušrai   Petrauskienei ")
    assert award.recipient_text == "Aušrai Petrauskienei"
    assert services.default_recipient(nominations[0]) == "Aušra Petrauskienė"


def test_numbering_skips_a_number_another_contest_of_the_year_took(world, staff, territory,
                                                                   librarian_a):
    contest, nominations, _results = world
    other, others, _ = closed_contest(staff=staff, nominator=librarian_a,
                                      library=territory.central_a, count=1,
                                      title="Kitas konkursas")
    first = prepare(others[0], by=staff)
    Award.objects.filter(pk=first.pk).update(number=f"AP-{contest.year}-007")
    assert prepare(nominations[0], by=staff).number == f"AP-{contest.year}-008"


def test_a_nomination_gets_one_award_only(world, staff):
    _contest, nominations, _results = world
    prepare(nominations[0], by=staff)
    with pytest.raises(services.Refused) as refused:
        prepare(nominations[0], by=staff)
    assert refused.value.code == "exists"
    assert Award.objects.count() == 1


def test_awards_are_not_prepared_before_scoring_closes(territory, staff, librarian_a):
    contest = make_contest(status=ContestStatus.EVALUATION, by=staff)
    nomination = make_nomination(contest, by=librarian_a,
                                 person=make_person(territory.branch_a))
    with pytest.raises(services.Refused) as refused:
        prepare(nomination, by=staff)
    assert refused.value.code == "status"


def test_a_nomination_not_admitted_gets_no_award(world, staff):
    _contest, nominations, _results = world
    nominations[2].status = NominationStatus.REJECTED
    nominations[2].save()
    with pytest.raises(services.Refused):
        prepare(nominations[2], by=staff)


def test_a_blank_recipient_is_refused(world, staff):
    _contest, nominations, _results = world
    with pytest.raises(services.Refused) as refused:
        prepare(nominations[0], by=staff, recipient="   ")
    assert "recipient_text" in refused.value.error_dict


def test_only_staff_prepare_awards(world, manager, librarian_a):
    _contest, nominations, _results = world
    for user in (manager, librarian_a):
        with pytest.raises(PermissionDenied):
            prepare(nominations[0], by=user)


def test_results_are_published_only_after_scoring_closes(territory, staff, librarian_a):
    contest = make_contest(status=ContestStatus.EVALUATION, by=staff)
    with pytest.raises(services.Refused) as refused:
        services.publish_results(contest=contest, by=staff)
    assert refused.value.code == "status"
    contest.refresh_from_db()
    assert contest.status == ContestStatus.EVALUATION
    assert contest.results_published_at is None


def test_an_open_contest_is_not_published(territory, staff):
    contest = make_contest(status=ContestStatus.OPEN, by=staff,
                           scoring_closed_at=timezone.now())
    with pytest.raises(services.Refused):
        services.publish_results(contest=contest, by=staff)


def test_publishing_twice_publishes_once_and_emails_the_nominators_once(
        world, staff, librarian_a, mailoutbox, django_capture_on_commit_callbacks):
    contest, nominations, _results = world
    prepare(nominations[0], by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_results(contest=contest, by=staff)
    with pytest.raises(services.Refused) as refused, \
            django_capture_on_commit_callbacks(execute=True):
        services.publish_results(contest=contest, by=staff)
    assert refused.value.code == "published"
    contest.refresh_from_db()
    assert contest.status == ContestStatus.PUBLISHED
    assert contest.results_published_at is not None
    assert JuryEvent.objects.filter(contest=contest, action=JuryAction.PUBLISHED).count() == 1
    assert [mail.to for mail in mailoutbox] == [[librarian_a.email]]
    body = mailoutbox[0].body
    assert "Aušra Petrauskienė" in body and f"AP-{contest.year}-001" in body
    assert f"/konkursai/{contest.pk}/rezultatai/" in body


def test_the_email_is_not_sent_to_a_nominator_who_turned_it_off(
        world, staff, librarian_a, mailoutbox, django_capture_on_commit_callbacks):
    contest, _nominations, _results = world
    notifications.set_preference(user=librarian_a, key=services.RESULTS_PUBLISHED,
                                 enabled=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_results(contest=contest, by=staff)
    assert mailoutbox == []


def test_only_staff_publish(world, manager):
    contest, _nominations, _results = world
    with pytest.raises(PermissionDenied):
        services.publish_results(contest=contest, by=manager)


def test_archiving_needs_published_results_and_happens_once(world, staff):
    contest, nominations, _results = world
    with pytest.raises(services.Refused):
        services.archive(contest=contest, by=staff)
    services.publish_results(contest=contest, by=staff)
    services.archive(contest=contest, by=staff)
    with pytest.raises(services.Refused):
        services.archive(contest=contest, by=staff)
    contest.refresh_from_db()
    assert contest.status == ContestStatus.ARCHIVED


def test_an_archived_contest_prepares_and_changes_no_award(world, staff):
    contest, nominations, _results = world
    award = prepare(nominations[0], by=staff)
    services.publish_results(contest=contest, by=staff)
    services.archive(contest=contest, by=staff)
    with pytest.raises(services.Refused):
        prepare(nominations[1], by=staff)
    with pytest.raises(services.Refused):
        services.update_award(award=award, by=staff, title="Kitas", recipient_text="X")


def test_an_award_can_be_corrected_keeping_its_number(world, staff):
    _contest, nominations, _results = world
    award = prepare(nominations[0], by=staff)
    services.update_award(award=award, by=staff, title="Metų bibliotekininkė",
                          recipient_text="Aušrai Petrauskienei", citation="už viską",
                          place=1)
    award.refresh_from_db()
    assert award.title == "Metų bibliotekininkė" and award.number.endswith("-001")
    assert award.history.first().history_user == staff
