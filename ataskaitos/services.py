"""Requesting and running documents. The web process only writes a job row; a Celery task
(or the request itself when no broker is configured) builds and renders it."""

import logging
from datetime import timedelta
from functools import partial

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ataskaitos.models import JobStatus, ReportJob
from ataskaitos.renderers import render
from bibliotekos.scoping import access_of, still_covers
from portalas.forms import NoParams
from portalas.registry import kind as get_kind

logger = logging.getLogger("regionas.documents")
MAX_ATTEMPTS = 3


class UserFacingError(Exception):
    """A failure whose message is written for the person who asked."""


class NotAvailable(Exception):
    """The parameters name something outside the requester's scope, or are not valid for
    the kind (the view answers 404)."""


def parameters(report_kind, data, user):
    """The kind's parameter form bound to ``data`` within ``user``'s scope."""
    form_class = report_kind.form or NoParams
    return form_class(data=data, user=user)


def request_report(*, kind: str, params: dict, format: str, by) -> ReportJob:
    """The job for a document. The kind's parameter form checks ``params`` within the
    requester's scope (a year out of range or another library's object: NotAvailable).
    One request, one document: a request identical to one still waiting or running shares
    it (a database constraint makes that hold for simultaneous requests too), and a
    finished one whose inputs have not changed since is handed out again. Identical means
    the same kind, parameters, format, language and the requester's access."""
    try:
        report_kind = get_kind(kind)
    except KeyError:
        raise ValidationError(_("Unknown kind of document.")) from None
    kind = report_kind.name     # an alias (``annual_plan``) is kept by the kind's own name
    if format not in report_kind.formats:
        raise ValidationError(_("This document is not available in that format."))
    if report_kind.staff_only and not by.sees_whole_territory:
        raise PermissionDenied
    form = parameters(report_kind, params, by)
    if not form.is_valid():
        raise NotAvailable
    params = form.params()
    language = translation.get_language() or settings.LANGUAGE_CODE
    scope = access_of(by)
    params_hash = ReportJob.hash_params(kind, params, format, language, scope)
    inputs = report_kind.inputs(form.cleaned_data) if report_kind.inputs else ""
    for _attempt in range(3):
        with transaction.atomic():
            reusable = _finished_copy(by, params_hash, inputs)
            if reusable is not None:
                logger.info("document job %s handed out again to user %s", reusable.pk, by.pk)
                return reusable
            existing = (ReportJob.objects.active()
                        .filter(requested_by=by, params_hash=params_hash).first())
            if existing:
                return existing
            try:
                with transaction.atomic():
                    job = ReportJob.objects.create(
                        kind=kind, params=params, format=format, requested_by=by,
                        params_hash=params_hash, language=language, scope=scope,
                        inputs=inputs)
            except IntegrityError:
                continue  # a simultaneous identical request won: share its job
            transaction.on_commit(partial(enqueue, job.pk))
        logger.info("document job %s (%s, %s) requested by user %s", job.pk, kind, format,
                    by.pk)
        return job
    raise IntegrityError("document request kept colliding")  # pragma: no cover


def _finished_copy(by, params_hash: str, inputs: str) -> ReportJob | None:
    """A finished job of the same request whose inputs are unchanged and whose file is
    still kept."""
    if not inputs:
        return None
    cutoff = timezone.now() - timedelta(days=settings.REPORT_RETENTION_DAYS)
    job = (ReportJob.objects.filter(requested_by=by, params_hash=params_hash, inputs=inputs,
                                    status=JobStatus.DONE, finished_at__gt=cutoff)
           .exclude(file="").order_by("-finished_at").first())
    if job is None or not job.file.storage.exists(job.file.name):
        return None
    return job


def may_download(job: ReportJob, user) -> bool:
    """A document is a copy of data: the person must still have the access it was made
    with, and the kind must still be open to their role."""
    if job.requested_by_id != user.pk and not user.is_administrator:
        return False
    try:
        report_kind = get_kind(job.kind)
    except KeyError:
        return False
    if report_kind.staff_only and not user.sees_whole_territory:
        return False
    return still_covers(user, job.scope)


_background = None


def _run_in_background(job_id) -> None:
    from django.db import close_old_connections

    from ataskaitos.tasks import render_job

    try:
        render_job.apply(args=[str(job_id)])
    except Exception:
        logger.exception("document job %s failed in the background thread", job_id)
    finally:
        close_old_connections()


def enqueue(job_id) -> bool:
    """Hand the job to the broker. If the broker is down the job stays queued and the
    sweeper sends it when the broker is back. Without a broker (a laptop, ``make run``)
    one background thread renders the jobs in turn, so the request returns at once and
    the page shows progress as it does with Celery."""
    global _background
    from ataskaitos.tasks import render_job

    if settings.CELERY_TASK_ALWAYS_EAGER and settings.DOCUMENTS_IN_THREAD:
        from concurrent.futures import ThreadPoolExecutor

        if _background is None:
            _background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="documents")
        _background.submit(_run_in_background, job_id)
        return True
    try:
        render_job.delay(str(job_id))
    except Exception as error:  # noqa: BLE001 - kombu raises many kinds when Redis is down
        if settings.CELERY_TASK_ALWAYS_EAGER:
            raise
        logger.warning("document job %s waits: broker unavailable (%s)", job_id,
                       type(error).__name__)
        return False
    return True


def run_job(job_id, *, progress_step: int = 10) -> ReportJob:
    """Build and render a job: re-applies the requester's scope (the builder gets the
    user), stores the file, marks the job done or failed. Safe to run twice."""
    moved = ReportJob.objects.filter(pk=job_id, status__in=[JobStatus.QUEUED,
                                                            JobStatus.RUNNING]).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), progress=5)
    job = ReportJob.objects.select_related("requested_by").get(pk=job_id)
    if moved != 1:
        return job  # already done or failed
    ReportJob.objects.filter(pk=job_id).update(attempts=job.attempts + 1)
    user = job.requested_by

    def progress(percent: int) -> None:
        ReportJob.objects.filter(pk=job_id).update(progress=max(5, min(95, int(percent))))

    try:
        if not user.is_active:
            raise UserFacingError(_("Your account is no longer active."))
        report_kind = get_kind(job.kind)
        form = parameters(report_kind, job.params, user)
        if not form.is_valid() or (report_kind.staff_only and not user.sees_whole_territory):
            raise NotAvailable
    except (NotAvailable, KeyError):
        _fail(job_id, _("The document is not available to you (the library is outside "
                        "your access or no longer exists)."))
        job.refresh_from_db()
        return job
    except UserFacingError as error:
        _fail(job_id, str(error))
        job.refresh_from_db()
        return job
    try:
        with translation.override(job.language):
            result = report_kind.build(params=form.cleaned_data, user=user, progress=progress)
            progress(70)
            data = render(result, job.format)
        name = f"{result.filename}.{job.format}"
        job.file.save(f"{job.pk.hex}.{job.format}", ContentFile(data), save=False)
        ReportJob.objects.filter(pk=job_id).update(
            status=JobStatus.DONE, progress=100, file=job.file.name, filename=name,
            finished_at=timezone.now(), error="")
    except UserFacingError as error:
        _fail(job_id, str(error))
    except (PermissionDenied, NotAvailable):
        _fail(job_id, _("The document is not available to you (the library is outside "
                        "your access or no longer exists)."))
    except SoftTimeLimitExceeded:
        _fail(job_id, _("The document took too long to prepare. Choose a smaller scope or "
                        "try again later."))
    except Exception:
        # A builder's or renderer's own error (or the database went away): logged with the
        # traceback, retried, and shown as "could not be built" — never as an access error.
        logger.exception("document job %s (%s) could not be built", job_id, job.kind)
        job.refresh_from_db()
        if job.attempts >= MAX_ATTEMPTS:
            _fail(job_id, _("The document could not be prepared. The department has been "
                            "told; you can try again."))
        else:
            ReportJob.objects.filter(pk=job_id).update(status=JobStatus.QUEUED, progress=0)
            raise
    job.refresh_from_db()
    return job


def _fail(job_id, message: str) -> None:
    ReportJob.objects.filter(pk=job_id).update(status=JobStatus.FAILED, error=message,
                                               finished_at=timezone.now())


@transaction.atomic
def retry(*, job: ReportJob, by) -> ReportJob:
    if job.requested_by_id != by.pk:
        raise PermissionDenied
    moved = ReportJob.objects.filter(pk=job.pk, status=JobStatus.FAILED).update(
        status=JobStatus.QUEUED, progress=0, error="", attempts=0, finished_at=None)
    if moved:
        transaction.on_commit(lambda: enqueue(job.pk))
    job.refresh_from_db()
    return job


def sweep(*, stale_after: timedelta | None = None) -> dict:
    """Periodic: re-send jobs the broker never got, requeue jobs whose worker died, delete
    files past their retention."""
    now = timezone.now()
    stale_after = stale_after or timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    stale = ReportJob.objects.filter(status=JobStatus.RUNNING, started_at__lt=now - stale_after)
    failed = stale.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=JobStatus.FAILED, finished_at=now,
        error=_("The document could not be prepared. You can try again."))
    requeued = stale.update(status=JobStatus.QUEUED, progress=0)
    waiting = list(ReportJob.objects.filter(status=JobStatus.QUEUED,
                                            created_at__lt=now - timedelta(minutes=1))
                   .values_list("pk", flat=True)[:200])
    for job_id in waiting:
        enqueue(job_id)
    expired = ReportJob.objects.filter(
        finished_at__lt=now - timedelta(days=settings.REPORT_RETENTION_DAYS))
    removed = 0
    for job in expired.exclude(file=""):
        job.file.delete(save=False)
        removed += 1
    expired.delete()
    return {"failed": failed, "requeued": requeued, "sent": len(waiting), "removed": removed}
