from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bibliotekos import selectors
from bibliotekos.forms import MunicipalityForm, PopulationForm
from bibliotekos.models import Library, Municipality, MunicipalityPopulation
from bibliotekos.views.common import history_entries
from paskyros.access import manages_territory, role_required, sees_territory
from paskyros.ordering import lt_order


@role_required(sees_territory)
def municipality_list(request):
    return render(request, "bibliotekos/municipality_list.html",
                  {"municipalities": selectors.municipality_list()})


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
