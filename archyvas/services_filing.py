"""Writes of the filing area: filing another app's document into a file of the plan, and
moving a filed document to another file of the same year.

- ``file_document`` asks the kind to describe the object again (who may file it, whether
  it can be filed now), refuses a file outside an approved, not closed plan (a closed year
  takes nothing more), a file of another year than the document's date, and a document
  filed already (saying where); then it copies the document's bytes into the archive's own
  storage (checked by content), so the source deleting its file (the report engine after
  its retention days) leaves the copy whole. The checks run before the bytes are made (a
  rendered PDF takes a moment) and again with the plan's and the file's rows locked, so a
  year closed at the same moment takes nothing; a second filing at the same moment meets
  the database's one-copy constraint and is refused. A refused filing leaves no bytes
  behind. Text extraction is queued after the commit.
- ``move_filed`` moves a filed document to another open file of the same year: a
  conditional UPDATE from the file the user saw, so two moves at once move it once.

Only staff file and move (``PermissionDenied`` for anyone else); ``Refused`` (a
``ValidationError``) says why the rules do not allow it."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from archyvas import storage
from archyvas.models import (
    Audience,
    FiledDocument,
    FilePlan,
    PlanFile,
    PlanStatus,
    may_manage,
)
from archyvas.selectors_filing import as_date, filed_from
from portalas.registry import FileableKind, fileable_kinds

logger = logging.getLogger("regionas.archive")


class Refused(ValidationError):
    """A filing the rules do not allow; ``code`` says what kind (``closed``, ``draft``,
    ``file_closed``, ``year``, ``filed``, ``unavailable``, ``file``, ``moved``, ``same``)."""

    def __init__(self, message, code=None, params=None):
        super().__init__(message, code=code, params=params)
        self.code = code


def _require_staff(user) -> None:
    if user is None or not may_manage(user):
        raise PermissionDenied


def where_filed(document: FiledDocument) -> str:
    """"7.12 Analitinės ataskaitos (2026)"."""
    plan_file = document.plan_file
    return f"{plan_file.index} {plan_file.title} ({plan_file.plan.year})"


def _takes_documents(plan_file: PlanFile, plan: FilePlan) -> None:
    """Refused unless ``plan_file`` is open in an approved plan."""
    if plan.status == PlanStatus.CLOSED:
        raise Refused(_("The year %(year)s is closed: nothing more is filed into its files.")
                      % {"year": plan.year}, code="closed")
    if plan.status != PlanStatus.APPROVED:
        raise Refused(_("The file plan of %(year)s is not approved yet: documents are filed "
                        "into an approved plan's files.") % {"year": plan.year}, code="draft")
    if plan_file.closed_on is not None:
        raise Refused(_("The file %(index)s is closed: nothing more is filed into it.")
                      % {"index": plan_file.index}, code="file_closed")


def _locked_file(plan_file: PlanFile) -> tuple[PlanFile, FilePlan]:
    """The file and its plan, both rows locked until the transaction ends (closing the
    year locks the plan too, so the two do not cross)."""
    plan = FilePlan.objects.select_for_update().get(pk=plan_file.plan_id)
    locked = PlanFile.objects.select_for_update().get(pk=plan_file.pk)
    locked.plan = plan
    return locked, plan


def _kind(kind) -> FileableKind:
    return fileable_kinds.get(kind) if isinstance(kind, str) else kind


def _already_filed(found: FiledDocument) -> Refused:
    return Refused(_("This document is already filed in %(file)s.")
                   % {"file": where_filed(found)}, code="filed")


def _queue_text(document: FiledDocument) -> None:
    """Text extraction for search, queued for after the commit (the search area's task,
    when it is there)."""
    try:
        from archyvas.tasks_search import queue_text
    except ImportError:
        return
    queue_text(document)


def _may_take(plan_file: PlanFile, plan: FilePlan, document_date, model: str,
              key: str) -> None:
    """Refused unless ``plan_file`` takes the document: open in an approved plan of the
    document's year, and the document not filed yet."""
    _takes_documents(plan_file, plan)
    if plan.year != document_date.year:
        raise Refused(
            _("The document is dated %(date)s: it is filed into a file of the "
              "%(document_year)s plan, not of %(year)s.")
            % {"date": document_date.isoformat(), "document_year": document_date.year,
               "year": plan.year}, code="year")
    found = filed_from(model, key)
    if found is not None:
        raise _already_filed(found)


def file_document(*, kind, obj, plan_file: PlanFile, by, note: str = "") -> FiledDocument:
    """File ``obj``'s document (of the fileable ``kind``) into ``plan_file``: a copy of its
    bytes in the archive's storage, with who may see it, its library, subkind and the
    source's page."""
    _require_staff(by)
    kind = _kind(kind)
    if not kind.model or kind.describe is None or obj._meta.label_lower != kind.model:
        raise Refused(_("This kind of document cannot be filed from here."),
                      code="unavailable")
    described = kind.describe(obj, by)
    if described is None:
        raise Refused(_("This document cannot be filed now (it is not finished, or its file "
                        "is no longer kept)."), code="unavailable")
    document_date = as_date(described.date)
    # who may see the copy: what the source allowed; anything else, staff alone
    audience = described.audience if described.audience in Audience.values else Audience.STAFF
    record = FiledDocument(
        kind=kind.name, subkind=described.subkind or "", source_model=kind.model,
        source_key=str(described.key), source_url=(described.url or "")[:300],
        title=str(described.title)[:500], document_date=document_date,
        audience=audience, library=described.library, filed_by=by,
        note=(note or "").strip()[:500])
    # checked before the bytes are made (a rendered PDF takes a moment), and again with the
    # plan's row locked
    _may_take(plan_file, PlanFile.objects.select_related("plan").get(pk=plan_file.pk).plan,
              document_date, kind.model, record.source_key)
    try:
        name, data = described.content()
        try:
            storage.store(record, name, data)
        except storage.RefusedFile as refusal:
            raise Refused(str(refusal), code="file") from None
        with transaction.atomic():
            locked, plan = _locked_file(plan_file)
            _may_take(locked, plan, document_date, kind.model, record.source_key)
            record.plan_file = locked
            record._history_user = by
            try:
                with transaction.atomic():
                    record.save()
            except IntegrityError:
                found = filed_from(kind.model, record.source_key)
                raise (_already_filed(found) if found else Refused(
                    _("This document is already filed."), code="filed")) from None
            _queue_text(record)
    except Exception:
        if record.file:
            record.file.delete(save=False)    # nothing stays behind a refused filing
        raise
    logger.info("%s %s filed as %s into file %s by user %s", kind.name, record.source_key,
                record.pk, locked.pk, by.pk)
    return record


def move_filed(*, document: FiledDocument, plan_file: PlanFile, by) -> FiledDocument:
    """Move ``document`` from the file it is in (as the caller saw it) to ``plan_file``,
    another open file of the same year's approved plan."""
    _require_staff(by)
    if plan_file.pk == document.plan_file_id:
        raise Refused(_("The document is already in this file."), code="same")
    with transaction.atomic():
        locked, plan = _locked_file(plan_file)
        _takes_documents(locked, plan)
        current = (FiledDocument.objects.select_related("plan_file__plan")
                   .get(pk=document.pk))
        if plan.year != current.plan_file.plan.year:
            raise Refused(_("A filed document moves only to another file of the same year "
                            "(%(year)s).") % {"year": current.plan_file.plan.year},
                          code="year")
        moved = FiledDocument.objects.filter(
            pk=document.pk, plan_file_id=document.plan_file_id).update(plan_file=locked)
        if moved != 1:
            raise Refused(_("Someone has moved this document meanwhile: it is now in "
                            "%(file)s.") % {"file": where_filed(current)}, code="moved")
        moved_document = FiledDocument.objects.select_related("plan_file__plan").get(
            pk=document.pk)
        moved_document._history_user = by
        moved_document.save(update_fields=["plan_file"])
    logger.info("filed document %s moved to file %s by user %s", document.pk, locked.pk, by.pk)
    return moved_document
