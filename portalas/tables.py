"""Reading uploaded tables and writing exported ones, safely.

Reading: the type is decided by the file's content (magic bytes), never its name; an XLSX
is checked as a zip (entry count, uncompressed size, compression ratio, encryption,
macros) before openpyxl parses it, and openpyxl parses XML through defusedxml; cells come
back as text or numbers exactly as stored, formulas without a cached value are reported.
Writing: every user-supplied string is a string cell, neutralised against formula
injection, stripped of characters XML cannot hold.
"""

import csv
import io
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.utils.translation import gettext as _

MAX_ROWS = 50_000
MAX_EMPTY_ROWS = 200
MAX_ZIP_ENTRIES = 2_000
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 150
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class TableError(Exception):
    """The file as a whole cannot be read; the message is for the user."""


@dataclass
class Table:
    """Rows of a sheet as dictionaries keyed by the header, with the source position."""

    name: str
    header: list[str]
    rows: list[tuple[int, dict]] = field(default_factory=list)  # (row number, values)
    kind: str = "csv"
    preamble: list[tuple] = field(default_factory=list)  # rows above the header (xlsx)

    def cell(self, row_number: int, column: str) -> str:
        """A cell reference a user can find: ``Sheet!C7`` or ``row 7, column "name"``."""
        if self.kind == "xlsx" and column in self.header:
            from openpyxl.utils import get_column_letter

            return f"{self.name}!{get_column_letter(self.header.index(column) + 1)}{row_number}"
        return _('row %(row)s, column "%(column)s"') % {"row": row_number, "column": column}


def detect_kind(data: bytes) -> str:
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise TableError(_("This is an old Excel (.xls) or an encrypted workbook. Save it as "
                           ".xlsx without a password and upload again."))
    if data.startswith(b"%PDF"):
        raise TableError(_("This is a PDF, not a table. Upload a .csv or .xlsx file."))
    if not data.strip():
        raise TableError(_("The file is empty."))
    if b"\x00" in data[:4096]:
        raise TableError(_("Unsupported or damaged file. Upload a .csv or .xlsx file."))
    return "csv"


def _check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise TableError(_("The file is damaged (not a complete .xlsx).")) from None
    if len(entries) > MAX_ZIP_ENTRIES:
        raise TableError(_("The workbook has too many parts to be a plain table."))
    total = sum(entry.file_size for entry in entries)
    packed = max(1, sum(entry.compress_size for entry in entries))
    if total > MAX_UNCOMPRESSED or total / packed > MAX_RATIO:
        raise TableError(_("The workbook expands to an unsafe size and was not opened."))
    names = {entry.filename for entry in entries}
    if any(entry.flag_bits & 0x1 for entry in entries) or "EncryptedPackage" in names:
        raise TableError(_("The workbook is password-protected. Remove the password and "
                           "upload again."))
    if "xl/vbaProject.bin" in names:
        raise TableError(_("The workbook contains macros (.xlsm). Save it as a plain .xlsx "
                           "workbook and upload again."))
    if "xl/workbook.xml" not in names:
        raise TableError(_("Unsupported or damaged file. Upload a .csv or .xlsx file."))


def _clean_header(values) -> list[str]:
    return [str(v).strip().lower().lstrip("\ufeff") if v is not None else "" for v in values]


def read_csv(data: bytes) -> list[Table]:
    header, rows = iter_csv_rows(data)
    table = Table(name="CSV", header=header, kind="csv")
    for number, row in rows:
        if len(table.rows) >= MAX_ROWS:
            raise TableError(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
        table.rows.append((number, row))
    return [table]


MAX_PREAMBLE = 10


def read_xlsx(data: bytes, *, is_header=None) -> list[Table]:
    """Every sheet as a Table whose header is row 1 — or, with ``is_header`` (a test on a
    cleaned row), the first of the sheet's first ``MAX_PREAMBLE`` rows it accepts; the
    rows above it are the table's ``preamble`` (a title). A sheet where no row is accepted
    keeps row 1 as its header."""
    _check_zip(data)
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False,
                                          keep_links=False)
        values_book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True,
                                             keep_links=False)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise TableError(_("The file is damaged or unsafe and could not be read.")) from None
    tables = []
    for sheet in workbook.worksheets:
        cached = values_book[sheet.title]
        rows = cached.iter_rows(values_only=True)
        formulas = sheet.iter_rows(values_only=True)
        try:
            header = _clean_header(next(rows))
            next(formulas)
        except StopIteration:
            continue
        preamble, header_number = [], 1
        if is_header is not None and not is_header(header):
            top = [next(cached.iter_rows(values_only=True, max_row=1), ())]
            for values in rows:
                top.append(values)
                if is_header(_clean_header(values)) or len(top) >= MAX_PREAMBLE:
                    break
            found = next((i for i, row in enumerate(top) if is_header(_clean_header(row))),
                         None)
            if found is None:  # no header where expected: read the sheet from row 1 on
                rows = cached.iter_rows(values_only=True, min_row=2)
            else:
                preamble, header_number = top[:found], found + 1
                header = _clean_header(top[found])
                rows = cached.iter_rows(values_only=True, min_row=header_number + 1)
                formulas = sheet.iter_rows(values_only=True, min_row=header_number + 1)
        table = Table(name=sheet.title, header=header, kind="xlsx",
                      preamble=[tuple(r) for r in preamble])
        empty_run = 0
        for number, (values, raw) in enumerate(zip(rows, formulas, strict=False),
                                               start=header_number + 1):
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values) and \
                    all(r is None for r in raw):
                empty_run += 1
                if empty_run >= MAX_EMPTY_ROWS:
                    break
                continue
            empty_run = 0
            if len(table.rows) >= MAX_ROWS:
                raise TableError(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
            row = {}
            for column, value, formula in zip(header, values, raw, strict=False):
                if not column:
                    continue
                if value is None and isinstance(formula, str) and formula.startswith("="):
                    value = FormulaWithoutValue(formula)
                row[column] = value
            table.rows.append((number, row))
        tables.append(table)
    workbook.close()
    values_book.close()
    if not tables:
        raise TableError(_("The workbook has no sheet with a header row."))
    return tables


class FormulaWithoutValue(str):
    """A formula cell saved without its computed value (written by a non-Excel tool)."""


def read_table(data: bytes) -> list[Table]:
    kind = detect_kind(data)
    return read_xlsx(data) if kind == "xlsx" else read_csv(data)


# --- cell values ---------------------------------------------------------------------------

def as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, FormulaWithoutValue):
        raise ValueError(_("formula not calculated: paste values instead"))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    return unneutralise(str(value).strip())


ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
EARLIEST_DATE = date(1700, 1, 1)
LATEST_YEARS_AHEAD = 10


def latest_plausible_date() -> date:
    """31 December of the tenth year from now: later dates are typing mistakes."""
    from django.utils import timezone

    return date(timezone.localdate().year + LATEST_YEARS_AHEAD, 12, 31)


def as_date(value) -> date | None:
    """A date cell of a workbook, or text exactly ``YYYY-MM-DD``, within 1700 and ten years
    from now; anything else (``20280229``, ``2028-W09-2``, ``9999-12-31``) is refused."""
    if value is None or value == "":
        return None
    if isinstance(value, FormulaWithoutValue):
        raise ValueError(_("formula not calculated: paste values instead"))
    latest = latest_plausible_date()
    parsed = None
    if isinstance(value, datetime):
        parsed = value.date()
    elif isinstance(value, date):
        parsed = value
    else:
        text = str(value).strip()
        if not text:
            return None
        match = ISO_DATE.fullmatch(text)
        if match:
            try:
                parsed = date(*(int(part) for part in match.groups()))
            except ValueError:
                parsed = None
    if parsed is None or not EARLIEST_DATE <= parsed <= latest:
        raise ValueError(
            _("expected a date as YYYY-MM-DD between %(earliest)s and %(latest)s, got "
              "“%(value)s”")
            % {"earliest": EARLIEST_DATE.year, "latest": latest.year,
               "value": str(value).strip()[:40]})
    return parsed


def as_int(value) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, FormulaWithoutValue):
        raise ValueError(_("formula not calculated: paste values instead"))
    if isinstance(value, bool):
        raise ValueError(_("expected a whole number"))
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueError(_("expected a whole number, got %(value)s") % {"value": value})
    text = str(value).strip().replace("\xa0", "").replace(" ", "")
    if not text:
        return None
    if not re.fullmatch(r"[+-]?\d{1,15}", text):
        raise ValueError(_("expected a whole number, got “%(value)s”") % {"value": text[:40]})
    return int(text)


# --- writing --------------------------------------------------------------------------------

def neutralise(value: str) -> str:
    """Text that a spreadsheet will never run as a formula."""
    value = ILLEGAL_XML.sub("", value)
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def unneutralise(value: str) -> str:
    """Undo ``neutralise`` on import, so an exported file imports back unchanged."""
    if value.startswith("'") and value[1:2] and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def write_csv(header: list[str], rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise(v) if isinstance(v, str) else ("" if v is None else v)
                         for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(sheet_name: str, header: list[str], rows, *, widths=None) -> bytes:
    return write_workbook([(sheet_name, header, rows)], widths=widths)


def write_workbook(sheets, *, widths=None, hidden=()) -> bytes:
    """Sheets of (name, header, rows): bold frozen header, autofilter, column widths, text
    cells typed as strings and neutralised, dates formatted ISO; ``hidden`` columns (by
    header name) are kept but not shown."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet_name, header, rows in sheets:
        sheet = workbook.create_sheet(sheet_title(sheet_name))
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([_xlsx_value(v) for v in row])
            # the row just written (``sheet[sheet.max_row]`` scans the whole sheet)
            for cell in (sheet.cell(sheet._current_row, index)
                         for index in range(1, len(row) + 1)):
                if isinstance(cell.value, str):
                    cell.data_type = "s"
                elif isinstance(cell.value, date):
                    cell.number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        for index, column in enumerate(header, start=1):
            width = (widths or {}).get(column) or min(60, max(10, len(column) + 2))
            sheet.column_dimensions[get_column_letter(index)].width = width
            if column in hidden:
                sheet.column_dimensions[get_column_letter(index)].hidden = True
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_value(value):
    if value is None:
        return None
    if isinstance(value, str):
        text = neutralise(value)
        return text[:32_000] + "…" if len(text) > 32_000 else text
    return value


SHEET_TITLE_LENGTH = 31   # Excel's limit for a sheet's name


def _shortened(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` characters, cut at a word boundary with "…"."""
    if len(text) <= limit:
        return text
    head = text[:limit]             # room for the "…"
    boundary = head.rfind(" ")
    head = head[:boundary] if boundary > 0 else head[:limit - 1]
    return head.rstrip(" ,;:.-–('") + "…"


def sheet_title(name: str, used: set[str] | None = None) -> str:
    """An Excel sheet name for ``name``: characters Excel refuses become spaces, and a name
    over 31 characters is cut at a word boundary ("Adakavo Martyno Mažvydo…", never
    "… Mažvydo pagrind"). With ``used`` (the names already in the workbook, case-folded as
    Excel compares them) the name is made unique with " (2)", " (3)"… and added to it."""
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", str(name)).strip("' ") or "Sheet"
    title = _shortened(cleaned, SHEET_TITLE_LENGTH)
    if used is not None:
        number = 2
        while title.casefold() in used:
            suffix = f" ({number})"
            title = _shortened(cleaned, SHEET_TITLE_LENGTH - len(suffix)) + suffix
            number += 1
        used.add(title.casefold())
    return title


def number_format(decimals: int) -> str:
    """Excel's number format for a number shown with ``decimals`` places, grouped as the
    reader's Excel groups: ``#,##0`` (a count), ``#,##0.0``, ``#,##0.00``. Never
    ``#,##0.##``, which Excel shows as "108," for a whole number."""
    decimals = max(0, int(decimals))
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def csv_delimiter(text: str) -> str:
    """Comma or semicolon, decided by the header line alone: semicolon when it holds more
    semicolons than commas (Excel in a Lithuanian locale), else comma."""
    first_line = text.split("\n", 1)[0]
    return ";" if first_line.count(";") > first_line.count(",") else ","


def _csv_reader(text: str, delimiter: str):
    return csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter, strict=True)


def iter_csv_rows(data: bytes):
    """Stream a CSV: (header, iterator of (row number, values dict)). For imports too large
    to hold as a Table. UTF-8 (with or without a BOM), else Windows-1257 (Baltic). Quoting
    is always Excel's (a quote inside a quoted cell is doubled), never guessed: a guess made
    from the first rows misreads quotes that appear only later. Quotes that do not pair up
    are an error here, before any row is used, never a cell silently changed."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1257")
        except UnicodeDecodeError:
            raise TableError(_("The text encoding of the file is not UTF-8.")) from None
    delimiter = csv_delimiter(text)
    checked = _csv_reader(text, delimiter)
    try:
        for _values in checked:
            pass
    except csv.Error:
        raise TableError(
            _("The quotes in the file do not pair up near line %(line)s: a cell that starts "
              "with a quote must end with one, and a quote inside it is written twice.")
            % {"line": checked.line_num}) from None
    reader = _csv_reader(text, delimiter)
    try:
        header = _clean_header(next(reader))
    except StopIteration:
        raise TableError(_("The file is empty.")) from None

    def rows():
        for number, values in enumerate(reader, start=2):
            if any(v.strip() for v in values):
                yield number, dict(zip(header, (v.strip() for v in values), strict=False))

    return header, rows()


def as_decimal(value):
    """A number as people type it: ``1 234,5``, ``1234,5``, ``1234.5``; empty is None."""
    from decimal import Decimal, InvalidOperation

    if value is None:
        return None
    if isinstance(value, FormulaWithoutValue):
        raise ValueError(_("formula not calculated: paste values instead"))
    if isinstance(value, bool):
        raise ValueError(_("expected a number"))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(_("expected a number"))
        return Decimal(repr(value))
    text = str(value).strip().replace("\xa0", "").replace("\u202f", "").replace(" ", "")
    if not text:
        return None
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d{1,14})(\.\d{1,6})?", text):
        raise ValueError(_("expected a number, got “%(value)s”") % {"value": str(value)[:40]})
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(_("expected a number, got “%(value)s”")
                         % {"value": str(value)[:40]}) from None


# --- a checked upload waiting for the user's confirmation -----------------------------------

def keep_upload(data: bytes, *, purpose: str) -> str:
    """Store a checked upload under a server-made name; the signed token names it."""
    from django.conf import settings
    from django.core import signing

    folder = Path(settings.MEDIA_ROOT) / "uploads" / purpose
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}.upload"
    (folder / name).write_bytes(data)
    return signing.dumps(name, salt=f"upload:{purpose}")


def take_upload(token: str, *, purpose: str, max_age: int = 3600) -> bytes | None:
    """The upload a token names, removed from storage; None if the token is forged, expired
    or already used."""
    from django.conf import settings
    from django.core import signing

    try:
        name = signing.loads(token, salt=f"upload:{purpose}", max_age=max_age)
    except signing.BadSignature:
        return None
    path = Path(settings.MEDIA_ROOT) / "uploads" / purpose / name
    if not path.is_file():
        return None
    data = path.read_bytes()
    path.unlink(missing_ok=True)
    return data
