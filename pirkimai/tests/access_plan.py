"""The procurement plan's part of the generated access matrix (tests/test_access_matrix.py):
a draft plan and an approved one (named by their year), each with a line. The outsider — a
librarian of school library B — gets a 404 on every route naming a plan or a line
(procurement is staff's and management's: ``visible_to`` hides it from everyone else), GET
and POST alike (the approval answers only POST)."""

from pirkimai.models import PlanStatus
from pirkimai.tests.factories import make_cpv, make_plan, make_planned
from portalas.testing import Case

#: Routes naming a plan by its year.
PLAN_ROUTES = ("plan_detail", "plan_update", "plan_approve", "plan_history", "planned_create")
#: Routes naming a line of a plan.
LINE_ROUTES = ("planned_update", "planned_delete")


def make_world(w, territory, staff, librarian_a) -> None:
    books = make_cpv("22110000-4")
    w.procurement_draft = make_plan(2048, by=staff)
    w.procurement_approved = make_plan(2047, status=PlanStatus.APPROVED, by=staff)
    w.procurement_draft_line = make_planned(w.procurement_draft, title="Knygos", cpv=books)
    w.procurement_approved_line = make_planned(w.procurement_approved, title="Periodika",
                                               cpv=books)


def factories(w) -> dict:
    return {
        "pirkimai.procurementplan": lambda: [
            (w.procurement_draft, 404, "a draft procurement plan: staff and management"),
            (w.procurement_approved, 404, "an approved procurement plan: staff and "
                                          "management")],
        "pirkimai.plannedpurchase": lambda: [
            (w.procurement_draft_line, 404, "a line of a draft procurement plan"),
            (w.procurement_approved_line, 404, "a line of an approved procurement plan")],
    }


def targets(w) -> dict:
    def plans():
        return [Case({"year": w.procurement_draft.year}, 404, "a draft procurement plan"),
                Case({"year": w.procurement_approved.year}, 404,
                     "an approved procurement plan")]

    def lines():
        return [Case({"pk": w.procurement_draft_line.pk}, 404, "a line of a draft plan"),
                Case({"pk": w.procurement_approved_line.pk}, 404,
                     "a line of an approved plan")]

    found = {f"pirkimai:{name}": plans for name in PLAN_ROUTES}
    found.update({f"pirkimai:{name}": lines for name in LINE_ROUTES})
    return found
