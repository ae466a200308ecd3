from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bibliotekos.models import Library
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
