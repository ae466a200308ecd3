"""Pages of a plan's lines (planned purchases): a new line, a line changed, a line deleted.

Staff only (management read the plan and get a 403 here; a territory librarian a 404).
The form warns of a low-value line at the threshold of its kind, alone or with the year's
other low-value lines of its CPV code: the warning is confirmed, not a block; one nearing
the threshold is saved and said after saving. A line's edit carries its ``version``: of
two people editing it at once, the second is told who saved first and keeps their text.
A deleted line's purchases stay (they no longer name a line of the plan)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pirkimai import services_plan as services
from pirkimai.forms_plan import PlannedPurchaseForm, refusal_to_form
from pirkimai.models import PlannedPurchase, Purchase, PurchaseKind, may_prepare, threshold_for
from pirkimai.views_access import ReaderMixin, require, require_reader
from pirkimai.views_plan import LIST_TITLE, plan_crumbs, plan_of
from portalas.templatetags.portal import number
from portalas.views import ScopedUpdateView, VersionedUpdateMixin


def _after_save(request, form, line) -> None:
    messages.success(request, _("“%(title)s” has been saved in the plan.") % {"title": line.title})
    if form.warning is not None:
        messages.warning(request, form.warning_text())


def _thresholds() -> dict:
    """The low-value thresholds the form's page names (from the settings)."""
    return {"goods": number(threshold_for(PurchaseKind.GOODS), 0),
            "works": number(threshold_for(PurchaseKind.WORKS), 0)}


def _back_to(line) -> str:
    return reverse("pirkimai:plan_detail", args=[line.plan.year]) + f"#p{line.pk}"


def planned_create(request, year):
    plan = plan_of(request, year)
    require(may_prepare, request)
    initial = {"responsible": request.user.pk}
    quarter = request.GET.get("quarter", "")
    if quarter in {"1", "2", "3", "4"}:
        initial["quarter"] = int(quarter)
    form = PlannedPurchaseForm(request.POST or None, plan=plan, user=request.user,
                               initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            line = services.save_line(line=form.instance, by=request.user)
        except services.Refused as refusal:
            refusal_to_form(form, refusal)
        else:
            _after_save(request, form, line)
            if "another" in request.POST:
                return redirect(reverse("pirkimai:planned_create", args=[plan.year])
                                + f"?quarter={line.quarter}")
            return redirect(_back_to(line))
    return render(request, "pirkimai/planned_form.html", {
        "form": form, "plan": plan, "crumbs": plan_crumbs(plan),
        "title": _("New planned purchase"), "back_url": plan.get_absolute_url(),
        **_thresholds()})


class PlannedUpdateView(ReaderMixin, VersionedUpdateMixin, ScopedUpdateView):
    model = PlannedPurchase
    form_class = PlannedPurchaseForm
    allowed = staticmethod(may_prepare)
    template_name = "pirkimai/planned_form.html"
    list_url_name = "pirkimai:plan_list"
    list_title = LIST_TITLE
    stale_message = gettext_lazy(
        "%(name)s saved this line after you opened it, so your changes have not been saved. "
        "They are still below: compare them with the plan (open it in another tab), then "
        "save again to keep yours.")

    def refine(self, queryset):
        return queryset.select_related("plan", "cpv")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["plan"] = self.object.plan
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        line = self.object
        context.update({"plan": line.plan, "crumbs": plan_crumbs(line.plan),
                        "title": _("Change the planned purchase"), "back_url": _back_to(line),
                        **_thresholds()})
        return context

    def form_valid(self, form):
        try:
            line = services.save_line(line=form.instance, by=self.request.user,
                                      seen_version=self.seen_version())
        except services.Refused as refusal:
            if refusal.code == "stale":
                return self.stale(form, PlannedPurchase.objects.get(pk=self.object.pk))
            refusal_to_form(form, refusal)
            return self.form_invalid(form)
        _after_save(self.request, form, line)
        return redirect(_back_to(line))


def planned_delete(request, pk):
    """Ask (GET: what the line is, which purchases name it), then delete (POST)."""
    require_reader(request)
    line = get_object_or_404(PlannedPurchase.objects.visible_to(request.user)
                             .select_related("plan", "cpv"), pk=pk)
    require(may_prepare, request)
    plan = line.plan
    if request.method == "POST":
        unlinked = services.delete_line(line=line, by=request.user)
        messages.success(request, _("“%(title)s” has been deleted from the plan.")
                         % {"title": line.title})
        if unlinked:
            messages.info(request, _("The purchases made under it stay; they no longer name a "
                                     "line of the plan."))
        return redirect(plan)
    purchases = Purchase.objects.visible_to(request.user).filter(planned=line).order_by(
        "-year", "-number")
    return render(request, "pirkimai/planned_delete.html", {
        "line": line, "plan": plan, "purchases": purchases, "crumbs": plan_crumbs(plan),
        "back_url": _back_to(line)})
