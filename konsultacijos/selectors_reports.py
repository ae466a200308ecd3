"""Reads behind the consultations' figures: what the metrics count (for a period and a
scope), the overview page's totals and tables, the summary document and the annual report's
chapter. One definition each, so the page, the metrics and the documents cannot disagree.

Every read takes a ``base`` queryset: the user's visible records for a page or a document
(``Model.objects.visible_to(user)``), every record for a metric. The period and the scope
(the territory, a municipality, a library with its outlets) narrow it down."""

import statistics
from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from bibliotekos.models import Library
from bibliotekos.selectors import scope_library_ids
from konsultacijos.models import (
    Channel,
    Consultation,
    FieldVisit,
    Question,
    QuestionStatus,
    VisitAction,
    VisitStatus,
)
from portalas.metrics import Period, Scope
from portalas.numbers import rounded
from portalas.ordering import sorted_lt
from portalas.workdays import working_days_between

#: The topic of advice on projects (charter function 2.2), as the starting list names it;
#: a consultation linked to a project counts as project advice whatever its topic.
PROJECT_TOPIC = "Projektai"


# --- the scope ---------------------------------------------------------------------------------

def in_scope(records, scope: Scope | None, path: str = "library"):
    """Records of the scope: the territory all; a municipality those of its libraries; a
    library those of the library and its outlets. ``path`` leads to the record's library."""
    if scope is None or scope.level == "territory":
        return records
    if scope.level == "municipality":
        return records.filter(**{f"{path}__municipality": scope.municipality})
    return records.filter(**{f"{path}__in": scope_library_ids(scope)})


def _days(field_name: str, period: Period) -> dict:
    return {f"{field_name}__range": (period.start, period.end)}


def _moments(field_name: str, period: Period) -> dict:
    """A datetime field within the period's days, in the portal's time zone (bounds the
    index can use, not ``__date``)."""
    zone = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(period.start, time.min), zone)
    end = timezone.make_aware(datetime.combine(period.end + timedelta(days=1), time.min), zone)
    return {f"{field_name}__gte": start, f"{field_name}__lt": end}


# --- what the metrics count --------------------------------------------------------------------

def consultations(period: Period, scope: Scope | None = None, *, base=None):
    """Consultations given in the period (by their date)."""
    records = Consultation.objects.all() if base is None else base
    return in_scope(records.filter(**_days("held_on", period)), scope)


def project_consultations(period: Period, scope: Scope | None = None, *, base=None):
    """Advice on projects (charter function 2.2): consultations about a project — linked to
    one, or on the topic of projects."""
    return consultations(period, scope, base=base).filter(
        Q(project__isnull=False) | Q(topic__name__iexact=PROJECT_TOPIC))


def visits_made(period: Period, scope: Scope | None = None, *, base=None):
    """Methodological field visits that took place in the period and were reported."""
    records = FieldVisit.objects.all() if base is None else base
    return in_scope(records.filter(status=VisitStatus.REPORTED, **_days("visit_on", period)),
                    scope)


def visits_planned(period: Period, scope: Scope | None = None, *, base=None):
    """Visits planned for a day of the period and not reported (nor cancelled) yet."""
    records = FieldVisit.objects.all() if base is None else base
    return in_scope(records.filter(status=VisitStatus.PLANNED, **_days("visit_on", period)),
                    scope)


def actions_completed(period: Period, scope: Scope | None = None, *, base=None):
    """Agreed actions marked done on a day of the period (whenever they were agreed)."""
    records = VisitAction.objects.all() if base is None else base
    return in_scope(records.filter(**_days("done_on", period)), scope, "visit__library")


def questions_asked(period: Period, scope: Scope | None = None, *, base=None):
    records = Question.objects.all() if base is None else base
    return in_scope(records.filter(**_moments("created_at", period)), scope)


def questions_answered(period: Period, scope: Scope | None = None, *, base=None):
    """Questions answered in the period (whenever they were asked)."""
    records = Question.objects.all() if base is None else base
    return in_scope(records.filter(status=QuestionStatus.ANSWERED,
                                   **_moments("answered_at", period)), scope)


def minutes_of(records) -> int:
    return records.aggregate(minutes=Sum("minutes"))["minutes"] or 0


def hours_of_minutes(minutes: int) -> Decimal:
    """Hours as the figures show them: minutes ÷ 60, to a tenth (half up)."""
    return rounded(Decimal(minutes or 0) / 60, 1)


def hours(period: Period, scope: Scope | None = None) -> Decimal:
    """Time spent on the period's consultations, in hours (exact; shown to a tenth)."""
    return Decimal(minutes_of(consultations(period, scope))) / 60


def count_by_topic(period: Period, scope: Scope | None = None) -> dict:
    """{topic name: consultations} for the topics with any, in the topics' order."""
    return {row["name"]: row["count"] for row in by_topic(consultations(period, scope))}


def count_by_channel(period: Period, scope: Scope | None = None) -> dict:
    """{channel: consultations} for the channels with any, in the channels' order."""
    return {str(row["label"]): row["count"]
            for row in by_channel(consultations(period, scope)) if row["count"]}


# --- answer times ------------------------------------------------------------------------------

def answer_days(questions) -> list[int]:
    """Working days from asking to answering, one per answered question (asked on Friday,
    answered on Monday: 1)."""
    zone = timezone.get_current_timezone()
    days = []
    for asked, answered in questions.filter(answered_at__isnull=False).values_list(
            "created_at", "answered_at"):
        days.append(working_days_between(timezone.localtime(asked, zone).date(),
                                          timezone.localtime(answered, zone).date()))
    return days


def median_answer_days(questions) -> Decimal | None:
    """The median answer time in working days (to a tenth); None when none was answered."""
    days = answer_days(questions)
    return rounded(Decimal(str(statistics.median(days))), 1) if days else None


# --- tables by one dimension (of a consultation queryset already in period and scope) ------

def _with_hours(row: dict) -> dict:
    row["hours"] = hours_of_minutes(row.pop("minutes"))
    return row


def by_topic(records) -> list[dict]:
    """Per topic with consultations: count and hours, in the topics' order."""
    rows = (records.order_by().values("topic_id", "topic__name", "topic__order")
            .annotate(count=Count("pk"), minutes=Sum("minutes")))
    rows = sorted(rows, key=lambda r: (r["topic__order"], r["topic__name"]))
    return [_with_hours({"pk": r["topic_id"], "name": r["topic__name"], "count": r["count"],
                         "minutes": r["minutes"]}) for r in rows]


def by_channel(records) -> list[dict]:
    """Every channel in its order (none left out, so a chart compares like with like)."""
    found = {r["channel"]: r for r in records.order_by().values("channel").annotate(
        count=Count("pk"), minutes=Sum("minutes"))}
    return [_with_hours({"value": channel.value, "label": channel.label,
                         "count": found.get(channel.value, {}).get("count", 0),
                         "minutes": found.get(channel.value, {}).get("minutes", 0)})
            for channel in Channel]


def roots_of(library_ids) -> dict[int, int]:
    """{library: the top of its tree} — the system an outlet belongs to, or the library
    itself when it belongs to none (a school library)."""
    parents = dict(Library.objects.filter(parent__isnull=False).values_list("pk", "parent_id"))
    found = {}
    for pk in library_ids:
        top, seen = pk, set()
        while top in parents and top not in seen:
            seen.add(top)
            top = parents[top]
        found[pk] = top
    return found


def by_library(records, limit: int | None = None) -> list[dict]:
    """Per library with its outlets (a system counts its branches' consultations; a school
    library its own), most consultations first — as the consultation list filters a
    library."""
    counted = list(records.order_by().values("library_id")
                   .annotate(count=Count("pk"), minutes=Sum("minutes")))
    roots = roots_of(row["library_id"] for row in counted)
    totals: dict[int, dict] = {}
    for row in counted:
        into = totals.setdefault(roots[row["library_id"]], {"count": 0, "minutes": 0})
        into["count"] += row["count"]
        into["minutes"] += row["minutes"] or 0
    names = {pk: (name, place or "") for pk, name, place in Library.objects.filter(
        pk__in=totals).values_list("pk", "name", "municipality__name")}
    rows = [_with_hours({"pk": pk, "name": names[pk][0], "municipality": names[pk][1],
                         **figures}) for pk, figures in totals.items()]
    rows = sorted_lt(rows, key=lambda r: r["name"])
    rows.sort(key=lambda r: -r["count"])
    return rows[:limit] if limit else rows


def by_municipality(records) -> list[dict]:
    """Per municipality of the library consulted, in Lithuanian order (libraries with no
    municipality last)."""
    rows = (records.order_by().values("library__municipality_id", "library__municipality__name")
            .annotate(count=Count("pk"), minutes=Sum("minutes")))
    rows = [_with_hours({"pk": r["library__municipality_id"],
                         "name": r["library__municipality__name"] or "",
                         "count": r["count"], "minutes": r["minutes"]}) for r in rows]
    return (sorted_lt([r for r in rows if r["pk"]], key=lambda r: r["name"])
            + [r for r in rows if not r["pk"]])


def by_staff(records) -> list[dict]:
    """Per staff member who gave the consultations, most first."""
    rows = (records.order_by().values("staff_member_id", "staff_member__full_name",
                                      "staff_member__email")
            .annotate(count=Count("pk"), minutes=Sum("minutes")))
    rows = sorted_lt(rows, key=lambda r: r["staff_member__full_name"]
                     or r["staff_member__email"])
    rows.sort(key=lambda r: -r["count"])
    return [_with_hours({"pk": r["staff_member_id"],
                         "name": r["staff_member__full_name"] or r["staff_member__email"],
                         "count": r["count"], "minutes": r["minutes"]}) for r in rows]


def by_month(records, year: int) -> list[dict]:
    """The twelve months of ``year`` (those without consultations too)."""
    found = {r["month"]: r for r in records.filter(held_on__year=year).order_by()
             .annotate(month=ExtractMonth("held_on")).values("month")
             .annotate(count=Count("pk"), minutes=Sum("minutes"))}
    return [_with_hours({"month": month, "start": date(year, month, 1),
                         "end": date(year, month, monthrange(year, month)[1]),
                         "count": found.get(month, {}).get("count", 0),
                         "minutes": found.get(month, {}).get("minutes", 0)})
            for month in range(1, 13)]


# --- the whole picture -------------------------------------------------------------------------

@dataclass
class Figures:
    """Everything the overview page and the summary document show for a period and a scope,
    as one user may see it (or as the records are, for the annual report)."""

    period: Period
    totals: dict = field(default_factory=dict)
    topics: list = field(default_factory=list)
    channels: list = field(default_factory=list)
    months: list = field(default_factory=list)
    municipalities: list = field(default_factory=list)
    libraries: list = field(default_factory=list)
    staff: list = field(default_factory=list)
    visits: list = field(default_factory=list)


def visible(user) -> dict:
    """The base querysets of one user: what they may see."""
    if user is None:
        return {"consultations": None, "visits": None, "actions": None, "questions": None}
    return {"consultations": Consultation.objects.visible_to(user),
            "visits": FieldVisit.objects.visible_to(user),
            "actions": VisitAction.objects.visible_to(user),
            "questions": Question.objects.visible_to(user)}


def figures(period: Period, scope: Scope | None = None, *, user=None,
            visit_rows: bool = False, today: date | None = None) -> Figures:
    """The totals and the tables for the period and the scope: what ``user`` may see, or
    every record when ``user`` is None. A fixed number of queries whatever the data."""
    today = today or timezone.localdate()
    base = visible(user)
    records = consultations(period, scope, base=base["consultations"])
    summed = records.aggregate(count=Count("pk"), minutes=Sum("minutes"))
    visits = in_scope((FieldVisit.objects.all() if base["visits"] is None
                       else base["visits"]).filter(**_days("visit_on", period)), scope)
    visit_counts = visits.aggregate(
        made=Count("pk", filter=Q(status=VisitStatus.REPORTED)),
        planned=Count("pk", filter=Q(status=VisitStatus.PLANNED)))
    actions = in_scope(VisitAction.objects.all() if base["actions"] is None
                       else base["actions"], scope, "visit__library")
    of_visits = Q(visit__status=VisitStatus.REPORTED,
                  visit__visit_on__range=(period.start, period.end))
    action_counts = actions.aggregate(
        completed=Count("pk", filter=Q(done_on__range=(period.start, period.end))),
        agreed=Count("pk", filter=of_visits),
        open=Count("pk", filter=of_visits & Q(done_on__isnull=True)),
        overdue=Count("pk", filter=of_visits & Q(done_on__isnull=True, due_on__lt=today)))
    asked = questions_asked(period, scope, base=base["questions"]).count()
    answered = questions_answered(period, scope, base=base["questions"])
    days = answer_days(answered)
    out = Figures(period=period)
    out.totals = {
        "consultations": summed["count"], "minutes": summed["minutes"] or 0,
        "libraries": records.order_by().values("library_id").distinct().count(),
        "hours": hours_of_minutes(summed["minutes"]),
        "visits_made": visit_counts["made"], "visits_planned": visit_counts["planned"],
        "actions_completed": action_counts["completed"],
        "actions_agreed": action_counts["agreed"], "actions_open": action_counts["open"],
        "actions_overdue": action_counts["overdue"],
        "questions_asked": asked, "questions_answered": len(days),
        "median_answer_days": (rounded(Decimal(str(statistics.median(days))), 1)
                               if days else None),
    }
    out.topics = by_topic(records)
    out.channels = by_channel(records)
    year = period.whole_year
    out.months = by_month(records, year) if year else []
    out.municipalities = by_municipality(records)
    out.libraries = by_library(records)
    out.staff = by_staff(records)
    if visit_rows:
        out.visits = list(
            visits_made(period, scope, base=base["visits"])
            .select_related("library").annotate(
                agreed=Count("actions"),
                done=Count("actions", filter=Q(actions__done_on__isnull=False)))
            .order_by("visit_on", "pk"))
    return out
