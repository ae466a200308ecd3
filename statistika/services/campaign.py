"""The yearly campaign's writes: opening a reporting year, saving one value of a submission
at a time with its own version, explanations, submitting, extending a deadline, and the
filled workbook coming back. The reads behind them (field states, what is outstanding, the
workbook download) are in ``statistika.selectors.campaign``."""

import logging
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bibliotekos.models import Library
from portalas.tables import TableError, detect_kind, read_xlsx, sheet_title, unneutralise
from statistika.models import (
    EDITABLE_STATUSES,
    Campaign,
    Explanation,
    Indicator,
    Source,
    Submission,
    SubmissionEvent,
    SubmissionEventKind,
    SubmissionStatus,
    Value,
)
from statistika.scoping import (
    SubmissionScope,
    Unit,
    form_indicators,
    form_units,
    submission_scope,
)
from statistika.selectors.campaign import (
    XLSX_COLUMNS,
    is_late,
    outstanding,
    plain_number,
    xlsx_header,
)
from statistika.services.catalogue import NOT_KNOWN_WORDS, parse_value
from statistika.services.values import OnLocked, ValueWrite, write_values

logger = logging.getLogger("regionas.statistics")


class SubmissionLocked(Exception):
    """The submission cannot be changed now; the message says why."""


# --- campaign ------------------------------------------------------------------------------------

@transaction.atomic
def open_campaign(*, year: int, kinds: list[str], deadline, reminder_days: list[int],
                  by) -> Campaign:
    if not by.can_manage_territory:
        raise PermissionDenied
    if deadline <= timezone.now():
        raise ValidationError({"deadline": _("The deadline must be in the future.")})
    if Campaign.objects.filter(year=year).exists():
        raise ValidationError({"year": _("The campaign for %(year)s exists already.")
                               % {"year": year}})
    campaign = create_campaign(year=year, kinds=kinds, deadline=deadline,
                               reminder_days=reminder_days, by=by)
    from statistika.tasks import notify_campaign_opened

    transaction.on_commit(lambda: notify_campaign_opened.delay(campaign.pk))
    logger.info("campaign %s opened by user %s", year, by.pk)
    return campaign


def _count_fields(units: list[Unit]) -> int:
    return sum(len(unit.indicators) for unit in units)


def create_campaign(*, year: int, kinds: list[str], deadline, reminder_days: list[int],
                    by) -> Campaign:
    """The campaign and a submission for every library of the chosen kinds open that year."""
    campaign = Campaign.objects.create(year=year, kinds=kinds, deadline=deadline,
                                       reminder_days=sorted(set(reminder_days), reverse=True),
                                       opened_by=by)
    indicators = form_indicators(year)
    libraries = (Library.objects.filter(kind__in=kinds).open_in(year)
                 .filter(Q(municipality__in_territory=True) | Q(municipality__isnull=True)))
    submissions = []
    for library in libraries:
        submission = Submission(campaign=campaign, library=library)
        submission.total_fields = _count_fields(form_units(submission, indicators))
        submissions.append(submission)
    Submission.objects.bulk_create(submissions)
    return campaign


# --- saving a value -------------------------------------------------------------------------------

@dataclass
class SaveResult:
    value: Value | None
    error: str = ""
    conflict: Value | None = None   # the value someone else saved meanwhile
    mine: str = ""                  # what this person typed, kept for the conflict view
    saved: bool = False


def _check_editable(submission: Submission) -> None:
    if submission.status not in EDITABLE_STATUSES:
        raise SubmissionLocked(_("The report has been submitted and can no longer be "
                                 "changed."))
    if not submission.campaign.is_open:
        raise SubmissionLocked(_("The reporting period is closed. Your draft is kept; ask the "
                                 "department to reopen it."))
    if is_late(submission):
        raise SubmissionLocked(
            _("The deadline passed on %(date)s. Your draft is kept; ask the department to "
              "extend the deadline.")
            % {"date": f"{timezone.localtime(submission.deadline):%Y-%m-%d %H:%M}"})


def _unit_in_scope(submission: Submission, library: Library, by) -> SubmissionScope:
    """The person's scope of the submission; a unit outside it is refused."""
    scope = submission_scope(submission, by)
    if scope.unit(library.pk) is None or not scope.may_write:
        raise PermissionDenied(_("This part of the report is outside your access."))
    return scope


def save_value(*, submission: Submission, library: Library, indicator: Indicator, raw: str,
               not_known: bool, version: int | None, by) -> SaveResult:
    """Save one field. ``version`` is the version the person's form showed: if somebody
    saved a different value since, nothing is overwritten and both are shown."""
    _check_editable(submission)
    _unit_in_scope(submission, library, by)
    year = submission.campaign.year
    raw = (raw or "").strip()
    try:
        number, text = (None, "") if not_known else parse_value(indicator, raw or None)
    except ValueError as error:
        current = Value.objects.filter(library=library, indicator=indicator, year=year).first()
        return SaveResult(value=current, error=str(error), mine=raw)
    write = ValueWrite(library_id=library.pk, indicator_id=indicator.pk, year=year,
                       value=number, text=text, known=not not_known, version=version)
    result = write_values([write], by=by, source=Source.FORM, on_locked=OnLocked.REFUSE)
    current = result.values.get(write.key)
    if result.refused:
        raise SubmissionLocked(_("The report has been submitted and can no longer be "
                                 "changed."))
    if result.conflicts:
        return SaveResult(value=current, conflict=result.conflicts[0].current, mine=raw)
    return SaveResult(value=current, saved=bool(result.written))


def save_explanation(*, submission: Submission, library: Library, indicator: Indicator,
                     text: str, by) -> Explanation:
    _check_editable(submission)
    _unit_in_scope(submission, library, by)
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError(_("Write a short explanation."))
    if len(text) > 1000:
        raise ValidationError(_("The explanation is too long (at most 1 000 characters)."))
    current = Value.objects.filter(library=library, indicator=indicator,
                                   year=submission.campaign.year).first()
    explanation, _created = Explanation.objects.update_or_create(
        submission=submission, library=library, indicator=indicator,
        defaults={"text": text, "explained_value": current.value if current else None,
                  "created_by": by})
    return explanation


# --- the submission's workflow --------------------------------------------------------------------

@transaction.atomic
def submit(*, submission: Submission, by) -> Submission:
    """Only someone who sees every unit of the submission may submit it."""
    _check_editable(submission)
    scope = submission_scope(submission, by)
    if not scope.can_submit:
        raise PermissionDenied(_("Only someone who may see every part of the report (the "
                                 "library's director or the department) may submit it."))
    left = outstanding(submission, scope.units)
    if not left.ready:
        raise ValidationError(_("The report is not complete yet."))
    moved = Submission.objects.filter(pk=submission.pk, status__in=[
        SubmissionStatus.DRAFT, SubmissionStatus.RETURNED]).update(
        status=SubmissionStatus.SUBMITTED, submitted_at=timezone.now(), submitted_by=by)
    if moved != 1:
        raise SubmissionLocked(_("The report has already been submitted."))
    SubmissionEvent.objects.create(submission=submission, kind=SubmissionEventKind.SUBMITTED,
                                   created_by=by)
    submission.refresh_from_db()
    logger.info("report %s submitted by user %s", submission.pk, by.pk)
    return submission


@transaction.atomic
def extend_deadline(*, submission: Submission, until, by, note: str = "") -> Submission:
    """A later deadline for one submission; recorded in its timeline."""
    if not by.can_manage_territory:
        raise PermissionDenied
    if until <= timezone.now():
        raise ValidationError({"until": _("The new deadline must be in the future.")})
    submission.extended_until = until
    submission._history_user = by
    submission.save(update_fields=["extended_until"])
    stamp = f"{timezone.localtime(until):%Y-%m-%d %H:%M}"
    note = " ".join((note or "").split())
    SubmissionEvent.objects.create(submission=submission, kind=SubmissionEventKind.EXTENDED,
                                   created_by=by,
                                   note=(f"{stamp}: {note}" if note else stamp)[:1000])
    logger.info("report %s deadline extended to %s by user %s", submission.pk, stamp, by.pk)
    return submission


# --- the filled workbook back ---------------------------------------------------------------------

@dataclass
class UploadResult:
    errors: list[str] = field(default_factory=list)
    saved: int = 0


def _header_names() -> dict[str, str]:
    """Every header text a column of the form's workbook may have — its key (the old
    layout), its label in each of the portal's languages — to the column's key."""
    from django.conf import settings
    from django.utils import translation

    names = {}
    for key, label in XLSX_COLUMNS:
        names[key] = key
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                names[str(label).strip().lower()] = key
    return names


def import_submission_xlsx(*, submission: Submission, data: bytes, by) -> UploadResult:
    """The filled workbook back (the layout of ``selectors.campaign.submission_xlsx``): the
    same parsing as the form, errors by sheet and cell; a file with any error stores
    nothing. A sheet of a unit outside the person's access refuses the whole file; a value
    changed by someone else since the download is a conflict, never overwritten."""
    _check_editable(submission)
    scope = submission_scope(submission, by)
    if not scope.units or not scope.may_write:
        raise PermissionDenied
    result = UploadResult()
    names = _header_names()
    try:
        if detect_kind(data) != "xlsx":
            raise TableError(_("This is not an .xlsx workbook. Download the form as XLSX, fill "
                               "it in and upload that workbook."))
        tables = read_xlsx(data, is_header=lambda row: bool(row)
                           and names.get(row[0]) == "indicator_code")
    except TableError as error:
        result.errors.append(str(error))
        return result
    # A sheet is a unit's by the code in A1 (the workbook of today) or by its name (the
    # workbook of before, whose sheets were named by the unit's code).
    units = {unit.library.code.casefold(): unit for unit in scope.units}
    hidden = {unit.library.code.casefold() for unit in scope.all_units} - set(units)
    legacy = {sheet_title(unit.library.code).casefold(): unit.library.code.casefold()
              for unit in scope.all_units}
    expected = ", ".join(sheet_title(unit.library.name) for unit in scope.units)

    def unit_code(table) -> str:
        if table.preamble and table.preamble[0] and table.preamble[0][0] is not None:
            return unneutralise(str(table.preamble[0][0]).strip()).casefold()
        return legacy.get(table.name.casefold(), "")

    outside = [f"{table.name} ({unit_code(table).upper()})" for table in tables
               if unit_code(table) in hidden]
    if outside:
        result.errors.append(_("Sheet “%(sheet)s” is a part of the report outside your access; "
                               "the file was not read. Upload a workbook with your own parts "
                               "only (%(sheets)s).")
                             % {"sheet": ", ".join(outside), "sheets": expected})
        return result
    pending: list[ValueWrite] = []
    for table in tables:
        unit = units.get(unit_code(table))
        if unit is None:
            result.errors.append(_("Sheet “%(sheet)s”: not a part of this report (expected "
                                   "%(sheets)s).") % {"sheet": table.name,
                                                      "sheets": expected})
            continue
        columns = {names[name]: name for name in table.header if name in names}
        if any(key not in columns for key in ("indicator_code", "value", "version")):
            result.errors.append(_("Sheet “%(sheet)s”: the columns must be %(columns)s. "
                                   "Download the form again and fill in that workbook.")
                                 % {"sheet": table.name, "columns": ", ".join(xlsx_header())})
            continue
        by_code = {i.code: i for i in unit.indicators}
        seen = set()
        for number, row in table.rows:
            code = unneutralise(str(row.get(columns["indicator_code"]) or "").strip())
            indicator = by_code.get(code)
            if indicator is None or code in seen:
                message = (_("%(cell)s: “%(code)s” is not a field of this form.")
                           if indicator is None else
                           _("%(cell)s: “%(code)s” appears twice on the sheet."))
                result.errors.append(message % {
                    "cell": table.cell(number, columns["indicator_code"]), "code": code[:60]})
                continue
            seen.add(code)
            raw = row.get(columns["value"])
            if isinstance(raw, str):
                raw = unneutralise(raw)
            not_known = isinstance(raw, str) and raw.strip().lower() in NOT_KNOWN_WORDS
            where = table.cell(number, columns["value"])
            try:
                number_value, text = (None, "") if not_known else parse_value(indicator, raw)
                version = int(row.get(columns["version"]) or 0)
            except (ValueError, TypeError) as error:
                result.errors.append(f"{where}: {error}")
                continue
            pending.append(ValueWrite(
                library_id=unit.library.pk, indicator_id=indicator.pk,
                year=submission.campaign.year, value=number_value, text=text,
                known=not not_known, version=version, where=where))
    if result.errors:
        return result
    written = write_values(pending, by=by, source=Source.UPLOAD, on_locked=OnLocked.REFUSE)
    if written.refused:
        raise SubmissionLocked(_("The report has been submitted and can no longer be "
                                 "changed."))
    for conflict in written.conflicts:
        who = conflict.current.updated_by or _("someone")
        result.errors.append(_("%(cell)s: %(who)s changed this value on %(when)s, after the "
                               "workbook was downloaded (now %(value)s). Download the form "
                               "again, or change the value in the form.") % {
            "cell": conflict.write.where, "who": who,
            "when": f"{timezone.localtime(conflict.current.updated_at):%Y-%m-%d %H:%M}",
            "value": _("not known") if not conflict.current.known else
            (conflict.current.text or plain_number(conflict.current.value)
             if conflict.current.value is not None or conflict.current.text else "–")})
    result.saved = written.written
    return result
