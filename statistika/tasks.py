import logging

from celery import shared_task
from celery.schedules import crontab
from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from bibliotekos.models import Membership
from bibliotekos.scoping import descendant_ids
from paskyros.models import Role
from portalas.notifications import wanting
from portalas.registry import notification_kind, periodic_task
from statistika.models import Campaign, Submission, SubmissionStatus

logger = logging.getLogger("regionas.statistics")

periodic_task("statistics-reminders", task="statistika.tasks.send_reminders",
              schedule=crontab(hour=8, minute=0))
notification_kind("statistika.campaign_opened", label=_("A reporting year is opened"),
                  description=_("The link to your library's annual statistics form."),
                  optional=False, roles={Role.LIBRARIAN})
notification_kind("statistika.reminder", label=_("Reminders before the statistics deadline"),
                  description=_("On the campaign's reminder days, until the report is "
                                "submitted."), roles={Role.LIBRARIAN})
notification_kind("statistika.returned", label=_("A statistics report is returned"),
                  description=_("The department's reason and remarks on your units."),
                  optional=False, roles={Role.LIBRARIAN})
WAITING = [SubmissionStatus.NOT_STARTED, SubmissionStatus.DRAFT, SubmissionStatus.RETURNED]


def _recipients(submission: Submission) -> list:
    libraries = {submission.library_id} | descendant_ids([submission.library_id])
    return list({m.user for m in Membership.objects.filter(library_id__in=libraries,
                                                          user__is_active=True)
                 .select_related("user")})


KINDS = {"campaign_opened": "statistika.campaign_opened", "reminder": "statistika.reminder",
         "report_returned": "statistika.returned"}


def _messages(submissions, template: str, extra=None):
    """One e-mail per person of each submission's library who wants it (an optional kind
    can be turned off); ``extra(submission, user)`` adds what that person may read (their
    units' remarks) to the context."""
    messages = []
    for submission in submissions:
        link = settings.PORTAL_BASE_URL + reverse("statistika:report_form",
                                                  args=[submission.pk])
        for user in wanting(_recipients(submission), KINDS[template]):
            with translation.override(user.language or settings.LANGUAGE_CODE):
                context = {"user": user, "submission": submission, "link": link,
                           "deadline": timezone.localtime(submission.deadline),
                           "base_url": settings.PORTAL_BASE_URL,
                           **(extra(submission, user) if extra else {})}
                subject = render_to_string(f"statistika/email/{template}_subject.txt",
                                           context).strip()
                body = render_to_string(f"statistika/email/{template}.txt", context)
            messages.append((settings.EMAIL_SUBJECT_PREFIX + subject, body, None, [user.email]))
    return messages


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def notify_campaign_opened(campaign_id: int) -> None:
    submissions = Submission.objects.filter(campaign_id=campaign_id).select_related(
        "library", "campaign")
    sent = send_mass_mail(_messages(submissions, "campaign_opened"), fail_silently=False)
    logger.info("campaign %s: %s opening e-mails sent", campaign_id, sent)


# The task keeps the name it was registered under before the model was renamed, so a
# reminder queued (or retrying) across a deploy still finds its worker.
@shared_task(name="statistika.tasks.remind_report", acks_late=True,
             autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def remind_submission(submission_id: int) -> None:
    submissions = list(Submission.objects.filter(pk=submission_id, status__in=WAITING)
                       .select_related("library", "campaign"))
    send_mass_mail(_messages(submissions, "reminder"), fail_silently=False)
    Submission.objects.filter(pk__in=[r.pk for r in submissions]).update(
        last_reminded_at=timezone.now())


@shared_task
def send_reminders() -> None:
    """Daily (beat): on a campaign's reminder days, remind every library not yet submitted."""
    from statistika.selectors.campaign import reminder_due

    today = timezone.localdate()
    for campaign in Campaign.objects.filter(is_open=True, deadline__gt=timezone.now()):
        if not reminder_due(campaign, today):
            continue
        submissions = list(campaign.submissions.filter(status__in=WAITING)
                           .exclude(last_reminded_at__date=today)
                           .select_related("library", "campaign"))
        send_mass_mail(_messages(submissions, "reminder"), fail_silently=False)
        Submission.objects.filter(pk__in=[r.pk for r in submissions]).update(
            last_reminded_at=timezone.now())
        logger.info("campaign %s: %s reminders", campaign.year, len(submissions))


# Registered under its name from before the model was renamed (see remind_submission).
@shared_task(name="statistika.tasks.notify_report_returned", acks_late=True,
             autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def notify_submission_returned(submission_id: int) -> None:
    from statistika.scoping import submission_scope
    from statistika.selectors.campaign import attention

    def remarks(submission, user):
        return {"attention": attention(submission_scope(submission, user))}

    submissions = list(Submission.objects.filter(pk=submission_id)
                       .select_related("library", "campaign"))
    send_mass_mail(_messages(submissions, "report_returned", remarks), fail_silently=False)
