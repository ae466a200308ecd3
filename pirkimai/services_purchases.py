"""Writes of a purchase from the request (pirkimo paraiška) to the supplier's choice.

Who: staff prepare (``may_prepare``): they write, edit and submit a request and record the
supplier survey; management approve a request or return it with a comment
(``may_approve``); either may cancel one. Every function checks, so a view cannot forget:
``PermissionDenied`` for a role that may not, ``Refused`` (a ``ValidationError``, per field
where it names one, with a ``code``) for what the rules do not allow.

- **States.** draft → submitted → approved / returned (edited, then submitted again) →
  surveyed (the supplier chosen) → contracted (the contracts area,
  ``mark_contracted``); cancelled from any state but contracted. Each move is a
  conditional UPDATE (``filter(pk=…, status=…).update(…)``): two clicks at the same moment
  move it once, and the second is refused saying where the purchase is now — a request
  approved twice is refused with who approved it.
- **Numbers** run per year (``2026-7``) and are given in the transaction that creates the
  request: the next after the year's highest, in a savepoint, under the year's advisory
  lock on PostgreSQL; the unique constraint is the net — a collision takes the next
  number.
- **Edits** carry the ``version`` the editor saw (``code="stale"`` when someone saved
  since); a request is edited while it is a draft or returned.
- **The splitting warning** (``thresholds.purchase_check``): when the year's purchases of
  the request's CPV code reach the warning share of the low-value threshold or pass it, a
  save or submission is refused with ``code="threshold"`` until the user confirms it
  (``confirmed=True``); it warns, it never blocks.
- **The survey** replaces the purchase's offers with the rows given (a new supplier is
  added to the organisations by name and company code, or found there); under the
  lowest-price criterion the chosen offer must be the cheapest one answered.
- E-mails (a request submitted → management; approved or returned → the requester) are
  queued after the commit (``tasks_purchases``)."""

import logging
import re
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from pirkimai.models import (
    FundingSource,
    PlannedPurchase,
    Purchase,
    PurchaseStatus,
    SupplierOffer,
    may_approve,
    may_prepare,
)
from pirkimai.selectors_purchases import threshold_message
from pirkimai.thresholds import purchase_check

logger = logging.getLogger("regionas.procurement")

__all__ = ["EDITABLE", "REQUEST_FIELDS", "SURVEYABLE", "OfferRow", "Refused", "approve",
           "cancel", "create_request", "mark_contracted", "may_cancel",
           "record_survey", "reopen_contracted", "return_request", "submit",
           "update_request"]

#: What a request's form writes.
REQUEST_FIELDS = ("title", "cpv", "kind", "planned", "need", "justification",
                  "estimated_value", "needed_by", "funding", "budget_line", "project",
                  "project_budget_line")
#: The states in which a request is edited and submitted.
EDITABLE = (PurchaseStatus.DRAFT, PurchaseStatus.RETURNED)
#: The states in which the survey is recorded (again).
SURVEYABLE = (PurchaseStatus.APPROVED, PurchaseStatus.SURVEYED)
NUMBER_ATTEMPTS = 5
NUMBER_LOCK = 2562       # the advisory lock's class: purchases' numbers (with the year)
COMPANY_CODE = re.compile(r"\d{7}|\d{9}")


class Refused(ValidationError):
    """A change the rules do not allow; ``code`` says what kind."""

    def __init__(self, message, code=None, params=None):
        super().__init__(message, code=code, params=params)
        self.code = code


def _require(allowed, user) -> None:
    if not allowed(user):
        raise PermissionDenied


def may_cancel(user) -> bool:
    return may_prepare(user) or may_approve(user)


def _words(text) -> str:
    return " ".join((text or "").split())


def _history(purchase: Purchase, by) -> None:
    """A history entry naming who moved the purchase (a conditional UPDATE writes none)."""
    Purchase.history.bulk_history_create([purchase], update=True, default_user=by)


def _moved_on(purchase: Purchase) -> Refused:
    current = Purchase.objects.get(pk=purchase.pk)
    return Refused(_("The purchase %(number)s has moved on meanwhile: it is now "
                     "“%(status)s”.") % {"number": current.full_number,
                                         "status": current.get_status_display()},
                   code="moved")


def _after_commit(name: str, pk: int) -> None:
    """Queue an e-mail task of ``tasks_purchases`` once the transaction commits (the demo
    replaces this to send nothing)."""
    from pirkimai import tasks_purchases

    transaction.on_commit(lambda: getattr(tasks_purchases, name).delay(pk))


_task = _after_commit


# --- the request ------------------------------------------------------------------------------

def _check_request(values: dict, *, year: int, by, stored: Purchase | None = None) -> dict:
    """The request's values cleaned, or Refused naming the field."""
    from projektai.models import Project

    errors = {}
    values["title"] = _words(values.get("title"))
    values["need"] = (values.get("need") or "").strip()
    values["justification"] = (values.get("justification") or "").strip()
    values["budget_line"] = _words(values.get("budget_line"))
    if not values["title"]:
        errors["title"] = _("Name the object of the purchase.")
    if not values["need"]:
        errors["need"] = _("Say what is needed, how much and by when.")
    if values.get("cpv") is None:
        errors["cpv"] = _("Choose the CPV code of the purchase.")
    value = values.get("estimated_value")
    if value is None or Decimal(value) <= 0:
        errors["estimated_value"] = _("The estimated value must be more than zero.")
    needed_by = values.get("needed_by")
    if needed_by is not None and needed_by < timezone.localdate() and (
            stored is None or stored.needed_by != needed_by):
        errors["needed_by"] = _("The day it is needed by has already passed.")
    planned = values.get("planned")
    if planned is not None and not PlannedPurchase.objects.filter(
            pk=planned.pk, plan__year=year).exists():
        errors["planned"] = _("Choose a line of the %(year)s plan.") % {"year": year}
    project, line = values.get("project"), values.get("project_budget_line")
    if project is not None and not Project.objects.visible_to(by).filter(
            pk=project.pk).exists():
        errors["project"] = _("Choose a project you can see.")
    if values.get("funding") == FundingSource.PROJECT and project is None:
        errors["project"] = _("Name the project the purchase is paid from.")
    if line is not None and (project is None or line.project_id != project.pk):
        errors["project_budget_line"] = _("Choose a budget line of the chosen project.")
    if errors:
        raise Refused(errors, code="invalid")
    return values


def _check_threshold(values: dict, *, year: int, confirmed: bool,
                     stored: Purchase | None = None) -> bool:
    """Whether the splitting warning applies; Refused (``threshold``) when it does and the
    user has not confirmed it (nor before, for the same code, kind and value)."""
    check = purchase_check(year=year, cpv=values["cpv"], kind=values["kind"],
                           value=values["estimated_value"],
                           exclude_pk=stored.pk if stored else None)
    if not check.warns:
        return False
    unchanged = stored is not None and stored.threshold_confirmed and all(
        getattr(stored, name) == values[name] for name in ("cpv", "kind", "estimated_value"))
    if not (confirmed or unchanged):
        refusal = Refused(threshold_message(check, values["cpv"], year), code="threshold")
        refusal.check = check
        raise refusal
    return True


def _lock_numbers(year: int) -> None:
    """On PostgreSQL, hold the year's numbering until the transaction ends (an advisory
    lock: simultaneous requests take their numbers one after another). SQLite serialises
    whole transactions; the unique constraint is the net either way."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [NUMBER_LOCK, year])


def _next_number(year: int) -> int:
    highest = Purchase.objects.filter(year=year).aggregate(n=Max("number"))["n"]
    return (highest or 0) + 1


@transaction.atomic
def create_request(*, by, confirmed: bool = False, year: int | None = None,
                   **fields) -> Purchase:
    """A new request (a draft) numbered in its year; ``fields`` among ``REQUEST_FIELDS``."""
    _require(may_prepare, by)
    unknown = set(fields) - set(REQUEST_FIELDS)
    if unknown:
        raise TypeError(f"create_request() does not take {sorted(unknown)}")
    year = year or timezone.localdate().year
    values = _check_request(dict(fields), year=year, by=by)
    warned = _check_threshold(values, year=year, confirmed=confirmed)
    _lock_numbers(year)
    for _attempt in range(NUMBER_ATTEMPTS):
        purchase = Purchase(year=year, number=_next_number(year), requested_by=by,
                            threshold_confirmed=warned, **values)
        purchase._history_user = by
        try:
            with transaction.atomic():
                purchase.save()
        except IntegrityError:
            if not Purchase.objects.filter(year=year, number=purchase.number).exists():
                raise
            continue            # a simultaneous request took the number: take the next
        logger.info("purchase %s requested by user %s", purchase.pk, by.pk)
        return purchase
    raise Refused(_("Too many requests are being numbered at this moment: save again."),
                  code="number")


@transaction.atomic
def update_request(*, purchase: Purchase, by, version: int, confirmed: bool = False,
                   **fields) -> Purchase:
    """Save an edit of a draft or returned request; refused (``stale``) when someone saved
    after ``version``. The number and the year never change."""
    _require(may_prepare, by)
    unknown = set(fields) - set(REQUEST_FIELDS)
    if unknown:
        raise TypeError(f"update_request() cannot change {sorted(unknown)}")
    locked = Purchase.objects.select_for_update().get(pk=purchase.pk)
    if locked.version != version:
        raise Refused(_("Someone saved this request after you opened it."), code="stale")
    if locked.status not in EDITABLE:
        raise Refused(_("Only a request being prepared or returned can be changed; "
                        "%(number)s is “%(status)s”.")
                      % {"number": locked.full_number, "status": locked.get_status_display()},
                      code="status")
    values = {name: fields.get(name, getattr(locked, name)) for name in REQUEST_FIELDS}
    values = _check_request(values, year=locked.year, by=by, stored=locked)
    warned = _check_threshold(values, year=locked.year, confirmed=confirmed, stored=locked)
    for name, value in values.items():
        setattr(locked, name, value)
    locked.threshold_confirmed = warned
    locked.version += 1
    locked._history_user = by
    locked.save()
    return locked


# --- moves ------------------------------------------------------------------------------------

@transaction.atomic
def submit(*, purchase: Purchase, by, confirmed: bool = False) -> Purchase:
    """A draft or returned request → submitted for management's approval (the splitting
    warning confirmed again if it applies now and was not confirmed)."""
    _require(may_prepare, by)
    current = Purchase.objects.select_related("cpv").get(pk=purchase.pk)
    if current.status in EDITABLE:
        values = {"cpv": current.cpv, "kind": current.kind,
                  "estimated_value": current.estimated_value}
        warned = _check_threshold(values, year=current.year, stored=current,
                                  confirmed=confirmed or current.threshold_confirmed)
    else:
        warned = current.threshold_confirmed
    moved = Purchase.objects.filter(pk=purchase.pk, status__in=EDITABLE).update(
        status=PurchaseStatus.SUBMITTED, submitted_at=timezone.now(),
        threshold_confirmed=warned, version=F("version") + 1, updated_at=timezone.now())
    if moved != 1:
        raise _moved_on(purchase)
    submitted = Purchase.objects.get(pk=purchase.pk)
    _history(submitted, by)
    _task("send_submitted", submitted.pk)
    logger.info("purchase %s submitted by user %s", submitted.pk, by.pk)
    return submitted


def _decided_twice(purchase: Purchase) -> Refused:
    current = Purchase.objects.select_related("decided_by").get(pk=purchase.pk)
    if current.status in (PurchaseStatus.APPROVED, PurchaseStatus.SURVEYED,
                          PurchaseStatus.CONTRACTED) and current.decided_at:
        who = str(current.decided_by) if current.decided_by else _("someone")
        return Refused(_("The request %(number)s has already been approved: %(who)s, "
                         "%(day)s.") % {"number": current.full_number, "who": who,
                                        "day": timezone.localdate(current.decided_at)
                                        .isoformat()}, code="approved")
    return _moved_on(purchase)


@transaction.atomic
def approve(*, purchase: Purchase, by, note: str = "") -> Purchase:
    """Submitted → approved (management), once: a second approval is refused."""
    _require(may_approve, by)
    now = timezone.now()
    moved = Purchase.objects.filter(pk=purchase.pk, status=PurchaseStatus.SUBMITTED).update(
        status=PurchaseStatus.APPROVED, decided_by=by, decided_at=now,
        decision_note=(note or "").strip(), version=F("version") + 1, updated_at=now)
    if moved != 1:
        raise _decided_twice(purchase)
    approved = Purchase.objects.get(pk=purchase.pk)
    _history(approved, by)
    _task("send_decided", approved.pk)
    logger.info("purchase %s approved by user %s", approved.pk, by.pk)
    return approved


@transaction.atomic
def return_request(*, purchase: Purchase, by, comment: str) -> Purchase:
    """Submitted → returned to the requester with management's comment (which they see)."""
    _require(may_approve, by)
    comment = (comment or "").strip()
    if not comment:
        raise Refused({"comment": _("Say what to correct: the requester sees it.")},
                      code="comment")
    now = timezone.now()
    moved = Purchase.objects.filter(pk=purchase.pk, status=PurchaseStatus.SUBMITTED).update(
        status=PurchaseStatus.RETURNED, decided_by=by, decided_at=now, decision_note=comment,
        version=F("version") + 1, updated_at=now)
    if moved != 1:
        raise _decided_twice(purchase)
    returned = Purchase.objects.get(pk=purchase.pk)
    _history(returned, by)
    _task("send_decided", returned.pk)
    logger.info("purchase %s returned by user %s", returned.pk, by.pk)
    return returned


@transaction.atomic
def cancel(*, purchase: Purchase, by, reason: str) -> Purchase:
    """Any state but contracted (and cancelled) → cancelled, with the reason."""
    _require(may_cancel, by)
    reason = (reason or "").strip()
    if not reason:
        raise Refused({"reason": _("Say why the purchase is cancelled.")}, code="reason")
    now = timezone.now()
    moved = (Purchase.objects.filter(pk=purchase.pk)
             .exclude(status__in=(PurchaseStatus.CONTRACTED, PurchaseStatus.CANCELLED))
             .update(status=PurchaseStatus.CANCELLED, cancelled_reason=reason,
                     cancelled_by=by, cancelled_at=now, version=F("version") + 1,
                     updated_at=now))
    if moved != 1:
        raise _moved_on(purchase)
    cancelled = Purchase.objects.get(pk=purchase.pk)
    _history(cancelled, by)
    logger.info("purchase %s cancelled by user %s", cancelled.pk, by.pk)
    return cancelled


@transaction.atomic
def mark_contracted(*, purchase: Purchase, by) -> Purchase:
    """For the contracts area: an approved or surveyed purchase → contracted, once its
    contract or invoice is recorded."""
    _require(may_prepare, by)
    moved = Purchase.objects.filter(pk=purchase.pk, status__in=SURVEYABLE).update(
        status=PurchaseStatus.CONTRACTED, version=F("version") + 1, updated_at=timezone.now())
    if moved != 1:
        raise _moved_on(purchase)
    contracted = Purchase.objects.get(pk=purchase.pk)
    _history(contracted, by)
    return contracted


@transaction.atomic
def reopen_contracted(*, purchase: Purchase, by) -> Purchase:
    """For the contracts area: its last contract removed, the purchase is surveyed again
    (approved when no supplier was chosen)."""
    _require(may_prepare, by)
    chosen = SupplierOffer.objects.filter(purchase_id=purchase.pk, chosen=True).exists()
    back = PurchaseStatus.SURVEYED if chosen else PurchaseStatus.APPROVED
    moved = Purchase.objects.filter(pk=purchase.pk, status=PurchaseStatus.CONTRACTED).update(
        status=back, version=F("version") + 1, updated_at=timezone.now())
    if moved != 1:
        raise _moved_on(purchase)
    reopened = Purchase.objects.get(pk=purchase.pk)
    _history(reopened, by)
    return reopened


# the survey's writes live in their own module; callers find them here too
from pirkimai.services_purchases_survey import OfferRow, record_survey  # noqa: E402,F401
