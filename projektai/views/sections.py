"""Edit pages of a project's sections (partners, budget, activities, indicators, documents)
and the documents' download and removal.

The project comes from ``Project.objects.visible_to`` (another library's project is a 404);
writing needs ``services.may_edit`` (a project the user only reads is a 403). A page is one
or two inline formsets: GET shows them, "more rows" adds empty rows without JavaScript and
without saving, POST saves every row through the model's ``full_clean`` in one transaction
and goes back to the section on the project page. The acting user is written into the rows'
history by simple_history's request middleware."""

import logging
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.forms.utils import ErrorDict, ErrorList
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from projektai import services
from projektai.forms_sections import (
    DOCUMENT_TYPES,
    ActivityFormSet,
    BudgetLineFormSet,
    CoFinancingFormSet,
    DeliverableFormSet,
    DocumentForm,
    IndicatorFormSetFactory,
    PartnerFormSetFactory,
    event_choices,
    extension,
    library_choices,
    organisation_choices,
    safe_filename,
)
from projektai.models import (
    CoFinancing,
    Project,
    ProjectDocument,
    ProjectIndicator,
    ProjectPartner,
)

logger = logging.getLogger("regionas.projects")

MORE_ROWS = 3


def editable_project(user, pk) -> Project:
    """The project if the user sees it (else 404) and may edit it (else 403)."""
    project = get_object_or_404(Project.objects.visible_to(user)
                                .select_related("owner_library", "programme"), pk=pk)
    if not services.may_edit(user, project):
        raise PermissionDenied
    return project


def section_url(project: Project, anchor: str) -> str:
    return reverse("projektai:project_detail", args=[project.pk]) + f"#{anchor}"


def _private(response):
    patch_cache_control(response, private=True, no_store=True)
    return response


@dataclass
class Part:
    """One formset of a page, with what the page says about it."""

    prefix: str
    heading: str
    help: str
    more_label: str
    remove_label: str
    formset: object


def _quiet(formset) -> None:
    """A bound formset shown again without checking it (rows added, nothing saved)."""
    formset._errors = []
    formset._non_form_errors = ErrorList()
    for form in formset.forms:
        form._errors = ErrorDict()
        form.cleaned_data = {}


class SectionEditView(View):
    """A section's edit page: ``parts(data)`` gives its formsets."""

    template_name = "projektai/section_form.html"
    anchor = ""
    title = ""
    intro = ""
    success_message = gettext_lazy("Saved.")

    def parts(self, data=None) -> list[Part]:
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        self.project = editable_project(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        return self.render_page(self.parts())

    def post(self, request, pk):
        data = request.POST
        which = data.get("more", "")
        prefixes = {part.prefix for part in self.parts()}
        if which in prefixes:
            data = data.copy()
            key = f"{which}-TOTAL_FORMS"
            total = int(data[key]) if data.get(key, "").isdigit() else 0
            data[key] = str(total + MORE_ROWS)
            parts = self.parts(data)
            for part in parts:
                _quiet(part.formset)
            return self.render_page(parts)
        parts = self.parts(data)
        valid = [part.formset.is_valid() for part in parts]  # every one checked
        if not all(valid):
            return self.render_page(parts, failed=True)
        reason = f"projektai: {self.anchor}"
        try:
            with transaction.atomic():
                for part in parts:
                    for form in part.formset.forms:
                        form.instance._change_reason = reason
                    part.formset.save()
        except IntegrityError:  # someone saved the same rows a moment earlier
            logger.warning("project %s: %s not saved (conflict)", self.project.pk,
                           self.anchor)
            messages.error(request, _("Someone changed this section meanwhile: nothing has "
                                      "been saved. Check the rows and save again."))
            return redirect(request.path)
        logger.info("project %s: %s saved by %s", self.project.pk, self.anchor,
                    request.user.pk)
        messages.success(request, str(self.success_message))
        return redirect(section_url(self.project, self.anchor))

    def render_page(self, parts, *, failed=False):
        return _private(render(self.request, self.template_name, {
            "project": self.project, "parts": parts, "failed": failed,
            "title": self.title, "intro": self.intro, "anchor": self.anchor,
            "back_url": section_url(self.project, self.anchor),
        }))


class PartnersView(SectionEditView):
    anchor = "partners"
    title = gettext_lazy("Partners")
    intro = gettext_lazy("A partner is a library of the territory (from the registry) or an "
                         "organisation. A partner library's director sees the project. Empty "
                         "rows are ignored.")
    success_message = gettext_lazy("The partners have been saved.")

    def parts(self, data=None):
        chosen = list(ProjectPartner.objects.filter(project=self.project)
                      .values_list("library_id", "organisation_id"))
        shared = {
            "library": library_choices({lib for lib, _org in chosen if lib}),
            "organisation": organisation_choices({org for _lib, org in chosen if org}),
        }
        formset = PartnerFormSetFactory(
            data, instance=self.project, prefix="partners", form_kwargs={"shared": shared},
            queryset=ProjectPartner.objects.select_related("library", "organisation"))
        return [Part("partners", _("Partners"), "", _("More partner rows"),
                     _("Remove this partner"), formset)]


class BudgetView(SectionEditView):
    anchor = "budget"
    title = gettext_lazy("Budget")
    intro = gettext_lazy("Sums in euros, e.g. 1 234,50. Empty rows are ignored.")
    success_message = gettext_lazy("The budget has been saved.")

    def parts(self, data=None):
        chosen = set(CoFinancing.objects.filter(project=self.project, source__isnull=False)
                     .values_list("source_id", flat=True))
        lines = BudgetLineFormSet(data, instance=self.project, prefix="lines")
        co = CoFinancingFormSet(data, instance=self.project, prefix="co",
                                form_kwargs={"shared": {"source":
                                                        organisation_choices(chosen)}})
        return [
            Part("lines", _("Budget lines"),
                 _("Planned and spent by line. When the project has lines, the spent sum is "
                   "counted from them; their planned total should equal the granted sum."),
                 _("More budget lines"), _("Remove this line"), lines),
            Part("co", _("Co-financing"),
                 _("Choose the source from the organisations' list or type its name (e.g. "
                   "own funds)."),
                 _("More co-financing rows"), _("Remove this row"), co),
        ]


class ActivitiesView(SectionEditView):
    anchor = "activities"
    title = gettext_lazy("Activities and deliverables")
    intro = gettext_lazy("Dates as YYYY-MM-DD. A milestone needs only its date (the “to” "
                         "field). Empty rows are ignored.")
    success_message = gettext_lazy("The activities and deliverables have been saved.")

    def parts(self, data=None):
        activities = ActivityFormSet(data, instance=self.project, prefix="activities")
        deliverables = DeliverableFormSet(data, instance=self.project, prefix="deliverables")
        return [
            Part("activities", _("Activities and milestones"), "",
                 _("More activity rows"), _("Remove this activity"), activities),
            Part("deliverables", _("Deliverables"), "",
                 _("More deliverable rows"), _("Remove this deliverable"), deliverables),
        ]


class IndicatorsView(SectionEditView):
    anchor = "indicators"
    title = gettext_lazy("Indicators")
    intro = gettext_lazy("Planned and achieved results. An indicator counted from trainings "
                         "adds the linked trainings held (or the people who attended them) to "
                         "what is entered by hand. Empty rows are ignored.")
    success_message = gettext_lazy("The indicators have been saved.")

    def parts(self, data=None):
        user = self.request.user
        links = list(ProjectIndicator.events.through.objects
                     .filter(projectindicator__project=self.project)
                     .values_list("projectindicator_id", "trainingevent_id"))
        queryset, choices = event_choices(user, self.project, {e for _i, e in links})
        offered = {pk for pk, _label in choices}
        hidden: dict[int, set[int]] = {}
        for indicator_id, event_id in links:
            if event_id not in offered:
                hidden.setdefault(indicator_id, set()).add(event_id)
        formset = IndicatorFormSetFactory(
            data, instance=self.project, prefix="indicators",
            form_kwargs={"shared": {"events": (queryset, choices)}, "hidden_links": hidden})
        return [Part("indicators", _("Indicators"), "", _("More indicator rows"),
                     _("Remove this indicator"), formset)]


# --- documents ---------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def project_documents(request, pk):
    """The project's documents: the list and an upload form."""
    project = editable_project(request.user, pk)
    form = DocumentForm(request.POST or None, request.FILES or None,
                        instance=ProjectDocument(project=project, uploaded_by=request.user))
    if request.method == "POST" and form.is_valid():
        form.instance._change_reason = "projektai: documents"
        document = form.save()
        logger.info("project %s: document %s uploaded by %s", project.pk, document.pk,
                    request.user.pk)
        messages.success(request, _("The document “%(title)s” has been uploaded.")
                         % {"title": document.title})
        return redirect("projektai:project_documents", project.pk)
    documents = (ProjectDocument.objects.filter(project=project)
                 .select_related("uploaded_by").order_by("-uploaded_at", "-pk"))
    return _private(render(request, "projektai/section_documents.html", {
        "project": project, "form": form, "documents": documents,
        "back_url": section_url(project, "documents")}))


def _visible_document(user, pk) -> ProjectDocument:
    return get_object_or_404(ProjectDocument.objects.visible_to(user)
                             .select_related("project"), pk=pk)


@require_GET
def document_download(request, pk):
    document = _visible_document(request.user, pk)
    if not document.file or not document.file.storage.exists(document.file.name):
        raise Http404
    name = safe_filename(document.file.name)
    content_type = DOCUMENT_TYPES.get(extension(name), "application/octet-stream")
    response = FileResponse(document.file.open("rb"), content_type=content_type,
                            as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    logger.info("project document %s downloaded by user %s", document.pk, request.user.pk)
    return _private(response)


@require_POST
def document_delete(request, pk):
    document = _visible_document(request.user, pk)
    project = document.project
    if not services.may_edit(request.user, project):
        raise PermissionDenied
    file_name, storage = document.file.name, document.file.storage
    title = document.title
    with transaction.atomic():
        document._change_reason = "projektai: documents"
        document.delete()
        if file_name:
            transaction.on_commit(lambda: storage.delete(file_name))
    logger.info("project %s: document %s removed by %s", project.pk, pk, request.user.pk)
    messages.success(request, _("The document “%(title)s” has been removed.")
                     % {"title": title})
    return redirect("projektai:project_documents", project.pk)
