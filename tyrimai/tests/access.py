"""The research app's part of the generated access matrix (tests/test_access_matrix.py):
library A's study objects and what the outsider — a librarian of school library B, which
takes no part in the study — gets on each route."""

from portalas.testing import Case
from tyrimai.models import StudyStatus
from tyrimai.tests.factories import answer, make_study


def make_world(w, territory, staff, librarian_a) -> None:
    """An open study run by system A and its branch (with answers), and a draft."""
    w.study = make_study(libraries=[territory.system_a, territory.branch_a], by=staff)
    w.participation = w.study.participations.get(library=territory.system_a)
    w.branch_participation = w.study.participations.get(library=territory.branch_a)
    for _ in range(5):
        answer(w.participation, Q7="Daugiau knygų")
    w.draft_study = make_study(title="Juodraštis", status=StudyStatus.DRAFT, by=staff)
    w.survey_section = w.study.sections.first()
    w.survey_question = w.study.questions.get(code="Q1")


def factories(w) -> dict:
    return {"tyrimai.study": lambda: [(w.study, 404, "an open study A takes part in"),
                                      (w.draft_study, 404, "a draft study")]}


def targets(w) -> dict:
    study = {"pk": w.study.pk}
    section = {"pk": w.study.pk, "section": w.survey_section.pk}
    question = {"pk": w.study.pk, "question": w.survey_question.pk}
    by_study = {name: lambda: [Case(study, 404, "a study the outsider's library is not in")]
                for name in ("answer_preview", "study_status", "questionnaire",
                             "section_create", "results", "bursts", "beside_statistics")}
    found = {f"tyrimai:{name}": cases for name, cases in by_study.items()}
    for name in ("section_update", "section_delete", "section_move", "question_create"):
        found[f"tyrimai:{name}"] = lambda: [Case(section, 404, "a section of A's study")]
    for name in ("question_update", "question_delete", "question_move"):
        found[f"tyrimai:{name}"] = lambda: [Case(question, 404, "a question of A's study")]
    for name in ("results_question", "open_answers"):
        found[f"tyrimai:{name}"] = lambda: [
            Case({"pk": w.study.pk, "code": "Q7"}, 404, "a question of A's study")]
    for name in ("kiosk_start", "kiosk_stop", "paper_entry"):
        found[f"tyrimai:{name}"] = lambda: [
            Case({"participation": w.participation.pk}, 404, "system A's participation"),
            Case({"participation": w.branch_participation.pk}, 404, "A's branch's")]
    return found
