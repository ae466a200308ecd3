"""The list of posts (pareigybės) people and trainings' audiences share: everyone signed
in reads it, department staff keep it."""

from django.db.models import Count
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy, pgettext_lazy

from bibliotekos.filters import PositionFilter
from bibliotekos.forms import PositionForm
from bibliotekos.models import Position
from portalas.access import manages_territory
from portalas.views import Column, ScopedCreateView, ScopedListView, ScopedUpdateView


class PositionListView(ScopedListView):
    model = Position
    filterset_class = PositionFilter
    title = gettext_lazy("Posts")
    description = gettext_lazy("The one list of posts: people's records and trainings' "
                               "audiences choose from it.")
    export_name = "pareigybes"
    actions_template = "bibliotekos/_position_list_actions.html"
    default_sort = "order"
    columns = [
        Column("name", pgettext_lazy("name of a thing", "Name"), sort="name",
               template="bibliotekos/_position_name_cell.html"),
        Column("order", gettext_lazy("Order"), sort="order", text=False, numeric=True),
        Column("people_count", gettext_lazy("People"), sort="people_count", text=False,
               numeric=True),
        Column("active", gettext_lazy("In use"), sort="active", text=False,
               template="bibliotekos/_position_active_cell.html"),
    ]

    def refine(self, queryset):
        return queryset.annotate(people_count=Count("people"))


class PositionFormMixin:
    model = Position
    form_class = PositionForm
    allowed = staticmethod(manages_territory)
    template_name = "bibliotekos/position_form.html"
    success_url = reverse_lazy("bibliotekos:position_list")
    list_url_name = "bibliotekos:position_list"
    list_title = gettext_lazy("Posts")
    create_title = gettext_lazy("Add a post")
    form_width = "col-lg-6"


class PositionCreateView(PositionFormMixin, ScopedCreateView):
    success_message = gettext_lazy("The post has been added.")


class PositionUpdateView(PositionFormMixin, ScopedUpdateView):
    pass
