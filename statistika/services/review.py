"""The department's review, its writes: comments on fields (and the library's answers),
return for correction, accept, reopen with a reason, bulk accept, and the hand-off to LNB.
The reads (warnings, the timeline, the hand-off files) are in
``statistika.selectors.review``."""

import logging
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from statistika.models import (
    FieldComment,
    Indicator,
    Submission,
    SubmissionEvent,
    SubmissionEventKind,
    SubmissionStatus,
)
from statistika.scoping import submission_scope
from statistika.selectors.review import handoff_files, with_warnings
from statistika.services.campaign import SubmissionLocked

logger = logging.getLogger("regionas.statistics")


def _staff(by) -> None:
    if not by.can_manage_territory:
        raise PermissionDenied(_("Only department staff review reports."))


def _move(submission: Submission, *, source: set, target: str, kind: str, by,
          note: str = "", **fields) -> Submission:
    moved = Submission.objects.filter(pk=submission.pk, status__in=source).update(
        status=target, **fields)
    if moved != 1:
        raise SubmissionLocked(_("The report is no longer in a state that allows this."))
    SubmissionEvent.objects.create(submission=submission, kind=kind, note=note, created_by=by)
    submission.refresh_from_db()
    return submission


@transaction.atomic
def add_comment(*, submission: Submission, library, indicator: Indicator, text: str,
                by) -> FieldComment:
    _staff(by)
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError(_("Write the comment."))
    if len(text) > 1000:
        raise ValidationError(_("The comment is too long (at most 1 000 characters)."))
    return FieldComment.objects.create(submission=submission, library=library,
                                       indicator=indicator, text=text, created_by=by)


@transaction.atomic
def answer_comment(*, comment: FieldComment, text: str, by) -> FieldComment:
    """The library's answer to a remark, in place on the field (or the department's reply
    to that answer). Only someone who sees the field's unit may answer."""
    scope = submission_scope(comment.submission, by)
    if scope.unit(comment.library_id) is None or not scope.may_write:
        raise PermissionDenied
    if comment.reply_to_id is not None:
        raise ValidationError(_("Answer the department's remark itself."))
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError(_("Write the answer."))
    if len(text) > 1000:
        raise ValidationError(_("The answer is too long (at most 1 000 characters)."))
    return FieldComment.objects.create(submission=comment.submission,
                                       library_id=comment.library_id,
                                       indicator_id=comment.indicator_id, text=text,
                                       reply_to=comment, created_by=by)


@transaction.atomic
def resolve_comment(*, comment: FieldComment, by) -> FieldComment:
    _staff(by)
    FieldComment.objects.filter(pk=comment.pk, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=by)
    comment.refresh_from_db()
    return comment


@transaction.atomic
def return_for_correction(*, submission: Submission, note: str, by) -> Submission:
    _staff(by)
    if not submission.comments.open().exists() and not (note or "").strip():
        raise ValidationError(_("Comment on at least one field, or write what to correct."))
    submission = _move(submission, source={SubmissionStatus.SUBMITTED},
                       target=SubmissionStatus.RETURNED, kind=SubmissionEventKind.RETURNED,
                       by=by, note=(note or "").strip()[:1000])
    from statistika.tasks import notify_submission_returned

    transaction.on_commit(lambda: notify_submission_returned.delay(submission.pk))
    return submission


@transaction.atomic
def accept(*, submission: Submission, by) -> Submission:
    """Accepting a submission closes the remarks still open on it."""
    _staff(by)
    submission = _move(submission, source={SubmissionStatus.SUBMITTED},
                       target=SubmissionStatus.ACCEPTED, kind=SubmissionEventKind.ACCEPTED,
                       by=by)
    submission.comments.open().update(resolved_at=timezone.now(), resolved_by=by)
    return submission


@transaction.atomic
def reopen(*, submission: Submission, reason: str, by) -> Submission:
    """An accepted submission back to the librarian; the reason is recorded."""
    _staff(by)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(_("Say why the report is reopened."))
    return _move(submission, source={SubmissionStatus.ACCEPTED, SubmissionStatus.HANDED_ON},
                 target=SubmissionStatus.RETURNED, kind=SubmissionEventKind.REOPENED, by=by,
                 note=reason[:1000])


@transaction.atomic
def bulk_accept(*, submissions, by) -> tuple[int, int]:
    """Accept those submitted that raised no warning; the rest wait for a look. Set-based:
    the same number of queries for ten submissions or four hundred."""
    _staff(by)
    waiting = list(submissions.filter(status=SubmissionStatus.SUBMITTED)
                   .select_related("campaign", "library"))
    flagged = with_warnings(waiting)
    clean = [s.pk for s in waiting if s.pk not in flagged]
    # Conditional, like a single acceptance: one that changed meanwhile is left alone.
    moved = list(Submission.objects.select_for_update().filter(
        pk__in=clean, status=SubmissionStatus.SUBMITTED).values_list("pk", flat=True))
    Submission.objects.filter(pk__in=moved).update(status=SubmissionStatus.ACCEPTED)
    SubmissionEvent.objects.bulk_create([
        SubmissionEvent(submission_id=pk, kind=SubmissionEventKind.ACCEPTED, created_by=by)
        for pk in moved])
    FieldComment.objects.filter(submission_id__in=moved).open().update(
        resolved_at=timezone.now(), resolved_by=by)
    logger.info("%s submissions accepted in bulk by user %s", len(moved), by.pk)
    return len(moved), len(waiting) - len(moved)


# --- the hand-off to LNB ----------------------------------------------------------------------

@transaction.atomic
def hand_off(*, year: int, by) -> int:
    _staff(by)
    handed = 0
    for submission in Submission.objects.select_for_update().filter(
            campaign__year=year, status=SubmissionStatus.ACCEPTED):
        _move(submission, source={SubmissionStatus.ACCEPTED},
              target=SubmissionStatus.HANDED_ON, kind=SubmissionEventKind.HANDED_ON, by=by)
        handed += 1
    logger.info("%s reports of %s handed on by user %s", handed, year, getattr(by, "pk", None))
    return handed


def write_handoff(*, year: int, directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in handoff_files(year=year).items():
        path = directory / name
        path.write_bytes(data)
        written.append(path)
    return written
