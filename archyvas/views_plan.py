"""Pages of the file plans: the archive's landing page (the plans by year), a new year's
plan (a copy of another year's, or empty), a plan's page (its files with the documents in
each, the actions of a draft, the approval, the PDF and DOCX), its header, its approval
(and the approval withdrawn), its history.

Reads start from ``FilePlan.objects.visible_to`` (staff and management; anyone else gets a
403 on the list and a 404 on a plan); writes go through ``services_plan``, which check
again. Management read, and approve; their other write routes are a 403."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archyvas import selectors_plan as selectors
from archyvas import services_plan as services
from archyvas.forms_plan import PlanApproveForm, PlanCreateForm, PlanHeaderForm, refusal_to_form
from archyvas.models import FilePlan, PlanFile, PlanStatus, may_approve, may_manage, may_read
from portalas.access import role_required
from portalas.views import (
    Column,
    ScopedDetailView,
    ScopedHistoryView,
    ScopedListView,
    ScopedUpdateView,
    VersionedUpdateMixin,
    field_changes,
)

LIST_TITLE = gettext_lazy("Documentation and archive")


def plan_of(request, year) -> FilePlan:
    return get_object_or_404(FilePlan.objects.visible_to(request.user), year=year)


def require(allowed, request) -> None:
    if not allowed(request.user):
        raise PermissionDenied


def plan_crumbs(plan) -> list:
    return [(reverse("archyvas:plan_list"), LIST_TITLE), (plan.get_absolute_url(), str(plan))]


# --- the list -------------------------------------------------------------------------------

class PlanListView(ScopedListView):
    """The archive's landing page: the plans by year, their status and approval, how many
    files and documents each holds."""

    model = FilePlan
    allowed = staticmethod(may_read)
    title = LIST_TITLE
    description = gettext_lazy("The department's file plans by year: the files documents are "
                               "registered and filed into, and how long each is kept.")
    template_name = "archyvas/plan_list.html"
    actions_template = "archyvas/_plan_list_actions.html"
    export_name = "dokumentacijos-planai"
    empty_text = gettext_lazy("No file plan yet: create the first one.")
    default_sort = "-year"
    columns = [
        Column("year", gettext_lazy("Year"), sort="year", text=False,
               template="archyvas/_plan_year_cell.html"),
        Column("status", gettext_lazy("Status"), sort="status", text=False,
               template="archyvas/_plan_status_cell.html"),
        Column("approved_on", gettext_lazy("Approved"), sort="approved_on", text=False,
               template="archyvas/_plan_approved_cell.html"),
        Column("unit_name", gettext_lazy("Structural unit")),
        Column("file_count", gettext_lazy("Files"), text=False, numeric=True),
        Column("registered_count", gettext_lazy("Registered documents"), text=False,
               numeric=True),
        Column("filed_count", gettext_lazy("Filed documents"), text=False, numeric=True),
    ]

    def refine(self, queryset):
        return queryset.select_related("approved_by")

    def get_queryset(self):
        # the filtered, sorted plans (a handful: one a year) with their counts, as a list
        return selectors.with_counts(super().get_queryset(), self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        years = set(FilePlan.objects.filter(year__in=(today.year, today.year + 1))
                    .values_list("year", flat=True))
        context.update({
            "can_create": may_manage(self.request.user),
            "next_year_missing": today.month == 12 and today.year + 1 not in years,
            "this_year_missing": today.year not in years,
            "today": today,
        })
        return context


# --- a new year's plan ----------------------------------------------------------------------

@role_required(may_manage)
def plan_create(request):
    form = PlanCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["source"] is not None:
                plan = services.copy_plan(source=data["source"], year=data["year"],
                                          by=request.user, unit_name=data["unit_name"])
            else:
                plan = services.create_plan(year=data["year"], by=request.user,
                                            unit_name=data["unit_name"])
        except services.Refused as refusal:
            refusal_to_form(form, refusal)
        else:
            if plan.copied_from_id:
                messages.success(request, _("The plan for %(year)s has been created as a copy "
                                            "of %(source)s: check its files, then approve it.")
                                 % {"year": plan.year, "source": plan.copied_from.year})
            else:
                messages.success(request, _("The plan for %(year)s has been created: add its "
                                            "files, then approve it.") % {"year": plan.year})
            return redirect(plan)
    return render(request, "archyvas/plan_create.html", {
        "form": form, "crumbs": [(reverse("archyvas:plan_list"), LIST_TITLE)]})


# --- one plan -------------------------------------------------------------------------------

class PlanDetailView(ScopedDetailView):
    model = FilePlan
    allowed = staticmethod(may_read)
    slug_field = slug_url_kwarg = "year"
    template_name = "archyvas/plan_detail.html"
    context_object_name = "plan"

    def refine(self, queryset):
        return queryset.select_related("approved_by", "closed_by", "copied_from")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan, user = self.object, self.request.user
        files = selectors.plan_files(plan, user)
        can_manage = may_manage(user)
        draft = plan.status == PlanStatus.DRAFT
        context.update({
            "crumbs": [(reverse("archyvas:plan_list"), LIST_TITLE)],
            "files": files,
            "can_edit": can_manage and draft,
            "can_notes": can_manage and plan.status == PlanStatus.APPROVED,
            "can_approve": may_approve(user) and draft,
            "can_withdraw": may_approve(user) and plan.status == PlanStatus.APPROVED
            and not services.holds_documents(plan),
            "missing_to_approve": services.missing_to_approve(plan) if draft else [],
            "old_items": [f for f in files if f.bdstr_item_id and not f.bdstr_item.in_force],
            "document_params": {"year": plan.year},
            "totals": {"registered": sum(f.registered for f in files),
                       "filed": sum(f.filed for f in files)},
        })
        return context


class PlanUpdateView(VersionedUpdateMixin, ScopedUpdateView):
    model = FilePlan
    form_class = PlanHeaderForm
    slug_field = slug_url_kwarg = "year"
    allowed = staticmethod(may_manage)
    template_name = "archyvas/plan_form.html"
    list_url_name = "archyvas:plan_list"
    list_title = LIST_TITLE
    form_width = "col-lg-8"
    stale_message = gettext_lazy(
        "%(name)s saved this plan after you opened it, so your changes have not been saved. "
        "They are still below: compare them with the plan (open it in another tab), then "
        "save again to keep yours.")

    def get(self, request, *args, **kwargs):
        plan = self.scoped_object()
        if plan.status != PlanStatus.DRAFT:
            messages.error(request, _("The plan is approved: it is kept as it was approved."))
            return redirect(plan)
        return self.render_to_response(self.get_context_data())

    def form_valid(self, form):
        try:
            plan = services.update_plan(plan=self.object, by=self.request.user,
                                        seen_version=self.seen_version(),
                                        unit_name=form.cleaned_data["unit_name"])
        except services.Refused as refusal:
            if refusal.code == "stale":
                return self.stale(form, FilePlan.objects.get(pk=self.object.pk))
            refusal_to_form(form, refusal)
            return self.form_invalid(form)
        messages.success(self.request, _("The plan's header has been saved."))
        return redirect(plan)


def plan_approve(request, year):
    """The approval's date and document (GET), the approval (POST): management, or staff
    recording an approval made on paper."""
    plan = plan_of(request, year)
    require(may_approve, request)
    if plan.status != PlanStatus.DRAFT:
        messages.info(request, _("The plan is now “%(status)s”.")
                      % {"status": plan.get_status_display()})
        return redirect(plan)
    form = PlanApproveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.approve_plan(plan=plan, by=request.user, **form.cleaned_data)
        except services.Refused as refusal:
            if refusal.code in ("incomplete", "moved"):
                messages.error(request, " ".join(refusal.messages))
                return redirect(plan)
            refusal_to_form(form, refusal)
        else:
            messages.success(request, _("The plan for %(year)s is approved: documents are "
                                        "now registered and filed into its files.")
                             % {"year": plan.year})
            return redirect(plan)
    return render(request, "archyvas/plan_approve.html", {
        "plan": plan, "form": form, "crumbs": plan_crumbs(plan),
        "missing": services.missing_to_approve(plan), "file_count": plan.files.count()})


def plan_withdraw(request, year):
    """Back to a draft (an approval pressed by mistake), while nothing is in its files."""
    plan = plan_of(request, year)
    require(may_approve, request)
    if request.method == "POST":
        try:
            services.withdraw_approval(plan=plan, by=request.user)
        except services.Refused as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(request, _("The approval has been withdrawn: the plan is a draft "
                                        "again."))
        return redirect(plan)
    if plan.status != PlanStatus.APPROVED:
        messages.info(request, _("The plan is now “%(status)s”.")
                      % {"status": plan.get_status_display()})
        return redirect(plan)
    if services.holds_documents(plan):       # say so now, not after the confirmation
        messages.error(request, _("Documents have been registered or filed into this plan's "
                                  "files: its approval stays."))
        return redirect(plan)
    return render(request, "archyvas/plan_confirm.html", {
        "plan": plan, "crumbs": plan_crumbs(plan), "danger": True,
        "title": _("Withdraw the approval?"),
        "intro": _("The plan becomes a draft again and can be changed and approved anew. "
                   "Possible while no document has been registered or filed into its files."),
        "button": _("Withdraw the approval")})


class PlanHistoryView(ScopedHistoryView):
    """Who changed the plan and its files, and when (staff and management)."""

    model = FilePlan
    allowed = staticmethod(may_read)
    slug_field = slug_url_kwarg = "year"
    template_name = "archyvas/plan_history.html"
    context_object_name = "plan"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = self.object
        files = (PlanFile.history.filter(Q(plan_id=plan.pk)).select_related("history_user")
                 .order_by("-history_date")[:300])
        context.update({
            "crumbs": plan_crumbs(plan),
            "file_entries": [{"date": record.history_date, "user": record.history_user,
                              "type": record.history_type, "file": f"{record.index} "
                                                                    f"{record.title}",
                              "changes": field_changes(record)} for record in files],
        })
        return context
