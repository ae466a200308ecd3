"""Pages of the CPV vocabulary: the codes (searched by the beginning of the code or words
of a title, paged, exported as a table the upload reads back), the suggestions a CPV field
asks for as one types (an htmx fragment of ``<option>`` elements), and the upload of the
official file (staff; the same service as ``manage.py load_cpv``).

Staff and management read; staff load; a territory librarian gets a 404 everywhere."""

import re

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pirkimai import services_cpv as services
from pirkimai.filters_plan import CpvFilter, in_use_by_default
from pirkimai.forms_cpv import CpvUploadForm
from pirkimai.models import CpvCode, may_prepare
from pirkimai.models.vocabulary import CpvLoad
from pirkimai.views_access import ReaderMixin, procurement_crumbs, require, require_reader
from portalas.views import Column, ScopedListView

#: How many suggestions a CPV field shows.
SUGGESTIONS = 15
FIELD_NAME = re.compile(r"[\w-]{1,80}")
LIST_ID = re.compile(r"([\w-]{1,80})-suggestions")


def _field(name: str):
    return capfirst(CpvCode._meta.get_field(name).verbose_name)


class CpvListView(ReaderMixin, ScopedListView):
    """The codes in use (or out of use, or all), by code or words; its export has the
    columns the upload reads back (code, Lithuanian and English titles)."""

    model = CpvCode
    filterset_class = CpvFilter
    title = gettext_lazy("CPV vocabulary")
    description = gettext_lazy("The Common Procurement Vocabulary the plans and purchases "
                               "name their objects by.")
    template_name = "pirkimai/cpv_list.html"
    actions_template = "pirkimai/_cpv_list_actions.html"
    export_name = "cpv-zodynas"
    empty_text = gettext_lazy("No CPV code matches: change the search, or load the "
                              "vocabulary.")
    default_sort = "code"
    columns = [
        Column("code", _field("code"), sort="code", text=False,
               template="pirkimai/_cpv_code_cell.html"),
        Column("title_lt", _field("title_lt"), sort="title_lt"),
        Column("title_en", _field("title_en"), sort="title_en"),
        Column("active", _field("active"), sort="active", text=False, export=False,
               template="pirkimai/_cpv_active_cell.html"),
    ]

    def get_queryset(self):
        queryset = super().get_queryset()      # sets the filterset
        return in_use_by_default(self.filterset, queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({
            "crumbs": procurement_crumbs(),
            "can_upload": may_prepare(self.request.user),
            "last_load": CpvLoad.objects.visible_to(self.request.user)
            .select_related("loaded_by").first(),
        })
        return context


def cpv_search(request):
    """The suggestions for a CPV field: ``q`` — or the field's own value, named by
    ``field`` (what the field's htmx request sends) — as up to ``SUGGESTIONS`` codes in use;
    with the status line the field's screen-reader users hear (swapped out of band)."""
    require_reader(request)
    field = request.GET.get("field", "")
    query = request.GET.get("q") or (request.GET.get(field, "")
                                     if FIELD_NAME.fullmatch(field) else "")
    query = query.strip()[:100]
    codes = []
    if query:
        codes = list(CpvCode.objects.visible_to(request.user).active().search(query)
                     .order_by("code")[:SUGGESTIONS])
    target = LIST_ID.fullmatch(request.headers.get("HX-Target", ""))
    return render(request, "pirkimai/_cpv_suggestions.html", {
        "codes": codes, "query": query,
        "status_id": f"{target.group(1)}-status" if target else ""})


def cpv_upload(request):
    """The official file (XLSX or XML) loaded: what was added, changed, taken out of use and
    back in use; a bad file says what is wrong, and nothing of it is loaded."""
    require(may_prepare, request)
    form = CpvUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            load = services.load_vocabulary(data=upload.read(), by=request.user,
                                            file_name=upload.name,
                                            partial=form.cleaned_data["partial"])
        except services.CpvFileRefused as refusal:
            form.add_error("file", refusal.messages[0] if len(refusal.messages) == 1 else
                           _("The file has errors: nothing of it has been loaded."))
            errors = refusal.messages if len(refusal.messages) > 1 else []
            return render(request, "pirkimai/cpv_upload.html", _upload_context(
                request, form, errors=errors))
        messages.success(request, _("The CPV vocabulary has been loaded. %(summary)s")
                         % {"summary": services.summary(load)})
        return redirect("pirkimai:cpv_upload")
    return render(request, "pirkimai/cpv_upload.html", _upload_context(request, form))


def _upload_context(request, form, errors=()) -> dict:
    return {"form": form, "errors": errors,
            "crumbs": [*procurement_crumbs(),
                       (reverse("pirkimai:cpv_list"), _("CPV vocabulary"))],
            "loads": CpvLoad.objects.visible_to(request.user).select_related("loaded_by")[:10],
            "code_count": CpvCode.objects.active().count()}
