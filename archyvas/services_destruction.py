"""The destruction an approved act orders: every registered and filed document of its
"destroy" files loses its stored file (the row is kept, marked with the day and the act),
the files are marked destroyed and the act executed (``execute_act``, run by
``tasks_yearend.destroy_files``; see ``services_yearend`` for the act's way there)."""

import logging
from datetime import date, datetime, time

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from archyvas import selectors_yearend as selectors
from archyvas.models import (
    ActStatus,
    Appraisal,
    DestructionAct,
    DestructionItem,
    FiledDocument,
    RegisterEntry,
    TextStatus,
)
from archyvas.storage import delete_stored

logger = logging.getLogger("regionas.archive")

__all__ = ["DESTROY_BATCH", "execute_act"]


def _saved(act: DestructionAct, by, fields=("status",)) -> DestructionAct:
    """The row as stored, with a history entry naming who changed it."""
    act = DestructionAct.objects.get(pk=act.pk)
    act._history_user = by
    act.save(update_fields=list(fields))
    return act


# --- the destruction -----------------------------------------------------------------------------

#: Documents with a stored file destroyed per transaction (their files deleted, then the rows
#: marked): a crash loses at most one batch's marks, which the next run redoes.
DESTROY_BATCH = 500


def _marks(model, act: DestructionAct, today: date, now: datetime) -> dict:
    """What a destroyed document's row gets: the day and the act, no text; a registered
    document's version moves on (an edit form open on it is refused)."""
    marks = {"file_destroyed_on": today, "destruction_act": act, "text": "",
             "text_status": TextStatus.NONE}
    if model is RegisterEntry:
        marks.update(version=F("version") + 1, updated_at=now)
    return marks


def _mark_without_file(model, file_ids: list[int], act: DestructionAct, today: date) -> int:
    """The documents of the files that have no stored file (most of them): one UPDATE and
    their history rows, in one transaction; how many."""
    pending = model.objects.filter(plan_file__in=file_ids, file_destroyed_on=None, file="")
    with transaction.atomic():
        pks = list(pending.select_for_update().order_by("pk").values_list("pk", flat=True))
        if not pks:
            return 0
        pending.update(**_marks(model, act, today, timezone.now()))
        for start in range(0, len(pks), DESTROY_BATCH):
            records = model.objects.filter(pk__in=pks[start:start + DESTROY_BATCH]).defer("text")
            model.history.bulk_history_create(list(records), batch_size=DESTROY_BATCH,
                                              update=True, default_user=act.approved_by)
    return len(pks)


def _destroy_stored(model, file_ids: list[int], act: DestructionAct, today: date) -> int:
    """The documents of the files with a stored file: by batches, each in its own
    transaction, the files deleted from storage, then the rows marked (with history); how
    many. A file already gone from storage (a run that crashed before its commit) is fine."""
    pks = list(model.objects.filter(plan_file__in=file_ids, file_destroyed_on=None)
               .exclude(file="").order_by("pk").values_list("pk", flat=True))
    fields = ["file", "text", "text_status", "file_destroyed_on", "destruction_act"]
    if model is RegisterEntry:
        fields += ["version", "updated_at"]
    done = 0
    for start in range(0, len(pks), DESTROY_BATCH):
        with transaction.atomic():
            records = list(model.objects.select_for_update().defer("text").filter(
                pk__in=pks[start:start + DESTROY_BATCH], file_destroyed_on=None))
            now = timezone.now()
            for record in records:
                delete_stored(record)
                record.file_destroyed_on = today
                record.destruction_act = act
                if model is RegisterEntry:
                    record.version += 1
                    record.updated_at = now
            bulk_update_with_history(records, model, fields, batch_size=DESTROY_BATCH,
                                     default_user=act.approved_by)
        done += len(records)
    return done


def execute_act(act_pk: int, *, today: date | None = None) -> DestructionAct | None:
    """Destroy an approved act's "destroy" files: every registered and filed document's
    stored file deleted (its row kept, marked with the day and the act), the file marked
    destroyed with its documents counted, the act executed. Safe to run twice or after a
    crash halfway: what is done is skipped. The documents without a stored file are marked
    by one UPDATE, those with one by batches (``DESTROY_BATCH``), each with a history row
    naming the approver."""
    act = DestructionAct.objects.select_related("approved_by").filter(pk=act_pk).first()
    if act is None or act.status != ActStatus.APPROVED:
        return act
    today = today or timezone.localdate()
    items = list(act.items.filter(decision=Appraisal.DESTROY).select_related("plan_file"))
    file_ids = [item.plan_file_id for item in items]
    marked = deleted = 0
    for model in (RegisterEntry, FiledDocument):
        marked += _mark_without_file(model, file_ids, act, today)
        stored = _destroy_stored(model, file_ids, act, today)
        marked += stored
        deleted += stored
    counts = selectors.document_counts(file_ids)
    at = timezone.now() if today == timezone.localdate() else timezone.make_aware(
        datetime.combine(today, time(12)))
    with transaction.atomic():
        moved = DestructionAct.objects.filter(pk=act.pk, status=ActStatus.APPROVED).update(
            status=ActStatus.EXECUTED, executed_at=at, version=F("version") + 1)
        if moved != 1:
            return DestructionAct.objects.get(pk=act.pk)
        for item in items:
            item.documents_count = counts.get(item.plan_file_id, 0)
            plan_file = item.plan_file
            plan_file.destroyed_on = today
            plan_file._history_user = act.approved_by
            plan_file.save(update_fields=["destroyed_on", "updated_at"])
        DestructionItem.objects.bulk_update(items, ["documents_count"])
        act = _saved(act, act.approved_by, ("status", "executed_at"))
    logger.info("destruction act %s executed: %s documents marked, %s stored files deleted in "
                "%s files", act.pk, marked, deleted, len(items))
    return act
