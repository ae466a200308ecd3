"""Demo data of the contracts area, on top of the plan's and the purchases' demo (it runs
after them): this year's concluded contracts and invoices — those of the surveyed demo
purchases but the oldest (left with its supplier chosen), others
concluded without a purchase (through CPO LT, an invoice), one ending within the warning
window — and last year's register, whose summary is marked published. This year's summary
is left unpublished, so its reminder shows. Dated from ``timezone.localdate()``; a second
run adds nothing."""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from bibliotekos.models import Organisation, OrganisationKind
from pirkimai import services_contracts as services
from pirkimai.models import (
    Contract,
    ContractKind,
    Method,
    PlannedPurchase,
    ProcurementPlan,
    Purchase,
    PurchaseStatus,
)

STAFF = "darbuotojas@demo.lt"

#: Suppliers: (name, company code, address).
SUPPLIERS = {
    "ignitis": ("UAB „Ignitis“", "303383884", "Laisvės pr. 10, Vilnius"),
    "telia": ("Telia Lietuva, AB", "121215434", "Saltoniškių g. 7A, Vilnius"),
    "biuras": ("UAB „Biuro pasaulis“", "302614287", "Taikos pr. 88, Klaipėda"),
    "knygos": ("UAB „Knygų klubas“", "121765323", "Laisvės al. 41, Kaunas"),
    "valymas": ("UAB „Švarus miestas“", "304512870", "Minijos g. 180, Klaipėda"),
    "renginiai": ("MB „Kultūros dirbtuvės“", "305118442", "Turgaus g. 12, Klaipėda"),
}


def _day(today: date, days_ago: int) -> date:
    """``days_ago`` before today, but in this year (a contract of this year)."""
    return max(date(today.year, 1, 1), today - timedelta(days=days_ago))


def _supplier(key: str) -> Organisation:
    name, code, address = SUPPLIERS[key]
    found, _created = Organisation.objects.get_or_create(
        name=name, defaults={"kind": OrganisationKind.BUSINESS, "code": code,
                             "address": address})
    return found


def _line(year: int, method: str | None = None):
    lines = PlannedPurchase.objects.filter(plan__year=year)
    if method:
        lines = lines.filter(method=method)
    return lines.order_by("pk").first()


def _signed_copy(contract: Contract) -> tuple[bytes, str]:
    from ataskaitos.renderers import render
    from pirkimai.reports_contracts import contract_document

    document = contract_document(contract)
    return render(document, "pdf"), f"{document.filename}-pasirasyta.pdf"


def _register(by, *, supplier: str, number: str, kind=ContractKind.CONTRACT, signed_copy=False,
              **values) -> Contract | None:
    supplier_row = _supplier(supplier)
    if Contract.objects.filter(supplier=supplier_row, kind=kind, number=number).exists():
        return None
    contract = services.register_contract(by=by, supplier=supplier_row, number=number,
                                          kind=kind, confirmed=True, **values)
    if signed_copy:
        data, name = _signed_copy(contract)
        contract = services.update_contract(contract=contract, by=by,
                                            version=contract.version, file=data,
                                            file_name=name)
    return contract


def _purchases_contracts(by, today: date) -> int:
    """Contracts of the surveyed demo purchases but the oldest, which stays with its
    supplier chosen (the purchases' demo: the office supplies stay, the toner cartridges
    are concluded)."""
    oldest = (Purchase.objects.filter(year=today.year, status__in=(
        PurchaseStatus.SURVEYED, PurchaseStatus.CONTRACTED)).order_by("number").first())
    surveyed = list(Purchase.objects.filter(status=PurchaseStatus.SURVEYED, year=today.year)
                    .exclude(pk=oldest.pk if oldest else None)
                    .prefetch_related("offers__supplier").order_by("number"))
    made = 0
    for index, purchase in enumerate(surveyed):
        offer = purchase.chosen_offer
        if offer is None or offer.price is None:
            continue
        signed_on = max(_day(today, 20 - 3 * index), (purchase.surveyed_on or today))
        signed_on = min(signed_on, today)
        number = f"S-{today.year}-{purchase.number:02d}"
        if Contract.objects.filter(purchase=purchase).exists():
            continue
        services.register_contract(
            by=by, purchase=purchase, supplier=offer.supplier, number=number,
            kind=ContractKind.CONTRACT, signed_on=signed_on, subject=purchase.title,
            value=offer.price, value_with_vat=offer.price_with_vat
            or (offer.price * Decimal("1.21")).quantize(Decimal("0.01")),
            ends_on=date(today.year, 12, 31),
            payment="Per 30 dienų nuo PVM sąskaitos faktūros gavimo dienos.",
            confirmed=True)
        made += 1
    return made


def _this_year(by, today: date) -> int:
    made = 0
    central = _line(today.year, Method.CENTRAL)
    rows = [
        {"supplier": "ignitis", "number": f"CPO-{today.year}-118", "signed_on": _day(today, 60),
         "subject": "Elektros energijos tiekimas (per CPO LT)", "value": Decimal("14250.00"),
         "value_with_vat": Decimal("17242.50"), "ends_on": date(today.year, 12, 31),
         "extension": "Gali būti pratęsta vieneriems metams tomis pačiomis sąlygomis.",
         "planned": central, "signed_copy": True},
        {"supplier": "telia", "number": f"TL-{today.year}-0457", "signed_on": _day(today, 300),
         "subject": "Interneto ryšio ir IP telefonijos paslaugos",
         "value": Decimal("2160.00"), "value_with_vat": Decimal("2613.60"),
         "ends_on": today + timedelta(days=20),
         "extension": "Pratęsiama, jei nė viena šalis neįspėja prieš 30 dienų.",
         "payment": "Kas mėnesį, per 14 dienų nuo sąskaitos gavimo.", "signed_copy": True},
        {"supplier": "biuras", "number": "BP-0098812", "kind": ContractKind.INVOICE,
         "signed_on": _day(today, 12), "subject": "Kanceliarinės prekės seminarams",
         "value": Decimal("318.45"), "value_with_vat": Decimal("385.32")},
        {"supplier": "valymas", "number": f"SM-{today.year}-07", "signed_on": _day(today, 150),
         "subject": "Patalpų valymo paslaugos", "value": Decimal("4800.00"),
         "value_with_vat": Decimal("5808.00"), "ends_on": today + timedelta(days=160)},
    ]
    for row in rows:
        if _register(by, **row) is not None:
            made += 1
    return made


def _last_year(by, today: date) -> int:
    year = today.year - 1
    rows = [
        {"supplier": "ignitis", "number": f"CPO-{year}-093", "signed_on": date(year, 1, 12),
         "subject": "Elektros energijos tiekimas (per CPO LT)", "value": Decimal("13880.00"),
         "value_with_vat": Decimal("16794.80"), "ends_on": date(year, 12, 31),
         "planned": _line(year, Method.CENTRAL)},
        {"supplier": "knygos", "number": f"KK-{year}-15", "signed_on": date(year, 4, 3),
         "subject": "Metodinės literatūros leidiniai bibliotekininkams",
         "value": Decimal("1940.00"), "value_with_vat": Decimal("2037.00"),
         "ends_on": date(year, 6, 30)},
        {"supplier": "renginiai", "number": f"KD-{year}-3", "signed_on": date(year, 9, 18),
         "subject": "Regiono bibliotekininkų konferencijos organizavimo paslaugos",
         "value": Decimal("3650.00"), "value_with_vat": Decimal("4416.50"),
         "ends_on": date(year, 10, 31)},
        {"supplier": "biuras", "number": "BP-0081377", "kind": ContractKind.INVOICE,
         "signed_on": date(year, 11, 5), "subject": "Spausdintuvų kasetės",
         "value": Decimal("512.40"), "value_with_vat": Decimal("620.00")},
    ]
    made = sum(1 for row in rows if _register(by, **row) is not None)
    plan = ProcurementPlan.objects.filter(year=year, summary_published_on__isnull=True).first()
    if plan is not None:
        services.mark_summary_published(year=year, by=by, published_on=date(year, 3, 10))
    return made


def load(out) -> None:
    staff = get_user_model().objects.filter(email=STAFF, is_active=True).first()
    if staff is None:
        out.write("Procurement contracts: no demo staff member, nothing added.\n")
        return
    today = timezone.localdate()
    made = _purchases_contracts(staff, today) + _this_year(staff, today) + \
        _last_year(staff, today)
    total = Contract.objects.count()
    out.write(f"Procurement contracts: {made} added ({total} in the register).\n")
