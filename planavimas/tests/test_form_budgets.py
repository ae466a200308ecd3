"""Every form and confirmation page of the plan and the report opens within a small, fixed
number of queries, the same for a plan of one indicator and of sixty."""

import pytest
from django.urls import reverse

from planavimas import services_workflow as workflow
from planavimas.models import Goal, Indicator, Measure, Objective
from planavimas.tests.factories import approved_plan, first, make_plan
from portalas.testing import query_budget

pytestmark = pytest.mark.django_db

FORMS = {Goal: ("goal_update", "goal_delete", "objective_create"),
         Objective: ("objective_update", "objective_delete", "measure_create"),
         Measure: ("measure_update", "measure_delete", "indicator_create"),
         Indicator: ("indicator_update", "indicator_delete")}
ANSWERS = {Goal: "goal_narrative", Measure: "measure_result", Indicator: "indicator_result"}


def _counts(client, draft, approved) -> dict:
    """The queries of each form page of the draft plan and the approved plan's report."""
    found = {}
    pages = [(name, [first(draft, model).pk]) for model, names in FORMS.items()
             for name in names]
    pages += [("goal_create", [draft.year]), ("plan_update", [draft.year]),
              ("report_update", [approved.year])]
    pages += [(name, [first(approved, model).pk]) for model, name in ANSWERS.items()]
    client.get(reverse("planavimas:plan_list"))     # the session's own first queries
    for name, args in pages:
        url = reverse(f"planavimas:{name}", args=args)
        with query_budget(14, name) as counted:
            assert client.get(url).status_code == 200, name
        found[name] = len(counted.captured_queries)
    return found


def test_form_pages_cost_the_same_for_a_small_and_a_large_plan(staff_client, staff, manager):
    small = _counts(staff_client, make_plan(year=2030, by=staff),
                    _started(staff, manager, year=2029))
    large = _counts(staff_client, make_plan(year=2032, by=staff, goals=5, objectives=2,
                                            measures=3, indicators=2),
                    _started(staff, manager, year=2031, goals=5, objectives=2, measures=3,
                             indicators=2))
    assert large == small


def _started(staff, manager, **kwargs):
    plan = approved_plan(staff=staff, manager=manager, **kwargs)
    workflow.start_report(plan, by=staff)
    return plan
