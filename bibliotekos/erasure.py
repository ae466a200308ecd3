"""Cutting a person out of stored data (GDPR Art. 17): the helpers every app's
personal-data provider uses (``portalas.registry.personal_data``) to find the texts that
name a person, cut them out of free-text columns (rows and history), rename stored files
whose name holds them, and write export rows."""

import re
from datetime import date, datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import get_valid_filename

# what a name cut out of a text reads as (stored data, not interface text)
ERASED_TEXT = "[ištrinta]"
ERASED_FILE_TEXT = "istrinta"


def needle_pattern(needles) -> re.Pattern | None:
    """One case-insensitive pattern for all the texts (longest first, so a full name is cut
    whole before a shorter text inside it)."""
    texts = sorted({text for text in needles if text}, key=len, reverse=True)
    if not texts:
        return None
    return re.compile("|".join(re.escape(text) for text in texts), re.IGNORECASE)


def free_text_fields(model) -> list[str]:
    """The columns a person may be named in: text columns that are not a choice (a choice
    names nobody) and not the primary key. A historical model's file columns are text
    columns too (the stored name)."""
    return [field.name for field in model._meta.concrete_fields
            if isinstance(field, (models.CharField, models.TextField))
            and not field.choices and not field.primary_key]


def naming(model, fields, needles) -> Q:
    """Rows of ``model`` whose ``fields`` contain any of the texts (any case)."""
    found = Q(pk__in=[])
    for field in fields:
        for text in needles:
            found |= Q(**{f"{field}__icontains": text})
    return found


def scrub_texts(app_models, needles) -> int:
    """Cut every identifying text out of every free-text column of the models' rows (history
    models included when listed), leaving ``[ištrinta]``. Plain UPDATEs: no new history
    row, no changed timestamp. Returns how many rows changed."""
    pattern = needle_pattern(needles)
    if pattern is None:
        return 0
    changed = 0
    for model in app_models:
        fields = free_text_fields(model)
        if not fields:
            continue
        manager = model._base_manager
        for row in manager.filter(naming(model, fields, needles)).values("pk", *fields):
            changes = {}
            for name in fields:
                value = row[name]
                if value and pattern.search(value):
                    limit = model._meta.get_field(name).max_length
                    changes[name] = pattern.sub(ERASED_TEXT, value)[:limit or None]
            if changes:
                changed += manager.filter(pk=row["pk"]).update(**changes)
    return changed


def file_name_texts(needles) -> list[str]:
    """The texts as an uploaded file's name holds them (spaces become underscores)."""
    texts = set()
    for text in needles:
        texts |= {text, text.replace(" ", "_"), get_valid_filename(text)}
    return sorted(text for text in texts if text)


def rename_files(model, field: str, needles) -> int:
    """Stored files whose name holds an identifying text are stored again under a name
    without it (the content stays: the file is the record's, not the person's); the rows and
    their history follow. Returns how many rows changed."""
    texts = file_name_texts(needles)
    pattern = needle_pattern(texts)
    if pattern is None:
        return 0
    changed = 0
    for row in model._base_manager.filter(naming(model, [field], texts)).exclude(**{field: ""}):
        stored = getattr(row, field)
        old = stored.name
        new = pattern.sub(ERASED_FILE_TEXT, old)
        if stored.storage.exists(old):
            with stored.storage.open(old) as content:
                new = stored.storage.save(new, content)
            stored.storage.delete(old)
        changed += model._base_manager.filter(pk=row.pk).update(**{field: new})
        history = getattr(model, "history", None)
        if history is not None:
            history.filter(**{field: old}).update(**{field: new})
    history = getattr(model, "history", None)
    if history is not None:                 # earlier files, replaced since
        for entry in history.filter(naming(history.model, [field], texts)):
            history.filter(pk=entry.pk).update(
                **{field: pattern.sub(ERASED_FILE_TEXT, getattr(entry, field))})
            changed += 1
    return changed


def delete_files(queryset, field: str) -> None:
    """Delete the stored files of the rows (the rows themselves are the caller's)."""
    for row in queryset.exclude(**{field: ""}):
        getattr(row, field).delete(save=False)


def app_models(label: str) -> list:
    """Every model of an app, its history models included."""
    from django.apps import apps

    return list(apps.get_app_config(label).get_models())


def identifying_texts(person) -> list[str]:
    from bibliotekos.services import identifying_texts as texts

    return texts(person)


def account_of(person):
    return getattr(person, "user", None)


def plain(value):
    """A value as an export row holds it: times local and dates as ISO text, numbers that
    are not whole as text, nothing as an empty text."""
    if isinstance(value, datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return ""
    return value if isinstance(value, (bool, int, str)) else str(value)


def rows(record: str, queryset, fields) -> list[dict]:
    """Export rows: ``record`` says what each is, the fields their values."""
    return [{"record": record, **{name: plain(value) for name, value in values.items()}}
            for values in queryset.values(*fields)]


def history_rows(record: str, queryset, fields) -> list[dict]:
    return rows(record, queryset.order_by("history_date", "history_id"),
                ("history_date", "history_type", *fields))
