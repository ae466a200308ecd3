"""The demo purchases load through the services on top of the plan's and the projects'
demo: one in each state before the contract, one paid from the demo project, one surveyed
with three offers and the cheapest chosen, suppliers as businesses, the plan's lines
linked by CPV code; the second time nothing is added."""

import io

import pytest
from django.utils import timezone

from bibliotekos.models import OrganisationKind
from pirkimai import demo_plan, demo_purchases
from pirkimai.models import Purchase, PurchaseStatus
from projektai.models import ProjectStatus
from projektai.tests.factories import make_project
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_people():
    staff = UserFactory(role="staff", email="darbuotojas@demo.lt",
                        full_name="Rūta Žemaitienė")
    UserFactory(role="staff", email="metodininke@demo.lt", full_name="Jūratė Šimkienė")
    UserFactory(role="management", email="vadovas@demo.lt", full_name="Vytautas Čėsna")
    return staff


def test_the_demo_purchases_load_once_in_every_state(demo_people, mailoutbox):
    project = make_project(by=demo_people, status=ProjectStatus.RUNNING, acronym="SKA",
                           title="Skaitmeninių kompetencijų akademija")
    line = project.budget_lines.create(code="3", title="Mokymų priemonės ir įranga")
    out = io.StringIO()
    demo_plan.load(out)
    demo_purchases.load(out)
    purchases = Purchase.objects.filter(year=timezone.localdate().year)
    assert {p.status for p in purchases} == {
        PurchaseStatus.DRAFT, PurchaseStatus.SUBMITTED, PurchaseStatus.RETURNED,
        PurchaseStatus.APPROVED, PurchaseStatus.SURVEYED, PurchaseStatus.CANCELLED}
    assert sorted(p.number for p in purchases) == list(range(1, purchases.count() + 1))
    paid = purchases.get(project=project)
    assert (paid.project_budget_line, paid.status) == (line, PurchaseStatus.APPROVED)
    office = purchases.get(title="Biuro popierius ir raštinės prekės")
    offers = list(office.offers.order_by("position"))
    assert len(offers) == 3
    cheapest = min(offers, key=lambda offer: offer.price)
    assert office.chosen_offer == cheapest and cheapest.supplier.name.startswith("UAB „")
    assert {offer.supplier.kind for offer in offers} == {OrganisationKind.BUSINESS}
    assert office.planned is not None and office.planned.cpv == office.cpv
    assert purchases.filter(planned__isnull=False).count() >= 4
    returned = purchases.get(status=PurchaseStatus.RETURNED)
    assert returned.decision_note and returned.requested_by == demo_people
    assert purchases.filter(threshold_confirmed=True).exists()
    assert not mailoutbox
    count = Purchase.objects.count()
    demo_purchases.load(out)
    assert Purchase.objects.count() == count
    assert "already there" in out.getvalue()


def test_without_a_plan_or_a_project_the_purchases_load_without_them(demo_people):
    out = io.StringIO()
    demo_purchases.load(out)
    purchases = Purchase.objects.all()
    assert purchases.count() >= 8
    assert not purchases.filter(planned__isnull=False).exists()
    assert not purchases.filter(project__isnull=False).exists()


def test_without_the_demo_accounts_nothing_loads(db):
    out = io.StringIO()
    demo_purchases.load(out)
    assert not Purchase.objects.exists() and "no demo accounts" in out.getvalue()
