"""Pages of the procurement plan: the plans by year, a new year's plan (empty, or starting
from the latest plan's lines), a plan's page (its lines by quarter, the totals by CPV code
against the thresholds, the totals by method, the approval, the documents), its note, its
approval and its history. The lines' pages are in ``views_plan_lines``.

Reads start from ``ProcurementPlan.objects.visible_to``; anyone who may not read
procurement (a territory librarian) gets a 404 on every page, with or without an object
(``ReaderMixin``, ``require_reader``); staff and management read; staff write, management
approve: another role's write is a 403. Writes go through ``services_plan``."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from pirkimai import selectors_plan as selectors
from pirkimai import services_plan as services
from pirkimai.forms_plan import PlanCreateForm, PlanNoteForm, refusal_to_form
from pirkimai.models import (
    PlanStatus,
    ProcurementPlan,
    may_approve,
    may_prepare,
)
from pirkimai.views_access import ReaderMixin, procurement_crumbs, require, require_reader
from portalas.views import (
    Column,
    ScopedDetailView,
    ScopedHistoryView,
    ScopedListView,
    ScopedUpdateView,
    VersionedUpdateMixin,
)

LIST_TITLE = gettext_lazy("Procurement plans")


# --- access ----------------------------------------------------------------------------------

def plan_of(request, year) -> ProcurementPlan:
    require_reader(request)
    return get_object_or_404(ProcurementPlan.objects.visible_to(request.user), year=year)


def crumbs(*more) -> list:
    return [*procurement_crumbs(), (reverse("pirkimai:plan_list"), LIST_TITLE), *more]


def plan_crumbs(plan) -> list:
    return crumbs((plan.get_absolute_url(), str(plan)))


# --- the list --------------------------------------------------------------------------------

class PlanListView(ReaderMixin, ScopedListView):
    model = ProcurementPlan
    title = LIST_TITLE
    description = gettext_lazy("The year's planned purchases with their CPV codes, values, "
                               "quarters and methods; approved by management.")
    template_name = "pirkimai/plan_list.html"
    actions_template = "pirkimai/_plan_list_actions.html"
    export_name = "pirkimu-planai"
    empty_text = gettext_lazy("No procurement plan yet: create the first one.")
    default_sort = "-year"
    columns = [
        Column("year", gettext_lazy("Year"), sort="year", text=False,
               template="pirkimai/_plan_year_cell.html"),
        Column("status", gettext_lazy("Status"), sort="status", text=False,
               template="pirkimai/_plan_status_cell.html"),
        Column("approved_on", gettext_lazy("Approved"), sort="approved_on", text=False,
               template="pirkimai/_plan_approved_cell.html"),
        Column("line_count", gettext_lazy("Planned purchases"), sort="line_count", text=False,
               numeric=True),
        Column("total", gettext_lazy("Estimated value, EUR"), sort="total", text=False,
               numeric=True, template="pirkimai/_plan_total_cell.html"),
        Column("above_count", gettext_lazy("Not low-value"), sort="above_count", text=False,
               numeric=True),
        Column("above_total", gettext_lazy("Not low-value, EUR"), sort="above_total",
               text=False, numeric=True, template="pirkimai/_plan_above_total_cell.html"),
    ]

    def refine(self, queryset):
        return selectors.with_totals(queryset.select_related("approved_by"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = timezone.localdate().year
        context.update({"can_create": may_prepare(self.request.user),
                        "crumbs": procurement_crumbs(),
                        "this_year_missing": not ProcurementPlan.objects.filter(
                            year=year).exists(), "this_year": year})
        return context


# --- a new year's plan -----------------------------------------------------------------------

def plan_create(request):
    require(may_prepare, request)
    form = PlanCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.create_plan(year=data["year"], by=request.user, note=data["note"],
                                        copy_lines=data["copy_lines"])
        except services.Refused as refusal:
            refusal_to_form(form, refusal)
        else:
            if plan.copied_from_id:
                messages.success(request, _(
                    "The procurement plan for %(year)s has been created with the lines of "
                    "%(source)s: change what the new year needs, then have it approved.")
                    % {"year": plan.year, "source": plan.copied_from.year})
            else:
                messages.success(request, _("The procurement plan for %(year)s has been "
                                            "created: add its planned purchases.")
                                 % {"year": plan.year})
            return redirect(plan)
    return render(request, "pirkimai/plan_create.html", {"form": form, "crumbs": crumbs()})


# --- one plan --------------------------------------------------------------------------------

class PlanDetailView(ReaderMixin, ScopedDetailView):
    model = ProcurementPlan
    slug_field = slug_url_kwarg = "year"
    template_name = "pirkimai/plan_detail.html"
    context_object_name = "plan"

    def refine(self, queryset):
        return queryset.select_related("approved_by", "copied_from")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan, user = self.object, self.request.user
        lines = selectors.plan_lines(plan)
        totals = selectors.cpv_totals(lines)
        context.update({
            "crumbs": crumbs(),
            "lines": lines,
            "quarters": selectors.by_quarter(lines),
            "cpv_totals": totals,
            "warnings": [row for row in totals if row.level != "ok"],
            "methods": selectors.method_totals(lines),
            "out_of_use": [line for line in lines if not line.cpv.active],
            "can_edit": may_prepare(user),
            "can_approve": may_approve(user) and plan.status == PlanStatus.DRAFT,
            "document_params": {"year": plan.year},
            "summary_due": selectors.summary_due(plan.year),
            "warning_percent": settings.PROCUREMENT_WARNING_PERCENT,
        })
        return context


class PlanUpdateView(ReaderMixin, VersionedUpdateMixin, ScopedUpdateView):
    model = ProcurementPlan
    form_class = PlanNoteForm
    slug_field = slug_url_kwarg = "year"
    allowed = staticmethod(may_prepare)
    template_name = "pirkimai/plan_form.html"
    list_url_name = "pirkimai:plan_list"
    list_title = LIST_TITLE
    form_width = "col-lg-8"
    stale_message = gettext_lazy(
        "%(name)s saved this plan after you opened it, so your changes have not been saved. "
        "They are still below: compare them with the plan (open it in another tab), then "
        "save again to keep yours.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["crumbs"] = plan_crumbs(self.object)
        return context

    def form_valid(self, form):
        try:
            plan = services.update_plan(plan=self.object, by=self.request.user,
                                        seen_version=self.seen_version(),
                                        note=form.cleaned_data["note"])
        except services.Refused as refusal:
            if refusal.code == "stale":
                return self.stale(form, ProcurementPlan.objects.get(pk=self.object.pk))
            refusal_to_form(form, refusal)
            return self.form_invalid(form)
        messages.success(self.request, _("The plan's note has been saved."))
        return redirect(plan)


@require_POST
def plan_approve(request, year):
    """Management approve a draft: today, by them. A second approval (a second click, a
    second manager) is refused and says who approved it and when."""
    plan = plan_of(request, year)
    require(may_approve, request)
    try:
        plan = services.approve_plan(plan=plan, by=request.user)
    except services.Refused as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("The procurement plan for %(year)s is approved.")
                         % {"year": plan.year})
    return redirect(plan)


class PlanHistoryView(ReaderMixin, ScopedHistoryView):
    """Who changed the plan and its lines, and when: the approval, the note, every line
    added, changed or deleted (also after the approval)."""

    model = ProcurementPlan
    slug_field = slug_url_kwarg = "year"
    template_name = "pirkimai/plan_history.html"
    context_object_name = "plan"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = self.object
        approved_at = (plan.history.filter(status=PlanStatus.APPROVED).order_by("history_date")
                       .values_list("history_date", flat=True).first())
        context.update({
            "crumbs": plan_crumbs(plan), "approved_at": approved_at,
            "line_entries": selectors.line_history(plan, since=approved_at),
        })
        return context
