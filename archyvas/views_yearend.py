"""Pages of the year end: the overview (the years to close, the closed years with their
inventories per retention class, the files waiting for appraisal, the acts), closing a
year's files behind a confirmation page, and the files whose retention ended with the
appraisal form (its POST goes to ``act_create``).

Staff and management read (librarians: 403, or 404 for a page naming a plan); staff
close years and appraise (management: 403). Writes go through ``services_yearend``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from archyvas import selectors_yearend as selectors
from archyvas import services_yearend as services
from archyvas.forms_yearend import AppraisalForm
from archyvas.models import (
    ActStatus,
    DestructionAct,
    FilePlan,
    PlanFile,
    PlanStatus,
    RetentionClass,
    may_manage,
    may_read,
)
from portalas.access import role_required

__all__ = ["TITLE", "expired_list", "expired_page", "year_close", "year_end",
           "yearend_crumbs"]

TITLE = gettext_lazy("Year end")


def yearend_crumbs(*more) -> list:
    return [(reverse("archyvas:year_end"), TITLE), *more]


@role_required(may_read)
def year_end(request):
    user, today = request.user, timezone.localdate()
    acts = (DestructionAct.objects.visible_to(user).select_related("approved_by")
            .annotate(item_count=Count("items")).order_by("-year", "-number"))
    expired = PlanFile.objects.visible_to(user).expired(today)
    closed = selectors.closed_years(user)
    for plan in closed:
        plan.classes = [{"key": key, "label": label, "count": getattr(plan, f"{key}_count"),
                         "params": {"year": plan.year, "retention": key}}
                        for key, label in RetentionClass.choices]
    return render(request, "archyvas/yearend_overview.html", {
        "title": TITLE, "today": today,
        "to_close": selectors.years_to_close(user, today), "closed": closed,
        "expired_count": expired.count(),
        "waiting_count": selectors.appraisable(user, today).count(),
        "acts": acts[:10], "more_acts": acts.count() > 10,
        "awaiting": acts.filter(status=ActStatus.SUBMITTED).count(),
        "can_manage": may_manage(user),
    })


@login_required
def year_close(request, year):
    """Close the year's files (staff): a confirmation page, then the move."""
    plan = get_object_or_404(FilePlan.objects.visible_to(request.user), year=year)
    if not may_manage(request.user):
        raise PermissionDenied
    if request.method == "POST":
        try:
            closed = services.close_year(plan=plan, by=request.user)
        except services.Refused as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(request, ngettext(
                "The files of %(year)s are closed (%(n)s file): nothing more is registered "
                "or filed into that year. Their inventories are ready below.",
                "The files of %(year)s are closed (%(n)s files): nothing more is registered "
                "or filed into that year. Their inventories are ready below.",
                closed.files_closed) % {"year": closed.year, "n": closed.files_closed})
        return redirect("archyvas:year_end")
    today = timezone.localdate()
    if plan.status != PlanStatus.APPROVED or plan.year >= today.year:
        messages.info(request, _("The files of %(year)s are already closed.")
                      % {"year": plan.year} if plan.is_closed else
                      _("The files of %(year)s can be closed once the plan is approved and the "
                        "year has ended.") % {"year": plan.year})
        return redirect("archyvas:year_end")
    files = list(plan.files.order_by("position", "index"))
    counts = selectors.document_counts([f.pk for f in files])
    return render(request, "archyvas/yearend_close.html", {
        "plan": plan, "file_count": len(files), "document_count": sum(counts.values()),
        "title": _("Close the files of %(year)s") % {"year": plan.year},
        "crumbs": yearend_crumbs(),
        "retention_from": f"{plan.year + 1}-01-01",
    })


def expired_page(request, form=None, status=200):
    """The files whose retention ended, by year; staff get the appraisal form."""
    user, today = request.user, timezone.localdate()
    groups = selectors.expired_by_year(user, today)
    can_manage = may_manage(user)
    if can_manage and form is None:
        form = appraisal_form(request, groups=groups)
    waiting = sum(1 for group in groups for f in group["files"] if f.item is None)
    return render(request, "archyvas/expired_list.html", {
        "title": _("Files whose retention ended"), "groups": groups, "today": today,
        "form": form, "rows": form.rows() if form is not None else {},
        "can_manage": can_manage, "waiting": waiting,
        "file_count": sum(len(group["files"]) for group in groups),
        "crumbs": yearend_crumbs(),
    }, status=status)


def appraisal_form(request, *, groups=None, data=None) -> AppraisalForm:
    """The appraisal form over the expired files (all of them: the service refuses, with
    the reason, a file taken by another act meanwhile) and the drafts being prepared."""
    if groups is None:
        groups = selectors.expired_by_year(request.user, timezone.localdate())
    files = [f for group in groups for f in group["files"]]
    drafts = (DestructionAct.objects.visible_to(request.user).filter(status=ActStatus.DRAFT)
              .order_by("-year", "-number"))
    return AppraisalForm(data, files=files, drafts=drafts)


@role_required(may_read)
def expired_list(request):
    return expired_page(request)
