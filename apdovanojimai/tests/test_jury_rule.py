"""The result rule, with worked numbers. Criteria: weights 0.5, 0.3, 0.2, ranges 0–10,
0–10, 0–5, so a complete sheet's total is 5·s₁ + 3·s₂ + 4·s₃ (out of 100).

Category "Metų bibliotekininkas" (one winner), jurors J1, J2, J3:
- Ona: J1 (8, 7, 4) = 77, J2 (9, 6, 3) = 75, J3 a conflict → (77 + 75) / 2 = 76.00 (the
  exclusion neither lowers nor raises it: counted as 0 it would be 50.67); mean on the
  heaviest criterion 8.5;
- Rasa: J1 (9, 5, 4) = 76, J2 (7, 7, 4) = 72, J3 (8, 8, 4) = 80 → 228 / 3 = 76.00; mean on
  the heaviest 8.0 → the tie goes to Ona: Ona 1st (wins), Rasa 2nd;
- Eglė: J1 (7.5, 9, 4) = 80.5, J2 (8, 8, 3) = 76, J3 (6, 6, 4) = 64 → 220.5 / 3 = 73.50, 3rd;
- Inga: nobody scored → no score, no place.
Category "Jaunasis bibliotekininkas" (one winner), J1 and J2:
- Lina: (6, 5, 2) twice = 53 → 53.00; Mantė: (5, 6, 3) = 55 and (7, 4, 1) = 51 → 53.00; the
  same means on every criterion (6, 5, 2) → the place is shared: both 1st, both win;
- Paulė: J1 (5, 5, 2) = 48; J2's sheet (10, 10, 5) is a draft, not counted → 48.00, 3rd."""

from decimal import Decimal
from fractions import Fraction

import pytest

from apdovanojimai import services_jury as services
from apdovanojimai.models import ContestStatus, Result
from apdovanojimai.tests.factories import (
    add_juror,
    declare,
    give_scores,
    make_category,
    make_contest,
    make_nomination,
    make_person,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rule_world(territory, staff):
    contest = make_contest(status=ContestStatus.EVALUATION, by=staff)
    first = contest.categories.get()
    young = make_category(contest, name="Jaunasis bibliotekininkas")
    j1 = add_juror(contest, UserFactory(role="staff"), chair=True)
    j2 = add_juror(contest, UserFactory(role="staff"))
    j3 = add_juror(contest, UserFactory(role="staff"))

    def nominee(name, category):
        person = make_person(territory.central_a, first_name=name, last_name="Vardenė")
        return make_nomination(contest, by=staff, person=person, category=category)

    n = {name: nominee(name, first) for name in ("Ona", "Rasa", "Eglė", "Inga")}
    n.update({name: nominee(name, young) for name in ("Lina", "Mantė", "Paulė")})
    give_scores(n["Ona"], j1, (8, 7, 4))
    give_scores(n["Ona"], j2, (9, 6, 3))
    declare(n["Ona"], j3, conflict=True, reason="relative")
    give_scores(n["Rasa"], j1, (9, 5, 4))
    give_scores(n["Rasa"], j2, (7, 7, 4))
    give_scores(n["Rasa"], j3, (8, 8, 4))
    give_scores(n["Eglė"], j1, ("7.5", 9, 4))
    give_scores(n["Eglė"], j2, (8, 8, 3))
    give_scores(n["Eglė"], j3, (6, 6, 4))
    give_scores(n["Lina"], j1, (6, 5, 2))
    give_scores(n["Lina"], j2, (6, 5, 2))
    give_scores(n["Mantė"], j1, (5, 6, 3))
    give_scores(n["Mantė"], j2, (7, 4, 1))
    give_scores(n["Paulė"], j1, (5, 5, 2))
    draft = give_scores(n["Paulė"], j2, (10, 10, 5))
    draft.completed_at = None
    draft.save(update_fields=["completed_at"])
    return contest, n, j1


def by_name(results):
    return {r.nomination.person.first_name: r for r in results}


def test_the_rule_computes_the_worked_example_exactly(rule_world):
    contest, _n, _chair = rule_world
    got = by_name(services.compute_results(contest))
    table = {name: (r.score, r.sheets, r.excluded, r.rank, r.won) for name, r in got.items()}
    assert table == {
        "Ona": (Decimal("76.00"), 2, 1, 1, True),
        "Rasa": (Decimal("76.00"), 3, 0, 2, False),
        "Eglė": (Decimal("73.50"), 3, 0, 3, False),
        "Inga": (None, 0, 0, None, False),
        "Lina": (Decimal("53.00"), 2, 0, 1, True),
        "Mantė": (Decimal("53.00"), 2, 0, 1, True),
        "Paulė": (Decimal("48.00"), 1, 0, 3, False),
    }


def test_the_tie_notes_say_which_rule_decided(rule_world):
    contest, _n, _chair = rule_world
    got = by_name(services.compute_results(contest))
    heaviest = "Profesinė veikla ir iniciatyvos"
    assert heaviest in got["Ona"].tie_note and "Rasa" in got["Ona"].tie_note
    assert heaviest in got["Rasa"].tie_note and "Ona" in got["Rasa"].tie_note
    assert "Mantė" in got["Lina"].tie_note and heaviest not in got["Lina"].tie_note
    assert "Lina" in got["Mantė"].tie_note
    assert got["Eglė"].tie_note == got["Inga"].tie_note == got["Paulė"].tie_note == ""


def test_computing_writes_nothing_and_closing_stores_the_same_results(rule_world):
    contest, _n, chair = rule_world
    computed = {r.nomination_id: (r.score, r.rank, r.won)
                for r in services.compute_results(contest)}
    assert not Result.objects.exists()
    services.close_scoring(contest=contest, by=chair.user)
    stored = {r.nomination_id: (r.score, r.rank, r.won) for r in Result.objects.all()}
    assert stored == computed and len(stored) == 7


def test_a_juror_total_is_the_weighted_share_of_each_range(rule_world):
    contest, _n, _chair = rule_world
    criteria = list(contest.criteria.order_by("order"))
    values = {c.pk: v for c, v in zip(criteria, (Decimal(10), Decimal(0), Decimal(5)),
                                      strict=True)}
    assert services.juror_total(criteria, values) == Fraction(70)
    values = {c.pk: v for c, v in zip(criteria, (Decimal("7.5"), Decimal(9), Decimal(4)),
                                      strict=True)}
    assert services.juror_total(criteria, values) == Fraction(161, 2)


def test_the_score_is_rounded_half_up():
    assert services.half_up(Fraction(72125, 1000)) == Decimal("72.13")
    assert services.half_up(Fraction(72124, 1000)) == Decimal("72.12")
    assert services.half_up(Fraction(200, 3)) == Decimal("66.67")


def test_with_two_places_a_tie_on_the_second_place_wins_for_both(territory, staff):
    contest = make_contest(status=ContestStatus.EVALUATION, by=staff)
    contest.categories.update(places=2)
    juror = add_juror(contest, staff, chair=True)
    names = ("Ona", "Rasa", "Eglė")
    nominations = [make_nomination(contest, by=staff, person=make_person(
        territory.central_a, first_name=name)) for name in names]
    for nomination, values in zip(nominations, ((10, 10, 5), (6, 5, 2), (6, 5, 2)),
                                  strict=True):
        give_scores(nomination, juror, values)
    got = by_name(services.compute_results(contest))
    assert [(got[n].rank, got[n].won) for n in names] == [(1, True), (2, True), (2, True)]
