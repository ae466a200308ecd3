"""Pages of the annual activity plan: the plans by year, a new year's plan (empty, or a copy
of the latest one), a plan's page (its tree by the charter's chapters, the workflow, the
documents), its introduction, the workflow's actions, and the approved versions.

Staff and management read the live plan (``tree.build``); anyone else signed in reads the
latest approved version (its ``Snapshot``) and gets a 404 for a year with nothing approved
and for every page that is not an approved version's (``views_access``). Staff write and
submit, management approve or return: the other role's action is a 403. The structure's
pages are in ``views_plan_structure``; writes go through ``services_workflow`` and
``services_structure``."""

import copy

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from planavimas import services_structure as structure
from planavimas import services_workflow as workflow
from planavimas import tree
from planavimas.forms_plan import IntroductionForm, PlanCreateForm
from planavimas.models import (
    Plan,
    Snapshot,
    SnapshotKind,
    Status,
    may_approve,
    may_prepare,
    may_read_all,
    may_read_approved,
)
from planavimas.views_access import (
    HOME_TITLE,
    crumbs,
    latest_or_404,
    plan_for,
    require_approver,
    require_preparer,
)
from portalas.forms import refusal_to_form
from portalas.registry import discover, report_kinds

__all__ = ["DOCUMENTS", "REPORT_DOCUMENTS", "plan_amend", "plan_approve", "plan_create",
           "plan_detail", "plan_list", "plan_return", "plan_submit", "plan_update",
           "seen_version", "stale_message", "tree_context", "version_detail", "version_list"]

#: The documents of the plan's pages and of the report's approved versions: (report kind,
#: format), each shown once its kind is registered (``planavimas.reports``).
DOCUMENTS = (("planavimas.plan", "pdf"), ("planavimas.plan", "docx"),
             ("planavimas.indicators", "xlsx"))
REPORT_DOCUMENTS = (("planavimas.report", "pdf"), ("planavimas.report", "docx"))


def tree_context(data: dict, *, editable: bool = False, all_chapters: bool = False) -> dict:
    """What ``planavimas/_tree.html`` needs to draw a plan's tree (the live one or an
    approved version's): chapters without goals only with ``all_chapters``."""
    sections = tree.chapters(data)
    if not all_chapters:
        sections = [section for section in sections if section[2]]
    return {"tree": data, "sections": sections, "editable": editable}


def seen_version(request) -> int:
    """The version the person saw (a hidden field); -1 (never a stored one) when the form
    sent none, so a form without it never moves anything blindly."""
    seen = request.POST.get("seen_version", request.POST.get("version", ""))
    return int(seen) if seen.isdigit() else -1


def stale_message(stored) -> str:
    """The refusal shown to the second of two editors: who saved ``stored`` first, and
    that saving again now keeps what they typed."""
    record = stored.history.select_related("history_user").first()
    name = str(record.history_user) if record and record.history_user else _("someone")
    return _("%(name)s saved this after you opened it, so your changes have not been saved. "
             "They are still below: compare them with the plan (open it in another tab), "
             "then save again to keep yours.") % {"name": name}


def _documents(user, *, report: bool = False) -> list[dict]:
    labels = {("planavimas.plan", "pdf"): _("Plan (PDF)"),
              ("planavimas.plan", "docx"): _("Plan (Word)"),
              ("planavimas.indicators", "xlsx"): _("Indicators (XLSX)"),
              ("planavimas.report", "pdf"): _("Report (PDF)"),
              ("planavimas.report", "docx"): _("Report (Word)")}
    discover()
    found = []
    for kind, fmt in REPORT_DOCUMENTS if report else DOCUMENTS:
        if kind not in report_kinds:
            continue
        declared = report_kinds.get(kind)
        if fmt not in declared.formats or (declared.staff_only and not may_read_all(user)):
            continue
        found.append({"kind": kind, "format": fmt, "label": labels[(kind, fmt)]})
    return found


def _plan_page(request, year) -> Plan:
    """``plan_for`` with what the plan's page shows of the plan in the same query."""
    if not may_read_approved(request.user):
        raise Http404
    return get_object_or_404(
        Plan.objects.visible_to(request.user)
        .select_related("report", "submitted_by", "decided_by", "copied_from"), year=year)


# --- the list --------------------------------------------------------------------------------

def plan_list(request):
    user = request.user
    if not may_read_approved(user):
        raise Http404
    full = may_read_all(user)
    plans = list(Plan.objects.visible_to(user).select_related("report").order_by("-year"))
    latest = {}
    for found in (Snapshot.objects.filter(plan__in=plans).order_by("number")
                  .values("plan_id", "kind", "number", "approved_at")):
        latest[(found["plan_id"], found["kind"])] = found
    rows = [{"plan": plan, "report": getattr(plan, "report", None),
             "approved": latest.get((plan.pk, SnapshotKind.PLAN)),
             "report_approved": latest.get((plan.pk, SnapshotKind.REPORT))}
            for plan in plans]
    return render(request, "planavimas/plan_list.html", {
        "rows": rows, "full": full, "can_create": may_prepare(user), "title": HOME_TITLE})


# --- a new year's plan -----------------------------------------------------------------------

def plan_create(request):
    require_preparer(request)
    form = PlanCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = workflow.create_plan(year=data["year"], by=request.user, copy=data["copy"])
        except workflow.Refused as refusal:
            refusal_to_form(form, refusal)
        else:
            if plan.copied_from_id:
                messages.success(request, _(
                    "The annual plan for %(year)s has been created as a copy of the plan for "
                    "%(source)s: change what the new year needs, then submit it.")
                    % {"year": plan.year, "source": plan.copied_from.year})
            else:
                messages.success(request, _("The annual plan for %(year)s has been created: "
                                            "add its goals.") % {"year": plan.year})
            return redirect(plan)
    return render(request, "planavimas/plan_create.html", {"form": form, "crumbs": crumbs()})


# --- one plan --------------------------------------------------------------------------------

def plan_detail(request, year):
    plan = _plan_page(request, year)
    user = request.user
    context = {"plan": plan, "crumbs": crumbs(), "documents": _documents(user),
               "document_params": {"year": plan.year}}
    if not may_read_all(user):
        snapshot = latest_or_404(plan, SnapshotKind.PLAN)
        context.update({"snapshot": snapshot, "published": True,
                        "report_approved": plan.snapshots.filter(
                            kind=SnapshotKind.REPORT).exists(),
                        **tree_context(snapshot.data)})
        return render(request, "planavimas/plan_detail.html", context)
    editable = may_prepare(user) and plan.is_editable
    data = tree.build(plan)
    latest = (plan.snapshots.filter(kind=SnapshotKind.PLAN).order_by("-number")
              .defer("data").first())
    context.update({
        "published": False, "latest": latest, "report": getattr(plan, "report", None),
        "can_submit": editable,
        "can_decide": may_approve(user) and plan.status == Status.SUBMITTED,
        "can_amend": may_prepare(user) and plan.status == Status.APPROVED,
        **tree_context(data, editable=editable, all_chapters=editable)})
    return render(request, "planavimas/plan_detail.html", context)


def plan_update(request, year):
    """The plan's introduction (Markdown), while the plan may be changed."""
    require_preparer(request)
    plan = plan_for(request, year)
    if not plan.is_editable:
        messages.error(request, _("Only a draft or a returned version can be changed; an "
                                  "approved one is changed by starting an amendment."))
        return redirect(plan)
    form = IntroductionForm(request.POST or None, instance=copy.copy(plan))
    version = seen_version(request) if request.method == "POST" else plan.version
    if request.method == "POST" and form.is_valid():
        try:
            plan = structure.update_introduction(
                plan=plan, by=request.user, seen_version=version,
                introduction=form.cleaned_data["introduction"])
        except workflow.Refused as refusal:
            if refusal.code == "locked":
                messages.error(request, " ".join(refusal.messages))
                return redirect(plan)
            if refusal.code == "stale":
                stored = Plan.objects.get(pk=plan.pk)
                form.add_error(None, stale_message(stored))
                version = stored.version
            else:
                refusal_to_form(form, refusal)
        else:
            messages.success(request, _("The introduction has been saved."))
            return redirect(plan)
    return render(request, "planavimas/plan_form.html", {
        "form": form, "plan": plan, "version": version, "crumbs": crumbs(plan.year)})


# --- the workflow ----------------------------------------------------------------------------

def _move(request, plan, action, success: str, **kwargs):
    try:
        plan = action(plan, by=request.user, seen_version=seen_version(request), **kwargs)
    except workflow.Refused as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, success % {"year": plan.year, "number": plan.number})
    return redirect(plan)


@require_POST
def plan_submit(request, year):
    require_preparer(request)
    plan = plan_for(request, year)
    return _move(request, plan, workflow.submit,
                 _("The annual plan for %(year)s has been submitted to management."))


@require_POST
def plan_approve(request, year):
    require_approver(request)
    plan = plan_for(request, year)
    return _move(request, plan, workflow.approve,
                 _("The annual plan for %(year)s is approved (version %(number)s): "
                   "everyone in the territory can read it now."))


@require_POST
def plan_return(request, year):
    require_approver(request)
    plan = plan_for(request, year)
    return _move(request, plan, workflow.return_with_comments,
                 _("The annual plan for %(year)s has been returned to staff with your "
                   "comments."), comment=request.POST.get("comment", ""))


@require_POST
def plan_amend(request, year):
    require_preparer(request)
    plan = plan_for(request, year)
    return _move(request, plan, workflow.amend,
                 _("Version %(number)s of the annual plan for %(year)s has been started: "
                   "the approved version stays published until this one is approved."),
                 reason=request.POST.get("reason", ""))


# --- the approved versions -------------------------------------------------------------------

def version_list(request, year):
    """The approved versions of the plan and the report; the workflow's log for those who
    read drafts."""
    plan = plan_for(request, year)
    snapshots = list(plan.snapshots.select_related("approved_by", "submitted_by")
                     .order_by("-number").defer("data"))
    full = may_read_all(request.user)
    events = list(plan.events.select_related("by")) if full else []
    return render(request, "planavimas/version_list.html", {
        "plan": plan, "full": full, "events": events,
        "plan_versions": [s for s in snapshots if s.kind == SnapshotKind.PLAN],
        "report_versions": [s for s in snapshots if s.kind == SnapshotKind.REPORT],
        "crumbs": crumbs(plan.year)})


def version_detail(request, year, kind, number):
    """An approved version as it was approved, drawn with the live pages' partials: the
    plan's tree (``_tree.html``), or the report's with its actual values (the report's
    ``_report_chapters.html``); its documents are that version's."""
    if kind not in SnapshotKind.values:
        raise Http404
    plan = plan_for(request, year)
    snapshot = get_object_or_404(
        Snapshot.objects.visible_to(request.user).select_related("approved_by", "submitted_by"),
        plan=plan, kind=kind, number=number)
    data, is_report = snapshot.data, kind == SnapshotKind.REPORT
    versions_url = reverse("planavimas:version_list", args=[plan.year])
    context = {"plan": plan, "year": plan.year, "snapshot": snapshot, "is_report": is_report,
               "versions_url": versions_url,
               "documents": _documents(request.user, report=is_report),
               "document_params": {"year": plan.year, "version": snapshot.number},
               "crumbs": [*crumbs(plan.year), (versions_url, _("Versions"))]}
    if is_report:
        context.update({"report_tree": data, "chapters": tree.chapters(data),
                        "totals": data["totals"], "can_edit": False, "show_records": False})
    else:
        context.update(tree_context(data))
    return render(request, "planavimas/version_detail.html", context)
