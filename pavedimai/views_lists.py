"""The assignments' lists: the list with its tabs — given to me, given by me, and for
management all — its filters (state, year, person, overdue only, words) and its export;
and management's overview of every assignment's state on one page.

Who: the app is the department's: a territory librarian gets a 404 (the app does not exist
for them). The list shows only what ``Assignment.objects.visible_to`` lets the user see;
the overview is management's and administrators' (403 to staff)."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from pavedimai import selectors_lists as selectors
from pavedimai.filters_assignments import AssignmentFilter
from pavedimai.models import Assignment, may_give, may_use, sees_all
from pavedimai.selectors_people import person_name
from pavedimai.views_assignments import crumbs, require_use
from portalas.converters import YEAR_MAX, YEAR_MIN
from portalas.views import Column, ScopedListView

__all__ = ["AssignmentListView", "overview"]

TAB_LABELS = {"mine": gettext_lazy("Given to me"), "given": gettext_lazy("Given by me"),
              "all": pgettext_lazy("assignments", "All")}


@dataclass(frozen=True)
class ComputedColumn(Column):
    """A column whose value a function computes from the row (exported alike)."""

    compute: object = None

    def value(self, obj):
        return self.compute(obj) if self.compute else super().value(obj)


def _people_states(assignment) -> str:
    return "; ".join(f"{person_name(task.assignee)} – {task.get_status_display()} "
                     f"({task.deadline.isoformat()})" for task in assignment.tasks.all())


COLUMNS = [
    Column("full_number", gettext_lazy("Number")),
    Column("title", gettext_lazy("Title"), sort="title"),
    ComputedColumn("given_by", gettext_lazy("Given by"),
                   compute=lambda a: person_name(a.given_by)),
    Column("given_on", gettext_lazy("Given on"), sort="given_on", text=False),
    Column("deadline", pgettext_lazy("assignment", "Deadline"), sort="deadline", text=False),
    Column("status", pgettext_lazy("assignment", "State")),
    ComputedColumn("tasks", gettext_lazy("People and their states"), compute=_people_states),
    Column("closed_on", pgettext_lazy("assignment", "Closed on"), text=False),
]


class AssignmentListView(ScopedListView):
    model = Assignment
    allowed = staticmethod(may_use)
    filterset_class = AssignmentFilter
    template_name = "pavedimai/assignment_list.html"
    results_template = "pavedimai/_assignment_results.html"
    title = gettext_lazy("Assignments")
    description = gettext_lazy("Management's assignments: what is to be done, by whom, by "
                               "when, and how it stands.")
    empty_text = gettext_lazy("No assignments match the filter.")
    export_name = "pavedimai"
    paginate_by = 50
    columns = COLUMNS

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require_use(request)
            tabs = selectors.tabs_for(request.user)
            wanted = request.GET.get("tab", "")
            self.tab = wanted if wanted in tabs else selectors.default_tab(request.user)
            self.tabs = tabs
        return super().dispatch(request, *args, **kwargs)

    def refine(self, queryset):
        return selectors.tab_queryset(queryset, self.tab, self.request.user)

    def get_queryset(self):
        return selectors.with_tasks(super().get_queryset())

    def order(self, queryset):
        if self.sort_key():
            return super().order(queryset)
        return queryset.order_by("-year", "-number")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        user = self.request.user
        year = self.request.GET.get("year", "")
        context.update({
            "assignments": selectors.with_states(context["object_list"], today),
            "today": today, "tab": self.tab,
            "tabs": [(key, TAB_LABELS[key]) for key in self.tabs],
            "can_give": may_give(user), "sees_all": sees_all(user),
            "report_year": int(year) if year.isdigit() and YEAR_MIN <= int(year) <= YEAR_MAX
            else today.year,
        })
        return context


def _year(request, today) -> int | None:
    wanted = request.GET.get("year", "")
    if wanted == "all":
        return None
    if wanted.isdigit() and YEAR_MIN <= int(wanted) <= YEAR_MAX:
        return int(wanted)
    return today.year


def _giver(request) -> int | None:
    wanted = request.GET.get("giver", "")
    return int(wanted) if wanted.isdigit() and len(wanted) < 12 else None


def overview(request):
    """Every assignment's state on one page (management): per assignment its people's
    states (delegates under those who delegated), counts open, overdue and done on time;
    filters by giver and year."""
    require_use(request)
    if not sees_all(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    year = _year(request, today)
    # the totals count every assignment; the table shows them a page at a time
    found = selectors.overview(request.user, year=year, giver_id=_giver(request), today=today,
                               page=request.GET.get("page"))
    return render(request, "pavedimai/overview.html", {
        "found": found, "page_obj": found.page_obj, "year": year, "giver": found.giver_id,
        "today": today,
        "years": sorted(set(found.years) | {today.year}, reverse=True),
        "title": _("Overview of assignments"), "crumbs": crumbs(),
        "report_year": year or today.year})
