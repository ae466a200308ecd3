"""The results' part of the generated access matrix (tests/test_access_matrix.py): library
A's nominations in two contests whose scoring is closed — one with its results not yet
published, one published — each with a diploma, and a draft contest; what the outsider, a
librarian of school library B, gets on each route.

- a contest's results page: a 404 before publishing (and for a draft); once published
  every signed-in user reads it (not a target: see ``EXEMPT``);
- preparing, publishing, archiving, the ZIP: a 404 for a contest the outsider may not see
  (a draft), a 403 for one they see (staff only);
- an award: a 404 before publishing; once published its page is everyone's (a Case with
  200), its PDF still a 404 (neither the nominator, the person nor their director), its
  edit page a 403 (staff only)."""

from apdovanojimai.models import ContestStatus
from apdovanojimai.services_results import publish_results
from apdovanojimai.tests.factories import make_contest
from apdovanojimai.tests.factories_results import closed_contest, prepare
from portalas.testing import Case

EXEMPT: dict[str, str] = {}  # every route of the area that names an object is a target


def make_world(w, territory, staff, librarian_a) -> None:
    w.results_closed, nominations, _ = closed_contest(
        staff=staff, nominator=librarian_a, library=territory.branch_a, count=1,
        title="Uždarytas vertinimas")
    w.results_award_hidden = prepare(nominations[0], by=staff)
    w.results_published, nominations, _ = closed_contest(
        staff=staff, nominator=librarian_a, library=territory.central_a, count=1,
        title="Paskelbti rezultatai")
    w.results_award = prepare(nominations[0], by=staff, recipient="Rūtai Žemaitei")
    publish_results(contest=w.results_published, by=staff)
    w.results_draft = make_contest(status=ContestStatus.DRAFT, by=staff,
                                   title="Juodraštinis konkursas")


def factories(w) -> dict:
    return {
        "apdovanojimai.award": lambda: [
            (w.results_award_hidden, 404, "a diploma before the results are published")],
    }


def targets(w) -> dict:
    def results():
        return [Case({"pk": w.results_closed.pk}, 404, "results not published yet"),
                Case({"pk": w.results_draft.pk}, 404, "a draft contest")]

    def staff_actions():
        return [Case({"pk": w.results_draft.pk}, 404, "a draft contest"),
                Case({"pk": w.results_closed.pk}, 403, "staff only"),
                Case({"pk": w.results_published.pk}, 403, "staff only")]

    def award_page():
        return [Case({"pk": w.results_award_hidden.pk}, 404, "before publishing"),
                Case({"pk": w.results_award.pk}, 200, "published: every signed-in user")]

    def award_pdf():
        return [Case({"pk": w.results_award_hidden.pk}, 404, "before publishing"),
                Case({"pk": w.results_award.pk}, 404, "published, but not theirs")]

    def award_edit():
        return [Case({"pk": w.results_award_hidden.pk}, 404, "before publishing"),
                Case({"pk": w.results_award.pk}, 403, "staff only")]

    found = {"apdovanojimai:contest_results": results,
             "apdovanojimai:award_detail": award_page,
             "apdovanojimai:award_pdf": award_pdf,
             "apdovanojimai:award_update": award_edit}
    found.update({f"apdovanojimai:{name}": staff_actions
                  for name in ("awards_prepare", "contest_diplomas_zip", "results_publish",
                               "contest_archive")})
    return found
