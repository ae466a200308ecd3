"""Builders for the results' tests: a contest in evaluation whose scoring the chair has
closed, with ``Result`` rows written straight into the database (the rule that computes
them is the jury area's), and awards prepared through the service."""

from decimal import Decimal

from django.utils import timezone

from apdovanojimai import services_results as services
from apdovanojimai.models import Contest, ContestStatus, Result
from apdovanojimai.tests.factories import add_juror, make_contest, make_nomination, make_person

NAMES = ("Aušra Petrauskienė", "Rūta Žemaitė", "Jonas Šimkus", "Eglė Čepaitė",
         "Vytautas Ūsas", "Gintarė Ąžuolienė")


def close_scoring(contest: Contest, *, by=None) -> Contest:
    Contest.objects.filter(pk=contest.pk).update(status=ContestStatus.EVALUATION,
                                                  scoring_closed_at=timezone.now(),
                                                  scoring_closed_by=by)
    contest.refresh_from_db()
    return contest


def rank(nominations, *, places: int = 1) -> list[Result]:
    """Results in the order given: the first ``places`` win; scores 90, 80, 70…"""
    results = []
    for index, nomination in enumerate(nominations):
        results.append(Result.objects.create(
            nomination=nomination, category=nomination.category,
            score=Decimal(90 - 10 * index), sheets=3, excluded=0, rank=index + 1,
            won=index < places))
    return results


def closed_contest(*, staff, nominator, library, count: int = 2, places: int = 1,
                   chair=None, **fields):
    """A contest with ``count`` admitted nominations of people of ``library`` by
    ``nominator``, scoring closed and ranked: (contest, nominations, results)."""
    contest = make_contest(status=ContestStatus.EVALUATION, by=staff, **fields)
    add_juror(contest, chair or staff, chair=True)
    nominations = []
    for index in range(count):
        first, last = NAMES[index % len(NAMES)].split()
        if index >= len(NAMES):
            last = f"{last}-{index}"
        person = make_person(library, first_name=first, last_name=last)
        nominations.append(make_nomination(contest, by=nominator, person=person))
    close_scoring(contest, by=chair or staff)
    return contest, nominations, rank(nominations, places=places)


def prepare(nomination, *, by, recipient="Aušrai Petrauskienei", **fields):
    values = {"title": services.default_title(nomination), "recipient_text": recipient,
              "citation": "už kūrybingą darbą ir atsidavimą skaitytojams"}
    values.update(fields)
    return services.prepare_award(nomination=nomination, by=by, **values)
