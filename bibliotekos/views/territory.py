from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bibliotekos import selectors
from bibliotekos.forms import MunicipalityForm, PopulationForm
from bibliotekos.models import Library, Municipality, MunicipalityPopulation
from portalas.access import manages_territory, role_required, sees_territory
from portalas.ordering import lt_order
from portalas.views import Column, ScopedListView, history_entries


class MunicipalityListView(ScopedListView):
    model = Municipality
    allowed = staticmethod(sees_territory)
    title = gettext_lazy("Municipalities")
    description = gettext_lazy("The territory's municipalities and their population by year "
                               "(for per-resident indicators).")
    export_name = "savivaldybes-sarasas"
    actions_template = "bibliotekos/_municipality_list_actions.html"
    empty_text = gettext_lazy("No municipalities yet. Import them from a file.")
    default_sort = "name"
    columns = [
        Column("name", gettext_lazy("Municipality"), sort="name",
               template="bibliotekos/_municipality_name_cell.html"),
        Column("county", gettext_lazy("County"), sort="county__name"),
        Column("latest_population.population", gettext_lazy("Population"), numeric=True),
        Column("latest_population_year", gettext_lazy("Year")),
        Column("library_count", gettext_lazy("Libraries"), sort="library_count", text=False,
               numeric=True),
        Column("school_count", gettext_lazy("School libraries"), sort="school_count",
               text=False, numeric=True),
    ]

    def refine(self, queryset):
        return selectors.municipality_list(queryset)


@role_required(sees_territory)
def municipality_detail(request, pk: int):
    municipality = get_object_or_404(Municipality.objects.select_related("county"), pk=pk)
    form = PopulationForm(request.POST or None, municipality=municipality)
    if request.method == "POST":
        if not manages_territory(request.user):
            return render(request, "403.html", status=403)
        if form.is_valid():
            form.save()
            messages.success(request, _("The population has been saved."))
            return redirect("bibliotekos:municipality_detail", pk=pk)
    libraries = (Library.objects.visible_to(request.user).filter(municipality=municipality,
                                                                 parent__isnull=True)
                 .order_by("kind", lt_order("name")))
    return render(request, "bibliotekos/municipality_detail.html", {
        "municipality": municipality,
        "populations": municipality.populations.order_by("-year"),
        "libraries": libraries,
        "form": form,
        "entries": history_entries(municipality.history.all())[:20],
    })


@role_required(manages_territory)
def municipality_update(request, pk: int):
    municipality = get_object_or_404(Municipality, pk=pk)
    form = MunicipalityForm(request.POST or None, instance=municipality)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The changes have been saved."))
        return redirect("bibliotekos:municipality_detail", pk=pk)
    return render(request, "bibliotekos/municipality_form.html",
                  {"form": form, "municipality": municipality})


@require_POST
@role_required(manages_territory)
def population_delete(request, pk: int):
    entry = get_object_or_404(MunicipalityPopulation, pk=pk)
    municipality_id = entry.municipality_id
    entry.delete()
    messages.success(request, _("The population figure has been removed."))
    return redirect("bibliotekos:municipality_detail", pk=municipality_id)
