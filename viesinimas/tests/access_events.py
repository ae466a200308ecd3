"""The activity calendar's part of the generated access matrix (tests/test_access_matrix.py):
library A's events and what the outsider — a librarian of school library B — gets on each
route with an event in its path.

Every signed-in user reads every event (its page, history and .ics): 200. Only the
event's library's people and staff change it: editing, cancelling and deleting another
library's event is a 404 to the outsider."""

from django.utils import timezone

from portalas.testing import Case
from viesinimas.tests.factories_events import make_activity

READ_ROUTES = ("event_detail", "event_history", "event_ics")
WRITE_ROUTES = ("event_update", "event_cancel", "event_delete")


def make_world(w, territory, staff, librarian_a) -> None:
    """System A's upcoming public event (entered by its director), a branch's event that is
    not public, and a cancelled one."""
    w.activity = make_activity(territory.system_a, by=librarian_a, title="Kalėdiniai skaitymai",
                               public=True)
    w.branch_activity = make_activity(territory.branch_a, by=staff, title="Darbėnų paroda",
                                      days=20)
    w.cancelled_activity = make_activity(territory.system_a, by=librarian_a, title="Atšauktas",
                                         cancelled_at=timezone.now(), cancel_reason="Remontas")


def _cases(w, outsider: int, note: str):
    return lambda: [Case({"pk": w.activity.pk}, outsider, f"A's public event: {note}"),
                    Case({"pk": w.branch_activity.pk}, outsider, f"A's branch's event: {note}"),
                    Case({"pk": w.cancelled_activity.pk}, outsider, f"a cancelled one: {note}")]


def factories(w) -> dict:
    return {"viesinimas.activityevent": lambda: [
        (w.activity, 200, "every signed-in user reads every library's events"),
        (w.branch_activity, 200, "every signed-in user reads every library's events")]}


def targets(w) -> dict:
    found = {f"viesinimas:{name}": _cases(w, 200, "read by every signed-in user")
             for name in READ_ROUTES}
    found.update({f"viesinimas:{name}": _cases(w, 404, "changed by its library and staff only")
                  for name in WRITE_ROUTES})
    return found
