"""Read-side queries of the contracts area: the year's register and its sums, the contracts
ending soon, the years with contracts, the home card; and how money is written."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import formats, timezone

from pirkimai.models import Contract, ContractKind, may_prepare, may_read
from portalas.numbers import rounded

__all__ = ["REGISTER_RELATED", "Totals", "contract_years", "ending_soon", "ending_window",
           "home_context", "money_text", "percent_text", "register_contracts", "totals"]

#: What a row of the register shows besides the contract.
REGISTER_RELATED = ("supplier", "purchase", "planned")
HOME_SHOWN = 5


def money_text(value) -> str:
    """A sum as the active language writes it: ``12 345,60 €``; unknown: ``–``."""
    if value is None:
        return "–"
    return formats.number_format(rounded(value, 2), decimal_pos=2, use_l10n=True,
                                 force_grouping=True) + " €"


def percent_text(value, *, signed: bool = False) -> str:
    if value is None:
        return "–"
    text = formats.number_format(rounded(value, 1), decimal_pos=1, use_l10n=True,
                                 force_grouping=True)
    return f"+{text}" if signed and value > 0 else text


def ending_window(today: date | None = None) -> tuple[date, date]:
    """Today and the last day "ending soon" covers (``PROCUREMENT_CONTRACT_ENDING_DAYS``)."""
    today = today or timezone.localdate()
    return today, today + timedelta(days=settings.PROCUREMENT_CONTRACT_ENDING_DAYS)


def ending_soon(queryset, today: date | None = None):
    """The contracts of ``queryset`` still valid that end within the window, soonest
    first."""
    start, end = ending_window(today)
    return (queryset.ending_between(start, end).select_related("supplier")
            .order_by("ends_on", "pk"))


def register_contracts(user, year: int):
    """The year's concluded contracts and invoices the user sees, in the register's order
    (by date, then number)."""
    return (Contract.objects.visible_to(user).of_year(year).select_related(*REGISTER_RELATED)
            .order_by("signed_on", "pk"))


@dataclass(frozen=True)
class Totals:
    count: int
    contracts: int
    invoices: int
    value: Decimal
    value_with_vat: Decimal
    without_vat_known: int      # rows whose value with VAT is not known

    @property
    def vat_complete(self) -> bool:
        return self.without_vat_known == 0


def totals(queryset) -> Totals:
    """Counts and sums of ``queryset`` in one query."""
    found = queryset.order_by().aggregate(
        count=Count("pk"),
        contracts=Count("pk", filter=Q(kind=ContractKind.CONTRACT)),
        invoices=Count("pk", filter=Q(kind=ContractKind.INVOICE)),
        total_value=Sum("value"), total_with_vat=Sum("value_with_vat"),
        unknown=Count("pk", filter=Q(value_with_vat__isnull=True)))
    return Totals(found["count"], found["contracts"], found["invoices"],
                  found["total_value"] or Decimal("0"),
                  found["total_with_vat"] or Decimal("0"), found["unknown"])


def contract_years(user) -> list[int]:
    """The years with contracts the user sees, and this year, newest first."""
    years = set(Contract.objects.visible_to(user).order_by()
                .annotate(year=ExtractYear("signed_on")).values_list("year", flat=True)
                .distinct())
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def home_context(user) -> dict:
    """What the procurement home page shows of this area (its card's context): the
    contracts ending soon and the state of this year's summary. Empty for whoever may not
    read procurement."""
    if not may_read(user):
        return {}
    from pirkimai.selectors_summary import summary_state

    today = timezone.localdate()
    ending = list(ending_soon(Contract.objects.visible_to(user), today)[:HOME_SHOWN + 1])
    year_contracts = totals(Contract.objects.visible_to(user).of_year(today.year))
    return {
        "ending": [{"contract": contract, "days": (contract.ends_on - today).days}
                   for contract in ending[:HOME_SHOWN]],
        "more": len(ending) > HOME_SHOWN,
        "ending_days": settings.PROCUREMENT_CONTRACT_ENDING_DAYS,
        "year": today.year, "totals": year_contracts,
        "summary": summary_state(today.year, today=today),
        "list_url": reverse("pirkimai:contract_list"),
        "create_url": reverse("pirkimai:contract_create") if may_prepare(user) else "",
        "summary_url": reverse("pirkimai:summary", args=[today.year]),
    }
