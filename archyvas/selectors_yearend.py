"""Reads of the year end: the years to close and the closed ones (with their files per
retention class), the files whose retention ended and wait for appraisal, the documents in
a file, an act's items, what an inventory lists and what the metric counts.

Dates: a file closes on the day its year is closed (``PlanFile.closed_on``), but its
retention is counted from 1 January of the year after the **plan's year** (the 2025 files,
closed on 2026-01-12 and kept 5 years, are kept until 2030-12-31 and wait for appraisal from
2031-01-01). ``archyvas.files_closed`` counts files by the day they closed."""

from collections import defaultdict
from datetime import date
from itertools import groupby

from django.db.models import Count, IntegerField, Max, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from archyvas.models import (
    ActStatus,
    Appraisal,
    DestructionAct,
    DestructionItem,
    FiledDocument,
    FilePlan,
    PlanFile,
    PlanStatus,
    RegisterEntry,
    RetentionClass,
)

__all__ = ["BLOCKING", "PENDING", "act_items", "appraisable", "blocking_items",
           "class_filter", "closed_years", "document_counts", "expired_by_year", "extended_end",
           "file_dates", "files_closed", "inventory_files", "with_document_counts",
           "years_to_close"]

#: An act still being prepared: its files are in no other act.
PENDING = (ActStatus.DRAFT, ActStatus.SUBMITTED)
#: The statuses of an act whose "destroy" items keep their files out of any other act.
BLOCKING = (ActStatus.DRAFT, ActStatus.SUBMITTED, ActStatus.APPROVED)


def class_filter(retention: str, prefix: str = "") -> Q:
    """The files of a retention class: permanent, long (more than 10 years), temporary."""
    if retention == RetentionClass.PERMANENT:
        return Q(**{f"{prefix}permanent": True})
    if retention == RetentionClass.LONG:
        return Q(**{f"{prefix}permanent": False, f"{prefix}retention_years__gt": 10})
    return Q(**{f"{prefix}permanent": False, f"{prefix}retention_years__lte": 10})


# --- documents in a file ---------------------------------------------------------------------

def _count_of(model):
    rows = (model.objects.filter(plan_file=OuterRef("pk")).order_by()
            .values("plan_file").annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def with_document_counts(queryset):
    """Files annotated with ``entry_count`` (registered documents) and ``filed_count``
    (documents filed from other apps)."""
    return queryset.annotate(entry_count=_count_of(RegisterEntry),
                             filed_count=_count_of(FiledDocument))


def document_counts(file_ids) -> dict[int, int]:
    """{file id: registered + filed documents} in two queries."""
    counts: dict[int, int] = defaultdict(int)
    for model in (RegisterEntry, FiledDocument):
        for row in (model.objects.filter(plan_file__in=list(file_ids)).order_by()
                    .values("plan_file").annotate(n=Count("pk"))):
            counts[row["plan_file"]] += row["n"]
    return counts


def file_dates(file_ids) -> dict[int, tuple[date, date]]:
    """{file id: (first date, last date)} of its documents: a registered document's
    registration and document dates, a filed document's date. Files without documents are
    left out."""
    found: dict[int, list[date]] = defaultdict(list)
    registered = (RegisterEntry.objects.filter(plan_file__in=list(file_ids)).order_by()
                  .values("plan_file")
                  .annotate(a=Min("registered_on"), b=Max("registered_on"),
                            c=Min("document_date"), d=Max("document_date")))
    for row in registered:
        found[row["plan_file"]] += [row[k] for k in "abcd" if row[k]]
    filed = (FiledDocument.objects.filter(plan_file__in=list(file_ids)).order_by()
             .values("plan_file").annotate(a=Min("document_date"), b=Max("document_date")))
    for row in filed:
        found[row["plan_file"]] += [row[k] for k in "ab" if row[k]]
    return {pk: (min(days), max(days)) for pk, days in found.items() if days}


def extended_end(retention_ends: date, years: int, on: date) -> date:
    """The new retention end of a file an appraisal on ``on`` keeps ``years`` longer: counted
    from the later of its old end and the end of the appraisal's year, so a file kept
    longer is never expired already (ended 2024-12-31, kept 3 more years on 2026-12-04:
    until 2029-12-31)."""
    return date(max(retention_ends.year, on.year) + years, 12, 31)


# --- the overview ------------------------------------------------------------------------------

def years_to_close(user, today: date) -> list[FilePlan]:
    """Approved plans not closed yet, oldest first; ``ended`` tells whether the year is over
    (only then may its files close)."""
    plans = list(FilePlan.objects.visible_to(user).filter(status=PlanStatus.APPROVED)
                 .annotate(file_count=Count("files")).order_by("year"))
    for plan in plans:
        plan.ended = plan.year < today.year
    return plans


def closed_years(user) -> list[FilePlan]:
    """Closed plans, newest first, with their files counted per retention class
    (``permanent_count``, ``long_count``, ``temporary_count``) and destroyed."""
    return list(FilePlan.objects.visible_to(user).filter(status=PlanStatus.CLOSED)
                .select_related("closed_by")
                .annotate(permanent_count=Count("files", filter=class_filter(
                              RetentionClass.PERMANENT, "files__")),
                          long_count=Count("files", filter=class_filter(
                              RetentionClass.LONG, "files__")),
                          temporary_count=Count("files", filter=class_filter(
                              RetentionClass.TEMPORARY, "files__")),
                          destroyed_count=Count("files", filter=Q(
                              files__destroyed_on__isnull=False)))
                .order_by("-year"))


# --- appraisal ---------------------------------------------------------------------------------

def blocking_items(file_ids, *, act=None):
    """Items of other acts that keep these files out of a new act: any item of an act being
    prepared, and a "destroy" item of an approved act (its files are being destroyed)."""
    items = (DestructionItem.objects.filter(plan_file__in=file_ids)
             .filter(Q(act__status__in=PENDING)
                     | Q(act__status=ActStatus.APPROVED, decision=Appraisal.DESTROY))
             .select_related("act"))
    if act is not None:
        items = items.exclude(act=act)
    return items


def expired_by_year(user, today: date) -> list[dict]:
    """The files whose retention ended before ``today`` and are not destroyed, by year
    (oldest first), each with its document counts and ``item``: the item of the act it is
    in (being prepared or approved), or None when it waits for appraisal. Four queries."""
    files = list(with_document_counts(PlanFile.objects.visible_to(user).expired(today))
                 .select_related("plan", "bdstr_item")
                 .order_by("plan__year", "position", "index", "pk"))
    items = {item.plan_file_id: item for item in blocking_items([f.pk for f in files])}
    for plan_file in files:
        plan_file.item = items.get(plan_file.pk)
    return [{"year": year, "files": list(group)}
            for year, group in groupby(files, key=lambda f: f.plan.year)]


def appraisable(user, today: date, *, act=None):
    """Expired files in no other act (being prepared, or approved to destroy): the files a
    new act (or ``act``) may take."""
    taken = blocking_items(PlanFile.objects.expired(today).values("pk"), act=act)
    return (with_document_counts(PlanFile.objects.visible_to(user).expired(today))
            .exclude(pk__in=taken.values("plan_file"))
            .select_related("plan", "bdstr_item")
            .order_by("plan__year", "position", "index", "pk"))


def act_items(act: DestructionAct) -> list[DestructionItem]:
    """The act's items in the act's order (year, index), each file with its documents
    counted (``entry_count``, ``filed_count``) and ``documents``: the count kept when the
    act was executed, else the count now."""
    items = list(act.items.select_related("plan_file__plan", "plan_file__bdstr_item")
                 .order_by("plan_file__plan__year", "plan_file__position",
                           "plan_file__index", "pk"))
    counts = document_counts([item.plan_file_id for item in items])
    for item in items:
        item.documents = (item.documents_count if item.documents_count is not None
                          else counts.get(item.plan_file_id, 0))
    return items


# --- inventories -------------------------------------------------------------------------------

def inventory_files(plan: FilePlan, retention: str) -> list[PlanFile]:
    """The files of a closed year in one retention class, in the plan's order, with their
    document counts and, for a destroyed file, the act (``destroyed_by``)."""
    files = list(with_document_counts(plan.files.filter(class_filter(retention)))
                 .select_related("bdstr_item").order_by("position", "index", "pk"))
    destroyed = {item.plan_file_id: item.act for item in DestructionItem.objects.filter(
        plan_file__in=[f.pk for f in files if f.destroyed_on], decision=Appraisal.DESTROY,
        act__status=ActStatus.EXECUTED).select_related("act")}
    for plan_file in files:
        plan_file.destroyed_by = destroyed.get(plan_file.pk)
    return files


# --- the metric ----------------------------------------------------------------------------------

def files_closed(period, scope=None):
    """Files of the department's plans that closed in the period. The files are the
    department's own: a municipality's or a library's scope has none."""
    if scope is not None and scope.level != "territory":
        return PlanFile.objects.none()
    return PlanFile.objects.filter(closed_on__gte=period.start, closed_on__lte=period.end)
