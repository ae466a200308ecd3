"""Builders of the contracts area's tests: a purchase whose supplier was chosen (three
offers, the cheapest chosen), a contract registered through the service with sensible
defaults, the contract form's fields, files, and the area's URLs."""

import datetime
import io
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from bibliotekos.models import Organisation, OrganisationKind
from pirkimai import services_contracts as services
from pirkimai.models import ContractKind, PurchaseKind, PurchaseStatus
from pirkimai.tests.factories import make_cpv, make_offer, make_purchase


def today() -> datetime.date:
    return timezone.localdate()


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


def this_year_day(days_ago: int = 0) -> datetime.date:
    """``days_ago`` before today, kept in this year."""
    return max(datetime.date(today().year, 1, 1), days(-days_ago))


_counter = {"n": 0}


def supplier(name: str | None = None, code: str = "") -> Organisation:
    """A business of the list (a fresh name each call unless given)."""
    if name is None:
        _counter["n"] += 1
        name = f"UAB „Tiekėjas {_counter['n']}“"
    found, _created = Organisation.objects.get_or_create(
        name=name, defaults={"kind": OrganisationKind.BUSINESS, "code": code or "300000000"})
    return found


def surveyed_purchase(by, *, prices=("1000", "1150", "1300"), kind=PurchaseKind.GOODS,
                      status=PurchaseStatus.SURVEYED, planned=None, value="1200",
                      title="Biuro popierius", cpv=None, number=None):
    """A purchase of this year with three offers, the cheapest chosen (``status``
    surveyed); ``prices`` empty: no survey."""
    purchase = make_purchase(by=by, year=today().year, number=number, title=title, kind=kind,
                             value=value,
                             status=status, planned=planned, cpv=cpv or make_cpv(),
                             decided_by=by, decided_at=timezone.now())
    cheapest = min((Decimal(price) for price in prices), default=None)
    for price in prices:
        make_offer(purchase, supplier(), price=price, chosen=Decimal(price) == cheapest,
                   price_with_vat=(Decimal(price) * Decimal("1.21")).quantize(Decimal("0.01")),
                   asked_on=this_year_day(10))
    return purchase


def register(by, **values):
    """``services.register_contract`` with defaults: a contract signed today."""
    defaults = {"kind": ContractKind.CONTRACT, "number": f"S-{today().year}-1",
                "signed_on": today(), "subject": "Biuro popierius",
                "value": Decimal("1000.00")}
    defaults.update(values)
    if defaults.get("supplier") is None and not defaults.get("supplier_name") \
            and defaults.get("purchase") is None:
        defaults["supplier"] = supplier()
    if defaults.get("supplier") is None and defaults.get("purchase") is not None \
            and not defaults.get("supplier_name"):
        offer = defaults["purchase"].chosen_offer
        defaults["supplier"] = offer.supplier if offer else supplier()
    return services.register_contract(by=by, **defaults)


def contract_post(**changes) -> dict:
    """The contract form's fields (a contract of a new supplier, signed today)."""
    data = {"kind": "contract", "number": f"S-{today().year}-9", "signed_on":
            today().isoformat(), "supplier": "", "supplier_name": "UAB „Naujas tiekėjas“",
            "supplier_code": "304000111", "subject": "Projektoriaus nuoma renginiui",
            "value": "1 234,50 €", "value_with_vat": "1 493,75", "ends_on": "",
            "extension": "", "payment": "", "planned": "", "note": ""}
    data.update({name: str(value) if value is not None else "" for name, value in
                 changes.items()})
    return data


def pdf_bytes(text: str = "Pasirašyta sutartis") -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<p>{text}</p>").write_pdf()


def docx_bytes(text: str = "Pasirašyta sutartis") -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def url(name: str, *args) -> str:
    return reverse(f"pirkimai:{name}", args=args)
