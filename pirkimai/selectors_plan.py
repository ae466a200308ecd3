"""Reads of the procurement plan, for its pages, its document and the home page:

- ``plan_lines(plan)``: the plan's lines with their CPV code, responsible person and how
  many purchases were made under each (one query);
- ``by_quarter(lines)``: the lines grouped by quarter with each quarter's sum;
- ``cpv_totals(lines)``: the totals by CPV code — every line's sum, the low-value lines'
  sum against the threshold of their kind (the share and the warning of
  ``pirkimai.thresholds``), the other methods' sum;
- ``method_totals(lines)``: the low-value lines and the others, counted and summed;
- ``with_totals(plans)``: plans with their lines counted and summed (the list page);
- ``year_figures(year)``: the year's plan in figures (the procurement home page);
- ``summary_due(year)``: the day the year's summary is to be published in CVP IS;
- ``responsible_people(current_id)``: who may be responsible for a line;
- ``line_history(plan)``: who changed the plan's lines, what and when, in a fixed number of
  queries (each change against the line's previous record in the same window)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from paskyros.models import Role
from pirkimai import thresholds
from pirkimai.models import (
    CpvCode,
    Method,
    PlannedPurchase,
    ProcurementPlan,
    PurchaseKind,
    threshold_for,
)
from portalas.ordering import lt_order

__all__ = ["CpvTotal", "by_quarter", "cpv_totals", "line_history", "method_totals",
           "plan_lines", "responsible_people", "summary_due", "with_totals", "year_figures"]

ZERO = Decimal("0")
QUARTERS = (1, 2, 3, 4)


def plan_lines(plan: ProcurementPlan) -> list[PlannedPurchase]:
    return list(plan.purchases.select_related("cpv", "responsible")
                .annotate(purchase_count=Count("purchases"))
                .order_by("quarter", "position", "pk"))


def by_quarter(lines: list[PlannedPurchase]) -> list[dict]:
    """Every quarter (an empty one too), its lines and their sum."""
    groups = {quarter: [] for quarter in QUARTERS}
    for line in lines:
        groups[line.quarter].append(line)
    return [{"quarter": quarter, "lines": rows,
             "total": sum((line.estimated_value for line in rows), ZERO)}
            for quarter, rows in groups.items()]


@dataclass
class CpvTotal:
    """The lines of one CPV code: all of them, and the low-value ones against the
    threshold (``check``: None when the code has no low-value line)."""

    cpv: CpvCode
    kinds: list[str] = field(default_factory=list)
    count: int = 0
    total: Decimal = ZERO
    low_value: Decimal = ZERO
    other: Decimal = ZERO
    check: thresholds.ThresholdCheck | None = None

    @property
    def kind_labels(self) -> str:
        return ", ".join(str(PurchaseKind(kind).label) for kind in self.kinds)

    @property
    def threshold(self) -> Decimal:
        return self.check.threshold if self.check else threshold_for(self._strictest())

    @property
    def level(self) -> str:
        return self.check.level if self.check else "ok"

    def _strictest(self) -> str:
        """The kind whose threshold is lowest (a code planned as goods and as works is held
        to the goods' threshold)."""
        return min(self.kinds, key=threshold_for) if self.kinds else PurchaseKind.GOODS


def cpv_totals(lines: list[PlannedPurchase]) -> list[CpvTotal]:
    """By CPV code, in the codes' order. The warning is the one the line form gives:
    the year's low-value lines of a code at ``PROCUREMENT_WARNING_PERCENT`` of the
    threshold ("near") or at the threshold and above ("over")."""
    totals: dict[int, CpvTotal] = {}
    low_kinds: dict[int, set] = defaultdict(set)
    for line in lines:
        row = totals.setdefault(line.cpv_id, CpvTotal(cpv=line.cpv))
        if line.kind not in row.kinds:
            row.kinds.append(line.kind)
        row.count += 1
        row.total += line.estimated_value
        if line.method == Method.LOW_VALUE:
            row.low_value += line.estimated_value
            low_kinds[line.cpv_id].add(line.kind)
        else:
            row.other += line.estimated_value
    for cpv_id, row in totals.items():
        if row.low_value:
            kind = min(low_kinds[cpv_id], key=threshold_for)
            row.check = thresholds.check(row.low_value, kind)
    return sorted(totals.values(), key=lambda row: row.cpv.code)


def method_totals(lines: list[PlannedPurchase]) -> dict:
    low = [line for line in lines if line.method == Method.LOW_VALUE]
    other = [line for line in lines if line.method != Method.LOW_VALUE]
    return {"low_value": {"count": len(low),
                          "total": sum((line.estimated_value for line in low), ZERO)},
            "other": {"count": len(other),
                      "total": sum((line.estimated_value for line in other), ZERO)},
            "all": {"count": len(lines),
                    "total": sum((line.estimated_value for line in lines), ZERO)}}


def _money(expression):
    return Coalesce(expression, Value(ZERO),
                    output_field=DecimalField(max_digits=14, decimal_places=2))


def with_totals(plans):
    """The plans with ``line_count``, ``total``, ``above_count`` (lines not low-value: what
    the summary lists) and ``above_total``."""
    above = ~Q(purchases__method=Method.LOW_VALUE)
    return plans.annotate(
        line_count=Count("purchases"),
        total=_money(Sum("purchases__estimated_value")),
        above_count=Count("purchases", filter=above),
        above_total=_money(Sum("purchases__estimated_value", filter=above)))


def summary_due(year: int) -> date:
    """The day the summary of ``year``'s planned purchases is due in CVP IS."""
    month, day = (int(part) for part in settings.PROCUREMENT_SUMMARY_DUE.split("-"))
    return date(year, month, day)


def year_figures(year: int, today: date) -> dict:
    """The year's plan in figures for the home page: the plan (or None), its lines, their
    sum, how many are not low-value and their sum, the warnings of splitting, the
    summary's due day and whether it is past."""
    plan = with_totals(ProcurementPlan.objects.filter(year=year)).select_related(
        "approved_by").first()
    due = summary_due(year)
    figures = {"year": year, "plan": plan, "due": due, "warnings": 0,
               "due_in": (due - today).days}
    if plan is not None:
        lines = list(plan.purchases.select_related("cpv").only(
            "cpv__code", "kind", "method", "estimated_value", "plan_id", "cpv_id"))
        figures["warnings"] = sum(1 for row in cpv_totals(lines) if row.level != "ok")
    return figures


def responsible_people(current_id=None):
    """Staff and management who may be responsible for a line (and whoever is now)."""
    return (get_user_model().objects
            .filter(Q(is_active=True, role__in=[Role.STAFF, Role.MANAGEMENT, Role.ADMIN])
                    | Q(pk=current_id))
            .order_by(lt_order("full_name"), "email"))


# --- the history of the lines -----------------------------------------------------------------

#: What the history does not show of a line (its place in the list, its plan).
NOT_SHOWN = {"position", "plan"}


def line_history(plan: ProcurementPlan, *, limit: int = 300, since=None) -> list[dict]:
    """The latest ``limit`` changes of the plan's lines, newest first: when, who, which line,
    whether after ``since`` (the approval), and each changed field's old and new value. A
    record is compared with the line's previous record in the same window (the database is
    asked only for a line whose previous record is older than the window); the codes and
    people the changes name are read in one query each."""
    records = list(PlannedPurchase.history.filter(plan_id=plan.pk)
                   .select_related("history_user").order_by("-history_date", "-history_id")
                   [:limit])
    latest, changes = {}, {}
    for record in reversed(records):                    # the oldest first
        previous = latest.get(record.id)
        if previous is None and record.history_type != "+":
            previous = record.prev_record
        changes[record.history_id] = [] if previous is None else [
            change for change in record.diff_against(previous).changes
            if change.field not in NOT_SHOWN]
        latest[record.id] = record
    named = defaultdict(set)
    for found in changes.values():
        for change in found:
            if change.field in ("cpv", "responsible"):
                named[change.field] |= {change.old, change.new} - {None}
    labels = {"cpv": dict(CpvCode.objects.filter(pk__in=named["cpv"])
                          .values_list("pk", "code")),
              "responsible": {person.pk: str(person) for person in get_user_model().objects
                              .filter(pk__in=named["responsible"])}}
    entries = []
    for record in records:
        shown = [{"field": PlannedPurchase._meta.get_field(change.field).verbose_name,
                  "old": _shown(change.field, change.old, labels),
                  "new": _shown(change.field, change.new, labels)}
                 for change in changes[record.history_id]]
        if record.history_type in ("+", "-"):      # one row: added or deleted
            shown = [{"field": "", "old": "", "new": ""}]
        entries.append({"date": record.history_date, "user": record.history_user,
                        "type": record.history_type, "line": record.title,
                        "after_approval": since is not None and record.history_date > since,
                        "changes": shown})
    return entries


def _shown(name: str, value, labels: dict) -> str:
    from django.utils.translation import gettext

    from portalas.templatetags.portal import number

    if value in (None, ""):
        return "–"
    if name in labels:
        return labels[name].get(value, f"#{value}")
    field = PlannedPurchase._meta.get_field(name)
    if field.choices:
        return str(dict(field.choices).get(value, value))
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, Decimal):
        return number(value, 2)
    return str(value)
