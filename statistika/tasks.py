import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from bibliotekos.models import Membership
from bibliotekos.scoping import descendant_ids
from statistika.models import Campaign, Report, ReportStatus

logger = logging.getLogger("regionas.statistics")
WAITING = [ReportStatus.NOT_STARTED, ReportStatus.DRAFT, ReportStatus.RETURNED]


def _recipients(report: Report) -> list:
    libraries = {report.library_id} | descendant_ids([report.library_id])
    return list({m.user for m in Membership.objects.filter(library_id__in=libraries,
                                                          user__is_active=True)
                 .select_related("user")})


def _messages(reports, template: str, extra=None):
    """One e-mail per person of each report's library; ``extra(report, user)`` adds what
    that person may read (their units' remarks) to the context."""
    messages = []
    for report in reports:
        link = settings.PORTAL_BASE_URL + reverse("statistika:report_form", args=[report.pk])
        for user in _recipients(report):
            with translation.override(user.language or settings.LANGUAGE_CODE):
                context = {"user": user, "report": report, "link": link,
                           "deadline": timezone.localtime(report.deadline),
                           "base_url": settings.PORTAL_BASE_URL,
                           **(extra(report, user) if extra else {})}
                subject = render_to_string(f"statistika/email/{template}_subject.txt",
                                           context).strip()
                body = render_to_string(f"statistika/email/{template}.txt", context)
            messages.append((settings.EMAIL_SUBJECT_PREFIX + subject, body, None, [user.email]))
    return messages


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def notify_campaign_opened(campaign_id: int) -> None:
    reports = Report.objects.filter(campaign_id=campaign_id).select_related("library",
                                                                            "campaign")
    sent = send_mass_mail(_messages(reports, "campaign_opened"), fail_silently=False)
    logger.info("campaign %s: %s opening e-mails sent", campaign_id, sent)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def remind_report(report_id: int) -> None:
    reports = list(Report.objects.filter(pk=report_id, status__in=WAITING)
                   .select_related("library", "campaign"))
    send_mass_mail(_messages(reports, "reminder"), fail_silently=False)
    Report.objects.filter(pk__in=[r.pk for r in reports]).update(
        last_reminded_at=timezone.now())


@shared_task
def send_reminders() -> None:
    """Daily (beat): on a campaign's reminder days, remind every library not yet submitted."""
    from statistika.services.reports import reminder_due

    today = timezone.localdate()
    for campaign in Campaign.objects.filter(is_open=True, deadline__gt=timezone.now()):
        if not reminder_due(campaign, today):
            continue
        reports = list(campaign.reports.filter(status__in=WAITING)
                       .exclude(last_reminded_at__date=today)
                       .select_related("library", "campaign"))
        send_mass_mail(_messages(reports, "reminder"), fail_silently=False)
        Report.objects.filter(pk__in=[r.pk for r in reports]).update(
            last_reminded_at=timezone.now())
        logger.info("campaign %s: %s reminders", campaign.year, len(reports))


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def notify_report_returned(report_id: int) -> None:
    from statistika.scoping import report_scope
    from statistika.services.reports import attention

    def remarks(report, user):
        return {"attention": attention(report_scope(report, user))}

    reports = list(Report.objects.filter(pk=report_id).select_related("library", "campaign"))
    send_mass_mail(_messages(reports, "report_returned", remarks), fail_silently=False)
