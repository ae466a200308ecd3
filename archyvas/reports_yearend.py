"""The year end's documents and metric through the report engine:

- ``archyvas.inventory`` (PDF, XLSX, DOCX; staff and management): a closed year's file
  inventory (*bylų apyrašas*) of one retention class — the files with their index, title,
  first and last dates, sheets or documents, retention and notes, the total line and the
  compiler's line;
- ``archyvas.destruction_act`` (PDF, DOCX; staff and management): a destruction act
  (*dokumentų naikinimo aktas*) — the approval line, the basis, the files to destroy with
  their dates, retention and BDSTR item and documents, the totals, the files kept longer,
  the signature lines. An approved act's PDF is also frozen into ``DestructionAct.file``;
- ``archyvas.files_closed`` (function 6.1): files closed in the period (the department's
  own: a library's scope has none).

Like the jury's protocol, these are official records kept in the state language whatever
the reader's interface language: their fixed words (``LT``) are Lithuanian text, not
interface strings."""

import hashlib
from dataclasses import dataclass, field

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from archyvas import selectors_yearend as selectors
from archyvas.models import (
    ActStatus,
    Appraisal,
    DestructionAct,
    FilePlan,
    PlanFile,
    PlanStatus,
    RetentionClass,
    may_manage,
)
from ataskaitos.document import Column, Document, Section, Table
from bibliotekos.selectors import letterhead
from portalas.forms import ReportParamsForm, ScopedChoiceField
from portalas.registry import FileableDocument, fileable_kind, register_metric, report_kind

__all__ = ["LT", "act_document", "inventory_document", "lt_count"]

LINE = "_" * 20
#: The documents' fixed words: Lithuanian, the records' language.
LT = {
    "permanent": "NUOLAT", "long": "ILGAI", "temporary": "LAIKINAI",
    "inventory": "SAUGOMŲ BYLŲ APYRAŠAS",
    "year": "m.",
    "no": "Eil. Nr.", "index": "Bylos indeksas", "title": "Bylos antraštė",
    "dates": "Bylos pradžios ir pabaigos datos", "act_dates": "Bylos datos",
    "count": "Lapų / dokumentų skaičius", "retention": "Saugojimo terminas",
    "retention_item": "Saugojimo terminas ir BDSTR punktas",
    "act_count": "Bylų / dokumentų skaičius", "notes": "Pastabos",
    "files": "Apyrašo bylos", "sheets": "lap.", "documents": "dok.",
    "forever": "Nuolat", "years": "m.",
    "byla": ("byla", "bylos", "bylų"),
    "dokumentas": ("dokumentas", "dokumentai", "dokumentų"),
    "none_listed": "Į apyrašą bylų neįrašyta.",
    "listed": "Į apyrašą įrašyta {files} (nuo Nr. 1 iki Nr. {last}).",
    "compiled": "Apyrašą sudarė", "signature": "(parašas)",
    "destroyed": "Sunaikinta {day} pagal {act_day} dokumentų naikinimo aktą Nr. {number}.",
    "kept_until": "Saugojimo terminas pratęstas iki {day}.",
    "about": "Apyrašas", "years_label": "Metai", "until": "Saugoti iki",
    "organisation": "Institucija", "unit": "Struktūrinis padalinys",
    "act": "DOKUMENTŲ NAIKINIMO AKTAS", "approved": "PATVIRTINTA", "approve": "TVIRTINU",
    "draft": "PROJEKTAS", "act_no": "Nr.",
    "basis": "Pagrindas",
    "basis_text": "Vadovaujantis Dokumentų tvarkymo ir apskaitos taisyklėmis ir Bendrąja "
                  "dokumentų saugojimo terminų rodykle, įvertinus bylas, kurių saugojimo "
                  "terminas baigėsi, atrinkti naikinti toliau išvardyti dokumentai, "
                  "netekę praktinės, mokslinės ir istorinės reikšmės.",
    "to_destroy": "Naikinami dokumentai",
    "nothing": "Naikinti bylų neatrinkta.",
    "total": "Iš viso atrinkta naikinti {files} ({documents}).",
    "extended": "Bylos, kurių saugojimo terminas pratęstas",
    "more_years": "Saugoti dar (m.)", "reason": "Priežastis",
    "executed": "Saugomi šių bylų dokumentų failai sunaikinti {moment}; registracijos "
                "duomenys ir šis aktas saugomi.",
    "signatures": "Parašai", "compiled_act": "Aktą sudarė",
    "approved_by": "Patvirtino", "head": "Vadovas",
}

CLASS_WORDS = {RetentionClass.PERMANENT: LT["permanent"], RetentionClass.LONG: LT["long"],
               RetentionClass.TEMPORARY: LT["temporary"]}


def lt_count(number: int, forms_: tuple[str, str, str]) -> str:
    """"1 byla", "3 bylos", "12 bylų", "21 byla": a count with its noun in Lithuanian."""
    if number % 10 == 1 and number % 100 != 11:
        word = forms_[0]
    elif 2 <= number % 10 <= 9 and not 11 <= number % 100 <= 19:
        word = forms_[1]
    else:
        word = forms_[2]
    return f"{number} {word}"


@dataclass
class PrintedDocument(Document):
    """A Document (what the XLSX and DOCX draw) with its own printed layout for the PDF:
    ``template`` rendered with ``context`` (the same text)."""

    template: str = ""
    context: dict = field(default_factory=dict)


def _dates(plan_file: PlanFile) -> str:
    if plan_file.first_date and plan_file.last_date:
        return f"{plan_file.first_date.isoformat()}–{plan_file.last_date.isoformat()}"
    return "–"


def _retention(plan_file: PlanFile, *, item: bool = False) -> str:
    text = (LT["forever"] if plan_file.permanent
            else f"{plan_file.retention_years} {LT['years']}")
    if plan_file.bdstr_item_id:
        code = plan_file.bdstr_item.code
        return f"{text}, BDSTR {code}" if item else f"{text} (BDSTR {code})"
    return text


# --- the inventory --------------------------------------------------------------------------------

def _count(plan_file: PlanFile) -> str:
    documents = f"{plan_file.entry_count + plan_file.filed_count} {LT['documents']}"
    return f"{plan_file.sheets} {LT['sheets']} / {documents}" if plan_file.sheets else documents


def _inventory_note(plan_file: PlanFile) -> str:
    notes = [plan_file.note] if plan_file.note else []
    if plan_file.destroyed_on and plan_file.destroyed_by is not None:
        act = plan_file.destroyed_by
        notes.append(LT["destroyed"].format(day=plan_file.destroyed_on.isoformat(),
                                            act_day=act.compiled_on.isoformat(),
                                            number=act.number))
    elif (plan_file.retention_ends and not plan_file.permanent
          and plan_file.retention_ends != plan_file.retention_end_for(plan_file.plan.year)):
        notes.append(LT["kept_until"].format(day=plan_file.retention_ends.isoformat()))
    return " ".join(notes)


def inventory_document(plan: FilePlan, retention: str, *, number: str = "",
                       by=None) -> PrintedDocument:
    """The inventory of ``plan``'s files of one retention class."""
    head = letterhead()
    files = selectors.inventory_files(plan, retention)
    title = f"{CLASS_WORDS[retention]} {LT['inventory']} {LT['act_no']} {number or '____'}"
    rows = [[position, f.index, f.title, _dates(f), _count(f), _retention(f),
             _inventory_note(f)] for position, f in enumerate(files, start=1)]
    table = Table(LT["files"], [
        Column(LT["no"], "int"), Column(LT["index"]), Column(LT["title"]),
        Column(LT["dates"]), Column(LT["count"]), Column(LT["retention"]),
        Column(LT["notes"])], rows, sheet="Bylos")
    total = (LT["listed"].format(files=lt_count(len(files), LT["byla"]), last=len(files))
             if files else LT["none_listed"])
    today = timezone.localdate().isoformat()
    compiler = f"{LT['compiled']}: {by or ''} {LINE} {LT['signature']} {today}"
    unit = plan.unit_name or head["department"]
    if unit == head["organisation"]:
        unit = ""
    facts = [(LT["organisation"], head["organisation"]), (LT["unit"], unit or "–"),
             (LT["years_label"], plan.year)]
    sections = [Section(heading=LT["about"], facts=facts),
                Section(heading=f"{plan.year} {LT['year']}", tables=[table],
                        paragraphs=[total, compiler])]
    return PrintedDocument(
        title=title, subtitle=" · ".join(p for p in (unit, f"{plan.year} {LT['year']}") if p),
        sections=sections,
        filename=f"bylu-apyrasas-{plan.year}-{retention}",
        template="archyvas/yearend_inventory_pdf.html",
        context={"head": head, "unit": unit, "plan": plan, "rows": rows, "total": total,
                 "columns": [c.label for c in table.columns], "compiler": by,
                 "today": today, "LT": LT, "title": title})


class InventoryParams(ReportParamsForm):
    """A closed year and a retention class (and the inventory's number, when known)."""

    year = ScopedChoiceField(FilePlan, to_field_name="year", label=gettext_lazy("Year"))
    retention = forms.ChoiceField(label=gettext_lazy("Retention class"),
                                  choices=RetentionClass.choices)
    number = forms.CharField(label=gettext_lazy("Inventory number"), max_length=20,
                             required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].queryset = (self.fields["year"].queryset
                                        .filter(status=PlanStatus.CLOSED).order_by("-year"))
        self.fields["year"].label_from_instance = lambda plan: str(plan.year)


def _inventory_inputs(params) -> str:
    plan = params["year"]
    files = list(plan.files.filter(selectors.class_filter(params["retention"]))
                 .order_by("pk").values_list("pk", "updated_at"))
    counts = selectors.document_counts([pk for pk, _at in files])
    stamp = repr((plan.pk, plan.unit_name, files, sorted(counts.items()), params.get("number"),
                  timezone.localdate(), letterhead()))
    return hashlib.sha256(stamp.encode()).hexdigest()[:40]


@report_kind("archyvas.inventory", label=gettext_lazy("File inventory of a closed year"),
             form=InventoryParams, output="document", formats=("pdf", "xlsx", "docx"),
             staff_only=True, inputs=_inventory_inputs,
             description=gettext_lazy("The inventory of a closed year's files of one retention "
                                      "class (kept permanently, long or temporarily): index, "
                                      "title, dates, documents, retention and notes."))
def inventory_report(*, params, user, progress) -> Document:
    document = inventory_document(params["year"], params["retention"],
                                  number=params.get("number") or "", by=user)
    progress(60)
    return document


# --- the destruction act -------------------------------------------------------------------------

def act_document(act: DestructionAct) -> PrintedDocument:
    """The act as printed: approved (with the approval line) or a draft."""
    act = DestructionAct.objects.select_related("compiled_by", "approved_by").get(pk=act.pk)
    head = letterhead()
    items = selectors.act_items(act)
    destroy = [i for i in items if i.decision == Appraisal.DESTROY]
    extend = [i for i in items if i.decision == Appraisal.EXTEND]
    rows = [[position, i.plan_file.index, f"{i.plan_file.title} ({i.plan_file.plan.year})",
             _dates(i.plan_file), _retention(i.plan_file, item=True), f"1 / {i.documents}",
             i.note] for position, i in enumerate(destroy, start=1)]
    approved = act.status in (ActStatus.APPROVED, ActStatus.EXECUTED)
    on = timezone.localdate()
    kept = [[position, i.plan_file.index, f"{i.plan_file.title} ({i.plan_file.plan.year})",
             i.extend_years, i.plan_file.retention_ends if approved else
             selectors.extended_end(i.plan_file.retention_ends, i.extend_years, on), i.note]
            for position, i in enumerate(extend, start=1)]
    documents = sum(i.documents for i in destroy)
    total = (LT["total"].format(files=lt_count(len(destroy), LT["byla"]),
                                documents=lt_count(documents, LT["dokumentas"]))
             if destroy else LT["nothing"])
    number = f"{act.compiled_on.isoformat()} {LT['act_no']} {act.number}"
    approval = ([LT["approved"], act.approval_reference or f"{LT['head']} {act.approved_by}",
                 act.approved_on.isoformat()] if approved
                else [LT["draft"], LT["approve"], f"{LT['head']} {LINE}"])
    executed = (LT["executed"].format(moment=timezone.localtime(act.executed_at)
                                      .strftime("%Y-%m-%d %H:%M"))
                if act.executed_at else "")
    signatures = [f"{LT['compiled_act']}: {act.compiled_by or ''} {LINE} {LT['signature']}"]
    if approved:
        signatures.append(f"{LT['approved_by']}: {act.approved_by} {LINE} {LT['signature']}")
    unit = head["department"]
    destroy_table = Table(LT["to_destroy"], [
        Column(LT["no"], "int"), Column(LT["index"]), Column(LT["title"]),
        Column(LT["act_dates"]), Column(LT["retention_item"]), Column(LT["act_count"]),
        Column(LT["notes"])], rows, sheet="Naikinami")
    sections = [Section(heading=head["organisation"],
                        paragraphs=[line for line in (unit, *approval) if line]),
                Section(heading=LT["basis"], paragraphs=[LT["basis_text"], act.basis]
                        if act.basis else [LT["basis_text"]]),
                Section(heading=LT["to_destroy"], tables=[destroy_table],
                        paragraphs=[total] + ([executed] if executed else []))]
    if kept:
        sections.append(Section(heading=LT["extended"], tables=[Table(LT["extended"], [
            Column(LT["no"], "int"), Column(LT["index"]), Column(LT["title"]),
            Column(LT["more_years"], "int"), Column(LT["until"], "date"),
            Column(LT["reason"])], kept, sheet="Pratęsta")]))
    sections.append(Section(heading=LT["signatures"], paragraphs=signatures))
    return PrintedDocument(
        title=LT["act"], subtitle=number, sections=sections,
        filename=f"dokumentu-naikinimo-aktas-{act.year}-{act.number}",
        template="archyvas/act_pdf.html",
        context={"act": act, "head": head, "unit": unit, "approved": approved,
                 "approval": approval, "number": number, "rows": rows, "kept": kept,
                 "total": total, "executed": executed, "signatures": signatures, "LT": LT,
                 "columns": [c.label for c in destroy_table.columns]})


class ActParams(ReportParamsForm):
    act = ScopedChoiceField(DestructionAct, label=gettext_lazy("Destruction act"))


def _act_inputs(params) -> str:
    act = params["act"]
    stored = DestructionAct.objects.filter(pk=act.pk).values_list(
        "version", "status", "basis", "approved_on", "executed_at").first()
    items = list(act.items.order_by("pk").values_list("pk", "decision", "extend_years",
                                                      "note", "documents_count",
                                                      "plan_file__updated_at"))
    counts = selectors.document_counts(act.items.values_list("plan_file_id", flat=True))
    stamp = repr((stored, items, sorted(counts.items()), letterhead()))
    return hashlib.sha256(stamp.encode()).hexdigest()[:40]


@report_kind("archyvas.destruction_act", label=gettext_lazy("Destruction act"),
             form=ActParams, output="document", formats=("pdf", "docx"), staff_only=True,
             inputs=_act_inputs,
             description=gettext_lazy("A destruction act: the approval, the basis, the files "
                                      "to destroy with their dates, retention, BDSTR item and "
                                      "documents, the files kept longer and the signatures."))
def destruction_act_report(*, params, user, progress) -> Document:
    document = act_document(params["act"])
    progress(60)
    return document


# --- the approved act as a document the archive files -------------------------------------------

def describe_act(act: DestructionAct, user) -> FileableDocument | None:
    """An approved act's frozen PDF, for "File it" on its page (staff)."""
    if not (may_manage(user) and act.approved_on and act.file):
        return None
    stored = act.file
    if not stored.storage.exists(stored.name):
        return None

    def content() -> tuple[str, bytes]:
        with stored.storage.open(stored.name, "rb") as handle:
            return f"dokumentu-naikinimo-aktas-{act.year}-{act.number}.pdf", handle.read()

    return FileableDocument(key=str(act.pk), title=f"{LT['act'].capitalize()} "
                            f"{act.compiled_on.isoformat()} {LT['act_no']} {act.number}",
                            date=act.approved_on, content=content, audience="management",
                            url=act.get_absolute_url())


def approved_acts(year: int) -> list[dict]:
    """The acts approved in the year."""
    return [{"title": f"{LT['act'].capitalize()} {act.compiled_on.isoformat()} "
                      f"{LT['act_no']} {act.number}",
             "date": act.approved_on, "url": act.get_absolute_url(), "library": None}
            for act in DestructionAct.objects.filter(approved_on__year=year)
            .exclude(file="").order_by("approved_on", "number")]


fileable_kind("archyvas.destruction_act", label=gettext_lazy("Approved destruction acts"),
              documents=approved_acts, model="archyvas.destructionact", describe=describe_act,
              retention_hint=gettext_lazy("Destruction acts: kept permanently."))


# --- the metric ----------------------------------------------------------------------------------

register_metric("archyvas.files_closed", label_lt="Užbaigtos (uždarytos) bylos",
                label_en="Files closed", function="6.1", unit="vnt.",
                value=lambda period, scope: selectors.files_closed(period, scope).count(),
                records=selectors.files_closed)
