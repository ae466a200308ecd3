import json

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bibliotekos.audit import record_access
from bibliotekos.filters import PersonFilter
from bibliotekos.forms import PersonForm
from bibliotekos.models import Person
from bibliotekos.services import export_personal_data
from portalas.access import manages_territory, role_required
from portalas.views import (
    Column,
    ScopedCreateView,
    ScopedDetailView,
    ScopedHistoryView,
    ScopedListView,
    ScopedUpdateView,
)


class PersonListView(ScopedListView):
    model = Person
    filterset_class = PersonFilter
    title = gettext_lazy("People")
    description = gettext_lazy("People who work in the libraries, and lecturers and partners: "
                               "trainings and consultations are recorded for them.")
    export_name = "zmones-sarasas"
    actions_template = "bibliotekos/_person_list_actions.html"
    default_sort = "last_name"
    columns = [
        Column("list_name", gettext_lazy("Name"), sort="last_name", link=True),
        Column("post", gettext_lazy("Post"), sort="post__name"),
        Column("position", gettext_lazy("Position"), sort="position"),
        Column("library", gettext_lazy("Library"), sort="library__name",
               template="bibliotekos/_person_library_cell.html"),
        Column("email", gettext_lazy("E-mail"), sort="email", text=False),
        Column("user", gettext_lazy("Account"), template="bibliotekos/_person_account_cell.html",
               export=False),
    ]

    def refine(self, queryset):
        return queryset.select_related("library__municipality", "user", "post")


class PersonDetailView(ScopedDetailView):
    model = Person
    template_name = "bibliotekos/person_detail.html"
    context_object_name = "person"

    def refine(self, queryset):
        return queryset.select_related("library", "user", "post")


class PersonFormMixin:
    model = Person
    form_class = PersonForm
    allowed = staticmethod(manages_territory)
    list_url_name = "bibliotekos:person_list"
    list_title = gettext_lazy("People")
    create_title = gettext_lazy("Add a person")
    form_width = "col-lg-7"


class PersonCreateView(PersonFormMixin, ScopedCreateView):
    success_message = gettext_lazy("The person has been added.")

    def get_initial(self):
        library_id = self.request.GET.get("library", "")
        return {"library": library_id} if library_id.isdigit() else {}


class PersonUpdateView(PersonFormMixin, ScopedUpdateView):
    pass


class PersonHistoryView(ScopedHistoryView):
    model = Person


@role_required(manages_territory)
@require_POST
def person_personal_data(request, pk):
    """Department staff download everything the portal holds about the person (GDPR Art.
    15/20), as one JSON file; the export is logged (ids only)."""
    person = get_object_or_404(Person.objects.select_related("library", "user"), pk=pk)
    data = export_personal_data(person=person, by=request.user)
    record_access(request.user, "bibliotekos.personal_data_export", person, how="json")
    body = json.dumps({"person_id": person.pk, "exported_at": timezone.now().isoformat(),
                       "data": data}, ensure_ascii=False, indent=2, default=str)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="asmens-duomenys-{person.pk}-{timezone.localdate()}.json"')
    response["Cache-Control"] = "no-store, private"
    return response
