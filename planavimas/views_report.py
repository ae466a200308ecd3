"""The annual activity report's page and its workflow.

Staff and management read the live report: the plan's structure by charter chapter with
each indicator's actual value counted now (``tree.build(plan, actuals=True)``), where it
came from, the fulfilment, each measure's result and each goal's narrative; staff write
the answers while it is a draft or returned, and move it through the same workflow as the
plan (``services_workflow``: submit, approve, return with comments, amend). Everyone else
signed in reads only the latest approved version (its snapshot, frozen) — a 404 while
there is none; the workflow's pages are a 404 for them, a 403 for the wrong role."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from planavimas import services_workflow as workflow
from planavimas import tree
from planavimas.forms_report import AmendForm, ReturnForm
from planavimas.models import (
    REPORT_STATUS_LABELS,
    Event,
    Plan,
    Report,
    SnapshotKind,
    Status,
    may_approve,
    may_prepare,
    may_read_all,
)
from planavimas.views_access import (
    crumbs,
    latest_or_404,
    plan_for,
    require_approver,
    require_preparer,
)
from planavimas.views_results import report_crumbs, report_or_404, report_url
from portalas.forms import refusal_to_form

__all__ = ["report_amend", "report_approve", "report_detail", "report_return",
           "report_start", "report_submit"]

#: The report's documents: (kind, format, label).
DOCUMENTS = (("planavimas.report", "pdf", gettext_lazy("Report (PDF)")),
             ("planavimas.report", "docx", gettext_lazy("Report (Word)")),
             ("planavimas.indicators", "xlsx", gettext_lazy("Indicators (XLSX)")))


def documents_for(user) -> list[dict]:
    """The document buttons whose kind is registered (the documents are declared by
    ``planavimas.reports``) and open to ``user``."""
    from portalas.registry import discover, report_kinds

    discover()
    found = []
    for name, fmt, label in DOCUMENTS:
        if name not in report_kinds:
            continue
        kind = report_kinds.get(name)
        if fmt not in kind.formats or (kind.staff_only and not user.sees_whole_territory):
            continue
        found.append({"kind": name, "format": fmt, "label": str(label)})
    return found


def _report(plan: Plan) -> Report | None:
    try:
        return plan.report
    except Report.DoesNotExist:
        return None


def _status_label(value: str) -> str:
    return REPORT_STATUS_LABELS.get(value, value)


def report_detail(request, year):
    plan = plan_for(request, year)
    user = request.user
    context = {"plan": plan, "year": plan.year, "crumbs": crumbs(plan.year),
               "documents": documents_for(user), "document_params": {"year": plan.year}}
    if not may_read_all(user):
        snapshot = latest_or_404(plan, SnapshotKind.REPORT)
        data = snapshot.data
        context.update({"snapshot": snapshot, "live": False})
    else:
        report = _report(plan)
        data = tree.build(plan, actuals=True)
        editable = report is not None and report.is_editable
        versions = list(plan.snapshots.filter(kind=SnapshotKind.REPORT)
                        .select_related("approved_by").defer("data").order_by("-number"))
        context.update({
            "report": report, "live": True, "versions": versions, "show_records": True,
            "can_edit": editable and may_prepare(user),
            "can_submit": editable and may_prepare(user),
            "can_decide": report is not None and report.status == Status.SUBMITTED
            and may_approve(user),
            "can_amend": report is not None and report.status == Status.APPROVED
            and may_prepare(user),
            "can_start": report is None and may_prepare(user),
            "plan_approved": report is not None
            or plan.snapshots.filter(kind=SnapshotKind.PLAN).exists(),
            "events": list(Event.objects.filter(plan=plan, kind=SnapshotKind.REPORT)
                           .select_related("by")[:20]) if report else [],
            "return_form": ReturnForm(), "amend_form": AmendForm(),
        })
    context.update({"report_tree": data, "chapters": tree.chapters(data),
                    "totals": data["totals"], "status_label": _status_label(data["status"])})
    return render(request, "planavimas/report_detail.html", context)


@require_POST
def report_start(request, year):
    require_preparer(request)
    plan = plan_for(request, year)
    try:
        workflow.start_report(plan, by=request.user)
    except workflow.Refused as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("The report for %(year)s is started: write what was "
                                    "done; the actual values count themselves.")
                         % {"year": plan.year})
    return redirect(report_url(plan.year))


def _report_for(request, year) -> Report:
    return report_or_404(plan_for(request, year))


def _seen(request) -> int:
    seen = request.POST.get("version", "")
    return int(seen) if seen.isdigit() else -1


def _move(request, year, action, success: str, **kwargs):
    report = _report_for(request, year)
    try:
        action(report, by=request.user, seen_version=_seen(request), **kwargs)
    except workflow.Refused as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, success % {"year": year})
    return redirect(report_url(year))


@require_POST
def report_submit(request, year):
    require_preparer(request)
    return _move(request, year, workflow.submit,
                 _("The report for %(year)s is submitted to management."))


@require_POST
def report_approve(request, year):
    require_approver(request)
    return _move(request, year, workflow.approve,
                 _("The report for %(year)s is approved; its figures are frozen in the "
                   "approved version."))


def _decision(request, year, *, form_class, field: str, action, success: str, title: str,
              button: str, intro: str):
    """A workflow step that needs a text (management's comments, the reason for an
    amendment): the form on its own page, the step on POST."""
    report = _report_for(request, year)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action(report, by=request.user, seen_version=_seen(request),
                   **{field: form.cleaned_data[field]})
        except workflow.Refused as refusal:
            if refusal.code == "stale":
                messages.error(request, " ".join(refusal.messages))
                return redirect(report_url(year))
            refusal_to_form(form, refusal)
        else:
            messages.success(request, success % {"year": year})
            return redirect(report_url(year))
    return render(request, "planavimas/report_decision.html", {
        "form": form, "report": report, "year": year, "title": title, "button": button,
        "intro": intro, "version": request.POST.get("version") or report.version,
        "crumbs": report_crumbs(year)})


def report_return(request, year):
    require_approver(request)
    return _decision(request, year, form_class=ReturnForm, field="comment",
                     action=workflow.return_with_comments,
                     success=_("The report for %(year)s is returned to staff with your "
                               "comments."),
                     title=_("Return the report with comments"),
                     button=_("Return with comments"),
                     intro=_("Staff see your comments, change the report and submit it "
                             "again."))


def report_amend(request, year):
    require_preparer(request)
    return _decision(request, year, form_class=AmendForm, field="reason",
                     action=workflow.amend,
                     success=_("An amendment of the report for %(year)s is started: change "
                               "it and submit it again."),
                     title=_("Amend the approved report"), button=_("Start the amendment"),
                     intro=_("The approved version stays readable as it was approved. The "
                             "amendment is a new version: a draft again, submitted and "
                             "approved again."))

