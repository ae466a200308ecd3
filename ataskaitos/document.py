"""A document as data: what every renderer (PDF, XLSX, DOCX) draws from, so a number
cannot differ between formats."""

import re
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class Column:
    """``int``: a whole count (no decimals); ``decimal``: a fixed number of ``decimals``;
    ``number``: a column whose rows are different indicators, each value carrying its own
    indicator's decimals (rounded by the builder, at most two); ``date``; ``text``.
    ``xlsx_format``: an Excel number format instead of the plain one (``#,##0.00 "€"``)."""

    label: str
    kind: str = "text"          # text | int | decimal (fixed decimals) | number | date
    decimals: int = 0
    xlsx_format: str = ""
    narrow: bool = False        # short values ("1.2.3", "vnt."): a slim column on paper


@dataclass
class Table:
    """``title`` is shown whole in PDF and DOCX; only an XLSX sheet name is shortened (to
    31 characters at a word boundary). ``sheet``: the sheet's name when it should differ
    from the title."""

    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    sheet: str = ""
    number: int | None = None   # "1 lentelė. …" when numbered
    source: str = ""            # printed under the table: "Šaltinis: …"
    paper: bool = True          # False: too long to read on paper — in the XLSX only


@dataclass
class Chart:
    """A small line or bar chart: categories (years) and one or more named series."""

    title: str
    categories: list[str]
    series: list[tuple[str, list]]          # (label, values; None where not known)
    kind: str = "line"                      # line | bar
    unit: str = ""
    number: int | None = None               # "1 pav. …" under the figure when numbered
    source: str = ""


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)   # Markdown, rendered safely
    facts: list[tuple[str, object]] = field(default_factory=list)   # label → value
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    level: int = 1             # 2: a subchapter ("2.1. Vartotojai"), 3: its part
    key: str = ""              # the builder's name for it (a narrative's key, for tests)
    # In a numbered document: False for a heading outside the numbering (an introduction,
    # an annex).
    numbered: bool = True


@dataclass
class Document:
    """``title_page``: the organisation, the title and the subtitle on a page of their own.
    ``organisation``: the name above the title (the Library's). ``numbered``: the section
    headings numbered 1., 1.1., 1.1.1. (Word's multi-level list bound to the heading styles
    in the DOCX, CSS counters in the PDF)."""

    title: str
    subtitle: str = ""
    sections: list[Section] = field(default_factory=list)
    filename: str = "dokumentas"
    title_page: bool = False
    organisation: str = ""
    numbered: bool = False

    def heading_numbers(self) -> list[str]:
        """Each section's number as its heading shows it ("1.", "1.2.", "1.2.1."; "" when
        unnumbered), for the contents; the PDF and the DOCX count the same way."""
        counters = [0, 0, 0]
        found = []
        for section in self.sections:
            if not self.numbered or not section.numbered:
                found.append("")
                continue
            depth = min(max(section.level, 1), 3) - 1
            counters[depth] += 1
            counters[depth + 1:] = [0] * (2 - depth)
            found.append("".join(f"{n}." for n in counters[:depth + 1]))
        return found

    def numbers(self, *, paper: bool = False) -> list[Decimal]:
        """Every number in the document's tables (for tests comparing formats); ``paper``:
        only those of tables printed in the PDF and DOCX."""
        found = []
        for section in self.sections:
            for table in section.tables:
                if paper and not table.paper:
                    continue
                for row in table.rows:
                    found += [Decimal(str(v)) for v, c in zip(row, table.columns, strict=False)
                              if c.kind in {"int", "decimal", "number"} and v is not None]
        return found


@dataclass
class Rows:
    """A kind that yields rows: one table, rendered to XLSX and CSV (and, when asked, as a
    one-table Document to PDF or DOCX) without code of its own."""

    title: str
    header: list[str]
    rows: list[list] = field(default_factory=list)
    filename: str = "lentele"
    kinds: dict[str, str] = field(default_factory=dict)   # column → kind (int, date…)

    def as_document(self) -> Document:
        columns = [Column(name, self.kinds.get(name, "text")) for name in self.header]
        return Document(title=self.title, filename=self.filename, sections=[
            Section(heading=self.title, tables=[Table(self.title, columns, self.rows)])])


@dataclass
class Files:
    """A kind that yields several files (the LNB hand-off): rendered as one ZIP."""

    files: dict[str, bytes]
    filename: str = "failai"


def table_caption(table: Table) -> str:
    """ "3 lentelė. Vartotojai" for a numbered table, else its title."""
    from django.utils.translation import gettext as _

    if table.number is None:
        return table.title
    return _("Table %(number)s. %(title)s") % {"number": table.number, "title": table.title}


def figure_caption(chart: Chart) -> str:
    """ "2 pav. Išduotis teritorijoje, 2021–2025 (fiz. vnt.)" for a numbered chart."""
    from django.utils.translation import gettext as _

    title = with_unit(chart.title, chart.unit, parenthesised=True)
    if chart.number is None:
        return title
    return _("Figure %(number)s. %(title)s") % {"number": chart.number, "title": title}


def source_line(source: str) -> str:
    from django.utils.translation import gettext as _

    return _("Source: %(source)s") % {"source": source} if source else ""


# --- words of a document --------------------------------------------------------------------

def with_unit(name: str, unit: str, *, parenthesised: bool = False) -> str:
    """``name`` followed by its unit ("Išduotis, fiz. vnt."; parenthesised: "Išduotis (fiz.
    vnt.)"), unless the name already carries it: "Fondas (fiz. vnt.)", never "Fondas (fiz.
    vnt.), fiz. vnt."; nor where the unit only abbreviates a word of the name ("Etatai",
    not "Etatai, etat."; "Fondas (pavadinimai)", not "…, pavad.")."""
    name, unit = (name or "").strip(), (unit or "").strip()
    if not unit:
        return name
    folded, wanted = name.casefold(), unit.casefold()
    if f"({wanted})" in folded or folded.endswith((f" {wanted}", f",{wanted}")):
        return name
    stem = wanted[:-1]
    if wanted.endswith(".") and len(stem) >= 3 and stem.isalpha() and any(
            word.startswith(stem) for word in re.findall(r"\w+", folded)):
        return name
    return f"{name} ({unit})" if parenthesised else f"{name}, {unit}"


# The locative ("where?") of the head nouns in names of municipalities and libraries.
_LOCATIVE_NOUNS = {"savivaldybė": "savivaldybėje", "biblioteka": "bibliotekoje",
                   "filialas": "filiale", "punktas": "punkte", "skyrius": "skyriuje",
                   "sistema": "sistemoje", "apskritis": "apskrityje"}
_FEMININE = {"savivaldybė", "biblioteka", "sistema", "apskritis"}
# Nominative adjective endings before the head noun and their locative (longest first):
# "viešoji biblioteka" → "viešojoje bibliotekoje", "centrinis filialas" → "centriniame
# filiale". Genitives ("Kretingos", "rajono", "Valančiaus", "Darbėnų") are left alone.
_FEMININE_ADJECTIVES = (("oji", "ojoje"), ("ėji", "ėjoje"), ("ė", "ėje"), ("a", "oje"))
_MASCULINE_ADJECTIVES = (("asis", "ajame"), ("ysis", "iajame"), ("is", "iame"),
                         ("as", "ame"), ("us", "iame"))
_WORD = re.compile(r"^(\W*)(\w+)(\W*)$")


def _with_case(original: str, replacement: str) -> str:
    if original.isupper():
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def locative(name: str) -> str | None:
    """The Lithuanian locative of a municipality's or library's name, for "in …":
    "Neringos savivaldybė" → "Neringos savivaldybėje", "Kretingos viešoji biblioteka" →
    "Kretingos viešojoje bibliotekoje", "Darbėnų filialas" → "Darbėnų filiale". None when
    the name does not end in a noun this knows (the caller then keeps the nominative)."""
    words = (name or "").split(" ")
    match = _WORD.match(words[-1]) if words else None
    if not match or match.group(2).casefold() not in _LOCATIVE_NOUNS:
        return None
    lead, noun, trail = match.groups()
    words[-1] = lead + _with_case(noun, _LOCATIVE_NOUNS[noun.casefold()]) + trail
    endings = _FEMININE_ADJECTIVES if noun.casefold() in _FEMININE else _MASCULINE_ADJECTIVES
    index = len(words) - 2
    while index >= 0:
        word = words[index]
        folded = word.casefold()
        if not word.isalpha() or folded.endswith("aus"):
            break           # a genitive ("Valančiaus") ends the adjectives
        ending = next((pair for pair in endings if folded.endswith(pair[0])), None)
        if ending is None:
            break
        words[index] = word[:len(word) - len(ending[0])] + ending[1]
        index -= 1
    return " ".join(words)
