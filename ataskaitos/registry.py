"""Report kinds and named metrics, declared by apps in their ``reports.py``.

    @report_kind("bibliotekos.library_card", label=_("Library card"), params=["library"])
    def library_card(job, user, progress) -> Document: ...

    metric("statistika.reports_submitted", label_lt=..., label_en=..., unit="",
           value=lambda year, library: ..., records=lambda year, library: queryset)
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import get_language

FORMATS = ("pdf", "xlsx", "docx")


@dataclass(frozen=True)
class ReportKind:
    name: str
    label: object
    build: Callable
    params: tuple[str, ...] = ()
    formats: tuple[str, ...] = FORMATS
    staff_only: bool = False
    description: object = ""
    inputs: Callable | None = None   # params → a string that changes when the data do
    check: Callable | None = None    # (params, user) → raises when the user may not have it


@dataclass(frozen=True)
class Metric:
    name: str
    label_lt: str
    label_en: str
    unit: str
    _value: Callable
    _records: Callable | None = field(default=None)

    @property
    def label(self) -> str:
        return self.label_en if (get_language() or "lt").startswith("en") else self.label_lt

    def value(self, year: int, library=None):
        """The number for a year, for the territory (``library`` None) or one library."""
        return self._value(year, library)

    def records(self, year: int, library=None):
        """The records the number counts (a queryset), or None when it is not a count."""
        return self._records(year, library) if self._records else None


_kinds: dict[str, ReportKind] = {}
_metrics: dict[str, Metric] = {}


def report_kind(name: str, *, label, params=(), formats=FORMATS, staff_only=False,
                description="", inputs=None, check=None):
    """Declare a kind of document. ``inputs(params)`` returns a short string that changes
    whenever the data the document shows change (a statistics version, the registry's last
    change); with it a finished document is handed out again instead of rendered anew.
    Without it every request after the last one finished renders again. ``check(params,
    user)`` looks the document's object up within the user's scope and raises (not found,
    permission denied) when it is not theirs, so a request for another library's document
    is refused at once, not failed later by the worker."""
    def register(build: Callable) -> Callable:
        _kinds[name] = ReportKind(name, label, build, tuple(params), tuple(formats),
                                  staff_only, description, inputs, check)
        return build

    return register


def register_metric(name: str, *, label_lt: str, label_en: str, unit: str = "", value,
                    records=None) -> Metric:
    if "." not in name:
        raise ValueError("Metric names are app.metric_name")
    _metrics[name] = Metric(name, label_lt, label_en, unit, value, records)
    return _metrics[name]


def kind(name: str) -> ReportKind:
    return _kinds[name]


def kinds() -> list[ReportKind]:
    return sorted(_kinds.values(), key=lambda k: k.name)


def metric(name: str) -> Metric:
    return _metrics[name]


def metrics() -> list[Metric]:
    return sorted(_metrics.values(), key=lambda m: m.name)
