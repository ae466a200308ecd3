"""Bursts of answers from one address: staff see them, exclude them with a reason and count
them again; nobody else reaches the page."""

import pytest
from django.urls import reverse

from tyrimai import services
from tyrimai.models import Response
from tyrimai.tests.factories import make_study

pytestmark = pytest.mark.django_db


@pytest.fixture
def study(territory):
    return make_study(libraries=[territory.central_a])


def _stuff(study, count=6, source="aaaabbbbccccdddd"):
    participation = study.participations.get()
    q1, q4 = (study.questions.get(code=code).pk for code in ("Q1", "Q4"))
    return [services.submit_response(participation=participation,
                                     raw={q1: {"option": 1}, q4: 5}, source=source).pk
            for _ in range(count)]


def _url(study):
    return reverse("tyrimai:bursts", args=[study.pk])


def test_staff_see_a_burst_with_its_library_and_count(study, territory, staff_client):
    _stuff(study)
    _stuff(study, count=2, source="eeeeffffgggghhhh")          # not a burst
    response = staff_client.get(_url(study))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert len(rows) == 1 and rows[0]["count"] == 6 and rows[0]["excluded"] == 0
    assert territory.central_a.name in response.content.decode()


def test_excluding_needs_a_reason_and_counting_again_restores(study, staff_client):
    ids = _stuff(study)
    key = staff_client.get(_url(study)).context["rows"][0]["key"]
    refused = staff_client.post(_url(study), {"burst": key, "action": "exclude",
                                              "reason": "  "}, follow=True)
    assert "Say why" in refused.content.decode() or refused.context["messages"]
    assert not Response.objects.filter(pk__in=ids, excluded=True).exists()
    staff_client.post(_url(study), {"burst": key, "action": "exclude",
                                    "reason": "Tie patys atsakymai"})
    assert Response.objects.filter(pk__in=ids, excluded=True,
                                   excluded_reason="Tie patys atsakymai").count() == 6
    assert staff_client.get(_url(study)).context["rows"][0]["excluded"] == 6
    staff_client.post(_url(study), {"burst": key, "action": "include"})
    assert not Response.objects.filter(pk__in=ids, excluded=True).exists()


def test_an_unknown_burst_changes_nothing(study, staff_client):
    ids = _stuff(study)
    staff_client.post(_url(study), {"burst": "nothing", "action": "exclude", "reason": "x"})
    assert not Response.objects.filter(pk__in=ids, excluded=True).exists()


def test_management_get_403_and_librarians_404(study, manager_client, client_a):
    _stuff(study)
    assert manager_client.get(_url(study)).status_code == 403
    assert client_a.get(_url(study)).status_code == 404
    assert client_a.post(_url(study), {"burst": "x", "action": "include"}).status_code == 404
