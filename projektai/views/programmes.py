"""Funders' programmes and their deadline rules: an editable list every signed-in user
reads and department staff keep up to date. A rule's page previews the dates it gives for
an example project; after a change staff may re-apply the rules to the programme's
projects that still run."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from portalas.access import manages_territory
from portalas.views import (
    Column,
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
)
from projektai import services
from projektai.forms_deadlines import DeadlineRuleForm, ProgrammeForm
from projektai.models import DeadlineRule, FundingProgramme, Project
from projektai.selectors_deadlines import describe_reminder, describe_rule
from projektai.services_deadlines import projects_to_replan, reapply_programme_rules


class ProgrammeListView(ScopedListView):
    model = FundingProgramme
    title = gettext_lazy("Funders' programmes")
    description = gettext_lazy("Funders and their programmes, with the deadline rules applied "
                               "to every new project of the programme.")
    export_name = "programos"
    actions_template = "projektai/programme_list_actions.html"
    default_sort = "name"
    columns = [
        Column("name", gettext_lazy("Programme"), sort="name", link=True),
        Column("short_name", gettext_lazy("Short name"), sort="short_name"),
        Column("funder", gettext_lazy("Funder"), sort="funder__name"),
        Column("rule_count", gettext_lazy("Deadline rules"), sort="rule_count", text=False,
               numeric=True),
        Column("project_count", gettext_lazy("Projects"), sort="project_count", text=False,
               numeric=True),
        Column("active", gettext_lazy("In use"), sort="active", text=False,
               template="projektai/programme_active_cell.html"),
    ]

    def refine(self, queryset):
        visible = Project.objects.visible_to(self.request.user).values("pk")
        return (queryset.select_related("funder")
                .annotate(rule_count=Count("deadline_rules", filter=Q(deadline_rules__active=True),
                                           distinct=True),
                          project_count=Count("projects", filter=Q(projects__pk__in=visible),
                                              distinct=True)))


class ProgrammeDetailView(ScopedDetailView):
    model = FundingProgramme
    template_name = "projektai/programme_detail.html"
    context_object_name = "programme"

    def refine(self, queryset):
        return queryset.select_related("funder")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        rules = list(self.object.deadline_rules.order_by("order", "pk"))
        projects = Project.objects.visible_to(user).filter(programme=self.object)
        counts = projects.aggregate(
            total=Count("pk"),
            running=Count("pk", filter=Q(pk__in=projects_to_replan(self.object).values("pk"))))
        context.update({
            "rules": [{"rule": rule, "text": describe_rule(rule),
                       "reminder": describe_reminder(rule.remind_days, rule.remind_working)}
                      for rule in rules],
            "project_count": counts["total"], "running_count": counts["running"],
            "can_edit": manages_territory(user),
        })
        return context


class ProgrammeFormMixin:
    model = FundingProgramme
    form_class = ProgrammeForm
    allowed = staticmethod(manages_territory)
    list_url_name = "projektai:programme_list"
    list_title = gettext_lazy("Funders' programmes")
    create_title = gettext_lazy("Add a programme")
    form_width = "col-lg-8"


class ProgrammeCreateView(ProgrammeFormMixin, ScopedCreateView):
    success_message = gettext_lazy("The programme has been added. Add its deadline rules.")


class ProgrammeUpdateView(ProgrammeFormMixin, ScopedUpdateView):
    pass


# --- rules ---------------------------------------------------------------------------------------

def _programme(request, pk: int) -> FundingProgramme:
    programme = get_object_or_404(FundingProgramme.objects.visible_to(request.user), pk=pk)
    if not manages_territory(request.user):
        raise PermissionDenied
    return programme


def _rule(request, pk: int) -> DeadlineRule:
    rule = get_object_or_404(DeadlineRule.objects.visible_to(request.user)
                             .select_related("programme"), pk=pk)
    if not manages_territory(request.user):
        raise PermissionDenied
    return rule


def _rule_page(request, form: DeadlineRuleForm, programme: FundingProgramme, *,
               rule: DeadlineRule | None):
    """The form, and what the rule as typed gives for the example project."""
    preview = None
    if not form.is_bound or form.is_valid():
        candidate = form.instance
        example = form.example_project()
        preview = {"dates": services.rule_dates(candidate, example), "example": example,
                   "text": describe_rule(candidate),
                   "reminder": describe_reminder(candidate.remind_days,
                                                 candidate.remind_working)}
    return render(request, "projektai/rule_form.html", {
        "form": form, "programme": programme, "rule": rule, "preview": preview,
        "running_count": projects_to_replan(programme).count() if rule else None,
    })


def _saved(request, programme: FundingProgramme, message: str):
    running = projects_to_replan(programme).count()
    if running:
        message += " " + ngettext(
            "Re-apply the rules to move the deadlines of the %(n)s project that still runs.",
            "Re-apply the rules to move the deadlines of the %(n)s projects that still run.",
            running) % {"n": running}
    messages.success(request, message)
    return redirect(reverse("projektai:programme_detail", args=[programme.pk]) + "#taisykles")


def rule_create(request, pk: int):
    programme = _programme(request, pk)
    form = DeadlineRuleForm(request.POST or None, user=request.user, programme=programme)
    if request.method == "POST" and "preview" not in request.POST and form.is_valid():
        form.save()
        return _saved(request, programme, _("The rule has been added."))
    return _rule_page(request, form, programme, rule=None)


def rule_update(request, pk: int):
    rule = _rule(request, pk)
    form = DeadlineRuleForm(request.POST or None, instance=rule, user=request.user,
                            programme=rule.programme)
    if request.method == "POST" and "preview" not in request.POST and form.is_valid():
        form.save()
        return _saved(request, rule.programme, _("The rule has been saved."))
    return _rule_page(request, form, rule.programme, rule=rule)


@require_POST
def rule_delete(request, pk: int):
    rule = _rule(request, pk)
    programme = rule.programme
    if rule.deadlines.filter(done_on__isnull=True,
                             project__in=projects_to_replan(programme)).exists():
        messages.error(request, _("Projects that still run have open deadlines from this "
                                  "rule. Switch the rule off (uncheck “in use”) and re-apply "
                                  "the rules instead: its open deadlines are then removed."))
        return redirect("projektai:rule_update", pk=rule.pk)
    rule.delete()
    return _saved(request, programme, _("The rule “%(title)s” has been deleted.")
                  % {"title": rule.title})


@require_POST
def programme_reapply(request, pk: int):
    programme = _programme(request, pk)
    result = reapply_programme_rules(programme, by=request.user)
    if not result.projects:
        messages.info(request, _("The programme has no projects that still run."))
    else:
        messages.success(request, ngettext(
            "The rules were applied to %(n)s project.",
            "The rules were applied to %(n)s projects.", result.projects)
            % {"n": result.projects} + " " + _(
            "Deadlines: %(added)s added, %(moved)s moved, %(removed)s removed.")
            % {"added": result.added, "moved": result.moved, "removed": result.removed})
    return redirect(reverse("projektai:programme_detail", args=[programme.pk]) + "#taisykles")
