"""The annual plan's and report's part of the generated access matrix
(tests/test_access_matrix.py): a draft plan (nothing approved) and an approved plan whose
report is a draft. The outsider — a librarian of school library B, like every territory
librarian — reads the approved plan and its approved version (the Library publishes them)
and gets a 404 on everything else: the draft plan, the report's draft, every edit and
workflow route, the records behind the numbers and the progress view."""

from planavimas import services_workflow as workflow
from planavimas.models import Goal, Indicator, Measure, Objective
from planavimas.tests.factories import first, make_plan
from portalas.testing import Case

#: Routes naming a plan by its year, closed to librarians whatever the plan's state.
CLOSED_YEAR_ROUTES = ("plan_update", "plan_submit", "plan_approve", "plan_return",
                      "plan_amend", "goal_create", "report_start", "progress")
#: Routes of a started report, named by its plan's year.
REPORT_ROUTES = ("report_update", "report_submit", "report_approve", "report_return",
                 "report_amend")
#: Routes naming a plan by its year that a librarian reads once the plan is approved.
PUBLISHED_YEAR_ROUTES = ("plan_detail", "version_list")
#: Routes naming a row of a plan's tree by its id.
ROW_ROUTES = {
    Goal: ("goal_update", "goal_delete", "objective_create"),
    Objective: ("objective_update", "objective_delete", "measure_create"),
    Measure: ("measure_update", "measure_delete", "indicator_create"),
    Indicator: ("indicator_update", "indicator_delete"),
}
#: Routes naming a row of a plan whose report is started (the report's answers).
ANSWER_ROUTES = {Goal: "goal_narrative", Measure: "measure_result",
                 Indicator: "indicator_result"}


def make_world(w, territory, staff, librarian_a) -> None:
    from paskyros.models import Role
    from tests.factories import UserFactory

    manager = UserFactory(role=Role.MANAGEMENT)
    w.annual_plan_draft = make_plan(year=2046, by=staff)
    approved = make_plan(year=2045, by=staff, metric="mokymai.events_held")
    approved = workflow.approve(workflow.submit(approved, by=staff), by=manager)
    workflow.start_report(approved, by=staff)
    w.annual_plan_approved = approved


def factories(w) -> dict:
    return {
        "planavimas.plan": lambda: [
            (w.annual_plan_draft, 404, "a draft annual plan: staff and management"),
            (w.annual_plan_approved, 200, "an approved annual plan: published to everyone")],
        "planavimas.goal": lambda: [(first(w.annual_plan_draft, Goal), 404, "a draft plan's goal")],
        "planavimas.objective": lambda: [
            (first(w.annual_plan_draft, Objective), 404, "a draft plan's objective")],
        "planavimas.measure": lambda: [
            (first(w.annual_plan_draft, Measure), 404, "a draft plan's measure")],
        "planavimas.indicator": lambda: [
            (first(w.annual_plan_draft, Indicator), 404, "a draft plan's indicator")],
    }


def targets(w) -> dict:
    draft, approved = w.annual_plan_draft, w.annual_plan_approved

    def closed():
        return [Case({"year": draft.year}, 404, "a draft plan"),
                Case({"year": approved.year}, 404, "an approved plan: staff's pages")]

    def published():
        return [Case({"year": draft.year}, 404, "a draft plan"),
                Case({"year": approved.year}, 200, "an approved plan: published")]

    def report():
        return [Case({"year": draft.year}, 404, "a draft plan has no report"),
                Case({"year": approved.year}, 404, "the approved plan's report is a draft")]

    def versions():
        return [Case({"year": approved.year, "kind": "plan", "number": 1}, 200,
                     "the approved version: published")]

    def records():
        return [Case({"year": approved.year, "pk": first(approved, Indicator).pk}, 404,
                     "the records behind a number: staff's")]

    found = {f"planavimas:{name}": closed for name in CLOSED_YEAR_ROUTES}
    found.update({f"planavimas:{name}": published for name in PUBLISHED_YEAR_ROUTES})
    found["planavimas:report_detail"] = report

    def started():
        return [Case({"year": approved.year}, 404, "the approved plan's draft report")]
    found.update({f"planavimas:{name}": started for name in REPORT_ROUTES})
    found["planavimas:version_detail"] = versions
    found["planavimas:indicator_records"] = records
    for model, names in ROW_ROUTES.items():
        def rows(model=model):
            return [Case({"pk": first(draft, model).pk}, 404, "a row of a draft plan"),
                    Case({"pk": first(approved, model).pk}, 404, "a row of an approved plan")]
        found.update({f"planavimas:{name}": rows for name in names})
    for model, name in ANSWER_ROUTES.items():
        def answers(model=model):
            return [Case({"pk": first(approved, model).pk}, 404,
                         "an answer in the approved plan's draft report")]
        found[f"planavimas:{name}"] = answers
    return found
