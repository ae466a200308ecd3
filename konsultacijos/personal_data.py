"""The personal data the consultations hold about a person (GDPR Art. 15 export, Art. 17
erasure), registered in ``konsultacijos.panels``.

A consultation counts for its library, date, topic, channel and time after the person is
erased: the record stays, still pointing to the registry's row of the person (anonymised by
``bibliotekos.person``, so it names nobody), while a name typed in ``person_name`` is
emptied and the person's names, e-mail addresses and phone are cut out of the question, the
answer and every other free text, in the rows and their history. The questions their account
asked stay answered (they are counted through their consultation record) but lose the
attachment they uploaded; one still open leaves the queue as withdrawn (nobody is left to
answer). Attachments their account uploaded are theirs and go; the others are the record's
and stay, under a file name that no longer names them. Field visits, agreed actions and the
knowledge base keep their links to the anonymised account."""

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from bibliotekos.erasure import (
    account_of,
    app_models,
    delete_files,
    free_text_fields,
    history_rows,
    identifying_texts,
    naming,
    rename_files,
    rows,
    scrub_texts,
)
from konsultacijos.models import (
    OPEN_QUESTION_STATUSES,
    Consultation,
    ConsultationAttachment,
    FieldVisit,
    KnowledgeEntry,
    Question,
    QuestionStatus,
    VisitAction,
)
from portalas.registry import personal_data as register_personal_data

# ``panels`` imports this module for its registration only
__all__: list[str] = []

CONSULTATION_FIELDS = ("id", "held_on", "library__name", "person_name", "channel",
                       "topic__name", "question", "answer", "minutes", "follow_up")
QUESTION_FIELDS = ("id", "library__name", "subject", "text", "attachment", "status",
                   "answer", "answered_at")


def _consultations(person, needles):
    """Consultations with the person: linked to their registry row, or naming them."""
    return Consultation.objects.filter(
        Q(person=person) | naming(Consultation, ("person_name", "question", "answer",
                                                        "follow_up"), needles))


def _questions(person, needles):
    account = account_of(person)
    asked = Q(asked_by=account) if account is not None else Q(pk__in=[])
    return Question.objects.filter(asked | naming(Question, ("subject", "text", "answer"),
                                                  needles))


def export(person) -> list[dict]:
    account, needles = account_of(person), identifying_texts(person)
    consultations = _consultations(person, needles)
    questions = _questions(person, needles)
    found = rows("consultation", consultations.order_by("held_on", "pk"), CONSULTATION_FIELDS)
    found += history_rows("consultation history", Consultation.history.filter(
        Q(id__in=consultations.values("pk")) | Q(person_id=person.pk)),
        ("id", "held_on", "person_name", "question", "answer", "minutes"))
    found += rows("question", questions.order_by("created_at", "pk"), QUESTION_FIELDS)
    found += history_rows("question history", Question.history.filter(
        id__in=questions.values("pk")), ("id", "subject", "text", "attachment", "status",
                                                "answer"))
    attachments = ConsultationAttachment.objects.filter(
        Q(consultation__in=consultations)
        | (Q(uploaded_by=account) if account is not None else Q(pk__in=[])))
    found += rows("consultation attachment", attachments.order_by("uploaded_at"),
                  ("consultation_id", "name", "file", "uploaded_at"))
    visits = FieldVisit.objects.filter(naming(FieldVisit, free_text_fields(FieldVisit),
                                              needles))
    if account is not None:
        visits |= FieldVisit.objects.filter(Q(participants=account) | Q(reported_by=account)
                                            | Q(created_by=account))
    found += rows("field visit", visits.distinct().order_by("visit_on", "pk"),
                  ("id", "library__name", "visit_on", "purpose", "status", "met_with",
                   "findings", "recommendations"))
    found += rows("agreed action", VisitAction.objects.filter(naming(
        VisitAction, free_text_fields(VisitAction), needles)).order_by("due_on", "pk"),
        ("visit_id", "text", "responsible", "due_on", "done_on", "note"))
    if account is not None:
        found += rows("knowledge-base entry", KnowledgeEntry.objects.filter(
            Q(created_by=account) | Q(reviewed_by=account)).order_by("created_at"),
            ("id", "question", "answer", "status", "published_at"))
    return found


def erase(person) -> int:
    """See the module's docstring. Returns how many rows were changed or deleted."""
    account, needles = account_of(person), identifying_texts(person)
    changed = 0
    if needles:
        named = naming(Consultation, ("person_name",), needles)
        changed += Consultation.objects.filter(named).update(person_name="")
        changed += Consultation.history.filter(named).update(person_name="")
    if account is not None:
        changed += _erase_questions(account)
        own = ConsultationAttachment.objects.filter(uploaded_by=account)
        delete_files(own, "file")
        changed += own.delete()[0]
    changed += rename_files(ConsultationAttachment, "file", needles)
    changed += rename_files(Question, "attachment", needles)
    return changed + scrub_texts(app_models("konsultacijos"), needles)


def _erase_questions(account) -> int:
    """The account's questions: attachments deleted (row and history), open ones withdrawn."""
    asked = Question.objects.filter(asked_by=account)
    delete_files(asked, "attachment")
    changed = asked.exclude(attachment="").update(attachment="")
    changed += (Question.history.filter(asked_by_id=account.pk).exclude(attachment="")
                .update(attachment=""))
    return changed + asked.filter(status__in=OPEN_QUESTION_STATUSES).update(
        status=QuestionStatus.WITHDRAWN, version=F("version") + 1)


# registered here, imported by ``konsultacijos.panels``; it runs before the registry's and the
# account's providers, which erase the texts it looks for
register_personal_data("konsultacijos.consultations",
                       label=_("Consultations: records, questions, field visits and "
                               "knowledge-base entries"),
                       export=export, erase=erase, order=50)
