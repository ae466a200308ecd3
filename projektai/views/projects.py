"""A project's own pages: the list, the page with its timeline, creating and editing
(safe against two editors), the history, and the actions on its status (a move, asking
management for approval, management sending it back)."""

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portalas.views import (
    Column,
    ScopedCreateView,
    ScopedDetailView,
    ScopedHistoryView,
    ScopedListView,
    ScopedUpdateView,
    VersionedUpdateMixin,
)
from projektai import services
from projektai.filters import ProjectFilter
from projektai.forms_projects import DeclineForm, ProjectForm, ProjectUpdateForm, StatusForm
from projektai.models import ActivityKind, Project, ProjectStatus
from projektai.views.board import can_request_approval, card_html

DETAIL_RELATED = ("programme", "owner_library", "lead_organisation", "call",
                  "submission_requested_by", "approved_by")
DETAIL_PREFETCH = ("responsible", "partners__library", "partners__organisation",
                   "budget_lines", "co_financing__source", "activities", "deliverables",
                   "indicators__events", "documents__uploaded_by", "deadlines__responsible",
                   "status_changes__by")
# Edits after which the funder's deadline rules give other dates.
RULE_INPUTS = {"starts_on", "ends_on", "programme"}


# --- the list ---------------------------------------------------------------------------------

def _dates(project) -> str:
    if project.starts_on is None and project.ends_on is None:
        return ""
    start = f"{project.starts_on:%Y-%m-%d}" if project.starts_on else "…"
    end = f"{project.ends_on:%Y-%m-%d}" if project.ends_on else "…"
    return f"{start}–{end}"


def _owner(project) -> str:
    return project.owner_library.name if project.owner_library_id else _("Department")


@dataclass(frozen=True)
class ComputedColumn(Column):
    """A column whose exported value is computed (the page renders its ``template``)."""

    compute: object = None

    def value(self, obj):
        return self.compute(obj) if self.compute else super().value(obj)


class ProjectListView(ScopedListView):
    model = Project
    filterset_class = ProjectFilter
    title = gettext_lazy("Projects")
    description = gettext_lazy("The department's projects and the territory libraries' own "
                               "projects, from an idea to the sustainability period.")
    export_name = "projektai"
    actions_template = "projektai/_project_list_actions.html"
    empty_text = gettext_lazy("No projects match the filter.")
    default_sort = "-created_at"
    paginate_by = 50
    columns = [
        ComputedColumn("title", gettext_lazy("Project"), sort="title",
                       template="projektai/_project_title_cell.html", compute=str),
        Column("programme", gettext_lazy("Programme"), sort="programme__name"),
        ComputedColumn("owner_library", gettext_lazy("Library"), sort="owner_library__name",
                       template="projektai/_project_owner_cell.html", compute=_owner),
        Column("status", gettext_lazy("Status"), sort="status", text=False,
               template="projektai/_project_status_cell.html"),
        ComputedColumn("starts_on", gettext_lazy("Dates"), sort="starts_on", text=False,
                       template="projektai/_project_dates_cell.html", compute=_dates),
        Column("requested_amount", gettext_lazy("Requested, €"), sort="requested_amount",
               text=False, numeric=True, template="projektai/_project_requested_cell.html"),
        Column("granted_amount", gettext_lazy("Granted, €"), sort="granted_amount",
               text=False, numeric=True, template="projektai/_project_granted_cell.html"),
    ]

    def refine(self, queryset):
        return queryset.select_related("programme", "owner_library")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = services.may_create(self.request.user)
        return context


# --- one project -------------------------------------------------------------------------------

@dataclass
class Moment:
    """One entry of the project's timeline."""

    on: date
    kind: str            # status, note, start, end, activity, milestone, deadline, document
    title: str
    detail: str = ""
    by: object = None
    state: str = ""      # done, overdue (deadlines, activities, milestones)
    state_label: str = ""
    rank: int = 0        # the order within a day


def _state(done_on, due, today) -> tuple[str, str]:
    if done_on:
        return "done", _("done %(date)s") % {"date": f"{done_on:%Y-%m-%d}"}
    if due is not None and due < today:
        return "overdue", _("overdue")
    return "", ""


def timeline(project: Project, today: date) -> list[Moment]:
    """The project's way so far and ahead, in one chronological list from what the page
    has already read: status changes, the project's dates, activities and milestones,
    deadlines (done, open or overdue), documents; today is an entry of its own."""
    moments = []
    for change in project.status_changes.all():
        on = timezone.localtime(change.at).date()
        if change.from_status == change.to_status:
            moments.append(Moment(on, "note", change.note, by=change.by))
        else:
            moments.append(Moment(on, "status", change.get_to_status_display(),
                                  detail=change.note, by=change.by))
    if project.starts_on:
        moments.append(Moment(project.starts_on, "start", _("The project starts")))
    if project.ends_on:
        moments.append(Moment(project.ends_on, "end", _("The project ends"), rank=2))
    for activity in project.activities.all():
        if activity.kind == ActivityKind.MILESTONE:
            on = activity.ends_on or activity.starts_on
            if on:
                state, label = _state(activity.done_on, on, today)
                moments.append(Moment(on, "milestone", activity.title, state=state,
                                      state_label=label))
        elif activity.starts_on:
            span = ""
            if activity.ends_on and activity.ends_on != activity.starts_on:
                span = _("until %(date)s") % {"date": f"{activity.ends_on:%Y-%m-%d}"}
            state, label = _state(activity.done_on, None, today)
            moments.append(Moment(activity.starts_on, "activity", activity.title,
                                  detail=span, state=state, state_label=label))
    for deadline in project.deadlines.all():
        state, label = _state(deadline.done_on, deadline.due_on, today)
        moments.append(Moment(deadline.due_on, "deadline", deadline.title, state=state,
                              state_label=label, rank=1))
    for document in project.documents.all():
        moments.append(Moment(timezone.localtime(document.uploaded_at).date(), "document",
                              document.title, detail=document.get_kind_display(),
                              by=document.uploaded_by))
    moments.append(Moment(today, "today", _("Today"), rank=9))
    return sorted(moments, key=lambda m: (m.on, m.rank))


class ProjectDetailView(ScopedDetailView):
    model = Project
    template_name = "projektai/project_detail.html"
    context_object_name = "project"

    def refine(self, queryset):
        return queryset.select_related(*DETAIL_RELATED).prefetch_related(*DETAIL_PREFETCH)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project, user = self.object, self.request.user
        today = timezone.localdate()
        can_edit = services.may_edit(user, project)
        moves = services.moves_for(user, project)
        approves = (services.may_approve(user) and services.needs_approval(project)
                    and project.status == ProjectStatus.PREPARING)
        context.update({
            "project": project, "can_edit": can_edit, "today": today,
            "budget": services.budget_summary(project),
            "achieved": services.achieved(project.indicators.all()),
            "responsible_people": list(project.responsible.all()),
            "moves": [(status, ProjectStatus(status).label) for status in moves
                      if not (approves and status == ProjectStatus.SUBMITTED)],
            "approves": approves,
            "can_request": can_request_approval(user, project),
            "timeline": timeline(project, today),
            "decline_form": DeclineForm(),
            "can_see_history": can_edit or user.sees_whole_territory,
        })
        return context


# --- creating and editing --------------------------------------------------------------------

class ProjectFormMixin:
    model = Project
    template_name = "projektai/project_form.html"
    list_url_name = "projektai:project_list"
    list_title = gettext_lazy("Projects")
    create_title = gettext_lazy("New project")
    form_width = "col-12"


class ProjectCreateView(ProjectFormMixin, ScopedCreateView):
    form_class = ProjectForm
    allowed = staticmethod(services.may_create)
    success_message = gettext_lazy("The project has been registered.")

    def form_valid(self, form):
        project = form.save(commit=False)
        project._change_reason = "created"
        services.create_project(project, by=self.request.user,
                                responsible=form.cleaned_data["responsible"])
        messages.success(self.request, str(self.success_message))
        return redirect(project)


class ProjectUpdateView(VersionedUpdateMixin, ProjectFormMixin, ScopedUpdateView):
    """Edit (staff, or the library's director for its own project). The version the form
    was opened with travels in a hidden field; a save after someone else's is refused and
    the typed values stay on the page."""

    form_class = ProjectUpdateForm
    success_message = gettext_lazy("The project has been saved.")
    stale_message = gettext_lazy(
        "%(name)s saved this project after you opened it, so your changes have not been "
        "saved. They are still below: compare them with the project (open it in another "
        "tab), then save again to keep yours.")

    def scoped_object(self):
        project = super().scoped_object()  # another library's project: 404
        if not services.may_edit(self.request.user, project):
            raise PermissionDenied
        return project

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history_url"] = reverse("projektai:project_history", args=[self.object.pk])
        return context

    def form_valid(self, form):
        seen = self.seen_version()
        with transaction.atomic():
            stored = Project.objects.select_for_update().get(pk=self.object.pk)
            if seen == stored.version:
                project = form.save(commit=False)
                project.version = stored.version + 1
                project._change_reason = "edited"
                fields = [name for name, field in form.fields.items()
                          if not field.disabled and name != "responsible"]
                project.save(update_fields=[*fields, "version", "updated_at"])
                form.save_m2m()
                if RULE_INPUTS & set(form.changed_data):
                    services.apply_deadline_rules(project)
                messages.success(self.request, str(self.success_message))
                return redirect(project)
        return self.stale(form, stored)


class ProjectHistoryView(ScopedHistoryView):
    """Who changed what: for those who edit it and the whole-territory roles."""

    model = Project

    def scoped_object(self):
        project = super().scoped_object()
        user = self.request.user
        if not (user.sees_whole_territory or services.may_edit(user, project)):
            raise PermissionDenied
        return project


# --- actions -----------------------------------------------------------------------------------

def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _next(request) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return ""


def _answer(request, project: Project, *, message: str, status: int = 200, code: str = ""):
    """A JSON answer to the board's script (the card re-rendered, or why not), otherwise a
    message and back where the person came from."""
    next_url = _next(request)
    if _wants_json(request):
        body = {"ok": status == 200, "message": message, "code": code}
        if status == 200:
            body["html"] = card_html(request, project.pk, next_url=next_url)
            body["status"] = project.status
        if code == "needs_approval":
            body["approval_url"] = reverse("projektai:project_request_approval",
                                           args=[project.pk])
        return JsonResponse(body, status=status)
    (messages.success if status == 200 else messages.error)(request, message)
    return redirect(next_url or project.get_absolute_url())


def _refused(request, project, refusal):
    code = refusal.code or ""
    return _answer(request, project, message=" ".join(refusal.messages), code=code,
                   status=409 if code in {"stale", "needs_approval"} else 400)


def _forbidden(request, project):
    if _wants_json(request):
        return JsonResponse({"ok": False, "code": "forbidden", "message": _(
            "You may not change the status of this project.")}, status=403)
    raise PermissionDenied


def _project(request, pk) -> Project:
    return get_object_or_404(Project.objects.visible_to(request.user), pk=pk)


@require_POST
def project_status(request, pk):
    """A move along the pipeline (the page's form, a card's form, a dropped card)."""
    project = _project(request, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _answer(request, project, message=_("Choose a status to move the project to."),
                       status=400, code="invalid")
    to = form.cleaned_data["to"]
    try:
        project = services.change_status(project, to=to, by=request.user,
                                         version=form.cleaned_data["version"],
                                         note=form.cleaned_data["note"])
    except services.Refused as refusal:
        return _refused(request, project, refusal)
    except PermissionDenied:
        return _forbidden(request, project)
    return _answer(request, project, message=_("“%(title)s” is now: %(status)s.") % {
        "title": project.title, "status": project.get_status_display().lower()})


@require_POST
def project_request_approval(request, pk):
    """Staff ask management to approve submitting a department project."""
    project = _project(request, pk)
    version = request.POST.get("version", "")
    try:
        project = services.request_submission(
            project, by=request.user, version=int(version) if version.isdigit() else None)
    except services.Refused as refusal:
        return _refused(request, project, refusal)
    except PermissionDenied:
        return _forbidden(request, project)
    return _answer(request, project, message=_(
        "Management has been asked to approve the submission of “%(title)s”.") % {
        "title": project.title})


@require_POST
def project_decline(request, pk):
    """Management send the project back for more work, saying what should change."""
    project = _project(request, pk)
    form = DeclineForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        project = services.decline_submission(project, by=request.user, note=note)
    except services.Refused as refusal:
        return _refused(request, project, refusal)
    return _answer(request, project, message=_(
        "The project has been sent back; the person who asked has been told why."))
