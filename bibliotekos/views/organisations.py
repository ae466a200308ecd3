"""The one list of organisations (funders, partners, suppliers, lecturers' employers):
every signed-in user reads it, department staff keep it. Other apps add sections to an
organisation's page (object panels)."""

from django.utils.translation import gettext_lazy

from bibliotekos.forms_organisations import OrganisationFilter, OrganisationForm
from bibliotekos.models import Organisation, Person
from portalas.access import manages_territory
from portalas.ordering import lt_order
from portalas.views import (
    Column,
    ScopedCreateView,
    ScopedDetailView,
    ScopedHistoryView,
    ScopedListView,
    ScopedUpdateView,
)


class OrganisationListView(ScopedListView):
    model = Organisation
    filterset_class = OrganisationFilter
    title = gettext_lazy("Organisations")
    description = gettext_lazy("One list for every part of the portal: funders, partners, "
                               "suppliers, lecturers' employers.")
    export_name = "organizacijos"
    actions_template = "bibliotekos/organisation_list_actions.html"
    default_sort = "name"
    columns = [
        Column("name", gettext_lazy("Name"), sort="name",
               template="bibliotekos/organisation_name_cell.html"),
        Column("short_name", gettext_lazy("Short name"), sort="short_name"),
        Column("kind", gettext_lazy("Type"), sort="kind", text=False),
        Column("country", gettext_lazy("Country"), sort="country", text=False),
        Column("code", gettext_lazy("Company code"), sort="code", text=False),
        Column("email", gettext_lazy("E-mail"), sort="email", text=False),
        Column("website", gettext_lazy("Website"), export=True,
               template="bibliotekos/organisation_website_cell.html"),
    ]


class OrganisationDetailView(ScopedDetailView):
    model = Organisation
    template_name = "bibliotekos/organisation_detail.html"
    context_object_name = "organisation"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["people"] = (Person.objects.visible_to(self.request.user)
                             .filter(organisation=self.object)
                             .select_related("library", "post")
                             .order_by(lt_order("last_name"), lt_order("first_name"), "pk"))
        return context


class OrganisationFormMixin:
    model = Organisation
    form_class = OrganisationForm
    allowed = staticmethod(manages_territory)
    list_url_name = "bibliotekos:organisation_list"
    list_title = gettext_lazy("Organisations")
    create_title = gettext_lazy("Add an organisation")
    form_width = "col-lg-8"


class OrganisationCreateView(OrganisationFormMixin, ScopedCreateView):
    success_message = gettext_lazy("The organisation has been added.")


class OrganisationUpdateView(OrganisationFormMixin, ScopedUpdateView):
    pass


class OrganisationHistoryView(ScopedHistoryView):
    model = Organisation
