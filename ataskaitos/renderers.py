"""Document → PDF (WeasyPrint), XLSX (openpyxl), DOCX (python-docx).

WeasyPrint fetches nothing the portal did not put there: the URL fetcher serves only the
portal's own static files and ``data:`` URLs (no network, no file://, no redirects), and
every refusal is logged. Narrative text is Markdown rendered without raw HTML and cleaned.
"""

import io
import logging
import mimetypes
import re
from decimal import Decimal

import nh3
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import formats
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

from ataskaitos.document import Column, Document, figure_caption, source_line, table_caption
from portalas.numbers import rounded
from portalas.tables import number_format

logger = logging.getLogger("regionas.documents")
NUMERIC = {"int", "decimal", "number"}
_markdown = MarkdownIt("commonmark", {"html": False}).enable("table")
MAX_TABLE_ROWS = 20_000


def markdown(text: str) -> str:
    html = _markdown.render(text or "")
    # The chapter is the document's heading: the narrative's own headings (# to ###) sit
    # under it, as in the DOCX.
    html = re.sub(r"<(/?)h[12]>", r"<\1h3>", html)
    return nh3.clean(html, tags={"p", "em", "strong", "ul", "ol", "li", "h3", "h4", "table",
                                 "thead", "tbody", "tr", "th", "td", "br", "blockquote",
                                 "code", "pre"},
                     attributes={"ol": {"start"}}, url_schemes=set())


def places(value, column) -> int:
    """The decimals a numeric cell is shown with: a count none, ``decimal`` its column's,
    ``number`` those the value carries (at most two; storage zeros, as in 46344.000000,
    are not decimals: 16,0 stays, 46 344,00 does not appear)."""
    if column.kind == "int":
        return 0
    if column.kind == "decimal":
        return column.decimals
    exponent = Decimal(str(value)).as_tuple().exponent
    if isinstance(exponent, int) and -exponent > 2:
        exponent = Decimal(str(value)).normalize().as_tuple().exponent
    return min(2, max(0, -exponent)) if isinstance(exponent, int) else 0


def display(value, column) -> str:
    """A cell as the screen shows it: Lithuanian grouping, half-up to the decimals."""
    if value is None:
        return "–"
    if column.kind in NUMERIC:
        shown = places(value, column)
        return formats.number_format(rounded(value, shown), decimal_pos=shown, use_l10n=True,
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

    if getattr(document, "template", ""):
        # a document with its own printed layout (a letter, a visit report): the same text
        # as its sections, which the DOCX and the tests read
        html = render_to_string(document.template, {"document": document,
                                                     **getattr(document, "context", {})})
    else:
        sections = _html_sections(document)
        html = render_to_string("ataskaitos/document.html", {
            "document": document, "sections": sections,
            "organisation": getattr(document, "organisation", ""),
            "numbered": getattr(document, "numbered", False),
            "toc": len(sections) >= TOC_FROM_SECTIONS})
    return HTML(string=html, base_url="portal-static:/", url_fetcher=_portal_fetcher()).write_pdf()


TOC_FROM_SECTIONS = 4


def _heading_numbers(document) -> list[str]:
    """The sections' numbers ("1.", "1.1."), or "" each for a document not numbered (or a
    document-like result without numbering)."""
    if not getattr(document, "numbered", False):
        return [""] * len(document.sections)
    return document.heading_numbers()


def _html_sections(document: Document) -> list[dict]:
    from django.utils.safestring import mark_safe

    from ataskaitos.charts import svg

    out = []
    numbers = _heading_numbers(document)
    for number, section in enumerate(document.sections, start=1):
        out.append({
            "anchor": f"s{number}",
            "level": section.level,
            "number": numbers[number - 1],
            "numbered": bool(numbers[number - 1]),
            "charts": [{"svg": mark_safe(svg(chart)),  # noqa: S308 - built from escaped parts
                        "caption": figure_caption(chart) if chart.number is not None else "",
                        "source": source_line(chart.source)} for chart in section.charts],
            "heading": section.heading,
            "paragraphs": [markdown(p) for p in section.paragraphs],
            "facts": [(label, value) for label, value in section.facts],
            "tables": [{"title": table_caption(t), "source": source_line(t.source),
                        "columns": t.columns, **_html_layout(t),
                        "rows": [[(display(v, c), "num" if c.kind in NUMERIC else c.kind)
                                  for v, c in zip(row, t.columns, strict=False)]
                                 for row in t.rows[:MAX_TABLE_ROWS]],
                        "truncated": len(t.rows) > MAX_TABLE_ROWS}
                       for t in section.tables if t.paper],
        })
    return out


def _html_layout(table) -> dict:
    """CSS classes of a table and its header cells: small type for many columns, a short
    table not stretched across the page, names wide enough for "Klaipėdos miesto
    savivaldybė" and numbers narrow where a table has two columns of names."""
    count = len(table.columns)
    texts = sum(1 for c in table.columns if c.kind not in NUMERIC)
    css = "wide" if count > 5 else "narrow" if count < 3 else ""
    header = []
    for index, column in enumerate(table.columns):
        if column.narrow:
            header.append((column.label, "tight num" if column.kind in NUMERIC else "tight"))
        elif column.kind in NUMERIC:
            header.append((column.label, "num slim" if texts > 1 and count <= 5 else "num"))
        # (several columns of names share what the slim numbers leave)
        elif count > 3 and index == 0 and texts == 1:
            header.append((column.label, "label"))
        else:
            header.append((column.label, ""))
    return {"css": css, "header": header}


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
        """A sheet named after a table: cut at a word boundary, unique in the workbook."""
        return workbook.create_sheet(sheet_title(name, used))

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
        for table in section.tables:       # a table before its chart takes the plain name
            sheet = new_sheet(table.sheet or table.title or section.heading)
            sheet.append([_xlsx_value(c.label) for c in table.columns])
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            for row in table.rows:
                values = []
                shown = []
                for value, column in zip(row, table.columns, strict=False):
                    if column.kind in NUMERIC and value is not None:
                        decimals = places(value, column)
                        shown.append(decimals)
                        values.append(int(rounded(value, 0)) if decimals == 0
                                      else float(rounded(value, decimals)))
                    elif column.kind == "date":
                        shown.append(None)
                        values.append(value)
                    else:
                        shown.append(None)
                        values.append(_xlsx_value("" if value is None else str(value)))
                sheet.append(values)
                # the row just written, cell by cell (``sheet[sheet.max_row]`` scans every
                # cell of the sheet: quadratic on a long table)
                written = [sheet.cell(sheet._current_row, index)
                           for index in range(1, len(values) + 1)]
                for cell, column, decimals in zip(written, table.columns, shown,
                                                  strict=False):
                    if column.kind in NUMERIC:
                        cell.number_format = (column.xlsx_format
                                              or number_format(decimals or 0))
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
            if table.source:
                sheet.append([])
                sheet.append([_xlsx_value(source_line(table.source))])
                sheet.cell(sheet._current_row, 1).font = Font(italic=True)
        for chart in section.charts:
            _xlsx_chart(new_sheet(chart.title), chart)
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
        for cell in (sheet.cell(sheet._current_row, index)
                     for index in range(2, len(chart.series) + 2)):
            if cell.value is not None:     # as the chart labels it: whole, or one decimal
                value = Decimal(str(cell.value))
                whole = value == value.to_integral_value() or abs(value) >= 100
                cell.number_format = number_format(0 if whole else 1)
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
    """Real heading styles, the narrative's Markdown as Word paragraphs, lists (List Bullet,
    List Number) and headings, a table of contents written out (no field to update, no
    office program needed), tables with the screen's number format; editable in Word or
    LibreOffice."""
    from docx import Document as Word
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    from ataskaitos import docx_headings
    from ataskaitos.charts import png

    word = Word()
    page = word.sections[0]             # A4, as Lithuanian offices print
    page.page_width, page.page_height = Cm(21), Cm(29.7)
    page.left_margin = page.right_margin = Cm(2)
    page.top_margin = page.bottom_margin = Cm(2)
    if document.title_page:
        docx_headings.title_page(word, organisation=_clean(
            getattr(document, "organisation", "") or _("Regional Libraries Strategic "
                                                      "Development Department")),
            title=_clean(document.title), subtitle=_clean(document.subtitle))
    else:
        if getattr(document, "organisation", ""):
            word.add_paragraph(_clean(document.organisation))
        word.add_heading(_clean(document.title), level=0)
        if document.subtitle:
            word.add_paragraph(_clean(document.subtitle), style="Subtitle")
    numbers = _heading_numbers(document)
    toc = len(document.sections) >= TOC_FROM_SECTIONS
    if toc:
        _docx_toc(word, [(f"{number} {section.heading}".strip(), section.level)
                         for number, section in zip(numbers, document.sections, strict=True)])
    numbered = []          # the section headings the numbering counts
    for number, section in enumerate(document.sections, start=1):
        heading = word.add_heading(_clean(section.heading), level=min(section.level, 3))
        if numbers[number - 1]:
            numbered.append(heading)
        if toc:
            _docx_bookmark(heading, number)
        for paragraph in section.paragraphs:
            _docx_markdown(word, paragraph)
        if section.facts:
            table = word.add_table(rows=0, cols=2)
            table.style = "Light List Accent 1"
            _docx_no_header_row(table)      # label → value: no row is a header
            for label, value in section.facts:
                cells = table.add_row().cells
                cells[0].text = _clean(label)
                cells[1].text = _clean("–" if value in (None, "") else value)
            _docx_widths(table, [Column(""), Column("")], first=6.0)
        for data in section.tables:
            if not data.paper:
                continue
            if data.number is not None:
                word.add_paragraph(_clean(table_caption(data)), style="Caption")
            elif data.title:
                word.add_heading(_clean(data.title), level=min(section.level + 1, 3))
            table = word.add_table(rows=1, cols=len(data.columns))
            table.style = "Light Grid Accent 1"
            size = Pt(8) if len(data.columns) > 5 else Pt(9.5)   # as the PDF's tables
            for cell, column in zip(table.rows[0].cells, data.columns, strict=False):
                cell.paragraphs[0].add_run(_clean(column.label)).font.size = size
            for row in data.rows[:MAX_TABLE_ROWS]:
                cells = table.add_row().cells
                for cell, value, column in zip(cells, row, data.columns, strict=False):
                    paragraph = cell.paragraphs[0]
                    paragraph.add_run(_clean(display(value, column))).font.size = size
                    if column.kind in NUMERIC:
                        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _docx_widths(table, data.columns)
            if len(data.rows) > MAX_TABLE_ROWS:
                word.add_paragraph(_("The table is cut here; the XLSX has every row."))
            if data.source:
                _docx_source(word, data.source)
        for chart in section.charts:
            word.add_picture(io.BytesIO(png(chart)), width=Cm(16))
            if chart.number is not None:
                word.add_paragraph(_clean(figure_caption(chart)), style="Caption")
            if chart.source:
                _docx_source(word, chart.source)
    if getattr(document, "numbered", False):
        docx_headings.number_headings(word, numbered)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _docx_source(word, source: str) -> None:
    """ "Šaltinis: …" under a table or figure, small and grey as the PDF's."""
    from docx.shared import Pt, RGBColor

    run = word.add_paragraph().add_run(_clean(source_line(source)))
    run.font.size = Pt(8)
    run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)


DOCX_TEXT_WIDTH = 17.0     # cm between the margins of an A4 page
DOCX_NARROW = 1.8          # cm: a column declared narrow (a number such as "1.2.3")


def _docx_no_header_row(table) -> None:
    from docx.oxml.ns import qn

    look = table._tbl.tblPr.find(qn("w:tblLook"))
    if look is not None:
        look.set(qn("w:firstRow"), "0")
        look.set(qn("w:val"), "0480")


def _docx_widths(table, columns, *, first: float | None = None) -> None:
    """Fixed column widths: a column of names wide enough for "Klaipėdos miesto
    savivaldybė", numbers sharing the rest (as the PDF lays them out)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    count = len(columns)
    if not count:
        return
    texts = [i for i, c in enumerate(columns) if c.kind not in NUMERIC]
    widths = [DOCX_TEXT_WIDTH / count] * count
    narrow = [i for i, c in enumerate(columns) if getattr(c, "narrow", False)]
    if narrow and len(narrow) < count:      # slim columns first, the rest share the page
        rest = (DOCX_TEXT_WIDTH - DOCX_NARROW * len(narrow)) / (count - len(narrow))
        widths = [DOCX_NARROW if i in narrow else rest for i in range(count)]
    elif first is not None:
        widths = [first] + [(DOCX_TEXT_WIDTH - first) / (count - 1)] * (count - 1)
    elif count > 2 and texts == [0]:
        first = 4.2 if count > 5 else 6.0
        widths = [first] + [(DOCX_TEXT_WIDTH - first) / (count - 1)] * (count - 1)
    elif count > 2 and len(texts) > 1 and len(texts) < count:
        number = 2.4
        text = (DOCX_TEXT_WIDTH - number * (count - len(texts))) / len(texts)
        widths = [text if i in texts else number for i in range(count)]
    table.autofit = False
    properties = table._tbl.tblPr
    layout = properties.find(qn("w:tblLayout"))
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        properties.append(layout)
    layout.set(qn("w:type"), "fixed")
    for grid, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=False):
        grid.w = Cm(width)
    for cell, width in zip(table.rows[0].cells, widths, strict=False):
        cell.width = Cm(width)


def _clean(text) -> str:
    from portalas.tables import ILLEGAL_XML

    return ILLEGAL_XML.sub("", str(text))


def _docx_toc(word, headings) -> None:
    """The contents as written text: each chapter's heading (with its number), linked to
    the chapter; nothing for Word or LibreOffice to fill in."""
    from docx.enum.text import WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    word.add_paragraph(_("Contents"), style="TOC Heading")
    for number, (heading, level) in enumerate(headings, start=1):
        paragraph = word.add_paragraph()
        paragraph.paragraph_format.left_indent = Cm(0.8 * (level - 1))
        paragraph.paragraph_format.space_after = Cm(0.1)
        link = OxmlElement("w:hyperlink")
        link.set(qn("w:anchor"), f"s{number}")
        link.set(qn("w:history"), "1")
        run, text = OxmlElement("w:r"), OxmlElement("w:t")
        text.set(qn("xml:space"), "preserve")
        text.text = _clean(heading)
        run.append(text)
        link.append(run)
        paragraph._p.append(link)
    word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _docx_bookmark(paragraph, number: int) -> None:
    """The bookmark a contents entry links to."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), f"s{number}")
    end.set(qn("w:id"), str(number))
    element = paragraph._p
    element.insert(1 if element.pPr is not None else 0, start)
    element.append(end)


def _docx_markdown(word, text: str) -> None:
    """The department's Markdown as Word content: paragraphs with bold, italic and code
    runs, headings (# to ### under the chapter: Heading 3; #### and below: Heading 4),
    bullet and numbered lists in Word's list styles (nested to three levels, each numbered
    list counting from its own start), quotes and tables."""
    lists: list[dict] = []
    quotes = 0
    block: tuple = ("paragraph",)
    rows: list | None = None
    for token in _markdown.parse(text or ""):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            ordered = kind == "ordered_list_open"
            depth = min(len(lists) + 1, 3)
            style = ("List Number" if ordered else "List Bullet") + \
                ("" if depth == 1 else f" {depth}")
            start = int(token.attrGet("start") or 1) if ordered else None
            lists.append({"style": style, "depth": depth, "item": False,
                          "numbering": _docx_numbering(word, style, start) if ordered
                          else None})
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            lists[-1]["item"] = True
        elif kind == "blockquote_open":
            quotes += 1
        elif kind == "blockquote_close":
            quotes -= 1
        elif kind == "heading_open":
            block = ("heading", 3 if token.tag in ("h1", "h2", "h3") else 4)
        elif kind == "paragraph_open":
            block = ("paragraph",)
        elif kind == "table_open":
            rows = []
        elif kind == "tr_open" and rows is not None:
            rows.append([])
        elif kind in ("th_open", "td_open"):
            block = ("cell", kind == "th_open")
        elif kind == "table_close" and rows is not None:
            _docx_markdown_table(word, rows)
            rows, block = None, ("paragraph",)
        elif kind == "inline":
            if block[0] == "cell" and rows:
                rows[-1].append((token.children or [], block[1]))
            elif block[0] == "heading":
                _docx_runs(word.add_heading("", level=block[1]), token.children or [])
            else:
                _docx_runs(_docx_paragraph(word, lists, quotes), token.children or [])
        elif kind in ("fence", "code_block"):
            paragraph = _docx_paragraph(word, lists, quotes)
            for index, line in enumerate(token.content.rstrip("\n").split("\n")):
                run = paragraph.add_run(_clean(line))
                run.font.name = "Courier New"
                if index:
                    run._r.addprevious(_docx_break())


def _docx_paragraph(word, lists, quotes):
    """A new paragraph in the style of where it stands: a list item's first paragraph in
    the list's style, a later one continued under it, a quote, or body text."""
    if lists:
        current = lists[-1]
        if current["item"]:
            current["item"] = False
            paragraph = word.add_paragraph(style=current["style"])
            if current["numbering"] is not None:
                numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
                numbering.get_or_add_ilvl().val = 0
                numbering.get_or_add_numId().val = current["numbering"]
            return paragraph
        depth = current["depth"]
        return word.add_paragraph(style="List Continue" + ("" if depth == 1 else f" {depth}"))
    return word.add_paragraph(style="Quote" if quotes else None)


def _docx_numbering(word, style: str, start: int) -> int:
    """A numbering of its own for one numbered list (so the next list starts again at its
    own first number), in the format of ``style``."""
    numbering = word.part.numbering_part.element
    style_num = word.styles[style].element.pPr.numPr.numId.val
    abstract = numbering.num_having_numId(style_num).abstractNumId.val
    num = numbering.add_num(abstract)
    num.add_lvlOverride(ilvl=0).add_startOverride(max(0, start))
    return num.numId


def _docx_break():
    from docx.oxml import OxmlElement

    run = OxmlElement("w:r")
    run.append(OxmlElement("w:br"))
    return run


def _docx_runs(paragraph, children) -> None:
    """Inline Markdown as runs: **bold**, *italic*, `code`, line breaks; a link or image
    as its text only."""
    bold = italic = 0
    for child in children:
        kind = child.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind in ("text", "code_inline", "softbreak", "image"):
            content = " " if kind == "softbreak" else child.content
            if not content:
                continue
            run = paragraph.add_run(_clean(content))
            run.bold = bool(bold) or None
            run.italic = bool(italic) or None
            if kind == "code_inline":
                run.font.name = "Courier New"
        elif kind == "hardbreak":
            paragraph.add_run().add_break()


def _docx_markdown_table(word, rows) -> None:
    if not rows or not rows[0]:
        return
    width = max(len(row) for row in rows)
    table = word.add_table(rows=0, cols=width)
    table.style = "Light Grid Accent 1"
    for row in rows:
        cells = table.add_row().cells
        for cell, (children, header) in zip(cells, row, strict=False):
            _docx_runs(cell.paragraphs[0], children)
            if header:
                for run in cell.paragraphs[0].runs:
                    run.bold = True


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
    own = getattr(result, f"render_{format}", None)
    if callable(own):       # a result that writes its own file (a streamed 20,000-row sheet)
        return own()
    if isinstance(result, Rows):
        if format == "csv":
            return write_csv(result.header, result.rows)
        if format == "xlsx":
            return write_xlsx(result.title, result.header, result.rows)
        result = result.as_document()
    if format not in RENDERERS:
        raise ValueError(f"a document renders as pdf, xlsx or docx, not {format}")
    return RENDERERS[format](result)
