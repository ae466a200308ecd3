"""The juror's pages: their juries, a contest's worklist (every admitted nomination with
whom it nominates and how far they are), the conflict-of-interest declaration and the score
sheet. A contest, or a nomination, the user is not a juror of is a 404; a nomination with a
declared conflict has no score sheet (404). The chair's and staff's pages are in
``views_jury_chair``. Writes go through ``services_jury``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from apdovanojimai import services_jury as services
from apdovanojimai.forms_jury import DeclarationForm, ScoreForm
from apdovanojimai.models import (
    Assessment,
    ConflictReason,
    Contest,
    ContestStatus,
    JuryMember,
    Nomination,
    may_manage,
)
from apdovanojimai.selectors_jury import NOMINEE, own_sheet, seats_progress, worklist

__all__ = ["assessment_declare", "assessment_score", "contest_url", "crumbs", "jury_contest",
           "jury_worklist", "my_juries", "safe_url"]


def safe_url(name: str, *args) -> str:
    """A page of another area, or "" while that area is not installed."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def contest_url(contest) -> str:
    return (safe_url("apdovanojimai:contest_detail", contest.pk)
            or reverse("apdovanojimai:my_juries"))


def crumbs(contest=None, *extra) -> list[dict]:
    """The breadcrumbs: the contests (or my juries), the contest, then ``extra`` pairs."""
    found = [{"label": _("Evaluations and awards"),  # the contest list's own title
              "url": safe_url("apdovanojimai:contest_list")}
             if safe_url("apdovanojimai:contest_list")
             else {"label": _("My juries"), "url": reverse("apdovanojimai:my_juries")}]
    if contest is not None:
        found.append({"label": contest.title, "url": contest_url(contest)})
    found += [{"label": label, "url": url} for label, url in extra]
    return found


def jury_contest(request, pk, *, staff=True) -> Contest:
    """A contest the user is a juror of (or, with ``staff``, any for staff); else 404."""
    contest = get_object_or_404(Contest.objects.visible_to(request.user), pk=pk)
    if staff and may_manage(request.user):
        return contest
    if not JuryMember.objects.filter(contest=contest, user=request.user).exists():
        raise Http404
    return contest


@login_required
def my_juries(request):
    """The contests the user judges, with their own progress as counts."""
    seats = list(JuryMember.objects.filter(user=request.user)
                 .select_related("contest").order_by("-contest__year", "contest__title"))
    progress = seats_progress(seats)
    rows = [{"seat": seat, "contest": seat.contest, "progress": progress[seat.pk],
             "open": seat.contest.status == ContestStatus.EVALUATION
             and not seat.contest.scoring_closed} for seat in seats]
    return render(request, "apdovanojimai/jury_my.html", {
        "rows": rows, "crumbs": crumbs(None, (_("My juries"), ""))})


@login_required
def jury_worklist(request, pk):
    """The juror's worklist of one contest."""
    contest = jury_contest(request, pk, staff=False)
    items = worklist(request.user, contest)
    for item in items:
        item.detail_url = (safe_url("apdovanojimai:nomination_detail", item.nomination.pk)
                           if item.state not in ("declare", "conflict") else "")
    seat = JuryMember.objects.get(contest=contest, user=request.user)
    return render(request, "apdovanojimai/jury_worklist.html", {
        "contest": contest, "items": items, "seat": seat,
        "open": contest.status == ContestStatus.EVALUATION and not contest.scoring_closed,
        "crumbs": crumbs(contest, (_("My evaluation"), ""))})


def _to_declare(request, pk) -> Nomination:
    return get_object_or_404(Nomination.objects.to_declare(request.user)
                             .select_related(*NOMINEE, "contest"), pk=pk)


@login_required
def assessment_declare(request, pk):
    """The juror's declaration about one nomination: no conflict, or a conflict with its
    kind (forced when the nominee is of the juror's own library tree or they nominated)."""
    nomination = _to_declare(request, pk)
    contest = nomination.contest
    back = reverse("apdovanojimai:jury_worklist", args=[contest.pk])
    own = Assessment.objects.filter(nomination=nomination, juror__user=request.user,
                                    declared_at__isnull=False).first()
    if own is not None:
        messages.info(request, _("You have already declared about this nomination. Only the "
                                 "department can reset a declaration."))
        return redirect(back)
    forced = services.forced_conflict(request.user, nomination)
    form = DeclarationForm(request.POST or None, forced=forced)
    if request.method == "POST" and form.is_valid():
        try:
            services.declare(nomination=nomination, by=request.user, conflict=form.conflict,
                             reason=form.cleaned_data.get("reason", ""),
                             note=form.cleaned_data.get("note", ""))
        except PermissionDenied:
            raise Http404 from None
        except services.Refused as refusal:
            _form_errors(form, refusal)
        else:
            if form.conflict:
                messages.success(request, _("Your conflict of interest has been recorded: you "
                                            "will not score this nomination."))
                return redirect(back)
            messages.success(request, _("Declared. You can now read the nomination and "
                                        "score it."))
            return redirect("apdovanojimai:assessment_score", pk=nomination.pk)
    return render(request, "apdovanojimai/jury_declare.html", {
        "nomination": nomination, "contest": contest, "form": form, "forced": forced,
        "forced_label": ConflictReason(forced).label if forced else "", "back": back,
        "crumbs": crumbs(contest, (_("My evaluation"), back), (_("Declaration"), ""))})


def _form_errors(form, refusal) -> None:
    if hasattr(refusal, "error_dict"):
        for name, errors in refusal.error_dict.items():
            for error in errors:
                form.add_error(name if name in form.fields else None, error)
    else:
        for message in refusal.messages:
            form.add_error(None, message)


@login_required
def assessment_score(request, pk):
    """The juror's own score sheet of a nomination they declared no conflict with."""
    cleared = Assessment.objects.filter(juror__user=request.user, conflict=False,
                                        declared_at__isnull=False)
    nomination = get_object_or_404(
        Nomination.objects.to_declare(request.user).filter(
            pk__in=cleared.values("nomination_id")).select_related(*NOMINEE, "contest"),
        pk=pk)
    contest = nomination.contest
    assessment = cleared.get(nomination=nomination)
    criteria = list(contest.criteria.order_by("order", "pk"))
    back = reverse("apdovanojimai:jury_worklist", args=[contest.pk])
    is_open = contest.status == ContestStatus.EVALUATION and not contest.scoring_closed
    if request.method == "POST":
        form = ScoreForm(request.POST, criteria=criteria)
        if form.is_valid():
            complete = "complete" in request.POST
            try:
                services.score(nomination=nomination, by=request.user, values=form.values(),
                               comment=form.cleaned_data["comment"], complete=complete,
                               seen_version=form.cleaned_data["version"])
            except PermissionDenied:
                raise Http404 from None
            except services.Refused as refusal:
                _form_errors(form, refusal)
            else:
                messages.success(request, _("Your scores have been submitted.") if complete
                                 else _("Your scores have been saved as a draft: submit them "
                                        "when every criterion is scored."))
                return redirect(back)
    else:
        values = own_sheet(assessment)
        form = ScoreForm(criteria=criteria, initial={
            "comment": assessment.comment, "version": assessment.version,
            **{f"c{pk}": value for pk, value in values.items()}})
    if not is_open:
        for name in form.fields:
            form.fields[name].disabled = True
    return render(request, "apdovanojimai/jury_score.html", {
        "nomination": nomination, "contest": contest, "form": form, "assessment": assessment,
        "open": is_open, "back": back,
        "detail_url": safe_url("apdovanojimai:nomination_detail", nomination.pk),
        "crumbs": crumbs(contest, (_("My evaluation"), back), (_("Scores"), ""))})
