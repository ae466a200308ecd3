"""The access matrix's targets for these routes (tests/test_access_matrix.py): route name →
cases of library A's objects with what the outsider (a librarian of school library B) gets.

``question_detail`` is a kit view over ``Question``: the model's factory in ``access.py``
covers it. The function views below name their cases; every one is a 404 for the outsider,
who does not see A's questions at all (the staff-only actions are a 403 only for a
librarian who sees the question: ``test_questions.py``)."""

from portalas.testing import Case

STAFF_ONLY = 403


def _with_attachment(w):
    """A's branch question with a file (made once per world: staff must reach the file)."""
    question = getattr(w, "question_with_file", None)
    if question is None:
        from django.core.files.base import ContentFile

        from konsultacijos import services
        from konsultacijos.models import Question

        question = Question(library=w.territory.branch_a, subject="Lankytojų apskaita",
                            text="Kaip pildyti lentelę? Prisegu pavyzdį.")
        question.attachment.save("pavyzdys.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"),
                                 save=False)
        question = services.ask_question(question, by=w.librarian_a)
        w.question_with_file = question
    return question


def targets(w) -> dict:
    def question():
        return [Case({"pk": w.question.pk}, 404, "A's director's question")]

    found = {f"konsultacijos:{name}": question for name in (
        "question_assign", "question_answer", "question_withdraw")}
    found["konsultacijos:question_attachment"] = lambda: [
        Case({"pk": _with_attachment(w).pk}, 404, "the file of a question of A's branch")]
    return found
