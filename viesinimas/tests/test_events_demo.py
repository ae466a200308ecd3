"""The demo events load on the demo territory: about thirty, some public, one cancelled,
entered by the libraries' own accounts; loading again leaves them alone."""

import io

import pytest

from viesinimas.models import ActivityEvent

pytestmark = pytest.mark.django_db


def test_the_demo_events_load_once_on_the_demo_territory():
    from bibliotekos import demo as territory_demo
    from paskyros import demo as accounts_demo
    from viesinimas import demo_events

    out = io.StringIO()
    accounts_demo.load(out)
    territory_demo.load(out)
    demo_events.load(out)
    events = ActivityEvent.objects.select_related("created_by", "library")
    assert 28 <= events.count() <= 35
    assert 15 <= events.filter(public=True).count() < events.count()
    assert events.filter(cancelled_at__isnull=False).count() == 1
    assert events.filter(campaign="Bibliotekų savaitė", starts_on__month=4).count() >= 3
    director = events.filter(library__code="SVB-KRE").first()
    assert director.created_by.email == "bibliotekininkas@demo.lt"
    assert events.filter(created_by__email="filialas@demo.lt").exists()
    assert {e.library.municipality.code for e in events} >= {"KRE", "TAU", "JUR", "SIL",
                                                             "SLA"}
    assert ActivityEvent.objects.public().exists()
    demo_events.load(out)
    assert ActivityEvent.objects.count() == events.count()
    assert "events:" in out.getvalue()
