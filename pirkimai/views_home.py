"""The procurement home page (``/pirkimai/``): this year's plan in figures (its lines and
their sum, those above low-value, the warnings of splitting a purchase, the approval, the
day the summary is due in CVP IS), in the last quarter next year's plan too, the links to
the plan, the purchases, the contracts, the summary and the CPV vocabulary, and the cards
of the purchases' and contracts' areas (their ``selectors_*.home_context``).

Staff, management and administrators; a territory librarian gets a 404. A link to a page
not (yet) in the URLconf is left out rather than failing the page."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from pirkimai import selectors_contracts, selectors_purchases
from pirkimai import selectors_plan as selectors
from pirkimai.models import may_approve, may_prepare
from pirkimai.views_access import require_reader

#: From this month on, next year's plan is shown too (it is prepared in the last quarter).
NEXT_YEAR_FROM_MONTH = 10


def home(request):
    require_reader(request)
    user, today = request.user, timezone.localdate()
    this_year = selectors.year_figures(today.year, today)
    next_year = (selectors.year_figures(today.year + 1, today)
                 if today.month >= NEXT_YEAR_FROM_MONTH else None)
    links = {
        "plans": reverse("pirkimai:plan_list"),
        "plan_create": reverse("pirkimai:plan_create") if may_prepare(user) else "",
        "purchases": reverse("pirkimai:purchase_list"),
        "contracts": reverse("pirkimai:contract_list"),
        "summary": reverse("pirkimai:summary", args=[today.year]),
        "cpv": reverse("pirkimai:cpv_list"),
    }
    return render(request, "pirkimai/home.html", {
        "today": today, "figures": this_year, "next_figures": next_year, "links": links,
        "can_prepare": may_prepare(user), "can_approve": may_approve(user),
        "purchases_card": selectors_purchases.home_context(user),
        "contracts_card": selectors_contracts.home_context(user),
    })
