"""The moves of a purchase: submit for approval (staff, POST), approve (management, POST),
return to the requester with a comment (management) and cancel with the reason (staff or
management) — the last two a form page (GET) done by POST.

A purchase the user does not see is a 404 (a librarian's always); a role that may not move
it, a 403. A move the purchase has passed meanwhile (approved twice, two clicks) is refused
with a message on its page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pirkimai import services_purchases as services
from pirkimai.forms_purchases import CancelForm, DecisionForm, ReturnForm, refusal_to_form
from pirkimai.models import PurchaseStatus, may_approve, may_prepare
from pirkimai.views_purchases import purchase_crumbs, purchase_of

__all__ = ["purchase_approve", "purchase_cancel", "purchase_return", "purchase_submit"]


def _require(allowed, request) -> None:
    if not allowed(request.user):
        raise PermissionDenied


def _refused(request, refusal) -> None:
    messages.error(request, " ".join(refusal.messages))


@require_POST
@login_required
def purchase_submit(request, pk):
    """Submit a draft or returned request for approval; the splitting warning, when it
    applies and was not confirmed, is confirmed with the form's box."""
    purchase = purchase_of(request, pk)
    _require(may_prepare, request)
    try:
        purchase = services.submit(purchase=purchase, by=request.user,
                                   confirmed=bool(request.POST.get("confirm_threshold")))
    except services.Refused as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, _("The request %(number)s has been submitted for "
                                    "approval.") % {"number": purchase.full_number})
    return redirect(purchase)


@require_POST
@login_required
def purchase_approve(request, pk):
    """Approve a submitted request (management), once."""
    purchase = purchase_of(request, pk)
    _require(may_approve, request)
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        purchase = services.approve(purchase=purchase, by=request.user, note=note)
    except services.Refused as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, _("The request %(number)s is approved: staff may ask "
                                    "suppliers now.") % {"number": purchase.full_number})
    return redirect(purchase)


def _form_move(request, pk, *, allowed, form_class, service, allowed_from, title, intro,
               button, done, danger=False):
    purchase = purchase_of(request, pk, "requested_by")
    _require(allowed, request)
    if purchase.status not in allowed_from:
        messages.info(request, _("The purchase %(number)s is now “%(status)s”.")
                      % {"number": purchase.full_number,
                         "status": purchase.get_status_display()})
        return redirect(purchase)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            moved = service(purchase, form.cleaned_data)
        except services.Refused as refusal:
            if refusal.code in ("moved", "approved"):
                _refused(request, refusal)
                return redirect(purchase)
            refusal_to_form(form, refusal)
        else:
            messages.success(request, done % {"number": moved.full_number})
            return redirect(moved)
    return render(request, "pirkimai/purchase_confirm.html", {
        "purchase": purchase, "form": form, "title": title, "intro": intro,
        "button": button, "danger": danger, "crumbs": purchase_crumbs(purchase)})


@login_required
def purchase_return(request, pk):
    """Return a submitted request to the requester with a comment (management)."""
    return _form_move(
        request, pk, allowed=may_approve, form_class=ReturnForm,
        allowed_from=(PurchaseStatus.SUBMITTED,),
        service=lambda purchase, data: services.return_request(
            purchase=purchase, by=request.user, comment=data["comment"]),
        title=_("Return the request for correction"),
        intro=_("The requester corrects the request and submits it again; say what to "
                "correct."),
        button=_("Return the request"),
        done=_("The request %(number)s has been returned to the requester."))


@login_required
def purchase_cancel(request, pk):
    """Cancel a purchase that has no contract yet, with the reason."""
    return _form_move(
        request, pk, allowed=services.may_cancel, form_class=CancelForm,
        allowed_from=tuple(status for status in PurchaseStatus.values
                           if status not in (PurchaseStatus.CONTRACTED,
                                             PurchaseStatus.CANCELLED)),
        service=lambda purchase, data: services.cancel(
            purchase=purchase, by=request.user, reason=data["reason"]),
        title=_("Cancel the purchase"),
        intro=_("A cancelled purchase stays in the list with its reason; its value no longer "
                "counts towards the year's sum of its CPV code."),
        button=_("Cancel the purchase"), danger=True,
        done=_("The purchase %(number)s has been cancelled."))
