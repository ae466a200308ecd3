"""What other pages show of the contracts area:

- on a purchase's page, its contracts and invoices, and "Register the contract" for staff
  while the purchase is approved or its supplier chosen;
- on the home page of staff and management, the contracts ending within
  ``PROCUREMENT_CONTRACT_ENDING_DAYS`` (left out when there are none)."""

from django.urls import reverse
from django.utils import timezone

from paskyros.models import Role
from pirkimai import selectors_contracts as selectors
from pirkimai.models import Contract, Purchase, may_prepare, may_read
from pirkimai.services_contracts import READY
from portalas.registry import home_panel, object_panel

__all__ = ["contracts_ending", "purchase_contracts"]

HOME_SHOWN = 6


@object_panel(Purchase, template="pirkimai/_purchase_contracts.html", order=40)
def purchase_contracts(request, purchase):
    """The purchase's contracts (one query) and whether staff may register one."""
    user = request.user
    if not may_read(user):
        return None
    contracts = list(Contract.objects.visible_to(user).filter(purchase=purchase)
                     .select_related("supplier").order_by("signed_on", "pk"))
    can_register = may_prepare(user) and purchase.status in READY
    if not contracts and not can_register:
        return None
    return {"purchase": purchase, "contracts": contracts, "can_register": can_register,
            "create_url": f"{reverse('pirkimai:contract_create')}?purchase={purchase.pk}",
            "today": timezone.localdate()}


@home_panel(roles={Role.STAFF, Role.MANAGEMENT},
            template="pirkimai/_contract_home.html", order=60)
def contracts_ending(request):
    """Contracts ending soon, the soonest first (one query)."""
    user = request.user
    if not may_read(user):
        return None
    today = timezone.localdate()
    found = list(selectors.ending_soon(Contract.objects.visible_to(user), today)
                 [:HOME_SHOWN + 1])
    if not found:
        return None
    return {"rows": [{"contract": contract, "days": (contract.ends_on - today).days}
                     for contract in found[:HOME_SHOWN]],
            "more": len(found) > HOME_SHOWN,
            "days": selectors.ending_window(today)[1].isoformat(),
            "list_url": reverse("pirkimai:contract_list") + "#ending"}
