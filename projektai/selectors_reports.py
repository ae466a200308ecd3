"""Reads behind the projects' figures: what the metrics count (for a period and a scope),
the overview page's tables and the annual report's chapter. One definition each, so the
page, the metrics and the documents cannot disagree."""

from decimal import Decimal

from django.db.models import Count, Q, Sum

from bibliotekos.models import Library
from bibliotekos.selectors import scope_library_ids
from portalas.metrics import Period, Scope
from portalas.ordering import sorted_lt
from projektai.models import (
    DECIDED_GRANTED,
    Project,
    ProjectPartner,
    ProjectStatus,
)

# A project that got its money and has started: it runs (or ran) on its dates.
RUNNING_STATUSES = (ProjectStatus.RUNNING, ProjectStatus.REPORTING, ProjectStatus.CLOSED,
                    ProjectStatus.SUSTAINABILITY)


# --- the scope of a metric -------------------------------------------------------------------


def in_scope(projects, scope: Scope):
    """Projects of the scope: the territory counts every project; a municipality or a
    library the projects its libraries own or are partners in."""
    ids = scope_library_ids(scope)
    if ids is None:
        return projects
    partner_of = ProjectPartner.objects.filter(library_id__in=ids).values("project_id")
    return projects.filter(Q(owner_library_id__in=ids) | Q(pk__in=partner_of))


# --- what the metrics count --------------------------------------------------------------------

def submitted(period: Period, scope: Scope):
    """Applications submitted in the period (whatever became of them since)."""
    return in_scope(Project.objects.filter(submitted_on__range=(period.start, period.end)),
                    scope)


def _decided(period: Period, scope: Scope):
    return in_scope(Project.objects.filter(decided_on__range=(period.start, period.end)), scope)


def granted(period: Period, scope: Scope):
    """Funders' decisions to grant made in the period."""
    return _decided(period, scope).filter(status__in=DECIDED_GRANTED)


def rejected(period: Period, scope: Scope):
    return _decided(period, scope).filter(status=ProjectStatus.REJECTED)


def running(period: Period, scope: Scope):
    """Projects that ran at some time of the period: granted and started (running,
    reporting, closed or in the sustainability period) with dates overlapping it."""
    return in_scope(Project.objects.filter(
        status__in=RUNNING_STATUSES, starts_on__lte=period.end).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=period.start)), scope)


def library_projects(period: Period, scope: Scope):
    """The territory libraries' own projects submitted in the period."""
    return submitted(period, scope).filter(owner_library__municipality__in_territory=True)


def partner_libraries(period: Period, scope: Scope):
    """Territory libraries (within the scope) that are partners of a project running in
    the period."""
    libraries = Library.objects.filter(
        municipality__in_territory=True,
        project_partnerships__project__in=running(period, Scope.territory()))
    ids = scope_library_ids(scope)
    if ids is not None:
        libraries = libraries.filter(pk__in=ids)
    return libraries.distinct()


def total(projects, field: str) -> Decimal:
    return projects.aggregate(total=Sum(field))["total"] or Decimal("0")


def funds_attracted(period: Period, scope: Scope) -> Decimal:
    return total(granted(period, scope), "granted_amount")


def funds_requested(period: Period, scope: Scope) -> Decimal:
    return total(submitted(period, scope), "requested_amount")


# --- the overview page -----------------------------------------------------------------------

def success_totals(rows: list[dict]) -> dict:
    """The sum of ``services.success_by_year`` rows, with the rate over all of them."""
    keys = ("submitted", "granted", "rejected", "pending")
    out = {key: sum(row[key] for row in rows) for key in keys}
    out["requested"] = sum((row["requested"] for row in rows), Decimal("0"))
    out["attracted"] = sum((row["attracted"] for row in rows), Decimal("0"))
    out["rate"] = ((Decimal(out["granted"]) / out["submitted"] * 100).quantize(Decimal("0.1"))
                   if out["submitted"] else None)
    return out


def by_status(projects) -> list[dict]:
    """Every status in the pipeline's order (withdrawn last) with its count."""
    counts = dict(projects.order_by().values_list("status").annotate(n=Count("pk")))
    return [{"status": status, "label": status.label, "count": counts.get(status.value, 0)}
            for status in ProjectStatus]


def by_programme(projects) -> list[dict]:
    """Per funder's programme: projects and the sum granted, in Lithuanian order."""
    rows = (projects.order_by().values("programme__name")
            .annotate(count=Count("pk"),
                      granted=Count("pk", filter=Q(status__in=DECIDED_GRANTED)),
                      attracted=Sum("granted_amount", filter=Q(status__in=DECIDED_GRANTED))))
    return sorted_lt([{"name": r["programme__name"], "count": r["count"],
                       "granted": r["granted"], "attracted": r["attracted"] or Decimal("0")}
                      for r in rows], key=lambda r: r["name"])


def libraries_by_municipality(projects) -> list[dict]:
    """The territory libraries' own projects per municipality: all, submitted, granted and
    the sum granted."""
    rows = (projects.of_libraries().order_by()
            .values("owner_library__municipality__name")
            .annotate(count=Count("pk"),
                      submitted=Count("pk", filter=Q(submitted_on__isnull=False)),
                      granted=Count("pk", filter=Q(status__in=DECIDED_GRANTED)),
                      attracted=Sum("granted_amount", filter=Q(status__in=DECIDED_GRANTED))))
    return sorted_lt([{"municipality": r["owner_library__municipality__name"] or "",
                       "count": r["count"], "submitted": r["submitted"],
                       "granted": r["granted"], "attracted": r["attracted"] or Decimal("0")}
                      for r in rows], key=lambda r: r["municipality"])
