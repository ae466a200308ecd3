"""The consultations app's part of the generated access matrix: the objects of library A
(tests/test_access_matrix.py's World makes them with ``make_world``) and the targets of
each area's routes."""

from django.utils import timezone

from konsultacijos.models import ConsultationAttachment, EntryStatus
from konsultacijos.tests import (
    access_consultations,
    access_knowledge,
    access_questions,
    access_reports,
    access_visits,
)
from konsultacijos.tests.factories import (
    make_consultation,
    make_entry,
    make_question,
    make_visit,
    report,
)


def make_world(w, territory, staff, librarian_a) -> None:
    """Library A's consultation, question, visit (reported, with an action), an attachment,
    a draft and a published knowledge-base entry."""
    from django.core.files.base import ContentFile

    from tests.factories import UserFactory

    w.consultation = make_consultation(library=territory.branch_a, by=staff,
                                       held_on=timezone.localdate())
    w.attachment = ConsultationAttachment(consultation=w.consultation, name="atsakymas.pdf",
                                          uploaded_by=staff)
    w.attachment.file.save("atsakymas.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    w.attachment.save()
    w.question = make_question(library=territory.system_a, by=librarian_a)
    w.visit = report(make_visit(library=territory.system_a, by=staff), by=staff)
    w.action = w.visit.actions.first()
    w.planned_visit = make_visit(library=territory.branch_a, by=staff, days_ago=-7)
    w.reviewer = UserFactory(role="management", email="vadove@test.lt",
                             full_name="Vida Vadovė")
    w.draft_entry = make_entry(by=staff)
    w.published_entry = make_entry(by=staff, status=EntryStatus.PUBLISHED,
                                   reviewer=w.reviewer, question="Kaip skaičiuoti lankymus?")


def factories(w) -> dict:
    return {
        "konsultacijos.consultation": lambda: [(w.consultation, 404,
                                                "a consultation with A's branch")],
        "konsultacijos.question": lambda: [(w.question, 404, "A's librarian's question")],
        "konsultacijos.fieldvisit": lambda: [(w.visit, 404, "a reported visit to A"),
                                             (w.planned_visit, 404, "a planned visit")],
    }


def targets(w) -> dict:
    found = {}
    for area in (access_consultations, access_questions, access_visits, access_knowledge,
                 access_reports):
        found.update(area.targets(w))
    return found
