"""Plain builders of procurement records for tests (straight into the database, no
service): every area's tests start from these and add their own in
``factories_<area>.py``."""

import datetime
from decimal import Decimal

from bibliotekos.models import Organisation, OrganisationKind
from paskyros.models import Role
from pirkimai.models import (
    Contract,
    ContractKind,
    CpvCode,
    Method,
    PlannedPurchase,
    PlanStatus,
    ProcurementPlan,
    Purchase,
    PurchaseKind,
    PurchaseStatus,
    SupplierOffer,
)
from tests.factories import UserFactory

#: (code, Lithuanian title, English title) — a few codes of the vocabulary.
CODES = (("30190000-7", "Įvairi biuro įranga ir reikmenys",
          "Various office equipment and supplies"),
         ("22110000-4", "Spausdintos knygos", "Printed books"),
         ("79952000-2", "Renginių paslaugos", "Event services"),
         ("45453000-7", "Kapitalinio remonto ir atnaujinimo darbai",
          "Overhaul and refurbishment work"),
         ("80500000-9", "Mokymo paslaugos", "Training services"))


def staff(**kwargs):
    return UserFactory(role=Role.STAFF, **kwargs)


def manager(**kwargs):
    return UserFactory(role=Role.MANAGEMENT, **kwargs)


def make_cpv(code="30190000-7", title_lt=None, title_en="") -> CpvCode:
    known = {c: (lt, en) for c, lt, en in CODES}
    lt, en = known.get(code, (f"Kodas {code}", ""))
    return CpvCode.objects.get_or_create(code=code, defaults={
        "title_lt": title_lt or lt, "title_en": title_en or en})[0]


def make_supplier(name="UAB „Biuro prekės“", **kwargs) -> Organisation:
    return Organisation.objects.create(name=name, kind=OrganisationKind.BUSINESS,
                                       code=kwargs.pop("code", "300000000"), **kwargs)


def make_plan(year=2026, *, status=PlanStatus.DRAFT, by=None) -> ProcurementPlan:
    plan = ProcurementPlan.objects.create(year=year, status=status, created_by=by)
    if status == PlanStatus.APPROVED:
        plan.approved_on = datetime.date(year, 1, 15)
        plan.approved_by = by
        plan.save()
    return plan


def make_planned(plan, *, title="Biuro reikmenys", cpv=None, kind=PurchaseKind.GOODS,
                 value="5000", quarter=1, method=Method.LOW_VALUE, **kwargs) -> PlannedPurchase:
    return PlannedPurchase.objects.create(plan=plan, title=title, cpv=cpv or make_cpv(),
                                          kind=kind, estimated_value=Decimal(value),
                                          quarter=quarter, method=method, **kwargs)


def make_purchase(*, by, year=2026, number=None, title="Biuro popierius", cpv=None,
                  kind=PurchaseKind.GOODS, value="1200", status=PurchaseStatus.DRAFT,
                  **kwargs) -> Purchase:
    if number is None:
        number = (Purchase.objects.filter(year=year).count() + 1)
    return Purchase.objects.create(year=year, number=number, title=title,
                                   cpv=cpv or make_cpv(), kind=kind,
                                   estimated_value=Decimal(value), status=status,
                                   need=kwargs.pop("need", "Popierius spausdintuvams."),
                                   requested_by=by, **kwargs)


def make_offer(purchase, supplier=None, *, price="1000", chosen=False, **kwargs) -> SupplierOffer:
    return SupplierOffer.objects.create(
        purchase=purchase, supplier=supplier or make_supplier(), chosen=chosen,
        asked_on=kwargs.pop("asked_on", datetime.date(2026, 3, 2)),
        price=Decimal(price) if price is not None else None, **kwargs)


def make_contract(*, supplier=None, purchase=None, number="S-1", signed_on=None,
                  value="1000", kind=ContractKind.CONTRACT, ends_on=None,
                  subject="Biuro popierius", **kwargs) -> Contract:
    return Contract.objects.create(purchase=purchase, kind=kind, number=number,
                                   signed_on=signed_on or datetime.date(2026, 3, 10),
                                   supplier=supplier or make_supplier(), subject=subject,
                                   value=Decimal(value), ends_on=ends_on, **kwargs)
