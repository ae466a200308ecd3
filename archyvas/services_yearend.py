"""Writes of the year end: closing a year's files, and destruction acts from draft to
executed.

Who: department staff close years and prepare acts (``may_manage``); management approve an
act or return it, and staff may record an approval made on paper (``may_approve``).
``PermissionDenied`` for a role that may not, ``Refused`` (a ``ValidationError``) for what
the rules do not allow, with the reason.

- ``close_year``: approved → closed, once (a conditional UPDATE), only after the year has
  ended. Each file gets ``closed_on`` — the day it was closed — its first and last
  documents' dates and ``retention_ends``, counted from 1 January of the year after the
  **plan's year** (``PlanFile.retention_end_for(plan.year)``): closing the 2025 files in
  January 2026 or in March makes no difference to how long they are kept. Afterwards
  nothing is registered or filed into that year (``FilePlan.takes_documents``).
- An act takes only closed files kept for a number of years whose retention has ended,
  that are not destroyed and are in no other act being prepared (nor approved to destroy);
  checked when a file is added and again when the act is submitted and approved.
- ``approve_act``: submitted → approved; "keep longer" items move their file's
  ``retention_ends`` by the years given (counted from the later of the old end and the end
  of the approval's year: ``selectors_yearend.extended_end``); the act's PDF is frozen into
  ``act.file``; after the commit a task (``tasks_yearend.destroy_files``) deletes the
  stored files of the "destroy" files' documents (``execute_act``), keeping every row and
  the act. Nothing is deleted before an act is approved."""

import logging
from dataclasses import dataclass
from datetime import date
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from archyvas import selectors_yearend as selectors
from archyvas.models import (
    ActStatus,
    Appraisal,
    DestructionAct,
    DestructionItem,
    FilePlan,
    PlanFile,
    PlanStatus,
    may_approve,
    may_manage,
)

logger = logging.getLogger("regionas.archive")

__all__ = ["MAX_EXTEND_YEARS", "Appraised", "Refused", "add_to_act", "approve_act",
           "close_year", "create_act", "execute_act", "file_refusal", "return_act",
           "submit_act", "update_act"]

#: The most years an appraisal keeps a file longer at once.
MAX_EXTEND_YEARS = 50


class Refused(ValidationError):
    """A change the rules do not allow; ``code`` says what kind."""

    def __init__(self, message, code=None, params=None):
        super().__init__(message, code=code, params=params)
        self.code = code


@dataclass
class Appraised:
    """A file's appraisal: destroy it, or keep it ``extend_years`` longer (with a reason in
    ``note``)."""

    plan_file: PlanFile
    decision: str = Appraisal.DESTROY
    extend_years: int | None = None
    note: str = ""


def _require(allowed, user) -> None:
    if not allowed(user):
        raise PermissionDenied


def _label(plan_file: PlanFile) -> str:
    return f"{plan_file.plan.year} {plan_file.index} {plan_file.title}"


# --- closing a year ------------------------------------------------------------------------

@transaction.atomic
def close_year(*, plan: FilePlan, by, today: date | None = None) -> FilePlan:
    """Close the year's files (staff): refused before the year has ended and for a plan
    that is not approved; a second close of the same year moves nothing.
    ``plan.files_closed`` tells how many files closed."""
    _require(may_manage, by)
    today = today or timezone.localdate()
    current = FilePlan.objects.select_for_update().get(pk=plan.pk)
    if current.year >= today.year:
        raise Refused(_("The year %(year)s has not ended yet: its files can be closed from "
                        "1 January %(next)s.") % {"year": current.year, "next": current.year + 1},
                      code="not_ended")
    moved = FilePlan.objects.filter(pk=plan.pk, status=PlanStatus.APPROVED).update(
        status=PlanStatus.CLOSED, closed_on=today, closed_by=by, version=F("version") + 1)
    if moved != 1:
        if current.status == PlanStatus.CLOSED:
            raise Refused(_("The files of %(year)s are already closed.")
                          % {"year": current.year}, code="closed")
        raise Refused(_("Only an approved plan's files can be closed; this plan is "
                        "“%(status)s”.") % {"status": current.get_status_display()},
                      code="status")
    plan = FilePlan.objects.get(pk=plan.pk)
    plan._history_user = by
    plan.save(update_fields=["status"])
    files = list(plan.files.all())
    dates = selectors.file_dates([f.pk for f in files])
    now = timezone.now()
    for plan_file in files:
        plan_file.closed_on = today
        plan_file.first_date, plan_file.last_date = dates.get(plan_file.pk, (None, None))
        plan_file.retention_ends = plan_file.retention_end_for(plan.year)
        plan_file.updated_at = now
    bulk_update_with_history(files, PlanFile, ["closed_on", "first_date", "last_date",
                                               "retention_ends", "updated_at"],
                             default_user=by)
    plan.files_closed = len(files)
    logger.info("file plan %s closed by user %s: %s files", plan.year, by.pk, len(files))
    return plan


# --- what an act may take ------------------------------------------------------------------

def file_refusal(plan_file: PlanFile, *, today: date, act: DestructionAct | None = None,
                 blocking=None) -> str | None:
    """Why ``plan_file`` cannot be in a destruction act (``act``: the act it goes into), or
    None. ``blocking``: the other acts' items of the file, when already read."""
    name = _label(plan_file)
    if plan_file.permanent:
        return _("%(file)s is kept permanently: it is never destroyed.") % {"file": name}
    if plan_file.closed_on is None or plan_file.retention_ends is None:
        return _("%(file)s is not closed yet.") % {"file": name}
    if plan_file.destroyed_on is not None:
        return _("%(file)s was destroyed on %(day)s.") % {
            "file": name, "day": plan_file.destroyed_on.isoformat()}
    if plan_file.retention_ends >= today:
        return _("The retention of %(file)s ends on %(day)s: it cannot go into a destruction "
                 "act before then.") % {"file": name,
                                        "day": plan_file.retention_ends.isoformat()}
    if blocking is None:
        blocking = list(selectors.blocking_items([plan_file.pk], act=act))
    if blocking:
        return _("%(file)s is already in %(act)s.") % {"file": name,
                                                       "act": blocking[0].act}
    return None


def _check_files(files, *, today: date, act=None) -> None:
    """Refused with every reason at once when any of ``files`` may not be in ``act``."""
    others: dict[int, list] = {}
    for item in selectors.blocking_items([f.pk for f in files], act=act):
        others.setdefault(item.plan_file_id, []).append(item)
    reasons = [reason for plan_file in files
               if (reason := file_refusal(plan_file, today=today, act=act,
                                          blocking=others.get(plan_file.pk, [])))]
    if reasons:
        raise Refused(reasons, code="not_eligible")


def _check_appraisal(choice: Appraised) -> None:
    if choice.decision not in Appraisal.values:
        raise Refused(_("Choose to destroy the file or to keep it longer."), code="decision")
    if choice.decision == Appraisal.EXTEND:
        years = choice.extend_years
        if years is None or not 1 <= years <= MAX_EXTEND_YEARS:
            raise Refused(_("%(file)s: say for how many more years it is kept (1–%(max)s).")
                          % {"file": _label(choice.plan_file), "max": MAX_EXTEND_YEARS},
                          code="years")
        if not choice.note.strip():
            raise Refused(_("%(file)s: say why it is kept longer.")
                          % {"file": _label(choice.plan_file)}, code="reason")
    else:
        choice.extend_years = None


def _locked_files(ids) -> list[PlanFile]:
    return list(PlanFile.objects.select_for_update().filter(pk__in=list(ids))
                .select_related("plan").order_by("pk"))


def _add_items(act: DestructionAct, choices: list[Appraised], today: date) -> None:
    for choice in choices:
        _check_appraisal(choice)
    files = _locked_files(c.plan_file.pk for c in choices)
    _check_files(files, today=today, act=act)
    by_pk = {f.pk: f for f in files}
    DestructionItem.objects.bulk_create([
        DestructionItem(act=act, plan_file=by_pk[c.plan_file.pk], decision=c.decision,
                        extend_years=c.extend_years, note=c.note.strip()[:500])
        for c in choices])


# --- a draft act ----------------------------------------------------------------------------

def _new_act(*, by, basis: str, today: date) -> DestructionAct:
    """A draft numbered next in its year (a simultaneous act taking the number first makes
    this one take the following)."""
    for _attempt in range(5):
        number = (DestructionAct.objects.filter(year=today.year)
                  .aggregate(last=Max("number"))["last"] or 0) + 1
        act = DestructionAct(year=today.year, number=number, compiled_on=today,
                             compiled_by=by, basis=basis.strip())
        act._history_user = by
        try:
            with transaction.atomic():
                act.save()
        except IntegrityError:
            if DestructionAct.objects.filter(year=today.year, number=number).exists():
                continue                 # another act took the number first: the next one
            raise
        return act
    raise IntegrityError("destruction act numbers kept colliding")  # pragma: no cover


@transaction.atomic
def create_act(*, by, choices: list[Appraised], basis: str = "",
               today: date | None = None) -> DestructionAct:
    """A draft act of the appraised files (staff), numbered next in the year."""
    _require(may_manage, by)
    today = today or timezone.localdate()
    if not choices:
        raise Refused(_("Choose at least one file for the act."), code="empty")
    act = _new_act(by=by, basis=basis, today=today)
    _add_items(act, choices, today)
    return act


def _locked_act(act: DestructionAct) -> DestructionAct:
    return DestructionAct.objects.select_for_update().get(pk=act.pk)


def _moved_on(act: DestructionAct) -> Refused:
    current = DestructionAct.objects.get(pk=act.pk)
    return Refused(_("The act has moved on meanwhile: it is now “%(status)s”.")
                   % {"status": current.get_status_display()}, code="moved")


def _saved(act: DestructionAct, by, fields=("status",)) -> DestructionAct:
    """The row as stored, with a history entry naming who changed it."""
    act = DestructionAct.objects.get(pk=act.pk)
    act._history_user = by
    act.save(update_fields=list(fields))
    return act


@transaction.atomic
def add_to_act(*, act: DestructionAct, by, choices: list[Appraised],
               today: date | None = None) -> DestructionAct:
    """More appraised files into a draft act (staff)."""
    _require(may_manage, by)
    today = today or timezone.localdate()
    current = _locked_act(act)
    if current.status != ActStatus.DRAFT:
        raise _moved_on(act)
    if not choices:
        raise Refused(_("Choose at least one file for the act."), code="empty")
    _add_items(current, choices, today)
    DestructionAct.objects.filter(pk=act.pk).update(version=F("version") + 1)
    return _saved(current, by, ("updated_at",))


@transaction.atomic
def update_act(*, act: DestructionAct, by, seen_version: int, basis: str,
               decisions: dict | None = None, remove=(), add: list[Appraised] | None = None,
               today: date | None = None) -> DestructionAct:
    """Save a draft's basis and appraisals (``decisions``: {item id: Appraised}), remove
    items and add files (staff). Refused (``stale``) when someone saved after
    ``seen_version``."""
    _require(may_manage, by)
    today = today or timezone.localdate()
    current = _locked_act(act)
    if current.version != seen_version:
        raise Refused(_("Someone else changed this act while you were editing it."),
                      code="stale")
    if current.status != ActStatus.DRAFT:
        raise Refused(_("Only a draft act can be changed; this one is “%(status)s”.")
                      % {"status": current.get_status_display()}, code="status")
    items = {item.pk: item for item in current.items.select_related("plan_file__plan")}
    remove = {pk for pk in remove if pk in items}
    changed = []
    for pk, choice in (decisions or {}).items():
        item = items.get(pk)
        if item is None or pk in remove:
            continue
        choice.plan_file = item.plan_file
        _check_appraisal(choice)
        item.decision, item.extend_years = choice.decision, choice.extend_years
        item.note = choice.note.strip()[:500]
        changed.append(item)
    DestructionItem.objects.bulk_update(changed, ["decision", "extend_years", "note"])
    DestructionItem.objects.filter(act=current, pk__in=remove).delete()
    if add:
        _add_items(current, add, today)
    current.basis = basis.strip()
    current.version += 1
    current._history_user = by
    current.save()
    return current


# --- moves --------------------------------------------------------------------------------------

def _check_items(act: DestructionAct, today: date) -> list[DestructionItem]:
    """The act's items, their files locked and checked again."""
    files = _locked_files(act.items.values_list("plan_file_id", flat=True))
    if not files:
        raise Refused(_("The act has no files."), code="empty")
    _check_files(files, today=today, act=act)
    return list(act.items.select_related("plan_file__plan"))


@transaction.atomic
def submit_act(*, act: DestructionAct, by, today: date | None = None) -> DestructionAct:
    """Draft → submitted for approval (staff); every file checked again."""
    _require(may_manage, by)
    current = _locked_act(act)
    if current.status != ActStatus.DRAFT:
        raise _moved_on(act)
    _check_items(current, today or timezone.localdate())
    DestructionAct.objects.filter(pk=act.pk, status=ActStatus.DRAFT).update(
        status=ActStatus.SUBMITTED, version=F("version") + 1)
    return _saved(act, by)


@transaction.atomic
def return_act(*, act: DestructionAct, by, reason: str) -> DestructionAct:
    """Submitted → draft again, with the reason (management, or staff)."""
    _require(may_approve, by)
    if not reason.strip():
        raise Refused({"reason": _("Say why the act is returned.")}, code="reason")
    moved = DestructionAct.objects.filter(pk=act.pk, status=ActStatus.SUBMITTED).update(
        status=ActStatus.DRAFT, return_reason=reason.strip(), version=F("version") + 1)
    if moved != 1:
        raise _moved_on(act)
    return _saved(act, by, ("status", "return_reason"))


@transaction.atomic
def approve_act(*, act: DestructionAct, by, reference: str = "",
                today: date | None = None) -> DestructionAct:
    """Submitted → approved (management, or staff recording a paper approval): every file
    checked again, "keep longer" files kept the years given, the act's PDF frozen; the
    "destroy" files' stored documents are deleted after the commit."""
    _require(may_approve, by)
    today = today or timezone.localdate()
    current = _locked_act(act)
    if current.status != ActStatus.SUBMITTED:
        raise _moved_on(act)
    items = _check_items(current, today)
    DestructionAct.objects.filter(pk=act.pk, status=ActStatus.SUBMITTED).update(
        status=ActStatus.APPROVED, approved_on=today, approved_by=by,
        approval_reference=reference.strip()[:200], return_reason="",
        version=F("version") + 1)
    for item in items:
        if item.decision == Appraisal.EXTEND:
            plan_file = item.plan_file
            plan_file.retention_ends = selectors.extended_end(plan_file.retention_ends,
                                                              item.extend_years, today)
            plan_file._history_user = by
            plan_file.save(update_fields=["retention_ends", "updated_at"])
    approved = _saved(act, by, ("status", "approved_on", "approved_by", "approval_reference"))
    _freeze(approved)
    transaction.on_commit(partial(queue_destruction, approved.pk))
    logger.info("destruction act %s approved by user %s", approved.pk, by.pk)
    return approved


def _freeze(act: DestructionAct) -> None:
    """The approved act as a PDF in ``act.file``; removed again if the approval fails."""
    from archyvas.reports_yearend import act_document
    from ataskaitos.renderers import render_pdf

    data = render_pdf(act_document(act))
    act.file.save(f"naikinimo-aktas-{act.year}-{act.number}.pdf", ContentFile(data),
                  save=False)
    name = act.file.name
    try:
        DestructionAct.objects.filter(pk=act.pk).update(file=name)
    except Exception:
        act.file.storage.delete(name)
        raise


def queue_destruction(act_pk: int) -> None:
    """Hand the destruction to the worker (in-process when there is no broker). A failure
    is logged: the hourly sweep (``tasks_yearend.execute_approved_acts``) runs it later."""
    from archyvas.tasks_yearend import destroy_files

    try:
        destroy_files.delay(act_pk)
    except Exception:  # noqa: BLE001 - the broker's many errors, or the run in-process
        logger.exception("destruction act %s: destruction not run now; the sweep retries",
                         act_pk)


# The destruction itself (``execute_act``) lives in ``services_destruction``.
from archyvas.services_destruction import execute_act  # noqa: E402
