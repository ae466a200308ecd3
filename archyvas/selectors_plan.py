"""Reads of the file plan area, for its pages and for the other areas of the archive:

- ``plan_for_year(year)``: the year's plan, or None;
- ``file_choices(year)``: the files documents may go into now (an approved plan's, not
  closed) as ``(pk, "7.12 Title")`` for a select;
- ``find_file(year, index)``: the year's file of that index (any status), or None;
- ``file_for_kind(year, kind, subkind)``: the open file whose document kinds name that kind
  (``ataskaitos.document:regional_analysis`` before ``ataskaitos.document``), for "File it";
- ``kind_choices()`` / ``kind_label(name)``: the document kinds a file may get, from the
  kit's registry (fileable kinds, and the report engine's kinds as
  ``ataskaitos.document:<kind>``);
- ``plan_files(plan, user)``: the plan's files with how many documents each holds;
- ``bdstr_table(items)``: the BDSTR items as the table the import reads back."""

import re
from datetime import date

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from archyvas.models import BdstrItem, FiledDocument, FilePlan, PlanFile, RegisterEntry

__all__ = ["DOCUMENT_KIND", "bdstr_choices", "bdstr_table", "file_choices", "file_for_kind",
           "find_file", "kind_choices", "kind_label", "natural_key", "next_plan_year",
           "plan_files", "plan_for_year", "with_counts"]

#: The fileable kind of the report engine's documents; its subkind is the report kind.
DOCUMENT_KIND = "ataskaitos.document"


def natural_key(code: str) -> tuple:
    """``7.2`` before ``7.10``: an index or an item's number by its numbers."""
    return tuple(int(part) if part.isdigit() else 0 for part in re.split(r"\.", code or ""))


def plan_for_year(year: int) -> FilePlan | None:
    return FilePlan.objects.filter(year=year).first()


def file_choices(year: int) -> list[tuple[int, str]]:
    """The files documents of ``year`` may be registered or filed into: those of the
    year's approved plan that are not closed, in the plan's order."""
    files = (PlanFile.objects.open_for_filing().filter(plan__year=year)
             .order_by("position", "index", "pk").values_list("pk", "index", "title"))
    return [(pk, f"{index} {title}") for pk, index, title in files]


def find_file(year: int, index: str) -> PlanFile | None:
    """The file of ``year``'s plan with that index (whatever the plan's status: the
    caller decides whether it takes documents)."""
    index = (index or "").strip()
    if not index:
        return None
    return PlanFile.objects.select_related("plan").filter(plan__year=year, index=index).first()


def file_for_kind(year: int, kind: str, subkind: str = "") -> PlanFile | None:
    """The open file of ``year`` that documents of ``kind`` (and ``subkind``) go into:
    one naming ``kind:subkind`` first, else one naming ``kind``; None when no file does."""
    wanted = [f"{kind}:{subkind}", kind] if subkind else [kind]
    files = list(PlanFile.objects.open_for_filing().filter(plan__year=year)
                 .order_by("position", "index", "pk"))
    for name in wanted:
        for plan_file in files:
            if name in (plan_file.kinds or []):
                return plan_file
    return None


def next_plan_year(today: date) -> int:
    """The year a new plan is most likely for: the latest plan's next year, or this year
    when there is none."""
    latest = FilePlan.objects.order_by("-year").values_list("year", flat=True).first()
    return latest + 1 if latest else today.year


# --- document kinds ---------------------------------------------------------------------------

def kind_choices(current=()) -> list:
    """Grouped choices: the fileable kinds, then the report engine's documents by report
    kind; a kind a file names that is no longer registered stays choosable (by its name)."""
    from portalas.ordering import sorted_lt
    from portalas.registry import fileable_kinds, kinds

    fileable = sorted_lt(((item.name, str(item.label)) for item in fileable_kinds.all()
                          if item.name != DOCUMENT_KIND), key=lambda pair: pair[1])
    reports = sorted_lt(((f"{DOCUMENT_KIND}:{item.name}", str(item.label))
                         for item in kinds()), key=lambda pair: pair[1])
    known = {name for name, _label in fileable + reports}
    groups = [(_("Records of the portal's apps"), fileable),
              (_("Documents of the report engine"), reports)]
    stale = [(name, name) for name in current if name not in known]
    if stale:
        groups.append((_("No longer in the portal"), stale))
    return [(label, choices) for label, choices in groups if choices]


def kind_label(name: str) -> str:
    from portalas.registry import fileable_kinds
    from portalas.registry import kind as report_kind

    if name.startswith(f"{DOCUMENT_KIND}:"):
        try:
            return str(report_kind(name.split(":", 1)[1]).label)
        except KeyError:
            return name
    if name in fileable_kinds:
        return str(fileable_kinds.get(name).label)
    return name


# --- a plan's files ---------------------------------------------------------------------------

def _count(queryset, field: str = "plan_file"):
    return Coalesce(Subquery(queryset.filter(**{field: OuterRef("pk")}).order_by()
                             .values(field).annotate(n=Count("pk")).values("n")[:1],
                             output_field=IntegerField()), Value(0))


def plan_files(plan: FilePlan, user) -> list[PlanFile]:
    """The plan's files in its order, each with ``registered`` and ``filed`` (the filed
    documents ``user`` may see)."""
    return list(plan.files.select_related("bdstr_item", "responsible").annotate(
        registered=_count(RegisterEntry.objects.all()),
        filed=_count(FiledDocument.objects.visible_to(user)),
    ).order_by("position", "index", "pk"))


def with_counts(plans, user) -> list[FilePlan]:
    """The plans (a queryset, evaluated here) with ``file_count``, ``registered_count`` and
    ``filed_count`` (the filed documents ``user`` may see). The documents are counted by two
    grouped queries over the listed plans, not a subquery per plan: a correlated count
    joined to the files read every entry once per plan (~0.5 s at national size)."""
    plans = list(plans.annotate(file_count=_count(PlanFile.objects.all(), "plan")))
    ids = [plan.pk for plan in plans]
    registered = _by_plan(RegisterEntry.objects.all(), ids)
    filed = _by_plan(FiledDocument.objects.visible_to(user), ids)
    for plan in plans:
        plan.registered_count = registered.get(plan.pk, 0)
        plan.filed_count = filed.get(plan.pk, 0)
    return plans


def _by_plan(queryset, plan_ids: list[int]) -> dict[int, int]:
    """How many rows of ``queryset`` (documents in a plan's file) each plan holds."""
    if not plan_ids:
        return {}
    return dict(queryset.filter(plan_file__plan__in=plan_ids).order_by()
                .values("plan_file__plan").annotate(n=Count("pk"))
                .values_list("plan_file__plan", "n"))


# --- BDSTR ------------------------------------------------------------------------------------

def bdstr_choices(current: BdstrItem | None = None) -> list:
    """The items in force (and the file's own, even if no longer in force), grouped by act,
    in the numbers' order."""
    items = list(BdstrItem.objects.filter(in_force=True))
    if current is not None and not current.in_force:
        items.append(current)
    groups: dict[str, list] = {}
    for item in sorted(items, key=lambda i: (i.act, natural_key(i.code))):
        groups.setdefault(item.act, []).append((item.pk, bdstr_label(item)))
    return list(groups.items())


def bdstr_label(item: BdstrItem) -> str:
    retention = pgettext("retention", "permanently") if item.permanent else \
        pgettext("retention", "%(years)s y.") % {"years": item.retention_years}
    text = f"{item.code} {item.title} ({retention})"
    return text if item.in_force else f"{text} – {_('not in force')}"


def bdstr_table(items) -> tuple[list[str], list[list]]:
    """The header and rows of the BDSTR items as the import reads them back: the act,
    the item, the documents, the retention (``nuolat`` or years), the note, in force
    (``taip``/``ne``). The column names and words are the table format's, not the
    interface's, so a file imports back whatever language it was exported in."""
    from archyvas.services_plan_bdstr import BDSTR_COLUMNS

    header = [names[0] for names in BDSTR_COLUMNS.values()]
    rows = [[item.act, item.code, item.title,
             "nuolat" if item.permanent else item.retention_years, item.note,
             "taip" if item.in_force else "ne"]
            for item in sorted(items, key=lambda i: (i.act, natural_key(i.code)))]
    return header, rows
