"""A project's deadlines (added, edited, marked done, deleted by those who may edit the
project) and the month calendar of every visible project's deadlines and milestones."""

import re
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portalas.converters import YEAR_MAX, YEAR_MIN
from projektai import services
from projektai.forms_deadlines import DeadlineCalendarFilterForm, DeadlineForm
from projektai.models import Deadline, Project
from projektai.selectors_deadlines import grid_bounds, month_grid, month_items


def _back(project: Project):
    return redirect(project.get_absolute_url() + "#terminai")


def _editable_deadline(request, pk: int) -> Deadline:
    deadline = get_object_or_404(Deadline.objects.visible_to(request.user)
                                 .select_related("project", "rule"), pk=pk)
    if not services.may_edit(request.user, deadline.project):
        raise PermissionDenied
    return deadline


def _form_page(request, form: DeadlineForm, project: Project, deadline: Deadline | None):
    return render(request, "projektai/deadline_form.html", {
        "form": form, "project": project, "deadline": deadline,
        "warning": form.warning,
    })


def _saved(request, form: DeadlineForm, message: str):
    messages.success(request, message)
    if form.warning:
        messages.warning(request, form.warning)
    return _back(form.project)


def deadline_create(request, pk: int):
    project = get_object_or_404(Project.objects.visible_to(request.user), pk=pk)
    if not services.may_edit(request.user, project):
        raise PermissionDenied
    form = DeadlineForm(request.POST or None, user=request.user, project=project)
    if request.method == "POST" and form.is_valid():
        form.save()
        return _saved(request, form, _("The deadline has been added."))
    return _form_page(request, form, project, None)


def deadline_update(request, pk: int):
    deadline = _editable_deadline(request, pk)
    form = DeadlineForm(request.POST or None, instance=deadline, user=request.user,
                        project=deadline.project)
    if request.method == "POST" and form.is_valid():
        form.save()
        return _saved(request, form, _("The deadline has been saved."))
    return _form_page(request, form, deadline.project, deadline)


@require_POST
def deadline_done(request, pk: int):
    """Mark done (``done=1``) or open again (``done=0``)."""
    deadline = _editable_deadline(request, pk)
    done = request.POST.get("done", "1") != "0"
    services.mark_deadline_done(deadline, by=request.user, done=done)
    if done:
        messages.success(request, _("“%(title)s” is marked done.") % {"title": deadline.title})
    else:
        messages.success(request, _("“%(title)s” is open again.") % {"title": deadline.title})
    return _back(deadline.project)


@require_POST
def deadline_delete(request, pk: int):
    deadline = _editable_deadline(request, pk)
    deadline.delete()
    messages.success(request, _("The deadline “%(title)s” has been deleted.")
                     % {"title": deadline.title})
    return _back(deadline.project)


# --- the calendar --------------------------------------------------------------------------------

MONTH = re.compile(r"(\d{4})-(\d{2})")


def _month(text: str, today: date) -> date:
    if not text:
        return today.replace(day=1)
    match = MONTH.fullmatch(text.strip())
    if not match:
        raise Http404
    year, month = int(match.group(1)), int(match.group(2))
    if not (YEAR_MIN <= year <= YEAR_MAX and 1 <= month <= 12):
        raise Http404
    return date(year, month, 1)


def _shift(month: date, by: int) -> date | None:
    index = month.year * 12 + month.month - 1 + by
    year, number = divmod(index, 12)
    return date(year, number + 1, 1) if YEAR_MIN <= year <= YEAR_MAX else None


def deadline_calendar(request):
    """A month of deadlines and milestones of every project the user sees (Monday first,
    holidays named), and the same entries as a list for phones and screen readers."""
    today = timezone.localdate()
    month = _month(request.GET.get("month", ""), today)
    form = DeadlineCalendarFilterForm(request.GET or None)
    filters = form.filters()
    start, end = grid_bounds(month)
    items = month_items(request.user, start=start, end=end, today=today, **filters)
    grid = month_grid(month, items, today)
    days = [cell for week in grid for cell in week if cell.in_month and cell.items]
    return render(request, "projektai/deadline_calendar.html", {
        "month": month, "weeks": grid, "weekdays": [cell.day for cell in grid[0]],
        "days": days, "count": sum(len(cell.items) for cell in days),
        "previous": _shift(month, -1), "next": _shift(month, 1),
        "this_month": f"{today:%Y-%m}", "is_this_month": month == today.replace(day=1),
        "filter_form": form, "today": today,
    })
