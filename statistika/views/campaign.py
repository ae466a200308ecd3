"""The campaign, the status board and the librarian's form of a submission."""

from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portalas.access import manages_territory, role_required, sees_territory
from statistika.forms import CampaignForm, SubmissionUploadForm
from statistika.models import Campaign, Submission, SubmissionStatus
from statistika.scoping import SubmissionScope, submission_scope
from statistika.selectors import board as board_selectors
from statistika.selectors.campaign import (
    attention,
    field_states,
    input_number,
    is_late,
    outstanding,
    scope_progress,
    status_line,
    submission_xlsx,
    summed_totals,
)
from statistika.services.campaign import (
    SubmissionLocked,
    import_submission_xlsx,
    open_campaign,
    save_explanation,
    save_value,
    submit,
)
from statistika.tasks import WAITING, remind_submission


def _submission_for(request, pk: int) -> Submission:
    return get_object_or_404(Submission.objects.visible_to(request.user)
                             .select_related("campaign", "library__municipality"), pk=pk)


def _scope_for(request, pk: int) -> SubmissionScope:
    """The submission and the units of it this person may see (none: 404)."""
    return submission_scope(_submission_for(request, pk), request.user).require()


@role_required(manages_territory)
def campaign_list(request):
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        deadline = timezone.make_aware(datetime.combine(data["deadline"], time(23, 59)))
        try:
            campaign = open_campaign(year=data["year"], kinds=data["kinds"],
                                     deadline=deadline, reminder_days=data["reminder_days"],
                                     by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The %(year)s campaign is open; the libraries have "
                                        "been notified.") % {"year": campaign.year})
            return redirect("statistika:campaign_board", year=campaign.year)
    return render(request, "statistika/campaign_list.html",
                  {"campaigns": Campaign.objects.all(), "form": form})


@role_required(sees_territory)
def campaign_board(request, year: int):
    campaign = get_object_or_404(Campaign, year=year)
    board = board_selectors.campaign_board(campaign, request.GET)
    return render(request, "statistika/campaign_board.html", {
        "campaign": campaign, "board": board, "submissions": board.page.object_list,
        "page_obj": board.page, "form": board.form, "sort": board.sort,
        "late": timezone.now() > campaign.deadline, "waiting": WAITING,
        "per_page_choices": board_selectors.PER_PAGE,
        "columns": [("name", _("Library")), ("municipality", _("Municipality")),
                    ("status", _("Status")), ("progress", _("Filled in")),
                    ("changed", _("Last saved"))],
    })


@require_POST
@role_required(manages_territory)
def report_remind(request, pk: int):
    submission = get_object_or_404(Submission.objects.select_related("campaign"), pk=pk)
    remind_submission.delay(submission.pk)
    messages.success(request, _("A reminder has been sent to %(library)s.")
                     % {"library": submission.library})
    board = reverse("statistika:campaign_board", args=[submission.campaign.year])
    back = request.POST.get("next", "")
    # back to the board as it was filtered, and never anywhere else
    if back.startswith(board + "?") or back == board:
        return redirect(back)
    return redirect(board)


@login_required
def report_list(request):
    submissions = (Submission.objects.visible_to(request.user)
                   .select_related("campaign", "library")
                   .order_by("-campaign__year", "library__name"))
    return render(request, "statistika/report_list.html", {"submissions": submissions})


@login_required
def report_form(request, pk: int, unit: str | None = None):
    scope = _scope_for(request, pk)
    submission = scope.submission
    current = scope.unit_by_code(unit) if unit else scope.units[0]
    if current is None:  # not a unit of this submission, or one outside the person's access
        raise Http404
    states = field_states(submission, scope.units)
    sums = summed_totals(submission.campaign.year)
    suggested = _suggestions(submission, current.library, current.indicators, scope.can_edit)
    sections = []
    for indicator in current.indicators:
        if not sections or sections[-1]["section"] != indicator.section:
            sections.append({"section": indicator.section, "fields": []})
        sections[-1]["fields"].append(_field_context(
            submission, current.library, indicator, states[(current.library.pk, indicator.pk)],
            scope.can_edit, summed=indicator.code in sums, can_answer=scope.may_write,
            suggestion=suggested.get(indicator.pk)))
    progress = [{"unit": u, "answered": sum(1 for i in u.indicators
                                            if states[(u.library.pk, i.pk)].answered),
                 "total": len(u.indicators),
                 "problems": sum(1 for i in u.indicators
                                 if states[(u.library.pk, i.pk)].errors
                                 or states[(u.library.pk, i.pk)].needs_explanation),
                 "comments": sum(len(states[(u.library.pk, i.pk)].open_comments)
                                 for i in u.indicators)}
                for u in scope.units]
    return render(request, "statistika/report_form.html", {
        "submission": submission, "scope": scope, "units": progress, "current": current,
        "sections": sections, "can_edit": scope.can_edit,
        "late": is_late(submission),
        "progress_answered": sum(p["answered"] for p in progress),
        "progress_total": sum(p["total"] for p in progress),
        "upload_form": SubmissionUploadForm(),
        "attention": attention(scope, states),
        "status_line": status_line(submission),
    })


def _suggestions(submission, library, indicators, can_edit) -> dict:
    """Figures other apps count for some indicators (the portal's training records for
    "staff who took training"), offered beside the field while it can be edited:
    {indicator id: {"value", "label"}}."""
    from portalas.registry import value_suggestions

    if not can_edit:
        return {}
    found = {}
    for indicator in indicators:
        if indicator.code in value_suggestions:
            suggestion = value_suggestions.get(indicator.code)
            value = suggestion.values(submission.campaign.year, [library.pk]).get(library.pk)
            if value is not None:
                found[indicator.pk] = {"value": value, "label": suggestion.label}
    return found


def _field_context(submission, library, indicator, state, can_edit, **extra) -> dict:
    return {"submission": submission, "library": library, "indicator": indicator,
            "state": state, "can_edit": can_edit, "field_id": f"f-{library.pk}-{indicator.pk}",
            "input_value": input_number(state.value.value if state.value else None),
            **extra}


def _field_target(request, scope: SubmissionScope, *, to_edit: bool = True):
    """The unit and indicator a POST names, within the person's units of the submission:
    another unit's field (or not a field of this form) is a 404. ``to_edit`` also requires
    that the person may change the submission now (a reviewer's comment does not)."""
    try:
        library_id = int(request.POST.get("library", ""))
        indicator_id = int(request.POST.get("indicator", ""))
    except ValueError:
        raise Http404 from None
    unit = scope.unit(library_id)
    indicator = next((i for i in unit.indicators if i.pk == indicator_id), None) if unit \
        else None
    if unit is None or indicator is None:
        raise Http404
    if to_edit and not scope.can_edit:
        raise PermissionDenied
    return unit, indicator


def _render_field(request, scope: SubmissionScope, unit, indicator, **extra):
    submission = scope.submission
    state = field_states(submission, [type(unit)(unit.library, [indicator])])[
        (unit.library.pk, indicator.pk)]
    submission.refresh_from_db(fields=["answered", "total_fields", "status"])
    context = _field_context(submission, unit.library, indicator, state, scope.can_edit,
                             can_answer=scope.may_write, **extra)
    context["suggestion"] = _suggestions(submission, unit.library, [indicator],
                                         scope.can_edit).get(indicator.pk)
    context["oob_progress"] = True
    context["progress_answered"], context["progress_total"] = scope_progress(scope)
    return render(request, "statistika/_field.html", context)


@require_POST
@login_required
def field_save(request, pk: int):
    scope = _scope_for(request, pk)
    unit, indicator = _field_target(request, scope)
    raw = request.POST.get("value", "")[:100]
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        result = save_value(submission=scope.submission, library=unit.library,
                            indicator=indicator, raw=raw,
                            not_known=request.POST.get("not_known") == "on",
                            version=version, by=request.user)
    except SubmissionLocked as locked:
        return _render_field(request, scope, unit, indicator, locked=str(locked), mine=raw)
    return _render_field(request, scope, unit, indicator, error=result.error,
                         mine=result.mine if (result.error or result.conflict) else None,
                         conflict=result.conflict, saved=result.saved)


@require_POST
@login_required
def field_explain(request, pk: int):
    scope = _scope_for(request, pk)
    unit, indicator = _field_target(request, scope)
    try:
        save_explanation(submission=scope.submission, library=unit.library,
                         indicator=indicator, text=request.POST.get("text", "")[:2000],
                         by=request.user)
    except SubmissionLocked as locked:
        return _render_field(request, scope, unit, indicator, locked=str(locked))
    except ValidationError as error:
        return _render_field(request, scope, unit, indicator,
                             explain_error=" ".join(error.messages))
    return _render_field(request, scope, unit, indicator, explained=True)


@login_required
def report_submit(request, pk: int):
    scope = _scope_for(request, pk)
    submission = scope.submission
    left = outstanding(submission, scope.units) if submission.is_editable else None
    if request.method == "POST":
        if submission.status == SubmissionStatus.SUBMITTED:  # a double click or a resent form
            messages.info(request, _("The report has already been submitted."))
            return redirect("statistika:report_submit", pk=submission.pk)
        if not scope.can_submit:
            raise PermissionDenied
        try:
            submit(submission=submission, by=request.user)
        except SubmissionLocked as locked:
            messages.error(request, str(locked))
        except ValidationError:
            messages.error(request, _("The report is not complete yet; see what is left."))
        else:
            messages.success(request, _("Thank you! The report has been submitted to the "
                                        "department."))
            return redirect("statistika:report_submit", pk=submission.pk)
    return render(request, "statistika/report_submit.html",
                  {"submission": submission, "left": left, "can_edit": scope.can_edit,
                   "can_submit": scope.can_submit, "scope": scope,
                   "late": is_late(submission)})


@login_required
def report_download(request, pk: int):
    scope = _scope_for(request, pk)
    submission = scope.submission
    response = HttpResponse(
        submission_xlsx(scope),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    suffix = "" if scope.whole else "-" + "-".join(u.library.code for u in scope.units)[:60]
    response["Content-Disposition"] = (f'attachment; filename="ataskaita-'
                                       f'{submission.campaign.year}-{submission.library.code}'
                                       f'{suffix}.xlsx"')
    return response


@require_POST
@login_required
def report_upload(request, pk: int):
    scope = _scope_for(request, pk)
    submission = scope.submission
    if not scope.can_edit:
        raise PermissionDenied
    form = SubmissionUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("statistika:report_form", pk=pk)
    try:
        result = import_submission_xlsx(submission=submission,
                                        data=form.cleaned_data["file"].read(),
                                        by=request.user)
    except SubmissionLocked as locked:
        messages.error(request, str(locked))
        return redirect("statistika:report_form", pk=pk)
    if result.errors:
        return render(request, "statistika/report_upload_errors.html",
                      {"submission": submission, "errors": result.errors}, status=200)
    messages.success(request, _("The spreadsheet has been read: %(count)s values saved.")
                     % {"count": result.saved})
    return redirect("statistika:report_form", pk=pk)
