"""The demo contests load through the services with the titles, statuses, categories,
criteria and juries the other areas' demos expect, and are left alone the second time."""

import io

import pytest

from apdovanojimai import demo_contests
from apdovanojimai.models import Contest, ContestStatus, JuryRole
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_contests_load_once():
    UserFactory(role="staff", email="darbuotojas@demo.lt")
    UserFactory(role="management", email="vadovas@demo.lt")
    for email in ("direktorius.tau@demo.lt", "direktorius.sil@demo.lt"):
        UserFactory(role="librarian", email=email)
    out = io.StringIO()
    demo_contests.load(out)
    statuses = dict(Contest.objects.values_list("title", "status"))
    assert statuses == {
        "Metų bibliotekininkas 2025": ContestStatus.EVALUATION,
        "Metų bibliotekininkas 2026": ContestStatus.EVALUATION,
        "Geriausias kaimo filialas 2026": ContestStatus.OPEN,
        "Geriausias metų projektas ar renginys 2026": ContestStatus.OPEN,
        "Už ilgametį darbą bibliotekose 2027": ContestStatus.DRAFT}
    first = Contest.objects.get(title="Metų bibliotekininkas 2025")
    assert first.year == 2025 and first.scoring_until.year == 2025
    assert first.categories.get().min_service_years == 5
    assert [str(c.weight) for c in first.criteria.all()] == ["0.50", "0.30", "0.20"]
    jury = dict(first.jury.values_list("user__email", "role"))
    assert jury == {"vadovas@demo.lt": JuryRole.CHAIR, "darbuotojas@demo.lt": JuryRole.MEMBER,
                    "direktorius.sil@demo.lt": JuryRole.MEMBER}
    second = Contest.objects.get(title="Metų bibliotekininkas 2026")
    assert list(second.categories.values_list("name", flat=True)) == [
        "Metų bibliotekininkas", "Jaunasis bibliotekininkas"]
    assert second.jury.filter(user__email="direktorius.tau@demo.lt").exists()
    branch = Contest.objects.get(title="Geriausias kaimo filialas 2026")
    assert branch.categories.get().library_kinds == ["rural_branch"]
    assert branch.accepts_nominations()
    assert Contest.objects.get(title__startswith="Už ilgametį").categories.get() \
        .min_service_years == 25
    demo_contests.load(out)
    assert Contest.objects.count() == 5 and "contests:" in out.getvalue()


def test_without_the_demo_accounts_nothing_is_loaded():
    out = io.StringIO()
    demo_contests.load(out)
    assert not Contest.objects.exists() and "none loaded" in out.getvalue()
