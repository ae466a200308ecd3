"""Writes of the consultations app, and who may do what — decided here, once; the views
ask. Every write goes through a function below with the user who makes it
(``simple_history`` records who changed what).

An edit of a record someone else may be editing locks the row and checks the version the
user saw: the second of two editors is told the record changed, never silently
overwritten."""

import logging
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bibliotekos.models import Library, Person
from bibliotekos.scoping import (
    director_library_ids,
    is_director,
    memberships_of,
    visible_library_ids,
)
from konsultacijos.models import (
    Channel,
    Consultation,
    ConsultationAttachment,
    EntryStatus,
    FieldVisit,
    KnowledgeEntry,
    Question,
    QuestionStatus,
    VisitAction,
    VisitStatus,
)

logger = logging.getLogger("regionas.consultations")


class Refused(ValidationError):
    """A change the rules do not allow; the message says why."""


def _task(name: str, *args) -> None:
    from konsultacijos import tasks

    transaction.on_commit(lambda: getattr(tasks, name).delay(*args))


# --- who may do what ------------------------------------------------------------------------

def may_log(user) -> bool:
    """Department staff log and edit consultations, answer questions, plan and report
    visits and write knowledge-base entries."""
    return user.is_authenticated and user.is_active and user.can_manage_territory


def may_read_records(user) -> bool:
    """Consultation records and visits: the whole-territory roles, and directors (theirs)."""
    return user.is_authenticated and user.is_active and (
        user.sees_whole_territory or is_director(user))


def libraries_to_ask_for(user):
    """The libraries a librarian may ask a question for: their own (a director's also the
    outlets)."""
    if not user.is_authenticated or not user.is_active or not user.is_librarian:
        return Library.objects.none()
    return Library.objects.filter(pk__in=visible_library_ids(user))


def may_ask(user) -> bool:
    return (user.is_authenticated and user.is_active and user.is_librarian
            and bool(memberships_of(user)))


def may_withdraw(user, question: Question) -> bool:
    return question.is_open and (question.asked_by_id == user.pk
                                 or question.library_id in director_library_ids(user))


def may_complete_action(user, action: VisitAction) -> bool:
    """Staff, and the visited library's director (they report their own progress)."""
    if may_log(user):
        return True
    return action.visit.library_id in director_library_ids(user)


def may_review(user, entry: KnowledgeEntry) -> bool:
    """Another pair of eyes: staff or management other than the author."""
    return (user.is_authenticated and user.is_active
            and (user.can_manage_territory or user.is_management)
            and entry.created_by_id != user.pk)


def _staff_only(user) -> None:
    if not may_log(user):
        raise PermissionDenied


def _locked(model, obj, seen_version: int | None):
    """Lock the row; refuse when someone saved it after the user opened it."""
    current = model.objects.select_for_update().get(pk=obj.pk)
    if seen_version is not None and current.version != seen_version:
        raise Refused(_("Someone else changed this record while you were editing it. "
                        "Open it again to see their changes, then repeat yours."),
                      code="stale")
    return current


# --- consultations --------------------------------------------------------------------------

def last_channel(user) -> str:
    """The channel of the user's last consultation: the quick form starts with it."""
    channel = (Consultation.objects.filter(staff_member=user)
               .order_by("-created_at").values_list("channel", flat=True).first())
    return channel or Channel.PHONE


def _check_consultation(consultation: Consultation) -> None:
    if (consultation.person_id and consultation.library_id
            and consultation.person.library_id not in
            ({consultation.library_id} | _outlets_of(consultation.library_id))):
        raise Refused({"person": _("This person does not work at the library consulted.")})
    if consultation.follow_up_due and not consultation.follow_up.strip():
        raise Refused({"follow_up": _("Say what is to be done by the follow-up date.")})


def _outlets_of(library_id: int) -> set[int]:
    from bibliotekos.scoping import descendant_ids

    return descendant_ids([library_id])


def log_consultation(consultation: Consultation, *, by) -> Consultation:
    """Save a new consultation record (validated by its form). The staff member defaults
    to the one who logs it."""
    _staff_only(by)
    if not consultation.staff_member_id:
        consultation.staff_member = by
    consultation.created_by = by
    _check_consultation(consultation)
    consultation.save()
    logger.debug("consultation %s logged by user %s", consultation.pk, by.pk)
    return consultation


def update_consultation(consultation: Consultation, *, by, seen_version: int | None
                        ) -> Consultation:
    """Save an edited record; the version the user saw must still be the current one."""
    _staff_only(by)
    _check_consultation(consultation)
    with transaction.atomic():
        current = _locked(Consultation, consultation, seen_version)
        consultation.version = current.version + 1
        consultation.save()
    return consultation


def complete_follow_up(consultation: Consultation, *, by) -> Consultation:
    _staff_only(by)
    if not consultation.follow_up_due:
        raise Refused(_("This consultation has no follow-up."))
    with transaction.atomic():
        current = _locked(Consultation, consultation, None)
        if current.follow_up_done_at is None:
            current.follow_up_done_at = timezone.now()
            current.version += 1
            current.save(update_fields=["follow_up_done_at", "version", "updated_at"])
    return current


def delete_consultation(consultation: Consultation, *, by) -> None:
    """A record logged by mistake. One made from a question keeps the question answered
    (the asker has the answer) but no longer counts."""
    _staff_only(by)
    logger.info("consultation %s deleted by user %s", consultation.pk, by.pk)
    consultation.delete()


def add_attachment(consultation: Consultation, *, upload, by) -> ConsultationAttachment:
    _staff_only(by)
    return ConsultationAttachment.objects.create(
        consultation=consultation, file=upload, name=upload.name[:200], uploaded_by=by)


def remove_attachment(attachment: ConsultationAttachment, *, by) -> None:
    _staff_only(by)
    attachment.file.delete(save=False)
    attachment.delete()


# --- questions from libraries ---------------------------------------------------------------

def ask_question(question: Question, *, by) -> Question:
    """A librarian asks for their own library; the department's queue gets it."""
    if not may_ask(by):
        raise PermissionDenied
    if not libraries_to_ask_for(by).filter(pk=question.library_id).exists():
        raise PermissionDenied
    question.asked_by = by
    question.status = QuestionStatus.NEW
    question.save()
    logger.info("question %s asked by user %s", question.pk, by.pk)
    _task("notify_question_asked", question.pk)
    return question


def assign_question(question: Question, *, to, by, seen_version: int | None = None
                    ) -> Question:
    _staff_only(by)
    if not (to.is_active and to.can_manage_territory):
        raise Refused({"assigned_to": _("Questions are assigned to department staff.")})
    with transaction.atomic():
        current = _locked(Question, question, seen_version)
        if not current.is_open:
            raise Refused(_("This question is no longer open."))
        previous = current.assigned_to_id
        current.assigned_to = to
        current.status = QuestionStatus.ASSIGNED
        current.version += 1
        current.save()
    if to.pk != by.pk and to.pk != previous:
        _task("notify_question_assigned", current.pk)
    return current


def answer_question(question: Question, *, by, answer: str, topic=None, minutes: int = 15,
                    seen_version: int | None = None) -> Question:
    """Answer: the asker gets the answer by e-mail, and the answer becomes a consultation
    record (channel: question in the portal) counted with the rest."""
    _staff_only(by)
    if not answer.strip():
        raise Refused({"answer": _("Write the answer.")})
    topic = topic or question.topic
    if topic is None:
        raise Refused({"topic": _("Choose the topic.")})
    with transaction.atomic():
        current = _locked(Question, question, seen_version)
        if not current.is_open:
            raise Refused(_("This question is no longer open (answered or withdrawn)."))
        asker = current.asked_by
        person = Person.objects.filter(user=asker).first()
        consultation = Consultation(
            held_on=timezone.localdate(), library=current.library,
            person=person if person and person.library_id == current.library_id else None,
            person_name="" if person and person.library_id == current.library_id
            else asker.full_name,
            channel=Channel.PORTAL, topic=topic,
            question=f"{current.subject}\n\n{current.text}".strip(), answer=answer.strip(),
            minutes=minutes, staff_member=by, created_by=by)
        consultation.save()
        current.answer = answer.strip()
        current.topic = topic
        current.answered_by = by
        current.answered_at = timezone.now()
        current.status = QuestionStatus.ANSWERED
        current.assigned_to = current.assigned_to or by
        current.consultation = consultation
        current.version += 1
        current.save()
    logger.info("question %s answered by user %s", current.pk, by.pk)
    _task("notify_question_answered", current.pk)
    return current


def withdraw_question(question: Question, *, by) -> Question:
    if not may_withdraw(by, question):
        raise PermissionDenied
    with transaction.atomic():
        current = _locked(Question, question, None)
        if not current.is_open:
            raise Refused(_("This question is no longer open."))
        current.status = QuestionStatus.WITHDRAWN
        current.version += 1
        current.save()
    return current


# --- field visits ---------------------------------------------------------------------------

def plan_visit(visit: FieldVisit, *, participants, by) -> FieldVisit:
    _staff_only(by)
    participants = list(participants)
    if not participants:
        raise Refused({"participants": _("Say who goes.")})
    visit.status = VisitStatus.PLANNED
    visit.created_by = by
    visit.save()
    visit.participants.set(participants)
    return visit


def update_visit(visit: FieldVisit, *, participants=None, by, seen_version: int | None
                 ) -> FieldVisit:
    _staff_only(by)
    with transaction.atomic():
        current = _locked(FieldVisit, visit, seen_version)
        if current.status == VisitStatus.CANCELLED:
            raise Refused(_("A cancelled visit is not changed."))
        visit.status = current.status
        visit.version = current.version + 1
        visit.save()
        if participants is not None:
            visit.participants.set(participants)
    return visit


def report_visit(visit: FieldVisit, *, by, seen_version: int | None = None) -> FieldVisit:
    """The visit took place: findings and recommendations are in (the form set them), the
    report goes to the library's director."""
    _staff_only(by)
    if not visit.findings.strip():
        raise Refused({"findings": _("Write what the visit found.")})
    if visit.visit_on > timezone.localdate():
        raise Refused({"visit_on": _("A visit is reported once it has taken place.")})
    with transaction.atomic():
        current = _locked(FieldVisit, visit, seen_version)
        if current.status == VisitStatus.CANCELLED:
            raise Refused(_("A cancelled visit cannot be reported."))
        first_report = current.status != VisitStatus.REPORTED
        visit.status = VisitStatus.REPORTED
        visit.reported_at = current.reported_at or timezone.now()
        visit.reported_by = current.reported_by or by
        visit.version = current.version + 1
        visit.save()
    if first_report:
        _task("notify_visit_reported", visit.pk)
    return visit


def cancel_visit(visit: FieldVisit, *, by, reason: str) -> FieldVisit:
    _staff_only(by)
    with transaction.atomic():
        current = _locked(FieldVisit, visit, None)
        if current.status != VisitStatus.PLANNED:
            raise Refused(_("Only a planned visit can be cancelled."))
        current.status = VisitStatus.CANCELLED
        current.cancel_reason = reason.strip()
        current.version += 1
        current.save()
    return current


def add_action(action: VisitAction, *, by) -> VisitAction:
    _staff_only(by)
    if action.visit.status == VisitStatus.CANCELLED:
        raise Refused(_("A cancelled visit has no actions."))
    action.save()
    return action


def complete_action(action: VisitAction, *, by, done_on=None, note: str = "") -> VisitAction:
    if not may_complete_action(by, action):
        raise PermissionDenied
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise Refused({"done_on": _("An action is marked done once it is done.")})
    action.done_on = done_on
    if note.strip():
        action.note = note.strip()
    action.save()
    return action


def reopen_action(action: VisitAction, *, by) -> VisitAction:
    _staff_only(by)
    action.done_on = None
    action.save()
    return action


# --- the knowledge base ---------------------------------------------------------------------

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_PHONE = re.compile(r"(?<![\w+])(?:\+370|8)[\s-]?\(?\d{1,3}\)?[\s-]?\d{2,3}[\s-]?\d{2,4}(?!\d)")


def anonymity_problems(entry: KnowledgeEntry) -> list[str]:
    """What in the entry still names a library, a person, an e-mail address or a phone
    number (checked against the consultation it was written from and the registry of
    libraries). The base is anonymous: no library, no person."""
    text = f"{entry.question}\n{entry.answer}"
    folded = text.casefold()
    found = []
    if _EMAIL.search(text):
        found.append(_("an e-mail address"))
    if _PHONE.search(text):
        found.append(_("a phone number"))
    names = set()
    if entry.source_id:
        source = entry.source
        names.add(source.library.name)
        if source.person_id:
            names |= {source.person.first_name, source.person.last_name}
        elif source.person_name:
            names |= set(source.person_name.split())
        question = getattr(source, "source_question", None)
        if question is not None:
            names |= set(question.asked_by.full_name.split())
    for name in Library.objects.values_list("name", flat=True):
        if len(name) > 12:
            names.add(name)
    for name in sorted(names):
        if len(name) >= 4 and re.search(rf"(?<!\w){re.escape(name.casefold())}(?!\w)",
                                        folded):
            found.append(name)
    return found


def draft_entry(entry: KnowledgeEntry, *, by) -> KnowledgeEntry:
    """A new draft (from scratch, or rewritten from a consultation worth keeping)."""
    _staff_only(by)
    entry.status = EntryStatus.DRAFT
    entry.created_by = by
    entry.save()
    return entry


def update_entry(entry: KnowledgeEntry, *, by, seen_version: int | None) -> KnowledgeEntry:
    if not (may_log(by) or may_review(by, entry)):
        raise PermissionDenied
    with transaction.atomic():
        current = _locked(KnowledgeEntry, entry, seen_version)
        entry.status = current.status
        entry.version = current.version + 1
        entry.save()
    return entry


def _move_entry(entry: KnowledgeEntry, *, to: str, allowed_from, by, **changes):
    with transaction.atomic():
        current = _locked(KnowledgeEntry, entry, None)
        if current.status not in allowed_from:
            raise Refused(_("The entry has moved on meanwhile: it is now “%(status)s”.")
                          % {"status": current.get_status_display()})
        current.status = to
        for field, value in changes.items():
            setattr(current, field, value)
        current.version += 1
        current.save()
    return current


def submit_entry(entry: KnowledgeEntry, *, by) -> KnowledgeEntry:
    """The author hands the draft to a reviewer; it must name nobody."""
    _staff_only(by)
    problems = anonymity_problems(entry)
    if problems:
        raise Refused(_("The entry must name no library and no person. Remove: %(what)s.")
                      % {"what": ", ".join(problems)})
    moved = _move_entry(entry, to=EntryStatus.REVIEW, allowed_from={EntryStatus.DRAFT},
                        by=by)
    _task("notify_entry_in_review", moved.pk)
    return moved


def publish_entry(entry: KnowledgeEntry, *, by) -> KnowledgeEntry:
    if not may_review(by, entry):
        raise PermissionDenied
    problems = anonymity_problems(entry)
    if problems:
        raise Refused(_("The entry must name no library and no person. Remove: %(what)s.")
                      % {"what": ", ".join(problems)})
    return _move_entry(entry, to=EntryStatus.PUBLISHED, allowed_from={EntryStatus.REVIEW},
                       by=by, reviewed_by=by, published_at=timezone.now())


def return_entry(entry: KnowledgeEntry, *, by) -> KnowledgeEntry:
    """The reviewer sends it back to its author for another pass."""
    if not may_review(by, entry):
        raise PermissionDenied
    return _move_entry(entry, to=EntryStatus.DRAFT, allowed_from={EntryStatus.REVIEW}, by=by,
                       reviewed_by=by)


def archive_entry(entry: KnowledgeEntry, *, by) -> KnowledgeEntry:
    """An answer that no longer holds leaves the base (kept, not deleted)."""
    _staff_only(by)
    return _move_entry(entry, to=EntryStatus.ARCHIVED,
                       allowed_from={EntryStatus.PUBLISHED, EntryStatus.DRAFT,
                                     EntryStatus.REVIEW}, by=by)
