"""The jury's demo: with the demo contests of the other areas in place, "Metų
bibliotekininkas 2025" is scored by all, with the forced conflicts declared, a note and
closed scoring (results); "Metų bibliotekininkas 2026" is half done and open. Without them
it says so and adds nothing."""

import io

import pytest

from apdovanojimai import demo_jury
from apdovanojimai.models import Assessment, Contest, ContestStatus, JuryEvent, Result
from apdovanojimai.tests.factories import (
    add_juror,
    make_contest,
    make_nomination,
    make_person,
)
from apdovanojimai.tests.factories_jury import director_of

pytestmark = pytest.mark.django_db


def test_without_the_contests_the_demo_says_so_and_adds_nothing(db):
    out = io.StringIO()
    demo_jury.load(out)
    assert "skipped" in out.getvalue()
    assert not Assessment.objects.exists() and not JuryEvent.objects.exists()


def test_the_demo_closes_last_years_contest_and_half_scores_this_years(
        territory, staff, manager):
    director_a = director_of(territory.system_a)
    director_b = director_of(territory.system_b)
    for title in (demo_jury.LAST_YEAR, demo_jury.THIS_YEAR):
        contest = make_contest(title=title, status=ContestStatus.EVALUATION, by=staff)
        add_juror(contest, manager, chair=True)
        add_juror(contest, staff)
        add_juror(contest, director_b)
        for number, (library, by) in enumerate(((territory.central_a, director_a),
                                                (territory.central_b, director_b),
                                                (territory.central_a, director_a),
                                                (territory.central_b, staff))):
            make_nomination(contest, by=by, person=make_person(
                library, first_name=f"Vardas{number}"))
    out = io.StringIO()
    demo_jury.load(out)
    last = Contest.objects.get(title=demo_jury.LAST_YEAR)
    assert last.scoring_closed_at is not None and last.protocol_note
    # library B's director: their two nominees; staff: the one they nominated
    assert Result.objects.filter(category__contest=last, won=True).exists()
    assert Assessment.objects.filter(nomination__contest=last, conflict=True).count() == 3
    current = Contest.objects.get(title=demo_jury.THIS_YEAR)
    assert current.scoring_closed_at is None
    done = Assessment.objects.filter(nomination__contest=current, juror__user=staff)
    assert done.filter(completed_at__isnull=False).count() == 2
    assert done.filter(completed_at__isnull=True).count() >= 1
    assert "jury:" in out.getvalue()
