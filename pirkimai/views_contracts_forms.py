"""The forms of a contract or invoice: registering one (``?purchase=`` fills the supplier,
the value and the subject from the purchase's chosen offer) and editing it, safe against two
editors at once. The service's warnings come back onto the form with a box to confirm.

Who: staff only (``may_prepare``); a librarian gets a 404, management a 403."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pirkimai import services_contracts as services
from pirkimai.forms_contracts import ContractForm, refusal_to_form
from pirkimai.models import Contract, ContractKind, Purchase, may_prepare
from pirkimai.views_contracts import (
    ReaderMixin,
    contract_crumbs,
    list_crumbs,
    require_preparer,
)
from portalas.views import ScopedUpdateView, VersionedUpdateMixin


def _purchase(request, value) -> Purchase | None:
    """The purchase named in the address or the form, among those the user sees."""
    if value in (None, ""):
        return None
    if not str(value).isdigit():
        raise Http404
    return get_object_or_404(Purchase.objects.visible_to(request.user)
                             .select_related("planned", "cpv")
                             .prefetch_related("offers__supplier"), pk=value)


def _initial(purchase: Purchase | None) -> dict:
    initial = {"signed_on": timezone.localdate().isoformat(), "kind": ContractKind.CONTRACT}
    if purchase is None:
        return initial
    initial["subject"] = purchase.title
    offer = purchase.chosen_offer
    if offer is not None:
        initial.update({"supplier": offer.supplier_id, "value": offer.price,
                        "value_with_vat": offer.price_with_vat})
    return initial


def _purchase_not_ready(request, purchase: Purchase):
    messages.error(request, _("The purchase %(number)s is “%(status)s”: a contract closes an "
                              "approved purchase or one whose supplier was chosen.")
                   % {"number": purchase.full_number,
                      "status": purchase.get_status_display()})
    return redirect(purchase)


def contract_create(request):
    """Register a concluded contract or invoice (of ``?purchase=``, or of none)."""
    require_preparer(request)
    source = request.POST if request.method == "POST" else request.GET
    purchase = _purchase(request, source.get("purchase"))
    if purchase is not None and purchase.status not in services.READY:
        return _purchase_not_ready(request, purchase)
    if request.method == "POST":
        form = ContractForm(request.POST, request.FILES, user=request.user, purchase=purchase)
        if form.is_valid():
            try:
                contract = services.register_contract(by=request.user,
                                                      **form.service_arguments())
            except services.Warned as warned:
                form.warned(warned.warnings)
            except services.Refused as refusal:
                refusal_to_form(form, refusal)
            else:
                messages.success(request, _("%(contract)s of %(supplier)s has been registered.")
                                 % {"contract": contract, "supplier": contract.supplier.name})
                return redirect(contract)
    else:
        form = ContractForm(initial=_initial(purchase), user=request.user, purchase=purchase)
    crumbs = list_crumbs()
    if purchase is not None:
        crumbs.append((purchase.get_absolute_url(), purchase.full_number))
    return render(request, "pirkimai/contract_form.html", {
        "form": form, "purchase": purchase, "offer": purchase.chosen_offer if purchase else None,
        "title": _("Register the contract") if purchase is not None
        else _("Register a contract or invoice"), "crumbs": crumbs,
        "cancel_url": purchase.get_absolute_url() if purchase is not None
        else list_crumbs()[-1][0]})


class ContractUpdateView(ReaderMixin, VersionedUpdateMixin, ScopedUpdateView):
    model = Contract
    form_class = ContractForm
    allowed = staticmethod(may_prepare)
    template_name = "pirkimai/contract_form.html"
    context_object_name = "contract"
    stale_message = gettext_lazy(
        "%(name)s saved this contract after you opened it, so your changes have not been "
        "saved. They are still below: compare them with the contract (open it in another "
        "tab), then save again to keep yours.")

    def refine(self, queryset):
        return queryset.select_related("supplier", "purchase__planned", "planned")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        contract = self.object
        context.update({"title": _("Edit %(contract)s") % {"contract": contract},
                        "crumbs": contract_crumbs(contract), "purchase": contract.purchase,
                        "cancel_url": contract.get_absolute_url()})
        return context

    def form_valid(self, form):
        try:
            contract = services.update_contract(contract=self.object, by=self.request.user,
                                                version=self.seen_version(),
                                                **form.changed_values())
        except services.Warned as warned:
            form.warned(warned.warnings)
            return self.form_invalid(form)
        except services.Refused as refusal:
            if refusal.code == "stale":
                return self.stale(form, Contract.objects.get(pk=self.object.pk))
            refusal_to_form(form, refusal)
            return self.form_invalid(form)
        messages.success(self.request, _("%(contract)s has been saved.")
                         % {"contract": contract})
        return redirect(contract)
