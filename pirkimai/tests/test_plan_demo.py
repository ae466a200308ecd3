"""The demo of the plan area: the CPV vocabulary's demo file (the official XML format) loaded
through the same service as the upload, last year's and this year's plans written through
the services (this year's started from last year's lines, approved, then amended), the
splitting warning of the library books and the two purchases the summary lists — and a
second run that adds nothing."""

import io
from decimal import Decimal

import pytest
from django.utils import timezone

from pirkimai import demo_plan
from pirkimai import selectors_plan as selectors
from pirkimai.models import CpvCode, Method, PlannedPurchase, PlanStatus, ProcurementPlan
from pirkimai.models.vocabulary import CpvLoad
from pirkimai.services_cpv import load_vocabulary
from pirkimai.tests.factories_plan import cpv_xml
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def accounts(db):
    return {"staff": UserFactory(role="staff", email=demo_plan.STAFF,
                                 full_name="Rūta Žemaitienė"),
            "methodist": UserFactory(role="staff", email=demo_plan.METHODIST,
                                     full_name="Jūratė Šimkienė"),
            "manager": UserFactory(role="management", email=demo_plan.MANAGER,
                                   full_name="Vytautas Čėsna")}


def test_the_demo_vocabulary_is_a_few_dozen_real_codes_in_the_official_format(accounts):
    demo_plan.load(io.StringIO())
    assert CpvCode.objects.count() == 54
    for code, title in (("22110000-4", "Spausdintos knygos"), ("80500000-9", "Mokymo paslaugos"),
                        ("79810000-5", "Spausdinimo paslaugos"),
                        ("45453000-7", "Kapitalinio remonto ir atnaujinimo darbai")):
        assert CpvCode.objects.get(code=code).title_lt == title
    assert CpvLoad.objects.get().file_format == "xml"


def test_the_demo_plans_last_years_and_this_years_approved_and_amended(accounts):
    out = io.StringIO()
    demo_plan.load(out)
    today = timezone.localdate()
    last = ProcurementPlan.objects.get(year=today.year - 1)
    current = ProcurementPlan.objects.get(year=today.year)
    assert last.status == current.status == PlanStatus.APPROVED
    assert current.approved_by == accounts["manager"] and current.copied_from == last
    assert current.approved_on <= today
    assert current.purchases.count() == 15 and last.purchases.count() == 12
    assert not current.purchases.filter(title=demo_plan.DROPPED).exists()
    assert set(current.purchases.exclude(method=Method.LOW_VALUE).values_list(
        "title", flat=True)) == {"Kompiuterinė įranga regiono bibliotekoms (per CPO LT)",
                                 "Skaityklos kapitalinis remontas"}
    warnings = [row for row in selectors.cpv_totals(selectors.plan_lines(current))
                if row.level != "ok"]
    assert [(row.cpv.code, row.level) for row in warnings] == [("22113000-5", "near")]
    amended = current.purchases.get(title=demo_plan.AMENDED[0])
    assert amended.estimated_value == Decimal(demo_plan.AMENDED[1])
    assert amended.history.first().history_user == accounts["staff"]
    assert not current.purchases.filter(responsible=None).exists()
    expected = 3 if today.month >= demo_plan.NEXT_YEAR_FROM_MONTH else 2
    assert ProcurementPlan.objects.count() == expected
    assert "procurement plans" in out.getvalue()


def test_a_second_run_adds_nothing_and_the_demo_file_takes_no_code_out_of_use(accounts):
    load_vocabulary(data=cpv_xml([("03000000-1", "Žemės ūkio produktai", "Agricultural")]))
    demo_plan.load(io.StringIO())
    counts = (ProcurementPlan.objects.count(), PlannedPurchase.objects.count(),
              CpvCode.objects.count())
    out = io.StringIO()
    demo_plan.load(out)
    assert (ProcurementPlan.objects.count(), PlannedPurchase.objects.count(),
            CpvCode.objects.count()) == counts
    assert "left alone" in out.getvalue()
    assert CpvCode.objects.get(code="03000000-1").active


def test_without_the_demo_accounts_only_the_vocabulary_is_loaded(db):
    out = io.StringIO()
    demo_plan.load(out)
    assert CpvCode.objects.count() == 54 and not ProcurementPlan.objects.exists()
    assert "no demo accounts" in out.getvalue()
