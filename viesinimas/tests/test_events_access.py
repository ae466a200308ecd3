"""This area's part of the access matrix, run on its own (the lead wires ``access_events``
into tests/test_access_matrix.py): the outsider gets what each case says, staff reach
every event route."""

from types import SimpleNamespace

import pytest
from django.test import Client

from portalas.testing import cases_for, routes
from viesinimas.tests import access_events

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user, backend="paskyros.backends.EmailBackend")
    return client


def test_every_event_route_with_an_object_is_declared_and_answers_as_it_says(
        territory, staff, librarian_a, librarian_b):
    w = SimpleNamespace()
    access_events.make_world(w, territory, staff, librarian_a)
    factories, targets = access_events.factories(w), access_events.targets(w)
    outsider, department = _client(librarian_b), _client(staff)
    checked = 0
    for route in routes(["viesinimas"]):
        if not route.name.startswith("viesinimas:event") or not route.has_object:
            continue
        for case in cases_for(route, factories=factories, targets=targets, exempt={}):
            url = case.url(route)
            got = {outsider.get(url).status_code, outsider.post(url, {}).status_code}
            assert got <= {case.outsider, 405} and got != {405}, (route.name, case.note, got)
            assert department.get(url).status_code != 404, route.name
            checked += 1
    assert checked == 18
