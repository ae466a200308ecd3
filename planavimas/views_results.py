"""The report's answers, one form each: the report's texts, a goal's narrative, a
measure's result, an indicator's value typed in (or, for one the portal counts, its
comment). Staff only (a 404 for librarians, a 403 for management), only while the report
is a draft or was returned; every save goes through ``services_results`` with the version
the form was opened with, so the second of two editors is told who saved first and keeps
what they typed."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from planavimas import services_results as services
from planavimas.forms_report import (
    GoalNarrativeForm,
    IndicatorValueForm,
    MeasureResultForm,
    ReportTextsForm,
)
from planavimas.models import Goal, Indicator, Measure, Plan, Report
from planavimas.views_access import crumbs, require_preparer
from portalas.forms import refusal_to_form
from portalas.numbers import plain
from portalas.views import VersionedUpdateMixin

__all__ = ["goal_narrative", "indicator_result", "measure_result", "report_update"]

REPORT_TITLE = gettext_lazy("Annual activity report")


def report_url(year: int, anchor: str = "") -> str:
    return reverse("planavimas:report_detail", args=[year]) + (f"#{anchor}" if anchor else "")


def report_crumbs(year: int) -> list:
    return [*crumbs(year), (report_url(year), REPORT_TITLE)]


def report_or_404(plan: Plan) -> Report:
    return get_object_or_404(Report, plan=plan)


def _seen(request) -> int:
    """The version the form was opened with; -1 (never a stored one) when it sent none."""
    seen = request.POST.get("version", "")
    return int(seen) if seen.isdigit() else -1


def edit(request, *, obj, report: Report, form_class, initial: dict, save, title: str,
         subject: str, back: str, form_kwargs: dict | None = None, facts=None):
    """One answer's page: the form (with the row's ``version``), ``save(data, seen)``
    through the service on POST, then back to the report. A stale save keeps the typed
    values and says who saved first; a report no longer editable sends the person back."""
    if not report.is_editable:
        messages.error(request, _("The report is not a draft now, so it cannot be changed; "
                                  "an approved report is changed by starting an amendment."))
        return redirect(back)
    form_kwargs = form_kwargs or {}
    version = obj.version
    if request.method == "POST":
        form = form_class(request.POST, **form_kwargs)
        version = _seen(request)
        if form.is_valid():
            try:
                save(form.cleaned_data, version)
            except services.Refused as refusal:
                if refusal.code == "stale":
                    stored = type(obj).objects.get(pk=obj.pk)
                    last = stored.history.select_related("history_user").first()
                    name = str(last.history_user) if last and last.history_user \
                        else _("someone")
                    form.add_error(None, VersionedUpdateMixin.stale_message % {"name": name})
                    version = stored.version
                elif refusal.code == "locked":
                    messages.error(request, " ".join(refusal.messages))
                    return redirect(back)
                else:
                    refusal_to_form(form, refusal)
            else:
                messages.success(request, _("Saved."))
                return redirect(back)
    else:
        form = form_class(initial=initial, **form_kwargs)
    year = report.plan.year
    return render(request, "planavimas/report_form.html", {
        "form": form, "version": version, "title": title, "subject": subject, "back": back,
        "facts": facts or [], "crumbs": report_crumbs(year), "year": year})


def report_update(request, year):
    """The report's introduction, problems and directions for next year."""
    require_preparer(request)
    report = get_object_or_404(Report.objects.select_related("plan"), plan__year=year)

    def save(data, seen):
        services.update_report_texts(report=report, by=request.user, seen_version=seen,
                                     **data)

    return edit(request, obj=report, report=report, form_class=ReportTextsForm,
                initial={"introduction": report.introduction, "problems": report.problems,
                         "directions": report.directions},
                save=save, title=_("The report's texts"), subject=str(report),
                back=report_url(year, "texts"))


def goal_narrative(request, pk):
    """What was done towards the goal during the year."""
    require_preparer(request)
    goal = get_object_or_404(Goal.objects.select_related("plan"), pk=pk)
    report = report_or_404(goal.plan)

    def save(data, seen):
        services.update_goal_narrative(goal=goal, by=request.user, seen_version=seen,
                                       narrative=data["narrative"])

    return edit(request, obj=goal, report=report, form_class=GoalNarrativeForm,
                initial={"narrative": goal.narrative}, save=save,
                title=_("What was done towards the goal"), subject=goal.title,
                back=report_url(goal.plan.year, f"g{goal.pk}"),
                facts=[(_("Chapter"), goal.get_chapter_display())])


def measure_result(request, pk):
    """How the measure was carried out, and a comment."""
    require_preparer(request)
    measure = get_object_or_404(Measure.objects.select_related("objective__goal__plan"),
                                pk=pk)
    plan = measure.objective.goal.plan
    report = report_or_404(plan)

    def save(data, seen):
        services.record_measure_result(measure=measure, by=request.user, seen_version=seen,
                                       result=data["result"],
                                       comment=data["result_comment"])

    due = measure.deadline.isoformat() if measure.deadline else (
        _("quarter %(quarter)s") % {"quarter": measure.quarter} if measure.quarter else "–")
    return edit(request, obj=measure, report=report, form_class=MeasureResultForm,
                initial={"result": measure.result, "result_comment": measure.result_comment},
                save=save, title=_("The measure's result"), subject=measure.title,
                back=report_url(plan.year, f"m{measure.pk}"),
                facts=[(_("Objective"), measure.objective.title), (_("Due"), due)])


def indicator_result(request, pk):
    """The indicator's value typed in (only where no metric counts it) and a comment."""
    require_preparer(request)
    indicator = get_object_or_404(
        Indicator.objects.select_related("measure__objective__goal__plan"), pk=pk)
    plan = indicator.measure.objective.goal.plan
    report = report_or_404(plan)
    counted = bool(indicator.metric)

    def save(data, seen):
        services.record_indicator_value(indicator=indicator, by=request.user,
                                        seen_version=seen,
                                        actual=data.get("actual_manual"),
                                        comment=data["comment"])

    planned = formats.number_format(plain(indicator.planned), use_l10n=True,
                                    force_grouping=True)
    facts = [(_("Measure"), indicator.measure.title),
             (_("Planned value"), f"{planned} {indicator.unit}".strip())]
    if counted:
        facts.append((_("Counted by the portal"), _("the value is counted from the records; "
                                                    "only the comment is written here")))
    return edit(request, obj=indicator, report=report, form_class=IndicatorValueForm,
                initial={"actual_manual": indicator.actual_manual,
                         "comment": indicator.comment},
                form_kwargs={"counted": counted}, save=save,
                title=_("The indicator's comment") if counted
                else _("The indicator's actual value"),
                subject=indicator.name, back=report_url(plan.year, f"i{indicator.pk}"),
                facts=facts)
