"""The public page the Library's website embeds: no sign-in, the upcoming public events
only, no person's name, a minimal page; framed by exactly the one origin of the setting
(CSP frame-ancestors, X-Frame-Options left out only then), every other page by nobody."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from portalas.testing import count_queries, query_budget
from viesinimas.services_events import cancel_event
from viesinimas.tests.factories_events import make_activity, make_theme, many_activities

pytestmark = pytest.mark.django_db
ORIGIN = "https://www.biblioteka.lt"


def _shown(response) -> list:
    return list(response.context["events"])


def _frame_ancestors(response) -> str:
    policy = response["Content-Security-Policy"]
    return next(part.strip() for part in policy.split(";")
                if part.strip().startswith("frame-ancestors"))


def test_without_sign_in_only_the_upcoming_public_events_show(territory, librarian_a, client):
    shown = make_activity(territory.system_a, by=librarian_a, title="Viešas", public=True)
    running = make_activity(territory.branch_a, title="Paroda", public=True, days=-10,
                            ends_on=timezone.localdate() + timedelta(days=10))
    private = make_activity(territory.system_a, title="Vidinis pasitarimas")
    cancelled = make_activity(territory.system_a, title="Atšauktas", public=True)
    cancel_event(cancelled, by=librarian_a, reason="Remontas")
    make_activity(territory.system_a, title="Praėjęs", public=True, days=-3)
    response = client.get(reverse("viesinimas:public_calendar"))
    assert response.status_code == 200
    assert _shown(response) == [running, shown]
    content = response.content.decode()
    assert "Vidinis pasitarimas" not in content and "Atšauktas" not in content
    assert private.get_absolute_url() not in content


def test_the_public_page_names_nobody_and_has_no_portal_menu(territory, librarian_a, client):
    make_activity(territory.system_a, by=librarian_a, public=True,
                  description="Renginys **visiems**.", themes=[make_theme()])
    content = client.get(reverse("viesinimas:public_calendar")).content.decode()
    assert librarian_a.full_name not in content and librarian_a.email not in content
    assert 'id="mainNav"' not in content and "/renginiai/" not in content
    assert '<html lang="lt">' in content and "<strong>visiems</strong>" in content
    assert "<script" not in content          # nothing to run in someone else's page


def test_the_public_page_filters_by_municipality_and_library(territory, client):
    kretinga = make_activity(territory.branch_a, title="Darbėnuose", public=True)
    skuodas = make_activity(territory.school_b, title="Skuode", public=True)
    make_activity(territory.system_b, title="Nerodomas")          # not public: not a choice
    url = reverse("viesinimas:public_calendar")
    by_municipality = client.get(url, {"municipality": territory.municipality_b.pk})
    assert _shown(by_municipality) == [skuodas]
    by_system = client.get(url, {"library": territory.system_a.pk})     # with its outlets
    assert _shown(by_system) == [kretinga]
    by_branch = client.get(url, {"library": territory.branch_a.pk})
    assert _shown(by_branch) == [kretinga]
    choices = {str(pk) for pk, _label in by_branch.context["filter"].form.fields["library"]
               .choices if pk}
    assert choices == {str(library.pk) for library in (
        territory.system_a, territory.central_a, territory.branch_a, territory.school_b)}
    unknown = client.get(url, {"library": territory.system_b.pk})
    assert unknown.status_code == 200


def test_the_public_page_only_reads(client):
    assert client.post(reverse("viesinimas:public_calendar")).status_code == 405
    assert client.post(reverse("viesinimas:public_feed")).status_code == 405


def test_the_public_page_costs_the_same_for_3_or_30_events(territory, client):
    theme = make_theme()
    many_activities(territory.system_a, 3, public=True, themes=[theme])
    url = reverse("viesinimas:public_calendar")
    client.get(url)
    cache.clear()
    few = count_queries(lambda: client.get(url))
    many_activities(territory.branch_a, 27, public=True, themes=[theme])
    cache.clear()
    many = count_queries(lambda: client.get(url))
    assert few == many
    with query_budget(8, "public page"):
        response = client.get(url)
    assert len(_shown(response)) == 30


# --- framing ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["public_calendar", "public_feed"])
def test_with_no_origin_set_nobody_frames_the_public_page(name, settings, client):
    settings.PUBLIC_CALENDAR_EMBED_ORIGIN = ""
    response = client.get(reverse(f"viesinimas:{name}"))
    assert _frame_ancestors(response) == "frame-ancestors 'none'"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("name", ["public_calendar", "public_feed"])
def test_the_one_origin_set_frames_the_public_page_and_nobody_else(name, settings, client):
    settings.PUBLIC_CALENDAR_EMBED_ORIGIN = ORIGIN
    response = client.get(reverse(f"viesinimas:{name}"))
    assert _frame_ancestors(response) == f"frame-ancestors {ORIGIN}"
    assert "X-Frame-Options" not in response
    assert "'self'" not in _frame_ancestors(response) and "*" not in _frame_ancestors(response)


@pytest.mark.parametrize("origin", ["", ORIGIN])
def test_every_other_page_keeps_frame_ancestors_none(origin, settings, territory, client,
                                                     client_a):
    settings.PUBLIC_CALENDAR_EMBED_ORIGIN = origin
    event = make_activity(territory.system_a, public=True)
    for response in (client_a.get(reverse("viesinimas:calendar")),
                     client_a.get(reverse("viesinimas:event_list")),
                     client_a.get(reverse("viesinimas:event_detail", args=[event.pk])),
                     client_a.get(reverse("viesinimas:calendar_ics")),
                     client.get(reverse("paskyros:login"))):
        assert response.status_code == 200
        assert _frame_ancestors(response) == "frame-ancestors 'none'"
        assert response["X-Frame-Options"] == "DENY"
