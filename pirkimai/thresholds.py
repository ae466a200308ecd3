"""How close a year's purchases of one CPV code come to the low-value threshold of their
kind — the warning against splitting a purchase into low-value parts. The plan and the
purchases both ask here, so the two pages never disagree."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Sum

from pirkimai.models import Method, PlannedPurchase, Purchase, PurchaseStatus, threshold_for


@dataclass(frozen=True)
class ThresholdCheck:
    total: Decimal          # the year's sum of the code, the purchase in question included
    threshold: Decimal
    level: str              # "ok", "near" (at the warning share or more) or "over"

    @property
    def percent(self) -> Decimal:
        return (self.total * 100 / self.threshold).quantize(Decimal("0.1"))

    @property
    def warns(self) -> bool:
        return self.level != "ok"


def check(total: Decimal, kind: str) -> ThresholdCheck:
    threshold = threshold_for(kind)
    if total >= threshold:
        level = "over"
    elif total * 100 >= threshold * settings.PROCUREMENT_WARNING_PERCENT:
        level = "near"
    else:
        level = "ok"
    return ThresholdCheck(total, threshold, level)


def purchases_total(year: int, cpv_id: int, *, exclude_pk=None) -> Decimal:
    """The year's purchases of a CPV code (cancelled ones left out)."""
    rows = Purchase.objects.filter(year=year, cpv_id=cpv_id).exclude(
        status=PurchaseStatus.CANCELLED)
    if exclude_pk:
        rows = rows.exclude(pk=exclude_pk)
    return rows.aggregate(total=Sum("estimated_value"))["total"] or Decimal("0")


def purchase_check(*, year: int, cpv, kind: str, value: Decimal,
                   exclude_pk=None) -> ThresholdCheck:
    """A purchase of ``value`` added to the year's others of its code."""
    return check(purchases_total(year, cpv.pk, exclude_pk=exclude_pk) + (value or 0), kind)


def planned_total(year: int, cpv_id: int, *, exclude_pk=None) -> Decimal:
    rows = PlannedPurchase.objects.filter(plan__year=year, cpv_id=cpv_id,
                                          method=Method.LOW_VALUE)
    if exclude_pk:
        rows = rows.exclude(pk=exclude_pk)
    return rows.aggregate(total=Sum("estimated_value"))["total"] or Decimal("0")


def planned_check(*, year: int, cpv, kind: str, value: Decimal,
                  exclude_pk=None) -> ThresholdCheck:
    """A low-value line of the plan added to the year's other low-value lines of its
    code: at the threshold or above, the code's purchases are not low-value together."""
    return check(planned_total(year, cpv.pk, exclude_pk=exclude_pk) + (value or 0), kind)
