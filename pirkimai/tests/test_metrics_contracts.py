"""The procurement metrics (function 6.2) and the annual report's chapter: purchases
approved in a period and not cancelled; the value without VAT of the contracts and invoices
signed in it; territory only (a municipality's or a library's scope has none)."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.utils import timezone

from pirkimai.models import ContractKind, Method, PurchaseKind, PurchaseStatus
from pirkimai.reports_summary import annual_chapter, purchases_by_method
from pirkimai.tests.factories import make_plan, make_planned, make_purchase
from pirkimai.tests.factories_contracts import register, supplier
from portalas.metrics import Period, Scope
from portalas.registry import annual_report_sections, metric

pytestmark = pytest.mark.django_db

YEAR = 2025


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def _at(day: date):
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


@pytest.fixture
def year_of_procurement(staff, territory):
    plan = make_plan(YEAR)
    open_line = make_planned(plan, title="Remontas", kind=PurchaseKind.WORKS, value="200000",
                             method=Method.OPEN)
    approved = [
        make_purchase(by=staff, year=YEAR, status=PurchaseStatus.CONTRACTED, value="1000",
                      decided_at=_at(date(YEAR, 2, 3))),
        make_purchase(by=staff, year=YEAR, status=PurchaseStatus.SURVEYED, value="2500",
                      kind=PurchaseKind.SERVICES, decided_at=_at(date(YEAR, 5, 6))),
        make_purchase(by=staff, year=YEAR, status=PurchaseStatus.APPROVED, value="150000",
                      kind=PurchaseKind.WORKS, planned=open_line,
                      decided_at=_at(date(YEAR, 11, 30))),
    ]
    make_purchase(by=staff, year=YEAR, status=PurchaseStatus.CANCELLED,
                  decided_at=_at(date(YEAR, 4, 1)))                       # cancelled since
    make_purchase(by=staff, year=YEAR, status=PurchaseStatus.RETURNED,
                  decided_at=_at(date(YEAR, 4, 2)))                       # not approved
    make_purchase(by=staff, year=YEAR, status=PurchaseStatus.SUBMITTED)
    make_purchase(by=staff, year=YEAR + 1, number=1, status=PurchaseStatus.APPROVED,
                  decided_at=_at(date(YEAR + 1, 1, 2)))                   # next year
    register(staff, supplier=supplier(), number="A", signed_on=date(YEAR, 2, 10),
             value=Decimal("1000.50"), value_with_vat=Decimal("1210.61"))
    register(staff, supplier=supplier(), number="B", signed_on=date(YEAR, 12, 31),
             kind=ContractKind.INVOICE, value=Decimal("99.50"))
    register(staff, supplier=supplier(), number="C", signed_on=date(YEAR - 1, 12, 31),
             value=Decimal("5000"))
    return {"approved": approved, "plan": plan}


def test_purchases_approved_in_the_year_not_cancelled_are_counted(year_of_procurement):
    purchases = metric("pirkimai.purchases")
    assert purchases.function == "6.2" and purchases.unit == "vnt."
    assert purchases.value(Period.year(YEAR)) == 3
    assert set(purchases.records(Period.year(YEAR))) == set(year_of_procurement["approved"])
    assert purchases.value(Period.quarter(YEAR, 2)) == 1
    assert purchases.value(Period.year(YEAR + 1)) == 1


def test_the_value_of_contracts_concluded_is_the_sum_without_vat(year_of_procurement):
    value = metric("pirkimai.value")
    assert value.function == "6.2"
    assert value.value(Period.year(YEAR)) == Decimal("1100.00")
    assert value.value(Period.quarter(YEAR, 1)) == Decimal("1000.50")
    assert value.value(Period.year(YEAR - 1)) == Decimal("5000")
    assert value.records(Period.year(YEAR)).count() == 2


def test_below_the_territory_the_procurement_metrics_have_nothing(year_of_procurement,
                                                                   territory):
    for scope in (Scope.of_municipality(territory.municipality_a),
                  Scope.of_library(territory.system_a)):
        assert metric("pirkimai.purchases").value(Period.year(YEAR), scope) == 0
        assert metric("pirkimai.value").value(Period.year(YEAR), scope) == Decimal("0")


def test_purchases_are_counted_by_method_and_kind(year_of_procurement):
    rows = {row["method"]: row for row in purchases_by_method(YEAR)}
    assert set(rows) == {Method.LOW_VALUE, Method.OPEN}
    assert rows[Method.LOW_VALUE][PurchaseKind.GOODS] == 1
    assert rows[Method.LOW_VALUE][PurchaseKind.SERVICES] == 1
    assert rows[Method.LOW_VALUE]["value"] == Decimal("3500")
    assert rows[Method.OPEN][PurchaseKind.WORKS] == 1


def test_the_annual_chapter_builds_with_the_years_procurement(year_of_procurement, staff):
    from pirkimai import services_contracts as services

    section = annual_report_sections.get("pirkimai")
    assert section.function == "6.2"
    services.mark_summary_published(year=YEAR, by=staff, published_on=date(YEAR, 3, 12))
    [chapter] = section.build(YEAR, staff)
    facts = dict(chapter.facts)
    assert facts["Purchases approved"] == 3
    assert facts["Contracts concluded"] == 1 and facts["Invoices"] == 1
    assert facts["Value without VAT"] == "1,100.00 €"
    assert facts["Summary published in CVP IS on"] == f"{YEAR}-03-12"
    assert f"published in CVP IS on {YEAR}-03-12" in chapter.paragraphs[0]
    [table] = chapter.tables
    assert table.rows[-1][0] == "Total" and table.rows[-1][4] == 3
    assert table.rows[-1][5] == Decimal("153500")


def test_a_year_without_procurement_has_no_chapter(db):
    assert annual_chapter(1999) == []
