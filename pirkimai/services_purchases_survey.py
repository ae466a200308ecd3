"""The supplier survey (tiekėjų apklausos pažyma) of an approved purchase: the suppliers
asked, their offers and the choice (see ``services_purchases`` for the rules every write
follows). ``services_purchases`` re-exports ``OfferRow`` and ``record_survey``."""

import logging
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from bibliotekos.models import Organisation, OrganisationKind
from pirkimai.models import Purchase, PurchaseStatus, SupplierOffer, may_prepare
from pirkimai.selectors_purchases import proposed_index
from pirkimai.services_purchases import (
    COMPANY_CODE,
    SURVEYABLE,
    Refused,
    _history,
    _moved_on,
    _require,
    _words,
)

logger = logging.getLogger("regionas.procurement")


@dataclass
class OfferRow:
    """One supplier asked: an organisation of the list (``supplier``), or a new one by
    ``new_name`` and ``new_code``. A stored offer of the same supplier is changed."""

    asked_on: date
    asked_how: str
    answered: bool = True
    price: Decimal | None = None
    price_with_vat: Decimal | None = None
    note: str = ""
    supplier: Organisation | None = None
    new_name: str = ""
    new_code: str = ""
    number: int | None = None      # the row's number as the user sees it (else its order)


def _number(row: OfferRow, index: int) -> int:
    return row.number or index + 1


def _supplier_of(row: OfferRow, index: int, by) -> Organisation:
    """The row's supplier: the one chosen, else found by company code or name, else added
    (a business in Lithuania)."""
    if row.supplier is not None:
        return row.supplier
    name, code = _words(row.new_name), (row.new_code or "").replace(" ", "")
    n = _number(row, index)
    if not name:
        raise Refused({f"rows-{index}": _("Row %(n)s: choose a supplier or write the new "
                                          "one's name.") % {"n": n}}, code="supplier")
    if code and not COMPANY_CODE.fullmatch(code):
        raise Refused({f"rows-{index}": _("Row %(n)s: a company code has 9 digits (or 7 for "
                                          "an older one).") % {"n": n}},
                      code="company_code")
    found = Organisation.objects.filter(code=code).first() if code else None
    if found is None:
        found = (Organisation.objects.annotate(lower=Lower("name"))
                 .filter(lower=name.lower(), country="LT").first())
    if found is not None:
        return found
    supplier = Organisation(name=name, code=code, kind=OrganisationKind.BUSINESS, country="LT")
    supplier._history_user = by
    supplier.save()
    return supplier


def _check_rows(rows, *, surveyed_on: date) -> None:
    errors = {}
    for index, row in enumerate(rows):
        key, n = f"rows-{index}", _number(row, index)
        if any(price is not None and price <= 0 for price in (row.price, row.price_with_vat)):
            errors[key] = _("Row %(n)s: a price must be more than zero.") % {"n": n}
        elif not row.answered and (row.price is not None or row.price_with_vat is not None):
            errors[key] = _("Row %(n)s: a supplier who made no offer has no price.") % {"n": n}
        elif row.answered and row.price is None and row.price_with_vat is not None:
            errors[key] = _("Row %(n)s: write the price without VAT too.") % {"n": n}
        elif (row.price is not None and row.price_with_vat is not None
              and row.price_with_vat < row.price):
            errors[key] = _("Row %(n)s: the price with VAT cannot be below the price "
                            "without it.") % {"n": n}
        elif row.asked_on is None or row.asked_on > surveyed_on:
            errors[key] = _("Row %(n)s: the supplier is asked on or before the survey's "
                            "date.") % {"n": n}
    if errors:
        raise Refused(errors, code="rows")


def _check_choice(rows, chosen: int | None, criterion: str, reason: str) -> None:
    if chosen is None:
        return
    if not 0 <= chosen < len(rows):
        raise Refused({"chosen": _("Choose one of the suppliers asked.")}, code="chosen")
    row = rows[chosen]
    if not row.answered or row.price is None:
        raise Refused({"chosen": _("The chosen supplier must have made an offer with a "
                                   "price.")}, code="chosen_price")
    cheapest = proposed_index(rows, criterion)
    if cheapest is not None and row.price > rows[cheapest].price:
        from portalas.templatetags.portal import number

        raise Refused({"chosen": _("Under the lowest-price criterion the cheapest offer is "
                                   "chosen (%(price)s € without VAT); choose it or change the "
                                   "criterion.") % {"price": number(rows[cheapest].price, 2)}},
                      code="not_cheapest")
    if not reason:
        raise Refused({"reason": _("Say why this supplier is chosen.")}, code="reason")


@transaction.atomic
def record_survey(*, purchase: Purchase, by, version: int, method: str, surveyed_on: date,
                  criterion: str, rows: list[OfferRow], chosen: int | None = None,
                  reason: str = "") -> Purchase:
    """Record the supplier survey of an approved purchase: how and when suppliers were
    asked, by which criterion, one row per supplier asked; with ``chosen`` (a row's index)
    the supplier is chosen and the purchase is surveyed. Recorded again, the rows replace
    the stored offers (each supplier's offer changed in place)."""
    _require(may_prepare, by)
    locked = Purchase.objects.select_for_update().get(pk=purchase.pk)
    if locked.version != version:
        raise Refused(_("Someone saved this purchase after you opened it."), code="stale")
    if locked.status not in SURVEYABLE:
        raise Refused(_("The supplier survey is recorded once the request is approved; "
                        "%(number)s is “%(status)s”.")
                      % {"number": locked.full_number, "status": locked.get_status_display()},
                      code="status")
    errors = {}
    if not method:
        errors["method"] = _("Say how the suppliers were asked.")
    if surveyed_on is None or surveyed_on > timezone.localdate():
        errors["surveyed_on"] = _("The survey's date cannot be in the future.")
    if not rows:
        errors["rows"] = _("Record at least one supplier asked.")
    if errors:
        raise Refused(errors, code="survey")
    _check_rows(rows, surveyed_on=surveyed_on)
    reason = (reason or "").strip()
    _check_choice(rows, chosen, criterion, reason)
    suppliers = [_supplier_of(row, index, by) for index, row in enumerate(rows)]
    seen = {}
    for index, supplier in enumerate(suppliers):
        if supplier.pk in seen:
            first = seen[supplier.pk]
            raise Refused({f"rows-{index}": _("Row %(n)s: %(supplier)s is already in row "
                                              "%(first)s.") % {
                "n": _number(rows[index], index), "supplier": supplier.name,
                "first": _number(rows[first], first)}}, code="twice")
        seen[supplier.pk] = index
    _write_offers(locked, rows, suppliers, chosen, by)
    status = PurchaseStatus.SURVEYED if chosen is not None else PurchaseStatus.APPROVED
    moved = Purchase.objects.filter(pk=locked.pk, status__in=SURVEYABLE).update(
        status=status, survey_method=method, surveyed_on=surveyed_on, criterion=criterion,
        surveyed_by=by, choice_reason=reason if chosen is not None else "",
        version=F("version") + 1, updated_at=timezone.now())
    if moved != 1:
        raise _moved_on(locked)
    surveyed = Purchase.objects.get(pk=locked.pk)
    _history(surveyed, by)
    logger.info("purchase %s surveyed by user %s: %s offers, chosen %s", surveyed.pk, by.pk,
                len(rows), chosen)
    return surveyed


def _write_offers(purchase: Purchase, rows, suppliers, chosen, by) -> None:
    """The rows as the purchase's offers: a supplier's stored offer is changed (its history
    goes on), a supplier no longer in the rows loses theirs, a new one gets one."""
    stored = {offer.supplier_id: offer for offer in purchase.offers.all()}
    wanted = {supplier.pk for supplier in suppliers}
    for supplier_id, offer in stored.items():
        if supplier_id not in wanted:
            offer._history_user = by
            offer.delete()
    # no offer is chosen while the rows are written (one chosen offer per purchase)
    SupplierOffer.objects.filter(purchase=purchase, chosen=True).update(chosen=False)
    for index, (row, supplier) in enumerate(zip(rows, suppliers, strict=True)):
        offer = stored.get(supplier.pk) or SupplierOffer(purchase=purchase, supplier=supplier)
        offer.asked_on, offer.asked_how = row.asked_on, row.asked_how
        offer.answered = row.answered
        offer.price, offer.price_with_vat = row.price, row.price_with_vat
        offer.note = _words(row.note)[:500]
        offer.chosen = index == chosen
        offer.position = index
        offer._history_user = by
        offer.save()
