from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bibliotekos.filters import PersonFilter
from bibliotekos.forms import PersonForm
from bibliotekos.models import Person
from bibliotekos.scoping import get_visible_or_404
from bibliotekos.views.common import history_entries, paginate
from paskyros.access import manages_territory, role_required
from paskyros.ordering import lt_order


@login_required
def person_list(request):
    queryset = (Person.objects.visible_to(request.user)
                .select_related("library__municipality", "user")
                .order_by(lt_order("last_name"), lt_order("first_name"), "pk"))
    person_filter = PersonFilter(request.GET or None, request=request, queryset=queryset)
    page = paginate(request, person_filter.qs)
    template = ("bibliotekos/person_list.html#results" if request.htmx
                else "bibliotekos/person_list.html")
    return render(request, template, {"filter": person_filter, "page_obj": page})


@login_required
def person_detail(request, pk: int):
    person = get_visible_or_404(Person.objects.select_related("library", "user"), request.user,
                                pk=pk)
    return render(request, "bibliotekos/person_detail.html", {"person": person})


@role_required(manages_territory)
def person_create(request):
    initial = {}
    library_id = request.GET.get("library", "")
    if library_id.isdigit():
        initial["library"] = library_id
    form = PersonForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        person = form.save()
        messages.success(request, _("The person has been added."))
        return redirect("bibliotekos:person_detail", pk=person.pk)
    return render(request, "bibliotekos/person_form.html", {"form": form})


@login_required
def person_update(request, pk: int):
    person = get_visible_or_404(Person.objects, request.user, pk=pk)  # out of scope: 404
    if not manages_territory(request.user):
        raise PermissionDenied
    form = PersonForm(request.POST or None, instance=person, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The changes have been saved."))
        return redirect("bibliotekos:person_detail", pk=person.pk)
    return render(request, "bibliotekos/person_form.html", {"form": form, "person": person})


@login_required
def person_history(request, pk: int):
    person = get_visible_or_404(Person.objects, request.user, pk=pk)
    return render(request, "bibliotekos/history.html", {
        "object": person, "back_url": person.get_absolute_url(),
        "entries": history_entries(person.history.all()),
    })
