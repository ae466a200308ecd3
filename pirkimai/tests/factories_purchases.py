"""Builders of the purchases' tests: a request through the service with sensible defaults,
moved on to submitted, approved or surveyed (three offers, the cheapest chosen), and the
POST data of the request form and of the survey form."""

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from bibliotekos.models import Organisation, OrganisationKind
from pirkimai import selectors_purchases as selectors
from pirkimai import services_purchases as services
from pirkimai.models import AskedHow, Criterion, FundingSource, PurchaseKind, SurveyMethod
from pirkimai.services_purchases import OfferRow
from pirkimai.tests.factories import make_cpv

#: Three suppliers' prices without VAT (the second is the cheapest).
PRICES = ("1450.00", "1180.50", "1320.00")


def today() -> datetime.date:
    return timezone.localdate()


def url(name, *args) -> str:
    return reverse(f"pirkimai:{name}", args=args)


def request(by, *, confirmed=True, **fields):
    """A draft request of this year (the splitting warning confirmed, unless told)."""
    values = {"title": "Biuro popierius ir rašymo priemonės", "cpv": make_cpv(),
              "kind": PurchaseKind.GOODS, "need": "Popierius A4 (200 pakuočių) metams.",
              "justification": "Baigiasi atsargos.", "estimated_value": Decimal("1500.00"),
              "funding": FundingSource.STATE, "budget_line": "", "needed_by": None,
              "planned": None, "project": None, "project_budget_line": None}
    values.update(fields)
    return services.create_request(by=by, confirmed=confirmed, **values)


def submitted(by, **fields):
    return services.submit(purchase=request(by, **fields), by=by, confirmed=True)


def approved(by, manager, **fields):
    return services.approve(purchase=submitted(by, **fields), by=manager)


def suppliers(count: int = 3) -> list:
    names = ("UAB „Biuro pasaulis“", "UAB „Kanceliarinės prekės“", "UAB „Popierius LT“",
             "UAB „Raštinė“", "UAB „Spaudos namai“")
    return [Organisation.objects.get_or_create(
        name=names[n], defaults={"kind": OrganisationKind.BUSINESS, "code": f"30{n}456789"})[0]
        for n in range(count)]


def rows(prices=PRICES, *, answered=None, people=None) -> list[OfferRow]:
    people = people or suppliers(len(prices))
    answered = answered or [True] * len(prices)
    return [OfferRow(supplier=supplier, asked_on=today(), asked_how=AskedHow.EMAIL,
                     answered=did, price=Decimal(price) if price else None,
                     price_with_vat=(Decimal(price) * Decimal("1.21")).quantize(
                         Decimal("0.01")) if price else None)
            for supplier, price, did in zip(people, prices, answered, strict=True)]


def surveyed(by, manager, *, prices=PRICES, **fields):
    """Approved, then three suppliers asked and the cheapest chosen."""
    purchase = approved(by, manager, **fields)
    offered = rows(prices)
    chosen = selectors.proposed_index(offered, Criterion.PRICE)
    return services.record_survey(
        purchase=purchase, by=by, version=purchase.version, method=SurveyMethod.WRITTEN,
        surveyed_on=today(), criterion=Criterion.PRICE, rows=offered, chosen=chosen,
        reason="Mažiausia kaina.")


def request_post(**changes) -> dict:
    """The request form's fields."""
    cpv = changes.pop("cpv", None) or make_cpv()
    data = {"title": "Spausdintuvo kasetės", "cpv": cpv.code, "kind": "goods",
            "planned": "", "need": "Kasetės 4 spausdintuvams.", "justification": "",
            "estimated_value": "1 234,50 €", "needed_by": "", "funding": "state",
            "budget_line": "", "project": "", "project_budget_line": ""}
    data.update({name: str(value) if value is not None else ""
                 for name, value in changes.items()})
    return data


def survey_post(purchase, offered: list[dict], *, chosen=None, action="choose",
                method="written", criterion="price", reason="Mažiausia kaina.",
                version=None, surveyed_on=None) -> dict:
    """The survey form: ``offered`` rows as {supplier | new_name/new_code, price, …}."""
    data = {"version": str(purchase.version if version is None else version),
            "method": method, "surveyed_on": (surveyed_on or today()).isoformat(),
            "criterion": criterion, "reason": reason,
            "rows-TOTAL_FORMS": str(len(offered)), "rows-INITIAL_FORMS": "0",
            "rows-MIN_NUM_FORMS": "0", "rows-MAX_NUM_FORMS": "1000", action: "1"}
    if chosen is not None:
        data["chosen"] = str(chosen)
    for index, row in enumerate(offered):
        values = {"supplier": "", "new_name": "", "new_code": "",
                  "asked_on": today().isoformat(), "asked_how": "email", "answered": "on",
                  "price": "", "price_with_vat": "", "note": ""}
        values.update({key: str(value) for key, value in row.items()})
        if values["answered"] in ("", "False"):
            del values["answered"]
        data.update({f"rows-{index}-{key}": value for key, value in values.items()})
    return data
