"""A purchase's documents through the report engine, each as PDF and DOCX in the usual
layout of the Library's documents (its letterhead, as the other apps' documents have it):

- ``pirkimai.request`` — the purchase request (*pirkimo paraiška*): its number and date,
  the requester, the object, the CPV code, the need and its justification, the estimated
  value, what pays for it (a budget line, a project), and management's approval ("TVIRTINU"
  at the top right once approved, "PROJEKTAS" before);
- ``pirkimai.survey`` — the supplier survey report (*tiekėjų apklausos pažyma*): the
  purchase, how and when suppliers were asked, the criterion, a table of the suppliers and
  their offers, the supplier chosen and why, who did the survey.

Both are official records kept in the state language whatever the reader's interface
language: their fixed words (``LT``) are Lithuanian text, not interface strings. The
parameter is a purchase among those the user sees (a librarian's request is an invalid
form, answered with 404); ``inputs`` changes whenever anything a document shows changes.

Both are fileable for the archive: a request once submitted (on the purchase's page); the
survey once the supplier is chosen — filed from the chosen offer, listed on the purchase's
page (the archive files one document per object, so the survey has its own)."""

import hashlib
import io
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy

from ataskaitos.document import Column, Document, Section, Table
from bibliotekos.selectors import letterhead
from pirkimai import selectors_purchases as selectors
from pirkimai.models import (
    AskedHow,
    Criterion,
    FundingSource,
    Purchase,
    PurchaseKind,
    PurchaseStatus,
    SupplierOffer,
    SurveyMethod,
    may_prepare,
)
from portalas.forms import ReportParamsForm, ScopedChoiceField
from portalas.registry import FileableDocument, fileable_kind, report_kind

__all__ = ["LT", "PurchaseDocument", "describe_request", "describe_survey", "lt_money",
           "request_document", "survey_document"]

PDF_TEMPLATE = "pirkimai/purchase_document_pdf.html"
#: The Word table of offers: its columns' widths (cm) on the A4 page's 16.5 cm.
OFFER_WIDTHS = (1.0, 4.5, 2.6, 2.0, 2.1, 2.1, 2.2)
SIGNATURE = "_" * 22

#: The documents' fixed words: Lithuanian, the official records' language.
LT = {
    "request": "PIRKIMO PARAIŠKA",
    "survey": "TIEKĖJŲ APKLAUSOS PAŽYMA",
    "approve": "TVIRTINU",
    "draft": "PROJEKTAS",
    "number": "Nr.",
    "requester": "Pirkimo iniciatorius",
    "object": "Pirkimo objektas",
    "cpv": "BVPŽ kodas",
    "kind": "Pirkimo rūšis",
    "plan": "Pirkimų plano eilutė",
    "not_planned": "Pirkimų plane nenumatytas",
    "need": "Poreikis",
    "justification": "Pagrindimas",
    "value": "Numatoma pirkimo vertė be PVM",
    "needed_by": "Reikalinga iki",
    "funding": "Finansavimo šaltinis",
    "budget_line": "Biudžeto eilutė (programa, ekonominė klasifikacija)",
    "project": "Projektas",
    "project_line": "Projekto biudžeto eilutė",
    "status": "Paraiškos būsena",
    "approved": "Patvirtinta",
    "returned": "Grąžinta patikslinti",
    "prepared": "Paraišką parengė",
    "approver": "Vadovas",
    "request_ref": "Pirkimo paraiška",
    "method": "Apklausos būdas",
    "surveyed_on": "Apklausos data",
    "criterion": "Pasiūlymų vertinimo kriterijus",
    "suppliers": "Apklausti tiekėjai ir jų pasiūlymai",
    "row": "Eil. Nr.",
    "supplier": "Tiekėjas",
    "asked": "Kada ir kaip kreiptasi",
    "offered": "Pasiūlymas",
    "yes": "pateiktas",
    "no": "nepateiktas",
    "price": "Kaina be PVM, Eur",
    "price_vat": "Kaina su PVM, Eur",
    "note": "Pastabos",
    "chosen": "Pasirinktas tiekėjas",
    "chosen_price": "Pasiūlymo kaina",
    "reason": "Pasirinkimo priežastis",
    "surveyor": "Apklausą atliko",
    "code": "įm. k.",
    "without_vat": "be PVM",
    "with_vat": "su PVM",
    "signature": "(parašas)",
    "none": "–",
    "eur": "Eur",
}
KIND_LT = {PurchaseKind.GOODS: "Prekės", PurchaseKind.SERVICES: "Paslaugos",
           PurchaseKind.WORKS: "Darbai"}
FUNDING_LT = {FundingSource.STATE: "Valstybės biudžeto lėšos",
              FundingSource.MUNICIPAL: "Savivaldybės biudžeto lėšos",
              FundingSource.OWN: "Nuosavos (pajamų) lėšos",
              FundingSource.PROJECT: "Projekto lėšos", FundingSource.OTHER: "Kitos lėšos"}
METHOD_LT = {SurveyMethod.WRITTEN: "Raštu (el. paštu, CVP IS)",
             SurveyMethod.ORAL: "Žodžiu (telefonu, asmeniškai)",
             SurveyMethod.PUBLISHED: "Skelbiamos kainos (interneto svetainės, katalogai)"}
CRITERION_LT = {Criterion.PRICE: "Mažiausia kaina",
                Criterion.VALUE: "Geriausias kainos ir kokybės santykis"}
ASKED_LT = {AskedHow.EMAIL: "el. paštu", AskedHow.CVP: "per CVP IS",
            AskedHow.PHONE: "telefonu", AskedHow.WEBSITE: "svetainėje ar kataloge",
            AskedHow.IN_PERSON: "asmeniškai"}


def lt_money(value) -> str:
    """``1 234,50`` — a sum as Lithuanian documents write it; an en dash for none."""
    if value is None:
        return LT["none"]
    return f"{value:,.2f}".replace(",", " ").replace(".", ",")


def _name(user) -> str:
    return (user.full_name or user.email) if user else ""


def _day(moment) -> str:
    return timezone.localdate(moment).isoformat() if moment else ""


@dataclass
class PurchaseDocument(Document):
    """A purchase's document: the engine's sections, the PDF's own layout (``template``
    with ``context``) and the Word file's (``render_docx``) — the same blocks."""

    template: str = ""
    context: dict = field(default_factory=dict)

    def render_docx(self) -> bytes:
        return render_paper_docx(self.context)


def _paper(*, title, number_line, marks, facts, texts=(), table=None, closing=(),
           signatures=()) -> dict:
    """The blocks both layouts draw: the marks at the top right, the title and its number
    line, label → value facts, labelled texts, a table, closing facts, signature lines."""
    return {"head": letterhead(), "title": title, "number_line": number_line,
            "marks": list(marks), "facts": list(facts), "texts": list(texts),
            "table": table, "closing": list(closing), "signatures": list(signatures),
            "LT": LT}


def _sections(paper: dict) -> list[Section]:
    sections = [Section(heading=paper["title"],
                        paragraphs=[*paper["marks"], paper["number_line"]],
                        facts=[*paper["facts"], *paper["texts"]])]
    if paper["table"]:
        table = paper["table"]
        sections.append(Section(heading=table["title"], tables=[Table(
            table["title"], [Column(label, kind, decimals=2 if kind == "decimal" else 0)
                             for label, kind in table["columns"]],
            table["rows"])]))
    closing = list(paper["closing"]) + [(role, f"{name} {SIGNATURE}")
                                        for role, name in paper["signatures"]]
    if closing:
        sections.append(Section(heading="", facts=closing))
    return sections


# --- the purchase request ---------------------------------------------------------------------

def _purchase(purchase) -> Purchase:
    return (Purchase.objects.select_related(*selectors.DETAIL_RELATED)
            .get(pk=purchase.pk))


def request_document(purchase: Purchase) -> PurchaseDocument:
    purchase = _purchase(purchase)
    dated = _day(purchase.submitted_at or purchase.created_at)
    approved = purchase.status in (PurchaseStatus.APPROVED, PurchaseStatus.SURVEYED,
                                   PurchaseStatus.CONTRACTED) and purchase.decided_at
    if approved:
        marks = [LT["approve"], _name(purchase.decided_by), _day(purchase.decided_at)]
    else:
        marks = [LT["draft"]] if purchase.status in (PurchaseStatus.DRAFT,
                                                     PurchaseStatus.RETURNED) else []
    planned = purchase.planned
    project = str(purchase.project) if purchase.project_id else LT["none"]
    facts = [
        (LT["requester"], _name(purchase.requested_by)),
        (LT["object"], purchase.title),
        (LT["cpv"], f"{purchase.cpv.code} {purchase.cpv.title_lt}"),
        (LT["kind"], KIND_LT.get(purchase.kind, purchase.kind)),
        (LT["plan"], f"{planned.plan.year} m. {planned.title} ({lt_money(planned.estimated_value)}"
                     f" {LT['eur']})" if planned else LT["not_planned"]),
        (LT["value"], f"{lt_money(purchase.estimated_value)} {LT['eur']}"),
        (LT["needed_by"], purchase.needed_by.isoformat() if purchase.needed_by else LT["none"]),
        (LT["funding"], FUNDING_LT.get(purchase.funding, purchase.funding)),
        (LT["budget_line"], purchase.budget_line or LT["none"]),
        (LT["project"], project),
    ]
    if purchase.project_budget_line_id:
        facts.append((LT["project_line"], str(purchase.project_budget_line)))
    texts = [(LT["need"], purchase.need), (LT["justification"],
                                          purchase.justification or LT["none"])]
    closing = []
    if approved:
        closing.append((LT["status"], f"{LT['approved']} {_day(purchase.decided_at)}"))
    elif purchase.status == PurchaseStatus.RETURNED:
        closing.append((LT["status"], f"{LT['returned']}: {purchase.decision_note}"))
    signatures = [(LT["prepared"], _name(purchase.requested_by)),
                  (LT["approver"], _name(purchase.decided_by) if approved else "")]
    paper = _paper(title=LT["request"],
                   number_line=f"{dated} {LT['number']} {purchase.full_number}",
                   marks=marks, facts=facts, texts=texts, closing=closing,
                   signatures=signatures)
    return PurchaseDocument(title=LT["request"], subtitle=purchase.full_number,
                            sections=_sections(paper), template=PDF_TEMPLATE, context=paper,
                            filename=f"pirkimo-paraiska-{purchase.full_number}")


# --- the supplier survey report ---------------------------------------------------------------

def survey_document(purchase: Purchase) -> PurchaseDocument:
    purchase = _purchase(purchase)
    offers = list(purchase.offers.select_related("supplier").order_by("position", "pk"))
    chosen = next((offer for offer in offers if offer.chosen), None)
    rows = []
    for number, offer in enumerate(offers, start=1):
        supplier = offer.supplier.name
        if offer.supplier.code:
            supplier += f", {LT['code']} {offer.supplier.code}"
        asked = f"{offer.asked_on.isoformat()}, {ASKED_LT.get(offer.asked_how, '')}".strip(", ")
        rows.append([number, supplier, asked, LT["yes"] if offer.answered else LT["no"],
                     offer.price, offer.price_with_vat, offer.note])
    facts = [
        (LT["request_ref"], f"{LT['number']} {purchase.full_number}, "
                            f"{_day(purchase.submitted_at or purchase.created_at)}"),
        (LT["object"], purchase.title),
        (LT["cpv"], f"{purchase.cpv.code} {purchase.cpv.title_lt}"),
        (LT["value"], f"{lt_money(purchase.estimated_value)} {LT['eur']}"),
        (LT["method"], METHOD_LT.get(purchase.survey_method, LT["none"])),
        (LT["surveyed_on"], purchase.surveyed_on.isoformat() if purchase.surveyed_on
         else LT["none"]),
        (LT["criterion"], CRITERION_LT.get(purchase.criterion, purchase.criterion)),
    ]
    table = {"title": LT["suppliers"], "rows": rows, "columns": [
        (LT["row"], "int"), (LT["supplier"], "text"), (LT["asked"], "text"),
        (LT["offered"], "text"), (LT["price"], "decimal"), (LT["price_vat"], "decimal"),
        (LT["note"], "text")]}
    closing = []
    if chosen is not None:
        vat = (f", {lt_money(chosen.price_with_vat)} {LT['eur']} {LT['with_vat']}"
               if chosen.price_with_vat is not None else "")
        closing = [(LT["chosen"], chosen.supplier.name),
                   (LT["chosen_price"], f"{lt_money(chosen.price)} {LT['eur']} "
                                        f"{LT['without_vat']}{vat}"),
                   (LT["reason"], purchase.choice_reason or LT["none"])]
    surveyor = _name(purchase.surveyed_by) or _name(purchase.requested_by)
    paper = _paper(title=LT["survey"],
                   number_line=f"{purchase.surveyed_on.isoformat() if purchase.surveyed_on else ''}"
                               f" {LT['number']} {purchase.full_number}".strip(),
                   marks=[], facts=facts, table=table, closing=closing,
                   signatures=[(LT["surveyor"], surveyor)])
    # the PDF's and DOCX's cells, as printed (the engine's table keeps the numbers)
    paper["table"]["cells"] = [[row[0], row[1], row[2], row[3], lt_money(row[4]),
                                lt_money(row[5]), row[6] or ""] for row in rows]
    paper["chosen_row"] = next((n for n, offer in enumerate(offers) if offer.chosen), None)
    return PurchaseDocument(title=LT["survey"], subtitle=purchase.full_number,
                            sections=_sections(paper), template=PDF_TEMPLATE, context=paper,
                            filename=f"tiekeju-apklausos-pazyma-{purchase.full_number}")


# --- the Word file ----------------------------------------------------------------------------

def render_paper_docx(paper: dict) -> bytes:
    """A purchase's document as a Word file in the same layout as the PDF (python-docx)."""
    from docx import Document as Word
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    word = Word()
    page = word.sections[0]
    page.page_width, page.page_height = Cm(21), Cm(29.7)
    page.left_margin, page.right_margin = Cm(3), Cm(1.5)
    page.top_margin = page.bottom_margin = Cm(2)
    normal = word.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(11)

    def centred(text: str, *, bold: bool = False, size: int | None = None, after: int = 0):
        paragraph = word.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold = bold or None
        if size:
            run.font.size = Pt(size)
        paragraph.paragraph_format.space_after = Pt(after)

    head = paper["head"]
    centred(head["organisation"].upper(), bold=True)
    if head["department"]:
        centred(head["department"])
    contacts = " · ".join(part for part in (head["address"], head["phone"], head["email"])
                          if part)
    if contacts:
        centred(contacts, size=9, after=6)
    for line in paper["marks"]:
        paragraph = word.add_paragraph(line)
        paragraph.paragraph_format.left_indent = Cm(10)
        paragraph.paragraph_format.space_after = Pt(0)
    centred("")
    centred(paper["title"], bold=True, size=13)
    centred(paper["number_line"], after=10)

    def facts_table(rows):
        table = word.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        table.autofit = False
        for label, value in rows:
            cells = table.add_row().cells
            cells[0].width, cells[1].width = Cm(5.5), Cm(11)
            cells[0].paragraphs[0].add_run(str(label)).bold = True
            lines = str(value if value not in (None, "") else LT["none"]).split("\n")
            cells[1].paragraphs[0].add_run(lines[0])
            for line in lines[1:]:
                cells[1].add_paragraph(line)

    facts_table(paper["facts"] + paper["texts"])
    data = paper["table"]
    if data:
        word.add_paragraph("")
        word.add_paragraph().add_run(data["title"]).bold = True
        table = word.add_table(rows=1, cols=len(data["columns"]))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        widths = [Cm(width) for width in OFFER_WIDTHS]
        for cell, (label, _kind), width in zip(table.rows[0].cells, data["columns"], widths,
                                               strict=True):
            cell.width = width
            run = cell.paragraphs[0].add_run(label)
            run.bold, run.font.size = True, Pt(9)
        for index, row in enumerate(data["cells"]):
            cells = table.add_row().cells
            for cell, value, (_label, kind), width in zip(cells, row, data["columns"], widths,
                                                          strict=True):
                cell.width = width
                run = cell.paragraphs[0].add_run(str(value))
                run.font.size = Pt(9.5)
                run.bold = (index == paper.get("chosen_row")) or None
                if kind in ("int", "decimal"):
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if paper["closing"]:
        word.add_paragraph("")
        facts_table(paper["closing"])
    for role, name in paper["signatures"]:
        paragraph = word.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(24)
        paragraph.add_run(f"{role}: ").bold = True
        paragraph.add_run(f"{name}   {SIGNATURE} {LT['signature']}")
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


# --- the report kinds -------------------------------------------------------------------------

class PurchaseChoiceField(ScopedChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_number} {obj.title}"


class RequestParams(ReportParamsForm):
    """A purchase the user sees."""

    purchase = PurchaseChoiceField(Purchase, label=gettext_lazy("Purchase"))


class SurveyParams(ReportParamsForm):
    """A purchase the user sees whose supplier is chosen."""

    purchase = PurchaseChoiceField(Purchase, label=gettext_lazy("Purchase"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field_ = self.fields["purchase"]
        field_.queryset = field_.queryset.filter(
            pk__in=SupplierOffer.objects.filter(chosen=True).values("purchase_id"))


def _inputs(params) -> str:
    """Changes whenever the documents would: the purchase (every move and edit changes its
    ``version``), its offers and suppliers, the project, the letterhead."""
    purchase = params["purchase"]
    stored = Purchase.objects.filter(pk=purchase.pk).values_list(
        "version", "updated_at", "status", "decided_by__full_name", "requested_by__full_name",
        "surveyed_by__full_name", "project__title", "project__acronym",
        "project_budget_line__title", "planned__title", "cpv__title_lt").first()
    offers = list(SupplierOffer.objects.filter(purchase_id=purchase.pk).order_by("pk")
                  .values_list("pk", "supplier__name", "supplier__code", "asked_on",
                               "asked_how", "answered", "price", "price_with_vat", "note",
                               "chosen", "position"))
    stamp = repr((stored, offers, letterhead()))
    return hashlib.sha256(stamp.encode()).hexdigest()[:40]


@report_kind("pirkimai.request", label=gettext_lazy("Purchase request"), form=RequestParams,
             output="document", formats=("pdf", "docx"), inputs=_inputs,
             description=gettext_lazy("The purchase request (pirkimo paraiška) with the "
                                      "Library's letterhead: the need, its justification, "
                                      "the estimated value, what pays for it and "
                                      "management's approval."))
def purchase_request(*, params, user, progress) -> Document:
    document = request_document(params["purchase"])
    progress(50)
    return document


@report_kind("pirkimai.survey", label=gettext_lazy("Supplier survey report"),
             form=SurveyParams, output="document", formats=("pdf", "docx"), inputs=_inputs,
             description=gettext_lazy("The supplier survey report (tiekėjų apklausos pažyma): "
                                      "how and when suppliers were asked, their offers, the "
                                      "supplier chosen and why."))
def supplier_survey(*, params, user, progress) -> Document:
    document = survey_document(params["purchase"])
    progress(50)
    return document


# --- the archive ------------------------------------------------------------------------------

def _request_title(purchase: Purchase) -> str:
    return f"Pirkimo paraiška Nr. {purchase.full_number}: {purchase.title}"


def _survey_title(purchase: Purchase) -> str:
    return f"Tiekėjų apklausos pažyma Nr. {purchase.full_number}: {purchase.title}"


def describe_request(purchase: Purchase, user):
    """A submitted request, for staff to file (rendered to PDF when filed)."""
    from ataskaitos.renderers import render

    if not may_prepare(user) or purchase.submitted_at is None:
        return None

    def content() -> tuple[str, bytes]:
        document = request_document(purchase)
        return f"{document.filename}.pdf", render(document, "pdf")

    return FileableDocument(key=str(purchase.pk), title=_request_title(purchase),
                            date=timezone.localdate(purchase.submitted_at), content=content,
                            audience="management", url=purchase.get_absolute_url())


def describe_survey(offer: SupplierOffer, user):
    """The survey report of the purchase whose chosen offer this is, for staff to file."""
    from ataskaitos.renderers import render

    if not may_prepare(user) or not offer.chosen:
        return None
    purchase = offer.purchase
    if purchase.surveyed_on is None:
        return None

    def content() -> tuple[str, bytes]:
        document = survey_document(purchase)
        return f"{document.filename}.pdf", render(document, "pdf")

    return FileableDocument(key=str(offer.pk), title=_survey_title(purchase),
                            date=purchase.surveyed_on, content=content, audience="management",
                            url=purchase.get_absolute_url())


def chosen_offers(purchase: Purchase, user) -> list[SupplierOffer]:
    """What the purchase's page lists for the archive: its chosen offer (the survey)."""
    return list(SupplierOffer.objects.visible_to(user).filter(purchase=purchase, chosen=True)
                .select_related("purchase"))


def year_requests(year: int) -> list[dict]:
    return [{"title": _request_title(p), "date": timezone.localdate(p.submitted_at),
             "url": p.get_absolute_url(), "library": None}
            for p in selectors.year_requests(year)]


def year_surveys(year: int) -> list[dict]:
    return [{"title": _survey_title(p), "date": p.surveyed_on, "url": p.get_absolute_url(),
             "library": None} for p in selectors.year_surveys(year)]


RETENTION = gettext_lazy("Procurement documents: kept as the Public Procurement Law and the "
                         "institution's documentation plan require, with the purchase's "
                         "contract.")

fileable_kind("pirkimai.request", label=gettext_lazy("Purchase requests"),
              documents=year_requests, model="pirkimai.purchase", describe=describe_request,
              retention_hint=RETENTION)
fileable_kind("pirkimai.survey", label=gettext_lazy("Supplier survey reports"),
              documents=year_surveys, model="pirkimai.supplieroffer", describe=describe_survey,
              listed_on="pirkimai.purchase", listed=chosen_offers, retention_hint=RETENTION)
