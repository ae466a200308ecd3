"""The yearly campaign and the statistics form: units and fields, saving one value at a
time with its own version, checks, explanations, submission, the XLSX round trip."""

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bibliotekos.models import Library
from paskyros.tabular import TableError, detect_kind, read_xlsx, sheet_title, write_workbook
from statistika.expressions import compile_expression
from statistika.models import (
    EDITABLE_STATUSES,
    Campaign,
    Explanation,
    FieldComment,
    Indicator,
    Report,
    ReportEvent,
    ReportEventKind,
    ReportStatus,
    Rule,
    Severity,
    Source,
    Value,
)
from statistika.scoping import (  # noqa: F401 - the form's shape, re-exported
    OUTLET_ORDER,
    ReportScope,
    Unit,
    form_indicators,
    form_units,
    report_scope,
)
from statistika.services.history import NOT_KNOWN_WORDS, parse_value
from statistika.services.values import (  # noqa: F401
    OnLocked,
    ValueWrite,
    count_answered,
    write_values,
)

logger = logging.getLogger("regionas.statistics")
PEER_MINIMUM = 5


class ReportLocked(Exception):
    """The report cannot be changed now; the message says why."""


# --- the form's shape -------------------------------------------------------------------------

def summed_totals(year: int) -> set[str]:
    """Totals whose parts add up to at most the total (a rule "a + b + … <= total"): the
    form shows the sum of their parts as they are typed."""
    import re

    totals = set()
    for expression in Rule.objects.valid_in(year).filter(active=True).values_list(
            "expression", flat=True):
        match = re.fullmatch(r"\s*([\w\s+]+\+[\w\s+]+)<=\s*(\w+)\s*", expression)
        if match:
            totals.add(match.group(2))
    return totals


def count_fields(units: list[Unit]) -> int:
    return sum(len(unit.indicators) for unit in units)


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


def create_campaign(*, year: int, kinds: list[str], deadline, reminder_days: list[int],
                    by) -> Campaign:
    """The campaign and a report for every library of the chosen kinds open that year."""
    campaign = Campaign.objects.create(year=year, kinds=kinds, deadline=deadline,
                                       reminder_days=sorted(set(reminder_days), reverse=True),
                                       opened_by=by)
    indicators = form_indicators(year)
    libraries = (Library.objects.filter(kind__in=kinds).open_in(year)
                 .filter(Q(municipality__in_territory=True) | Q(municipality__isnull=True)))
    reports = []
    for library in libraries:
        report = Report(campaign=campaign, library=library)
        report.total_fields = count_fields(form_units(report, indicators))
        reports.append(report)
    Report.objects.bulk_create(reports)
    return campaign


def is_late(report: Report, now=None) -> bool:
    return (now or timezone.now()) > report.deadline


# --- saving a value -------------------------------------------------------------------------------

@dataclass
class SaveResult:
    value: Value | None
    error: str = ""
    conflict: Value | None = None   # the value someone else saved meanwhile
    mine: str = ""                  # what this person typed, kept for the conflict view
    saved: bool = False


def _check_editable(report: Report) -> None:
    if report.status not in EDITABLE_STATUSES:
        raise ReportLocked(_("The report has been submitted and can no longer be changed."))
    if not report.campaign.is_open:
        raise ReportLocked(_("The reporting period is closed. Your draft is kept; ask the "
                             "department to reopen it."))
    if is_late(report):
        raise ReportLocked(_("The deadline passed on %(date)s. Your draft is kept; ask the "
                             "department to extend the deadline.")
                           % {"date": f"{timezone.localtime(report.deadline):%Y-%m-%d %H:%M}"})


def _unit_in_scope(report: Report, library: Library, by) -> ReportScope:
    """The person's scope of the report; a unit outside it is refused."""
    scope = report_scope(report, by)
    if scope.unit(library.pk) is None or not scope.may_write:
        raise PermissionDenied(_("This part of the report is outside your access."))
    return scope


def save_value(*, report: Report, library: Library, indicator: Indicator, raw: str,
               not_known: bool, version: int | None, by) -> SaveResult:
    """Save one field. ``version`` is the version the person's form showed: if somebody
    saved a different value since, nothing is overwritten and both are shown."""
    _check_editable(report)
    _unit_in_scope(report, library, by)
    year = report.campaign.year
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
        raise ReportLocked(_("The report has been submitted and can no longer be changed."))
    if result.conflicts:
        return SaveResult(value=current, conflict=result.conflicts[0].current, mine=raw)
    return SaveResult(value=current, saved=bool(result.written))


def save_explanation(*, report: Report, library: Library, indicator: Indicator, text: str,
                     by) -> Explanation:
    _check_editable(report)
    _unit_in_scope(report, library, by)
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError(_("Write a short explanation."))
    if len(text) > 1000:
        raise ValidationError(_("The explanation is too long (at most 1 000 characters)."))
    current = Value.objects.filter(library=library, indicator=indicator,
                                   year=report.campaign.year).first()
    explanation, _created = Explanation.objects.update_or_create(
        report=report, library=library, indicator=indicator,
        defaults={"text": text, "explained_value": current.value if current else None,
                  "created_by": by})
    return explanation


# --- checks ---------------------------------------------------------------------------------------

@dataclass
class FieldState:
    value: Value | None = None
    last_year: Decimal | None = None
    change_pct: Decimal | None = None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    explanation: Explanation | None = None
    band: tuple[Decimal, Decimal] | None = None
    comments: list = field(default_factory=list)

    @property
    def answered(self) -> bool:
        v = self.value
        return v is not None and (v.value is not None or not v.known or bool(v.text))

    @property
    def open_comments(self) -> list:
        return [comment for comment in self.comments if comment.is_open]

    @property
    def needs_explanation(self) -> bool:
        if not self.warnings:
            return False
        e = self.explanation
        return e is None or e.explained_value != (self.value.value if self.value else None)


def peer_bands(year: int, kind: str) -> dict[str, tuple[Decimal, Decimal]]:
    """The 10th–90th percentile of the year-on-year change (%) of each indicator among the
    territory's libraries of the same kind, where at least five have both years. Cached."""
    key = f"statistika:peer-bands:{year}:{kind}"
    bands = cache.get(key)
    if bands is not None:
        return bands
    rows = (Value.objects.filter(year__in=[year, year - 1], library__kind=kind,
                                 value__isnull=False)
            .filter(Q(library__municipality__in_territory=True)
                    | Q(library__municipality__isnull=True))
            .values_list("library_id", "indicator__code", "year", "value"))
    by_pair: dict[tuple[int, str], dict[int, Decimal]] = {}
    for library_id, code, row_year, value in rows:
        by_pair.setdefault((library_id, code), {})[row_year] = value
    changes: dict[str, list[Decimal]] = {}
    for (_library, code), years in by_pair.items():
        before, now = years.get(year - 1), years.get(year)
        if before and now is not None:
            changes.setdefault(code, []).append((now - before) / before * 100)
    bands = {}
    for code, values in changes.items():
        if len(values) >= PEER_MINIMUM:
            values.sort()
            bands[code] = (_percentile(values, Decimal("0.1")),
                           _percentile(values, Decimal("0.9")))
    cache.set(key, bands, 600)
    return bands


def _percentile(values: list[Decimal], q: Decimal) -> Decimal:
    position = (len(values) - 1) * q
    low = int(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)


def field_states(report: Report, units: list[Unit]) -> dict[tuple[int, int], FieldState]:
    """Every field's value, last year's value, change, errors and warnings — a fixed number
    of queries whatever the size of the form."""
    year = report.campaign.year
    library_ids = [unit.library.pk for unit in units]
    values = {(v.library_id, v.indicator_id): v for v in
              Value.objects.filter(year=year, library_id__in=library_ids)}
    last = {(lib, ind): val for lib, ind, val in
            Value.objects.filter(year=year - 1, library_id__in=library_ids)
            .values_list("library_id", "indicator_id", "value")}
    explanations = {(e.library_id, e.indicator_id): e for e in
                    Explanation.objects.filter(report=report)}
    comments: dict[tuple[int, int], list] = {}
    answers: dict[int, list] = {}
    for comment in (FieldComment.objects.filter(report=report, library_id__in=library_ids)
                    .select_related("created_by")):
        if comment.reply_to_id:
            answers.setdefault(comment.reply_to_id, []).append(comment)
        else:
            comments.setdefault((comment.library_id, comment.indicator_id), []).append(comment)
    for thread in comments.values():
        for comment in thread:
            comment.thread = answers.get(comment.pk, [])
    rules = list(Rule.objects.valid_in(year).filter(active=True))
    states: dict[tuple[int, int], FieldState] = {}
    bands_by_kind: dict[str, dict] = {}
    for unit in units:
        kind = unit.library.kind
        if kind not in bands_by_kind:
            bands_by_kind[kind] = peer_bands(year, kind)
        by_code = {}
        for indicator in unit.indicators:
            key = (unit.library.pk, indicator.pk)
            state = FieldState(value=values.get(key), last_year=last.get(key),
                               explanation=explanations.get(key),
                               comments=comments.get(key, []))
            current = state.value.value if state.value else None
            if current is not None and state.last_year:
                state.change_pct = (current - state.last_year) / state.last_year * 100
            if state.change_pct is not None and indicator.change_threshold_pct is not None \
                    and abs(state.change_pct) > indicator.change_threshold_pct:
                state.warnings.append(_("Changed by %(change)s %% against last year "
                                        "(more than %(limit)s %%).") % {
                    "change": _signed(state.change_pct),
                    "limit": _plain(indicator.change_threshold_pct)})
            band = bands_by_kind[kind].get(indicator.code)
            outside = band and state.change_pct is not None and \
                not band[0] <= state.change_pct <= band[1]
            if outside:
                state.band = band
                state.warnings.append(_("The change is outside what most libraries of this "
                                        "kind reported (%(low)s … %(high)s %%).") % {
                    "low": _signed(band[0]), "high": _signed(band[1])})
            states[key] = state
            by_code[indicator.code] = (indicator, current)
        context = {code: value for code, (_indicator, value) in by_code.items()}
        for rule in rules:
            expression = compile_expression(rule.expression)
            if not expression.names <= context.keys():
                continue
            if expression.evaluate(context) is False:
                for code in sorted(expression.names):
                    state = states[(unit.library.pk, by_code[code][0].pk)]
                    target = state.errors if rule.severity == Severity.ERROR else state.warnings
                    if rule.message not in target:
                        target.append(rule.message)
    return states


def _signed(value: Decimal) -> str:
    rounded = value.quantize(Decimal("0.1"))
    return f"{'+' if rounded > 0 else ''}{rounded}".replace(".", ",")


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def scope_progress(scope: ReportScope) -> tuple[int, int]:
    """Answered and all fields of the units this person sees (the report's own counters
    when they see all of it)."""
    report = scope.report
    if scope.whole:
        return report.answered, report.total_fields
    return count_answered(report, scope.units), scope.total_fields


def return_note(report: Report) -> ReportEvent | None:
    """Why the report is back with the library: the latest return or reopening."""
    if report.status != ReportStatus.RETURNED:
        return None
    return (report.events.filter(kind__in=[ReportEventKind.RETURNED, ReportEventKind.REOPENED])
            .select_related("created_by").order_by("-created_at", "-pk").first())


def attention(scope: ReportScope, states=None) -> dict:
    """What the department asked of this person: the reason the report came back and every
    open remark on a field of their units, in the form's order."""
    states = states if states is not None else field_states(scope.report, scope.units)
    remarks = []
    for unit in scope.units:
        for indicator in unit.indicators:
            for comment in states[(unit.library.pk, indicator.pk)].open_comments:
                remarks.append({"unit": unit, "indicator": indicator, "comment": comment})
    return {"event": return_note(scope.report), "remarks": remarks}


@dataclass
class Outstanding:
    unanswered: list[tuple[Unit, Indicator]] = field(default_factory=list)
    errors: list[tuple[Unit, Indicator, str]] = field(default_factory=list)
    unexplained: list[tuple[Unit, Indicator, str]] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not (self.unanswered or self.errors or self.unexplained)


def outstanding(report: Report, units=None, states=None) -> Outstanding:
    units = units or form_units(report)
    states = states or field_states(report, units)
    left = Outstanding()
    for unit in units:
        for indicator in unit.indicators:
            state = states[(unit.library.pk, indicator.pk)]
            if not state.answered:
                left.unanswered.append((unit, indicator))
            for message in state.errors:
                left.errors.append((unit, indicator, message))
            if state.needs_explanation:
                left.unexplained.append((unit, indicator, state.warnings[0]))
    return left


@transaction.atomic
def submit(*, report: Report, by) -> Report:
    """Only someone who sees every unit of the report may submit it."""
    _check_editable(report)
    scope = report_scope(report, by)
    if not scope.can_submit:
        raise PermissionDenied(_("Only someone who may see every part of the report (the "
                                 "library's director or the department) may submit it."))
    left = outstanding(report, scope.units)
    if not left.ready:
        raise ValidationError(_("The report is not complete yet."))
    moved = Report.objects.filter(pk=report.pk, status__in=[
        ReportStatus.DRAFT, ReportStatus.RETURNED]).update(
        status=ReportStatus.SUBMITTED, submitted_at=timezone.now(), submitted_by=by)
    if moved != 1:
        raise ReportLocked(_("The report has already been submitted."))
    ReportEvent.objects.create(report=report, kind=ReportEventKind.SUBMITTED, created_by=by)
    report.refresh_from_db()
    logger.info("report %s submitted by user %s", report.pk, by.pk)
    return report


@transaction.atomic
def extend_deadline(*, report: Report, until, by, note: str = "") -> Report:
    """A later deadline for one report; recorded in its timeline."""
    if not by.can_manage_territory:
        raise PermissionDenied
    if until <= timezone.now():
        raise ValidationError({"until": _("The new deadline must be in the future.")})
    report.extended_until = until
    report._history_user = by
    report.save(update_fields=["extended_until"])
    stamp = f"{timezone.localtime(until):%Y-%m-%d %H:%M}"
    note = " ".join((note or "").split())
    ReportEvent.objects.create(report=report, kind=ReportEventKind.EXTENDED, created_by=by,
                               note=(f"{stamp}: {note}" if note else stamp)[:1000])
    logger.info("report %s deadline extended to %s by user %s", report.pk, stamp, by.pk)
    return report


# --- the spreadsheet round trip ---------------------------------------------------------------

XLSX_HEADER = ["indicator_code", "indicator", "unit", "last_year", "value", "version"]
NOT_KNOWN_CELL = "nežinoma"


def report_xlsx(scope: ReportScope) -> bytes:
    """The units this person may see as a workbook: one sheet per unit (named by its code),
    one row per field, last year beside it, this year's answer in column E ("nežinoma" for
    not known) and, hidden in column F, the version the value had — so an upload can tell
    a value someone changed after the download from one this person typed."""
    states = field_states(scope.report, scope.units)
    sheets = []
    for unit in scope.units:
        rows = []
        for indicator in unit.indicators:
            state = states[(unit.library.pk, indicator.pk)]
            value = state.value
            if value is None:
                shown = None
            elif not value.known:
                shown = NOT_KNOWN_CELL
            elif indicator.value_type == "text":
                shown = value.text
            else:
                shown = value.value
            rows.append([indicator.code, indicator.name_lt, indicator.unit, state.last_year,
                         shown, value.version if value is not None else 0])
        sheets.append((unit.library.code, XLSX_HEADER, rows))
    return write_workbook(sheets, widths={"indicator": 55, "indicator_code": 28},
                          hidden=["version"])


@dataclass
class UploadResult:
    errors: list[str] = field(default_factory=list)
    saved: int = 0


def import_report_xlsx(*, report: Report, data: bytes, by) -> UploadResult:
    """The filled workbook back: the same parsing as the form, errors by sheet and cell;
    a file with any error stores nothing. A sheet of a unit outside the person's access
    refuses the whole file; a value changed by someone else since the download is a
    conflict, never overwritten."""
    _check_editable(report)
    scope = report_scope(report, by)
    if not scope.units or not scope.may_write:
        raise PermissionDenied
    result = UploadResult()
    try:
        if detect_kind(data) != "xlsx":
            raise TableError(_("This is not an .xlsx workbook. Download the form as XLSX, fill "
                               "it in and upload that workbook."))
        tables = read_xlsx(data)
    except TableError as error:
        result.errors.append(str(error))
        return result
    units = {sheet_title(unit.library.code): unit for unit in scope.units}
    hidden = {sheet_title(unit.library.code) for unit in scope.all_units} - set(units)
    outside = [table.name for table in tables if table.name in hidden]
    if outside:
        result.errors.append(_("Sheet “%(sheet)s” is a part of the report outside your access; "
                               "the file was not read. Upload a workbook with your own parts "
                               "only (%(sheets)s).")
                             % {"sheet": ", ".join(outside), "sheets": ", ".join(units)})
        return result
    pending: list[ValueWrite] = []
    for table in tables:
        unit = units.get(table.name)
        if unit is None:
            result.errors.append(_("Sheet “%(sheet)s”: not a part of this report (expected "
                                   "%(sheets)s).") % {"sheet": table.name,
                                                      "sheets": ", ".join(units)})
            continue
        if table.header[:len(XLSX_HEADER)] != XLSX_HEADER:
            result.errors.append(_("Sheet “%(sheet)s”: the columns must be %(columns)s. "
                                   "Download the form again and fill in that workbook.")
                                 % {"sheet": table.name, "columns": ", ".join(XLSX_HEADER)})
            continue
        by_code = {i.code: i for i in unit.indicators}
        seen = set()
        for number, row in table.rows:
            code = str(row.get("indicator_code") or "").strip()
            indicator = by_code.get(code)
            if indicator is None or code in seen:
                message = (_("%(cell)s: “%(code)s” is not a field of this form.")
                           if indicator is None else
                           _("%(cell)s: “%(code)s” appears twice on the sheet."))
                result.errors.append(message % {"cell": table.cell(number, "indicator_code"),
                                                "code": code[:60]})
                continue
            seen.add(code)
            raw = row.get("value")
            not_known = isinstance(raw, str) and raw.strip().lower() in NOT_KNOWN_WORDS
            try:
                number_value, text = (None, "") if not_known else parse_value(indicator, raw)
                version = int(row.get("version") or 0)
            except (ValueError, TypeError) as error:
                result.errors.append(f"{table.cell(number, 'value')}: {error}")
                continue
            pending.append(ValueWrite(
                library_id=unit.library.pk, indicator_id=indicator.pk,
                year=report.campaign.year, value=number_value, text=text,
                known=not not_known, version=version, where=table.cell(number, "value")))
    if result.errors:
        return result
    written = write_values(pending, by=by, source=Source.UPLOAD, on_locked=OnLocked.REFUSE)
    if written.refused:
        raise ReportLocked(_("The report has been submitted and can no longer be changed."))
    for conflict in written.conflicts:
        who = conflict.current.updated_by or _("someone")
        result.errors.append(_("%(cell)s: %(who)s changed this value on %(when)s, after the "
                               "workbook was downloaded (now %(value)s). Download the form "
                               "again, or change the value in the form.") % {
            "cell": conflict.write.where, "who": who,
            "when": f"{timezone.localtime(conflict.current.updated_at):%Y-%m-%d %H:%M}",
            "value": _("not known") if not conflict.current.known else
            (conflict.current.text or _plain(conflict.current.value)
             if conflict.current.value is not None or conflict.current.text else "–")})
    result.saved = written.written
    return result


def reminder_due(campaign: Campaign, today) -> bool:
    """True when ``today`` is one of the campaign's reminder days: N working days (Lithuanian
    public holidays excluded) before the deadline."""
    import holidays

    deadline = timezone.localtime(campaign.deadline).date()
    public = holidays.country_holidays("LT", years=range(today.year, deadline.year + 1))
    working = 0
    day = today
    while day < deadline:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in public:
            working += 1
    return today.weekday() < 5 and today not in public and working in campaign.reminder_days
