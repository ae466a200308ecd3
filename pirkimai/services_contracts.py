"""Writes of the contracts area: a concluded contract or invoice registered (closing its
purchase) and edited, its signed copy stored; the year's summary (pirkimų suvestinė)
marked published in CVP IS.

Who: staff prepare (``may_prepare``), management read. Every function checks, so a view
cannot forget: ``PermissionDenied`` for a role that may not, ``Refused`` (a
``ValidationError``, per field where it names one) for what the rules do not allow.

- **The purchase.** A contract closes a purchase that management approved (``approved``)
  or whose supplier was chosen (``surveyed``): the purchase moves to ``contracted`` by a
  conditional UPDATE in the same transaction, so two staff registering the same purchase's
  contract at once end with one contract and the other refused. A contract concluded
  otherwise (through CPO LT, a procedure run elsewhere) is registered without a purchase.
- **Warnings** (``contract_warnings``) are confirmed, not refused: a value above the
  low-value threshold of its kind while the purchase (or the plan line) is a low-value
  one, and a value far from the chosen offer's price. Unconfirmed, the service raises
  ``Warned`` listing them; the form shows them with a box to confirm.
- **Edits** carry the ``version`` the editor saw (``code="stale"`` when someone saved
  since); the purchase never changes.
- **The signed copy**: PDF, DOCX, JPG or PNG by its content, up to ``UPLOAD_MAX_BYTES``,
  stored under a clean name; a replaced copy is deleted after commit."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from bibliotekos.models import Organisation, OrganisationKind
from pirkimai.models import (
    Contract,
    ContractKind,
    Method,
    PlannedPurchase,
    ProcurementPlan,
    Purchase,
    PurchaseStatus,
    may_prepare,
    threshold_for,
)
from pirkimai.selectors_contracts import money_text, percent_text
from portalas import files

__all__ = ["CONTRACT_FIELDS", "FILE_KINDS", "OFFER_DIFFERENCE_PERCENT", "READY", "Refused",
           "Warned", "check_upload", "clear_summary_published", "contract_warnings",
           "delete_contract",
           "is_low_value", "mark_summary_published", "register_contract", "update_contract"]

#: The purchases a contract may close.
READY = (PurchaseStatus.APPROVED, PurchaseStatus.SURVEYED)
#: What an edit may change (the purchase never).
CONTRACT_FIELDS = ("kind", "number", "signed_on", "supplier", "subject", "value",
                   "value_with_vat", "ends_on", "extension", "payment", "planned", "note")
#: The kinds of file a signed copy may be (by its content).
FILE_KINDS = ("pdf", "docx", "jpg", "png")
#: A contract's value this far (%) from the chosen offer's price is warned about.
OFFER_DIFFERENCE_PERCENT = 10


class Refused(ValidationError):
    """A change the rules do not allow; ``code`` says what kind."""

    def __init__(self, message, code=None, params=None):
        super().__init__(message, code=code, params=params)
        self.code = code


class Warned(Refused):
    """Warnings the user has not confirmed yet (``warnings``: the messages)."""

    def __init__(self, warnings: list[str]):
        super().__init__(warnings, code="warnings")
        self.warnings = list(warnings)


def _require_preparer(user) -> None:
    if not may_prepare(user):
        raise PermissionDenied


# --- checks --------------------------------------------------------------------------------------

def check_upload(data: bytes, name: str) -> str:
    """The kind of a signed copy by its content (``portalas.files.checked_kind``);
    ``Refused`` (field ``file``) when it is empty, too large, or not a PDF, DOCX, JPG or
    PNG, or not the kind its name says."""
    try:
        return files.checked_kind(
            data, name, kinds=FILE_KINDS, limit=settings.UPLOAD_MAX_BYTES,
            not_accepted=_("Upload the signed copy as a PDF, DOCX, JPG or PNG file (this "
                           "file's content is none of them)."))
    except ValidationError as refused:
        raise Refused({"file": refused.messages}, code="file") from None


def is_low_value(purchase: Purchase | None, planned: PlannedPurchase | None) -> bool:
    """A purchase of this app is a low-value one (its supplier survey is the low-value
    procedure) unless its plan line names another method; a contract without a purchase is
    one when its plan line says so."""
    line = purchase.planned if purchase is not None else planned
    if line is not None:
        return line.method == Method.LOW_VALUE
    return purchase is not None


def _kind_of(purchase, planned) -> str | None:
    if purchase is not None:
        return purchase.kind
    return planned.kind if planned is not None else None


def contract_warnings(*, value: Decimal, purchase: Purchase | None = None,
                      planned: PlannedPurchase | None = None) -> list[str]:
    """What the person registering the contract is to confirm (empty: nothing)."""
    warnings = []
    if value is None:
        return warnings
    kind = _kind_of(purchase, planned)
    if kind is not None and is_low_value(purchase, planned):
        threshold = threshold_for(kind)
        if value >= threshold:
            warnings.append(_(
                "The value without VAT (%(value)s) is not below the low-value threshold of "
                "%(kind)s (%(threshold)s), yet the purchase is a low-value one: a purchase "
                "of this value needs another procedure.") % {
                "value": money_text(value), "threshold": money_text(threshold),
                "kind": _kind_words(kind)})
    offer = purchase.chosen_offer if purchase is not None else None
    if offer is not None and offer.price:
        difference = (value - offer.price) * 100 / offer.price
        if abs(difference) > OFFER_DIFFERENCE_PERCENT:
            warnings.append(_(
                "The value without VAT (%(value)s) differs from the chosen offer of "
                "%(supplier)s (%(price)s) by %(percent)s %%.") % {
                "value": money_text(value), "price": money_text(offer.price),
                "supplier": offer.supplier.name,
                "percent": percent_text(difference, signed=True)})
    return warnings


def _kind_words(kind: str) -> str:
    from pirkimai.models import PurchaseKind

    return {PurchaseKind.GOODS: _("goods"), PurchaseKind.SERVICES: _("services"),
            PurchaseKind.WORKS: _("works")}.get(kind, kind)


def _clean_text(value: str) -> str:
    return " ".join((value or "").split())


def _check_values(*, signed_on: date, ends_on: date | None, value, value_with_vat) -> dict:
    errors = {}
    if signed_on is None:
        errors["signed_on"] = _("Enter the date it was signed.")
    elif signed_on > timezone.localdate():
        errors["signed_on"] = _("A contract is registered once it is signed: its date cannot "
                                "be in the future.")
    if value is None or value <= 0:
        errors["value"] = _("The value must be more than zero.")
    if value_with_vat is not None:
        if value_with_vat <= 0:
            errors["value_with_vat"] = _("The value must be more than zero.")
        elif value is not None and value > 0 and value_with_vat < value:
            errors["value_with_vat"] = _("The value with VAT cannot be less than the value "
                                         "without VAT.")
    if ends_on is not None and signed_on is not None and ends_on < signed_on:
        errors["ends_on"] = _("It cannot be valid until a day before it was signed "
                              "(%(day)s).") % {"day": signed_on.isoformat()}
    return errors


def _check_number(*, supplier, kind: str, number: str, exclude_pk=None) -> None:
    if supplier is None or not number:
        return
    taken = Contract.objects.filter(supplier=supplier, kind=kind, number__iexact=number)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise Refused({"number": _("%(supplier)s's %(kind)s No. %(number)s is already in the "
                                   "register.") % {
            "supplier": supplier.name, "number": number,
            "kind": ContractKind(kind).label.lower()}}, code="number")


def _supplier(supplier: Organisation | None, name: str, code: str) -> Organisation:
    """The chosen supplier, or the one typed: found in the list by its name, else added as
    a business."""
    if supplier is not None:
        return supplier
    name = _clean_text(name)
    if not name:
        raise Refused({"supplier": _("Choose the supplier or type a new one's name.")},
                      code="supplier")
    found = Organisation.objects.filter(name__iexact=name, country="LT").first()
    if found is not None:
        return found
    return Organisation.objects.create(name=name[:255], kind=OrganisationKind.BUSINESS,
                                       code=_clean_text(code)[:20])


def _store(contract: Contract, data: bytes, name: str) -> None:
    kind = check_upload(data, name)
    contract.file.save(files.clean_file_name(name, kind, fallback="sutartis"),
                       ContentFile(data), save=False)
    contract.file_name = (name or "").replace("\\", "/").rsplit("/", 1)[-1][:255]


def _read(file) -> bytes:
    return file.read() if hasattr(file, "read") else bytes(file)


def _close_purchase(purchase: Purchase, by) -> None:
    """approved/surveyed → contracted, once: the purchases area's conditional UPDATE (with
    its history entry); a purchase that moved on meanwhile is refused."""
    from pirkimai import services_purchases

    try:
        services_purchases.mark_contracted(purchase=purchase, by=by)
    except ValidationError as refusal:
        raise Refused(refusal.messages, code="purchase") from None


def _reopen_purchase(purchase_pk: int, by) -> None:
    """The purchase's last contract removed: it is surveyed (or approved) again."""
    from pirkimai import services_purchases

    purchase = Purchase.objects.get(pk=purchase_pk)
    if purchase.status != PurchaseStatus.CONTRACTED:
        return
    try:
        services_purchases.reopen_contracted(purchase=purchase, by=by)
    except ValidationError as refusal:
        raise Refused(refusal.messages, code="purchase") from None


# --- registering ---------------------------------------------------------------------------------

def register_contract(*, by, kind: str, number: str, signed_on: date, subject: str,
                      value: Decimal, supplier: Organisation | None = None,
                      supplier_name: str = "", supplier_code: str = "",
                      purchase: Purchase | None = None, planned: PlannedPurchase | None = None,
                      value_with_vat: Decimal | None = None, ends_on: date | None = None,
                      extension: str = "", payment: str = "", note: str = "", file=None,
                      file_name: str = "", confirmed: bool = False) -> Contract:
    """Register a concluded contract or invoice (of ``purchase``, which it closes, or of
    none). Unconfirmed warnings raise ``Warned``."""
    _require_preparer(by)
    data = _read(file) if file is not None else None
    number, subject = _clean_text(number), _clean_text(subject)
    errors = _check_values(signed_on=signed_on, ends_on=ends_on, value=value,
                           value_with_vat=value_with_vat)
    if not number:
        errors["number"] = _("Enter the number.")
    if not subject:
        errors["subject"] = _("Write what was bought.")
    if kind not in ContractKind.values:
        errors["kind"] = _("Choose a contract or an invoice.")
    if errors:
        raise Refused(errors, code="values")
    if data is not None:
        check_upload(data, file_name)
    with transaction.atomic():
        if purchase is not None:
            purchase = (Purchase.objects.select_for_update(of=("self",))
                        .select_related("planned").get(pk=purchase.pk))
            if purchase.status not in READY:
                raise Refused(_("The purchase %(number)s is “%(status)s”: a contract closes an "
                                "approved purchase or one whose supplier was chosen.")
                              % {"number": purchase.full_number,
                                 "status": purchase.get_status_display()}, code="purchase")
            planned = purchase.planned
        supplier = _supplier(supplier, supplier_name, supplier_code)
        _check_number(supplier=supplier, kind=kind, number=number)
        warnings = contract_warnings(value=value, purchase=purchase, planned=planned)
        if warnings and not confirmed:
            raise Warned(warnings)
        if purchase is not None:
            _close_purchase(purchase, by)
        contract = Contract(
            purchase=purchase, planned=planned, kind=kind, number=number[:60],
            signed_on=signed_on, supplier=supplier, subject=subject[:300], value=value,
            value_with_vat=value_with_vat, ends_on=ends_on,
            extension=_clean_text(extension)[:300], payment=_clean_text(payment)[:300],
            note=(note or "").strip(), created_by=by)
        if data is not None:
            _store(contract, data, file_name)
        try:
            contract._history_user = by
            contract.save()
        except BaseException:
            if contract.file:
                contract.file.delete(save=False)
            raise
    return contract


# --- editing -------------------------------------------------------------------------------------

def update_contract(*, contract: Contract, by, version: int, confirmed: bool = False,
                    file=None, file_name: str = "", supplier_name: str = "",
                    supplier_code: str = "", **fields) -> Contract:
    """Save an edit (``fields`` among ``CONTRACT_FIELDS``; ``file`` replaces the signed
    copy). Refused (``stale``) when someone saved after ``version``; unconfirmed warnings
    about a changed value raise ``Warned``."""
    _require_preparer(by)
    unknown = set(fields) - set(CONTRACT_FIELDS)
    if unknown:
        raise TypeError(f"update_contract() cannot change {sorted(unknown)}")
    data = _read(file) if file is not None else None
    with transaction.atomic():
        locked = (Contract.objects.select_for_update(of=("self",))
                  .select_related("purchase__planned", "planned").get(pk=contract.pk))
        if locked.version != version:
            raise Refused(_("Someone saved this contract after you opened it."), code="stale")
        if "supplier" in fields and fields["supplier"] is None:
            fields["supplier"] = _supplier(None, supplier_name, supplier_code)
        values = {name: getattr(locked, name) for name in CONTRACT_FIELDS}
        values.update(fields)
        for name in ("number", "subject", "extension", "payment"):
            values[name] = _clean_text(values[name])
        values["note"] = (values["note"] or "").strip()
        if locked.purchase_id:
            values["planned"] = locked.purchase.planned
        errors = _check_values(signed_on=values["signed_on"], ends_on=values["ends_on"],
                               value=values["value"], value_with_vat=values["value_with_vat"])
        if not values["number"]:
            errors["number"] = _("Enter the number.")
        if not values["subject"]:
            errors["subject"] = _("Write what was bought.")
        if errors:
            raise Refused(errors, code="values")
        _check_number(supplier=values["supplier"], kind=values["kind"],
                      number=values["number"], exclude_pk=locked.pk)
        if values["value"] != locked.value or values["planned"] != locked.planned:
            warnings = contract_warnings(value=values["value"], purchase=locked.purchase,
                                         planned=values["planned"])
            if warnings and not confirmed:
                raise Warned(warnings)
        for name, value in values.items():
            setattr(locked, name, value)
        old_file = locked.file.name if data is not None and locked.file else ""
        if data is not None:
            _store(locked, data, file_name)
        locked.version += 1
        locked._history_user = by
        try:
            locked.save()
        except BaseException:
            if data is not None and locked.file:
                locked.file.delete(save=False)
            raise
        if old_file and old_file != locked.file.name:
            storage = locked.file.storage
            transaction.on_commit(lambda: storage.delete(old_file))
    return locked


@transaction.atomic
def delete_contract(*, contract: Contract, by) -> None:
    """Remove a contract registered by mistake (its signed copy too, after commit). The
    purchase whose last contract it was is surveyed (or approved) again."""
    _require_preparer(by)
    locked = Contract.objects.select_for_update().filter(pk=contract.pk).first()
    if locked is None:
        raise Refused(_("The contract has already been removed."), code="gone")
    purchase_pk, stored = locked.purchase_id, locked.file.name if locked.file else ""
    locked._history_user = by
    locked.delete()
    if purchase_pk and not Contract.objects.filter(purchase_id=purchase_pk).exists():
        _reopen_purchase(purchase_pk, by)
    if stored:
        storage = locked.file.storage
        transaction.on_commit(lambda: storage.delete(stored))


# --- the summary ---------------------------------------------------------------------------------

def _plan_of(year: int) -> ProcurementPlan:
    plan = ProcurementPlan.objects.filter(year=year).first()
    if plan is None:
        raise Refused(_("There is no procurement plan for %(year)s: the summary is built from "
                        "it.") % {"year": year}, code="no_plan")
    return plan


def _recorded_plan(pk: int, by) -> ProcurementPlan:
    plan = ProcurementPlan.objects.get(pk=pk)
    plan._history_user = by
    plan.save(update_fields=["summary_published_on"])
    return plan


@transaction.atomic
def mark_summary_published(*, year: int, by, published_on: date) -> ProcurementPlan:
    """Record the day the year's summary was published in CVP IS (the reminder stops).
    Once: a summary already marked is refused (clear the mark first to correct it)."""
    _require_preparer(by)
    plan = _plan_of(year)
    if published_on is None or published_on > timezone.localdate():
        raise Refused({"published_on": _("The day it was published cannot be in the "
                                         "future.")}, code="published_on")
    if published_on.year < year - 1:
        raise Refused({"published_on": _("The summary of %(year)s is published in %(before)s "
                                         "or later.") % {"year": year, "before": year - 1}},
                      code="published_on")
    moved = ProcurementPlan.objects.filter(pk=plan.pk, summary_published_on__isnull=True) \
        .update(summary_published_on=published_on, version=F("version") + 1)
    if moved != 1:
        current = ProcurementPlan.objects.get(pk=plan.pk)
        raise Refused(_("The summary of %(year)s was already marked published on %(day)s.")
                      % {"year": year, "day": current.summary_published_on.isoformat()},
                      code="published")
    return _recorded_plan(plan.pk, by)


@transaction.atomic
def clear_summary_published(*, year: int, by) -> ProcurementPlan:
    """Take back a mark made by mistake (the reminder resumes)."""
    _require_preparer(by)
    plan = _plan_of(year)
    moved = ProcurementPlan.objects.filter(pk=plan.pk, summary_published_on__isnull=False) \
        .update(summary_published_on=None, version=F("version") + 1)
    if moved != 1:
        raise Refused(_("The summary of %(year)s is not marked published.") % {"year": year},
                      code="not_published")
    return _recorded_plan(plan.pk, by)
