"""The access matrix's targets for these routes (tests/test_access_matrix.py): route name →
cases of library A's objects with what the outsider (a librarian of school library B) gets.

A visit is its library's director's and the whole-territory roles'; the outsider reaches
neither the reported visit to system A nor the planned one to A's branch, nor an agreed
action of A's visit — every route of them is a 404 to them."""

from portalas.testing import Case

STAFF_ONLY = 403

VISIT_ROUTES = ("visit_detail", "visit_update", "visit_history", "visit_report",
                "visit_cancel", "action_create")
ACTION_ROUTES = ("action_done", "action_reopen")


def targets(w) -> dict:
    def visits():
        return [Case({"pk": w.visit.pk}, 404, "a reported visit to A"),
                Case({"pk": w.planned_visit.pk}, 404, "a planned visit to A's branch")]

    def actions():
        return [Case({"pk": w.action.pk}, 404, "an action agreed on A's visit")]

    found = {f"konsultacijos:{name}": visits for name in VISIT_ROUTES}
    found.update({f"konsultacijos:{name}": actions for name in ACTION_ROUTES})
    return found
