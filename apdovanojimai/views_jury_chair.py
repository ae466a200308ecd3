"""The chair's and the department's pages of the jury: closing scoring (the chair), the
protocol note (the chair), the audit trail (staff only; 404 for everyone else) with the
reset of a juror's declaration, and the score table (the chair and staff, once scoring is
closed; 404 before). A contest the user has no seat on is a 404 (staff see every one); a
juror who is not the chair gets 403 on the chair's pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apdovanojimai import services_jury as services
from apdovanojimai.forms_jury import ProtocolNoteForm
from apdovanojimai.models import Assessment, ContestStatus, may_manage
from apdovanojimai.selectors_jury import (
    audit_events,
    audit_rows,
    contest_progress,
    fill_sheets,
    jury_progress,
    score_table,
)
from apdovanojimai.views_jury import contest_url, crumbs, jury_contest

__all__ = ["declaration_reset", "jury_audit", "protocol_note", "score_table_view",
           "scoring_close"]

#: Events and declarations on a page of the audit trail.
AUDIT_PAGE = 100
#: Nominations whose jurors' sheets a page of the score table shows.
SHEETS_PAGE = 25


@login_required
def scoring_close(request, pk):
    """The chair closes scoring (a confirmation with everybody's progress first)."""
    contest = jury_contest(request, pk)
    if not services.is_chair(request.user, contest):
        raise PermissionDenied
    if request.method == "POST":
        try:
            results = services.close_scoring(contest=contest, by=request.user)
        except services.Refused as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(request, _("Scoring is closed and the results are computed "
                                        "(%(count)s nominations).") % {"count": len(results)})
            return redirect(reverse("apdovanojimai:score_table", args=[contest.pk]))
        return redirect(contest_url(contest))
    progress = jury_progress(contest)
    return render(request, "apdovanojimai/jury_close.html", {
        "contest": contest, "progress": progress, "summary": contest_progress(progress),
        "may_close": services.may_close(request.user, contest),
        "crumbs": crumbs(contest, (_("Close scoring"), ""))})


@login_required
def protocol_note(request, pk):
    """The chair's note for the protocol (before and after closing, until published)."""
    contest = jury_contest(request, pk)
    if not services.is_chair(request.user, contest):
        raise PermissionDenied
    editable = contest.status in (ContestStatus.OPEN, ContestStatus.EVALUATION)
    form = ProtocolNoteForm(request.POST or None, initial={"note": contest.protocol_note})
    if request.method == "POST" and form.is_valid():
        try:
            services.write_protocol_note(contest=contest, by=request.user,
                                         note=form.cleaned_data["note"])
        except services.Refused as refusal:
            form.add_error(None, " ".join(refusal.messages))
        else:
            messages.success(request, _("The note for the protocol has been saved."))
            return redirect(contest_url(contest))
    if not editable:
        form.fields["note"].disabled = True
    return render(request, "apdovanojimai/jury_note.html", {
        "contest": contest, "form": form, "editable": editable,
        "crumbs": crumbs(contest, (_("Note for the protocol"), ""))})


def _staff_contest(request, pk):
    if not may_manage(request.user):
        raise Http404
    return jury_contest(request, pk)


@login_required
def jury_audit(request, pk):
    """Who did what and when (staff only), ``AUDIT_PAGE`` events a page (``?page=``), and
    the declarations, as many a page (``?d=``): a 300-nomination contest has thousands of
    both. Before closing: who declared and scored, never the scores — even when the staff
    member is on the jury."""
    contest = _staff_contest(request, pk)
    events = Paginator(audit_events(contest), AUDIT_PAGE).get_page(request.GET.get("page"))
    audit = audit_rows(contest, request.user, events=events.object_list)
    declarations = Paginator(
        Assessment.objects.filter(nomination__contest=contest, declared_at__isnull=False)
        .select_related("juror__user", "nomination__person", "nomination__library",
                        "nomination__practice").order_by("nomination_id", "juror_id"),
        AUDIT_PAGE).get_page(request.GET.get("d"))
    return render(request, "apdovanojimai/jury_audit.html", {
        "contest": contest, **audit, "page_obj": events,
        "declarations": list(declarations.object_list), "declarations_page": declarations,
        "may_reset": contest.status == ContestStatus.EVALUATION and not contest.scoring_closed,
        "crumbs": crumbs(contest, (_("Audit trail of the jury"), ""))})


@login_required
def score_table_view(request, pk):
    """The results per category (every nomination), and every juror's scores per criterion
    and total of ``SHEETS_PAGE`` nominations a page (``?page=``; a nomination's place links
    to its page): the chair and staff, only after scoring closes (404 before, and for
    anyone else)."""
    contest = jury_contest(request, pk)
    table = score_table(contest, request.user)
    if table is None:
        raise Http404
    rows = [row for entry in table for row in entry["rows"]]
    for index, row in enumerate(rows):
        row.sheet_page = index // SHEETS_PAGE + 1
    sheets = Paginator(rows, SHEETS_PAGE).get_page(request.GET.get("page"))
    if table:
        fill_sheets(sheets.object_list, table[0]["criteria"], table[0]["members"])
    return render(request, "apdovanojimai/jury_score_table.html", {
        "contest": contest, "categories": table, "sheets": sheets.object_list,
        "page_obj": sheets, "criteria": table[0]["criteria"] if table else [],
        "protocol": {"contest": str(contest.pk)},
        "back": request.get_full_path(),
        "crumbs": crumbs(contest, (_("Score table"), ""))})


@require_POST
@login_required
def declaration_reset(request, pk):
    """Staff clear a juror's declaration (and its scores) while scoring is open."""
    if not may_manage(request.user):
        raise Http404
    assessment = get_object_or_404(Assessment.objects.select_related("nomination"), pk=pk)
    contest_pk = assessment.nomination.contest_id
    try:
        services.reset_declaration(assessment=assessment, by=request.user)
    except services.Refused as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("The declaration has been reset: the juror declares "
                                    "again."))
    return redirect("apdovanojimai:jury_audit", pk=contest_pk)
