"""The jury's part of the generated access matrix (tests/test_access_matrix.py): two
contests in evaluation with staff as the chair and library A's director as a member — one
still scoring, one closed — each with a nomination of a library A person, declared and
scored. The outsider (a school librarian of another municipality) sees the contests (every
signed-in user does once they leave the draft) but sits on neither jury: every jury route
naming a contest, a nomination or a declaration is a 404 for them (a POST-only route a 405
on GET)."""

from apdovanojimai.models import ContestStatus
from apdovanojimai.tests.factories import (
    add_juror,
    give_scores,
    make_contest,
    make_nomination,
    make_person,
)
from portalas.testing import Case


def make_world(w, territory, staff, librarian_a) -> None:
    for name in ("jury_open", "jury_closed"):
        contest = make_contest(title=f"Vertinimas {name}", status=ContestStatus.EVALUATION,
                               by=staff)
        chair = add_juror(contest, staff, chair=True)
        add_juror(contest, librarian_a)
        person = make_person(territory.central_a, first_name="Rima",
                             last_name=f"Vertinamoji {name[-4:]}")
        nomination = make_nomination(contest, by=librarian_a, person=person)
        assessment = give_scores(nomination, chair, (8, 7, 4))
        setattr(w, name, contest)
        setattr(w, f"{name}_nomination", nomination)
        setattr(w, f"{name}_assessment", assessment)
    from apdovanojimai import services_jury

    services_jury.close_scoring(contest=w.jury_closed, by=staff)


def factories(w) -> dict:
    return {}


def targets(w) -> dict:
    def contests():
        return [Case({"pk": w.jury_open.pk}, 404, "a contest the outsider is no juror of"),
                Case({"pk": w.jury_closed.pk}, 404, "a closed contest, idem")]

    def closed():
        return [Case({"pk": w.jury_closed.pk}, 404, "the score table: chair and staff")]

    def nominations():
        return [Case({"pk": w.jury_open_nomination.pk}, 404, "a nomination of library A")]

    def assessments():
        return [Case({"pk": w.jury_open_assessment.pk}, 404, "a juror's declaration")]

    found = {f"apdovanojimai:{name}": contests
             for name in ("jury_worklist", "scoring_close", "protocol_note", "jury_audit")}
    found["apdovanojimai:score_table"] = closed
    found.update({f"apdovanojimai:{name}": nominations
                  for name in ("assessment_declare", "assessment_score")})
    found["apdovanojimai:declaration_reset"] = assessments
    return found


#: Jury routes with an object that need no outsider case: none.
EXEMPT: dict = {}
