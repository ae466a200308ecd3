from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bibliotekos.erasure import plain
from bibliotekos.models import (
    OUTLET_KINDS,
    Library,
    LibraryKind,
    Membership,
    Municipality,
    MunicipalityPopulation,
    erased_values,
)
from bibliotekos.scoping import descendant_ids
from paskyros.models import Invitation, Role, User
from portalas.access import manages_territory, sees_territory
from portalas.ordering import lt_order
from portalas.registry import home_panel, nav_item, personal_data

nav_item(group="territory", label=_("Libraries"), url_name="bibliotekos:library_list",
         icon="building", order=10)
nav_item(group="territory", label=_("Municipalities"), url_name="bibliotekos:municipality_list",
         icon="geo-alt", order=20, allowed=sees_territory)
nav_item(group="territory", label=_("People"), url_name="bibliotekos:person_list",
         icon="people", order=25)
nav_item(group="territory", label=_("Organisations"),
         url_name="bibliotekos:organisation_list", icon="buildings", order=28,
         allowed=manages_territory)
nav_item(group="territory", label=_("Librarians"), url_name="bibliotekos:librarian_list",
         icon="person-badge", order=30, allowed=manages_territory)
nav_item(group="territory", label=_("Import the registry"),
         url_name="bibliotekos:registry_import", icon="upload", order=40,
         allowed=manages_territory)
nav_item(group="territory", label=_("Personal data"),
         url_name="bibliotekos:personal_data_overview", icon="shield-lock", order=45,
         allowed=manages_territory)


def territory_figures() -> dict:
    """Registry counts for the territory, one aggregate query per table."""
    municipalities = Municipality.objects.filter(in_territory=True)
    open_libraries = Library.objects.open_now().filter(
        Q(municipality__in_territory=True) | Q(municipality__isnull=True))
    counts = open_libraries.aggregate(
        systems=Count("pk", filter=Q(kind=LibraryKind.SYSTEM)),
        outlets=Count("pk", filter=Q(kind__in=OUTLET_KINDS)),
        rural=Count("pk", filter=Q(kind=LibraryKind.RURAL_BRANCH)),
        schools=Count("pk", filter=Q(kind=LibraryKind.SCHOOL)),
    )
    latest_year = (MunicipalityPopulation.objects.filter(municipality__in_territory=True)
                   .order_by("-year").values_list("year", flat=True).first())
    population = None
    if latest_year:
        population = (MunicipalityPopulation.objects
                      .filter(year=latest_year, municipality__in_territory=True)
                      .aggregate(total=Sum("population"))["total"])
    return {
        "municipalities": municipalities.count(),
        **counts,
        "population": population,
        "population_year": latest_year,
        "librarians": User.objects.filter(role=Role.LIBRARIAN, is_active=True).count(),
    }


@home_panel(roles={Role.MANAGEMENT, Role.STAFF}, template="bibliotekos/_home_figures.html",
            order=10)
def figures(request):
    return {"figures": territory_figures()}


@home_panel(roles={Role.STAFF, Role.ADMIN}, template="bibliotekos/_home_attention.html",
            order=20)
def attention(request):
    now = timezone.now()
    invitations = Invitation.objects.filter(user__role=Role.LIBRARIAN, accepted_at__isnull=True,
                                            revoked_at__isnull=True)
    has_director = Membership.objects.filter(library=OuterRef("pk"),
                                             role=Membership.Role.DIRECTOR,
                                             user__is_active=True)
    systems_without_director = (Library.objects.open_now().systems()
                                .filter(~Exists(has_director)).order_by(lt_order("name")))
    return {
        "pending": invitations.filter(expires_at__gt=now).count(),
        "expired": invitations.filter(expires_at__lte=now).select_related("user")
        .order_by("-expires_at")[:5],
        "expired_count": invitations.filter(expires_at__lte=now).count(),
        "systems_without_director": systems_without_director[:8],
        "systems_without_director_count": systems_without_director.count(),
    }


@home_panel(roles={Role.LIBRARIAN}, template="bibliotekos/_home_library.html", order=10)
def my_libraries(request):
    memberships = list(Membership.objects.filter(user=request.user)
                       .select_related("library__municipality", "library__parent"))
    open_ids = set(Library.objects.open_now().values_list("pk", flat=True))
    for membership in memberships:
        membership.outlet_count = len(descendant_ids([membership.library_id]) & open_ids)
    return {"memberships": memberships}


# --- personal data: what the registry holds about a person (export and erase) ------------------

def _person_rows(person) -> list[dict]:
    rows = [{"record": "person", "first_name": person.first_name, "last_name": person.last_name,
             "position": person.position, "library": str(person.library or ""),
             "email": person.email, "phone": person.phone,
             "education": person.get_education_display(),
             "works_since": plain(person.works_since)}]
    for entry in person.history.order_by("history_date"):
        rows.append({"record": "person history", "date": entry.history_date.isoformat(),
                     "type": entry.history_type, "first_name": entry.first_name,
                     "last_name": entry.last_name, "email": entry.email, "phone": entry.phone,
                     "position": entry.position, "works_since": plain(entry.works_since)})
    return rows


def _erase_person(person) -> int:
    """The person stays (trainings and consultations count them) but is no longer anyone:
    names become a placeholder, contacts and the first day of library work are emptied, in
    the record and its history."""
    placeholder = {**erased_values(person.pk), "works_since": None}
    changed = type(person).objects.filter(pk=person.pk).update(**placeholder)
    changed += person.history.update(**placeholder)
    return changed


personal_data("bibliotekos.person", label=_("Registry: the person and the history of the "
                                            "record"), export=_person_rows, erase=_erase_person)
