"""The year's procurement plan as a document (report kind ``pirkimai.plan``: XLSX, PDF,
DOCX) through the report engine: the approval mark (or PROJEKTAS for a draft), the plan's
figures, its lines (object, CPV code, kind, estimated value without VAT, quarter, method,
responsible person) and the totals by CPV code against the low-value threshold of their
kind, with the share and the warning the plan's page shows.

The plan is an official record of the Library kept in the state language whatever the
reader's interface language: its fixed words (``LT``) are Lithuanian text, and the kinds'
and methods' names are written in Lithuanian. Staff and management only (``staff_only``);
the parameter is the plan's year among the plans the user sees (another year is an invalid
form, which the engine answers with a 404). ``inputs`` changes whenever anything the
document shows changes, so an unchanged plan's document is handed out again."""

import hashlib

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy

from ataskaitos.document import Column, Document, Section, Table
from bibliotekos.selectors import letterhead
from pirkimai import selectors_plan as selectors
from pirkimai.models import Method, PlanStatus, ProcurementPlan, PurchaseKind
from portalas.forms import ReportParamsForm, ScopedChoiceField
from portalas.registry import report_kind

__all__ = ["LT", "PlanParams", "plan_document"]

#: The document's fixed words: Lithuanian, the official record's language.
LT = {
    "title": "PIRKIMŲ PLANAS",
    "year": "m.",
    "approved": "PATVIRTINTA",
    "draft": "PROJEKTAS",
    "lines": "Planuojami pirkimai",
    "number": "Eil. Nr.",
    "object": "Pirkimo objektas",
    "cpv": "BVPŽ kodas",
    "cpv_title": "BVPŽ kodo pavadinimas",
    "kind": "Pirkimo objekto rūšis",
    "value": "Numatoma vertė be PVM, Eur",
    "quarter": "Pirkimo pradžia (ketvirtis)",
    "method": "Pirkimo būdas",
    "months": "Sutarties trukmė, mėn.",
    "responsible": "Atsakingas asmuo",
    "note": "Pastabos",
    "totals": "Sumos pagal BVPŽ kodus",
    "count": "Pirkimų",
    "total": "Iš viso, Eur",
    "low_value": "Mažos vertės pirkimų, Eur",
    "other": "Kitais būdais, Eur",
    "threshold": "Mažos vertės pirkimo riba, Eur",
    "share": "Mažos vertės pirkimų dalis nuo ribos, %",
    "warning": "Įspėjimas",
    "near": "Artėja prie ribos",
    "over": "Pasiekia ar viršija ribą",
    "figures": "Plano suvestinė",
    "all": "Planuojamų pirkimų",
    "all_value": "Numatoma vertė be PVM iš viso",
    "low_count": "Mažos vertės pirkimų",
    "other_count": "Kitais būdais (įtraukiami į pirkimų suvestinę)",
    "none": "Plane pirkimų nėra.",
    "approved_by": "Patvirtino",
}


class PlanChoiceField(ScopedChoiceField):
    def label_from_instance(self, obj):
        return str(obj.year)


class PlanParams(ReportParamsForm):
    """The plan of a year the user sees."""

    year = PlanChoiceField(ProcurementPlan, to_field_name="year", label=gettext_lazy("Year"))


def _money(value) -> str:
    from portalas.templatetags.portal import number

    return f"{number(value, 2)} €"


def _approval(plan: ProcurementPlan) -> list[str]:
    if plan.status != PlanStatus.APPROVED or plan.approved_on is None:
        return [LT["draft"]]
    lines = [f"{LT['approved']} {plan.approved_on.isoformat()}"]
    if plan.approved_by is not None:
        lines.append(f"{LT['approved_by']}: {plan.approved_by.full_name or plan.approved_by}")
    return lines


def plan_document(plan: ProcurementPlan) -> Document:
    """The document of ``plan`` (its words in Lithuanian)."""
    with translation.override("lt"):
        return _document(plan)


def _document(plan: ProcurementPlan) -> Document:
    head = letterhead()
    lines = selectors.plan_lines(plan)
    methods = selectors.method_totals(lines)
    heading = f"{plan.year} {LT['year']} {LT['title']}"
    rows = [[number, line.title, line.cpv.code, str(PurchaseKind(line.kind).label),
             line.estimated_value, line.quarter, str(Method(line.method).label),
             line.duration_months,
             (line.responsible.full_name or line.responsible.email) if line.responsible
             else "", line.note]
            for number, line in enumerate(lines, start=1)]
    columns = [Column(LT["number"], "int"), Column(LT["object"]), Column(LT["cpv"]),
               Column(LT["kind"]), Column(LT["value"], "decimal", 2, '#,##0.00'),
               Column(LT["quarter"], "int"), Column(LT["method"]), Column(LT["months"], "int"),
               Column(LT["responsible"]), Column(LT["note"])]
    totals = [[row.cpv.code, row.cpv.title_lt, row.kind_labels, row.count, row.total,
               row.low_value, row.other, row.threshold,
               row.check.percent if row.check else None,
               LT[row.level] if row.level != "ok" else ""]
              for row in selectors.cpv_totals(lines)]
    total_columns = [Column(LT["cpv"]), Column(LT["cpv_title"]), Column(LT["kind"]),
                     Column(LT["count"], "int"),
                     Column(LT["total"], "decimal", 2, '#,##0.00'),
                     Column(LT["low_value"], "decimal", 2, '#,##0.00'),
                     Column(LT["other"], "decimal", 2, '#,##0.00'),
                     Column(LT["threshold"], "decimal", 2, '#,##0.00'),
                     Column(LT["share"], "decimal", 1), Column(LT["warning"])]
    facts = [(LT["all"], str(methods["all"]["count"])),
             (LT["all_value"], _money(methods["all"]["total"])),
             (LT["low_count"], f"{methods['low_value']['count']} "
                               f"({_money(methods['low_value']['total'])})"),
             (LT["other_count"], f"{methods['other']['count']} "
                                 f"({_money(methods['other']['total'])})")]
    paragraphs = [*_approval(plan), head["organisation"]]
    if not lines:
        paragraphs.append(LT["none"])
    sections = [
        Section(heading=heading, paragraphs=paragraphs, facts=facts,
                tables=[Table(LT["lines"], columns, rows)]),
        Section(heading=LT["totals"], tables=[Table(LT["totals"], total_columns, totals)]),
    ]
    return Document(title=heading, subtitle=head["organisation"], sections=sections,
                    filename=f"pirkimu-planas-{plan.year}")


def _inputs(params) -> str:
    """Changes whenever the document would: the plan, its lines, their codes' titles, the
    thresholds and the letterhead."""
    plan = params["year"]
    stored = ProcurementPlan.objects.filter(pk=plan.pk).values_list(
        "status", "version", "approved_on", "approved_by__full_name", "note").first()
    lines = list(plan.purchases.order_by("pk").values_list(
        "pk", "title", "cpv__code", "cpv__title_lt", "kind", "estimated_value", "quarter",
        "method", "duration_months", "responsible__full_name", "note", "position",
        "version"))
    stamp = repr((stored, lines, letterhead(), settings.PROCUREMENT_LOW_VALUE_GOODS_SERVICES,
                  settings.PROCUREMENT_LOW_VALUE_WORKS, settings.PROCUREMENT_WARNING_PERCENT))
    return hashlib.sha256(stamp.encode()).hexdigest()[:40]


@report_kind("pirkimai.plan", label=gettext_lazy("Procurement plan of a year"),
             form=PlanParams, output="document", formats=("xlsx", "pdf", "docx"),
             staff_only=True, inputs=_inputs,
             description=gettext_lazy("The year's planned purchases (object, CPV code, kind, "
                                      "estimated value without VAT, quarter, method, "
                                      "responsible person) and their totals by CPV code "
                                      "against the low-value thresholds."))
def plan_report(*, params, user, progress) -> Document:
    document = plan_document(params["year"])
    progress(50)
    return document
