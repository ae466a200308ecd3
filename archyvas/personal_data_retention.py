"""The end of the archive's restrictions (GDPR Art. 18; ``archyvas.personal_data`` decides
what is restricted): until when the law keeps a registered or filed document, and the
nightly run (``archyvas.tasks_search.release_restrictions``) that, once that day has passed
and a destruction act has deleted the document's file, replaces what named the erased
person with ``[ištrinta]`` and lifts the restriction."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from archyvas.models import FiledDocument, RegisterEntry, TextStatus
from bibliotekos.erasure import ERASED_TEXT

__all__ = ["ENTRY_RECORD", "FILED_RECORD", "RECORDS", "due", "kept_until", "release_expired",
           "restrict"]

#: What was registered or filed: kept while the record is restricted.
ENTRY_RECORD = ("correspondent", "their_number", "title", "text", "file_name", "file")
FILED_RECORD = ("title", "text", "file_name", "file")
RECORDS = ((RegisterEntry, ENTRY_RECORD), (FiledDocument, FILED_RECORD))
#: Of those, what is replaced by ``[ištrinta]`` when the restriction ends.
REPLACED = ("correspondent", "their_number", "title")


def kept_until(record, today):
    """Whether the law keeps ``record`` (registered or filed) now, and until when: (True, the
    file's retention end), (True, None) in a file kept permanently, (False, None) in no file
    or once the retention ended and its file is destroyed."""
    plan_file = record.plan_file
    if plan_file is None:
        return False, None
    if plan_file.permanent:
        return True, None
    ends = plan_file.retention_ends or plan_file.retention_end_for(plan_file.plan.year)
    if ends < today and not record.has_file:
        return False, None
    return True, ends


def restrict(model, ids, until, today) -> int:
    """Restrict the records ``ids`` (and their earlier versions) until ``until`` (None: for
    ever), from ``today`` unless they already were."""
    changed = 0
    for manager in (model._base_manager, model.history.model._base_manager):
        manager.filter(id__in=ids, restricted_on=None).update(restricted_on=today)
        changed += manager.filter(id__in=ids).update(restricted_until=until)
    return changed


def _expired(model, today):
    return model._base_manager.filter(restricted_on__isnull=False, restricted_until__lt=today)


def release_expired(today=None) -> int:
    """The nightly run: restricted records whose file's retention ended and whose stored file
    a destruction act has deleted name the person no more (what was registered or filed
    becomes ``[ištrinta]``, the text and file name go, in the rows and their history) and are
    restricted no more. A file kept longer by its appraisal keeps its records restricted
    until its new end. Idempotent; returns how many records were released."""
    today = today or timezone.localdate()
    released = 0
    for model, record_fields in RECORDS:
        history = model.history.model
        for record in _expired(model, today).select_related("plan_file__plan"):
            keep, until = kept_until(record, today)
            if keep:
                if until != record.restricted_until:
                    restrict(model, [record.pk], until, today)
                continue
            for table, key in ((model, "pk"), (history, "id")):
                found = table._base_manager.filter(**{key: record.pk})
                for name in REPLACED:
                    if name in record_fields:
                        found.exclude(**{name: ""}).update(**{name: ERASED_TEXT})
                blank = {"file_name": "", "file": "", "restricted_on": None,
                         "restricted_until": None}
                if table is model:
                    blank.update(text="", text_status=TextStatus.NONE)
                found.update(**blank)
            released += 1
    return released


def due() -> list:
    """The dry run of the department's personal-data page: what tonight's run releases, and
    what waits for a destruction act to delete its file first."""
    today = timezone.localdate()
    waiting = sum(_expired(model, today).exclude(file="").filter(file_destroyed_on=None)
                  .count() for model, _fields in RECORDS)
    total = sum(_expired(model, today).count() for model, _fields in RECORDS)
    return [(_("Restricted archive documents whose retention ended (released tonight)"),
             total - waiting),
            (_("Restricted archive documents whose retention ended, waiting for a destruction "
               "act"), waiting)]
