"""Builders the report's tests share: an approved plan with its report started, and
training events held on given days (what ``mokymai.events_held`` counts)."""

from datetime import date

from mokymai.models import EventStatus, TrainingEvent
from mokymai.tests.factories import make_event
from planavimas import services_workflow as workflow
from planavimas.models import Plan, Report
from planavimas.tests.factories import approved_plan


def started_report(*, staff, manager, year=2025, **kwargs) -> tuple[Plan, Report]:
    """An approved plan for ``year`` (``make_plan`` keywords) and its report, a draft."""
    plan = approved_plan(staff=staff, manager=manager, year=year, **kwargs)
    return plan, workflow.start_report(plan, by=staff)


def held_event(day: date, title: str = "Seminaras", status=EventStatus.HELD) -> TrainingEvent:
    """A training event on ``day`` (one session), held unless ``status`` says otherwise."""
    return make_event(title=title, day=day, status=status, registration_opens=None,
                      registration_closes=None)
