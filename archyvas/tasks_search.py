"""Reading the text of the archive's stored documents for search (``archyvas.text``).

A service that stores a PDF or DOCX marks its text WAITING and calls ``queue_text(record)``:
after the transaction commits, ``extract_text(model_label, pk)`` runs on a worker (in the
calling process when no broker is configured, as the project's Celery config does). The
task takes the record's key only, reads the stored bytes, and records the text with the
status DONE, FAILED (an encrypted or damaged file: never an exception) or NONE (nothing
stored any more: destroyed by an act). It is idempotent: a record no longer waiting is left
alone, and the result is written only if the record still holds the file that was read (a
file replaced meanwhile is read by its own task). Every 15 minutes
``sweep_waiting_texts`` queues the records still waiting, so a lost message never leaves
a document unsearchable.

Nightly, ``release_restrictions`` ends the restrictions of the archive's records kept after
a person's erasure whose retention ended (``archyvas.personal_data_retention``)."""

import logging

from celery import shared_task
from celery.schedules import crontab
from django.db import transaction

from archyvas.models import FiledDocument, RegisterEntry, StoredFile, TextStatus
from archyvas.text import READABLE_KINDS, UnreadableDocument
from archyvas.text import extract_text as read_text
from portalas.registry import periodic_task

logger = logging.getLogger("regionas.archive")

__all__ = ["MODELS", "SWEEP_BATCH", "extract_now", "extract_text", "queue_text",
           "release_restrictions", "sweep_waiting_texts"]

#: The records whose text is read, by model label.
MODELS = {model._meta.label_lower: model for model in (RegisterEntry, FiledDocument)}
#: How many waiting records of each model one sweep queues.
SWEEP_BATCH = 200

periodic_task("archive-text-sweep", task="archyvas.tasks_search.sweep_waiting_texts",
              schedule=crontab(minute="*/15"))
periodic_task("archive-personal-data-retention",
              task="archyvas.tasks_search.release_restrictions",
              schedule=crontab(hour=3, minute=50))


def _stored_bytes(record: StoredFile) -> bytes | None:
    """The record's bytes, or None when nothing is stored (destroyed, never uploaded, or
    missing from storage)."""
    if not record.has_file:
        return None
    stored = record.file
    if not stored.storage.exists(stored.name):
        return None
    with stored.storage.open(stored.name, "rb") as handle:
        return handle.read()


def extract_now(model_label: str, pk: int) -> str:
    """Read the record's text in this process; the status it ends with ("" when the record
    is gone, or was not waiting: someone else read it)."""
    model = MODELS.get(model_label)
    if model is None:
        raise ValueError(f"no archive record model {model_label!r}")
    record = (model._base_manager.filter(pk=pk, text_status=TextStatus.WAITING)
              .only("pk", "file", "file_kind", "sha256", "text_status", "file_destroyed_on")
              .first())
    if record is None:
        return ""
    data = _stored_bytes(record)
    text, status = "", TextStatus.NONE
    if data is not None and record.file_kind in READABLE_KINDS:
        try:
            text, status = read_text(data, record.file_kind), TextStatus.DONE
        except UnreadableDocument as error:
            status = TextStatus.FAILED
            logger.warning("archive text of %s %s not read: %s", model_label, pk, error)
    # Only if it still holds the file read (a file replaced meanwhile waits for its task).
    written = model._base_manager.filter(pk=pk, text_status=TextStatus.WAITING,
                                         sha256=record.sha256).update(text=text,
                                                                      text_status=status)
    if not written:
        return ""
    logger.info("archive text of %s %s: %s, %s characters", model_label, pk, status, len(text))
    return status


@shared_task(name="archyvas.tasks_search.extract_text", acks_late=True,
             reject_on_worker_lost=True, soft_time_limit=150, time_limit=180)
def extract_text(model_label: str, pk: int) -> str:
    """Read one record's text (see the module). Takes the model's label and the key only."""
    return extract_now(model_label, pk)


def _send(model_label: str, pk: int) -> None:
    # the broker down, or the eager run failed: the sweep tries again
    try:
        extract_text.delay(model_label, pk)
    except Exception:  # noqa: BLE001
        logger.exception("archive text of %s %s not queued; the sweep will", model_label, pk)


def queue_text(record: StoredFile) -> None:
    """After the current transaction commits, read the text of ``record`` if it waits."""
    if record.pk is None or record.text_status != TextStatus.WAITING:
        return
    label, pk = record._meta.label_lower, record.pk
    transaction.on_commit(lambda: _send(label, pk))


@shared_task(name="archyvas.tasks_search.sweep_waiting_texts")
def sweep_waiting_texts(batch: int = SWEEP_BATCH) -> int:
    """Queue the texts still waiting (the oldest first, ``batch`` of each model). Queuing
    one twice does no harm: the task reads a record once. Returns how many were queued."""
    queued = 0
    for label, model in MODELS.items():
        waiting = list(model._base_manager.filter(text_status=TextStatus.WAITING)
                       .order_by("pk").values_list("pk", flat=True)[:batch])
        for pk in waiting:
            _send(label, pk)
        queued += len(waiting)
    if queued:
        logger.info("archive text sweep: %s queued", queued)
    return queued


@shared_task(name="archyvas.tasks_search.release_restrictions")
def release_restrictions() -> int:
    """Nightly: the restricted records whose retention ended and whose file is destroyed
    name nobody any more (counts only in the log)."""
    from archyvas.personal_data_retention import release_expired

    released = release_expired()
    logger.info("archive restrictions released: %s", released)
    return released
