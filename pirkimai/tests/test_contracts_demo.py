"""The contracts' demo loads through the services on top of the purchases' demo: contracts
of the surveyed purchases but the oldest, contracts and an invoice without a purchase, one
ending within the warning window with its signed copy, last year's register with its
summary marked published, this year's summary not; the second time nothing is added."""

import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from pirkimai import demo_contracts
from pirkimai.models import Contract, ContractKind, Method, ProcurementPlan, PurchaseStatus
from pirkimai.tests.factories import make_plan, make_planned
from pirkimai.tests.factories_contracts import surveyed_purchase
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_empty_database_gets_nothing_and_no_error():
    out = io.StringIO()
    demo_contracts.load(out)
    assert "nothing added" in out.getvalue()
    assert not Contract.objects.exists()


def test_the_demo_contracts_load_once_with_one_ending_soon():
    staff = UserFactory(role="staff", email="darbuotojas@demo.lt")
    UserFactory(role="management", email="vadovas@demo.lt")
    today = timezone.localdate()
    for year in (today.year - 1, today.year):
        plan = make_plan(year)
        make_planned(plan, title="Elektros energija", value="90000", method=Method.CENTRAL)
    surveyed = [surveyed_purchase(staff, title=f"Pirkimas {n}") for n in range(3)]
    out = io.StringIO()
    demo_contracts.load(out)
    assert "Procurement contracts:" in out.getvalue()
    statuses = [p.__class__.objects.get(pk=p.pk).status for p in surveyed]
    assert statuses == [PurchaseStatus.SURVEYED, PurchaseStatus.CONTRACTED,
                        PurchaseStatus.CONTRACTED]     # the oldest keeps its supplier chosen
    this_year = Contract.objects.filter(signed_on__year=today.year)
    assert this_year.filter(purchase__isnull=False).count() == 2
    assert this_year.filter(purchase__isnull=True, kind=ContractKind.INVOICE).exists()
    assert this_year.filter(planned__method=Method.CENTRAL).exists()
    window = today + timedelta(days=settings.PROCUREMENT_CONTRACT_ENDING_DAYS)
    assert Contract.objects.filter(ends_on__gte=today, ends_on__lte=window).exists()
    assert Contract.objects.exclude(file="").count() == 2
    assert Contract.objects.filter(signed_on__year=today.year - 1).count() == 4
    assert ProcurementPlan.objects.get(year=today.year - 1).summary_published_on is not None
    assert ProcurementPlan.objects.get(year=today.year).summary_published_on is None
    count = Contract.objects.count()
    demo_contracts.load(out)
    assert Contract.objects.count() == count


def test_on_top_of_the_plans_and_purchases_demo_the_toner_is_concluded(mailoutbox):
    from pirkimai import demo_plan, demo_purchases
    from projektai.models import ProjectStatus
    from projektai.tests.factories import make_project

    staff = UserFactory(role="staff", email="darbuotojas@demo.lt", full_name="Rūta Žemaitienė")
    UserFactory(role="staff", email="metodininke@demo.lt", full_name="Jūratė Šimkienė")
    UserFactory(role="management", email="vadovas@demo.lt", full_name="Vytautas Čėsna")
    project = make_project(by=staff, status=ProjectStatus.RUNNING, acronym="SKA",
                           title="Skaitmeninių kompetencijų akademija")
    project.budget_lines.create(code="3", title="Mokymų priemonės ir įranga")
    out = io.StringIO()
    for area in (demo_plan, demo_purchases, demo_contracts):
        area.load(out)
    today = timezone.localdate()
    contracted = Contract.objects.filter(purchase__isnull=False)
    assert contracted.count() >= 1
    assert all(c.purchase.status == PurchaseStatus.CONTRACTED for c in contracted)
    assert all(c.value == c.purchase.chosen_offer.price for c in contracted)
    assert ProcurementPlan.objects.get(year=today.year).summary_published_on is None
    assert mailoutbox == []
