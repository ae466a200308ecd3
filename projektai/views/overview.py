"""The projects at a glance: success rate and funds attracted per year of submission,
counts by status and by programme, the territory libraries' own projects per
municipality. Staff and management see every project; a librarian sees the same tables
for the projects they may see (their library's own and those it is a partner in)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from projektai import selectors_reports as figures
from projektai.models import Project
from projektai.reports import RegisterParams
from projektai.services import success_by_year


@login_required
def overview(request):
    user = request.user
    if not (user.sees_whole_territory or user.is_librarian):
        raise PermissionDenied
    projects = Project.objects.visible_to(user)
    years = success_by_year(projects)
    return render(request, "projektai/overview.html", {
        "years": years,
        "totals": figures.success_totals(years),
        "statuses": figures.by_status(projects),
        "programmes": figures.by_programme(projects),
        "municipalities": figures.libraries_by_municipality(projects),
        "register_form": RegisterParams(user=user, initial={"which": "all"}),
        "register_years": sorted({row["year"] for row in years}
                                 | {timezone.localdate().year}, reverse=True),
        "whole_territory": user.sees_whole_territory,
    })
