"""The file plan's part of the generated access matrix (tests/test_access_matrix.py): a
draft plan and an approved one with their files, and a BDSTR item. The outsider — a
librarian of school library B — gets a 404 on every route naming a plan, a file or an item
(the archive is staff's and management's: ``visible_to`` hides it from everyone else)."""

from archyvas.models import PlanStatus
from archyvas.tests.factories import make_bdstr_item, make_plan
from portalas.testing import Case

#: Routes naming a plan by its year.
PLAN_ROUTES = ("plan_detail", "plan_update", "plan_approve", "plan_withdraw", "plan_history",
               "planfile_create")
#: Routes naming a file.
FILE_ROUTES = ("file_detail", "planfile_update", "planfile_delete", "planfile_move")


def make_world(w, territory, staff, librarian_a) -> None:
    w.plan_draft = make_plan(2031, status=PlanStatus.DRAFT, by=staff)
    w.plan_approved = make_plan(2030, by=staff)
    w.plan_draft_file = w.plan_draft.files.first()
    w.plan_approved_file = w.plan_approved.files.first()
    w.plan_item = make_bdstr_item("1.1", title="Veiklos planai", permanent=True)


def factories(w) -> dict:
    return {
        "archyvas.fileplan": lambda: [
            (w.plan_draft, 404, "a draft file plan: staff and management"),
            (w.plan_approved, 404, "an approved file plan: staff and management")],
        "archyvas.bdstritem": lambda: [(w.plan_item, 404, "a BDSTR item: staff and "
                                                          "management")],
    }


def targets(w) -> dict:
    def plans():
        return [Case({"year": w.plan_draft.year}, 404, "a draft file plan"),
                Case({"year": w.plan_approved.year}, 404, "an approved file plan")]

    def files():
        return [Case({"pk": w.plan_draft_file.pk}, 404, "a file of a draft plan"),
                Case({"pk": w.plan_approved_file.pk}, 404, "a file of an approved plan")]

    found = {f"archyvas:{name}": plans for name in PLAN_ROUTES}
    found.update({f"archyvas:{name}": files for name in FILE_ROUTES})
    found["archyvas:bdstr_update"] = lambda: [Case({"pk": w.plan_item.pk}, 404,
                                                   "a BDSTR item")]
    return found
