"""Documents, metrics and the archive's kind of the contracts area.

- ``pirkimai.contract`` (PDF, DOCX): a contract to sign in the usual Lithuanian layout — the
  Library as the buyer (its name, company code, address and director, as the letterhead of
  the portal's other documents takes them), the supplier, the subject, the price without
  VAT, the VAT and with VAT, the term and its extension, the payment terms and the parties'
  signatures. A contract is an official record in the state language whatever the reader's
  interface language: its fixed words (``LT``) are Lithuanian text, not interface strings.
  Offered for contracts (an invoice is the supplier's document).
- ``pirkimai.register`` (XLSX, PDF; parameter: the year): each contract and invoice signed
  in the year with the totals.
- The archive's kind ``pirkimai.contract`` files the **signed copy** once it is uploaded,
  never the generated document: the generated one is a draft nobody has signed, and filing
  it would keep as "the contract" a text that may differ from what the parties signed; the
  retention applies to the signed original. Without an uploaded copy a contract cannot be
  filed yet.
- The metrics and the annual report's chapter are in ``reports_summary`` (imported here).

The parameter forms offer only what the user may read: a librarian's request is an
invalid form, which the engine answers with 404."""

import hashlib
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from ataskaitos.document import Column, Document, Section, Table
from bibliotekos.models import Library, LibraryKind
from bibliotekos.selectors import letterhead
from pirkimai import reports_summary  # noqa: F401  (its kind, metrics and annual chapter)
from pirkimai import selectors_contracts as selectors
from pirkimai.models import Contract, ContractKind, PurchaseKind
from pirkimai.models import may_read as may_read_procurement
from portalas.forms import ReportParamsForm, ScopedChoiceField, YearField
from portalas.registry import FileableDocument, fileable_kind, report_kind

__all__ = ["LT", "ContractDocument", "buyer", "contract_document", "describe_contract",
           "register_document", "signed_copies"]

PDF_TEMPLATE = "pirkimai/contract_document_pdf.html"
MONEY_FORMAT = '#,##0.00 "€"'

#: The contract's fixed words: Lithuanian, the official record's language.
LT = {
    f"title:{PurchaseKind.GOODS.value}": "PREKIŲ PIRKIMO–PARDAVIMO SUTARTIS",
    f"title:{PurchaseKind.SERVICES.value}": "PASLAUGŲ TEIKIMO SUTARTIS",
    f"title:{PurchaseKind.WORKS.value}": "DARBŲ ATLIKIMO SUTARTIS",
    "title": "PIRKIMO SUTARTIS",
    "no": "Nr.",
    "code": "juridinio asmens kodas",
    "represented": "atstovaujama direktoriaus",
    "buyer": "Pirkėjas", "supplier": "Tiekėjas",
    "hereinafter_buyer": "(toliau – Pirkėjas)", "hereinafter_supplier": "(toliau – Tiekėjas)",
    "concluded": "sudarė šią sutartį:",
    "subject": "SUTARTIES DALYKAS",
    "subject_text": "Tiekėjas įsipareigoja Pirkėjui: {subject}, o Pirkėjas – priimti ir "
                    "sumokėti sutartyje nustatytą kainą.",
    "procurement": "Pirkimas Nr. {number} atliktas pagal Pirkėjo pirkimų taisykles{cpv}.",
    "price": "SUTARTIES KAINA",
    "without_vat": "Sutarties kaina be PVM", "vat": "PVM", "with_vat": "Sutarties kaina su PVM",
    "price_fixed": "Sutarties kaina apima visas Tiekėjo išlaidas ir nekeičiama visą sutarties "
                   "galiojimo laiką.",
    "payment": "MOKĖJIMO SĄLYGOS",
    "payment_default": "Pirkėjas sumoka per 30 dienų nuo PVM sąskaitos faktūros gavimo dienos.",
    "invoices": "Sąskaitos faktūros teikiamos per informacinę sistemą „E. sąskaita“.",
    "term": "SUTARTIES GALIOJIMAS",
    "valid_until": "Sutartis įsigalioja nuo jos pasirašymo dienos ir galioja iki {day}.",
    "valid_open": "Sutartis įsigalioja nuo jos pasirašymo dienos ir galioja iki visiško "
                  "šalių įsipareigojimų įvykdymo.",
    "extension": "Sutarties pratęsimas: {text}",
    "final": "BAIGIAMOSIOS NUOSTATOS",
    "disputes": "Ginčai sprendžiami derybomis, o nepavykus susitarti – Lietuvos Respublikos "
                "teismuose.",
    "copies": "Sutartis sudaryta dviem vienodą teisinę galią turinčiais egzemplioriais, po "
              "vieną kiekvienai šaliai.",
    "parties": "ŠALIŲ REKVIZITAI IR PARAŠAI",
    "director": "Direktorius (-ė)", "signature": "(parašas)", "representative": "Atstovas",
    "date_place": "{day}",
    "eur": "Eur",
}


# --- who signs -----------------------------------------------------------------------------------

def buyer() -> dict:
    """The Library as the buyer: the letterhead's organisation (the county library of the
    registry), with its company code and director."""
    head = letterhead()
    county = (Library.objects.filter(kind=LibraryKind.COUNTY, closed__isnull=True)
              .order_by("pk").first())
    return {"name": head["organisation"], "department": head["department"],
            "address": head["address"], "phone": head["phone"], "email": head["email"],
            "code": county.company_code if county else "",
            "director": county.director if county else ""}


def _money(value) -> str:
    return selectors.money_text(value).replace("€", LT["eur"]) if value is not None else "–"


# --- the contract --------------------------------------------------------------------------------

@dataclass
class ContractDocument(Document):
    """The contract: the engine's sections, the PDF's own layout (``template`` with
    ``context``) and the Word file's (``render_docx``)."""

    template: str = ""
    context: dict = field(default_factory=dict)

    def render_docx(self) -> bytes:
        return render_contract_docx(self.context)


def contract_clauses(contract: Contract) -> list[tuple[str, list[str]]]:
    """(heading, its numbered points) of the contract's text."""
    purchase = contract.purchase
    cpv = f", BVPŽ kodas {purchase.cpv.code}" if purchase is not None else ""
    subject = [LT["subject_text"].format(subject=contract.subject)]
    if purchase is not None:
        subject.append(LT["procurement"].format(number=purchase.full_number, cpv=cpv))
    price = [f"{LT['without_vat']} – {_money(contract.value)}."]
    if contract.value_with_vat is not None:
        price += [f"{LT['vat']} – {_money(contract.vat)}.",
                  f"{LT['with_vat']} – {_money(contract.value_with_vat)}."]
    price.append(LT["price_fixed"])
    payment = [contract.payment or LT["payment_default"], LT["invoices"]]
    term = [LT["valid_until"].format(day=contract.ends_on.isoformat()) if contract.ends_on
            else LT["valid_open"]]
    if contract.extension:
        term.append(LT["extension"].format(text=contract.extension))
    return [(LT["subject"], subject), (LT["price"], price), (LT["payment"], payment),
            (LT["term"], term), (LT["final"], [LT["disputes"], LT["copies"]])]


def _party(name: str, code: str, address: str) -> str:
    parts = [name]
    if code:
        parts.append(f"{LT['code']} {code}")
    if address:
        parts.append(address)
    return ", ".join(parts)


def contract_document(contract: Contract) -> ContractDocument:
    contract = (Contract.objects.select_related("supplier", "purchase__cpv")
                .get(pk=contract.pk))
    me, supplier = buyer(), contract.supplier
    kind = contract.purchase.kind if contract.purchase_id else \
        (contract.planned.kind if contract.planned_id else "")
    heading = f"{LT.get(f'title:{kind}', LT['title'])} {LT['no']} {contract.number}"
    buyer_text = _party(me["name"], me["code"], me["address"])
    if me["director"]:
        buyer_text += f", {LT['represented']} {me['director']}"
    parties = (f"{buyer_text} {LT['hereinafter_buyer']}, ir "
               f"{_party(supplier.name, supplier.code, supplier.address)} "
               f"{LT['hereinafter_supplier']}, {LT['concluded']}")
    clauses = contract_clauses(contract)
    sections = [Section(heading=heading, paragraphs=[contract.signed_on.isoformat(), parties])]
    for number, (title, points) in enumerate(clauses, start=1):
        sections.append(Section(heading=f"{number}. {title}", paragraphs=[
            f"{number}.{index}. {point}" for index, point in enumerate(points, start=1)]))
    signatures = [(LT["buyer"], _party(me["name"], me["code"], me["address"])),
                  (LT["supplier"], _party(supplier.name, supplier.code, supplier.address))]
    sections.append(Section(heading=f"{len(clauses) + 1}. {LT['parties']}", facts=signatures))
    context = {"heading": heading, "buyer": me, "supplier": supplier, "contract": contract,
               "parties": parties, "clauses": [(f"{n}. {t}", [f"{n}.{i}. {p}" for i, p in
                                                              enumerate(points, start=1)])
                                               for n, (t, points) in
                                               enumerate(clauses, start=1)],
               "parties_heading": f"{len(clauses) + 1}. {LT['parties']}", "LT": LT}
    return ContractDocument(title=heading, subtitle=me["name"], sections=sections,
                            filename=f"sutartis-{contract.signed_on:%Y}-{contract.pk}",
                            template=PDF_TEMPLATE, context=context)


def render_contract_docx(context: dict) -> bytes:
    """The contract as a Word file in the same layout as the PDF (python-docx)."""
    from docx import Document as Word
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    word = Word()
    page = word.sections[0]
    page.page_width, page.page_height = Cm(21), Cm(29.7)
    page.left_margin, page.right_margin = Cm(2.5), Cm(1.5)
    page.top_margin = page.bottom_margin = Cm(2)
    normal = word.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)

    def paragraph(text: str, *, bold=False, centre=False, after=6, justify=False):
        added = word.add_paragraph()
        added.add_run(text).bold = bold or None
        if centre:
            added.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif justify:
            added.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        added.paragraph_format.space_after = Pt(after)
        return added

    paragraph(context["heading"], bold=True, centre=True, after=2)
    paragraph(context["contract"].signed_on.isoformat(), centre=True, after=12)
    paragraph(context["parties"], justify=True)
    for title, points in context["clauses"]:
        paragraph(title, bold=True, centre=True, after=4)
        for point in points:
            paragraph(point, justify=True, after=3)
    paragraph(context["parties_heading"], bold=True, centre=True, after=6)
    me, supplier = context["buyer"], context["supplier"]
    table = word.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    lines_left = [LT["buyer"], me["name"], f"{LT['code']} {me['code']}" if me["code"] else "",
                  me["address"], "", f"{LT['director']} {me['director']}".strip(),
                  "______________________", LT["signature"]]
    lines_right = [LT["supplier"], supplier.name,
                   f"{LT['code']} {supplier.code}" if supplier.code else "", supplier.address,
                   "", LT["representative"], "______________________", LT["signature"]]
    for cell, lines in ((left, lines_left), (right, lines_right)):
        cell.paragraphs[0].add_run(lines[0]).bold = True
        for line in lines[1:]:
            cell.add_paragraph(line)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


class ContractChoiceField(ScopedChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number} ({obj.signed_on.isoformat()})"


class ContractParams(ReportParamsForm):
    contract = ContractChoiceField(Contract, label=gettext_lazy("Contract"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field_ = self.fields["contract"]
        field_.queryset = field_.queryset.filter(kind=ContractKind.CONTRACT)


def _contract_inputs(params) -> str:
    """Changes whenever the contract would: the contract, its supplier, the buyer."""
    contract = params["contract"]
    stored = Contract.objects.filter(pk=contract.pk).values_list(
        "version", "updated_at", "supplier__name", "supplier__code", "supplier__address",
        "purchase__status").first()
    stamp = repr((stored, buyer()))
    return hashlib.sha256(stamp.encode()).hexdigest()[:40]


@report_kind("pirkimai.contract", label=gettext_lazy("Contract"), form=ContractParams,
             output="document", formats=("pdf", "docx"), inputs=_contract_inputs,
             description=gettext_lazy("A contract to sign in the usual layout: the Library as "
                                      "the buyer, the supplier, the subject, the price, the "
                                      "term, the payment and the signatures."))
def contract_report(*, params, user, progress) -> Document:
    document = contract_document(params["contract"])
    progress(60)
    return document


# --- the register --------------------------------------------------------------------------------

class RegisterParams(ReportParamsForm):
    year = YearField()

    def clean(self):
        data = super().clean()
        if not may_read_procurement(self.user):
            raise ValidationError(_("Procurement is the department's."), code="scope")
        return data


def register_document(user, year: int) -> Document:
    contracts = list(selectors.register_contracts(user, year))
    totals = selectors.totals(Contract.objects.visible_to(user).of_year(year))
    columns = [Column(_("No."), "int"), Column(_("Kind")), Column(_("Number")),
               Column(_("Date"), "date"), Column(_("Supplier")), Column(_("Company code")),
               Column(pgettext("contract", "Subject")),
               Column(_("Value without VAT, EUR"), "decimal", 2, MONEY_FORMAT),
               Column(_("Value with VAT, EUR"), "decimal", 2, MONEY_FORMAT),
               Column(_("Valid until"), "date"), Column(_("Purchase")), Column(_("Note"))]
    rows = [[index, contract.get_kind_display(), contract.number, contract.signed_on,
             contract.supplier.name, contract.supplier.code, contract.subject, contract.value,
             contract.value_with_vat, contract.ends_on,
             contract.purchase.full_number if contract.purchase_id else "", contract.note]
            for index, contract in enumerate(contracts, start=1)]
    if rows:
        rows.append([None, "", "", None, "", "", _("Total"), totals.value,
                     totals.value_with_vat, None, "", ""])
    title = _("Register of contracts and invoices %(year)s") % {"year": year}
    facts = [(_("Contracts"), totals.contracts), (_("Invoices"), totals.invoices),
             (_("Value without VAT"), selectors.money_text(totals.value)),
             (_("Value with VAT"), selectors.money_text(totals.value_with_vat))]
    if totals.without_vat_known:
        facts.append((_("Without a value with VAT"), totals.without_vat_known))
    return Document(title=title, subtitle=letterhead()["organisation"], sections=[
        Section(heading=title, facts=facts, tables=[
            Table(_("Contracts and invoices %(year)s") % {"year": year}, columns, rows)])],
        filename=f"sutarciu-registras-{year}")


def _register_inputs(params) -> str:
    year = params["year"]
    stamp = list(Contract.objects.of_year(year).order_by("pk").values_list(
        "pk", "version", "updated_at", "supplier__name"))
    return hashlib.sha256(repr((year, stamp)).encode()).hexdigest()[:40]


@report_kind("pirkimai.register", label=gettext_lazy("Register of contracts and invoices"),
             form=RegisterParams, output="document", formats=("xlsx", "pdf"),
             inputs=_register_inputs,
             description=gettext_lazy("Each contract and invoice signed in the year: number, "
                                      "date, supplier, subject, value without and with VAT, "
                                      "valid until, the purchase; with the totals."))
def register_report(*, params, user, progress) -> Document:
    document = register_document(user, params["year"])
    progress(80)
    return document


# --- the archive ---------------------------------------------------------------------------------

def _title(contract: Contract) -> str:
    return f"{contract}: {contract.supplier.name}, {contract.subject}"


def describe_contract(contract: Contract, user):
    """The signed copy of a contract or invoice, for staff to file once uploaded."""
    if not (user.is_authenticated and user.is_active and user.can_manage_territory):
        return None
    stored = contract.file
    if not stored or not stored.storage.exists(stored.name):
        return None

    def content() -> tuple[str, bytes]:
        with stored.storage.open(stored.name, "rb") as handle:
            return (contract.file_name or stored.name.rsplit("/", 1)[-1]), handle.read()

    return FileableDocument(key=str(contract.pk), title=_title(contract),
                            date=contract.signed_on, content=content, audience="management",
                            url=contract.get_absolute_url(), subkind=contract.kind)


def signed_copies(year: int) -> list[dict]:
    """The year's contracts and invoices with a signed copy stored."""
    return [{"title": _title(contract), "date": contract.signed_on,
             "url": contract.get_absolute_url(), "library": None}
            for contract in Contract.objects.of_year(year).exclude(file="")
            .select_related("supplier").order_by("signed_on", "pk")]


fileable_kind("pirkimai.contract", label=gettext_lazy("Contracts and invoices"),
              documents=signed_copies, model="pirkimai.contract", describe=describe_contract,
              retention_hint=gettext_lazy("Procurement contracts: kept as the institution's "
                                          "documentation plan says (usually 10 years after "
                                          "the contract ends)."))
