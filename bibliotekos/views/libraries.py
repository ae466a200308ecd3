from django.db.models import Count
from django.utils.translation import gettext_lazy, pgettext_lazy

from bibliotekos import selectors
from bibliotekos.filters import LibraryFilter
from bibliotekos.forms import LibraryForm
from bibliotekos.models import Library
from portalas.access import manages_territory
from portalas.views import (
    Column,
    ScopedCreateView,
    ScopedDetailView,
    ScopedHistoryView,
    ScopedListView,
    ScopedUpdateView,
)


class LibraryListView(ScopedListView):
    model = Library
    filterset_class = LibraryFilter
    title = gettext_lazy("Libraries")
    export_name = "bibliotekos-sarasas"
    actions_template = "bibliotekos/_library_list_actions.html"
    default_sort = "name"
    columns = [
        Column("name", pgettext_lazy("library", "Name"), sort="name",
               template="bibliotekos/_library_name_cell.html"),
        Column("code", gettext_lazy("Code"), sort="code", text=False),
        Column("kind", gettext_lazy("Kind"), sort="kind", text=False),
        Column("municipality", gettext_lazy("Municipality"), sort="municipality__name"),
        Column("opened", gettext_lazy("Opened"), sort="opened", text=False),
        Column("outlet_count", gettext_lazy("Outlets"), numeric=True),
        Column("status", gettext_lazy("Status"), template="bibliotekos/_library_status_cell.html",
               export=False),
    ]

    def refine(self, queryset):
        return (queryset.select_related("municipality", "parent")
                .annotate(outlet_count=Count("outlets", distinct=True)))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["description"] = (
            gettext_lazy("The territory's municipal library systems with their outlets, "
                         "school libraries and the regional library.")
            if user.sees_whole_territory else gettext_lazy("The libraries your account covers."))
        return context


class LibraryDetailView(ScopedDetailView):
    model = Library
    template_name = "bibliotekos/library_detail.html"
    context_object_name = "library"

    def refine(self, queryset):
        return queryset.select_related("municipality__county", "parent")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(selectors.library_card(self.object, self.request.user))
        return context


class LibraryFormMixin:
    model = Library
    form_class = LibraryForm
    allowed = staticmethod(manages_territory)
    list_url_name = "bibliotekos:library_list"
    list_title = gettext_lazy("Libraries")
    create_title = gettext_lazy("New library")


class LibraryCreateView(LibraryFormMixin, ScopedCreateView):
    success_message = gettext_lazy("The library has been added.")

    def get_initial(self):
        parent_id = self.request.GET.get("parent", "")
        if parent_id.isdigit():
            parent = Library.objects.visible_to(self.request.user).filter(pk=parent_id).first()
            if parent:
                return {"parent": parent, "municipality": parent.municipality}
        return {}


class LibraryUpdateView(LibraryFormMixin, ScopedUpdateView):
    pass


class LibraryHistoryView(ScopedHistoryView):
    model = Library
