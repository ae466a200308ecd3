"""Contests' part of the generated access matrix (tests/test_access_matrix.py): a draft
contest of the department (a category, a criterion, a jury of staff and management) and
an open one. The outsider — a librarian of school library B, on no jury — gets a 404 for
every route naming the draft or one of its parts (a draft is seen by staff, management and
its jury only), and a 403 on the write routes of the open contest, which every signed-in
user reads."""

from django.core.files.base import ContentFile

from apdovanojimai.models import ContestStatus
from apdovanojimai.tests.factories import add_juror, make_contest
from apdovanojimai.tests.factories_contests import PDF
from portalas.testing import Case
from tests.factories import UserFactory

#: Routes that name an object every signed-in user legitimately sees.
EXEMPT = {}

DRAFT_ROUTES = ("contest_detail", "contest_update", "contest_history", "contest_rules_file",
                "contest_open", "contest_evaluate", "contest_reopen_draft",
                "category_create", "criterion_create", "juror_add")
#: Write routes of a contest: on the open one the outsider (who reads it) gets a 403.
WRITE_ROUTES = ("contest_update", "contest_history", "contest_open", "contest_evaluate",
                "contest_reopen_draft", "category_create", "criterion_create", "juror_add")


def make_world(w, territory, staff, librarian_a) -> None:
    w.contests_draft = make_contest(title="Juodraštis: Už ilgametį darbą", by=staff,
                                    status=ContestStatus.DRAFT)
    w.contests_draft.rules_file.save("nuostatai.pdf", ContentFile(PDF), save=True)
    w.contests_category = w.contests_draft.categories.get()
    w.contests_criterion = w.contests_draft.criteria.first()
    w.contests_chair = add_juror(w.contests_draft, staff, chair=True)
    w.contests_member = add_juror(w.contests_draft, UserFactory(role="management"))
    w.contests_open = make_contest(title="Atviras: Metų bibliotekininkas", by=staff)
    w.contests_open_category = w.contests_open.categories.get()
    w.contests_open_criterion = w.contests_open.criteria.first()
    w.contests_open_juror = add_juror(w.contests_open, staff, chair=True)


def factories(w) -> dict:
    return {
        "apdovanojimai.contest": lambda: [
            (w.contests_draft, 404, "a draft contest: staff, management and its jury")],
    }


def targets(w) -> dict:
    def contest(name):
        def cases():
            found = [Case({"pk": w.contests_draft.pk}, 404, "a draft contest")]
            if name in WRITE_ROUTES:
                found.append(Case({"pk": w.contests_open.pk}, 403,
                                  "an open contest: everyone reads it, staff write"))
            return found
        return cases

    def part(draft_attr, open_attr, what):
        def cases():
            return [Case({"pk": getattr(w, draft_attr).pk}, 404, f"{what} of a draft"),
                    Case({"pk": getattr(w, open_attr).pk}, 403,
                         f"{what} of an open contest: staff only")]
        return cases

    found = {f"apdovanojimai:{name}": contest(name) for name in DRAFT_ROUTES}
    for name in ("category_update", "category_delete"):
        found[f"apdovanojimai:{name}"] = part("contests_category", "contests_open_category",
                                              "a category")
    for name in ("criterion_update", "criterion_delete"):
        found[f"apdovanojimai:{name}"] = part("contests_criterion", "contests_open_criterion",
                                              "a criterion")
    for name in ("juror_update", "juror_remove"):
        found[f"apdovanojimai:{name}"] = part("contests_member", "contests_open_juror",
                                              "a jury member")
    return found
