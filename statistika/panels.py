from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bibliotekos.models import Library, LibraryKind
from paskyros.models import Role
from portalas.access import manages_territory, sees_territory
from portalas.registry import (
    CalendarEntry,
    calendar_source,
    digest_item,
    home_panel,
    nav_item,
    object_panel,
)
from statistika.models import Submission, SubmissionStatus
from statistika.selectors.values import key_figures

nav_item(group="planning", label=_("Indicators"), url_name="statistika:indicator_list",
         icon="list-columns", order=50)
nav_item(group="planning", label=_("Checks"), url_name="statistika:rule_list",
         icon="check2-square", order=55, allowed=manages_territory)
nav_item(group="planning", label=_("Import statistics"), url_name="statistika:import",
         icon="upload", order=60, allowed=manages_territory)
nav_item(group="planning", label=_("Export statistics"), url_name="statistika:export",
         icon="download", order=65, allowed=sees_territory)
nav_item(group="planning", label=_("LNB codes"), url_name="statistika:lnb_code_list",
         icon="upc", order=67, allowed=manages_territory)
nav_item(group="planning", label=_("Library names in sources"),
         url_name="statistika:alias_list", icon="tags", order=70, allowed=manages_territory)


@object_panel(Library, template="statistika/_library_figures.html", order=20)
def library_figures(request, library):
    """The library's key figures for the last three years with data (systems: outlets
    summed), derived indicators with a link to how each was computed."""
    figures = key_figures(library, user=request.user, last=3)
    rows = [{"indicator": row["indicator"], "derived": row["derived"],
             "values": list(zip(figures.years, row["values"], strict=True))}
            for row in figures.rows]
    return {"years": figures.years, "rows": rows, "library": library, "level": figures.level}


@object_panel(Library, template="statistika/_library_statistics.html", order=15)
def library_statistics(request, library):
    """The library card's way into its statistics: its dashboard and its annual reports
    (an outlet's are its system's, opened at the outlet's part), only those the person
    may open — the card itself is already scoped to the person."""
    from django.urls import reverse

    system = library.system
    holder = system if system is not None and library.kind != LibraryKind.SYSTEM else library
    submissions = (Submission.objects.visible_to(request.user).filter(library=holder)
                   .select_related("campaign").order_by("-campaign__year")[:5])
    reports = [{"submission": submission, "year": submission.campaign.year,
                "url": (reverse("statistika:report_form", args=[submission.pk])
                        if holder == library else
                        reverse("statistika:report_unit", args=[submission.pk, library.code]))}
               for submission in submissions]
    return {"library": library, "reports": reports, "part_of": None if holder == library
            else holder,
            "dashboard_url": reverse("statistika:analysis_library", args=[library.code])}


# --- the territory's key figures on the home page (management, staff) ------------------------

HOME_CODES = ["users_registered", "visits", "loans", "penetration_pct", "visits_per_resident",
              "loans_per_user"]


def sparkline(values, *, label: str, width: int = 120, height: int = 32) -> str:
    """A small line of a figure's years, drawn on the server (no script): gaps where a
    year is not known, the last point marked. Empty when fewer than two years are known."""
    from xml.sax.saxutils import escape

    known = [(i, float(v)) for i, v in enumerate(values) if v is not None]
    if len(known) < 2:
        return ""
    low, high = min(v for _i, v in known), max(v for _i, v in known)
    span = (high - low) or 1.0
    pad = 3
    step = (width - 2 * pad) / max(1, len(values) - 1)

    def point(i, v):
        return (round(pad + i * step, 1),
                round(height - pad - (v - low) / span * (height - 2 * pad), 1))

    runs, run, previous = [], [], None
    for i, v in known:
        if previous is not None and i != previous + 1:
            runs.append(run)
            run = []
        run.append(point(i, v))
        previous = i
    runs.append(run)
    lines = "".join(
        '<polyline fill="none" stroke="currentColor" stroke-width="1.5" points="'
        + " ".join(f"{x},{y}" for x, y in run) + '"/>' for run in runs if len(run) > 1)
    x, y = point(*known[-1])
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="sparkline" viewBox="0 0 {width} '
            f'{height}" width="{width}" height="{height}" role="img" '
            f'aria-label="{escape(label, {chr(34): "&quot;"})}">{lines}'
            f'<circle cx="{x}" cy="{y}" r="2.5" fill="currentColor"/></svg>')


@home_panel(roles={Role.MANAGEMENT, Role.STAFF}, template="statistika/_home_trends.html",
            order=12)
def territory_trends(request):
    """How the territory's public libraries are doing: the key figures of the latest year
    with (nearly) complete data, the change against last year (points for percentages),
    against Lithuania (a ratio's difference, a count's share), ten-year sparklines; the
    person's latest documents and the way to the regional analysis. Cached selectors, so
    the home page costs a few queries whatever the size of the territory."""
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext

    from ataskaitos.models import ReportJob
    from portalas.numbers import change, divide
    from statistika.selectors import analysis, comparison

    year = analysis.default_year()
    data = analysis.territory_overview(year, "public")
    rows = {row["code"]: row for row in data["rows"]}
    names = analysis.cached_indicators(HOME_CODES)
    compared = comparison.compare(year, "public", HOME_CODES)
    figures = []
    for code in HOME_CODES:
        indicator, row = names.get(code), rows.get(code)
        if indicator is None or row is None:
            continue
        national = compared[code]
        versus, versus_points, share = None, False, None
        if indicator.derived:
            versus, versus_points = change(row["value"], national.national, indicator.unit)
        else:
            share = divide(row["value"], national.national)
            share = share * 100 if share is not None else None
        known = [(y, v) for y, v in zip(data["years"], row["series"], strict=True)
                 if v is not None]
        label = (gettext("%(indicator)s, %(first)s–%(last)s")
                 % {"indicator": indicator.name, "first": known[0][0], "last": known[-1][0]}
                 if known else indicator.name)
        figures.append({
            "code": code, "indicator": indicator, "value": row["value"],
            "last_year": row["last_year"], "change": row["change"],
            "change_points": row["change_points"], "national": national.national,
            "national_covers_all": national.national_covers_all, "versus": versus,
            "versus_points": versus_points, "share": share, "coverage": row["coverage"],
            "sparkline": mark_safe(sparkline(row["series"], label=label)),  # noqa: S308
        })
    documents = list(ReportJob.objects.filter(requested_by=request.user)
                     .order_by("-created_at")[:5])
    return {"year": year, "first_year": data["years"][0], "figures": figures,
            "documents": documents,
            "any_all": any(f["national_covers_all"] and f["national"] is not None
                           for f in figures),
            "any_data": any(f["value"] is not None for f in figures)}


nav_item(group="analysis", label=_("Figures and trends"),
         url_name="statistika:analysis_overview", icon="bar-chart-line", order=10)
nav_item(group="planning", label=_("Reporting campaigns"), url_name="statistika:campaign_list",
         icon="calendar-check", order=10, allowed=manages_territory)
nav_item(group="planning", label=_("My statistics reports"), url_name="statistika:report_list",
         icon="clipboard-data", order=5, allowed=lambda user: user.is_librarian)


@home_panel(roles={Role.LIBRARIAN}, template="statistika/_home_due.html", order=20)
def submissions_due(request):
    from statistika.models import Submission
    from statistika.scoping import submission_scope
    from statistika.selectors.campaign import attention, scope_progress

    tasks = []
    for submission in (Submission.objects.visible_to(request.user)
                       .filter(campaign__is_open=True).select_related("campaign", "library")
                       .order_by("-campaign__year", "library__name")):
        scope = submission_scope(submission, request.user)
        if not scope.units:
            continue
        answered, total = scope_progress(scope)
        tasks.append({"submission": submission, "scope": scope, "answered": answered,
                      "total": total, "attention": attention(scope)})
    return {"tasks": tasks}


@home_panel(roles={Role.STAFF, Role.MANAGEMENT}, template="statistika/_home_campaign.html",
            order=15)
def campaign_progress(request):
    from django.db.models import Count

    from statistika.models import Campaign

    campaign = Campaign.objects.filter(is_open=True).order_by("-year").first()
    if campaign is None:
        return {"campaign": None}
    counts = dict(campaign.submissions.values_list("status").annotate(n=Count("pk")))
    return {"campaign": campaign, "counts": [(s, counts.get(s.value, 0))
                                             for s in SubmissionStatus],
            "total": sum(counts.values())}


# --- the territory's calendar and the digest --------------------------------------------------

def _deadlines(start, end, user):
    """Reporting deadlines: the campaign's for the department, each of their own
    submissions' (with an extension) for a librarian."""
    from django.urls import reverse

    submissions = (Submission.objects.visible_to(user).select_related("campaign", "library")
                   .filter(campaign__is_open=True))
    if user.sees_whole_territory:
        from statistika.models import Campaign

        for campaign in Campaign.objects.filter(deadline__date__range=(start, end)):
            yield CalendarEntry(title=str(_("Annual statistics %(year)s: deadline")
                                          % {"year": campaign.year}),
                                start=timezone.localtime(campaign.deadline),
                                url=reverse("statistika:campaign_board", args=[campaign.year]),
                                source="statistika.deadlines")
        return
    for submission in submissions:
        deadline = timezone.localtime(submission.deadline)
        if start <= deadline.date() <= end:
            yield CalendarEntry(title=str(_("Annual statistics %(year)s: deadline")
                                          % {"year": submission.campaign.year}),
                                start=deadline, library=submission.library,
                                url=reverse("statistika:report_form", args=[submission.pk]),
                                source="statistika.deadlines")


calendar_source("statistika.deadlines", label=_("Statistics deadlines"), entries=_deadlines)


def _submitted_since(since, user):
    """Statistics submitted (for the department) or returned (for a library) since."""
    from django.urls import reverse

    from statistika.models import SubmissionEvent, SubmissionEventKind

    events = (SubmissionEvent.objects.visible_to(user).filter(created_at__gte=since)
              .select_related("submission__library", "submission__campaign")
              .order_by("-created_at"))
    kinds = ([SubmissionEventKind.SUBMITTED] if user.sees_whole_territory
             else [SubmissionEventKind.RETURNED, SubmissionEventKind.REOPENED])
    return [{"title": f"{event.submission.library.name}: {event.get_kind_display()}",
             "date": event.created_at, "text": event.note,
             "url": reverse("statistika:report_form", args=[event.submission_id])}
            for event in events.filter(kind__in=kinds)[:50]]


digest_item("statistika.submissions", label=_("Annual statistics"), items=_submitted_since,
            order=20)
nav_item(group="analysis", label=_("Table builder"), url_name="statistika:table_builder",
         icon="table", order=15)


# --- personal data: export and erase, registered by the module -------------------------------

from statistika import personal_data  # noqa: E402, F401
