"""The year's summary of planned purchases (pirkimų suvestinė): the page (the plan's lines
above low-value in the CVP IS layout, the due date, whether it was published, the XLSX) and
staff's mark that it was published in CVP IS (or taking back a mark made by mistake).

Who: staff and management read, staff mark; a librarian gets a 404, management a 403 on the
mark."""

from decimal import Decimal

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pirkimai import selectors_summary as selectors
from pirkimai import services_contracts as services
from pirkimai.forms_contracts import PublishedForm
from pirkimai.models import ProcurementPlan, may_prepare
from pirkimai.views_access import procurement_crumbs, require_preparer, require_reader
from portalas.converters import YEAR_MAX, YEAR_MIN


def _checked_year(year: int) -> int:
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise Http404
    return year


def summary(request, year: int):
    require_reader(request)
    year = _checked_year(year)
    today = timezone.localdate()
    state = selectors.summary_state(year, today=today)
    lines = list(selectors.summary_lines(state.plan, request.user))
    years = sorted(set(ProcurementPlan.objects.visible_to(request.user)
                       .values_list("year", flat=True)) | {today.year}, reverse=True)
    can_mark = may_prepare(request.user) and state.plan is not None
    return render(request, "pirkimai/summary.html", {
        "year": year, "state": state, "plan": state.plan, "lines": lines,
        "header": selectors.summary_header(), "rows": selectors.summary_rows(lines),
        "total": sum((line.estimated_value for line in lines), Decimal("0")),
        "left_out": selectors.left_out(state.plan, request.user),
        "years": years, "can_mark": can_mark,
        "form": PublishedForm(initial={"published_on": today.isoformat()}),
        "document_params": {"year": year}, "today": today,
        "crumbs": procurement_crumbs()})


@require_POST
def summary_published(request, year: int):
    """Mark the year's summary published in CVP IS on a day (``action=clear``: take the mark
    back)."""
    require_preparer(request)
    year = _checked_year(year)
    back = reverse("pirkimai:summary", args=[year])
    try:
        if request.POST.get("action") == "clear":
            services.clear_summary_published(year=year, by=request.user)
            messages.success(request, _("The mark is taken back: the summary of %(year)s is "
                                        "not published yet.") % {"year": year})
            return redirect(back)
        form = PublishedForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(
                f"{form.fields[name].label}: {' '.join(errors)}"
                for name, errors in form.errors.items()))
            return redirect(back)
        plan = services.mark_summary_published(
            year=year, by=request.user, published_on=form.cleaned_data["published_on"])
    except services.Refused as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect(back)
    messages.success(request, _("The summary of %(year)s is marked published in CVP IS on "
                                "%(day)s.") % {"year": year,
                                                "day": plan.summary_published_on.isoformat()})
    return redirect(back)
