"""The text of a stored document, for search: every page of a PDF (pypdf), the paragraphs
and table cells of a DOCX (python-docx) and of an ODT (its ``content.xml``), whitespace
normalised.

Reading never runs away: at most ``MAX_PAGES`` pages, ``MAX_CHARS`` characters (the rest
is left out) and ``MAX_SECONDS`` of work per document; an office file is opened only when
its unpacked size stays within ``MAX_UNPACKED`` (a zip bomb is refused before parsing). A
file that cannot be read — encrypted, damaged, not what it claims — raises
``UnreadableDocument``, and nothing else escapes."""

import io
import logging
import re
import time
import unicodedata
import zipfile

logger = logging.getLogger("regionas.archive")

#: The most text kept of one document (characters, about 2 MB).
MAX_CHARS = 2_000_000
#: The most pages of a PDF read.
MAX_PAGES = 2_000
#: The most time spent on one document (seconds); what was read by then is kept.
MAX_SECONDS = 60.0
#: The most an office file may unpack to (bytes), and the most parts it may hold.
MAX_UNPACKED = 200 * 1024 * 1024
MAX_PARTS = 10_000

#: The kinds ``extract_text`` reads.
READABLE_KINDS = ("pdf", "docx", "odt")

# Control characters (NUL included: PostgreSQL's text cannot hold it) but tab and newline.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n{3,}")


class UnreadableDocument(ValueError):
    """The document's text cannot be read (encrypted, damaged, not the kind it claims)."""


def normalise(text: str) -> str:
    """One space between words, no trailing spaces, at most one empty line between
    paragraphs; compatibility forms folded (the ligature "ﬁ" is "fi"), so search finds
    what it should."""
    text = unicodedata.normalize("NFKC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub(" ", text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


class _Collector:
    """Pieces of text up to ``MAX_CHARS`` and ``MAX_SECONDS``; ``full`` says when to stop."""

    def __init__(self):
        self.parts: list[str] = []
        self.size = 0
        self.started = time.monotonic()

    def add(self, piece: str) -> None:
        if piece and not self.full:
            piece = piece[:MAX_CHARS - self.size]
            self.parts.append(piece)
            self.size += len(piece) + 1

    @property
    def full(self) -> bool:
        return self.size >= MAX_CHARS or time.monotonic() - self.started > MAX_SECONDS

    def text(self) -> str:
        return normalise("\n".join(self.parts))[:MAX_CHARS]


def extract_text(data: bytes, kind: str) -> str:
    """The text of ``data``, a document of ``kind`` (``pdf``, ``docx`` or ``odt``).
    ``UnreadableDocument`` when it cannot be read; ``ValueError`` for another kind."""
    readers = {"pdf": _pdf, "docx": _docx, "odt": _odt}
    if kind not in readers:
        raise ValueError(f"no text reader for {kind!r}")
    if not data:
        raise UnreadableDocument("empty file")
    collector = _Collector()
    try:
        readers[kind](data, collector)
    except UnreadableDocument:
        raise
    except Exception as error:  # noqa: BLE001 - a damaged file fails in any of many ways
        raise UnreadableDocument(f"{kind}: {type(error).__name__}: {error}"[:300]) from error
    return collector.text()


# --- PDF -----------------------------------------------------------------------------------

def _pdf(data: bytes, collector: _Collector) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        # A PDF with only an owner password opens with an empty user password.
        try:
            opened = reader.decrypt("")
        except Exception as error:  # noqa: BLE001 - an unsupported cipher, a broken dictionary
            raise UnreadableDocument("pdf: encrypted") from error
        if not opened:
            raise UnreadableDocument("pdf: encrypted")
    for number, page in enumerate(reader.pages):
        if number >= MAX_PAGES or collector.full:
            break
        collector.add(page.extract_text() or "")


# --- DOCX ----------------------------------------------------------------------------------

def _check_zip(data: bytes) -> zipfile.ZipFile:
    """The office file as a zip, refused when it would unpack too large."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    members = archive.infolist()
    if len(members) > MAX_PARTS or sum(m.file_size for m in members) > MAX_UNPACKED:
        raise UnreadableDocument("office file unpacks too large")
    return archive


def _docx(data: bytes, collector: _Collector) -> None:
    from docx import Document

    _check_zip(data)
    document = Document(io.BytesIO(data))
    _docx_blocks(document.iter_inner_content(), collector, depth=0)


def _docx_blocks(blocks, collector: _Collector, *, depth: int) -> None:
    """Paragraphs and tables in the order they stand; a cell's own tables too (a few levels
    deep)."""
    from docx.table import Table

    for block in blocks:
        if collector.full:
            return
        if isinstance(block, Table):
            if depth > 5:
                continue
            for row in block.rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:      # a merged cell repeats across its columns
                        continue
                    seen.add(id(cell._tc))
                    _docx_blocks(cell.iter_inner_content(), collector, depth=depth + 1)
        else:
            collector.add(block.text)


# --- ODT -----------------------------------------------------------------------------------

_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_PARAGRAPHS = {f"{{{_TEXT_NS}}}p", f"{{{_TEXT_NS}}}h"}


def _odt(data: bytes, collector: _Collector) -> None:
    from defusedxml import ElementTree

    archive = _check_zip(data)
    with archive.open("content.xml") as content:
        root = ElementTree.parse(content).getroot()
    for element in root.iter():
        if collector.full:
            return
        if element.tag in _PARAGRAPHS:
            collector.add(_odt_text(element))


def _odt_text(paragraph) -> str:
    """A paragraph's text: ``text:s`` is spaces, ``text:tab`` a tab, ``text:line-break`` a
    new line; a paragraph nested in it (a note) is read on its own."""
    parts = [paragraph.text or ""]
    for child in paragraph:
        name = child.tag.rsplit("}", 1)[-1]
        if child.tag in _PARAGRAPHS:
            pass
        elif name == "s":
            parts.append(" " * min(int(child.get(f"{{{_TEXT_NS}}}c", "1") or 1), 100))
        elif name == "tab":
            parts.append("\t")
        elif name == "line-break":
            parts.append("\n")
        elif name not in {"note", "annotation"}:
            parts.append(_odt_text(child))
        parts.append(child.tail or "")
    return "".join(parts)
