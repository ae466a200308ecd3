"""Awards: the list of every award the user may see (filters, export), one award's page,
editing what it prints (staff), and its PDF.

Who: an award is seen by every signed-in user once its contest's results are published,
by staff and management always (``Award.objects.visible_to``: otherwise a 404). Its PDF only
by staff, management, the nominator, the nominated person's own account and the director
of the nominee's library (``selectors_results.may_download``: others a 404). Editing: staff
(others who see the award: 403)."""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from apdovanojimai import selectors_results as selectors
from apdovanojimai import services_results as services
from apdovanojimai.filters_results import AwardFilter
from apdovanojimai.forms_results import AwardForm
from apdovanojimai.models import Award, may_manage
from apdovanojimai.views_results import form_errors
from portalas.views import Column, ScopedDetailView, ScopedListView

logger = logging.getLogger("regionas.awards")


def _private(response):
    patch_cache_control(response, private=True, no_store=True)
    return response


# --- the list -----------------------------------------------------------------------------------

COLUMNS = [
    Column("number", gettext_lazy("Number"), sort="number", link=True),
    Column("title", pgettext_lazy("award", "Award"), sort="title"),
    Column("recipient_text", gettext_lazy("Recipient"), sort="recipient_text"),
    Column("kind", pgettext_lazy("awards filter", "Kind"), sort="kind", text=False),
    Column("place", gettext_lazy("Place"), sort="place", text=False, numeric=True),
    Column("contest.title", pgettext_lazy("awards filter", "Contest"), sort="contest__title"),
    Column("nomination.unit.name", gettext_lazy("Library"), sort="nomination__unit__name"),
    Column("issued_on", gettext_lazy("Issued"), sort="issued_on", text=False),
]


class AwardListView(ScopedListView):
    model = Award
    filterset_class = AwardFilter
    template_name = "apdovanojimai/award_list.html"
    results_template = "apdovanojimai/_award_results.html"
    title = gettext_lazy("Awards")
    description = gettext_lazy("Diplomas and thank-you letters of the territory's contests "
                               "and awards.")
    empty_text = gettext_lazy("No awards match the filter.")
    export_name = "apdovanojimai"
    default_sort = "-issued_on"
    columns = COLUMNS

    def refine(self, queryset):
        return queryset.select_related("contest", "nomination__unit")


# --- one award ---------------------------------------------------------------------------------

class AwardDetailView(ScopedDetailView):
    model = Award
    template_name = "apdovanojimai/award_detail.html"
    context_object_name = "award"

    def refine(self, queryset):
        return queryset.select_related(
            "contest", "nomination__category", "nomination__person__user",
            "nomination__library", "nomination__practice__library", "nomination__unit",
            "nomination__result", "created_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        award, user = self.object, self.request.user
        context.update({
            "may_download": selectors.may_download(user, award),
            "can_manage": may_manage(user) and award.contest.status != "archived",
            "result": selectors.result_of(award.nomination)
            if selectors.shows_ranking(user) else None,
        })
        return context


def _award(request, pk) -> Award:
    return get_object_or_404(
        Award.objects.visible_to(request.user).select_related(
            "contest", "nomination__person", "nomination__library",
            "nomination__practice__library", "nomination__unit", "nomination__category"),
        pk=pk)


@require_http_methods(["GET", "POST"])
def award_update(request, pk):
    award = _award(request, pk)
    if not may_manage(request.user):
        raise PermissionDenied
    nominative = services.default_recipient(award.nomination)
    if request.method == "POST":
        form = AwardForm(request.POST, nominative=nominative)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.update_award(award=award, by=request.user, title=data["title"],
                                      recipient_text=data["recipient_text"],
                                      citation=data["citation"], place=data["place"],
                                      version=data["version"])
            except services.Refused as refusal:
                form_errors(form, refusal)
                if refusal.code == "stale":      # saving again is a deliberate overwrite
                    form.data = form.data.copy()
                    form.data["version"] = str(Award.objects.get(pk=award.pk).version)
            else:
                messages.success(request, _("The changes have been saved."))
                return redirect(award)
    else:
        form = AwardForm(nominative=nominative, initial={
            "title": award.title, "recipient_text": award.recipient_text,
            "citation": award.citation, "place": award.place, "version": award.version})
    return render(request, "apdovanojimai/award_form.html", {"award": award, "form": form},
                  status=400 if form.is_bound else 200)


@require_GET
def award_pdf(request, pk):
    """The diploma or letter as a PDF, to whom may download it; a 404 to anyone else."""
    from apdovanojimai.diplomas_pdf import file_name, render_award

    award = _award(request, pk)
    if not selectors.may_download(request.user, award):
        raise Http404
    response = HttpResponse(render_award(award), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        request.GET.get("download") == "1", file_name(award))
    logger.info("award %s downloaded by user %s", award.pk, request.user.pk)
    return _private(response)
