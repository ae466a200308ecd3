"""Sections of a document (``ataskaitos.document.Section``) as plain JSON and back: what a
builder counted once can be kept (an approved annual report's chapters in its snapshot)
and drawn again exactly as it was — the same text and numbers in every format.

Table cells are stored by their column's kind and typed back on load: numbers (``int``,
``decimal``, ``number`` columns) as exact decimal strings read back as ``Decimal``, dates
as ISO strings read back as dates (or datetimes), anything else as the text it is shown
as. A fact's value, a chart's categories and its values keep their own type (JSON's own,
or a one-key object for a Decimal, a date, a datetime or a float JSON cannot hold).
Lazy translations are stored as the text of the language active when stored."""

import math
from datetime import date, datetime
from decimal import Decimal

from ataskaitos.document import Chart, Column, Section, Table

__all__ = ["from_json", "to_json"]

NUMERIC = {"int", "decimal", "number"}


# --- single values -------------------------------------------------------------------------

def _value(value):
    """A fact's or a chart's value as JSON, keeping its type."""
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"float": str(value)}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    return str(value)


def _load_value(value):
    if not isinstance(value, dict):
        return value
    ((kind, text),) = value.items()
    return {"decimal": Decimal, "float": float, "date": date.fromisoformat,
            "datetime": datetime.fromisoformat}[kind](text)


def _cell(value, column: Column):
    if value is None:
        return None
    if column.kind in NUMERIC:
        return str(value)
    if column.kind == "date":
        return value.isoformat() if value else None     # shown "–" either way
    return str(value)


def _load_cell(value, column: Column):
    if value is None:
        return None
    if column.kind in NUMERIC:
        return Decimal(value)
    if column.kind == "date":
        return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    return value


# --- the parts of a section ---------------------------------------------------------------

def _column(column: Column) -> dict:
    return {"label": str(column.label), "kind": column.kind, "decimals": column.decimals,
            "xlsx_format": column.xlsx_format, "narrow": column.narrow}


def _table(table: Table) -> dict:
    return {"title": str(table.title), "columns": [_column(c) for c in table.columns],
            "rows": [[_cell(v, c) for v, c in zip(row, table.columns, strict=False)]
                     for row in table.rows],
            "sheet": str(table.sheet), "number": table.number, "source": str(table.source),
            "paper": table.paper}


def _load_table(data: dict) -> Table:
    columns = [Column(**column) for column in data["columns"]]
    return Table(title=data["title"], columns=columns,
                 rows=[[_load_cell(v, c) for v, c in zip(row, columns, strict=False)]
                       for row in data["rows"]],
                 sheet=data.get("sheet", ""), number=data.get("number"),
                 source=data.get("source", ""), paper=data.get("paper", True))


def _chart(chart: Chart) -> dict:
    return {"title": str(chart.title), "categories": [_value(c) for c in chart.categories],
            "series": [[str(label), [_value(v) for v in values]]
                       for label, values in chart.series],
            "kind": chart.kind, "unit": str(chart.unit), "number": chart.number,
            "source": str(chart.source)}


def _load_chart(data: dict) -> Chart:
    return Chart(title=data["title"], categories=[_load_value(c) for c in data["categories"]],
                 series=[(label, [_load_value(v) for v in values])
                         for label, values in data["series"]],
                 kind=data.get("kind", "line"), unit=data.get("unit", ""),
                 number=data.get("number"), source=data.get("source", ""))


def _section(section: Section) -> dict:
    return {"heading": str(section.heading),
            "paragraphs": [str(p) for p in section.paragraphs],
            "facts": [[str(label), _value(value)] for label, value in section.facts],
            "tables": [_table(t) for t in section.tables],
            "charts": [_chart(c) for c in section.charts],
            "level": section.level, "key": section.key, "numbered": section.numbered}


def _load_section(data: dict) -> Section:
    return Section(heading=data["heading"], paragraphs=list(data.get("paragraphs", [])),
                   facts=[(label, _load_value(value)) for label, value in data.get("facts", [])],
                   tables=[_load_table(t) for t in data.get("tables", [])],
                   charts=[_load_chart(c) for c in data.get("charts", [])],
                   level=data.get("level", 1), key=data.get("key", ""),
                   numbered=data.get("numbered", True))


# --- sections --------------------------------------------------------------------------------

def to_json(sections: list[Section]) -> list[dict]:
    """``sections`` as JSON-serialisable data (lists, dicts, strings, numbers, None)."""
    return [_section(section) for section in sections]


def from_json(data: list[dict]) -> list[Section]:
    """The sections ``to_json`` stored, with their values typed back."""
    return [_load_section(section) for section in data]
