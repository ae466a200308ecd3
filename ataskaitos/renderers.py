"""Document → PDF (WeasyPrint), XLSX (openpyxl), DOCX (python-docx).

WeasyPrint fetches nothing the portal did not put there: the URL fetcher serves only the
portal's own static files and ``data:`` URLs (no network, no file://, no redirects), and
every refusal is logged. Narrative text is Markdown rendered without raw HTML and cleaned.
"""

import io
import logging
import mimetypes
from decimal import Decimal

import nh3
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import formats
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

from ataskaitos.document import Document
from portalas.numbers import rounded

logger = logging.getLogger("regionas.documents")
NUMERIC = {"int", "decimal", "number"}
_markdown = MarkdownIt("commonmark", {"html": False}).enable("table")
MAX_TABLE_ROWS = 20_000


def markdown(text: str) -> str:
    return nh3.clean(_markdown.render(text or ""), tags={"p", "em", "strong", "ul", "ol",
                                                          "li", "h3", "h4", "table",
                                                          "thead", "tbody", "tr", "th", "td",
                                                          "br", "blockquote", "code"},
                     attributes={}, url_schemes=set())


def display(value, column) -> str:
    """A cell as the screen shows it: Lithuanian grouping, half-up to the decimals."""
    if value is None:
        return "–"
    if column.kind == "number":  # the decimals the value carries (at most two): 16,0 stays
        value = Decimal(str(value))
        places = min(2, max(0, -value.as_tuple().exponent))
        return formats.number_format(rounded(value, places), decimal_pos=places,
                                     use_l10n=True, force_grouping=True)
    if column.kind in {"int", "decimal"}:
        return formats.number_format(rounded(value, column.decimals),
                                     decimal_pos=column.decimals, use_l10n=True,
                                     force_grouping=True)
    if column.kind == "date":
        return value.isoformat() if value else "–"
    return str(value)


# --- PDF ------------------------------------------------------------------------------------------

class FetchRefused(Exception):
    pass


def _fetch(url: str) -> tuple[bytes, str]:
    """The bytes and type for an allowed URL; FetchRefused for anything else."""
    import base64
    from urllib.parse import unquote_to_bytes

    if url.startswith("data:"):
        header, _sep, payload = url[5:].partition(",")
        mime = header.split(";")[0] or "text/plain"
        data = base64.b64decode(payload) if header.endswith(";base64") else \
            unquote_to_bytes(payload)
        return data, mime
    prefix = "portal-static:/"
    if url.startswith(prefix):
        relative = url[len(prefix):].split("?")[0].lstrip("/")
        if ".." not in relative.split("/"):
            path = finders.find(relative)
            if path:
                mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
                with open(path, "rb") as handle:
                    return handle.read(), mime
    logger.warning("PDF renderer refused to fetch %s", url[:200])
    raise FetchRefused(url[:200])


def _portal_fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PortalFetcher(URLFetcher):
        """No network, no files, no redirects: the portal's static files and data: only."""

        def __init__(self):
            super().__init__(allowed_protocols={"data", "portal-static"},
                             allow_redirects=False)

        def fetch(self, url, headers=None):
            data, mime = _fetch(url)
            return URLFetcherResponse(url, body=data, headers={"Content-Type": mime})

    return PortalFetcher()


def url_fetcher(url: str):
    """For tests and callers: the allowed bytes for ``url``."""
    return _fetch(url)


def render_pdf(document: Document) -> bytes:
    from weasyprint import HTML

    sections = _html_sections(document)
    html = render_to_string("ataskaitos/document.html", {
        "document": document, "sections": sections,
        "toc": len(sections) >= TOC_FROM_SECTIONS})
    return HTML(string=html, base_url="portal-static:/", url_fetcher=_portal_fetcher()).write_pdf()


TOC_FROM_SECTIONS = 4


def _html_sections(document: Document) -> list[dict]:
    from django.utils.safestring import mark_safe

    from ataskaitos.charts import svg

    out = []
    for number, section in enumerate(document.sections, start=1):
        out.append({
            "anchor": f"s{number}",
            "charts": [mark_safe(svg(chart)) for chart in section.charts],  # noqa: S308 - built from escaped parts
            "heading": section.heading,
            "paragraphs": [markdown(p) for p in section.paragraphs],
            "facts": [(label, value) for label, value in section.facts],
            "tables": [{"title": t.title, "columns": t.columns,
                        "rows": [[(display(v, c), "num" if c.kind in NUMERIC else c.kind)
                                  for v, c in zip(row, t.columns, strict=False)]
                                 for row in t.rows[:MAX_TABLE_ROWS]],
                        "truncated": len(t.rows) > MAX_TABLE_ROWS}
                       for t in section.tables],
        })
    return out


# --- XLSX -----------------------------------------------------------------------------------------

def render_xlsx(document: Document) -> bytes:
    """One sheet per table (a sheet of facts first when there are any); numbers are typed
    numeric cells with a number format, text cells are strings neutralised against
    formulas."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from portalas.tables import _xlsx_value, sheet_title

    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()

    def new_sheet(name):
        title = sheet_title(name)
        base, n = title, 2
        while title.lower() in used:
            suffix = f" ({n})"
            title = base[:31 - len(suffix)] + suffix
            n += 1
        used.add(title.lower())
        return workbook.create_sheet(title)

    facts = [(s.heading, label, value) for s in document.sections for label, value in s.facts]
    if facts or not any(s.tables for s in document.sections):
        sheet = new_sheet(document.title)
        sheet.append([_xlsx_value(document.title)])
        sheet["A1"].font = Font(bold=True, size=13)
        if document.subtitle:
            sheet.append([_xlsx_value(document.subtitle)])
        for heading, label, value in facts:
            sheet.append([_xlsx_value(heading), _xlsx_value(label),
                          _xlsx_value(value if isinstance(value, (int, float, Decimal))
                                      else ("" if value is None else str(value)))])
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
        sheet.column_dimensions["A"].width = 28
        sheet.column_dimensions["B"].width = 40
        sheet.column_dimensions["C"].width = 40
    for section in document.sections:
        for chart in section.charts:
            _xlsx_chart(new_sheet(chart.title), chart)
        for table in section.tables:
            sheet = new_sheet(table.title or section.heading)
            sheet.append([_xlsx_value(c.label) for c in table.columns])
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            for row in table.rows:
                values = []
                for value, column in zip(row, table.columns, strict=False):
                    if column.kind in {"int", "decimal", "number"} and value is not None:
                        values.append(int(value) if column.kind == "int" else float(value))
                    elif column.kind == "date":
                        values.append(value)
                    else:
                        values.append(_xlsx_value("" if value is None else str(value)))
                sheet.append(values)
                for cell, column in zip(sheet[sheet.max_row], table.columns, strict=False):
                    if column.kind == "int":
                        cell.number_format = "#,##0"
                    elif column.kind == "decimal":
                        cell.number_format = "#,##0." + "0" * column.decimals if \
                            column.decimals else "#,##0"
                    elif column.kind == "number":
                        cell.number_format = "#,##0.##"
                    elif column.kind == "date":
                        cell.number_format = "yyyy-mm-dd"
                    elif isinstance(cell.value, str):
                        cell.data_type = "s"
            sheet.freeze_panes = "A2"
            sheet.auto_filter.ref = sheet.dimensions
            for index, column in enumerate(table.columns, start=1):
                wide = index == 1 and column.kind == "text"
                width = 44 if wide else max(12, len(column.label) + 2)
                sheet.column_dimensions[get_column_letter(index)].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_chart(sheet, chart) -> None:
    """The chart's data as a small table and a native Excel chart beside it."""
    from openpyxl.chart import BarChart, LineChart, Reference

    from portalas.tables import _xlsx_value

    sheet.append([_xlsx_value(chart.title)] + [_xlsx_value(label) for label, _v in chart.series])
    for i, category in enumerate(chart.categories):
        sheet.append([_xlsx_value(str(category))] +
                     [None if values[i] is None else float(values[i])
                      for _label, values in chart.series])
    native = BarChart() if chart.kind == "bar" else LineChart()
    native.title = chart.title
    native.y_axis.title = chart.unit or None
    rows = len(chart.categories) + 1
    native.add_data(Reference(sheet, min_col=2, max_col=1 + len(chart.series), min_row=1,
                              max_row=rows), titles_from_data=True)
    native.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=rows))
    native.width, native.height = 18, 9
    sheet.add_chart(native, "E2")


# --- DOCX -----------------------------------------------------------------------------------------

def render_docx(document: Document) -> bytes:
    """Real heading styles, tables with the screen's number format; editable in Word or
    LibreOffice."""
    import re

    from docx import Document as Word
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from portalas.tables import ILLEGAL_XML

    def clean(text) -> str:
        return ILLEGAL_XML.sub("", str(text))

    from docx.shared import Cm

    from ataskaitos.charts import png

    word = Word()
    word.add_heading(clean(document.title), level=0)
    if document.subtitle:
        word.add_paragraph(clean(document.subtitle))
    if len(document.sections) >= TOC_FROM_SECTIONS:
        _docx_toc(word)
    for section in document.sections:
        word.add_heading(clean(section.heading), level=1)
        for chart in section.charts:
            word.add_picture(io.BytesIO(png(chart)), width=Cm(16))
        for paragraph in section.paragraphs:
            for block in (paragraph or "").split("\n\n"):
                text = re.sub(r"[*_`#>]", "", block).strip()
                if text:
                    word.add_paragraph(clean(text))
        if section.facts:
            table = word.add_table(rows=0, cols=2)
            table.style = "Light List Accent 1"
            for label, value in section.facts:
                cells = table.add_row().cells
                cells[0].text = clean(label)
                cells[1].text = clean("–" if value in (None, "") else value)
        for data in section.tables:
            if data.title:
                word.add_heading(clean(data.title), level=2)
            table = word.add_table(rows=1, cols=len(data.columns))
            table.style = "Light Grid Accent 1"
            for cell, column in zip(table.rows[0].cells, data.columns, strict=False):
                cell.text = clean(column.label)
            for row in data.rows[:MAX_TABLE_ROWS]:
                cells = table.add_row().cells
                for cell, value, column in zip(cells, row, data.columns, strict=False):
                    cell.text = clean(display(value, column))
                    if column.kind in {"int", "decimal", "number"}:
                        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _docx_toc(word) -> None:
    """A Word table-of-contents field; Word and LibreOffice fill it in when updating fields."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    word.add_heading(_("Contents"), level=1)
    paragraph = word.add_paragraph()
    begin, instruction, separate, end = (OxmlElement("w:fldChar"), OxmlElement("w:instrText"),
                                         OxmlElement("w:fldChar"), OxmlElement("w:fldChar"))
    begin.set(qn("w:fldCharType"), "begin")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = 'TOC \\o "1-2" \\h \\z \\u'
    separate.set(qn("w:fldCharType"), "separate")
    end.set(qn("w:fldCharType"), "end")
    run = paragraph.add_run()
    for element in (begin, instruction, separate):
        run._r.append(element)
    paragraph.add_run(_("Update the fields to see the table of contents."))
    paragraph.add_run()._r.append(end)


RENDERERS = {"pdf": render_pdf, "xlsx": render_xlsx, "docx": render_docx}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "csv": "text/csv; charset=utf-8",
    "zip": "application/zip",
}


def render(result, format: str) -> bytes:
    """Bytes of a builder's result in ``format``: a Document (PDF, XLSX, DOCX), Rows (XLSX,
    CSV; PDF and DOCX as a one-table document) or Files (ZIP)."""
    import io
    import zipfile

    from ataskaitos.document import Files, Rows
    from portalas.tables import write_csv, write_xlsx

    if isinstance(result, Files):
        if format != "zip":
            raise ValueError(f"files render only as zip, not {format}")
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in result.files.items():
                archive.writestr(name, data)
        return out.getvalue()
    if isinstance(result, Rows):
        if format == "csv":
            return write_csv(result.header, result.rows)
        if format == "xlsx":
            return write_xlsx(result.title, result.header, result.rows)
        result = result.as_document()
    if format not in RENDERERS:
        raise ValueError(f"a document renders as pdf, xlsx or docx, not {format}")
    return RENDERERS[format](result)
