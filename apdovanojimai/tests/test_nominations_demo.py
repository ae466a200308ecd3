"""The nominations' demo: with the demo contests (built here with the tests' factories
under their demo titles) it makes admitted nominations of eligible people for the
contests in evaluation and submitted ones through the service for the open contests; with
no contests it says it skipped them."""

import io

import pytest

from apdovanojimai import demo_nominations
from apdovanojimai.models import ContestStatus, Nomination, NominationStatus, NomineeKind
from apdovanojimai.tests.factories import make_category, make_contest, make_person
from apdovanojimai.tests.factories_nominations import days, make_practice
from bibliotekos.models import LibraryKind
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_without_the_contests_it_skips_with_a_line(db):
    out = io.StringIO()
    demo_nominations.load(out)
    assert "skipped" in out.getvalue() and not Nomination.objects.exists()


def test_it_nominates_eligible_people_of_each_directors_libraries(territory):
    kre = UserFactory(role="librarian", email=demo_nominations.KRE)
    territory.system_a.memberships.create(user=kre, role="director")
    tau = UserFactory(role="librarian", email=demo_nominations.TAU)
    territory.system_b.memberships.create(user=tau, role="director")
    for index in range(4):
        make_person(territory.central_a, first_name=f"Ona{index}")
    make_person(territory.central_b, first_name="Rūta")
    make_person(territory.central_a, first_name="Nauja", works_since=days(-100))
    past = make_contest(title="Metų bibliotekininkas 2025", status=ContestStatus.EVALUATION,
                        nominations_open=days(-200), nominations_close=days(-150))
    category = past.categories.get()
    category.min_service_years = 5
    category.save()
    second = make_contest(title="Metų bibliotekininkas 2026",
                          status=ContestStatus.EVALUATION, nominations_open=days(-60),
                          nominations_close=days(-15))
    make_category(second, name="Jaunasis bibliotekininkas")
    branch = make_contest(title="Geriausias kaimo filialas 2026",
                          nominee_kind=NomineeKind.LIBRARY, category="Kaimo filialas")
    branch.categories.update(library_kinds=[LibraryKind.RURAL_BRANCH])
    make_contest(title="Geriausias metų projektas ar renginys 2026",
                 nominee_kind=NomineeKind.PRACTICE, category="Projektas")
    make_practice(territory.system_b, by=tau)
    out = io.StringIO()
    demo_nominations.load(out)
    assert "skipped" not in out.getvalue()
    first = Nomination.objects.filter(contest=past)
    assert first.count() == 3 and set(first.values_list("status", flat=True)) == {
        NominationStatus.ACCEPTED}
    assert not first.filter(person__first_name="Nauja").exists()
    assert Nomination.objects.filter(contest__title="Geriausias kaimo filialas 2026",
                                     library=territory.branch_a,
                                     status=NominationStatus.SUBMITTED).exists()
    assert Nomination.objects.filter(practice__isnull=False, nominator=tau).count() == 1
