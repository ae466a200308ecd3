"""A document as data: what every renderer (PDF, XLSX, DOCX) draws from, so a number
cannot differ between formats."""

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class Column:
    label: str
    kind: str = "text"          # text | int | decimal (fixed decimals) | number | date
    decimals: int = 0


@dataclass
class Table:
    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)


@dataclass
class Chart:
    """A small line or bar chart: categories (years) and one or more named series."""

    title: str
    categories: list[str]
    series: list[tuple[str, list]]          # (label, values; None where not known)
    kind: str = "line"                      # line | bar
    unit: str = ""


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)   # Markdown, rendered safely
    facts: list[tuple[str, object]] = field(default_factory=list)   # label → value
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


@dataclass
class Document:
    title: str
    subtitle: str = ""
    sections: list[Section] = field(default_factory=list)
    filename: str = "dokumentas"
    title_page: bool = False

    def numbers(self) -> list[Decimal]:
        """Every number in the document's tables (for tests comparing formats)."""
        found = []
        for section in self.sections:
            for table in section.tables:
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
            Section(heading=self.title, tables=[Table(self.title[:31], columns, self.rows)])])


@dataclass
class Files:
    """A kind that yields several files (the LNB hand-off): rendered as one ZIP."""

    files: dict[str, bytes]
    filename: str = "failai"
