"""Writes of the file plan area: a year's plan (new, or a copy of another year's), its
header, its approval (and the approval withdrawn while nothing is in it yet) and its
files. The BDSTR items are written in ``services_plan_bdstr``.

Who: department staff keep the plan (``may_manage``); management or
staff approve (``may_approve``). Every function checks, so a view cannot forget:
``PermissionDenied`` for a role that may not, ``Refused`` (a ``ValidationError``) for
what the rules do not allow, with the reason.

The plan's life: a **draft** is edited freely; **approved**, it is fixed — documents are
registered and filed into its files, and a file keeps its index, title, retention, BDSTR
item and place; only what the records rules leave to the year (the note, which the plan's
notes column records during the year, e.g. where a file is kept or that it was not
opened), who is responsible for the file and which of the portal's documents "File it"
suggests for it may still change; no file is added or deleted. Once the year is
**closed** (the year-end area), nothing changes. The moves are conditional UPDATEs, so
two clicks move a plan once; the header's edit carries the plan's ``version``."""

import re
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from archyvas.models import (
    BdstrItem,
    FiledDocument,
    FilePlan,
    PlanFile,
    PlanStatus,
    RegisterEntry,
    may_approve,
    may_manage,
)
from portalas.converters import YEAR_MAX, YEAR_MIN

__all__ = ["COPIED_FIELDS", "Refused", "approve_plan", "check_file", "copy_plan",
           "create_plan", "delete_file", "holds_documents", "missing_to_approve", "move_file",
           "require_manager", "retention_errors", "save_file", "update_plan",
           "withdraw_approval"]

#: A file's index: numbers joined by dots (``7``, ``7.12``, ``7.12.1``).
INDEX = re.compile(r"\d{1,4}(\.\d{1,4}){0,4}")
#: The longest retention the portal takes, in years (personnel files: 75).
MAX_RETENTION_YEARS = 100
#: What defines a file (fixed once the plan is approved) and what the year may change.
DEFINING_FIELDS = ("index", "title", "permanent", "retention_years", "bdstr_item_id",
                   "position")
YEAR_FIELDS = ("note", "responsible_id", "kinds")
#: What a copy of a plan takes from each file of the source.
COPIED_FIELDS = ("index", "title", "permanent", "retention_years", "bdstr_item_id", "note",
                 "responsible_id", "kinds", "position")


class Refused(ValidationError):
    """A change the rules do not allow; ``code`` says what kind."""

    def __init__(self, message, code=None, params=None):
        super().__init__(message, code=code, params=params)
        self.code = code


def require_manager(user) -> None:
    if not may_manage(user):
        raise PermissionDenied


def _locked(plan_pk: int) -> FilePlan:
    return FilePlan.objects.select_for_update().get(pk=plan_pk)


def _recorded(plan_pk: int, by) -> FilePlan:
    """The moved plan, with a history entry naming who moved it."""
    plan = FilePlan.objects.get(pk=plan_pk)
    plan._history_user = by
    plan.save(update_fields=["status"])
    return plan


def _moved_on(plan_pk: int) -> Refused:
    current = FilePlan.objects.get(pk=plan_pk)
    return Refused(_("The plan has moved on meanwhile: it is now “%(status)s”.")
                   % {"status": current.get_status_display()}, code="moved")


# --- plans -----------------------------------------------------------------------------------

def _new_plan(*, year: int, by, unit_name: str, source: FilePlan | None) -> FilePlan:
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise Refused({"year": _("Choose a year between %(min)s and %(max)s.")
                       % {"min": YEAR_MIN, "max": YEAR_MAX}}, code="year")
    taken = Refused({"year": _("The plan for %(year)s already exists.") % {"year": year}},
                    code="exists")
    if FilePlan.objects.filter(year=year).exists():
        raise taken
    plan = FilePlan(year=year, status=PlanStatus.DRAFT, unit_name=unit_name.strip(),
                    copied_from=source)
    plan._history_user = by
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:
        raise taken from None
    return plan


@transaction.atomic
def create_plan(*, year: int, by, unit_name: str = "") -> FilePlan:
    """An empty draft plan for ``year``; refused when the year has a plan."""
    require_manager(by)
    return _new_plan(year=year, by=by, unit_name=unit_name, source=None)


@transaction.atomic
def copy_plan(*, source: FilePlan, year: int, by, unit_name: str = "") -> FilePlan:
    """A draft plan for ``year`` as a copy of ``source``: every file with its index,
    title, retention, BDSTR item, note, responsible person, document kinds and place
    (``copied_from`` names the source); refused when the year has a plan."""
    require_manager(by)
    plan = _new_plan(year=year, by=by, unit_name=unit_name or source.unit_name,
                     source=source)
    copies = [PlanFile(plan=plan, **{name: getattr(original, name) for name in COPIED_FIELDS})
              for original in source.files.order_by("position", "index", "pk")]
    for copy in copies:
        copy.kinds = list(copy.kinds or [])
    bulk_create_with_history(copies, PlanFile, default_user=by)
    return plan


@transaction.atomic
def update_plan(*, plan: FilePlan, by, seen_version: int, unit_name: str) -> FilePlan:
    """The plan's header (the unit's name) while it is a draft; refused (``stale``) when
    someone saved after ``seen_version``."""
    require_manager(by)
    current = _locked(plan.pk)
    if current.version != seen_version:
        raise Refused(_("Someone else changed this plan while you were editing it."),
                      code="stale")
    if current.status != PlanStatus.DRAFT:
        raise Refused(_("The plan is approved: it is kept as it was approved."), code="fixed")
    current.unit_name = (unit_name or "").strip()
    current.version += 1
    current._history_user = by
    current.save()
    return current


def missing_to_approve(plan: FilePlan) -> list[str]:
    """What a draft lacks before it can be approved (empty: nothing)."""
    files = plan.files.all()
    if not files.exists():
        return [_("The plan has no files.")]
    missing = []
    unset = list(files.filter(permanent=False, retention_years__isnull=True)
                 .values_list("index", flat=True))
    if unset:
        missing.append(_("These files have no retention period: %(files)s.")
                       % {"files": ", ".join(unset)})
    return missing


@transaction.atomic
def approve_plan(*, plan: FilePlan, by, approved_on: date, approval_reference: str) -> FilePlan:
    """Draft → approved on ``approved_on`` by the approving document; ``approved_by`` is
    who pressed it. Refused for an empty plan or a file without a retention period, for a
    date in the future, and without the approving document."""
    if not may_approve(by):
        raise PermissionDenied
    _locked(plan.pk)
    errors = {}
    if approved_on is None or approved_on > timezone.localdate():
        errors["approved_on"] = _("The approval date cannot be in the future.")
    elif approved_on < date(plan.year - 1, 1, 1):
        errors["approved_on"] = _("A plan for %(year)s is approved in %(before)s or later.") \
            % {"year": plan.year, "before": plan.year - 1}
    if not (approval_reference or "").strip():
        errors["approval_reference"] = _("Name the document that approved the plan.")
    if errors:
        raise Refused(errors, code="approval")
    missing = missing_to_approve(plan)
    if missing:
        raise Refused(" ".join(missing), code="incomplete")
    moved = FilePlan.objects.filter(pk=plan.pk, status=PlanStatus.DRAFT).update(
        status=PlanStatus.APPROVED, approved_on=approved_on, approved_by=by,
        approval_reference=approval_reference.strip(), version=F("version") + 1)
    if moved != 1:
        raise _moved_on(plan.pk)
    return _recorded(plan.pk, by)


def holds_documents(plan: FilePlan) -> bool:
    return (RegisterEntry.objects.filter(plan_file__plan=plan).exists()
            or FiledDocument.objects.filter(plan_file__plan=plan).exists())


@transaction.atomic
def withdraw_approval(*, plan: FilePlan, by) -> FilePlan:
    """Approved → draft again (an approval pressed by mistake), while no document has been
    registered or filed into its files."""
    if not may_approve(by):
        raise PermissionDenied
    _locked(plan.pk)
    if holds_documents(plan):
        raise Refused(_("Documents have been registered or filed into this plan's files: its "
                        "approval stays."), code="used")
    moved = FilePlan.objects.filter(pk=plan.pk, status=PlanStatus.APPROVED).update(
        status=PlanStatus.DRAFT, approved_on=None, approved_by=None, approval_reference="",
        version=F("version") + 1)
    if moved != 1:
        raise _moved_on(plan.pk)
    return _recorded(plan.pk, by)


# --- files -----------------------------------------------------------------------------------

def retention_errors(permanent: bool, years, *, field: str = "retention_years") -> dict:
    if permanent and years is not None:
        return {field: _("A file kept permanently has no number of years: clear one of "
                         "them.")}
    if not permanent and years is None:
        return {field: _("Enter the retention in years or mark the file kept permanently.")}
    if not permanent and not 1 <= years <= MAX_RETENTION_YEARS:
        return {field: _("The retention is between 1 and %(max)s years.")
                % {"max": MAX_RETENTION_YEARS}}
    return {}


def check_file(plan_file: PlanFile) -> None:
    """Fill what the BDSTR item gives (the title and the retention, when left empty), then
    check the index (numbers and dots, once in the plan), the title, the retention (kept
    permanently, or 1–100 years) and the document kinds (each suggests one file of the
    plan)."""
    item = plan_file.bdstr_item
    plan_file.index = (plan_file.index or "").strip()
    plan_file.title = (plan_file.title or "").strip()
    if item is not None:
        if not plan_file.title:
            plan_file.title = item.title[:500]
        if not plan_file.permanent and plan_file.retention_years is None:
            plan_file.permanent, plan_file.retention_years = item.permanent, item.retention_years
    errors = {}
    if not INDEX.fullmatch(plan_file.index):
        errors["index"] = _("An index is numbers joined by dots, e.g. 7.12.")
    elif PlanFile.objects.filter(plan_id=plan_file.plan_id, index=plan_file.index) \
            .exclude(pk=plan_file.pk).exists():
        errors["index"] = _("The plan already has a file %(index)s.") % {"index": plan_file.index}
    if not plan_file.title:
        errors["title"] = _("Enter the file's title (or choose a BDSTR item to take its "
                            "title).")
    errors.update(retention_errors(plan_file.permanent, plan_file.retention_years))
    kinds = []
    for kind in plan_file.kinds or []:
        if isinstance(kind, str) and kind.strip() and kind.strip() not in kinds:
            kinds.append(kind.strip()[:120])
    plan_file.kinds = kinds
    if kinds:
        for other in PlanFile.objects.filter(plan_id=plan_file.plan_id).exclude(
                pk=plan_file.pk).only("index", "kinds"):
            shared = set(other.kinds or []) & set(kinds)
            if shared:
                errors["kinds"] = _("File %(index)s already gets these documents: each kind "
                                    "suggests one file.") % {"index": other.index}
                break
    if errors:
        raise Refused(errors, code="file")


@transaction.atomic
def save_file(*, plan_file: PlanFile, by) -> PlanFile:
    """Add or change a file. While the plan is a draft anything may change (a chosen BDSTR
    item must be in force, unless the file already follows it); once approved only the
    note, the responsible person and the document kinds; a closed year's files not at all."""
    require_manager(by)
    plan = _locked(plan_file.plan_id)
    stored = PlanFile.objects.filter(pk=plan_file.pk).first() if plan_file.pk else None
    if plan.status == PlanStatus.CLOSED:
        raise Refused(_("The year is closed: its files are kept as they were."), code="closed")
    if plan.status == PlanStatus.APPROVED:
        if stored is None:
            raise Refused(_("The plan is approved: no file can be added to it."), code="fixed")
        if any(getattr(plan_file, name) != getattr(stored, name) for name in DEFINING_FIELDS):
            raise Refused(_("The plan is approved: a file's index, title, retention and BDSTR "
                            "item are kept as approved; only its note, responsible person and "
                            "document kinds may change."), code="fixed")
    item_id = plan_file.bdstr_item_id
    if item_id and (stored is None or stored.bdstr_item_id != item_id) and \
            not BdstrItem.objects.filter(pk=item_id, in_force=True).exists():
        raise Refused({"bdstr_item": _("This BDSTR item is no longer in force: choose a "
                                       "current one.")}, code="not_in_force")
    check_file(plan_file)
    if stored is None:
        top = PlanFile.objects.filter(plan=plan).aggregate(top=Max("position"))["top"]
        plan_file.position = 0 if top is None else top + 1
    plan_file._history_user = by
    try:
        with transaction.atomic():
            plan_file.save()
    except IntegrityError:
        raise Refused({"index": _("The plan already has a file %(index)s.")
                       % {"index": plan_file.index}}, code="file") from None
    return plan_file


@transaction.atomic
def delete_file(*, plan_file: PlanFile, by) -> None:
    """Delete a file of a draft plan (one nothing was registered or filed into)."""
    require_manager(by)
    plan = _locked(plan_file.plan_id)
    if plan.status != PlanStatus.DRAFT:
        raise Refused(_("The plan is approved: its files are kept."), code="fixed")
    if RegisterEntry.objects.filter(plan_file=plan_file).exists() or \
            FiledDocument.objects.filter(plan_file=plan_file).exists():
        raise Refused(_("Documents are registered or filed into this file: it cannot be "
                        "deleted."), code="used")
    plan_file._history_user = by
    plan_file.delete()


@transaction.atomic
def move_file(*, plan_file: PlanFile, by, step: int) -> PlanFile:
    """Move a file of a draft plan one place up (``step=-1``) or down (``+1``); the
    places are renumbered 0, 1, 2… in the plan's order."""
    require_manager(by)
    plan = _locked(plan_file.plan_id)
    if plan.status != PlanStatus.DRAFT:
        raise Refused(_("The plan is approved: its files keep their order."), code="fixed")
    files = list(PlanFile.objects.filter(plan=plan).order_by("position", "index", "pk"))
    at = next(i for i, f in enumerate(files) if f.pk == plan_file.pk)
    to = at + (1 if step > 0 else -1)
    if 0 <= to < len(files):
        files[at], files[to] = files[to], files[at]
    for position, each in enumerate(files):
        if each.position != position:
            each.position = position
            each._history_user = by
            each.save(update_fields=["position", "updated_at"])
    return next(f for f in files if f.pk == plan_file.pk)
