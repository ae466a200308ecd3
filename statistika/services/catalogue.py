"""The catalogue and its history: the default catalogue, formula versions, the history
import (the portal's own export or LNB's open data), and the one parser of a value as it
enters."""

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bibliotekos.models import Library, Municipality
from portalas.tables import (
    TableError,
    as_decimal,
    detect_kind,
    iter_csv_rows,
    read_xlsx,
)
from statistika.expressions import Expression
from statistika.models import (
    Formula,
    Indicator,
    LibraryAlias,
    LnbCode,
    Rule,
    Section,
    Source,
)

logger = logging.getLogger("regionas.statistics")

LONG_COLUMNS = ["year", "library_code", "indicator_code", "value"]
LNB_COLUMNS = ["metai", "biblioteka", "savivaldybe", "apskritis", "rodiklio_grupe",
               "rodiklio_kodas", "rodiklio_aprasymas", "reiksme"]
BATCH = 5000
MAX_ERRORS = 1000


# --- the catalogue ---------------------------------------------------------------------------

def install_default_catalogue() -> None:
    """Create the default sections, indicators, formulas and checks of today's
    ``catalogue_data`` that are missing (tests that flush the tables need it back). Existing
    rows (perhaps edited by the department) are left as they are. Migration 0002 installs
    its own frozen copy."""
    from statistika import catalogue_data as data

    sections = {}
    for row in data.SECTIONS:
        sections[row["code"]], _created = Section.objects.get_or_create(
            code=row["code"], defaults={k: v for k, v in row.items() if k != "code"})
    created = {}
    for row in data.INDICATORS:
        values = {k: v for k, v in row.items() if k not in {"code", "section", "part_of"}}
        values["section"] = sections[row["section"]]
        created[row["code"]], _new = Indicator.objects.get_or_create(
            code=row["code"], defaults=values)
    for row in data.INDICATORS:
        if row.get("part_of") and created[row["code"]].part_of_id is None:
            created[row["code"]].part_of = created[row["part_of"]]
            created[row["code"]].save(update_fields=["part_of"])
    for row in data.FORMULAS:
        indicator = created[row["indicator"]]
        if not Formula.objects.filter(indicator=indicator).exists():
            Formula.objects.create(indicator=indicator, expression=row["expression"],
                                   valid_from=row.get("valid_from", 1990), version=1,
                                   note=row.get("note", ""))
    for row in data.RULES:
        Rule.objects.get_or_create(
            code=row["code"], valid_from=row.get("valid_from", 1990),
            defaults={k: v for k, v in row.items() if k not in {"code", "valid_from"}})
    coded = set(LnbCode.objects.values_list("indicator_id", flat=True))
    LnbCode.objects.bulk_create(
        LnbCode(indicator=created[row["code"]], code=row["lnb_code"], valid_from=1990)
        for row in data.INDICATORS
        if row.get("lnb_code") and created[row["code"]].pk not in coded)


def check_expression(source: str, *, condition: bool = False) -> Expression:
    expression = Expression(source)
    expression.check_names(set(Indicator.objects.values_list("code", flat=True)))
    if condition and not expression.is_condition:
        raise ValidationError(_("A check must be a comparison, e.g. loans_children <= loans."))
    if not condition and expression.is_condition:
        raise ValidationError(_("A formula computes a number; comparisons belong in checks."))
    return expression


@transaction.atomic
def add_formula_version(*, indicator: Indicator, expression: str, valid_from: int, by,
                        note: str = "") -> Formula:
    """A new formula from ``valid_from`` on; the version in force before it ends the year
    before, so earlier years keep the formula that made their values."""
    if not indicator.derived:
        raise ValidationError(_("Only derived indicators have formulas."))
    check_expression(expression)
    versions = list(Formula.objects.select_for_update().filter(indicator=indicator))
    if any(f.valid_from >= valid_from for f in versions):
        raise ValidationError(_("A version starting in %(year)s or later exists already; "
                                "change the formula from a later year.") % {"year": valid_from})
    for formula in versions:
        if formula.valid_to is None or formula.valid_to >= valid_from:
            formula.valid_to = valid_from - 1
            formula.save(update_fields=["valid_to"])
    version = max((f.version for f in versions), default=0) + 1
    formula = Formula.objects.create(indicator=indicator, expression=expression.strip(),
                                     valid_from=valid_from, version=version, note=note,
                                     created_by=by)
    logger.info("formula %s v%s from %s by user %s", indicator.code, version, valid_from,
                getattr(by, "pk", None))
    return formula


# --- history import ----------------------------------------------------------------------------

@dataclass
class ImportError_:
    where: str
    message: str
    row: int | None = None


def cell_where(row: int, column: str) -> str:
    """Where an error is, as every import names it: 'row 4, column "value"'."""
    return _('row %(row)s, column "%(column)s"') % {"row": row, "column": column}


@dataclass
class PreviewResult:
    """A checked file of rows, each with a ``status`` (new / changed / unchanged), and its
    errors: what the preview pages (figures, LNB codes) show before anything is stored."""

    rows: list = field(default_factory=list)
    errors: list[ImportError_] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors if e.row is not None})

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def created(self) -> int:
        return self.count("new")

    @property
    def changed(self) -> int:
        return self.count("changed")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")


@dataclass
class StatisticsImportResult:
    layout: str = ""
    imported: int = 0           # rows of the file that carry a value
    not_known: int = 0
    created: int = 0            # values new to the portal
    changed: int = 0            # stored values the file changes
    unchanged: int = 0          # stored values the file repeats
    skipped_rows: int = 0
    skipped_libraries: set = field(default_factory=set)
    skipped_levels: int = 0     # rows of an export at another level than "library"
    skipped_locked: int = 0     # values of locked submissions left out (on_locked=skip)
    locked_submissions: list = field(default_factory=list)   # (submission, values it blocks)
    reopened: list = field(default_factory=list)
    years: set = field(default_factory=set)
    errors: list[ImportError_] = field(default_factory=list)
    truncated: bool = False
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors if e.row is not None})

    @property
    def year_list(self) -> str:
        return ", ".join(str(year) for year in sorted(self.years))


def normalize_name(text: str) -> str:
    """Names as different sources write them: case, quotes, diacritics and the usual
    abbreviations (r. sav. m.) folded."""
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[\"'„“”«»().,]", " ", text)
    words = []
    for word in text.split():
        words.append({"r": "rajono", "sav": "savivaldybe", "m": "miesto", "raj": "rajono",
                      "sav-bes": "savivaldybes", "vb": "viesoji biblioteka"}.get(word, word))
    return " ".join(words)


class _Matcher:
    """Libraries by code, or by (municipality, name) with aliases; indicators by code or by
    the LNB code they carry in the row's year."""

    def __init__(self):
        from statistika.selectors.lnb_codes import CodeBook

        self.indicators = {i.code: i for i in Indicator.objects.filter(derived=False)}
        self.codes = CodeBook()
        self.libraries = {code.upper(): pk for code, pk in
                          Library.objects.values_list("code", "pk")}
        self.municipalities = {}
        for municipality in Municipality.objects.all():
            for name in {municipality.name, municipality.code}:
                self.municipalities[normalize_name(name)] = municipality
        self.by_name: dict[tuple[int, str], int] = {}
        for pk, name, municipality_id in Library.objects.values_list("pk", "name",
                                                                     "municipality_id"):
            self.by_name[(municipality_id, normalize_name(name))] = pk
        for library_id, name, municipality_id in LibraryAlias.objects.values_list(
                "library_id", "name", "library__municipality_id"):
            self.by_name[(municipality_id, normalize_name(name))] = library_id

    def by_lnb(self, code: str, year: int) -> Indicator | None:
        found = self.codes.indicator_for(code, year)
        return found if found is not None and not found.derived else None

    def municipality(self, name: str):
        normalized = normalize_name(name)
        if normalized in self.municipalities:
            return self.municipalities[normalized]
        trimmed = normalized.replace(" savivaldybe", "").strip()
        for key, municipality in self.municipalities.items():
            if key.replace(" savivaldybe", "").strip() == trimmed:
                self.municipalities[normalized] = municipality
                return municipality
        return None


NOT_KNOWN_WORDS = {"nežinoma", "nezinoma", "not known"}


def parse_value(indicator: Indicator, raw):
    """(number, text) for an indicator's answer; ValueError with the reason. Checked the
    same wherever a value enters: the form, the spreadsheet upload, the import."""
    if indicator.value_type == "text":
        return None, ("" if raw is None else str(raw).strip())[:5000]
    if indicator.value_type == "boolean" and isinstance(raw, str):
        lowered = raw.strip().lower()
        if lowered in {"taip", "yes", "true"}:
            return Decimal(1), ""
        if lowered in {"ne", "no", "false"}:
            return Decimal(0), ""
    value = as_decimal(raw)
    if value is None:
        return None, ""
    if indicator.value_type in {"count", "boolean"} and value != value.to_integral_value():
        raise ValueError(_("expected a whole number, got %(value)s") % {"value": value})
    if indicator.value_type == "boolean" and value not in (0, 1):
        raise ValueError(_("expected 1 (yes) or 0 (no)"))
    if indicator.minimum is not None and value < indicator.minimum:
        if indicator.minimum == 0:
            raise ValueError(_("a negative number is not possible here"))
        raise ValueError(_("the smallest possible value is %(minimum)s")
                         % {"minimum": f"{indicator.minimum.normalize():f}".replace(".", ",")})
    if abs(value) >= Decimal("1e14"):
        raise ValueError(_("the number is too large"))
    return value, ""


def _rows(data: bytes):
    kind = detect_kind(data)
    if kind == "csv":
        return iter_csv_rows(data)
    tables = read_xlsx(data)
    return tables[0].header, iter(tables[0].rows)


def import_statistics(*, data: bytes, by=None, dry_run: bool = False,
                      on_locked: str = "refuse", reason: str = "") -> StatisticsImportResult:
    """Load history from the portal's long layout (also the portal's own export) or LNB's
    open-data layout. Checks every row first; any bad row → nothing imported and every bad
    row named. Values go through ``write_values``: every change is recorded, and values of
    submitted or accepted submissions are refused, skipped or those submissions reopened,
    as ``on_locked`` says (the dry run lists them)."""
    from statistika.services.values import ValueWrite, write_values

    result = StatisticsImportResult(dry_run=dry_run)
    try:
        header, rows = _rows(data)
    except TableError as error:
        result.errors.append(ImportError_(_("file"), str(error)))
        return result
    if set(LONG_COLUMNS) <= set(header):
        result.layout = "long"
    elif set(LNB_COLUMNS) <= set(header):
        result.layout = "lnb"
    else:
        result.errors.append(ImportError_(_("header"), _(
            "Unknown layout. Use the columns %(long)s, or LNB's %(lnb)s.") % {
            "long": ", ".join(LONG_COLUMNS), "lnb": ", ".join(LNB_COLUMNS)}))
        return result
    matcher = _Matcher()
    seen: set[tuple[int, int, int]] = set()
    parsed: list[tuple[int, int, int, Decimal | None, str]] = []

    def fail(number, column, message):
        if len(result.errors) >= MAX_ERRORS:
            result.truncated = True
            return
        result.errors.append(ImportError_(cell_where(number, column), str(message), number))

    long = result.layout == "long"
    levels = long and "level" in header
    for number, row in rows:
        if levels and str(row.get("level") or "").strip() not in {"", "library"}:
            result.skipped_levels += 1
            continue
        year_column, value_column = ("year", "value") if long else ("metai", "reiksme")
        try:
            year = int(str(row.get(year_column, "")).strip())
            if not 1990 <= year <= 2100:
                raise ValueError
        except ValueError:
            fail(number, year_column, _("expected a year between 1990 and 2100"))
            continue
        if long:
            code = str(row.get("indicator_code") or "").strip()
            indicator = matcher.indicators.get(code)
            if indicator is None:
                fail(number, "indicator_code", _("unknown indicator code “%(code)s”")
                     % {"code": code[:60]})
                continue
            library_code = str(row.get("library_code") or "").strip()
            library_id = matcher.libraries.get(library_code.upper())
            if library_id is None:
                fail(number, "library_code", _("no library with code %(code)s")
                     % {"code": library_code[:40]})
                continue
        else:
            municipality = matcher.municipality(str(row.get("savivaldybe") or ""))
            if municipality is None or not municipality.in_territory:
                result.skipped_rows += 1
                result.skipped_libraries.add(str(row.get("biblioteka") or "")[:200])
                continue
            code = str(row.get("rodiklio_kodas") or "").strip()
            indicator = matcher.by_lnb(code, year)
            if indicator is None:
                fail(number, "rodiklio_kodas", _("no indicator has the LNB code “%(code)s”")
                     % {"code": code[:60]})
                continue
            name = str(row.get("biblioteka") or "")
            library_id = matcher.by_name.get((municipality.pk, normalize_name(name)))
            if library_id is None:
                fail(number, "biblioteka", _(
                    "no library “%(name)s” in %(municipality)s; add the name as an alias")
                    % {"name": name[:120], "municipality": municipality.name})
                continue
        key = (library_id, indicator.pk, year)
        if key in seen:
            fail(number, value_column, _("the same library, indicator and year appear "
                                         "again"))
            continue
        seen.add(key)
        try:
            value, text = parse_value(indicator, row.get(value_column))
        except ValueError as error:
            fail(number, value_column, error)
            continue
        parsed.append((library_id, indicator.pk, year, value, text))
        result.years.add(year)
        if value is None and not text:
            result.not_known += 1
    if result.errors:
        return result
    result.imported = len(parsed)
    writes = [ValueWrite(library_id=library_id, indicator_id=indicator_id, year=year,
                         value=value, text=text, known=value is not None or bool(text))
              for library_id, indicator_id, year, value, text in parsed]
    del parsed
    try:
        written = write_values(writes, by=by, source=Source.IMPORT, on_locked=on_locked,
                               reason=reason, dry_run=dry_run)
    except ValidationError as error:
        result.errors.append(ImportError_(_("reason"), " ".join(error.messages)))
        return result
    result.created, result.changed, result.unchanged = (written.created, written.changed,
                                                        written.unchanged)
    result.skipped_locked = written.skipped
    result.locked_submissions = [(submission, written.locked[submission.pk])
                                 for submission in written.locked_submissions]
    result.reopened = written.reopened
    if written.refused and not dry_run:
        for submission, count in result.locked_submissions:
            result.errors.append(ImportError_(
                f"{submission.library.code} {submission.campaign.year}",
                _("the report of %(library)s is %(status)s; the file changes %(count)s of its "
                  "values. Choose to reopen the report or to leave it as it is.")
                % {"library": submission.library.name, "count": count,
                   "status": submission.get_status_display().lower()}))
        return result
    logger.info("statistics import (%s): %s new, %s changed, %s unchanged, %s rows of other "
                "regions skipped (dry run %s)", result.layout, result.created, result.changed,
                result.unchanged, result.skipped_rows, dry_run)
    return result
