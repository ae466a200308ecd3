"""The demo publicity log loads through the services, names only libraries that exist,
links some entries to the demo events and practices, and is left alone the second time."""

import io

import pytest
from django.utils import timezone

from tests.factories import UserFactory
from viesinimas import demo_publicity
from viesinimas.models import Publication
from viesinimas.tests.factories_publicity import make_event, make_practice

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once(territory):
    staff = UserFactory(role="staff", email="darbuotojas@demo.lt")
    make_event(library=territory.system_a, days_ago=400)
    make_practice(library=territory.system_a)
    out = io.StringIO()
    demo_publicity.load(out)
    made = Publication.objects.count()
    assert made >= 15 and "publicity:" in out.getvalue()
    assert not Publication.objects.filter(published_on__gt=timezone.localdate()).exists()
    assert all(p.created_by == staff for p in Publication.objects.all())
    assert Publication.objects.filter(libraries=territory.branch_a).exists()     # Darbėnų
    assert Publication.objects.filter(practice__isnull=False).exists()
    assert Publication.objects.filter(activity__isnull=False).exists()
    assert Publication.objects.filter(libraries__isnull=True).exists()           # the department's
    demo_publicity.load(out)
    assert Publication.objects.count() == made and "left alone" in out.getvalue()
