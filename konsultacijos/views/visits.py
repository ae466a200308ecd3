"""Methodological field visits: the list (upcoming first, then past), planning and editing
a visit (safe against two editors), its page with the report and the agreed actions, the
report with new agreed actions as rows, cancelling, the history, and the agreed actions'
own steps (added, marked done by staff or the visited library's director, reopened).

A visit comes from ``FieldVisit.objects.visible_to`` (another library's visit is a 404);
staff write (``services.may_log``, else 403); the visited library's director reads and
marks agreed actions done (``services.may_complete_action``)."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.forms.utils import ErrorDict, ErrorList
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST

from konsultacijos import services
from konsultacijos.filters_visits import VisitFilter, status_label
from konsultacijos.forms_visits import (
    MORE_ACTION_ROWS,
    ActionDoneForm,
    ActionForm,
    CancelForm,
    ReportForm,
    VisitForm,
    action_formset,
)
from konsultacijos.models import FieldVisit, VisitAction, VisitStatus
from portalas.ordering import sorted_lt
from portalas.views import (
    Column,
    ScopedCreateView,
    ScopedDetailView,
    ScopedHistoryView,
    ScopedListView,
    ScopedUpdateView,
    field_changes,
)

ACTIONS_ANCHOR = "veiksmai"


# --- helpers ------------------------------------------------------------------------------------

def participant_names(visit: FieldVisit) -> str:
    return ", ".join(sorted_lt(str(user) for user in visit.participants.all()))


def apply_refusal(form, refusal) -> None:
    """A service's refusal as the form's errors: on the field it names when the form has
    it, else above the form."""
    if hasattr(refusal, "error_dict"):
        for field, errors in refusal.error_dict.items():
            form.add_error(field if field in form.fields else None,
                           [message for error in errors for message in error.messages])
    else:
        form.add_error(None, refusal.messages)


def _next_url(request, fallback: str) -> str:
    """Back where the person came from (a local path only), else ``fallback``."""
    wanted = request.POST.get("next", "")
    if wanted.startswith("/") and not wanted.startswith("//") and url_has_allowed_host_and_scheme(
            wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return wanted
    return fallback


def _visit(request, pk, *, staff: bool = False) -> FieldVisit:
    """The visit within the user's scope (404), then, for a write, staff only (403)."""
    visit = get_object_or_404(FieldVisit.objects.visible_to(request.user)
                              .select_related("library"), pk=pk)
    if staff and not services.may_log(request.user):
        raise PermissionDenied
    return visit


def actions_url(visit: FieldVisit) -> str:
    return visit.get_absolute_url() + f"#{ACTIONS_ANCHOR}"


# --- the list ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ComputedColumn(Column):
    """A column whose value (shown and exported) is computed from the object."""

    compute: object = None

    def value(self, obj):
        return self.compute(obj) if self.compute else super().value(obj)


class VisitListView(ScopedListView):
    """Upcoming planned visits first (the nearest on top), then the past ones (the latest
    on top) — unless the person sorts by a column."""

    model = FieldVisit
    filterset_class = VisitFilter
    allowed = staticmethod(services.may_read_records)
    title = gettext_lazy("Field visits")
    description = gettext_lazy("Methodological field visits to the territory's libraries: "
                               "the plan, the report and the actions agreed.")
    export_name = "metodines-isvykos"
    template_name = "konsultacijos/visit_list.html"
    results_template = "konsultacijos/_visit_list_results.html"
    empty_text = gettext_lazy("No field visits match the filter.")
    default_sort = ""
    paginate_by = 50
    columns = [
        Column("visit_on", gettext_lazy("Date"), sort="visit_on", text=False,
               template="konsultacijos/_visit_date_cell.html"),
        Column("library.name", gettext_lazy("Library"), sort="library__name",
               template="konsultacijos/_visit_library_cell.html"),
        Column("purpose", gettext_lazy("Purpose"),
               template="konsultacijos/_visit_purpose_cell.html"),
        ComputedColumn("participants", gettext_lazy("Who goes"), compute=participant_names),
        ComputedColumn("status", gettext_lazy("Status"), sort="status", text=False,
                       template="konsultacijos/_visit_status_cell.html", compute=status_label),
        Column("open_actions", gettext_lazy("Open actions"), sort="open_actions", text=False,
               numeric=True, template="konsultacijos/_visit_actions_cell.html"),
        Column("overdue_actions", gettext_lazy("Overdue actions"), sort="overdue_actions",
               text=False, numeric=True,
               template="konsultacijos/_visit_overdue_cell.html"),
    ]

    def refine(self, queryset):
        today = timezone.localdate()
        open_actions = Q(actions__done_on__isnull=True)
        return (queryset.select_related("library")
                .prefetch_related("participants")
                .annotate(open_actions=Count("actions", filter=open_actions),
                          overdue_actions=Count("actions", filter=open_actions
                                                & Q(actions__due_on__lt=today))))

    def order(self, queryset):
        if self.sort_key():
            return super().order(queryset)
        today = timezone.localdate()
        upcoming = Q(status=VisitStatus.PLANNED, visit_on__gte=today)
        return queryset.annotate(
            past=Case(When(upcoming, then=Value(0)), default=Value(1),
                      output_field=IntegerField()),
            upcoming_on=Case(When(upcoming, then=F("visit_on"))),
        ).order_by("past", F("upcoming_on").asc(nulls_last=True), "-visit_on", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        sorted_by_column = bool(self.sort_key())
        previous_upcoming = None
        for row in context["rows"]:
            visit = row["object"]
            visit.is_upcoming = visit.status == VisitStatus.PLANNED and visit.visit_on >= today
            visit.report_due = visit.status == VisitStatus.PLANNED and visit.visit_on < today
            # the line between the upcoming visits and the past ones (default order only)
            row["past_starts"] = (not sorted_by_column and not visit.is_upcoming
                                  and previous_upcoming is not False)
            row["upcoming_starts"] = (not sorted_by_column and visit.is_upcoming
                                      and previous_upcoming is None)
            previous_upcoming = visit.is_upcoming
        context.update({"can_plan": services.may_log(self.request.user), "today": today})
        return context


# --- one visit -----------------------------------------------------------------------------------

def visit_context(request, visit: FieldVisit, **forms) -> dict:
    """What the visit's page shows and offers this person (the action forms may come back
    bound, with their errors)."""
    user = request.user
    today = timezone.localdate()
    staff = services.may_log(user)
    actions = list(visit.actions.all())
    for action in actions:
        action.visit = visit
    may_complete = services.may_complete_action(user, VisitAction(visit=visit))
    return {
        "visit": visit, "object": visit, "today": today, "actions": actions,
        "participants": sorted_lt(visit.participants.all(), key=str),
        "open_count": sum(1 for a in actions if a.done_on is None),
        "overdue_count": sum(1 for a in actions if a.is_overdue),
        "can_edit": staff and visit.status != VisitStatus.CANCELLED,
        "can_report": staff and visit.status != VisitStatus.CANCELLED,
        "report_due": visit.status == VisitStatus.PLANNED and visit.visit_on <= today,
        "can_cancel": staff and visit.status == VisitStatus.PLANNED,
        "can_add_action": staff and visit.status != VisitStatus.CANCELLED,
        "can_reopen": staff,
        "may_complete": may_complete,
        "is_reported": visit.status == VisitStatus.REPORTED,
        "action_form": forms.get("action_form") or ActionForm(),
        "cancel_form": forms.get("cancel_form") or CancelForm(),
        "done_form": ActionDoneForm(),
        "actions_anchor": ACTIONS_ANCHOR,
    }


class VisitDetailView(ScopedDetailView):
    model = FieldVisit
    allowed = staticmethod(services.may_read_records)
    template_name = "konsultacijos/visit_detail.html"
    context_object_name = "visit"

    def refine(self, queryset):
        return (queryset.select_related("library__parent", "reported_by", "created_by")
                .prefetch_related("participants", "actions"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(visit_context(self.request, self.object))
        return context


# --- planning and editing ----------------------------------------------------------------------

class VisitFormMixin:
    model = FieldVisit
    form_class = VisitForm
    template_name = "konsultacijos/visit_form.html"
    allowed = staticmethod(services.may_log)
    list_url_name = "konsultacijos:visit_list"
    list_title = gettext_lazy("Field visits")
    create_title = gettext_lazy("Plan a field visit")
    form_width = "col-lg-9"


class VisitCreateView(VisitFormMixin, ScopedCreateView):
    """Plan a visit: the library (preselected when the library's card asked), the date,
    the purpose, who goes (the planner ticked)."""

    def get_initial(self):
        initial = super().get_initial()
        wanted = self.request.GET.get("library", "")
        if wanted.isdigit():
            initial["library"] = int(wanted)
        return initial

    def form_valid(self, form):
        visit = form.save(commit=False)
        try:
            services.plan_visit(visit, participants=form.cleaned_data["participants"],
                                by=self.request.user)
        except services.Refused as refusal:
            apply_refusal(form, refusal)
            return self.form_invalid(form)
        messages.success(self.request, _("The field visit has been planned."))
        return redirect(visit)


class VisitUpdateView(VisitFormMixin, ScopedUpdateView):
    """Edit the plan. The version the form was opened with travels in a hidden field; a
    save after someone else's is refused and the typed values stay on the page."""

    def get(self, request, *args, **kwargs):
        visit = self.scoped_object()
        if visit.status == VisitStatus.CANCELLED:
            messages.error(request, _("A cancelled visit is not changed."))
            return redirect(visit)
        return self.render_to_response(self.get_context_data())

    def form_valid(self, form):
        try:
            visit = services.update_visit(form.instance,
                                          participants=form.cleaned_data["participants"],
                                          by=self.request.user,
                                          seen_version=form.cleaned_data.get("version"))
        except services.Refused as refusal:
            apply_refusal(form, refusal)
            return self.form_invalid(form)
        messages.success(self.request, _("The field visit has been saved."))
        return redirect(visit)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history_url"] = reverse("konsultacijos:visit_history", args=[self.object.pk])
        return context


class VisitHistoryView(ScopedHistoryView):
    """Who changed the visit and its agreed actions, and when."""

    model = FieldVisit
    allowed = staticmethod(services.may_read_records)
    template_name = "konsultacijos/visit_history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["visit"] = self.object
        records = (VisitAction.history.filter(visit_id=self.object.pk)
                   .select_related("history_user").order_by("-history_date")[:200])
        context["action_entries"] = [
            {"date": record.history_date, "user": record.history_user, "action": record.text,
             "type": record.history_type, "changes": field_changes(record)}
            for record in records]
        return context


# --- the report ----------------------------------------------------------------------------------

class VisitReportView(View):
    """The report (staff): whom the visit met, what it found and recommends, and the new
    agreed actions as rows ("more rows" adds empty ones without saving). Saving reports
    the visit (its director hears of it the first time) and adds the actions, in one
    transaction. A reported visit's report may be edited again."""

    template_name = "konsultacijos/visit_report_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.visit = get_object_or_404(
            FieldVisit.objects.visible_to(request.user).select_related("library")
            .prefetch_related("actions", "participants"), pk=kwargs["pk"])
        if not services.may_log(request.user):
            raise PermissionDenied
        if self.visit.status == VisitStatus.CANCELLED:
            messages.error(request, _("A cancelled visit cannot be reported."))
            return redirect(self.visit)
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, form, formset, *, failed: bool = False, status: int = 200):
        visit = self.visit
        return render(self.request, self.template_name, {
            "visit": visit, "object": visit, "form": form, "formset": formset,
            "failed": failed, "actions": list(visit.actions.all()),
            "today": timezone.localdate(),
            "in_future": visit.visit_on > timezone.localdate(),
            "participants": sorted_lt(visit.participants.all(), key=str),
        }, status=status)

    def get(self, request, pk):
        return self.render_page(ReportForm(instance=self.visit), action_formset())

    def post(self, request, pk):
        data = request.POST
        if data.get("more") == "actions":
            data = data.copy()
            total = data.get("actions-TOTAL_FORMS", "")
            data["actions-TOTAL_FORMS"] = str((int(total) if total.isdigit() else 0)
                                              + MORE_ACTION_ROWS)
            form = ReportForm(data, instance=self.visit)
            formset = action_formset(data)
            for bound in (form, *formset.forms):  # shown again unchecked: nothing saved
                bound._errors = ErrorDict()
                bound.cleaned_data = {}
            formset._errors = []
            formset._non_form_errors = ErrorList()
            return self.render_page(form, formset)
        form = ReportForm(data, instance=self.visit)
        formset = action_formset(data)
        valid = [form.is_valid(), formset.is_valid()]  # both checked, every error shown
        if not all(valid):
            return self.render_page(form, formset, failed=True)
        try:
            with transaction.atomic():
                visit = services.report_visit(form.instance, by=request.user,
                                              seen_version=form.cleaned_data.get("version"))
                for action in formset.save(commit=False):
                    action.visit = visit
                    services.add_action(action, by=request.user)
        except services.Refused as refusal:
            apply_refusal(form, refusal)
            return self.render_page(form, formset, failed=True)
        messages.success(request, _("The report has been saved. The library's director can "
                                    "read it in the portal."))
        return redirect(visit)


@require_POST
def visit_cancel(request, pk):
    visit = _visit(request, pk, staff=True)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(visit)
    try:
        services.cancel_visit(visit, by=request.user, reason=form.cleaned_data["reason"])
    except services.Refused as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect(visit)
    messages.success(request, _("The field visit has been cancelled."))
    return redirect(visit)


# --- agreed actions -----------------------------------------------------------------------------

@require_POST
def action_create(request, pk):
    """One more agreed action from the visit's page (staff). A form with mistakes comes
    back on the visit's page with the typed values."""
    visit = get_object_or_404(
        FieldVisit.objects.visible_to(request.user)
        .select_related("library__parent", "reported_by", "created_by")
        .prefetch_related("participants", "actions"), pk=pk)
    if not services.may_log(request.user):
        raise PermissionDenied
    form = ActionForm(request.POST)
    if form.is_valid():
        action = form.save(commit=False)
        action.visit = visit
        try:
            services.add_action(action, by=request.user)
        except services.Refused as refusal:
            apply_refusal(form, refusal)
        else:
            messages.success(request, _("The agreed action has been added."))
            return redirect(actions_url(visit))
    return render(request, "konsultacijos/visit_detail.html",
                  visit_context(request, visit, action_form=form), status=400)


def _action(request, pk) -> VisitAction:
    return get_object_or_404(VisitAction.objects.visible_to(request.user)
                             .select_related("visit__library"), pk=pk)


@require_POST
def action_done(request, pk):
    """Staff, or the visited library's director, mark an agreed action done (with an
    optional note of what was done)."""
    action = _action(request, pk)
    back = _next_url(request, actions_url(action.visit))
    if not services.may_complete_action(request.user, action):
        raise PermissionDenied
    if action.done_on is not None:
        messages.info(request, _("This action is already marked done."))
        return redirect(back)
    form = ActionDoneForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.complete_action(action, by=request.user, note=note)
    except services.Refused as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect(back)
    messages.success(request, _("“%(action)s” is marked done.") % {"action": action.text})
    return redirect(back)


@require_POST
def action_reopen(request, pk):
    """Staff take back a "done" (it was not done after all)."""
    action = _action(request, pk)
    if not services.may_log(request.user):
        raise PermissionDenied
    services.reopen_action(action, by=request.user)
    messages.success(request, _("“%(action)s” is open again.") % {"action": action.text})
    return redirect(_next_url(request, actions_url(action.visit)))
