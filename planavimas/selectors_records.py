"""The records behind an indicator's actual value: what the metric it is linked to counts
(``portalas.registry.metric(name).records(period, scope)``), territory-wide, from 1 January
of the plan's year to a day — so each number of the report can be traced to the trainings,
consultations, projects… it counts.

The metric's app decides what its records are; this module only lists them: within what
the reader may see (``visible_to``, where the records have it), a page at a time, each as
its name, its date (when its model has an obvious one) and its page (when it has one)."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Page, Paginator
from django.db import models

from planavimas import tree
from planavimas.models import Indicator

__all__ = ["PER_PAGE", "Records", "countable_metric", "indicator_records"]

PER_PAGE = 50

#: Date fields that say when a record happened, in the order they are preferred.
DATE_FIELDS = ("starts_on", "held_on", "visit_on", "issued_on", "given_on", "signed_on",
               "submitted_on", "decided_on", "published_on", "registered_on", "adopted_on",
               "done_on", "closed_on", "answered_at", "opens_on", "starts_at", "date", "day",
               "submitted_at")


@dataclass
class Row:
    text: str
    day: date | None = None
    url: str = ""


@dataclass
class Records:
    """The records on one page, with how many there are in all and the metric's value."""

    metric: object
    start: date
    end: date
    count: int
    value: str | None
    page: Page
    rows: list[Row] = field(default_factory=list)
    date_label: str = ""

    @property
    def matches(self) -> bool:
        """Whether the value is the number of these records (a count, seen in full)."""
        found = tree.number(self.value)
        return found is not None and found == self.count


def countable_metric(indicator: Indicator):
    """The metric the indicator is linked to, when it lists the records it counts (not a
    ratio, not broken down); None otherwise."""
    from portalas.registry import discover, metric

    if not indicator.metric:
        return None
    discover()
    try:
        found = metric(indicator.metric)
    except KeyError:
        return None
    if found.count_records is None or found.is_ratio or found.dimension:
        return None
    return found


def _date_field(model) -> models.Field | None:
    for name in DATE_FIELDS:
        try:
            found = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if isinstance(found, models.DateField):      # a DateTimeField is one too
            return found
    return None


def _day(value) -> date | None:
    if value is None:
        return None
    if hasattr(value, "tzinfo"):                     # a datetime: the day in Vilnius
        from django.utils import timezone

        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def indicator_records(indicator: Indicator, *, year: int, user, until: date | None = None,
                      page: int | str = 1) -> Records | None:
    """The records the indicator's metric counts from 1 January of ``year`` to ``until``
    (default 31 December), those ``user`` may see, ``page`` of them (50 a page); None when
    the indicator has no countable metric or the metric gives no records."""
    from portalas.metrics import Period, Scope

    found = countable_metric(indicator)
    if found is None:
        return None
    start, end = date(year, 1, 1), until or date(year, 12, 31)
    queryset = found.records(Period.between(start, end), Scope.territory())
    if queryset is None or not hasattr(queryset, "model"):
        return None
    if hasattr(queryset, "visible_to"):
        queryset = queryset.visible_to(user)
    day_field = _date_field(queryset.model)
    if not queryset.query.combinator:
        # a record's name and page often name what it belongs to (a library, an event):
        # one query for the page, not one per row
        queryset = queryset.select_related(*[
            f.name for f in queryset.model._meta.concrete_fields
            if f.many_to_one or f.one_to_one])
    if not queryset.ordered:
        queryset = queryset.order_by(*([day_field.name] if day_field else []), "pk")
    paginator = Paginator(queryset, PER_PAGE)
    current = paginator.get_page(page)
    rows = []
    for obj in current.object_list:
        url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
        rows.append(Row(str(obj), _day(getattr(obj, day_field.name)) if day_field else None,
                        url or ""))
    value = tree.metric_value(found.name, start, end)
    return Records(metric=found, start=start, end=end, count=paginator.count, value=value,
                   page=current, rows=rows,
                   date_label=str(day_field.verbose_name) if day_field else "")
