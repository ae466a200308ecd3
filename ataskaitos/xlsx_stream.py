"""A small, fast XLSX writer for big plain tables (the raw answers of a 20,000-response
study): sheets of rows streamed into the zip as XML text, no cell objects.

What it writes, and how openpyxl, Excel and LibreOffice read it back:

==================  ===========================================================================
``None``, ``""``    no cell (an empty cell in the middle of a row keeps the others in place;
                    an empty text reads back as an empty cell, as openpyxl writes it)
``str``             an inline string, XML-escaped; characters XML 1.0 cannot hold (control
                    characters other than tab, line feed and carriage return, lone
                    surrogates, U+FFFE/U+FFFF) are removed; a carriage return is kept
                    (``&#13;``); cut to Excel's 32,767 characters. No formula guard here:
                    the caller neutralises (``portalas.tables.neutralise``)
``bool``            a boolean cell (TRUE/FALSE)
``int``, ``float``,  a number: an int's digits, a float's shortest exact form (``repr``), a
``Decimal``         Decimal's digits (never through a float; a whole one as an int); NaN and
                    infinities, which a number cell cannot hold, as the ``#NUM!`` error
``date``            a number with the ``yyyy-mm-dd`` format; ``datetime`` with
``datetime``        ``yyyy-mm-dd hh:mm:ss`` (Excel's 1900 date system, as openpyxl writes it;
                    a datetime with a time zone is refused, as openpyxl refuses it)
==================  ===========================================================================

The header row (if given) is bold; ``freeze`` keeps it in view; ``widths`` sets column
widths. Sheet names lose the characters Excel refuses and are cut to 31 characters.

Usage::

    write_workbook(out, [Sheet("Atsakymai", header, rows), Sheet("Kodai", header2, rows2)])
    data = workbook_bytes([...])
"""

import io
import math
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from xml.sax.saxutils import quoteattr

__all__ = ["MAX_COLUMNS", "MAX_ROWS", "Sheet", "column_letter", "sheet_name", "workbook_bytes",
           "write_workbook"]

MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
MAX_TEXT = 32_767               # Excel's limit for the text of one cell
SHEET_NAME_LENGTH = 31
CHUNK_ROWS = 500                # rows joined and compressed at a time

# Anything a text needs done to it: escaping (& < >), a carriage return kept as a reference,
# characters XML 1.0 cannot hold removed. Texts without any (most) are written as they are.
_NEEDS_WORK = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SHEET_NAME_REFUSED = re.compile(r"[\[\]:*?/\\]")

_EPOCH = datetime(1899, 12, 30)     # Excel's 1900 date system (with its 1900-02-29)
_BOLD, _DATE, _DATETIME, _BOLD_DATE, _BOLD_DATETIME = 1, 2, 3, 4, 5

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


@dataclass
class Sheet:
    """One sheet: a bold ``header`` row (optional), then ``rows`` (any iterable of
    sequences, read once). ``widths``: column widths in characters, by position."""

    name: str
    header: Sequence | None = None
    rows: Iterable[Sequence] = field(default_factory=list)
    freeze: bool = True                 # keep the header row in view
    widths: Sequence[float | None] | None = None


def column_letter(index: int) -> str:
    """The letters of the 1-based column ``index``: 1 → A, 26 → Z, 27 → AA, 16384 → XFD."""
    if not 1 <= index <= MAX_COLUMNS:
        raise ValueError(f"column {index} outside 1…{MAX_COLUMNS}")
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class _Letters(list):
    """Column letters by 0-based position, grown as wider rows come."""

    def upto(self, count: int) -> "_Letters":
        if count > len(self):
            if count > MAX_COLUMNS:
                raise ValueError(f"a row of {count} cells: a sheet holds {MAX_COLUMNS}")
            self.extend(column_letter(i) for i in range(len(self) + 1, count + 1))
        return self


def _escape(text: str) -> str:
    text = _ILLEGAL.sub("", text)
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", "&#13;"))


def _text(text: str) -> str:
    if len(text) > MAX_TEXT:
        text = text[:MAX_TEXT]
    if _NEEDS_WORK.search(text):
        return _escape(text)
    return text


def _serial(value: date) -> str:
    """Excel's day number of a date or datetime (as openpyxl's ``to_excel``)."""
    if isinstance(value, datetime):
        if value.tzinfo is not None and value.utcoffset() is not None:
            raise TypeError("Excel does not support time zones: convert the datetime to "
                            "local time and drop its tzinfo first")
        moment = value
    else:
        moment = datetime.combine(value, time())
    delta = moment - _EPOCH
    days = delta.days
    if 0 < days <= 60:                  # before Excel's 1900-02-29
        days -= 1
    if not isinstance(value, datetime):
        return str(days)
    fraction = (delta.seconds + delta.microseconds / 1_000_000) / 86_400
    return repr(days + fraction) if fraction else str(days)


def _cell(ref: str, value, bold: bool) -> str:
    """One cell of any type but the fast paths of ``_row`` (str, int, float, None)."""
    style = f' s="{_BOLD}"' if bold else ""
    if isinstance(value, bool):
        return f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, str):
        text = _text(value)
        if not text:
            return ""
        return (f'<c r="{ref}"{style} t="inlineStr"><is><t xml:space="preserve">'
                f"{text}</t></is></c>")
    if isinstance(value, Decimal):
        if not value.is_finite():
            return f'<c r="{ref}"{style} t="e"><v>#NUM!</v></c>'
        if value == value.to_integral_value() and value.adjusted() < 16:
            value = int(value)          # Decimal("1E+3") is 1000, read back as a whole number
        return f'<c r="{ref}"{style}><v>{value}</v></c>'
    if isinstance(value, float):
        if not math.isfinite(value):
            return f'<c r="{ref}"{style} t="e"><v>#NUM!</v></c>'
        return f'<c r="{ref}"{style}><v>{value!r}</v></c>'
    if isinstance(value, int):
        return f'<c r="{ref}"{style}><v>{int(value)}</v></c>'
    if isinstance(value, datetime):
        kind = _BOLD_DATETIME if bold else _DATETIME
        return f'<c r="{ref}" s="{kind}"><v>{_serial(value)}</v></c>'
    if isinstance(value, date):
        kind = _BOLD_DATE if bold else _DATE
        return f'<c r="{ref}" s="{kind}"><v>{_serial(value)}</v></c>'
    raise TypeError(f"an XLSX cell cannot hold {type(value).__name__}: {value!r}")


def _row(number: int, values: Sequence, letters: _Letters, bold: bool = False) -> str:
    """The XML of one row. Strings and plain numbers take the fast path."""
    n = str(number)
    parts = [f'<row r="{n}">']
    append = parts.append
    if len(values) > len(letters):
        letters.upto(len(values))
    if bold:
        for letter, value in zip(letters, values, strict=False):
            if value is not None:
                append(_cell(letter + n, value, True))
    else:
        for letter, value in zip(letters, values, strict=False):
            kind = type(value)
            if kind is str:
                if len(value) > MAX_TEXT or _NEEDS_WORK.search(value):
                    value = _text(value)
                if not value:
                    continue
                append(f'<c r="{letter}{n}" t="inlineStr"><is><t xml:space="preserve">'
                       f"{value}</t></is></c>")
            elif kind is int:
                append(f'<c r="{letter}{n}"><v>{value}</v></c>')
            elif value is None:
                continue
            elif kind is float and math.isfinite(value):
                append(f'<c r="{letter}{n}"><v>{value!r}</v></c>')
            else:
                append(_cell(letter + n, value, False))
    append("</row>")
    return "".join(parts)


def sheet_name(name: str, used: set[str]) -> str:
    """A name Excel takes: no ``[]:*?/\\``, no apostrophe at either end, at most 31
    characters, unique in the workbook (case-insensitively; " (2)" added)."""
    cleaned = _SHEET_NAME_REFUSED.sub(" ", _ILLEGAL.sub("", str(name))).strip("' ") or "Sheet"
    title = cleaned[:SHEET_NAME_LENGTH].rstrip("' ") or "Sheet"
    number = 2
    while title.casefold() in used:
        suffix = f" ({number})"
        title = cleaned[:SHEET_NAME_LENGTH - len(suffix)].rstrip("' ") + suffix
        number += 1
    used.add(title.casefold())
    return title


def _sheet_start(sheet: Sheet, selected: bool, dimension: str) -> str:
    view = ' tabSelected="1"' if selected else ""
    if sheet.freeze and sheet.header is not None:
        pane = ('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>')
    else:
        pane = ""
    cols = ""
    if sheet.widths:
        cols = "<cols>" + "".join(
            f'<col min="{i}" max="{i}" width="{float(w):g}" customWidth="1"/>'
            for i, w in enumerate(sheet.widths, start=1) if w) + "</cols>"
        if cols == "<cols></cols>":
            cols = ""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (f'{_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">{dim}'
            f'<sheetViews><sheetView workbookViewId="0"{view}>{pane}</sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/>{cols}<sheetData>')


def _dimension(sheet: Sheet) -> str:
    """``A1:<last cell>`` when the rows are a sequence (known without reading them twice);
    "" for a generator, whose size is known only at its end."""
    rows = sheet.rows
    if not isinstance(rows, Sequence):
        return ""
    count = len(rows) + (sheet.header is not None)
    width = max([len(sheet.header or ())] + [len(row) for row in rows]) if count else 0
    if not count or not width:
        return ""
    if count > MAX_ROWS or width > MAX_COLUMNS:
        return ""                       # refused below, row by row
    return f"A1:{column_letter(width)}{count}"


def _write_sheet(archive: zipfile.ZipFile, path: str, sheet: Sheet, selected: bool) -> None:
    letters = _Letters()
    with archive.open(path, "w") as handle:
        handle.write(_sheet_start(sheet, selected, _dimension(sheet)).encode())
        number = 0
        if sheet.header is not None:
            number = 1
            handle.write(_row(1, sheet.header, letters, bold=True).encode())
        chunk: list[str] = []
        for values in sheet.rows:
            number += 1
            if number > MAX_ROWS:
                raise ValueError(f"more than {MAX_ROWS} rows: a sheet holds no more")
            chunk.append(_row(number, values, letters))
            if len(chunk) >= CHUNK_ROWS:
                handle.write("".join(chunk).encode())
                chunk.clear()
        if chunk:
            handle.write("".join(chunk).encode())
        handle.write(b"</sheetData></worksheet>")


_STYLES = (
    f'{_HEAD}<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>'
    '<fonts count="2">'
    '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    '</cellStyleXfs>'
    '<cellXfs count="6">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" '
    'applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" '
    'applyNumberFormat="1"/>'
    '</cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '</styleSheet>')

_ROOT_RELS = (
    f'{_HEAD}<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
    '</Relationships>')

_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


def _content_types(count: int) -> str:
    sheets = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                     f'ContentType="{_SHEET_TYPE}"/>' for i in range(1, count + 1))
    return (
        f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        f"{sheets}"
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        "</Types>")


def _workbook(names: list[str]) -> str:
    sheets = "".join(f"<sheet name={quoteattr(name)} sheetId=\"{i}\" r:id=\"rId{i}\"/>"
                     for i, name in enumerate(names, start=1))
    return (f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
            '<bookViews><workbookView activeTab="0"/></bookViews>'
            f"<sheets>{sheets}</sheets></workbook>")


def _workbook_rels(count: int) -> str:
    sheets = "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" '
                     f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, count + 1))
    return (f'{_HEAD}<Relationships xmlns="{_PKG_REL}">{sheets}'
            f'<Relationship Id="rId{count + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
            "</Relationships>")


def _core(title: str, created: datetime) -> str:
    stamp = created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    name = f"<dc:title>{_escape(title)}</dc:title>" if title else ""
    return (
        f'{_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f'{name}<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>")


_APP = (f'{_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties"><Application>Regionas</Application></Properties>')


def write_workbook(out, sheets: Iterable[Sheet], *, title: str = "",
                   compresslevel: int = 1) -> None:
    """Write the sheets as an .xlsx to ``out`` (a path or a binary file object)."""
    sheets = list(sheets)
    if not sheets:
        raise ValueError("a workbook needs at least one sheet")
    used: set[str] = set()
    names = [sheet_name(sheet.name, used) for sheet in sheets]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED,
                         compresslevel=compresslevel) as archive:
        archive.writestr("[Content_Types].xml", _content_types(len(sheets)))
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("docProps/core.xml", _core(title, datetime.now(UTC)))
        archive.writestr("docProps/app.xml", _APP)
        archive.writestr("xl/workbook.xml", _workbook(names))
        archive.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets)))
        archive.writestr("xl/styles.xml", _STYLES)
        for index, sheet in enumerate(sheets, start=1):
            _write_sheet(archive, f"xl/worksheets/sheet{index}.xml", sheet, index == 1)


def workbook_bytes(sheets: Iterable[Sheet], **options) -> bytes:
    """The .xlsx as bytes (see ``write_workbook``)."""
    out = io.BytesIO()
    write_workbook(out, sheets, **options)
    return out.getvalue()
