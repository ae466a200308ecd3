"""The year's file plan as a document (report kind ``archyvas.file_plan``, PDF and DOCX)
through the report engine, in the usual layout of a Lithuanian *dokumentacijos planas*
(the department's section, to merge into the Library's plan): the approval mark at the
top right ("PATVIRTINTA", the approving document, the date) or "PROJEKTAS" for a draft;
the Library and the unit; "DOKUMENTACIJOS PLANAS <year> m."; the table — Bylos indeksas,
Bylos antraštė, Saugojimo terminas ir jo nustatymo nuoroda ("10 m. BDSTR 1.5 p.",
"Nuolat BDSTR 1.1 p."), Pastabos (the note and the responsible person) — with the unit's
row first; and the closing count of files by retention class.

The plan is an official record kept in the state language whatever the reader's
interface language: its fixed words (``LT``) are Lithuanian text, not interface strings.
Staff and management only (``staff_only``); the parameter is the plan's year, among the
plans the user sees (another year is an invalid form, which the engine answers with 404).
``inputs`` changes whenever anything the plan shows changes."""

import hashlib
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy

from archyvas.models import FilePlan, PlanStatus, RetentionClass
from ataskaitos.document import Column, Document, Section, Table
from bibliotekos.selectors import letterhead
from portalas.forms import ReportParamsForm, ScopedChoiceField
from portalas.registry import report_kind

__all__ = ["LT", "FilePlanParams", "PlanDocument", "plan_document", "plan_rows"]

PDF_TEMPLATE = "archyvas/plan_document_pdf.html"

#: The plan's fixed words: Lithuanian, the official record's language.
LT = {
    "approved": "PATVIRTINTA",
    "draft": "PROJEKTAS",
    "title": "DOKUMENTACIJOS PLANAS",
    "year": "m.",
    "index": "Bylos indeksas",
    "file_title": "Bylos antraštė",
    "retention": "Saugojimo terminas ir jo nustatymo nuoroda",
    "notes": "Pastabos",
    "permanent": "Nuolat",
    "years": "m.",
    "item": "p.",
    "responsible": "Atsakingas(-a)",
    "total": "Iš viso bylų",
    "of_which": "iš jų",
    f"class:{RetentionClass.PERMANENT.value}": "nuolat saugomų",
    f"class:{RetentionClass.LONG.value}": "ilgai saugomų",
    f"class:{RetentionClass.TEMPORARY.value}": "laikinai saugomų",
    "none": "Plane bylų nėra.",
}


class PlanChoiceField(ScopedChoiceField):
    def label_from_instance(self, obj):
        return str(obj.year)


class FilePlanParams(ReportParamsForm):
    """The plan of a year the user sees."""

    year = PlanChoiceField(FilePlan, to_field_name="year", label=gettext_lazy("Year"))


def act_short(act: str) -> str:
    """How the plan cites an act: "BDSTR" for "BDSTR (V-100, 2011), 2024 m. redakcija"."""
    return act.split("(")[0].split(",")[0].strip() or act


def retention_text(plan_file) -> str:
    """"10 m. BDSTR 1.5 p." / "Nuolat BDSTR 1.1 p." (without an item: the period only)."""
    text = LT["permanent"] if plan_file.permanent else \
        f"{plan_file.retention_years} {LT['years']}"
    item = plan_file.bdstr_item
    if item is not None:
        text += f" {act_short(item.act)} {item.code} {LT['item']}"
    return text


def notes_text(plan_file) -> str:
    lines = [plan_file.note] if plan_file.note else []
    person = plan_file.responsible
    if person is not None:
        lines.append(f"{LT['responsible']} – {person.full_name or person.email}")
    return "\n".join(lines)


def plan_rows(plan: FilePlan) -> list[list[str]]:
    files = plan.files.select_related("bdstr_item", "responsible").order_by(
        "position", "index", "pk")
    return [[f.index, f.title, retention_text(f), notes_text(f)] for f in files]


def approval_lines(plan: FilePlan) -> list[str]:
    """The mark at the top right: the approval, or "PROJEKTAS" for a draft."""
    if plan.status == PlanStatus.DRAFT or plan.approved_on is None:
        return [LT["draft"]]
    lines = [LT["approved"]]
    reference = plan.approval_reference.strip()
    day = plan.approved_on.isoformat()
    if reference:
        lines.append(reference)
    if day not in reference:
        lines.append(day)
    return lines


def closing_line(plan: FilePlan) -> str:
    counts = dict.fromkeys(RetentionClass.values, 0)
    for plan_file in plan.files.only("permanent", "retention_years"):
        counts[plan_file.retention_class] += 1
    total = sum(counts.values())
    if not total:
        return LT["none"]
    parts = ", ".join(f"{LT['class:' + value]} – {counts[value]}"
                      for value in RetentionClass.values)
    return f"{LT['total']}: {total}, {LT['of_which']} {parts}."


@dataclass
class PlanDocument(Document):
    """The plan: the engine's sections, the PDF's own layout (``template`` with
    ``context``) and the Word file's (``render_docx``)."""

    template: str = ""
    context: dict = field(default_factory=dict)

    def render_docx(self) -> bytes:
        return render_plan_docx(self.context)


def plan_document(plan: FilePlan) -> PlanDocument:
    head = letterhead()
    unit = plan.unit_name or head["department"]
    heading = f"{LT['title']} {plan.year} {LT['year']}"
    rows = plan_rows(plan)
    columns = [Column(LT["index"]), Column(LT["file_title"]), Column(LT["retention"]),
               Column(LT["notes"])]
    marks = approval_lines(plan)
    closing = closing_line(plan)
    sections = [Section(heading=heading, paragraphs=[*marks, head["organisation"], unit],
                        tables=[Table(unit or heading, columns, rows)]),
                Section(heading="", paragraphs=[closing])]
    context = {"head": head, "unit": unit, "heading": heading, "marks": marks,
               "rows": rows, "closing": closing, "LT": LT, "plan": plan}
    return PlanDocument(title=heading, subtitle=unit, sections=sections,
                        filename=f"dokumentacijos-planas-{plan.year}", template=PDF_TEMPLATE,
                        context=context)


def render_plan_docx(context: dict) -> bytes:
    """The plan as a Word file in the same layout as the PDF (python-docx)."""
    from docx import Document as Word
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    word = Word()
    page = word.sections[0]
    page.page_width, page.page_height = Cm(21), Cm(29.7)
    page.left_margin, page.right_margin = Cm(3), Cm(1)
    page.top_margin = page.bottom_margin = Cm(2)
    normal = word.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)

    for line in context["marks"]:
        paragraph = word.add_paragraph(line)
        paragraph.paragraph_format.left_indent = Cm(10)
        paragraph.paragraph_format.space_after = Pt(0)
    word.add_paragraph("")

    def centred(text: str, *, bold: bool = False, after: int = 0):
        paragraph = word.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(text).bold = bold or None
        paragraph.paragraph_format.space_after = Pt(after)

    centred(context["head"]["organisation"].upper(), bold=True)
    if context["unit"]:
        centred(context["unit"])
    centred("")
    centred(context["heading"], bold=True, after=12)
    labels = (LT["index"], LT["file_title"], LT["retention"], LT["notes"])
    widths = (Cm(2.2), Cm(8.3), Cm(3.5), Cm(3.0))
    table = word.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    flag = OxmlElement("w:tblHeader")       # the header row repeats on every page
    flag.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(flag)
    for cell, label, width in zip(header.cells, labels, widths, strict=True):
        cell.width = width
        run = cell.paragraphs[0].add_run(label)
        run.bold = True
        run.font.size = Pt(10)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if context["unit"]:
        merged = table.add_row().cells
        cell = merged[0].merge(merged[3])
        run = cell.paragraphs[0].add_run(context["unit"].upper())
        run.bold = True
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for row in context["rows"]:
        cells = table.add_row().cells
        for cell, value, width in zip(cells, row, widths, strict=True):
            cell.width = width
            lines = str(value).split("\n")
            cell.paragraphs[0].add_run(lines[0]).font.size = Pt(11)
            for line in lines[1:]:
                cell.add_paragraph().add_run(line).font.size = Pt(11)
    word.add_paragraph("")
    word.add_paragraph(context["closing"])
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _inputs(params) -> str:
    """Changes whenever the plan would: its header, approval and files, and the letterhead."""
    plan = params["year"]
    stored = FilePlan.objects.filter(pk=plan.pk).values_list(
        "status", "version", "unit_name", "approved_on", "approval_reference",
        "updated_at").first()
    files = list(plan.files.order_by("pk").values_list(
        "pk", "index", "title", "permanent", "retention_years", "note", "position",
        "bdstr_item__act", "bdstr_item__code", "responsible__full_name", "updated_at"))
    stamp = repr((stored, files, letterhead()))
    return hashlib.sha256(stamp.encode()).hexdigest()[:40]


@report_kind("archyvas.file_plan", label=gettext_lazy("File plan of a year"),
             form=FilePlanParams, output="document", formats=("pdf", "docx"),
             staff_only=True, inputs=_inputs,
             description=gettext_lazy("The department's file plan of a year in the usual "
                                      "layout (the approval mark, the files with their index, "
                                      "title, retention and its legal reference, the notes), "
                                      "to merge into the Library's plan."))
def file_plan_report(*, params, user, progress) -> Document:
    document = plan_document(params["year"])
    progress(50)
    return document
