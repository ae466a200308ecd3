"""The department's review: comments on fields, return for correction, accept, reopen with a
reason, bulk accept, and the hand-off to LNB."""

import io
import logging
import zipfile
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bibliotekos.models import Library
from paskyros.tabular import write_workbook
from statistika.models import (
    FieldComment,
    Indicator,
    Report,
    ReportEvent,
    ReportEventKind,
    ReportStatus,
    ValueChange,
)
from statistika.scoping import ReportScope, report_scope
from statistika.services.reports import ReportLocked, field_states, form_units

logger = logging.getLogger("regionas.statistics")


def _staff(by) -> None:
    if not by.can_manage_territory:
        raise PermissionDenied(_("Only department staff review reports."))


def _move(report: Report, *, source: set, target: str, kind: str, by, note: str = "",
          **fields) -> Report:
    moved = Report.objects.filter(pk=report.pk, status__in=source).update(status=target,
                                                                        **fields)
    if moved != 1:
        raise ReportLocked(_("The report is no longer in a state that allows this."))
    ReportEvent.objects.create(report=report, kind=kind, note=note, created_by=by)
    report.refresh_from_db()
    return report


@transaction.atomic
def add_comment(*, report: Report, library, indicator: Indicator, text: str, by) -> FieldComment:
    _staff(by)
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError(_("Write the comment."))
    if len(text) > 1000:
        raise ValidationError(_("The comment is too long (at most 1 000 characters)."))
    return FieldComment.objects.create(report=report, library=library, indicator=indicator,
                                       text=text, created_by=by)


@transaction.atomic
def answer_comment(*, comment: FieldComment, text: str, by) -> FieldComment:
    """The library's answer to a remark, in place on the field (or the department's reply
    to that answer). Only someone who sees the field's unit may answer."""
    scope = report_scope(comment.report, by)
    if scope.unit(comment.library_id) is None or not scope.may_write:
        raise PermissionDenied
    if comment.reply_to_id is not None:
        raise ValidationError(_("Answer the department's remark itself."))
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError(_("Write the answer."))
    if len(text) > 1000:
        raise ValidationError(_("The answer is too long (at most 1 000 characters)."))
    return FieldComment.objects.create(report=comment.report, library_id=comment.library_id,
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
def return_for_correction(*, report: Report, note: str, by) -> Report:
    _staff(by)
    if not report.comments.open().exists() and not (note or "").strip():
        raise ValidationError(_("Comment on at least one field, or write what to correct."))
    report = _move(report, source={ReportStatus.SUBMITTED}, target=ReportStatus.RETURNED,
                   kind=ReportEventKind.RETURNED, by=by, note=(note or "").strip()[:1000])
    from statistika.tasks import notify_report_returned

    transaction.on_commit(lambda: notify_report_returned.delay(report.pk))
    return report


@transaction.atomic
def accept(*, report: Report, by) -> Report:
    """Accepting a report closes the remarks still open on it."""
    _staff(by)
    report = _move(report, source={ReportStatus.SUBMITTED}, target=ReportStatus.ACCEPTED,
                   kind=ReportEventKind.ACCEPTED, by=by)
    report.comments.open().update(resolved_at=timezone.now(), resolved_by=by)
    return report


@transaction.atomic
def reopen(*, report: Report, reason: str, by) -> Report:
    """An accepted report back to the librarian; the reason is recorded."""
    _staff(by)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(_("Say why the report is reopened."))
    return _move(report, source={ReportStatus.ACCEPTED, ReportStatus.HANDED_ON},
                 target=ReportStatus.RETURNED, kind=ReportEventKind.REOPENED, by=by,
                 note=reason[:1000])


def has_warnings(report: Report) -> bool:
    units = form_units(report)
    states = field_states(report, units)
    return any(state.warnings or state.errors for state in states.values())


def bulk_accept(*, reports, by) -> tuple[int, int]:
    """Accept the submitted reports that raised no warning; the rest wait for a look."""
    _staff(by)
    accepted = skipped = 0
    for report in reports.filter(status=ReportStatus.SUBMITTED).select_related("campaign",
                                                                               "library"):
        if has_warnings(report):
            skipped += 1
            continue
        with transaction.atomic():
            accept(report=report, by=by)
        accepted += 1
    return accepted, skipped


# --- the hand-off to LNB ----------------------------------------------------------------------

HANDOFF_HEADER = ["lnb_code", "indicator_code", "indicator", "unit", "value"]


def _lnb_rows(values: dict, indicators: list[Indicator]):
    for indicator in indicators:
        yield [indicator.lnb_code, indicator.code, indicator.name_lt, indicator.unit,
               values.get(indicator.pk)]


def handoff_files(*, year: int, by=None) -> dict[str, bytes]:
    """Per accepted library an XLSX in the per-library form's layout (rows in LNB code order;
    a system's values with outlets summed), and the consolidated sheet for the territory."""
    from statistika import selectors

    reports = list(Report.objects.filter(campaign__year=year, status__in=[
        ReportStatus.ACCEPTED, ReportStatus.HANDED_ON]).select_related("library")
        .order_by("library__code"))
    indicators = sorted(Indicator.objects.valid_in(year).filter(derived=False)
                        .exclude(lnb_code=""), key=lambda i: (i.lnb_code, i.code))
    codes = [i.code for i in indicators]
    files = {}
    consolidated = []
    for report in reports:
        level = "system" if report.library.kind == "system" else "library"
        table = selectors.primary_table(codes=codes, years=[year], level=level,
                                        libraries=Library.objects.filter(pk=report.library_id))
        values = {i.pk: table.get(report.library.code, year, i.code) for i in indicators}
        rows = list(_lnb_rows(values, indicators))
        files[f"{year}-{report.library.code}.xlsx"] = write_workbook(
            [(report.library.code, HANDOFF_HEADER, rows)],
            widths={"indicator": 55, "indicator_code": 26})
        consolidated.append([report.library.code, report.library.name] +
                            [values[i.pk] for i in indicators])
    files[f"{year}-suvestine.xlsx"] = write_workbook(
        [(str(year), ["library_code", "library"] + [i.lnb_code for i in indicators],
          consolidated)])
    return files


@transaction.atomic
def hand_off(*, year: int, by) -> int:
    _staff(by)
    handed = 0
    for report in Report.objects.select_for_update().filter(campaign__year=year,
                                                           status=ReportStatus.ACCEPTED):
        _move(report, source={ReportStatus.ACCEPTED}, target=ReportStatus.HANDED_ON,
              kind=ReportEventKind.HANDED_ON, by=by)
        handed += 1
    logger.info("%s reports of %s handed on by user %s", handed, year, getattr(by, "pk", None))
    return handed


def handoff_zip(*, year: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in handoff_files(year=year).items():
            archive.writestr(name, data)
    return out.getvalue()


def write_handoff(*, year: int, directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in handoff_files(year=year).items():
        path = directory / name
        path.write_bytes(data)
        written.append(path)
    return written


def timeline(scope: ReportScope) -> list[dict]:
    """The report's steps and every change of a value in the units the person sees,
    newest first."""
    report = scope.report
    entries = [{"at": e.created_at, "who": e.created_by, "event": e} for e in
               report.events.select_related("created_by")]
    changes = (ValueChange.objects
               .filter(value__year=report.campaign.year, value__library_id__in=scope.library_ids)
               .select_related("value__indicator", "value__library", "changed_by")[:2000])
    entries += [{"at": c.changed_at, "who": c.changed_by, "change": c} for c in changes]
    return sorted(entries, key=lambda e: e["at"], reverse=True)
