from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from bibliotekos import selectors
from bibliotekos.card import panels_for_library
from bibliotekos.filters import LibraryFilter
from bibliotekos.forms import LibraryForm
from bibliotekos.models import Library
from bibliotekos.scoping import get_visible_or_404
from bibliotekos.views.common import history_entries, paginate
from paskyros.access import manages_territory, role_required

SORT_COLUMNS = [("name", pgettext_lazy("library", "Name")), ("code", gettext_lazy("Code")),
                ("kind", gettext_lazy("Kind")), ("municipality", gettext_lazy("Municipality")),
                ("opened", gettext_lazy("Opened"))]


@login_required
def library_list(request):
    sort = request.GET.get("sort", "name")
    if sort not in selectors.SORTS:
        sort = "name"
    library_filter = LibraryFilter(request.GET or None, request=request,
                                   queryset=selectors.library_list(request.user, sort=sort))
    page = paginate(request, library_filter.qs)
    template = ("bibliotekos/library_list.html#results" if request.htmx
                else "bibliotekos/library_list.html")
    return render(request, template, {"filter": library_filter, "page_obj": page,
                                      "sort": sort, "sort_columns": SORT_COLUMNS})


@login_required
def library_detail(request, pk: int):
    library = get_visible_or_404(Library.objects.select_related("municipality__county",
                                                                "parent"), request.user, pk=pk)
    return render(request, "bibliotekos/library_detail.html", {
        "library": library,
        **selectors.library_card(library, request.user),
        "panels": panels_for_library(request, library),
    })


@role_required(manages_territory)
def library_create(request):
    initial = {}
    parent_id = request.GET.get("parent", "")
    if parent_id.isdigit():
        parent = Library.objects.visible_to(request.user).filter(pk=parent_id).first()
        if parent:
            initial = {"parent": parent, "municipality": parent.municipality}
    form = LibraryForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        library = form.save()
        messages.success(request, _("The library has been added."))
        return redirect("bibliotekos:library_detail", pk=library.pk)
    return render(request, "bibliotekos/library_form.html", {"form": form})


@login_required
def library_update(request, pk: int):
    library = get_visible_or_404(Library.objects, request.user, pk=pk)  # out of scope: 404
    if not manages_territory(request.user):
        raise PermissionDenied
    form = LibraryForm(request.POST or None, instance=library, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The changes have been saved."))
        return redirect("bibliotekos:library_detail", pk=library.pk)
    return render(request, "bibliotekos/library_form.html", {"form": form, "library": library})


@login_required
def library_history(request, pk: int):
    library = get_visible_or_404(Library.objects, request.user, pk=pk)
    return render(request, "bibliotekos/history.html", {
        "object": library, "back_url": library.get_absolute_url(),
        "entries": history_entries(library.history.all()),
    })
