"""Periods, scopes and metrics: named numbers other apps declare and the annual report,
the dashboards and the documents read.

A metric answers ``value(period, scope)`` — a year, a quarter or a date range; the
territory, a municipality or one library — optionally broken down by one dimension (a
topic, a channel). A ratio is declared as a numerator and a denominator metric, so at any
scope it is the sum of numerators over the sum of denominators, never an average of
ratios. Every metric is tagged with the charter function (SEED.md) it measures.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portalas.numbers import divide

# The charter's functions (shared/SEED.md), for tagging metrics and annual-report sections;
# the labels are shown (the plan's choice of a metric, the annual report's annexes).
FUNCTIONS = {
    "1.1": _("Collect and systematise activity data"),
    "1.2": _("Annual activity plan and report"),
    "2.1": _("Projects and programmes"),
    "2.2": _("Advice on projects"),
    "2.3": _("Publicity of activities and partners"),
    "3.1": _("Trainings, internships, seminars"),
    "3.2": _("Methodological advice"),
    "4.1": _("Activity data analysed"),
    "4.2": _("Analytical reports"),
    "4.3": _("User-needs research"),
    "5.1": _("Publicity of the department and libraries"),
    "5.2": _("Cooperation with partners"),
    "5.3": _("Commissions and working groups"),
    "5.4": _("National and international working groups"),
    "5.5": _("Good practice"),
    "5.6": _("Evaluations and awards"),
    "6.1": _("Documentation and archive"),
    "6.2": _("Public procurement documents"),
    "6.3": _("Assignments of management"),
}


@dataclass(frozen=True)
class Period:
    """A span of days, both ends included."""

    start: date
    end: date

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("a period cannot end before it starts")

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> "Period":
        if quarter not in (1, 2, 3, 4):
            raise ValueError("a quarter is 1–4")
        start = date(year, 3 * quarter - 2, 1)
        following = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
        return cls(start, following - timedelta(days=1))

    @classmethod
    def between(cls, start: date, end: date) -> "Period":
        return cls(start, end)

    @property
    def whole_year(self) -> int | None:
        """The year when the period is exactly one calendar year (annual statistics only
        answer those)."""
        if (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31) \
                and self.start.year == self.end.year:
            return self.start.year
        return None

    def __str__(self) -> str:
        year = self.whole_year
        return str(year) if year else f"{self.start.isoformat()}–{self.end.isoformat()}"


@dataclass(frozen=True)
class Scope:
    """Where a figure is counted: the territory, a municipality or one library (a system
    with its outlets)."""

    level: str = "territory"           # territory | municipality | library
    municipality: object = None
    library: object = None

    @classmethod
    def territory(cls) -> "Scope":
        return cls()

    @classmethod
    def of_municipality(cls, municipality) -> "Scope":
        return cls("municipality", municipality=municipality)

    @classmethod
    def of_library(cls, library) -> "Scope":
        return cls("library", library=library)

    def __str__(self) -> str:
        return str(self.library or self.municipality or "territory")


@dataclass(frozen=True)
class Metric:
    """A named number. ``value(period, scope)`` returns a number (or None: not defined);
    with a ``dimension`` it returns {category: number}. ``records(period, scope)`` returns
    the queryset the number counts, where it is a count. A ratio has no function of its
    own: ``numerator`` and ``denominator`` name two metrics."""

    name: str
    label_lt: str
    label_en: str
    function: str
    unit: str = ""
    compute: Callable | None = None
    count_records: Callable | None = None
    dimension: str = ""
    numerator: str = ""
    denominator: str = ""
    scale: Decimal = Decimal(1)        # 100 for a percentage ratio
    decimals: int = 0

    @property
    def label(self) -> str:
        return self.label_en if (get_language() or "lt").startswith("en") and self.label_en \
            else self.label_lt

    @property
    def is_ratio(self) -> bool:
        return bool(self.numerator)

    def value(self, period: Period, scope: Scope | None = None):
        scope = scope or Scope.territory()
        if self.is_ratio:
            from portalas.registry import metric

            top = metric(self.numerator).value(period, scope)
            bottom = metric(self.denominator).value(period, scope)
            if isinstance(top, dict) or isinstance(bottom, dict):
                raise TypeError("a ratio divides two plain metrics")
            result = divide(top, bottom)
            return None if result is None else result * self.scale
        return self.compute(period, scope)

    def records(self, period: Period, scope: Scope | None = None):
        if self.count_records is None:
            return None
        return self.count_records(period, scope or Scope.territory())


@dataclass
class MetricValue:
    """One metric's value with what it was computed for (for tables and the annual report)."""

    metric: Metric
    period: Period
    scope: Scope
    value: object = None
    by: dict = field(default_factory=dict)
