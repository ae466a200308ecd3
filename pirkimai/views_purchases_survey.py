"""The supplier survey of an approved purchase (tiekėjų apklausa): how and when suppliers
were asked, by which criterion, one row per supplier asked — one of the organisation list,
or a new one by name and company code in the same form — and the choice.

"Choose the supplier" without a choice made: under the lowest-price criterion the page
proposes the cheapest offer answered (its row marked, a reason written in) and saves
nothing, so the user confirms it; "Save without choosing" keeps what was recorded while
answers are awaited. "Add a row" gives one more empty row, keeping what was typed.

Who: staff (``may_prepare``); management a 403, a librarian a 404. Two editors at once: the
second save is refused, naming who saved first, their rows kept."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pirkimai import selectors_purchases as selectors
from pirkimai import services_purchases as services
from pirkimai.forms_purchases import SurveyForm, offer_formset, refusal_to_form
from pirkimai.models import Criterion, Purchase, may_prepare
from pirkimai.views_purchases import purchase_crumbs, purchase_of

__all__ = ["purchase_survey"]

STALE = gettext_lazy("%(name)s saved this purchase after you opened the survey, so your "
                     "survey has not been saved. It is still below: compare it with the "
                     "purchase (open it in another tab), then save again to keep yours.")


def _initial(purchase: Purchase) -> dict:
    chosen = next((index for index, offer in enumerate(
        purchase.offers.order_by("position", "pk")) if offer.chosen), None)
    return {"method": purchase.survey_method,
            "surveyed_on": purchase.surveyed_on or timezone.localdate(),
            "criterion": purchase.criterion or Criterion.PRICE, "chosen": chosen,
            "reason": purchase.choice_reason}


def _who_saved(purchase: Purchase) -> str:
    record = purchase.history.select_related("history_user").first()
    return str(record.history_user) if record and record.history_user else _("someone")


def _with_more_rows(data):
    data = data.copy()
    total = data.get("rows-TOTAL_FORMS", "0")
    data["rows-TOTAL_FORMS"] = str(int(total) + 1 if total.isdigit() else 1)
    return data


def _rows_and_choice(form, formset):
    """The rows kept (filled, not removed) and the chosen row's index among them; the
    chosen row is named by its number on the page."""
    kept = formset.kept()
    rows = [row_form.row(number=index + 1) for index, row_form in kept]
    picked = form.cleaned_data.get("chosen")
    position = next((i for i, (index, _f) in enumerate(kept) if index == picked), None)
    return rows, position, kept


@login_required
def purchase_survey(request, pk):
    purchase = purchase_of(request, pk)
    if not may_prepare(request.user):
        raise PermissionDenied
    if purchase.status not in services.SURVEYABLE:
        messages.info(request, _("The supplier survey is recorded once the request is "
                                 "approved; %(number)s is “%(status)s”.")
                      % {"number": purchase.full_number,
                         "status": purchase.get_status_display()})
        return redirect(purchase)
    version = purchase.version
    proposal = None
    if request.method == "POST":
        data = request.POST
        if "add_row" in data:
            data = _with_more_rows(data)
        form = SurveyForm(data)
        formset = offer_formset(request.user, purchase, data)
        version = data.get("version", "")
        if "add_row" not in data and form.is_valid() and formset.is_valid():
            rows, chosen, kept = _rows_and_choice(form, formset)
            choosing = "choose" in data
            if choosing and chosen is None:
                proposal = selectors.proposed_index(rows, form.cleaned_data["criterion"])
                if proposal is None:
                    form.add_error("chosen", _("Choose the supplier whose offer is accepted."))
                else:
                    return _page(request, purchase, form, formset, version,
                                 proposal=kept[proposal][0])
            else:
                done, version = _save(request, purchase, form, formset, rows,
                                      chosen if choosing else None, version)
                if done is not None:
                    return done
    else:
        form = SurveyForm(initial=_initial(purchase))
        formset = offer_formset(request.user, purchase)
    return _page(request, purchase, form, formset, version)


def _save(request, purchase, form, formset, rows, chosen, version):
    """Record the survey: (the redirect, None) when saved; (None, the version the page
    carries on) when refused, the reasons on the form."""
    data = form.cleaned_data
    try:
        surveyed = services.record_survey(
            purchase=purchase, by=request.user,
            version=int(version) if str(version).isdigit() else -1,
            method=data["method"], surveyed_on=data["surveyed_on"],
            criterion=data["criterion"], rows=rows, chosen=chosen, reason=data["reason"])
    except services.Refused as refusal:
        if refusal.code == "stale":
            stored = Purchase.objects.get(pk=purchase.pk)
            form.add_error(None, STALE % {"name": _who_saved(stored)})
            return None, stored.version
        refusal_to_form(form, refusal)
        return None, version
    if chosen is None:
        messages.success(request, _("The survey of %(number)s is saved; choose the supplier "
                                    "once the offers are in.")
                         % {"number": surveyed.full_number})
    else:
        messages.success(request, _("The supplier of %(number)s is chosen. The survey "
                                    "report (tiekėjų apklausos pažyma) can be downloaded.")
                         % {"number": surveyed.full_number})
    return redirect(surveyed), version


def _page(request, purchase, form, formset, version, *, proposal=None):
    chosen = proposal
    if chosen is None and form.is_bound:
        chosen = form.data.get("chosen")
        chosen = int(chosen) if str(chosen).isdigit() else None
    elif chosen is None:
        chosen = form.initial.get("chosen")
    reason = form["reason"].value() or ""
    if proposal is not None and not reason.strip():
        reason = _("The lowest price among the offers received.")
    return render(request, "pirkimai/purchase_survey.html", {
        "purchase": purchase, "form": form, "formset": formset,
        "version": version, "chosen": chosen,
        "proposal": proposal, "reason": reason,
        "title": _("Supplier survey of %(number)s") % {"number": purchase.full_number},
        "crumbs": purchase_crumbs(purchase)}, status=200)
