"""The department's review of a submitted report, field histories, the hand-off to LNB."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from paskyros.access import manages_territory, role_required, sees_territory
from statistika.models import Campaign, ReportStatus, ValueChange
from statistika.services import review as review_services
from statistika.services.reports import ReportLocked, field_states
from statistika.views.reports import _field_target, _report_for, _units_for


@role_required(sees_territory)
def report_review(request, pk: int, unit: str | None = None):
    report = _report_for(request, pk)
    units, _can_edit = _units_for(request, report)
    current = next((u for u in units if u.library.code == unit), units[0])
    states = field_states(report, units)
    rows = [{"indicator": i, "state": states[(current.library.pk, i.pk)],
             "field_id": f"r-{current.library.pk}-{i.pk}"} for i in current.indicators]
    problems = {u.library.pk: sum(1 for i in u.indicators
                                  if states[(u.library.pk, i.pk)].warnings
                                  or states[(u.library.pk, i.pk)].errors) for u in units}
    return render(request, "statistika/report_review.html", {
        "report": report, "units": units, "current": current, "rows": rows,
        "problems": problems, "can_review": request.user.can_manage_territory,
        "events": report.events.select_related("created_by"),
    })


@require_POST
@role_required(manages_territory)
def review_comment(request, pk: int):
    report = _report_for(request, pk)
    _units, unit, indicator = _field_target(request, report, to_edit=False)
    error = ""
    try:
        review_services.add_comment(report=report, library=unit.library, indicator=indicator,
                                    text=request.POST.get("text", "")[:2000], by=request.user)
    except ValidationError as problem:
        error = " ".join(problem.messages)
    state = field_states(report, [type(unit)(unit.library, [indicator])])[
        (unit.library.pk, indicator.pk)]
    return render(request, "statistika/_review_row.html", {
        "report": report, "row": {"indicator": indicator, "state": state,
                                  "field_id": f"r-{unit.library.pk}-{indicator.pk}"},
        "current": unit, "can_review": True, "comment_error": error})


@require_POST
@role_required(manages_territory)
def review_action(request, pk: int):
    report = _report_for(request, pk)
    action = request.POST.get("action")
    note = request.POST.get("note", "")[:2000]
    try:
        if action == "return":
            review_services.return_for_correction(report=report, note=note, by=request.user)
            messages.success(request, _("The report has been returned; the library has been "
                                        "told by e-mail."))
        elif action == "accept":
            review_services.accept(report=report, by=request.user)
            messages.success(request, _("The report has been accepted."))
        elif action == "reopen":
            review_services.reopen(report=report, reason=note, by=request.user)
            messages.success(request, _("The report has been reopened."))
        else:
            raise Http404
    except (ValidationError, ReportLocked) as problem:
        messages.error(request, " ".join(getattr(problem, "messages", [str(problem)])))
    return redirect("statistika:report_review", pk=report.pk)


@login_required
def field_history(request, pk: int):
    report = _report_for(request, pk)
    units, _can_edit = _units_for(request, report)
    try:
        library_id, indicator_id = int(request.GET["library"]), int(request.GET["indicator"])
    except (KeyError, ValueError):
        raise Http404 from None
    if not any(u.library.pk == library_id and any(i.pk == indicator_id for i in u.indicators)
               for u in units):
        raise Http404
    changes = (ValueChange.objects.filter(value__library_id=library_id,
                                          value__indicator_id=indicator_id,
                                          value__year=report.campaign.year)
               .select_related("changed_by"))
    return render(request, "statistika/_field_history.html", {"changes": changes})


@login_required
def report_timeline(request, pk: int):
    report = _report_for(request, pk)
    _units_for(request, report)
    return render(request, "statistika/report_timeline.html",
                  {"report": report, "entries": review_services.timeline(report)})


@require_POST
@role_required(manages_territory)
def bulk_accept(request, year: int):
    campaign = get_object_or_404(Campaign, year=year)
    accepted, skipped = review_services.bulk_accept(reports=campaign.reports.all(),
                                                   by=request.user)
    messages.success(request, _("%(accepted)s reports accepted; %(skipped)s with warnings "
                                "wait for a look.") % {"accepted": accepted,
                                                       "skipped": skipped})
    return redirect("statistika:campaign_board", year=year)


@role_required(sees_territory)
def handoff(request, year: int):
    campaign = get_object_or_404(Campaign, year=year)
    if request.method == "POST":
        if not manages_territory(request.user):
            raise PermissionDenied
        count = review_services.hand_off(year=year, by=request.user)
        messages.success(request, _("%(count)s reports marked as handed on to LNB.")
                         % {"count": count})
        return redirect("statistika:handoff", year=year)
    if request.GET.get("download"):
        response = HttpResponse(review_services.handoff_zip(year=year),
                                content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="lnb-{year}.zip"'
        return response
    reports = campaign.reports.filter(status__in=[ReportStatus.ACCEPTED,
                                                  ReportStatus.HANDED_ON]).select_related(
        "library").order_by("library__name")
    return render(request, "statistika/handoff.html", {"campaign": campaign,
                                                       "reports": reports})


