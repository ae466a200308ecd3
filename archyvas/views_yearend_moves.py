"""The moves of a destruction act, each behind a confirmation page (GET) and done by POST:
submit for approval (staff), approve (management, or staff recording an approval made on
paper, with the approving document) and return to a draft (with the reason). An act the
user does not see is a 404; a role that may not move it, a 403."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from archyvas import selectors_yearend as selectors
from archyvas import services_yearend as services
from archyvas.forms_yearend import ApproveForm, ReturnForm
from archyvas.models import ActStatus, Appraisal, may_approve, may_manage
from archyvas.views_yearend_acts import act_crumbs, act_of

__all__ = ["act_approve", "act_return", "act_submit"]


def _move(request, pk, *, allowed, allowed_from, service, title, intro, button, done,
          form_class=None, form_args=lambda form: {}, danger=False):
    act = act_of(request, pk)
    if not allowed(request.user):
        raise PermissionDenied
    form = form_class(request.POST or None) if form_class else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            moved = service(act=act, by=request.user, **form_args(form))
        except services.Refused as refusal:
            if form is not None and hasattr(refusal, "error_dict"):
                for field, errors in refusal.error_dict.items():
                    form.add_error(field if field in form.fields else None,
                                   [m for error in errors for m in error.messages])
            else:
                messages.error(request, " ".join(refusal.messages))
                return redirect(act)
        else:
            messages.success(request, done(moved))
            return redirect(moved)
    elif act.status != allowed_from:
        messages.info(request, _("The act is now “%(status)s”.")
                      % {"status": act.get_status_display()})
        return redirect(act)
    items = selectors.act_items(act)
    destroy = [i for i in items if i.decision == Appraisal.DESTROY]
    return render(request, "archyvas/act_confirm.html", {
        "act": act, "title": title, "intro": intro, "button": button, "form": form,
        "danger": danger, "crumbs": act_crumbs(act), "destroy_count": len(destroy),
        "extend_count": len(items) - len(destroy),
        "document_count": sum(i.documents for i in destroy)})


@login_required
def act_submit(request, pk):
    return _move(request, pk, allowed=may_manage, allowed_from=ActStatus.DRAFT,
                 service=services.submit_act, title=_("Submit for approval"),
                 intro=_("The act goes to management for approval; it cannot be changed "
                         "unless it is returned."),
                 button=_("Submit for approval"),
                 done=lambda act: _("%(act)s has been submitted for approval.") % {"act": act})


@login_required
def act_approve(request, pk):
    def done(act):
        return _("%(act)s is approved; the stored files of the files to destroy are being "
                 "deleted. The act remains, with its PDF.") % {"act": act}

    return _move(request, pk, allowed=may_approve, allowed_from=ActStatus.SUBMITTED,
                 service=services.approve_act, title=_("Approve the destruction act"),
                 intro=_("Once approved, the stored files of every document in the files to "
                         "destroy are deleted: this cannot be undone. The register rows, the "
                         "files' records and the act remain. Files kept longer get their new "
                         "retention."),
                 button=_("Approve and destroy the files"), done=done, danger=True,
                 form_class=ApproveForm,
                 form_args=lambda form: {"reference": form.cleaned_data["reference"]})


@login_required
def act_return(request, pk):
    return _move(request, pk, allowed=may_approve, allowed_from=ActStatus.SUBMITTED,
                 service=services.return_act, title=_("Return the act to a draft"),
                 intro=_("Staff correct the act and submit it again; say what to correct."),
                 button=_("Return to a draft"),
                 done=lambda act: _("%(act)s has been returned to a draft.") % {"act": act},
                 form_class=ReturnForm,
                 form_args=lambda form: {"reason": form.cleaned_data["reason"]})
