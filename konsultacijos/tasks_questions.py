"""E-mails of the questions from libraries: the department hears of a new question, the
staff member it is assigned to hears of it, the asker gets the answer; every working
morning (beat) the department is reminded once of each question left unanswered for more
than three working days. ``tasks.py`` star-imports this module; ``services`` queues the
notifications after commit with the question's primary key. Each e-mail is in its
recipient's language, with absolute links (``PORTAL_BASE_URL``)."""

import logging
from datetime import date, datetime, time, timedelta

from celery import shared_task
from celery.schedules import crontab
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from konsultacijos.models import Question, QuestionStatus
from paskyros.models import Role
from portalas import notifications
from portalas.registry import notification_kind, periodic_task
from portalas.workdays import is_working_day, working_days_between

logger = logging.getLogger("regionas.consultations")

__all__ = ["notify_question_answered", "notify_question_asked", "notify_question_assigned",
           "question_recipients", "remind_unanswered_questions"]

NEW = "konsultacijos.question_new"
ASSIGNED = "konsultacijos.question_assigned"
ANSWERED = "konsultacijos.question_answered"
OVERDUE = "konsultacijos.question_overdue"
#: A question waiting longer than this many working days is reminded of (once).
REMIND_AFTER = 3

notification_kind(NEW, label=_("A new question from a library"),
                  description=_("A librarian asked the department a question through the "
                                "portal."),
                  optional=True, roles=(Role.STAFF,))
notification_kind(ASSIGNED, label=_("A question assigned to you"),
                  description=_("A colleague assigned you a library's question to answer."),
                  optional=False, roles=(Role.STAFF, Role.ADMIN))
notification_kind(ANSWERED, label=_("The answer to your question"),
                  description=_("The department's answer to a question you asked through "
                                "the portal."),
                  optional=False, roles=(Role.LIBRARIAN,))
notification_kind(OVERDUE, label=_("Questions waiting for an answer"),
                  description=_("Once, when a library's question has waited more than three "
                                "working days."),
                  optional=True, roles=(Role.STAFF, Role.ADMIN))
periodic_task("consultation-question-reminders",
              task="konsultacijos.tasks.remind_unanswered_questions",
              schedule=crontab(hour=8, minute=10))


def wants(user, key: str) -> bool:
    """Whether ``user`` gets the e-mails of a notification kind: an active account with an
    address; an optional kind unless they turned it off (``portalas.notifications``; a kind
    nobody declared is a mistake: KeyError)."""
    return user.is_active and bool(user.email) and notifications.wants(user, key)


def question_recipients(key: str = NEW) -> list:
    """The department: active staff members who get this kind of e-mail."""
    staff = get_user_model().objects.filter(role=Role.STAFF, is_active=True).exclude(
        email="").order_by("pk")
    return list(notifications.wanting(staff, key))


def _link(question: Question) -> str:
    return settings.PORTAL_BASE_URL + question.get_absolute_url()


def _message(template: str, user, context: dict):
    """The (subject, body, from, [to]) of one e-mail, in ``user``'s language."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {**context, "user": user, "base_url": settings.PORTAL_BASE_URL}
        subject = render_to_string(f"konsultacijos/email/{template}_subject.txt", context)
        body = render_to_string(f"konsultacijos/email/{template}.txt", context)
    return (settings.EMAIL_SUBJECT_PREFIX + " ".join(subject.split()), body, None,
            [user.email])


def _question(question_id: int) -> Question | None:
    return (Question.objects.select_related("library", "asked_by", "topic", "assigned_to",
                                            "answered_by")
            .filter(pk=question_id).first())


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def notify_question_asked(question_id: int) -> int:
    """Every staff member who has not turned it off hears of the new question (nothing
    when it was withdrawn or answered before the worker ran)."""
    question = _question(question_id)
    if question is None or not question.is_open:
        return 0
    context = {"question": question, "link": _link(question),
               "queue_link": settings.PORTAL_BASE_URL + reverse("konsultacijos:question_list")}
    messages = [_message("question_asked", user, context) for user in question_recipients()]
    sent = send_mass_mail(messages, fail_silently=False) if messages else 0
    logger.info("question %s asked: %s e-mails to the department", question_id, sent)
    return sent


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def notify_question_assigned(question_id: int) -> int:
    """The staff member the question is now assigned to hears of it."""
    question = _question(question_id)
    if question is None or not question.is_open or question.assigned_to is None:
        return 0
    user = question.assigned_to
    if not wants(user, ASSIGNED):
        return 0
    sent = send_mass_mail([_message("question_assigned", user, {
        "question": question, "link": _link(question)})], fail_silently=False)
    logger.info("question %s assigned to user %s: %s e-mail", question_id, user.pk, sent)
    return sent


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def notify_question_answered(question_id: int) -> int:
    """The asker gets the answer itself, and the link to the question."""
    question = _question(question_id)
    if question is None or question.status != QuestionStatus.ANSWERED:
        return 0
    user = question.asked_by
    if not wants(user, ANSWERED):
        return 0
    sent = send_mass_mail([_message("question_answered", user, {
        "question": question, "link": _link(question)})], fail_silently=False)
    logger.info("question %s answered: %s e-mail to the asker", question_id, sent)
    return sent


def overdue_on(today: date) -> list[Question]:
    """The open questions not reminded of yet whose wait has passed ``REMIND_AFTER``
    working days by today (a day the beat missed is caught up the next morning)."""
    # four working days take at least four calendar days; a month-old one is long known
    before = timezone.make_aware(datetime.combine(today - timedelta(days=REMIND_AFTER),
                                                  time.min))
    candidates = (Question.objects.open().filter(reminded_at__isnull=True)
                  .filter(created_at__lt=before, created_at__gte=before - timedelta(days=30))
                  .select_related("library", "asked_by", "assigned_to", "topic")
                  .order_by("created_at", "pk"))
    return [question for question in candidates
            if working_days_between(timezone.localtime(question.created_at).date(), today)
            > REMIND_AFTER]


def _claim(questions: list[Question]) -> list[Question]:
    """Mark each question reminded; a question another run marked first is left out, so two
    runs at once remind of it once."""
    now = timezone.now()
    return [question for question in questions
            if Question.objects.filter(pk=question.pk, reminded_at__isnull=True)
            .update(reminded_at=now) == 1]


@shared_task(name="konsultacijos.tasks.remind_unanswered_questions")
def remind_unanswered_questions(today=None) -> int:
    """Every working morning (beat): one e-mail per staff member listing the questions whose
    wait passed three working days — an assigned one to its assignee, an unassigned one to
    the whole department. Each question is reminded of once (``reminded_at``)."""
    if isinstance(today, str):
        today = date.fromisoformat(today)
    today = today or timezone.localdate()
    if not is_working_day(today):
        return 0
    questions = _claim(overdue_on(today))
    if not questions:
        return 0
    department = question_recipients(OVERDUE)
    lists: dict[int, tuple] = {}
    for question in questions:
        assignee = question.assigned_to
        people = [assignee] if assignee is not None and wants(assignee, OVERDUE) \
            else department
        for user in people:
            lists.setdefault(user.pk, (user, []))[1].append(question)
    messages = [
        _message("question_overdue", user, {
            "questions": [{"question": q, "link": _link(q),
                           "waiting": working_days_between(
                               timezone.localtime(q.created_at).date(), today),
                           "mine": q.assigned_to_id == user.pk} for q in found],
            "count": len(found), "days": REMIND_AFTER,
            "queue_link": settings.PORTAL_BASE_URL + reverse("konsultacijos:question_list")})
        for user, found in lists.values()]
    sent = send_mass_mail(messages, fail_silently=False) if messages else 0
    logger.info("question reminders for %s: %s questions, %s e-mails", today,
                len(questions), sent)
    return sent
