"""A contest's results: the public results page, the staff's page that prepares the
diplomas and thank-you letters, publishing the results, archiving the contest, and a ZIP of
all its awards.

Who: the results page every signed-in user once the results are published, staff and
management before (others: 404); preparing, publishing, archiving and the ZIP staff only
(a contest the user may see but a role that may not: 403; a contest they may not see:
404). Writes go through ``apdovanojimai.services_results``."""

import io
import zipfile

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apdovanojimai import selectors_results as selectors
from apdovanojimai import services_results as services
from apdovanojimai.forms_results import AwardForm
from apdovanojimai.models import (
    Award,
    AwardKind,
    Contest,
    ContestStatus,
    Nomination,
    NominationStatus,
    may_manage,
    may_read_all,
)


def refusal_text(refusal) -> str:
    return " ".join(str(message) for message in refusal.messages)


def form_errors(form, refusal) -> None:
    """A service's refusal as the form's errors (on the field it names, if the form has
    it)."""
    if hasattr(refusal, "error_dict"):
        for name, errors in refusal.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, refusal)


def _contest(request, pk) -> Contest:
    return get_object_or_404(Contest.objects.visible_to(request.user), pk=pk)


def _staff_contest(request, pk) -> Contest:
    """The contest within the user's scope (404), then the role (403)."""
    contest = _contest(request, pk)
    if not may_manage(request.user):
        raise PermissionDenied
    return contest


# --- the results page --------------------------------------------------------------------------

@require_GET
def contest_results(request, pk):
    contest = _contest(request, pk)
    user = request.user
    if not contest.results_published and not may_read_all(user):
        raise Http404
    can_manage = may_manage(user)
    return render(request, "apdovanojimai/results_contest.html", {
        "contest": contest, "categories": selectors.contest_results(contest, user),
        "ranking": selectors.shows_ranking(user), "can_manage": can_manage,
        "can_prepare": can_manage and services.may_prepare(contest),
        "can_publish": (can_manage and contest.status == ContestStatus.EVALUATION
                        and contest.scoring_closed),
        "can_archive": can_manage and contest.status == ContestStatus.PUBLISHED,
        "award_count": contest.awards.count() if can_manage else 0,
    })


# --- preparing the awards ---------------------------------------------------------------------

def _prepare_rows(contest: Contest, bound: dict | None = None) -> list[dict]:
    """Every admitted nomination of the contest (winners first in each category), its
    result, its award or — with none yet — the form that prepares it."""
    nominations = (Nomination.objects.filter(contest=contest, status=NominationStatus.ACCEPTED)
                   .select_related("category", "person", "library", "practice__library",
                                   "unit", "result", "award"))
    rows = []
    for nomination in nominations:
        result = selectors.result_of(nomination)
        award = selectors.award_of(nomination)
        kind = services.award_kind_for(result)
        row = {"nomination": nomination, "result": result, "award": award, "kind": kind,
               "kind_label": AwardKind(kind).label}
        if award is None:
            nominative = services.default_recipient(nomination)
            if bound is not None and bound["pk"] == nomination.pk:
                row["form"] = bound["form"]
            else:
                row["form"] = AwardForm(prefix=f"n{nomination.pk}", nominative=nominative,
                                        initial={
                                            "title": services.default_title(nomination),
                                            "recipient_text": nominative,
                                            "citation": services.default_citation(nomination,
                                                                                  kind),
                                            "place": result.rank if result is not None
                                            and result.won else None})
        rows.append(row)
    rows.sort(key=lambda r: (r["nomination"].category.order, r["nomination"].category_id,
                             not (r["result"] and r["result"].won),
                             r["result"].rank if r["result"] and r["result"].rank else 999,
                             r["nomination"].pk))
    return rows


@require_http_methods(["GET", "POST"])
def awards_prepare(request, pk):
    contest = _staff_contest(request, pk)
    bound = None
    if request.method == "POST":
        raw = request.POST.get("nomination", "")
        nomination = None
        if raw.isdigit() and len(raw) < 12:
            nomination = Nomination.objects.filter(contest=contest, pk=int(raw)).first()
        if nomination is None:
            raise Http404
        form = AwardForm(request.POST, prefix=f"n{nomination.pk}",
                         nominative=services.default_recipient(nomination))
        if form.is_valid():
            data = form.cleaned_data
            try:
                award = services.prepare_award(
                    nomination=nomination, by=request.user, title=data["title"],
                    recipient_text=data["recipient_text"], citation=data["citation"],
                    place=data["place"])
            except services.Refused as refusal:
                form_errors(form, refusal)
            else:
                messages.success(request, _("%(kind)s %(number)s is ready.") % {
                    "kind": award.get_kind_display(), "number": award.number})
                return redirect(reverse("apdovanojimai:awards_prepare", args=[contest.pk])
                                + f"#nomination-{nomination.pk}")
        bound = {"pk": nomination.pk, "form": form}
    rows = _prepare_rows(contest, bound)
    return render(request, "apdovanojimai/results_prepare.html", {
        "contest": contest, "rows": rows, "open": services.may_prepare(contest),
        "ready": sum(1 for row in rows if row["award"] is not None),
    }, status=400 if bound is not None else 200)


# --- publishing and archiving -----------------------------------------------------------------

@require_POST
def results_publish(request, pk):
    contest = _staff_contest(request, pk)
    try:
        services.publish_results(contest=contest, by=request.user)
    except services.Refused as refusal:
        messages.error(request, refusal_text(refusal))
    else:
        messages.success(request, _("The results are published; the nominators are told by "
                                    "e-mail."))
    return redirect("apdovanojimai:contest_results", pk=contest.pk)


@require_POST
def contest_archive(request, pk):
    contest = _staff_contest(request, pk)
    try:
        services.archive(contest=contest, by=request.user)
    except services.Refused as refusal:
        messages.error(request, refusal_text(refusal))
    else:
        messages.success(request, _("The contest is archived."))
    return redirect("apdovanojimai:contest_results", pk=contest.pk)


# --- every award of a contest as a ZIP -------------------------------------------------------

@require_GET
def contest_diplomas_zip(request, pk):
    from apdovanojimai.diplomas_pdf import file_name, render_awards

    contest = _staff_contest(request, pk)
    awards = list(Award.objects.filter(contest=contest).select_related("contest")
                  .order_by("kind", "number"))
    if not awards:
        messages.info(request, _("No diploma or letter has been prepared yet."))
        return redirect("apdovanojimai:awards_prepare", pk=contest.pk)
    buffer = io.BytesIO()
    taken: set[str] = set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for award, pdf in zip(awards, render_awards(awards), strict=True):
            archive.writestr(file_name(award, taken), pdf)
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(
        True, f"diplomai-{contest.year}-{contest.pk}.zip")
    patch_cache_control(response, private=True, no_store=True)
    return response
