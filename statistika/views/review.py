"""The department's review of a submission, field histories, the hand-off to LNB."""

from datetime import datetime, time
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from portalas.access import manages_territory, role_required, sees_territory
from statistika.forms import DeadlineForm
from statistika.models import Campaign, FieldComment, SubmissionStatus, ValueChange
from statistika.selectors import board as board_selectors
from statistika.selectors.campaign import field_states
from statistika.services import review as review_services
from statistika.services.campaign import SubmissionLocked, extend_deadline
from statistika.views.campaign import _field_context, _field_target, _scope_for


@role_required(sees_territory)
def report_review(request, pk: int, unit: str | None = None):
    scope = _scope_for(request, pk)
    submission, units = scope.submission, scope.units
    current = scope.unit_by_code(unit) if unit else units[0]
    if current is None:
        raise Http404
    states = field_states(submission, units)
    rows = [{"indicator": i, "state": states[(current.library.pk, i.pk)],
             "field_id": f"r-{current.library.pk}-{i.pk}"} for i in current.indicators]
    problems = {u.library.pk: sum(1 for i in u.indicators
                                  if states[(u.library.pk, i.pk)].warnings
                                  or states[(u.library.pk, i.pk)].errors) for u in units}
    remarks = {u.library.pk: sum(len(states[(u.library.pk, i.pk)].open_comments)
                                 for i in u.indicators) for u in units}
    return render(request, "statistika/report_review.html", {
        "submission": submission, "units": units, "current": current, "rows": rows,
        "problems": problems, "remarks": remarks,
        "can_review": request.user.can_manage_territory,
        "events": submission.events.select_related("created_by"),
        "extend_form": DeadlineForm(initial={"until": submission.deadline.date()}),
    })


def _review_row(request, scope, unit, indicator, **extra):
    state = field_states(scope.submission, [type(unit)(unit.library, [indicator])])[
        (unit.library.pk, indicator.pk)]
    return render(request, "statistika/_review_row.html", {
        "submission": scope.submission,
        "row": {"indicator": indicator, "state": state,
                "field_id": f"r-{unit.library.pk}-{indicator.pk}"},
        "current": unit, "can_review": True, **extra})


@require_POST
@role_required(manages_territory)
def review_comment(request, pk: int):
    scope = _scope_for(request, pk)
    unit, indicator = _field_target(request, scope, to_edit=False)
    error = ""
    try:
        review_services.add_comment(submission=scope.submission, library=unit.library,
                                    indicator=indicator,
                                    text=request.POST.get("text", "")[:2000], by=request.user)
    except ValidationError as problem:
        error = " ".join(problem.messages)
    return _review_row(request, scope, unit, indicator, comment_error=error)


def _comment_for(request, scope):
    """The remark a POST names, on a field of the person's units (else 404)."""
    unit, indicator = _field_target(request, scope, to_edit=False)
    try:
        comment_id = int(request.POST.get("comment", ""))
    except ValueError:
        raise Http404 from None
    comment = get_object_or_404(FieldComment, pk=comment_id, submission=scope.submission,
                                library=unit.library, indicator=indicator,
                                reply_to__isnull=True)
    return unit, indicator, comment


@require_POST
@role_required(manages_territory)
def comment_resolve(request, pk: int):
    scope = _scope_for(request, pk)
    unit, indicator, comment = _comment_for(request, scope)
    review_services.resolve_comment(comment=comment, by=request.user)
    return _review_row(request, scope, unit, indicator)


@require_POST
@login_required
def comment_answer(request, pk: int):
    """The library answers a remark in place (the department may answer back in the
    review)."""
    scope = _scope_for(request, pk)
    unit, indicator, comment = _comment_for(request, scope)
    if not scope.may_write:
        raise PermissionDenied
    error = ""
    try:
        review_services.answer_comment(comment=comment,
                                       text=request.POST.get("text", "")[:2000],
                                       by=request.user)
    except ValidationError as problem:
        error = " ".join(problem.messages)
    if request.POST.get("from") == "review" and request.user.can_manage_territory:
        return _review_row(request, scope, unit, indicator, answer_error=error)
    state = field_states(scope.submission, [type(unit)(unit.library, [indicator])])[
        (unit.library.pk, indicator.pk)]
    return render(request, "statistika/_field.html", {
        **_field_context(scope.submission, unit.library, indicator, state, scope.can_edit,
                         can_answer=True), "answer_error": error})


@require_POST
@role_required(manages_territory)
def report_extend(request, pk: int):
    """A later deadline for one submission (recorded in its timeline)."""
    scope = _scope_for(request, pk)
    form = DeadlineForm(request.POST)
    if form.is_valid():
        until = timezone.make_aware(datetime.combine(form.cleaned_data["until"], time(23, 59)))
        try:
            extend_deadline(submission=scope.submission, until=until,
                            note=form.cleaned_data["note"], by=request.user)
        except ValidationError as problem:
            messages.error(request, " ".join(problem.messages))
        else:
            messages.success(request, _("The deadline of %(library)s is now %(date)s.")
                             % {"library": scope.submission.library.name,
                                "date": f"{until:%Y-%m-%d %H:%M}"})
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("statistika:report_review", pk=scope.submission.pk)


@require_POST
@role_required(manages_territory)
def review_action(request, pk: int):
    submission = _scope_for(request, pk).submission
    action = request.POST.get("action")
    note = request.POST.get("note", "")[:2000]
    try:
        if action == "return":
            review_services.return_for_correction(submission=submission, note=note,
                                                  by=request.user)
            messages.success(request, _("The report has been returned; the library has been "
                                        "told by e-mail."))
        elif action == "accept":
            review_services.accept(submission=submission, by=request.user)
            messages.success(request, _("The report has been accepted."))
        elif action == "reopen":
            review_services.reopen(submission=submission, reason=note, by=request.user)
            messages.success(request, _("The report has been reopened."))
        else:
            raise Http404
    except (ValidationError, SubmissionLocked) as problem:
        messages.error(request, " ".join(getattr(problem, "messages", [str(problem)])))
    return redirect("statistika:report_review", pk=submission.pk)


@require_GET
@login_required
def field_history(request, pk: int):
    scope = _scope_for(request, pk)
    try:
        library_id, indicator_id = int(request.GET["library"]), int(request.GET["indicator"])
    except (KeyError, ValueError):
        raise Http404 from None
    unit = scope.unit(library_id)
    if unit is None or not any(i.pk == indicator_id for i in unit.indicators):
        raise Http404
    changes = (ValueChange.objects.filter(value__library_id=library_id,
                                          value__indicator_id=indicator_id,
                                          value__year=scope.submission.campaign.year)
               .select_related("changed_by"))
    return render(request, "statistika/_field_history.html", {"changes": changes})


@login_required
def report_timeline(request, pk: int):
    """The report's history, one entry per step, edit or batch (an upload, an import, a
    session in the form); filtered by a unit of the person's scope and by person."""
    scope = _scope_for(request, pk)
    unit = None
    if request.GET.get("unit"):
        unit = scope.unit_by_code(request.GET["unit"])
        if unit is None:  # not a unit of this report, or one outside the person's access
            raise Http404
    try:
        person = int(request.GET["person"]) if request.GET.get("person") else None
    except ValueError:
        person = None
    history = board_selectors.report_timeline(scope, unit=unit, person=person,
                                              batch=request.GET.get("batch", "")[:20],
                                              page=request.GET.get("page"))
    return render(request, "statistika/report_timeline.html", {
        "submission": scope.submission, "scope": scope, "timeline": history,
        "entries": history.page.object_list if history.page else [],
        "page_obj": history.batch_page or history.page})


@require_POST
@role_required(manages_territory)
def bulk_accept(request, year: int):
    campaign = get_object_or_404(Campaign, year=year)
    # The board's filter travels with the button: the action covers the reports listed.
    form = board_selectors.BoardFilterForm(request.POST, campaign=campaign)
    accepted, skipped = review_services.bulk_accept(
        submissions=board_selectors.board_submissions(campaign, form), by=request.user)
    messages.success(request, _("%(accepted)s reports accepted; %(skipped)s with warnings "
                                "wait for a look.") % {"accepted": accepted,
                                                       "skipped": skipped})
    back = form.filter_query() + ([("sort", request.POST["sort"])]
                                  if request.POST.get("sort") else [])
    return redirect(reverse("statistika:campaign_board", args=[year])
                    + (f"?{urlencode(back)}" if back else ""))


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
    submissions = campaign.submissions.filter(status__in=[
        SubmissionStatus.ACCEPTED, SubmissionStatus.HANDED_ON]).select_related(
        "library").order_by("library__name")
    return render(request, "statistika/handoff.html", {"campaign": campaign,
                                                       "submissions": submissions})


