"""The one registry every app plugs into, filled by one discovery step.

At start-up ``discover()`` imports each installed app's ``panels``, ``reports`` and
``tasks`` modules (the way the admin discovers ``admin.py``); their declarations land here:

==========================  ================================================================
``nav_item``                an entry of the main menu, in a group of the charter's functions
``home_panel``              a card on the home page, for some roles
``object_panel``            a section on another app's object page (the library card, a
                            person's page, a training's page…), keyed by the model
``report_kind``             a kind of document: a parameter form, a builder, formats
``register_metric``         a named number for a period and a scope (the annual report)
``periodic_task``           a task Celery beat runs on a schedule
``annual_report_section``   a chapter of the Library's annual activity report
``personal_data``           what an app holds about a person: export and erase (GDPR)
``restricted_record``       records an erasure keeps under a legal retention period,
                            restricted (GDPR Art. 18) until the retention ends
``fileable_kind``           a kind of document the archive can file (a register entry)
``calendar_source``         dated entries for the territory's calendar
``digest_item``             news for the periodic digest (newsletter)
``notification_kind``       an e-mail a person may receive (one preferences page)
``value_suggestion``        a figure an app counts for an indicator of the statistics form,
                            offered to the librarian to confirm
==========================  ================================================================

Lower floors never import higher ones: a page shows another app's data only through
what that app registered here.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from portalas.metrics import FUNCTIONS, Metric

# --- the store ----------------------------------------------------------------------------


class Store:
    """Declarations of one kind, by name, in the order they arrived."""

    def __init__(self, what: str):
        self.what = what
        self._items: dict[str, object] = {}
        _stores.append(self)

    def add(self, name: str, item) -> None:
        self._items[name] = item  # a re-import (tests, autoreload) replaces, never doubles

    def get(self, name: str):
        try:
            return self._items[name]
        except KeyError:
            raise KeyError(f"no {self.what} named {name!r}") from None

    def all(self) -> list:
        return list(self._items.values())

    def __contains__(self, name: str) -> bool:
        return name in self._items


_discovered = False
_stores: list[Store] = []


def snapshot() -> list[dict]:
    """What every store holds now (for a test that installs an app and must leave the
    registry as it found it)."""
    return [dict(store._items) for store in _stores]


def restore(state: list[dict]) -> None:
    for store, items in zip(_stores, state, strict=True):
        store._items = dict(items)


def discover() -> None:
    """Import every app's ``panels``, ``reports`` and ``tasks`` module, once."""
    global _discovered
    if _discovered:
        return
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("panels", "reports", "tasks")
    _discovered = True


# --- menus and home page -------------------------------------------------------------------

# The charter's functions (SEED.md), in its order.
GROUPS = {
    "territory": _("Territory"),
    "planning": _("Planning and data"),
    "projects": _("Projects"),
    "training": _("Training and methodology"),
    "analysis": _("Research and analysis"),
    "publicity": _("Publicity and cooperation"),
    "general": _("Documents"),
    "admin": _("Administration"),
}


def _anyone(user) -> bool:
    return True


@dataclass(frozen=True)
class NavItem:
    group: str
    label: object
    url_name: str
    icon: str = "circle"
    order: int = 100
    allowed: Callable = _anyone


menu = Store("menu entry")


def nav_item(*, group: str, label, url_name: str, icon: str = "circle", order: int = 100,
             allowed: Callable = _anyone) -> NavItem:
    if group not in GROUPS:
        raise ValueError(f"Unknown navigation group {group!r}")
    item = NavItem(group, label, url_name, icon, order, allowed)
    menu.add(url_name, item)
    return item


def navigation_for(request) -> list[dict]:
    """The menu groups with the entries this person may open (a group with none is left
    out, so the menu shows only sections that exist)."""
    from django.urls import reverse

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    path = request.path
    groups = []
    for key, label in GROUPS.items():
        entries = []
        for item in sorted((i for i in menu.all() if i.group == key), key=lambda i: i.order):
            if not item.allowed(user):
                continue
            url = reverse(item.url_name)
            entries.append({"label": item.label, "url": url, "icon": item.icon,
                            "active": path.startswith(url)})
        if entries:
            groups.append({"key": key, "label": label, "items": entries,
                           "active": any(e["active"] for e in entries)})
    return groups


@dataclass(frozen=True)
class HomePanel:
    roles: frozenset
    template: str
    order: int
    context: Callable


home_panels = Store("home panel")


def home_panel(*, roles, template: str, order: int = 100):
    """``@home_panel(roles={Role.STAFF}, template=...)`` on ``function(request)`` returning
    the panel's context, or None to leave it out."""
    def register(function: Callable) -> Callable:
        home_panels.add(template, HomePanel(frozenset(roles), template, order, function))
        return function

    return register


def home_panels_for(request) -> list[dict]:
    shown = []
    for panel in sorted(home_panels.all(), key=lambda p: p.order):
        if request.user.role not in panel.roles:
            continue
        context = panel.context(request)
        if context is not None:
            shown.append({"template": panel.template, "context": context})
    return shown


# --- object panels: sections on another app's object page ----------------------------------

@dataclass(frozen=True)
class ObjectPanel:
    model: str          # "app_label.modelname"
    template: str
    order: int
    context: Callable


object_panels = Store("object panel")


def _model_label(model) -> str:
    if isinstance(model, str):
        return model.lower()
    return model._meta.label_lower


def object_panel(model, *, template: str, order: int = 100):
    """``@object_panel(Library, template=...)`` on ``function(request, obj)`` returning the
    section's context, or None to leave it out. The page of ``model`` shows it; ``"*"`` is
    every object page (the archive's "File it" on whatever a fileable kind describes)."""
    def register(function: Callable) -> Callable:
        object_panels.add(f"{_model_label(model)}:{template}",
                          ObjectPanel(_model_label(model), template, order, function))
        return function

    return register


def object_panels_for(request, obj) -> list[dict]:
    label = obj._meta.label_lower
    shown = []
    for panel in sorted((p for p in object_panels.all() if p.model in (label, "*")),
                        key=lambda p: p.order):
        context = panel.context(request, obj)
        if context is not None:
            shown.append({"template": panel.template, "context": context})
    return shown


# --- documents -------------------------------------------------------------------------------

OUTPUTS = {"document": ("pdf", "xlsx", "docx"), "rows": ("xlsx", "csv"), "files": ("zip",)}


@dataclass(frozen=True)
class ReportKind:
    """A kind of document. ``form`` (a ``portalas.forms.ReportParamsForm``) declares and
    checks its parameters within the requester's scope; ``build(params=..., user=...,
    progress=...)`` gets the form's cleaned data and returns a Document, Rows or Files
    (``output``); ``inputs(params)`` returns a short string that changes whenever the data
    the document shows change, so an unchanged finished document is handed out again."""

    name: str
    label: object
    build: Callable
    form: type | None = None
    output: str = "document"
    formats: tuple[str, ...] = ()
    staff_only: bool = False
    description: object = ""
    inputs: Callable | None = None
    # Who may see the kind's document once the archive files it (``FileableDocument
    # .audience``): "management" (staff and management), or "staff" for a secret one (a
    # jury's scores).
    archive_audience: str = "management"
    # Other names the kind answers to (``render_report annual_plan`` for
    # ``planavimas.plan``); jobs keep ``name``.
    aliases: tuple[str, ...] = ()


report_kinds = Store("report kind")
#: alias → the kind's own name
report_kind_aliases = Store("report kind alias")

#: Who may see a filed document besides staff: management too, or staff alone.
AUDIENCES = ("management", "staff")


def report_kind(name: str, *, label, form=None, output: str = "document", formats=(),
                staff_only: bool = False, description="", inputs=None,
                archive_audience: str = "management", aliases=()):
    if output not in OUTPUTS:
        raise ValueError(f"unknown output {output!r}")
    if archive_audience not in AUDIENCES:
        raise ValueError(f"unknown archive audience {archive_audience!r}")

    def register(build: Callable) -> Callable:
        for alias in aliases:
            if alias in report_kinds or (alias in report_kind_aliases
                                         and report_kind_aliases.get(alias) != name):
                raise ValueError(f"the alias {alias!r} names another report kind")
            report_kind_aliases.add(alias, name)
        report_kinds.add(name, ReportKind(
            name, label, build, form, output, tuple(formats) or OUTPUTS[output], staff_only,
            description, inputs, archive_audience, tuple(aliases)))
        return build

    return register


def kind(name: str) -> ReportKind:
    """The kind named ``name`` or one of its aliases (KeyError for neither)."""
    if name not in report_kinds and name in report_kind_aliases:
        name = report_kind_aliases.get(name)
    return report_kinds.get(name)


def kinds() -> list[ReportKind]:
    return sorted(report_kinds.all(), key=lambda k: k.name)


# --- metrics ---------------------------------------------------------------------------------

metric_store = Store("metric")


def register_metric(name: str, *, label_lt: str, label_en: str, function: str,
                    unit: str = "", value: Callable | None = None,
                    records: Callable | None = None, dimension: str = "", numerator: str = "",
                    denominator: str = "", scale=1, decimals: int = 0) -> Metric:
    """A named number ``app.name``: ``value(period, scope)`` (or a ratio of two metrics,
    ``numerator``/``denominator``), tagged with the charter ``function`` it measures."""
    if "." not in name:
        raise ValueError("Metric names are app.metric_name")
    if function not in FUNCTIONS:
        raise ValueError(f"unknown charter function {function!r}")
    if bool(numerator) != bool(denominator) or bool(numerator) == (value is not None):
        raise ValueError("a metric has either a value function or a numerator and a "
                         "denominator")
    item = Metric(name, label_lt, label_en, function, unit, value, records, dimension,
                  numerator, denominator, Decimal(scale), decimals)
    metric_store.add(name, item)
    return item


def metric(name: str) -> Metric:
    return metric_store.get(name)


def metrics(function: str | None = None) -> list[Metric]:
    found = sorted(metric_store.all(), key=lambda m: m.name)
    return [m for m in found if function is None or m.function == function]


# --- periodic tasks --------------------------------------------------------------------------

@dataclass(frozen=True)
class PeriodicTask:
    name: str
    task: str           # the Celery task's name, "app.tasks.function"
    schedule: object    # seconds, or a celery.schedules.crontab


periodic_tasks = Store("periodic task")


def periodic_task(name: str, *, task: str, schedule) -> PeriodicTask:
    item = PeriodicTask(name, task, schedule)
    periodic_tasks.add(name, item)
    return item


def beat_schedule() -> dict:
    """Celery beat's schedule, from what the apps declared."""
    discover()
    return {t.name: {"task": t.task, "schedule": t.schedule} for t in periodic_tasks.all()}


# --- stores the next apps fill ---------------------------------------------------------------

@dataclass(frozen=True)
class AnnualReportSection:
    """A chapter of the Library's annual activity report. ``build(year=..., user=...)``
    returns the chapter's sections (``ataskaitos.document.Section``) — text, facts, tables
    — counted from the app's own records, or [] when the app recorded nothing that year.
    The report places it in the chapter of its charter ``function``; an ``annex`` (the
    territory's key indicators) goes among the annexes instead."""

    key: str
    title: object
    function: str
    order: int
    build: Callable
    annex: bool = False


annual_report_sections = Store("annual report section")


def annual_report_section(key: str, *, title, function: str, order: int = 100,
                          annex: bool = False):
    if function not in FUNCTIONS:
        raise ValueError(f"unknown charter function {function!r}")

    def register(build: Callable) -> Callable:
        annual_report_sections.add(key, AnnualReportSection(key, title, function, order, build,
                                                            annex))
        return build

    return register


@dataclass(frozen=True)
class PersonalData:
    """What one app holds about a person. ``export(person)`` returns a list of
    {field: value} rows (for an Art. 15/20 export); ``erase(person)`` anonymises or deletes
    them and returns how many rows it changed (Art. 17)."""

    name: str
    label: object
    export: Callable
    erase: Callable
    # what the nightly retention run would remove now: a list of (label, count), for the
    # department's dry run (``None``: the app keeps nothing under a retention period)
    due: Callable | None = None
    # erasures run in this order (the stored documents last: the others restrict theirs)
    order: int = 100


personal_data_providers = Store("personal-data provider")


def personal_data(name: str, *, label, export: Callable, erase: Callable,
                  due: Callable | None = None, order: int = 100) -> PersonalData:
    item = PersonalData(name, label, export, erase, due, order)
    personal_data_providers.add(name, item)
    return item


@dataclass(frozen=True)
class RestrictedRecord:
    """Rows an erasure keeps, restricted (GDPR Art. 18), because a law keeps them for a
    retention period: ``model`` (``app.Model``) rows matching ``restricted`` (a dict of
    lookups) may still hold a name in ``fields``; only the department opens them, and the
    retention task erases them when ``until`` (a field name) has passed. The list of these
    declarations is the documented list of what an erasure does not remove at once."""

    name: str
    label: object
    model: str
    fields: tuple
    restricted: dict
    until: str = "restricted_until"


restricted_records = Store("restricted record")


def restricted_record(name: str, *, label, model: str, fields, restricted: dict,
                      until: str = "restricted_until") -> RestrictedRecord:
    item = RestrictedRecord(name, label, model, tuple(fields), dict(restricted), until)
    restricted_records.add(name, item)
    return item


@dataclass(frozen=True)
class FileableDocument:
    """One document a fileable kind offers the archive (``describe(obj, user)``).
    ``content()`` returns ``(file name, bytes)`` and is called only when the document is
    filed (the archive copies the bytes into its own storage). ``audience`` is who may see
    the filed copy besides staff: ``"management"`` (staff and management, e.g. a training's
    participant list) or ``"staff"`` (staff only, e.g. a jury's scores). ``subkind`` refines
    the kind for suggesting the file (the report kind of a report engine's document).
    ``key`` is the object's primary key as text (``str(obj.pk)``): the archive finds what it
    filed from an object by its model and that key, whoever looks."""

    key: str                    # the source's key within its model (a pk, a UUID)
    title: str
    date: object                # a date: the year of the plan it is filed into
    content: Callable
    audience: str = "staff"
    url: str = ""
    library: object = None
    subkind: str = ""


def _scoped_lookup(model: str, key: str, user):
    """The object of ``model`` with primary key ``key`` among those ``user`` may see, or
    None (an unknown or malformed key too)."""
    from django.apps import apps
    from django.core.exceptions import ValidationError

    manager = apps.get_model(model)._default_manager
    if not hasattr(manager, "visible_to"):
        return None
    try:
        return manager.visible_to(user).filter(pk=key).first()
    except (ValueError, TypeError, ValidationError):
        return None


@dataclass(frozen=True)
class FileableKind:
    """A kind of document the department's archive files: ``documents(year)`` yields the
    year's documents of that kind as dicts (title, date, url, library). With ``model``
    ("app_label.modelname") and ``describe(obj, user)`` — a ``FileableDocument``, or None
    when this object cannot be filed (yet) or not by this user — the page of such an object
    offers "File it". ``lookup(key, user)`` finds the object again from the key (default:
    ``model``'s ``visible_to(user)`` by primary key), so the archive never imports the app.
    A document without a page of its own (a project's contract) names the page that lists
    it: ``listed_on`` ("app_label.modelname") and ``listed(obj, user)``, the objects of
    ``model`` that page lists."""

    name: str
    label: object
    documents: Callable
    retention_hint: str = ""
    model: str = ""
    describe: Callable | None = None
    lookup: Callable | None = None
    listed_on: str = ""
    listed: Callable | None = None

    def find(self, key: str, user):
        """The object behind ``key`` as ``user`` may see it, or None."""
        if not self.model:
            return None
        if self.lookup is not None:
            return self.lookup(key, user)
        return _scoped_lookup(self.model, key, user)


fileable_kinds = Store("fileable document kind")


def fileable_kind(name: str, *, label, documents: Callable, retention_hint: str = "",
                  model: str = "", describe: Callable | None = None,
                  lookup: Callable | None = None, listed_on: str = "",
                  listed: Callable | None = None):
    if bool(model) != bool(describe):
        raise ValueError("a fileable kind names its model together with describe()")
    if bool(listed_on) != bool(listed) or (listed_on and not model):
        raise ValueError("a fileable kind listed on another page names that page's model "
                         "together with listed() and its own model")
    item = FileableKind(name, label, documents, retention_hint, model.lower(), describe,
                        lookup, listed_on.lower(), listed)
    fileable_kinds.add(name, item)
    return item


def fileable_kinds_for(obj) -> list[FileableKind]:
    """The fileable kinds that describe objects of ``obj``'s model."""
    label = obj._meta.label_lower
    return [item for item in fileable_kinds.all() if item.model == label]


def fileable_kinds_listed_on(obj) -> list[FileableKind]:
    """The fileable kinds whose documents ``obj``'s page lists (a project's contracts)."""
    label = obj._meta.label_lower
    return [item for item in fileable_kinds.all() if item.listed_on == label]


@dataclass(frozen=True)
class CalendarEntry:
    title: str
    start: object               # date or datetime
    end: object = None
    url: str = ""
    source: str = ""
    library: object = None


@dataclass(frozen=True)
class CalendarSource:
    """Dated entries for the territory's calendar: ``entries(start, end, user)`` returns
    ``CalendarEntry`` objects the user may see."""

    name: str
    label: object
    entries: Callable


calendar_sources = Store("calendar source")


def calendar_source(name: str, *, label, entries: Callable) -> CalendarSource:
    item = CalendarSource(name, label, entries)
    calendar_sources.add(name, item)
    return item


def calendar_entries(start, end, user) -> list[CalendarEntry]:
    found = []
    for source in calendar_sources.all():
        found += list(source.entries(start, end, user))
    return sorted(found, key=lambda e: (str(e.start), e.title))


@dataclass(frozen=True)
class DigestItem:
    """News for the digest: ``items(since, user)`` returns dicts (title, date, url, text)
    of what happened since a moment, as the user may see it."""

    name: str
    label: object
    items: Callable
    order: int = 100


digest_items = Store("digest item")


def digest_item(name: str, *, label, items: Callable, order: int = 100) -> DigestItem:
    item = DigestItem(name, label, items, order)
    digest_items.add(name, item)
    return item


@dataclass(frozen=True)
class NotificationKind:
    """An e-mail the portal sends, for one preferences page: whether people may turn it
    off (``optional``) and which roles receive it."""

    key: str
    label: object
    description: object = ""
    optional: bool = True
    roles: frozenset = field(default_factory=frozenset)


notification_kinds = Store("notification kind")


def notification_kind(key: str, *, label, description="", optional: bool = True,
                      roles=()) -> NotificationKind:
    item = NotificationKind(key, label, description, optional, frozenset(roles))
    notification_kinds.add(key, item)
    return item


@dataclass(frozen=True)
class ValueSuggestion:
    """A figure another app counts for an indicator of the statistics form (by its code),
    shown beside the field for the librarian to confirm — never written by itself.
    ``values(year, library_ids)`` returns {library_id: number} for the units asked, in a
    fixed number of queries."""

    indicator: str
    label: object
    values: Callable


value_suggestions = Store("value suggestion")


def value_suggestion(indicator: str, *, label, values: Callable) -> ValueSuggestion:
    item = ValueSuggestion(indicator, label, values)
    value_suggestions.add(indicator, item)
    return item
