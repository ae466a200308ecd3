"""Bursts of answers (department staff): many answers from one address within minutes, as
``services.bursts`` finds them — a class filling in the questionnaire together, or someone
stuffing the ballot. Staff exclude a burst from the results (saying why) or count it again;
the answers themselves stay. A burst is named by its source and first answer's time, so
the page needs no list of ids and a burst found again after new answers is the same."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from bibliotekos.models import Library
from tyrimai import services
from tyrimai.forms_results import ExcludeForm
from tyrimai.models import Study


def burst_key(burst: dict) -> str:
    return f"{burst['source']}@{burst['first'].isoformat()}"


@require_http_methods(["GET", "POST"])
def bursts(request, pk: int):
    study = get_object_or_404(Study.objects.visible_to(request.user), pk=pk)
    if not services.may_edit(request.user):
        raise PermissionDenied
    found = services.bursts(study)
    if request.method == "POST":
        return _act(request, study, found)
    names = dict(Library.objects.filter(pk__in={b["library_id"] for b in found})
                 .values_list("pk", "name"))
    rows = [{**burst, "key": burst_key(burst), "library": names.get(burst["library_id"], "–"),
             "count": len(burst["ids"])} for burst in found]
    return render(request, "tyrimai/bursts.html", {
        "study": study, "rows": rows, "form": ExcludeForm(),
        "size": services.BURST_SIZE, "minutes": services.BURST_MINUTES,
        "results_url": reverse("tyrimai:results", args=[study.pk])})


def _act(request, study: Study, found: list[dict]):
    back = HttpResponseRedirect(reverse("tyrimai:bursts", args=[study.pk]))
    burst = next((b for b in found if burst_key(b) == request.POST.get("burst")), None)
    if burst is None:
        messages.error(request, _("This burst is not found any more; the list is fresh."))
        return back
    exclude = request.POST.get("action") == "exclude"
    reason = ""
    if exclude:
        form = ExcludeForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Say why the answers are excluded."))
            return back
        reason = form.cleaned_data["reason"]
    try:
        changed = services.exclude_responses(study=study, ids=burst["ids"], reason=reason,
                                             by=request.user, exclude=exclude)
    except services.Refused as refusal:
        messages.error(request, " ".join(refusal.messages))
        return back
    if exclude:
        messages.success(request, ngettext("%(n)d answer is excluded from the results.",
                                           "%(n)d answers are excluded from the results.",
                                           changed) % {"n": changed})
    else:
        messages.success(request, ngettext("%(n)d answer is counted again.",
                                           "%(n)d answers are counted again.",
                                           changed) % {"n": changed})
    return back
