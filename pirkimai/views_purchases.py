"""Pages of the purchases: the list (filters, export of the filtered list), a purchase's
page (every field, its steps, the splitting warning, the offers with the chosen one, its
documents, "File it" and the sections other areas register for a purchase) and its history.
The forms are in ``views_purchases_forms``, the moves in ``views_purchases_moves``, the
survey in ``views_purchases_survey``.

Who: staff and management read every purchase (``may_read``); a territory librarian gets a
404 on every page, with or without an object. A page naming a purchase looks it up in
``Purchase.objects.visible_to`` first (404), then checks the role (403)."""

from dataclasses import dataclass

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy, pgettext_lazy

from pirkimai import selectors_purchases as selectors
from pirkimai.filters_purchases import PurchaseFilter
from pirkimai.forms_purchases import CancelForm, DecisionForm, ReturnForm
from pirkimai.models import (
    Criterion,
    Purchase,
    PurchaseStatus,
    SupplierOffer,
    may_approve,
    may_prepare,
    may_read,
)
from pirkimai.services_purchases import EDITABLE, SURVEYABLE, may_cancel
from pirkimai.views_access import ReaderMixin, procurement_crumbs, require_reader
from portalas.views import Column, ScopedDetailView, ScopedHistoryView, ScopedListView

__all__ = ["LIST_TITLE", "PurchaseDetailView", "PurchaseHistoryView", "PurchaseListView",
           "ReaderMixin", "purchase_crumbs", "purchase_of", "require_reader"]

LIST_TITLE = gettext_lazy("Purchases")


def purchase_of(request, pk, *related) -> Purchase:
    require_reader(request)
    return get_object_or_404(Purchase.objects.visible_to(request.user)
                             .select_related("cpv", *related), pk=pk)


def purchase_crumbs(purchase=None) -> list:
    """Procurement's home page (when the URLconf has it), the list, the purchase."""
    crumbs = procurement_crumbs()
    crumbs.append((reverse("pirkimai:purchase_list"), LIST_TITLE))
    if purchase is not None:
        crumbs.append((purchase.get_absolute_url(), purchase.full_number))
    return crumbs


# --- the list -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ComputedColumn(Column):
    """A column whose value a function computes from the row (exported alike)."""

    compute: object = None

    def value(self, obj):
        return self.compute(obj) if self.compute else super().value(obj)


def _name(user) -> str:
    return (user.full_name or user.email) if user else ""


def _chosen(purchase, attribute: str):
    offer = purchase.chosen_offer
    if offer is None:
        return None
    return offer.supplier.name if attribute == "supplier" else getattr(offer, attribute)


PAGE_COLUMNS = [
    Column("full_number", gettext_lazy("Number"), sort="number", text=False,
           template="pirkimai/_purchase_number_cell.html"),
    Column("title", gettext_lazy("Object of the purchase"), sort="title"),
    Column("cpv.code", gettext_lazy("CPV code"), sort="cpv__code", text=False,
           template="pirkimai/_purchase_cpv_cell.html"),
    Column("status", gettext_lazy("Status"), sort="status", text=False,
           template="pirkimai/_purchase_status_cell.html"),
    Column("estimated_value", gettext_lazy("Value without VAT, EUR"), sort="estimated_value",
           text=False, numeric=True, template="pirkimai/_purchase_value_cell.html"),
    ComputedColumn("project", pgettext_lazy("purchase filter", "Project"),
                   compute=lambda p: str(p.project) if p.project_id else ""),
    ComputedColumn("requested_by", gettext_lazy("Requested by"),
                   compute=lambda p: _name(p.requested_by)),
]
EXPORT_COLUMNS = [
    Column("full_number", gettext_lazy("Number")),
    Column("year", gettext_lazy("Year")),
    Column("title", gettext_lazy("Object of the purchase")),
    Column("cpv.code", gettext_lazy("CPV code")),
    ComputedColumn("cpv_title", gettext_lazy("CPV title"), compute=lambda p: p.cpv.title),
    Column("kind", pgettext_lazy("purchase", "Kind")),
    ComputedColumn("planned", gettext_lazy("Line of the plan"),
                   compute=lambda p: p.planned.title if p.planned_id else ""),
    Column("need", gettext_lazy("Need")),
    Column("justification", gettext_lazy("Justification")),
    Column("estimated_value", gettext_lazy("Value without VAT, EUR")),
    Column("needed_by", gettext_lazy("Needed by")),
    Column("funding", gettext_lazy("Paid from")),
    Column("budget_line", gettext_lazy("Budget line")),
    ComputedColumn("project", pgettext_lazy("purchase filter", "Project"),
                   compute=lambda p: str(p.project) if p.project_id else ""),
    ComputedColumn("project_budget_line", gettext_lazy("Project's budget line"),
                   compute=lambda p: str(p.project_budget_line)
                   if p.project_budget_line_id else ""),
    Column("status", gettext_lazy("Status")),
    ComputedColumn("requested_by", gettext_lazy("Requested by"),
                   compute=lambda p: _name(p.requested_by)),
    ComputedColumn("submitted_at", gettext_lazy("Submitted"),
                   compute=lambda p: selectors.moment(p.submitted_at)),
    ComputedColumn("decided_by", gettext_lazy("Decided by"),
                   compute=lambda p: _name(p.decided_by)),
    ComputedColumn("decided_at", gettext_lazy("Decided"),
                   compute=lambda p: selectors.moment(p.decided_at)),
    Column("surveyed_on", gettext_lazy("Survey date")),
    ComputedColumn("supplier", gettext_lazy("Supplier chosen"),
                   compute=lambda p: _chosen(p, "supplier")),
    ComputedColumn("price", gettext_lazy("Price without VAT, EUR"),
                   compute=lambda p: _chosen(p, "price")),
    ComputedColumn("price_with_vat", gettext_lazy("Price with VAT, EUR"),
                   compute=lambda p: _chosen(p, "price_with_vat")),
    Column("cancelled_reason", gettext_lazy("Why cancelled")),
]


class PurchaseListView(ReaderMixin, ScopedListView):
    model = Purchase
    allowed = staticmethod(may_read)
    filterset_class = PurchaseFilter
    template_name = "pirkimai/purchase_list.html"
    results_template = "pirkimai/_purchase_results.html"
    actions_template = "pirkimai/_purchase_list_actions.html"
    title = LIST_TITLE
    description = gettext_lazy("Purchase requests from the request to the supplier's choice "
                               "and the contract, newest first.")
    empty_text = gettext_lazy("No purchases match the filter.")
    export_name = "pirkimai"
    default_sort = "-number"
    paginate_by = 50
    columns = PAGE_COLUMNS

    def refine(self, queryset):
        if self.request.GET.get("export"):
            return (queryset.select_related(*selectors.LIST_RELATED, "planned",
                                            "project_budget_line", "decided_by")
                    .prefetch_related("offers__supplier"))
        return queryset.select_related(*selectors.LIST_RELATED)

    def order(self, queryset):
        key = self.sort_key()
        if key.lstrip("-") == "number":
            descending = "-" if key.startswith("-") else ""
            return queryset.order_by(f"{descending}year", f"{descending}number")
        return super().order(queryset)

    def export(self, fmt: str):
        self.columns = EXPORT_COLUMNS
        return super().export(fmt)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"can_create": may_prepare(self.request.user),
                        "crumbs": purchase_crumbs()})
        return context


# --- one purchase -------------------------------------------------------------------------------

class PurchaseDetailView(ReaderMixin, ScopedDetailView):
    model = Purchase
    allowed = staticmethod(may_read)
    template_name = "pirkimai/purchase_detail.html"
    context_object_name = "purchase"

    def refine(self, queryset):
        return queryset.select_related(*selectors.DETAIL_RELATED)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        purchase, user = self.object, self.request.user
        offers = list(purchase.offers.select_related("supplier").order_by("position", "pk"))
        chosen = next((offer for offer in offers if offer.chosen), None)
        status = purchase.status
        check = selectors.threshold_of(purchase)
        prepare, approve = may_prepare(user), may_approve(user)
        context.update({
            "offers": offers, "chosen": chosen,
            "cheapest": selectors.cheapest(offers),
            "criterion_price": purchase.criterion == Criterion.PRICE,
            "check": check, "timeline": selectors.timeline(purchase),
            "warning_percent": settings.PROCUREMENT_WARNING_PERCENT,
            "editable": status in EDITABLE,
            "can_edit": prepare and status in EDITABLE,
            "can_submit": prepare and status in EDITABLE,
            "confirm_needed": bool(check and check.warns and not purchase.threshold_confirmed),
            "can_decide": approve and status == PurchaseStatus.SUBMITTED,
            "can_survey": prepare and status in SURVEYABLE,
            "can_cancel": may_cancel(user) and status not in (PurchaseStatus.CONTRACTED,
                                                              PurchaseStatus.CANCELLED),
            "has_survey": bool(offers) and chosen is not None,
            "decision_form": DecisionForm(auto_id="id_approve_%s"),
            "return_form": ReturnForm(auto_id="id_return_%s"),
            "cancel_form": CancelForm(auto_id="id_cancel_%s"),
            "crumbs": purchase_crumbs(),
            "params": {"purchase": str(purchase.pk)},
        })
        return context


class PurchaseHistoryView(ReaderMixin, ScopedHistoryView):
    model = Purchase
    allowed = staticmethod(may_read)
    template_name = "pirkimai/purchase_history.html"
    context_object_name = "purchase"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"crumbs": purchase_crumbs(self.object),
                        "offer_entries": offer_history(self.object)})
        return context


def offer_history(purchase: Purchase, limit: int = 100) -> list[dict]:
    """Every change of the purchase's offers, newest first, each naming its supplier."""
    from portalas.views import field_changes

    records = (SupplierOffer.history.filter(purchase_id=purchase.pk)
               .select_related("history_user", "supplier").order_by("-history_date")[:limit])
    return [{"date": record.history_date, "user": record.history_user,
             "type": record.history_type, "supplier": record.supplier,
             "changes": field_changes(record)} for record in records]
