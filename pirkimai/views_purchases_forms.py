"""The request's forms: a new request (``?project=`` and ``?planned=`` fill it in) and the
edit of a draft or returned one, safe against two editors at once. A save that brings the
year's purchases of the CPV code near the low-value threshold or over it is held back
once, with the warning and a box to confirm it.

Who: staff (``may_prepare``); management a 403, a librarian a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pirkimai import services_purchases as services
from pirkimai.forms_purchases import PurchaseForm, refusal_to_form
from pirkimai.models import FundingSource, PlannedPurchase, Purchase, may_prepare
from pirkimai.views_purchases import (
    LIST_TITLE,
    ReaderMixin,
    purchase_crumbs,
    require_reader,
)
from portalas.views import ScopedUpdateView, VersionedUpdateMixin

__all__ = ["PurchaseUpdateView", "purchase_create"]


def _refused(form, refusal) -> None:
    """The refusal onto the form; the splitting warning as the form's warning, with its
    confirmation box."""
    if refusal.code == "threshold":
        form.threshold_warning = " ".join(refusal.messages)
    else:
        refusal_to_form(form, refusal)


def _initial(request) -> dict:
    """What the address fills in: a project (and that it pays), a line of the plan."""
    from projektai.models import Project

    initial = {}
    project = request.GET.get("project", "")
    if project.isdigit():
        found = Project.objects.visible_to(request.user).filter(pk=project).first()
        if found is not None:
            initial.update({"project": found.pk, "funding": FundingSource.PROJECT})
    planned = request.GET.get("planned", "")
    if planned.isdigit():
        line = (PlannedPurchase.objects.visible_to(request.user).select_related("cpv")
                .filter(pk=planned).first())
        if line is not None:
            initial.update({"planned": line.pk, "title": line.title, "cpv": line.cpv,
                            "kind": line.kind, "estimated_value": line.estimated_value})
    return initial


@login_required
def purchase_create(request):
    """A new request (a draft): saved, it gets its number and waits to be submitted."""
    require_reader(request)
    if not may_prepare(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = PurchaseForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                purchase = services.create_request(
                    by=request.user, confirmed=form.cleaned_data["confirm_threshold"],
                    **form.service_values())
            except services.Refused as refusal:
                _refused(form, refusal)
            else:
                messages.success(request, _("The request %(number)s is saved as a draft: "
                                            "check it and submit it for approval.")
                                 % {"number": purchase.full_number})
                return redirect(purchase)
    else:
        form = PurchaseForm(initial=_initial(request), user=request.user)
    return render(request, "pirkimai/purchase_form.html", {
        "form": form, "title": _("New purchase request"),
        "crumbs": purchase_crumbs(), "cancel_url": reverse("pirkimai:purchase_list"),
        "list_title": LIST_TITLE})


class PurchaseUpdateView(ReaderMixin, VersionedUpdateMixin, ScopedUpdateView):
    model = Purchase
    form_class = PurchaseForm
    allowed = staticmethod(may_prepare)
    template_name = "pirkimai/purchase_form.html"
    context_object_name = "purchase"
    stale_message = gettext_lazy(
        "%(name)s saved this request after you opened it, so your changes have not been "
        "saved. They are still below: compare them with the request (open it in another "
        "tab), then save again to keep yours.")

    def refine(self, queryset):
        return queryset.select_related("cpv", "planned", "project", "project_budget_line")

    def _not_editable(self, purchase):
        if purchase.status in services.EDITABLE:
            return None
        messages.error(self.request, _("Only a request being prepared or returned can be "
                                       "changed; %(number)s is “%(status)s”.")
                       % {"number": purchase.full_number,
                          "status": purchase.get_status_display()})
        return redirect(purchase)

    def get(self, request, *args, **kwargs):
        purchase = self.scoped_object()
        return self._not_editable(purchase) or self.render_to_response(
            self.get_context_data())

    def post(self, request, *args, **kwargs):
        purchase = self.scoped_object()
        blocked = self._not_editable(purchase)
        if blocked is not None:
            return blocked
        form = self.get_form()
        return self.form_valid(form) if form.is_valid() else self.form_invalid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"title": _("Edit the request %(number)s")
                        % {"number": self.object.full_number},
                        "crumbs": purchase_crumbs(self.object),
                        "cancel_url": self.object.get_absolute_url()})
        return context

    def form_valid(self, form):
        try:
            purchase = services.update_request(
                purchase=self.object, by=self.request.user, version=self.seen_version(),
                confirmed=form.cleaned_data["confirm_threshold"], **form.service_values())
        except services.Refused as refusal:
            if refusal.code == "stale":
                return self.stale(form, Purchase.objects.get(pk=self.object.pk))
            _refused(form, refusal)
            return self.form_invalid(form)
        messages.success(self.request, _("The request %(number)s has been saved.")
                         % {"number": purchase.full_number})
        return redirect(purchase)
