from django.utils.translation import gettext_lazy as _

from bibliotekos.card import library_panel
from paskyros.access import manages_territory, sees_territory
from paskyros.home import home_panel
from paskyros.models import Role
from paskyros.navigation import nav_item
from statistika import selectors
from statistika.models import Indicator, ReportStatus

nav_item(group="planning", label=_("Indicators"), url_name="statistika:indicator_list",
         icon="list-columns", order=50)
nav_item(group="planning", label=_("Checks"), url_name="statistika:rule_list",
         icon="check2-square", order=55, allowed=manages_territory)
nav_item(group="planning", label=_("Import statistics"), url_name="statistika:import",
         icon="upload", order=60, allowed=manages_territory)
nav_item(group="planning", label=_("Export statistics"), url_name="statistika:export",
         icon="download", order=65, allowed=sees_territory)
nav_item(group="planning", label=_("Library names in sources"),
         url_name="statistika:alias_list", icon="tags", order=70, allowed=manages_territory)

CARD_PRIMARY = ["users_registered", "visits", "loans", "collection_items", "events", "staff"]
CARD_DERIVED = ["penetration_pct", "loans_per_user", "visits_per_user", "collection_turnover"]


@library_panel(template="statistika/_library_figures.html", order=20)
def library_figures(request, library):
    """The library's key figures for the last three years with data (systems: outlets
    summed), derived indicators with a link to how each was computed."""
    years = sorted(selectors.library_years(library))[-3:]
    if not years:
        return {"years": [], "library": library}
    level = "system" if library.kind == "system" else "library"
    from bibliotekos.models import Library

    libraries = Library.objects.filter(pk=library.pk)
    primary = selectors.primary_table(codes=CARD_PRIMARY, years=years, level=level,
                                      libraries=libraries, user=request.user)
    derived = selectors.derived_table(codes=CARD_DERIVED, years=years, level=level,
                                      libraries=libraries, user=request.user)
    indicators = {i.code: i for i in Indicator.objects.filter(
        code__in=CARD_PRIMARY + CARD_DERIVED)}
    rows = []
    for code, table in [(c, primary) for c in CARD_PRIMARY] + [(c, derived)
                                                               for c in CARD_DERIVED]:
        if code not in indicators:
            continue
        rows.append({"indicator": indicators[code], "derived": table is derived,
                     "values": [(year, table.get(library.code, year, code)) for year in years]})
    return {"years": years, "rows": rows, "library": library, "level": level}


nav_item(group="analysis", label=_("Figures and trends"),
         url_name="statistika:analysis_overview", icon="bar-chart-line", order=10)
nav_item(group="planning", label=_("Reporting campaigns"), url_name="statistika:campaign_list",
         icon="calendar-check", order=10, allowed=manages_territory)
nav_item(group="planning", label=_("My statistics reports"), url_name="statistika:report_list",
         icon="clipboard-data", order=5, allowed=lambda user: user.is_librarian)


@home_panel(roles={Role.LIBRARIAN}, template="statistika/_home_due.html", order=20)
def reports_due(request):
    from statistika.models import Report
    from statistika.scoping import report_scope
    from statistika.services.reports import attention, scope_progress

    tasks = []
    for report in (Report.objects.visible_to(request.user).filter(campaign__is_open=True)
                   .select_related("campaign", "library").order_by("-campaign__year",
                                                                   "library__name")):
        scope = report_scope(report, request.user)
        if not scope.units:
            continue
        answered, total = scope_progress(scope)
        tasks.append({"report": report, "scope": scope, "answered": answered, "total": total,
                      "attention": attention(scope)})
    return {"tasks": tasks}


@home_panel(roles={Role.STAFF, Role.MANAGEMENT}, template="statistika/_home_campaign.html",
            order=15)
def campaign_progress(request):
    from django.db.models import Count

    from statistika.models import Campaign

    campaign = Campaign.objects.filter(is_open=True).order_by("-year").first()
    if campaign is None:
        return {"campaign": None}
    counts = dict(campaign.reports.values_list("status").annotate(n=Count("pk")))
    return {"campaign": campaign, "counts": [(s, counts.get(s.value, 0))
                                             for s in ReportStatus],
            "total": sum(counts.values())}
