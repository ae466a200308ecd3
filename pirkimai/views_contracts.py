"""Pages of the contract register: the year's concluded contracts and invoices (filters,
sums, the register as XLSX, those ending soon), a contract's page, its history, its signed
copy and its removal. The forms (registering, editing) are in ``views_contracts_forms``.

Who: staff and management read (``may_read``), staff write (``may_prepare``). A territory
librarian gets a 404 on every page, with or without an object; management a 403 on a
write."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET

from pirkimai import selectors_contracts as selectors
from pirkimai import services_contracts as services
from pirkimai.filters_contracts import ContractFilter
from pirkimai.models import Contract, ContractKind, SupplierOffer, may_prepare
from pirkimai.views_access import (
    ReaderMixin,
    procurement_crumbs,
    require_preparer,
    require_reader,
)
from portalas import files
from portalas.converters import YEAR_MAX, YEAR_MIN
from portalas.views import Column, ScopedDetailView, ScopedHistoryView, ScopedListView

LIST_TITLE = gettext_lazy("Contracts and invoices")
DETAIL_RELATED = ("supplier", "purchase__planned", "purchase__cpv", "planned__plan",
                  "planned__cpv", "created_by")


# --- access --------------------------------------------------------------------------------------

def contract_of(request, pk) -> Contract:
    require_reader(request)
    return get_object_or_404(Contract.objects.visible_to(request.user)
                             .select_related("supplier", "purchase"), pk=pk)


def list_crumbs(year: int | None = None) -> list:
    url = reverse("pirkimai:contract_list")
    if year is not None and year != timezone.localdate().year:
        url += f"?year={year}"
    return [*procurement_crumbs(), (url, LIST_TITLE)]


def contract_crumbs(contract: Contract) -> list:
    return [*list_crumbs(contract.signed_on.year),
            (contract.get_absolute_url(), str(contract))]


# --- the register --------------------------------------------------------------------------------

class ContractListView(ReaderMixin, ScopedListView):
    """The register of a year (``?year=``, this year by default)."""

    model = Contract
    filterset_class = ContractFilter
    template_name = "pirkimai/contract_list.html"
    results_template = "pirkimai/_contract_results.html"
    title = LIST_TITLE
    description = gettext_lazy("The register of concluded contracts and invoices, by the year "
                               "they were signed.")
    empty_text = gettext_lazy("No contracts or invoices match the filter.")
    default_sort = "signed_on"
    paginate_by = 100
    columns = [Column("signed_on", gettext_lazy("Date"), sort="signed_on", text=False),
               Column("number", gettext_lazy("Number"), sort="number"),
               Column("supplier.name", gettext_lazy("Supplier"), sort="supplier__name"),
               Column("subject", pgettext_lazy("contract", "Subject"), sort="subject"),
               Column("value", gettext_lazy("Value without VAT"), sort="value", text=False,
                      numeric=True),
               Column("ends_on", pgettext_lazy("contract", "Valid until"), sort="ends_on",
                      text=False)]

    def dispatch(self, request, *args, **kwargs):
        self.year = self._year(request)
        return super().dispatch(request, *args, **kwargs)

    @staticmethod
    def _year(request) -> int:
        wanted = request.GET.get("year", "")
        if wanted.isdigit() and YEAR_MIN <= int(wanted) <= YEAR_MAX:
            return int(wanted)
        return timezone.localdate().year

    def refine(self, queryset):
        return queryset.of_year(self.year).select_related(*selectors.REGISTER_RELATED)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        filtered = self.filterset.qs if self.filterset is not None else self.get_queryset()
        start, end = selectors.ending_window()
        context.update({
            "contracts": context["object_list"], "year": self.year,
            "years": selectors.contract_years(user),
            "totals": selectors.totals(filtered),
            "filtered": bool(self.filterset is not None and self.filterset.is_bound
                             and any(self.request.GET.get(name) for name in
                                     ("q", "kind", "supplier"))),
            "ending": list(selectors.ending_soon(Contract.objects.visible_to(user))),
            "ending_until": end, "today": start,
            "can_create": may_prepare(user),
            "document_params": {"year": self.year},
            "crumbs": procurement_crumbs(),
        })
        return context


# --- one contract --------------------------------------------------------------------------------

class ContractDetailView(ReaderMixin, ScopedDetailView):
    model = Contract
    template_name = "pirkimai/contract_detail.html"
    context_object_name = "contract"

    def refine(self, queryset):
        return queryset.select_related(*DETAIL_RELATED).prefetch_related(
            Prefetch("purchase__offers", queryset=SupplierOffer.objects.select_related(
                "supplier")))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        contract, today = self.object, timezone.localdate()
        purchase = contract.purchase
        offer = purchase.chosen_offer if purchase is not None else None
        can_edit = may_prepare(self.request.user)
        start, end = selectors.ending_window(today)
        context.update({
            "purchase": purchase, "offer": offer, "today": today,
            "warnings": services.contract_warnings(value=contract.value, purchase=purchase,
                                                   planned=contract.planned),
            "ending_soon": contract.ends_on is not None and start <= contract.ends_on <= end,
            "expired": contract.ends_on is not None and contract.ends_on < today,
            "days_left": (contract.ends_on - today).days if contract.ends_on else None,
            "can_edit": can_edit, "can_delete": can_edit,
            "is_contract": contract.kind == ContractKind.CONTRACT,
            "document_params": {"contract": contract.pk},
            "crumbs": list_crumbs(contract.signed_on.year),
        })
        return context


class ContractHistoryView(ReaderMixin, ScopedHistoryView):
    model = Contract
    template_name = "pirkimai/contract_history.html"
    context_object_name = "contract"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["crumbs"] = contract_crumbs(self.object)
        return context


@require_GET
def contract_file(request, pk):
    """The signed copy, to staff and management (never a public media address); its type
    told by its content."""
    contract = contract_of(request, pk)
    stored = contract.file
    if not stored or not stored.storage.exists(stored.name):
        raise Http404
    handle = stored.open("rb")
    kind = files.file_kind(handle)
    if kind not in services.FILE_KINDS:
        handle.close()
        raise Http404
    name = files.clean_file_name(contract.file_name or stored.name, kind, fallback="sutartis")
    response = FileResponse(handle, content_type=files.CONTENT_TYPES[kind],
                            as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response


def contract_delete(request, pk):
    """Remove a contract registered by mistake (GET: the confirmation)."""
    contract = contract_of(request, pk)
    require_preparer(request)
    if request.method == "POST":
        try:
            services.delete_contract(contract=contract, by=request.user)
        except services.Refused as refusal:
            messages.error(request, " ".join(refusal.messages))
            return redirect("pirkimai:contract_list")
        messages.success(request, _("%(contract)s has been removed from the register.")
                         % {"contract": contract})
        if contract.purchase_id:
            return redirect(contract.purchase)
        return redirect(f"{reverse('pirkimai:contract_list')}?year={contract.signed_on.year}")
    return render(request, "pirkimai/contract_delete.html", {
        "contract": contract, "crumbs": contract_crumbs(contract)})
