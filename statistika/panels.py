from django.utils.translation import gettext_lazy as _

from bibliotekos.card import library_panel
from paskyros.access import manages_territory, sees_territory
from paskyros.navigation import nav_item
from statistika import selectors
from statistika.models import Indicator

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
