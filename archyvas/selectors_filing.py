"""Reads of the filing area: the files a document of a year may be filed into, the file its
kind suggests, what was filed from an object, and the filed copy's source.

The archive knows the other apps only through the kit's fileable kinds
(``portalas.registry.fileable_kind``): a kind's model and ``describe``, its ``find`` for the
object behind a key. A document is filed from an object under the object's model and key
(``str(obj.pk)``), so the filed copy is found again with one query, whoever looks."""

import datetime

from django.utils import timezone

from archyvas.models import FiledDocument, PlanFile
from portalas.registry import FileableKind, fileable_kinds


def as_date(value) -> datetime.date:
    """A described document's date as a day (a moment is the day it was in Lithuania)."""
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def open_files(year: int) -> list[PlanFile]:
    """The open files of ``year``'s approved plan (not closed), in the plan's order: what a
    document dated in ``year`` may be filed into. One query. (The plan area's
    ``file_choices`` gives the same files as pairs for a select; "File it" needs the files
    themselves, to suggest one by their document kinds without another query.)"""
    return list(PlanFile.objects.open_for_filing().filter(plan__year=year)
                .select_related("plan").order_by("position", "index", "pk"))


def suggested_file(files, kind: str, subkind: str = "") -> PlanFile | None:
    """The file whose ``kinds`` names ``kind:subkind``, else the one naming ``kind``, else
    none (the first such file in the plan's order)."""
    wanted = [f"{kind}:{subkind}"] if subkind else []
    wanted.append(kind)
    for name in wanted:
        for plan_file in files:
            if name in (plan_file.kinds or []):
                return plan_file
    return None


def file_label(plan_file: PlanFile) -> str:
    """"7.12 Analitinės ataskaitos (nuolat)": a choice in a select."""
    return f"{plan_file.index} {plan_file.title} ({plan_file.retention_label})"


def filed_copies(user, model: str, keys) -> dict[str, FiledDocument]:
    """The filed copies of ``model``'s objects with ``keys`` that ``user`` may see, by key.
    One query (none without keys)."""
    keys = [str(key) for key in keys]
    if not keys:
        return {}
    found = (FiledDocument.objects.visible_to(user)
             .filter(source_model=model, source_key__in=keys)
             .select_related("plan_file__plan"))
    return {document.source_key: document for document in found}


def filed_from(model: str, key: str) -> FiledDocument | None:
    """Whatever was filed from the object (the archive's own check, whoever asks)."""
    return (FiledDocument.objects.filter(source_model=model, source_key=str(key))
            .select_related("plan_file__plan").first())


def fileable_kind_or_none(name: str) -> FileableKind | None:
    """A fileable kind that can file an object (it has a model and ``describe``)."""
    if name not in fileable_kinds:
        return None
    kind = fileable_kinds.get(name)
    return kind if kind.model and kind.describe is not None else None


def kind_label(name: str, subkind: str = "") -> str:
    """The kind's name as people read it; a report engine's document with its report kind
    ("Documents of the report engine: Regional analysis")."""
    from portalas.registry import kind as report_kind

    if name not in fileable_kinds:
        return name
    kind = fileable_kinds.get(name)
    label = str(kind.label)
    if subkind and kind.model == "ataskaitos.reportjob":
        try:
            return f"{label}: {report_kind(subkind).label}"
        except KeyError:
            return label
    return label


def source_of(document: FiledDocument, user):
    """The object the copy was filed from, while it exists and ``user`` sees it; else
    None."""
    kind = fileable_kind_or_none(document.kind)
    if kind is None or kind.model != document.source_model:
        return None
    return kind.find(document.source_key, user)
