"""The year's summary of planned purchases (pirkimų suvestinė) as XLSX (report kind
``pirkimai.summary``, the columns of ``selectors_summary`` in CVP IS's order), the metrics
of function 6.2 — ``pirkimai.purchases`` (purchases management approved in the period, not
cancelled since) and ``pirkimai.value`` (the value without VAT of the contracts and invoices
signed in the period, EUR): procurement is the department's own, so it counts for the
territory and a municipality's or a library's scope has none (0) — and the annual report's
chapter on procurement (function 6.2): the purchases approved in the year by
method and kind, the contracts and invoices concluded with their sums, and the day the
summary was published in CVP IS.

Imported by ``reports_contracts`` (the engine discovers ``reports.py`` and its areas)."""

import hashlib
from datetime import datetime, time
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from ataskaitos.document import Column, Document, Section, Table
from bibliotekos.selectors import letterhead
from pirkimai import selectors_summary as selectors
from pirkimai.models import (
    Contract,
    ContractKind,
    Method,
    PlannedPurchase,
    ProcurementPlan,
    Purchase,
    PurchaseKind,
    PurchaseStatus,
    may_read,
)
from pirkimai.selectors_contracts import money_text
from portalas.forms import ReportParamsForm, YearField
from portalas.metrics import Period, Scope
from portalas.registry import annual_report_section, register_metric, report_kind

__all__ = ["SummaryParams", "annual_chapter", "approved_purchases", "contracts_concluded",
           "purchases_by_method", "summary_document", "value_concluded"]

MONEY_FORMAT = '#,##0.00 "€"'


class SummaryParams(ReportParamsForm):
    year = YearField()

    def clean(self):
        data = super().clean()
        if not may_read(self.user):
            raise ValidationError(_("Procurement is the department's."), code="scope")
        return data


def summary_document(user, year: int) -> Document:
    state = selectors.summary_state(year)
    lines = list(selectors.summary_lines(state.plan, user))
    kinds = {"int": ("int", 0), "decimal": ("decimal", 2), "text": ("text", 0)}
    columns = [Column(label, kinds[kind][0], decimals,
                      MONEY_FORMAT if kind == "decimal" else "")
               for label, kind, decimals in selectors.summary_header()]
    rows = selectors.summary_rows(lines)
    title = _("Summary of planned purchases %(year)s") % {"year": year}
    facts = [(_("Year"), str(year)),
             (_("Purchases in the summary"), len(lines)),
             (_("Estimated value without VAT"),
              money_text(sum((line.estimated_value for line in lines), Decimal("0")))),
             (_("Due in CVP IS by"), state.due.isoformat()),
             (_("Published in CVP IS on"),
              state.published_on.isoformat() if state.published_on else _("not yet"))]
    if state.plan is None:
        facts.append((_("Procurement plan"), _("none for this year")))
    return Document(title=title, subtitle=letterhead()["organisation"], sections=[
        Section(heading=title, facts=facts, tables=[
            Table(_("Planned purchases %(year)s") % {"year": year}, columns, rows,
                  sheet=_("Summary %(year)s") % {"year": year})])],
        filename=f"pirkimu-suvestine-{year}")


def _summary_inputs(params) -> str:
    year = params["year"]
    plan = ProcurementPlan.objects.filter(year=year).values_list(
        "pk", "summary_published_on", "updated_at").first()
    lines = list(PlannedPurchase.objects.filter(plan__year=year).order_by("pk").values_list(
        "pk", "title", "kind", "cpv__code", "estimated_value", "quarter", "method",
        "duration_months", "green", "note", "position"))
    return hashlib.sha256(repr((plan, lines)).encode()).hexdigest()[:40]


@report_kind("pirkimai.summary", label=gettext_lazy("Summary of planned purchases (CVP IS)"),
             form=SummaryParams, output="document", formats=("xlsx", "pdf"),
             inputs=_summary_inputs,
             description=gettext_lazy("The purchases planned for the year, excluding "
                                      "low-value ones, in the columns entered into CVP IS."))
def summary_report(*, params, user, progress) -> Document:
    document = summary_document(user, params["year"])
    progress(80)
    return document


# --- metrics (function 6.2) ---------------------------------------------------------------

APPROVED = (PurchaseStatus.APPROVED, PurchaseStatus.SURVEYED, PurchaseStatus.CONTRACTED)


def _period_days(period: Period):
    """The period's first and last moments as aware datetimes (``decided_at`` is one)."""
    zone = timezone.get_current_timezone()
    return (timezone.make_aware(datetime.combine(period.start, time.min), zone),
            timezone.make_aware(datetime.combine(period.end, time.max), zone))


def approved_purchases(period: Period, scope: Scope | None = None):
    """Purchases management approved in the period and not cancelled since. The
    department's own: none below the territory."""
    if scope is not None and scope.level != "territory":
        return Purchase.objects.none()
    start, end = _period_days(period)
    return Purchase.objects.filter(status__in=APPROVED, decided_at__gte=start,
                                   decided_at__lte=end)


def contracts_concluded(period: Period, scope: Scope | None = None):
    """Contracts and invoices signed in the period (the department's own: none below the
    territory)."""
    if scope is not None and scope.level != "territory":
        return Contract.objects.none()
    return Contract.objects.filter(signed_on__gte=period.start, signed_on__lte=period.end)


def value_concluded(period: Period, scope: Scope | None = None) -> Decimal:
    total = contracts_concluded(period, scope).order_by().aggregate(
        total=Sum("value"))["total"]
    return total or Decimal("0")


register_metric("pirkimai.purchases", label_lt="Patvirtinti pirkimai",
                label_en="Purchases approved", function="6.2", unit="vnt.",
                value=lambda period, scope: approved_purchases(period, scope).count(),
                records=approved_purchases)
register_metric("pirkimai.value", label_lt="Sudarytų sutarčių ir sąskaitų vertė be PVM",
                label_en="Value of contracts and invoices concluded, without VAT",
                function="6.2", unit="Eur", value=value_concluded,
                records=contracts_concluded, decimals=2)


# --- the annual report's chapter ------------------------------------------------------------

def purchases_by_method(year: int) -> list[dict]:
    """The year's approved purchases (not cancelled) by method and kind: a purchase's method
    is its plan line's, else the low-value one (its supplier survey). One query."""
    found = (approved_purchases(Period.year(year)).order_by()
             .values("planned__method", "kind")
             .annotate(count=Count("pk"), value=Sum("estimated_value")))
    table: dict = {}
    for row in found:
        method = row["planned__method"] or Method.LOW_VALUE
        entry = table.setdefault(method, {"method": method, "value": Decimal("0"),
                                          **dict.fromkeys(PurchaseKind.values, 0)})
        entry[row["kind"]] += row["count"]
        entry["value"] += row["value"] or Decimal("0")
    return [table[method] for method in Method.values if method in table]


@annual_report_section("pirkimai", title=gettext_lazy("Public procurement"), function="6.2",
                       order=90)
def annual_chapter(year: int, user=None) -> list[Section]:
    """The year's procurement, territory-wide (the department's own). Left out for a year
    with no approved purchase, no contract and no plan."""
    methods = purchases_by_method(year)
    contracts = (Contract.objects.filter(signed_on__year=year).order_by()
                 .aggregate(contracts=Count("pk", filter=Q(kind=ContractKind.CONTRACT)),
                            invoices=Count("pk", filter=Q(kind=ContractKind.INVOICE)),
                            value=Sum("value"), with_vat=Sum("value_with_vat")))
    state = selectors.summary_state(year)
    purchases = sum(sum(row[kind] for kind in PurchaseKind.values) for row in methods)
    if not (purchases or contracts["contracts"] or contracts["invoices"] or state.plan):
        return []
    value = contracts["value"] or Decimal("0")
    published = state.published_on.isoformat() if state.published_on else None
    text = _("In %(year)s management approved %(purchases)s purchases; %(contracts)s "
             "contracts and %(invoices)s invoices were concluded for %(value)s without VAT.") \
        % {"year": year, "purchases": purchases, "contracts": contracts["contracts"],
           "invoices": contracts["invoices"], "value": money_text(value)}
    if published:
        text += " " + _("The summary of planned purchases was published in CVP IS on "
                        "%(day)s.") % {"day": published}
    elif state.plan is not None:
        text += " " + _("The summary of planned purchases is not marked published in CVP "
                        "IS.")
    facts = [(_("Purchases approved"), purchases),
             (_("Contracts concluded"), contracts["contracts"]),
             (_("Invoices"), contracts["invoices"]),
             (_("Value without VAT"), money_text(value)),
             (_("Value with VAT"), money_text(contracts["with_vat"] or Decimal("0"))),
             (_("Summary published in CVP IS on"), published or "–")]
    tables = []
    if methods:
        labels = dict(Method.choices)
        rows = [[str(labels[row["method"]]), *(row[kind] for kind in PurchaseKind.values),
                 sum(row[kind] for kind in PurchaseKind.values), row["value"]]
                for row in methods]
        rows.append([_("Total"), *(sum(row[i] for row in rows) for i in range(1, 5)),
                     sum((row[5] for row in rows), Decimal("0"))])
        tables.append(Table(_("Purchases approved in %(year)s by method and kind")
                            % {"year": year},
                            [Column(pgettext("procurement", "Method")),
                             *(Column(str(label), "int") for label in PurchaseKind.labels),
                             Column(_("Total"), "int"),
                             Column(_("Estimated value without VAT, EUR"), "decimal", 2)],
                            rows))
    return [Section(heading=str(_("Public procurement")), paragraphs=[text], facts=facts,
                    tables=tables, key="pirkimai")]


