"""E-mails of a project's submission: management hear that a department project awaits
their approval, and the person who asked hears the decision. ``tasks.py`` star-imports
this module; ``services`` queues these after commit with the project's primary key."""

import logging

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from paskyros.models import Role
from portalas.registry import notification_kind
from projektai.models import Project, ProjectStatus

logger = logging.getLogger("regionas.projects")

__all__ = ["approval_message", "notify_approval_requested", "notify_submission_decided"]

notification_kind("projektai.approval", label=_("Approval of project submissions"),
                  description=_("A department project awaits management's approval to be "
                                "submitted, and the decision on one you asked for."),
                  optional=False, roles=(Role.STAFF, Role.MANAGEMENT, Role.ADMIN))


def _message(template: str, user, context: dict):
    """The (subject, body, from, [to]) of one e-mail, in ``user``'s language."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {**context, "user": user, "base_url": settings.PORTAL_BASE_URL}
        subject = render_to_string(f"projektai/email/{template}_subject.txt", context)
        body = render_to_string(f"projektai/email/{template}.txt", context)
    return (settings.EMAIL_SUBJECT_PREFIX + " ".join(subject.split()), body, None,
            [user.email])


def _link(project: Project) -> str:
    return settings.PORTAL_BASE_URL + project.get_absolute_url()


def approval_message(project: Project, user):
    return _message("approval_requested", user, {
        "project": project, "requested_by": project.submission_requested_by,
        "link": _link(project)})


def _project(project_id: int) -> Project | None:
    return (Project.objects.select_related("programme", "submission_requested_by",
                                           "approved_by")
            .filter(pk=project_id).first())


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def notify_approval_requested(project_id: int) -> int:
    """Every active member of management hears that the project awaits their approval
    (nothing when it no longer waits: approved or sent back before the worker ran)."""
    project = _project(project_id)
    if project is None or not project.awaiting_approval:
        return 0
    managers = (get_user_model().objects.filter(role=Role.MANAGEMENT, is_active=True)
                .exclude(email="").order_by("pk"))
    messages = [approval_message(project, user) for user in managers]
    sent = send_mass_mail(messages, fail_silently=False) if messages else 0
    logger.info("project %s awaits approval: %s e-mails", project_id, sent)
    return sent


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def notify_submission_decided(project_id: int, approved: bool) -> int:
    """The person who asked for the approval hears whether the project was submitted or
    sent back, and why."""
    project = _project(project_id)
    if project is None:
        return 0
    user = project.submission_requested_by
    if user is None or not user.is_active or not user.email:
        return 0
    last = project.status_changes.select_related("by").order_by("-at", "-pk").first()
    message = _message("submission_decided", user, {
        "project": project, "approved": approved, "link": _link(project),
        "decided_by": last.by if last else None,
        "note": last.note if last and not approved else "",
        "submitted": project.status == ProjectStatus.SUBMITTED})
    sent = send_mass_mail([message], fail_silently=False)
    logger.info("project %s: submission %s, %s e-mail", project_id,
                "approved" if approved else "declined", sent)
    return sent
