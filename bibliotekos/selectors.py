"""Reads of the registry: lists, the library card, export rows."""

from django.conf import settings
from django.db.models import Count, Max, Prefetch, Q

from bibliotekos.models import (
    Library,
    LibraryKind,
    Membership,
    Municipality,
    MunicipalityPopulation,
    Person,
)
from bibliotekos.scoping import descendant_ids
from portalas.ordering import lt_order

LIBRARY_COLUMNS = ["code", "name", "kind", "parent_code", "municipality_code", "school_name",
                   "address", "email", "phone", "opened", "closed", "company_code", "director",
                   "website"]
MUNICIPALITY_COLUMNS = ["municipality_code", "name", "county", "year", "population"]
PERSON_COLUMNS = ["id", "first_name", "last_name", "position", "post", "library_code", "email",
                  "phone", "education", "works_since"]

SORTS = {
    "name": [lt_order("name"), "code"],
    "-name": [lt_order("name", descending=True), "code"],
    "code": ["code"],
    "-code": ["-code"],
    "kind": ["kind", lt_order("name")],
    "-kind": ["-kind", lt_order("name")],
    "municipality": [lt_order("municipality__name"), lt_order("name")],
    "-municipality": [lt_order("municipality__name", descending=True), lt_order("name")],
    "opened": ["opened", lt_order("name")],
    "-opened": ["-opened", lt_order("name")],
}


def library_list(user, *, sort: str = "name"):
    """The libraries a user may see, with what a list row shows, in a fixed number of
    queries whatever the number of rows."""
    return (Library.objects.visible_to(user)
            .select_related("municipality", "parent")
            .annotate(outlet_count=Count("outlets", distinct=True))
            .order_by(*SORTS.get(sort, SORTS["name"])))


def library_card(library: Library, user) -> dict:
    """What the card shows: the outlet tree, people and accounts the user may see."""
    visible = Library.objects.visible_to(user)
    under = descendant_ids([library.pk])
    outlets = list(visible.filter(pk__in=under).select_related("parent")
                   .order_by("kind", lt_order("name")))
    children: dict[int, list[Library]] = {}
    for outlet in outlets:
        children.setdefault(outlet.parent_id, []).append(outlet)

    def tree(parent_id, depth=0):
        for node in sorted(children.get(parent_id, []),
                           key=lambda n: (n.kind != LibraryKind.CENTRAL, n.closed is not None)):
            yield {"library": node, "depth": depth}
            yield from tree(node.pk, depth + 1)

    people = (Person.objects.visible_to(user).filter(library=library)
              .order_by(lt_order("last_name"), lt_order("first_name")))
    memberships = (Membership.objects.filter(library=library).select_related("user")
                   .order_by("role", lt_order("user__full_name")))
    return {
        "outlet_tree": list(tree(library.pk)),
        "open_outlets": sum(1 for o in outlets if o.is_open),
        "people": people,
        "memberships": memberships if user.sees_whole_territory else
        memberships.filter(user=user),
        "ancestors": _ancestors(library),
    }


def _ancestors(library: Library) -> list[Library]:
    chain = []
    node = library.parent
    while node is not None and len(chain) < 5:
        chain.append(node)
        node = node.parent
    return list(reversed(chain))


def municipality_list(queryset=None):
    """Municipalities with their library counts and population by year (newest first)."""
    latest = Prefetch("populations",
                      queryset=MunicipalityPopulation.objects.order_by("-year"))
    queryset = Municipality.objects.all() if queryset is None else queryset
    return (queryset.select_related("county")
            .annotate(library_count=Count("libraries", distinct=True),
                      school_count=Count("libraries", filter=Q(libraries__kind=LibraryKind.SCHOOL),
                                         distinct=True))
            .prefetch_related(latest).order_by(lt_order("name")))


# --- export rows ---------------------------------------------------------------------------

def library_rows(queryset):
    for library in queryset.select_related("parent", "municipality").order_by("code"):
        yield [library.code, library.name, library.kind,
               library.parent.code if library.parent else "",
               library.municipality.code if library.municipality else "",
               library.school_name, library.address, library.email, library.phone,
               library.opened, library.closed, library.company_code, library.director,
               library.website]


def municipality_rows(queryset):
    for municipality in queryset.select_related("county").prefetch_related(
            Prefetch("populations", queryset=MunicipalityPopulation.objects.order_by("year"))
    ).order_by("code"):
        populations = list(municipality.populations.all())
        if not populations:
            yield [municipality.code, municipality.name, municipality.county.name, None, None]
        for population in populations:
            yield [municipality.code, municipality.name, municipality.county.name,
                   population.year, population.population]


def person_rows(queryset):
    for person in queryset.select_related("library", "post").order_by("pk"):
        yield [person.pk, person.first_name, person.last_name, person.position,
               person.post.name if person.post else "",
               person.library.code if person.library else "", person.email, person.phone,
               person.education, person.works_since]


EXPORTS = {
    "libraries": (LIBRARY_COLUMNS, library_rows),
    "municipalities": (MUNICIPALITY_COLUMNS, municipality_rows),
    "people": (PERSON_COLUMNS, person_rows),
}


def export_rows(table: str, user=None):
    """Header and rows of one registry table (scoped when a user is given)."""
    columns, rows = EXPORTS[table]
    model = {"libraries": Library, "municipalities": Municipality, "people": Person}[table]
    queryset = model.objects.all()
    if user is not None and hasattr(queryset, "visible_to"):
        queryset = queryset.visible_to(user)
    return columns, rows(queryset)


def registry_version() -> str:
    """Changes whenever the registry does (any library, municipality, population or person
    added, changed or removed): the latest entry of their histories."""
    stamps = [model.history.aggregate(latest=Max("history_date"))["latest"]
              for model in (Library, Municipality, MunicipalityPopulation, Person)]
    return max((s.isoformat() for s in stamps if s), default="0")


def letterhead() -> dict:
    """The department's header: the regional (county) library of the registry, when there is
    one, with its address; and the department as the certificates name it."""
    county = (Library.objects.filter(kind=LibraryKind.COUNTY, closed__isnull=True)
              .order_by("pk").first())
    department = settings.TRAINING_ORGANISER
    return {
        "organisation": county.name if county else department,
        "department": department if county and county.name not in department else "",
        "address": county.address if county else "",
        "phone": county.phone if county else "",
        "email": county.email if county else "",
        "website": county.website if county else "",
    }


def scope_library_ids(scope) -> set[int] | None:
    """The libraries of a metric's scope (``portalas.metrics.Scope``): a municipality's, or a
    library with its outlets; None for the territory (every library)."""
    if scope is None or scope.level == "territory":
        return None
    if scope.level == "library":
        return {scope.library.pk} | descendant_ids([scope.library.pk])
    return set(Library.objects.filter(municipality=scope.municipality)
               .values_list("pk", flat=True))
