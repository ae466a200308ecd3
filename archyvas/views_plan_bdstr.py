"""Pages of the BDSTR items: the list (filtered by act, in force, the item's number or
words; exported as the table the import reads back), an item added or changed (staff) and
the import of a table of items (staff: every row checked, written only when all are right,
each row's outcome shown).

Staff and management read the list (anyone else: 403; an item's page: 404); management
get a 403 on the writes."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from archyvas import selectors_plan as selectors
from archyvas import services_plan_bdstr as services
from archyvas.filters_plan import BdstrFilter
from archyvas.forms_plan import BdstrImportForm, BdstrItemForm, refusal_to_form
from archyvas.models import BdstrItem, may_manage, may_read
from archyvas.services_plan import Refused
from archyvas.views_plan import LIST_TITLE
from portalas.access import role_required
from portalas.views import Column, ScopedCreateView, ScopedListView, ScopedUpdateView

BDSTR_TITLE = gettext_lazy("BDSTR items")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class BdstrListView(ScopedListView):
    model = BdstrItem
    allowed = staticmethod(may_read)
    filterset_class = BdstrFilter
    title = BDSTR_TITLE
    description = gettext_lazy("The retention index's items the file plan follows: the "
                               "documents, how long they are kept and the act that says so.")
    template_name = "archyvas/bdstr_list.html"
    actions_template = "archyvas/_plan_bdstr_actions.html"
    export_name = "bdstr"
    empty_text = gettext_lazy("No BDSTR item matches the filter.")
    columns = [
        Column("code", pgettext_lazy("BDSTR", "Item"), sort="code",
               template="archyvas/_plan_bdstr_code.html"),
        Column("title", gettext_lazy("Documents"), sort="title"),
        Column("retention", gettext_lazy("Retention"), text=False,
               template="archyvas/_plan_bdstr_retention.html"),
        Column("note", gettext_lazy("Note")),
        Column("act", gettext_lazy("Act"), sort="act"),
        Column("in_force", gettext_lazy("In force"), sort="in_force", text=False,
               template="archyvas/_plan_bdstr_force.html"),
    ]

    def order(self, queryset):
        """By act and item number (7.2 before 7.10) unless the user sorted by a column."""
        if self.sort_key():
            return super().order(queryset)
        return sorted(queryset, key=lambda item: (item.act, selectors.natural_key(item.code)))

    def export(self, fmt: str) -> HttpResponse:
        """The filtered items as the table the import reads back unchanged."""
        from portalas.tables import write_csv, write_xlsx

        if fmt not in ("xlsx", "csv"):
            raise Http404
        header, rows = selectors.bdstr_table(self.get_queryset())
        if fmt == "csv":
            response = HttpResponse(write_csv(header, rows),
                                    content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(write_xlsx("BDSTR", header, rows,
                                               widths={"dokumentai": 60, "teisės aktas": 30,
                                                       "pastaba": 40}), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="bdstr.{fmt}"'
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"can_manage": may_manage(self.request.user),
                        "list_title": LIST_TITLE})
        return context


class BdstrFormMixin:
    model = BdstrItem
    form_class = BdstrItemForm
    template_name = "archyvas/bdstr_form.html"
    allowed = staticmethod(may_manage)
    list_url_name = "archyvas:bdstr_list"
    list_title = BDSTR_TITLE
    create_title = gettext_lazy("New BDSTR item")
    form_width = "col-lg-9"

    def form_valid(self, form):
        try:
            services.save_bdstr_item(item=form.save(commit=False), by=self.request.user)
        except Refused as refusal:
            refusal_to_form(form, refusal)
            return self.form_invalid(form)
        messages.success(self.request, _("The BDSTR item has been saved."))
        return redirect("archyvas:bdstr_list")


class BdstrCreateView(BdstrFormMixin, ScopedCreateView):
    pass


class BdstrUpdateView(BdstrFormMixin, ScopedUpdateView):
    pass


@role_required(may_manage)
def bdstr_import(request):
    """A table of items: every row checked; written only when every row is right."""
    form = BdstrImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = services.import_bdstr(data=form.cleaned_data["file"].read(), by=request.user)
        if result.errors:
            messages.error(request, _("Nothing has been imported: correct the rows below and "
                                      "upload the file again."))
        else:
            messages.success(request, _("Imported: %(created)s new, %(updated)s changed, "
                                        "%(unchanged)s unchanged.")
                             % {"created": result.created, "updated": result.updated,
                                "unchanged": result.unchanged})
            form = BdstrImportForm()
    return render(request, "archyvas/bdstr_import.html", {
        "form": form, "result": result,
        "crumbs": [(reverse("archyvas:plan_list"), LIST_TITLE),
                   (reverse("archyvas:bdstr_list"), BDSTR_TITLE)]})
