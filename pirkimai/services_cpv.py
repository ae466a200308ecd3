"""Loading the CPV vocabulary from the EU's official file (CPV 2008), by the upload page and
by ``manage.py load_cpv`` alike: ``load_vocabulary(data=…, by=…)``.

Two shapes are read, told apart by the content (never by the file's name):

- the **XLSX** workbook: a header row with a ``CODE`` column and one column per language
  (``BG``, ``CS`` … ``EN`` … ``LT`` …), a row per code. The list page's own export (the
  columns named by the interface) reads back too;
- the **XML** ``cpv_2008.xml``: ``<CPV_CODE><CPV CODE="03000000-1"><TEXT LANG="EN">…</TEXT>
  <TEXT LANG="LT">…</TEXT>…</CPV>…</CPV_CODE>``.

The whole file is read and checked first (every code eight digits, a dash and the check
digit, once, with its Lithuanian title); a file with any error is refused with the rows
at fault and nothing is written. A good file is written in one transaction with bulk
operations (the real vocabulary, 9,454 codes, loads in a few seconds): new codes added,
changed titles updated, codes the file no longer has taken out of use (never deleted: the
plans and purchases that name them keep them), codes back in the file back in use. A
``partial`` file (a few codes) only adds and updates. Each load is recorded (``CpvLoad``).

Both readers stream: the workbook's sheet is parsed as XML (defusedxml: no entities, no
external references), keeping only the code and title columns, after the zip is checked
against bombs; the workbook's shared strings are read only as far as needed."""

import functools
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pirkimai.models import CpvCode, may_prepare
from pirkimai.models.vocabulary import CpvFormat, CpvLoad

__all__ = ["CODE", "MAX_BYTES", "CpvFileRefused", "Entry", "detect_format", "load_vocabulary",
           "read_entries"]

#: A CPV code: eight digits, a dash, the check digit.
CODE = re.compile(r"\d{8}-\d")
#: The largest file the loader takes (the official XML is about 15 MB).
MAX_BYTES = 40 * 1024 * 1024
#: How many of a bad file's errors are listed.
MAX_ERRORS = 20
#: Rows above a workbook's header that are passed over (a title).
MAX_PREAMBLE = 10
TITLE_LENGTH = CpvCode._meta.get_field("title_lt").max_length
BATCH = 500

SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
DOC_RELS_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


class CpvFileRefused(ValidationError):
    """The file cannot be loaded; ``messages`` say why (each a sentence for the user)."""


@dataclass(frozen=True)
class Entry:
    """One code of the file: where it stands (a row of the sheet, or the position of the
    ``<CPV>`` element), the code and its titles."""

    where: int
    code: str
    title_lt: str
    title_en: str


def _text(value) -> str:
    return unicodedata.normalize("NFC", " ".join(str(value or "").split()))


# --- which file -------------------------------------------------------------------------------

def detect_format(data: bytes) -> str:
    """``xlsx`` or ``xml`` by the content; refused for anything else."""
    if data.startswith(b"PK\x03\x04"):
        return CpvFormat.XLSX
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise CpvFileRefused(_("This is an old Excel workbook (.xls) or an encrypted one: save "
                               "it as .xlsx without a password and upload it again."))
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return CpvFormat.XML
    if not data.strip():
        raise CpvFileRefused(_("The file is empty."))
    raise CpvFileRefused(_("This file is neither an XLSX workbook nor an XML file of the CPV "
                           "vocabulary. Upload the official file (cpv_2008.xlsx or "
                           "cpv_2008.xml)."))


# --- parsing XML safely ------------------------------------------------------------------------

#: How far into an XML file its prologue (declaration, DOCTYPE) is looked for.
PROLOGUE_BYTES = 64 * 1024
#: A document type with an internal subset or an external identifier.
DOCTYPE_WITH_MORE = re.compile(rb"<!DOCTYPE[^>]*(\[|\bSYSTEM\b|\bPUBLIC\b)")


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _refuse_entities(data: bytes) -> None:
    """The official files declare no entities: a document type with declarations of its own
    or an external one (a "billion laughs", an external reference) is refused before the
    file is parsed."""
    head = data[:PROLOGUE_BYTES]
    if b"<!ENTITY" in head or DOCTYPE_WITH_MORE.search(head):
        raise CpvFileRefused(_("The XML file declares entities or external references, which "
                               "the official file does not: it was not read."))


def _iterparse(source, tags):
    """``end`` events of ``tags`` only (libxml2 walks the rest in C): no DTD loaded, no
    entity resolved, no network, no huge tree."""
    from lxml import etree

    return etree.iterparse(source, events=("end",), tag=tags, load_dtd=False,
                           resolve_entities=False, no_network=True, huge_tree=False,
                           remove_comments=True)


# --- the XML file -----------------------------------------------------------------------------

def _read_xml(data: bytes) -> list[Entry]:
    from lxml import etree

    _refuse_entities(data)
    entries = []
    parsing = _iterparse(io.BytesIO(data), ("CPV", "{*}CPV"))
    try:
        for _event, element in parsing:
            titles = {(text.get("LANG") or "").strip().upper(): _text(text.text)
                      for text in element if _local(text.tag) == "TEXT"}
            entries.append(Entry(len(entries) + 1, (element.get("CODE") or "").strip(),
                                 titles.get("LT", ""), titles.get("EN", "")))
            element.clear()
    except etree.XMLSyntaxError as error:
        raise CpvFileRefused(_("The XML file is damaged (%(reason)s).")
                             % {"reason": str(error)}) from None
    root = _local(parsing.root.tag) if parsing.root is not None else ""
    if root != "CPV_CODE":
        raise CpvFileRefused(_("This XML file is not the CPV vocabulary: its root element is "
                               "<%(root)s>, the official file's is <CPV_CODE>.")
                             % {"root": root})
    return entries


# --- the XLSX workbook ------------------------------------------------------------------------

class _Shared(int):
    """A cell holding the index of a workbook's shared string."""


@functools.lru_cache(maxsize=512)
def _column(letters: str) -> int:
    """``A`` → 0, ``N`` → 13, ``AB`` → 27."""
    number = 0
    for char in letters:
        number = number * 26 + ord(char.upper()) - 64
    return number - 1


def _header_names(field: str, *extra: str) -> set[str]:
    """What a header cell may say for a column: the official name, and the list page's
    export in either language (so the portal's own export reads back)."""
    names = {name.casefold() for name in extra}
    for language in ("lt", "en"):
        with translation.override(language):
            names.add(str(CpvCode._meta.get_field(field).verbose_name).strip().casefold())
    return names


def _sheet_paths(archive: zipfile.ZipFile) -> list[str]:
    """The workbook's sheets in their order (the parts their relationships point to)."""
    from defusedxml.ElementTree import fromstring

    names = set(archive.namelist())
    try:
        book = fromstring(archive.read("xl/workbook.xml"))
        rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return ["xl/worksheets/sheet1.xml"] if "xl/worksheets/sheet1.xml" in names else []
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{RELS_NS}Relationship")}
    paths = []
    for sheet in book.iter(f"{SHEET_NS}sheet"):
        target = targets.get(sheet.get(f"{DOC_RELS_NS}id"), "")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        if path in names:
            paths.append(path)
    return paths


def _sheet_rows(archive: zipfile.ZipFile, path: str, wanted: dict):
    """(row number, {column index: value}) of a sheet, streamed; a shared string is its
    index (``_Shared``), resolved later. Once ``wanted["columns"]`` is set (the header has
    been found), only those columns' cells are read."""
    cell_tag, value_tag, text_tag = f"{SHEET_NS}c", f"{SHEET_NS}v", f"{SHEET_NS}t"
    digits = "0123456789"
    number = 0
    with archive.open(path) as handle:
        for _event, element in _iterparse(handle, f"{SHEET_NS}row"):
            number = int(element.get("r") or number + 1)
            columns = wanted.get("columns")
            cells, position = {}, -1
            for cell in element.iterchildren(cell_tag):
                reference = cell.get("r")
                position = _column(reference.rstrip(digits)) if reference else position + 1
                if columns is not None and position not in columns:
                    continue
                kind = cell.get("t")
                if kind == "inlineStr":
                    cells[position] = "".join(t.text or "" for t in cell.iter(text_tag))
                    continue
                value = cell.find(value_tag)
                if value is None or value.text is None:
                    continue
                cells[position] = _Shared(int(value.text)) if kind == "s" else value.text
            yield number, cells
            element.clear()


def _shared_strings(archive: zipfile.ZipFile, wanted: set[int]) -> dict[int, str]:
    """The shared strings of ``wanted`` indices (the file read only as far as the last)."""
    if not wanted or "xl/sharedStrings.xml" not in archive.namelist():
        return {}
    text_tag, run_tag = f"{SHEET_NS}t", f"{SHEET_NS}r"
    found, index, last = {}, 0, max(wanted)
    with archive.open("xl/sharedStrings.xml") as handle:
        for _event, element in _iterparse(handle, f"{SHEET_NS}si"):
            if index in wanted:
                plain = element.find(text_tag)
                if plain is not None:
                    found[index] = plain.text or ""
                else:       # rich text: the runs' texts (never the phonetic hints)
                    found[index] = "".join(t.text or "" for run in element.iterchildren(run_tag)
                                           for t in run.iterchildren(text_tag))
            element.clear()
            index += 1
            if index > last:
                break
    return found


def _read_xlsx(data: bytes) -> tuple[list[Entry], bool]:
    """The entries of the first sheet with a CODE column, and whether it has English
    titles."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from lxml import etree

    from portalas.tables import TableError, _check_zip

    try:
        _check_zip(data)
        archive = zipfile.ZipFile(io.BytesIO(data))
        for path in _sheet_paths(archive):
            found = _read_sheet(archive, path)
            if found is not None:
                return found
    except TableError as error:
        raise CpvFileRefused(str(error)) from None
    except (DefusedXmlException, ParseError, etree.XMLSyntaxError, zipfile.BadZipFile,
            KeyError, ValueError, OSError):
        raise CpvFileRefused(_("The workbook is damaged and could not be read.")) from None
    raise CpvFileRefused(_("The workbook has no CODE column: its first row should name the "
                           "columns, CODE and one per language (LT, EN…), as the official "
                           "file does."))


def _read_sheet(archive: zipfile.ZipFile, path: str):
    codes = _header_names("code", "code", "kodas", "cpv")
    lithuanian = _header_names("title_lt", "lt", "title_lt")
    english = _header_names("title_en", "en", "title_en")
    wanted = {"columns": None}
    rows = _sheet_rows(archive, path, wanted)
    top = []
    for number, cells in rows:
        top.append((number, cells))
        if len(top) >= MAX_PREAMBLE:
            break
    header_strings = _shared_strings(archive, {v for _n, cells in top for v in cells.values()
                                               if isinstance(v, _Shared)})

    def name(value) -> str:
        value = header_strings.get(value, "") if isinstance(value, _Shared) else value
        return _text(value).casefold()

    headers = [{name(value): column for column, value in sorted(cells.items())}
               for _number, cells in top]
    at = next((i for i, header in enumerate(headers) if codes & set(header)), None)
    if at is None:
        return None
    header = headers[at]
    code_column = next(header[n] for n in header if n in codes)
    lt_column = next((header[n] for n in header if n in lithuanian), None)
    en_column = next((header[n] for n in header if n in english), None)
    if lt_column is None:
        raise CpvFileRefused(_("The workbook has no LT column with the Lithuanian titles."))
    wanted["columns"] = {code_column, lt_column, en_column}
    raw = []
    for number, cells in [*top[at + 1:], *rows]:
        values = (cells.get(code_column), cells.get(lt_column),
                  cells.get(en_column) if en_column is not None else None)
        if any(value not in (None, "") for value in values):
            raw.append((number, values))
    strings = _shared_strings(archive, {v for _n, values in raw for v in values
                                        if isinstance(v, _Shared)})

    def text(value) -> str:
        return _text(strings.get(value, "") if isinstance(value, _Shared) else value)

    entries = [Entry(number, text(code), text(lt), text(en)) for number, (code, lt, en) in raw]
    return entries, en_column is not None


# --- checking ---------------------------------------------------------------------------------

def read_entries(data: bytes) -> tuple[str, list[Entry], bool]:
    """The file's format, its entries (checked: refused with every error found, up to
    ``MAX_ERRORS``) and whether it has English titles."""
    if len(data) > MAX_BYTES:
        raise CpvFileRefused(_("The file is larger than %(max)s MB.")
                             % {"max": MAX_BYTES // (1024 * 1024)})
    fmt = detect_format(data)
    if fmt == CpvFormat.XML:
        entries, has_english = _read_xml(data), True
        where = _("entry %(number)s")
    else:
        entries, has_english = _read_xlsx(data)
        where = _("row %(number)s")
    errors, seen = [], {}
    for entry in entries:
        at = where % {"number": entry.where}
        if not CODE.fullmatch(entry.code):
            errors.append(_("%(where)s: “%(code)s” is not a CPV code (eight digits, a dash and "
                            "the check digit, such as 30190000-7).")
                          % {"where": at, "code": entry.code[:30]})
        elif entry.code in seen:
            errors.append(_("%(where)s: the code %(code)s is in the file twice (first at "
                            "%(first)s).") % {"where": at, "code": entry.code,
                                              "first": where % {"number": seen[entry.code]}})
        elif not entry.title_lt:
            errors.append(_("%(where)s: the code %(code)s has no Lithuanian title.")
                          % {"where": at, "code": entry.code})
        elif max(len(entry.title_lt), len(entry.title_en)) > TITLE_LENGTH:
            errors.append(_("%(where)s: the title of %(code)s is longer than %(max)s "
                            "characters.") % {"where": at, "code": entry.code,
                                              "max": TITLE_LENGTH})
        seen.setdefault(entry.code, entry.where)
    if not entries:
        errors.append(_("The file holds no CPV codes."))
    if errors:
        shown = errors[:MAX_ERRORS]
        if len(errors) > MAX_ERRORS:
            more = len(errors) - MAX_ERRORS
            shown.append(ngettext("…and %(count)s more error.", "…and %(count)s more errors.",
                                  more) % {"count": more})
        raise CpvFileRefused(shown)
    return fmt, entries, has_english


# --- writing ----------------------------------------------------------------------------------

def load_vocabulary(*, data: bytes, by=None, file_name: str = "",
                    partial: bool = False) -> CpvLoad:
    """Read and check the file, then write it (see the module's docstring). ``by`` is the
    staff member loading it (None: the command on the server). Returns the load's record
    with its counts; ``CpvFileRefused`` for a bad file, with nothing written."""
    if by is not None and not may_prepare(by):
        raise PermissionDenied
    fmt, entries, has_english = read_entries(data)
    try:
        return _store(entries, has_english=has_english, partial=partial, by=by,
                      file_name=file_name, fmt=fmt)
    except IntegrityError:
        raise CpvFileRefused(_("The vocabulary was being loaded by someone else at the same "
                               "time: load the file again.")) from None


@transaction.atomic
def _store(entries: list[Entry], *, has_english: bool, partial: bool, by, file_name: str,
           fmt: str) -> CpvLoad:
    now = timezone.now()
    stored = {row.code: row for row in CpvCode.objects.only(
        "pk", "code", "title_lt", "title_en", "active")}
    load = CpvLoad(loaded_by=by, file_name=file_name[:255], file_format=fmt,
                   total=len(entries))
    new, changed = [], []
    for entry in entries:
        current = stored.get(entry.code)
        if current is None:
            new.append(CpvCode(code=entry.code, title_lt=entry.title_lt,
                               title_en=entry.title_en, active=True, loaded_at=now))
            continue
        title_en = entry.title_en if has_english else current.title_en
        if not current.active:
            load.reactivated += 1
        elif (current.title_lt, current.title_en) != (entry.title_lt, title_en):
            load.updated += 1
        else:
            load.unchanged += 1
            continue
        current.title_lt, current.title_en = entry.title_lt, title_en
        current.active, current.loaded_at = True, now
        changed.append(current)
    CpvCode.objects.bulk_create(new, batch_size=BATCH)
    CpvCode.objects.bulk_update(changed, ["title_lt", "title_en", "active", "loaded_at"],
                                batch_size=BATCH)
    load.created = len(new)
    if not partial:
        in_file = {entry.code for entry in entries}
        gone = [row.pk for code, row in stored.items() if row.active and code not in in_file]
        for start in range(0, len(gone), BATCH):
            CpvCode.objects.filter(pk__in=gone[start:start + BATCH]).update(
                active=False, loaded_at=now)
        load.deactivated = len(gone)
    load.save()
    return load


def summary(load: CpvLoad) -> str:
    """What a load did, as one sentence for the page and the command."""
    return _("%(total)s codes in the file: %(created)s added, %(updated)s with changed titles, "
             "%(reactivated)s back in use, %(deactivated)s taken out of use, %(unchanged)s "
             "unchanged.") % {"total": load.total, "created": load.created,
                              "updated": load.updated, "reactivated": load.reactivated,
                              "deactivated": load.deactivated, "unchanged": load.unchanged}
