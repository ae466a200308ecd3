"""Satisfaction beside the libraries' statistics (visits per registered user, opening
hours), read through the metrics registry — the research app never imports statistics."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from portalas.registry import metric
from portalas.testing import query_budget
from statistika.models import Indicator, Value
from tyrimai.models import Study
from tyrimai.tests.factories import answer, make_study

pytestmark = pytest.mark.django_db

YEAR = 2025


@pytest.fixture
def study(territory):
    """A study answered now, then dated in YEAR (``_in_year``: answers come in first)."""
    return make_study(libraries=[territory.central_a, territory.central_b,
                                 territory.school_b])


def _in_year(study):
    Study.objects.filter(pk=study.pk).update(opens_on=date(YEAR, 3, 1),
                                             closes_on=date(YEAR, 4, 1))


def _put(library, year=YEAR, **values):
    for code, value in values.items():
        Value.objects.create(library=library, indicator=Indicator.objects.get(code=code),
                             year=year, value=value)


def _url(study, **query):
    from urllib.parse import urlencode

    return f"{reverse('tyrimai:beside_statistics', args=[study.pk])}?{urlencode(query)}"


def test_the_two_metrics_are_declared_and_count_from_the_statistics(territory):
    _put(territory.central_b, visits=5000, users_registered=400, opening_hours_week="42.5")
    from portalas.metrics import Period, Scope

    scope = Scope.of_library(territory.central_b)
    assert metric("statistika.visits_per_user").value(Period.year(YEAR), scope) == 12.5
    assert metric("statistika.opening_hours_week").value(Period.year(YEAR), scope) == \
        pytest.approx(42.5)


def test_each_library_with_its_answers_mean_and_statistics(study, territory, staff_client):
    _put(territory.central_b, visits=5000, users_registered=400, opening_hours_week="42.5")
    _put(territory.school_b, visits=300, users_registered=100, opening_hours_week=30)
    link = study.participations.get(library=territory.central_b)
    for value in (5, 5, 4, 4, 4, 3):
        answer(link, Q4=value)
    answer(study.participations.get(library=territory.school_b), Q4=1)
    _in_year(study)
    with query_budget(60, "beside the statistics"):
        response = staff_client.get(_url(study))
    assert response.status_code == 200 and not response.context["earlier"]
    rows = {row["library"]: row for row in response.context["rows"]}
    assert rows[territory.central_b]["responses"] == 6
    assert str(rows[territory.central_b]["mean"].mean) == "4.17"
    assert rows[territory.school_b]["responses"] is None          # one answer: hidden
    assert rows[territory.school_b]["mean"].mean is None
    html = response.content.decode()
    assert "12,5" in html and "42,5" in html and "4,17" in html
    assert "not a cause" in html or "nėra priežastis" in html


def test_the_year_before_is_used_and_said_when_the_year_has_no_statistics(
        study, territory, staff_client):
    _put(territory.central_b, year=YEAR - 1, visits=4000, users_registered=400)
    _in_year(study)
    response = staff_client.get(_url(study))
    assert response.context["earlier"] and response.context["year"] == YEAR - 1
    assert re.search(r"data-year>\s*<strong>", response.content.decode())
    row = next(r for r in response.context["rows"] if r["library"] == territory.central_b)
    assert row["visits"] == 10


def test_a_librarian_sees_their_library_and_the_territory(study, territory, client_b):
    response = client_b.get(_url(study))
    assert response.status_code == 200
    assert [row["library"] for row in response.context["rows"]] == [territory.school_b]
    assert response.context["territory"]["library"] is None


def test_the_table_sorts_with_missing_values_last(study, territory, staff_client):
    _put(territory.central_b, visits=5000, users_registered=400)
    _put(territory.school_b, visits=300, users_registered=100)
    _in_year(study)
    rows = staff_client.get(_url(study, rikiuoti="-apsilankymai")).context["rows"]
    assert [row["library"] for row in rows] == [territory.central_b, territory.school_b,
                                                territory.central_a]


def test_a_librarian_of_a_library_not_taking_part_gets_404(territory, client_a):
    other = make_study(libraries=[territory.school_b])
    assert client_a.get(_url(other)).status_code == 404


def test_the_research_app_never_imports_the_statistics_app():
    root = Path(__file__).resolve().parents[1]
    offenders = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"^\s*(from|import)\s+statistika\b", text, re.MULTILINE) or \
                re.search(r"import_module\(\s*[\"']statistika", text):
            offenders.append(path.name)
    assert offenders == []
