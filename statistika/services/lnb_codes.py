"""Loading LNB's code map: a CSV or XLSX with ``indicator_code, lnb_code, valid_from``, one
code per indicator from a year on. Every row is checked first; a bad row imports nothing
and is named. ``Indicator.lnb_code`` mirrors each indicator's latest code."""

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from portalas.tables import TableError, as_int, as_text, read_table
from statistika.models import Indicator, LnbCode
from statistika.services.catalogue import ImportError_, PreviewResult, cell_where

logger = logging.getLogger("regionas.statistics")

COLUMNS = ["indicator_code", "lnb_code", "valid_from"]
MAX_ERRORS = 500


@dataclass
class CodeChange:
    indicator: Indicator
    code: str
    valid_from: int
    old: str = ""           # the code stored for the same indicator and start year
    row: int | None = None

    @property
    def status(self) -> str:
        if not self.old:
            return "new"
        return "unchanged" if self.old == self.code else "changed"


class LnbCodeImportResult(PreviewResult):
    """The rows of the file, checked; stored only when every one is right."""


def _unreadable(column: str, value) -> bool:
    try:
        (as_int if column == "valid_from" else as_text)(value)
    except ValueError:
        return True
    return False


def _conflicts(rows: list[CodeChange], stored: dict) -> list[ImportError_]:
    """One code for two indicators in the same year, once the file is applied. The codes
    change only at start years, so checking every start year is checking every year."""
    merged = dict(stored)                       # (indicator id, start) → code
    origin = {}
    for change in rows:
        merged[(change.indicator.pk, change.valid_from)] = change.code
        origin[(change.indicator.pk, change.valid_from)] = change
    history: dict[int, list[tuple[int, str]]] = {}
    for (indicator_id, start), code in sorted(merged.items(), key=lambda item: item[0][1]):
        history.setdefault(indicator_id, []).append((start, code))
    names = {change.indicator.pk: change.indicator.code for change in rows}
    names.update(Indicator.objects.filter(pk__in=set(history) - set(names))
                 .values_list("pk", "code"))
    errors, reported = [], set()
    for year in sorted({start for _indicator, start in merged}):
        holders: dict[str, list[int]] = {}
        for indicator_id, entries in history.items():
            valid = [(start, code) for start, code in entries if start <= year]
            if valid:
                holders.setdefault(valid[-1][1], []).append(indicator_id)
        for code, indicator_ids in holders.items():
            if len(indicator_ids) < 2:
                continue
            for indicator_id in indicator_ids:
                start = max(s for s, _c in history[indicator_id] if s <= year)
                change = origin.get((indicator_id, start))
                if change is None or (code, change.row) in reported:
                    continue
                reported.add((code, change.row))
                others = ", ".join(sorted(names[i] for i in indicator_ids if i != indicator_id))
                errors.append(ImportError_(cell_where(change.row, "lnb_code"), _(
                    "in %(year)s the code %(code)s would also belong to %(others)s")
                    % {"year": year, "code": code, "others": others}, change.row))
    return errors


def import_lnb_codes(*, data: bytes, by=None, dry_run: bool = False) -> LnbCodeImportResult:
    """Check every row, then (unless ``dry_run``) store each code from its start year on,
    replacing the code stored for the same indicator and start year."""
    result = LnbCodeImportResult(dry_run=dry_run)
    try:
        table = read_table(data)[0]
    except TableError as error:
        result.errors.append(ImportError_(_("file"), str(error)))
        return result
    missing = [column for column in COLUMNS if column not in table.header]
    if missing:
        result.errors.append(ImportError_(_("header"), _(
            "The file needs the columns %(columns)s; missing: %(missing)s.")
            % {"columns": ", ".join(COLUMNS), "missing": ", ".join(missing)}))
        return result
    indicators = {i.code: i for i in Indicator.objects.all()}
    stored = {(indicator_id, start): code for indicator_id, start, code in
              LnbCode.objects.values_list("indicator_id", "valid_from", "code")}
    seen: dict[tuple[int, int], int] = {}

    def fail(number, column, message):
        if len(result.errors) < MAX_ERRORS:
            result.errors.append(ImportError_(cell_where(number, column), str(message), number))

    for number, row in table.rows:
        try:
            parsed = {column: (as_int if column == "valid_from" else as_text)(row.get(column))
                      for column in COLUMNS}
        except ValueError as error:
            bad = next(c for c in COLUMNS if _unreadable(c, row.get(c)))
            fail(number, bad, error)
            continue
        code, lnb_code, start = (parsed[c] for c in COLUMNS)
        indicator = indicators.get(code)
        if indicator is None:
            fail(number, "indicator_code", _("unknown indicator code “%(code)s”")
                 % {"code": code[:60]})
            continue
        if not lnb_code:
            fail(number, "lnb_code", _("the LNB code is empty"))
            continue
        if len(lnb_code) > 60:
            fail(number, "lnb_code", _("the LNB code is longer than 60 characters"))
            continue
        if start is None or not 1990 <= start <= 2100:
            fail(number, "valid_from", _("expected a year between 1990 and 2100"))
            continue
        key = (indicator.pk, start)
        if key in seen:
            fail(number, "valid_from", _("the same indicator and year are in row %(row)s too")
                 % {"row": seen[key]})
            continue
        seen[key] = number
        result.rows.append(CodeChange(indicator, lnb_code, start, stored.get(key, ""), number))
    if not result.errors:
        result.errors.extend(_conflicts(result.rows, stored))
    if result.errors or dry_run:
        return result
    _store(result.rows, by=by)
    logger.info("LNB codes: %s new, %s changed, %s unchanged by user %s", result.created,
                result.changed, result.unchanged, getattr(by, "pk", None))
    return result


@transaction.atomic
def _store(rows: list[CodeChange], *, by) -> None:
    for change in rows:
        if change.status == "unchanged":
            continue
        LnbCode.objects.update_or_create(
            indicator=change.indicator, valid_from=change.valid_from,
            defaults={"code": change.code, "created_by": by})
    touched = {change.indicator.pk for change in rows}
    latest = {}
    for indicator_id, code in (LnbCode.objects.filter(indicator_id__in=touched)
                               .order_by("valid_from").values_list("indicator_id", "code")):
        latest[indicator_id] = code
    for indicator in Indicator.objects.filter(pk__in=touched):
        if indicator.lnb_code != latest.get(indicator.pk, indicator.lnb_code):
            indicator.lnb_code = latest[indicator.pk]
            indicator.save(update_fields=["lnb_code"])
