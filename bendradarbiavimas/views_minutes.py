"""Pages of the minutes and decisions: writing a meeting's minutes (the introduction and
the agenda items on one page, with no lost update), signing and reopening them, asking the
report engine for the minutes as PDF or DOCX; the decisions list (filters, export), the
user's own decisions, a decision's page and its moves (done, reopened, reassigned,
cancelled).

Reads start from ``visible_to(user)`` (a meeting or decision outside it is a 404); writes go
through ``services_minutes``. Someone who sees the meeting but does not keep its group
(management, a member who is not the chair or secretary) gets 403 on a write."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, CharField, F, Value, When
from django.db.models.functions import TruncDate
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ataskaitos import services as documents
from bendradarbiavimas import services_minutes as services
from bendradarbiavimas.filters_minutes import DecisionFilter
from bendradarbiavimas.forms_minutes import (
    AgendaItemFormSet,
    CancelForm,
    DecisionForm,
    DoneForm,
    MinutesForm,
    ReassignForm,
)
from bendradarbiavimas.models import (
    AgendaItem,
    Decision,
    DecisionStatus,
    Meeting,
    MeetingStatus,
    may_keep,
    may_manage,
)
from bendradarbiavimas.selectors_minutes import owner_label, with_owner_flags
from portalas.views import Column, ScopedDetailView, ScopedListView, history_entries

REPORT_KIND = "bendradarbiavimas.minutes"
STALE_MESSAGE = gettext_lazy(
    "%(name)s saved these minutes after you opened them, so your changes have not been "
    "saved. They are still below: compare them with the minutes (open the meeting in "
    "another tab), then save again to keep yours.")


def meeting_url(meeting: Meeting, anchor: str = "protokolas") -> str:
    """The meeting's page (the groups area's), at the minutes' section."""
    try:
        return meeting.get_absolute_url() + (f"#{anchor}" if anchor else "")
    except NoReverseMatch:  # the meeting page not installed: the decisions list
        return reverse("bendradarbiavimas:decision_list")


def _meeting(request, pk) -> Meeting:
    return get_object_or_404(Meeting.objects.visible_to(request.user).select_related("group"),
                             pk=pk)


def _decision(request, pk) -> Decision:
    return get_object_or_404(Decision.objects.visible_to(request.user)
                             .select_related("meeting__group", "owner", "item"), pk=pk)


def _keeper_only(user, meeting: Meeting) -> None:
    if not may_keep(user, meeting.group):
        raise PermissionDenied


def _form_errors(form, refusal: services.Refused) -> None:
    if hasattr(refusal, "error_dict"):
        for field, errors in refusal.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        form.add_error(None, refusal)


# --- the minutes ------------------------------------------------------------------------------

def _seen_version(request) -> int:
    seen = request.POST.get("version", "")
    return int(seen) if seen.isdigit() else -1


def _who_saved(meeting: Meeting) -> str:
    record = meeting.history.select_related("history_user").first()
    return str(record.history_user) if record and record.history_user else _("someone")


def _items_from(formset) -> list[services.ItemData]:
    items = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if data.get("DELETE") or not (data.get("title") or "").strip():
            continue
        items.append(services.ItemData(
            pk=data.get("pk"), order=data.get("order") or 0, title=data["title"],
            presenter=data.get("presenter", ""), discussed=data.get("discussed", ""),
            votes=data.get("votes", ""), decided=data.get("decided", "")))
    return items


def minutes_update(request, pk):
    """The minutes on one page: the introduction and the items (the first time, the
    agenda's lines). The meeting's version travels in the form; a save after someone else's
    is refused with the typed text kept."""
    meeting = _meeting(request, pk)
    user = request.user
    _keeper_only(user, meeting)
    if meeting.minutes_status == services.FINAL:
        messages.error(request, _("The minutes have been signed: only the department may "
                                  "reopen them."))
        return redirect(meeting_url(meeting))
    if meeting.status == MeetingStatus.CANCELLED:
        messages.error(request, _("A cancelled meeting has no minutes."))
        return redirect(meeting_url(meeting))
    version = meeting.version
    if request.method == "POST":
        form = MinutesForm(request.POST)
        formset = AgendaItemFormSet(request.POST, prefix="items")
        version = request.POST.get("version", "")
        if "add_item" in request.POST and form.is_valid():
            typed = [{name: bound[name].value() for name in bound.fields}
                     for bound in formset.forms]
            formset = AgendaItemFormSet(initial=typed, prefix="items")  # and one blank
        elif form.is_valid() and formset.is_valid():
            try:
                services.save_minutes(meeting=meeting, intro=form.cleaned_data["intro"],
                                      items=_items_from(formset), by=user,
                                      seen_version=_seen_version(request))
            except services.Refused as refusal:
                if refusal.code == "signed":
                    messages.error(request, refusal.messages[0])
                    return redirect(meeting_url(meeting))
                if refusal.code == "stale":
                    stored = Meeting.objects.get(pk=meeting.pk)
                    form.add_error(None, STALE_MESSAGE % {"name": _who_saved(stored)})
                    version = stored.version
                else:
                    _form_errors(form, refusal)
            else:
                messages.success(request, _("The minutes have been saved."))
                return redirect(meeting_url(meeting))
    else:
        items = list(AgendaItem.objects.filter(meeting=meeting).order_by("order", "pk").values(
            "pk", "order", "title", "presenter", "discussed", "votes", "decided"))
        form = MinutesForm(initial={"intro": meeting.minutes_intro})
        formset = AgendaItemFormSet(initial=items or services.initial_items(meeting),
                                    prefix="items")
    return render(request, "bendradarbiavimas/minutes_form.html", {
        "meeting": meeting, "form": form, "formset": formset, "version": version,
        "meeting_url": meeting_url(meeting),
        "first_time": meeting.minutes_status == services.NONE})


@require_POST
def minutes_sign(request, pk):
    meeting = _meeting(request, pk)
    _keeper_only(request.user, meeting)
    try:
        services.sign_minutes(meeting=meeting, by=request.user)
    except services.Refused as refusal:
        messages.error(request, refusal.messages[0])
    else:
        messages.success(request, _("The minutes have been signed. Only the department may "
                                    "reopen them now."))
    return redirect(meeting_url(meeting))


@require_POST
def minutes_reopen(request, pk):
    meeting = _meeting(request, pk)
    if not may_manage(request.user):
        raise PermissionDenied
    try:
        services.reopen_minutes(meeting=meeting, by=request.user)
    except services.Refused as refusal:
        messages.error(request, refusal.messages[0])
    else:
        messages.success(request, _("The minutes are a draft again: correct them and sign "
                                    "them again."))
    return redirect(meeting_url(meeting))


@require_POST
def minutes_document(request, pk):
    """Ask the report engine for the minutes (PDF or DOCX) and follow the job."""
    meeting = _meeting(request, pk)
    fmt = request.POST.get("format", "pdf")
    if fmt not in ("pdf", "docx"):
        raise Http404
    try:
        job = documents.request_report(kind=REPORT_KIND, params={"meeting": str(meeting.pk)},
                                       format=fmt, by=request.user)
    except documents.NotAvailable:
        messages.error(request, _("The minutes have not been written yet."))
        return redirect(meeting_url(meeting))
    return redirect("ataskaitos:job_detail", pk=job.pk)


# --- decisions: lists -------------------------------------------------------------------------

CELL = "bendradarbiavimas/_decision_cell_{}.html"


COLUMNS = [
    Column("text", gettext_lazy("Decision"), sort="text", template=CELL.format("text")),
    Column("meeting.group.name", gettext_lazy("Group"), sort="meeting__group__name"),
    Column("meeting_on", gettext_lazy("Meeting"), sort="meeting__starts_at", text=False,
           template=CELL.format("meeting")),
    Column("owner_shown", gettext_lazy("Responsible"), sort="owner_shown",
           template=CELL.format("owner")),
    Column("due_on", gettext_lazy("Deadline"), sort="due_on", text=False,
           template=CELL.format("due")),
    Column("status", gettext_lazy("Status"), sort="status", text=False,
           template=CELL.format("status")),
    Column("quorum_flag", gettext_lazy("Quorum"), template=CELL.format("quorum")),
]


class DecisionListMixin:
    model = Decision
    filterset_class = DecisionFilter
    default_sort = "due_on"
    paginate_by = 50
    template_name = "portalas/list.html"
    actions_template = "bendradarbiavimas/_decision_list_actions.html"
    results_template = "portalas/_list_results.html"

    columns = COLUMNS

    def refine(self, queryset):
        no_quorum = str(_("adopted without a quorum"))
        return (with_owner_flags(queryset)
                .select_related("meeting__group", "owner", "item")
                .annotate(owner_shown=Case(When(owner__isnull=False, then=F("owner__full_name")),
                                           default=F("owner_name"), output_field=CharField()),
                          meeting_on=TruncDate("meeting__starts_at"),
                          quorum_flag=Case(When(meeting__quorum_met=False,
                                                then=Value(no_quorum)),
                                           default=Value(""), output_field=CharField())))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tab"] = self.tab
        return context


class DecisionListView(DecisionListMixin, ScopedListView):
    """Every decision the user sees (their own, their groups', all for the whole-territory
    roles), with filters and an export."""

    title = gettext_lazy("Decisions of the groups")
    description = gettext_lazy("Decisions of the commissions' and working groups' meetings, "
                               "followed until done.")
    export_name = "sprendimai"
    tab = "all"


class DecisionMineView(DecisionListMixin, ScopedListView):
    """The decisions the user is responsible for."""

    title = gettext_lazy("My decisions")
    description = gettext_lazy("Decisions of the groups' meetings you are responsible for.")
    export_name = "mano-sprendimai"
    empty_text = gettext_lazy("You are not responsible for any decision.")
    tab = "mine"

    def refine(self, queryset):
        return super().refine(queryset.filter(owner=self.request.user))


# --- decisions: one -------------------------------------------------------------------------

def decision_actions(user, decision: Decision) -> dict:
    keeper = may_keep(user, decision.meeting.group)
    is_open = decision.status == DecisionStatus.OPEN
    complete = services.may_complete(user, decision)
    return {
        "keeper": keeper,
        "done": complete and is_open,
        "reopen": (complete and decision.status == DecisionStatus.DONE)
        or (keeper and decision.status == DecisionStatus.CANCELLED),
        "edit": keeper,
        "reassign": keeper and is_open,
        "cancel": keeper and is_open,
    }


class DecisionDetailView(ScopedDetailView):
    model = Decision
    template_name = "bendradarbiavimas/decision_detail.html"
    context_object_name = "decision"

    def refine(self, queryset):
        return with_owner_flags(queryset).select_related("meeting__group", "owner", "item",
                                                         "done_by", "created_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        decision, user = self.object, self.request.user
        actions = decision_actions(user, decision)
        context.update({
            "actions": actions, "owner_label": owner_label(decision),
            "meeting_url": meeting_url(decision.meeting, "sprendimai"),
            "done_form": DoneForm(auto_id="done_%s") if actions["done"] else None,
            "cancel_form": CancelForm(auto_id="cancel_%s") if actions["cancel"] else None,
            "history": history_entries(decision.history.all(), limit=30)
            if actions["keeper"] else [],
        })
        return context


def decision_create(request, pk):
    """A new decision of the meeting (keepers)."""
    meeting = _meeting(request, pk)
    _keeper_only(request.user, meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        messages.error(request, _("A cancelled meeting makes no decisions."))
        return redirect(meeting_url(meeting))
    initial = {}
    if request.GET.get("item", "").isdigit():
        initial["item"] = request.GET["item"]
    form = DecisionForm(request.POST or None, meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.create_decision(meeting=meeting, item=data["item"], text=data["text"],
                                     owner=data["owner"], owner_name=data["owner_name"],
                                     due_on=data["due_on"], by=request.user)
        except services.Refused as refusal:
            _form_errors(form, refusal)
        else:
            messages.success(request, _("The decision has been recorded."))
            if "another" in request.POST:
                return redirect("bendradarbiavimas:decision_create", pk=meeting.pk)
            return redirect(meeting_url(meeting, "sprendimai"))
    return render(request, "bendradarbiavimas/decision_form.html", {
        "meeting": meeting, "form": form, "title": _("New decision"),
        "back_url": meeting_url(meeting, "sprendimai")})


def decision_update(request, pk):
    decision = _decision(request, pk)
    _keeper_only(request.user, decision.meeting)
    form = DecisionForm(request.POST or None, instance=decision, meeting=decision.meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_decision(decision=decision, text=data["text"], item=data["item"],
                                     due_on=data["due_on"], by=request.user)
        except services.Refused as refusal:
            _form_errors(form, refusal)
        else:
            messages.success(request, _("The decision has been saved."))
            return redirect(decision)
    return render(request, "bendradarbiavimas/decision_form.html", {
        "meeting": decision.meeting, "decision": decision, "form": form,
        "title": _("Edit the decision"), "back_url": decision.get_absolute_url()})


@require_POST
def decision_done(request, pk):
    decision = _decision(request, pk)
    if not services.may_complete(request.user, decision):
        raise PermissionDenied
    form = DoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(decision)
    try:
        services.complete_decision(decision=decision, done_on=form.cleaned_data["done_on"],
                                   note=form.cleaned_data["note"], by=request.user)
    except services.Refused as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("The decision is marked done."))
    return redirect(decision)


@require_POST
def decision_reopen(request, pk):
    decision = _decision(request, pk)
    if not services.may_complete(request.user, decision):
        raise PermissionDenied
    try:
        services.reopen_decision(decision=decision, by=request.user)
    except services.Refused as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("The decision is open again."))
    return redirect(decision)


def decision_reassign(request, pk):
    """A keeper or staff give the decision a new owner."""
    decision = _decision(request, pk)
    _keeper_only(request.user, decision.meeting)
    if decision.status != DecisionStatus.OPEN:
        messages.error(request, _("Only an open decision can be given a new owner."))
        return redirect(decision)
    form = ReassignForm(request.POST or None, meeting=decision.meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.reassign_decision(decision=decision, owner=form.cleaned_data["owner"],
                                       owner_name=form.cleaned_data["owner_name"],
                                       by=request.user)
        except services.Refused as refusal:
            _form_errors(form, refusal)
        else:
            messages.success(request, _("The decision has a new responsible person."))
            return redirect(decision)
    return render(request, "bendradarbiavimas/decision_reassign.html", {
        "decision": decision, "form": form, "owner_label": owner_label(decision)})


@require_POST
def decision_cancel(request, pk):
    decision = _decision(request, pk)
    _keeper_only(request.user, decision.meeting)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the decision is cancelled."))
        return redirect(decision)
    try:
        services.cancel_decision(decision=decision, reason=form.cleaned_data["reason"],
                                 by=request.user)
    except services.Refused as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("The decision has been cancelled."))
    return redirect(decision)


__all__ = ["DecisionDetailView", "DecisionListView", "DecisionMineView", "decision_cancel",
           "decision_create", "decision_done", "decision_reassign", "decision_reopen",
           "decision_update", "minutes_document", "minutes_reopen", "minutes_sign",
           "minutes_update"]
