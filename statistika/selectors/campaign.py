"""The yearly campaign's reads: every field's state (value, last year, checks, remarks),
what is outstanding before a submission can be submitted, progress, what the department
asked for, the workbook download, and the reminder calendar. The writes are in
``statistika.services.campaign``."""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portalas.numbers import percentile
from portalas.tables import neutralise, number_format, sheet_title
from statistika.expressions import compile_expression
from statistika.models import (
    Campaign,
    Explanation,
    FieldComment,
    Indicator,
    Rule,
    Severity,
    Submission,
    SubmissionEvent,
    SubmissionEventKind,
    SubmissionStatus,
    Value,
)
from statistika.scoping import SubmissionScope, Unit, form_units
from statistika.services.values import count_answered

PEER_MINIMUM = 5


def is_late(submission: Submission, now=None) -> bool:
    return (now or timezone.now()) > submission.deadline


# --- the form's shape -------------------------------------------------------------------------

def summed_totals(year: int) -> set[str]:
    """Totals whose parts add up to at most the total (a rule "a + b + … <= total"): the
    form shows the sum of their parts as they are typed."""
    totals = set()
    for expression in Rule.objects.valid_in(year).filter(active=True).values_list(
            "expression", flat=True):
        match = re.fullmatch(r"\s*([\w\s+]+\+[\w\s+]+)<=\s*(\w+)\s*", expression)
        if match:
            totals.add(match.group(2))
    return totals


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
            bands[code] = (percentile(values, Decimal("0.1")),
                           percentile(values, Decimal("0.9")))
    cache.set(key, bands, 600)
    return bands


def field_states(submission: Submission,
                 units: list[Unit]) -> dict[tuple[int, int], FieldState]:
    """Every field's value, last year's value, change, errors and warnings — a fixed number
    of queries whatever the size of the form."""
    return field_states_many([(submission, units)])[submission.pk]


def field_states_many(forms) -> dict[int, dict[tuple[int, int], FieldState]]:
    """``field_states`` for several (submission, units) at once — the same fixed number of
    queries however many submissions (bulk acceptance of a campaign)."""
    forms = list(forms)
    if not forms:
        return {}
    years = {s.campaign.year for s, _units in forms}
    library_ids = {unit.library.pk for _s, units in forms for unit in units}
    submission_ids = [s.pk for s, _units in forms]
    values = {(v.library_id, v.indicator_id, v.year): v for v in
              Value.objects.filter(year__in=years, library_id__in=library_ids)}
    last = {(lib, ind, year + 1): val for lib, ind, year, val in
            Value.objects.filter(year__in={y - 1 for y in years}, library_id__in=library_ids)
            .values_list("library_id", "indicator_id", "year", "value")}
    explanations = {(e.submission_id, e.library_id, e.indicator_id): e for e in
                    Explanation.objects.filter(submission_id__in=submission_ids)}
    comments: dict[tuple[int, int, int], list] = {}
    answers: dict[int, list] = {}
    for comment in (FieldComment.objects.filter(submission_id__in=submission_ids,
                                                library_id__in=library_ids)
                    .select_related("created_by")):
        if comment.reply_to_id:
            answers.setdefault(comment.reply_to_id, []).append(comment)
        else:
            comments.setdefault((comment.submission_id, comment.library_id,
                                 comment.indicator_id), []).append(comment)
    for thread in comments.values():
        for comment in thread:
            comment.thread = answers.get(comment.pk, [])
    every_rule = list(Rule.objects.filter(active=True))
    bands: dict[tuple[int, str], dict] = {}
    found = {}
    for submission, units in forms:
        year = submission.campaign.year
        rules = [r for r in every_rule
                 if r.valid_from <= year and (r.valid_to is None or r.valid_to >= year)]
        states: dict[tuple[int, int], FieldState] = {}
        for unit in units:
            kind = unit.library.kind
            if (year, kind) not in bands:
                bands[(year, kind)] = peer_bands(year, kind)
            _unit_states(submission.pk, year, unit, rules, bands[(year, kind)], values, last,
                         explanations, comments, states)
        found[submission.pk] = states
    return found


def _unit_states(submission_id, year, unit, rules, kind_bands, values, last, explanations,
                 comments, states) -> None:
    by_code = {}
    for indicator in unit.indicators:
        key = (unit.library.pk, indicator.pk)
        state = FieldState(value=values.get((*key, year)), last_year=last.get((*key, year)),
                           explanation=explanations.get((submission_id, *key)),
                           comments=comments.get((submission_id, *key), []))
        current = state.value.value if state.value else None
        if current is not None and state.last_year:
            state.change_pct = (current - state.last_year) / state.last_year * 100
        change = current - state.last_year if state.change_pct is not None else None
        minimum = indicator.change_minimum
        meaningful = bool(change) and (minimum is None or abs(change) >= minimum)
        if meaningful and indicator.change_threshold_pct is not None \
                and abs(state.change_pct) > indicator.change_threshold_pct:
            state.warnings.append(_("Changed by %(change)s %% against last year "
                                    "(more than %(limit)s %%).") % {
                "change": _signed(state.change_pct),
                "limit": plain_number(indicator.change_threshold_pct)})
        band = kind_bands.get(indicator.code)
        outside = band and meaningful and not band[0] <= state.change_pct <= band[1]
        if outside and minimum is not None:
            # as far from the band's nearer edge as a meaningful change, in the unit
            edge = band[0] if state.change_pct < band[0] else band[1]
            outside = abs(current - state.last_year * (1 + edge / 100)) >= minimum
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


def _signed(value: Decimal) -> str:
    rounded = value.quantize(Decimal("0.1"))
    return f"{'+' if rounded > 0 else ''}{rounded}".replace(".", ",")


def plain_number(value: Decimal) -> str:
    """A stored number as people write it: no storage zeros, a decimal comma."""
    return f"{value.normalize():f}".replace(".", ",")


def input_number(value: Decimal | None) -> str:
    """A stored number as the form's input holds it: exact (no rounding to the display
    decimals), no storage zeros, no grouping, the active language's decimal separator —
    so posting it back unchanged parses to the same number in every language ("46,344" in
    English would read back as 46.344)."""
    if value is None:
        return ""
    from django.utils import formats

    text = f"{value.normalize():f}"
    return text.replace(".", formats.get_format("DECIMAL_SEPARATOR"))


def scope_progress(scope: SubmissionScope) -> tuple[int, int]:
    """Answered and all fields of the units this person sees (the submission's own
    counters when they see all of it)."""
    submission = scope.submission
    if scope.whole:
        return submission.answered, submission.total_fields
    return count_answered(submission, scope.units), scope.total_fields


def return_note(submission: Submission) -> SubmissionEvent | None:
    """Why the submission is back with the library: the latest return or reopening."""
    if submission.status != SubmissionStatus.RETURNED:
        return None
    return (submission.events.filter(kind__in=[SubmissionEventKind.RETURNED,
                                               SubmissionEventKind.REOPENED])
            .select_related("created_by").order_by("-created_at", "-pk").first())


def attention(scope: SubmissionScope, states=None) -> dict:
    """What the department asked of this person: the reason the submission came back and
    every open remark on a field of their units, in the form's order."""
    states = states if states is not None else field_states(scope.submission, scope.units)
    remarks = []
    for unit in scope.units:
        for indicator in unit.indicators:
            for comment in states[(unit.library.pk, indicator.pk)].open_comments:
                remarks.append({"unit": unit, "indicator": indicator, "comment": comment})
    return {"event": return_note(scope.submission), "remarks": remarks}


STATUS_EVENTS = {
    SubmissionStatus.SUBMITTED: [SubmissionEventKind.SUBMITTED],
    SubmissionStatus.RETURNED: [SubmissionEventKind.RETURNED, SubmissionEventKind.REOPENED],
    SubmissionStatus.ACCEPTED: [SubmissionEventKind.ACCEPTED],
    SubmissionStatus.HANDED_ON: [SubmissionEventKind.HANDED_ON],
}


def status_line(submission: Submission) -> dict | None:
    """The submission's state as the form's status line says it: submitted, returned,
    accepted or handed on, and since when (the latest event of that step; the submission's
    own timestamp when the timeline has none). None while it is being filled in."""
    kinds = STATUS_EVENTS.get(submission.status)
    if kinds is None:
        return None
    event = (submission.events.filter(kind__in=kinds).order_by("-created_at", "-pk")
             .values_list("created_at", flat=True).first())
    when = event or (submission.submitted_at
                     if submission.status == SubmissionStatus.SUBMITTED else None)
    return {"status": submission.status, "at": timezone.localtime(when) if when else None,
            "editable": submission.is_editable}


@dataclass
class Outstanding:
    unanswered: list[tuple[Unit, Indicator]] = field(default_factory=list)
    errors: list[tuple[Unit, Indicator, str]] = field(default_factory=list)
    unexplained: list[tuple[Unit, Indicator, str]] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not (self.unanswered or self.errors or self.unexplained)


def outstanding(submission: Submission, units=None, states=None) -> Outstanding:
    units = units or form_units(submission)
    states = states or field_states(submission, units)
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


# --- the workbook download --------------------------------------------------------------------

# The columns of a unit's sheet: a key the upload matches by, and the header people read
# (in the downloader's language). The upload knows every language's headers and the keys
# themselves, the header of the old layout (a workbook downloaded before the headers were
# translated still uploads).
XLSX_COLUMNS = [
    ("indicator_code", gettext_lazy("Indicator code")),
    ("indicator", gettext_lazy("Indicator")),
    ("unit", gettext_lazy("Unit of measure")),
    ("last_year", gettext_lazy("Last year")),
    ("value", gettext_lazy("Value")),
    ("version", gettext_lazy("Version")),
]
XLSX_HEADER = [key for key, _label in XLSX_COLUMNS]   # the old layout's header, row 1
XLSX_HEADER_ROW = 2          # the new layout: the unit's code and a title above the header
NOT_KNOWN_CELL = "nežinoma"


def xlsx_header() -> list[str]:
    """The header row in the active language."""
    return [str(label) for _key, label in XLSX_COLUMNS]


def xlsx_title(unit: Unit, year: int) -> str:
    return _("%(library)s: statistics for %(year)s") % {"library": unit.library.name,
                                                        "year": year}


def _number_cell(value: Decimal | None):
    """A stored number as the spreadsheet should hold it: a count as a whole number (never
    "46344.0"), otherwise the shortest float that reads back as the same decimal."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def submission_xlsx(scope: SubmissionScope) -> bytes:
    """The units this person may see as a workbook: one sheet per unit, named after it.
    Row 1 holds the unit's code (A1, what the upload matches the sheet by) and a title
    naming the unit and the year; row 2 the header; then one row per field, last year
    beside it, this year's answer in column E ("nežinoma" for not known) and, hidden in
    column F, the version the value had — so an upload can tell a value someone changed
    after the download from one this person typed. Numbers carry the indicator's number
    format (a count shows "46 344", never "46344.0")."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    states = field_states(scope.submission, scope.units)
    year = scope.submission.campaign.year
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    widths = {"indicator_code": 28, "indicator": 60, "unit": 14, "last_year": 14,
              "value": 14, "version": 8}
    for unit in scope.units:
        sheet = workbook.create_sheet(sheet_title(unit.library.name, used))
        sheet.append([neutralise(unit.library.code), neutralise(xlsx_title(unit, year))])
        sheet.append(xlsx_header())
        for cell in (*sheet[1], *sheet[XLSX_HEADER_ROW]):
            cell.font = Font(bold=True)
            cell.data_type = "s"
        for indicator in unit.indicators:
            state = states[(unit.library.pk, indicator.pk)]
            value = state.value
            text_answer = indicator.value_type == "text"
            if value is None:
                shown = None
            elif not value.known:
                shown = NOT_KNOWN_CELL
            elif text_answer:
                shown = neutralise(value.text) if value.text else None
            else:
                shown = _number_cell(value.value)
            sheet.append([neutralise(indicator.code), neutralise(indicator.name),
                          neutralise(indicator.unit or ""), _number_cell(state.last_year),
                          shown, value.version if value is not None else 0])
            row = sheet._current_row
            for column in (1, 2, 3):
                sheet.cell(row, column).data_type = "s"
            shape = "@" if text_answer else number_format(indicator.decimals)
            for column in (4, 5):
                sheet.cell(row, column).number_format = shape
            sheet.cell(row, 2).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = f"A{XLSX_HEADER_ROW + 1}"
        sheet.auto_filter.ref = f"A{XLSX_HEADER_ROW}:F{sheet.max_row}"
        for index, (key, _label) in enumerate(XLSX_COLUMNS, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = widths[key]
        sheet.column_dimensions["F"].hidden = True
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- reminders ------------------------------------------------------------------------------------

def reminder_due(campaign: Campaign, today) -> bool:
    """True when ``today`` is one of the campaign's reminder days: N working days (Lithuanian
    public holidays excluded) before the deadline."""
    from portalas.workdays import is_working_day, working_days_between

    deadline = timezone.localtime(campaign.deadline).date()
    return (is_working_day(today)
            and working_days_between(today, deadline) in campaign.reminder_days)
