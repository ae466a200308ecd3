"""The demo file plans: the BDSTR items, the plans of 2019–2026 each a copy of the year
before, 2019–2024 closed with their files' dates and retention ends (so short-retention
files have expired by December 2026), 2025 and 2026 approved, no 2027, the document kinds
that make "File it" suggest a file — and a second run that adds nothing."""

import datetime
import io

import pytest

from archyvas import demo_plan
from archyvas.models import BdstrItem, FilePlan, PlanFile, PlanStatus
from archyvas.selectors_plan import file_for_kind
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def accounts(db):
    return {"staff": UserFactory(role="staff", email=demo_plan.STAFF, full_name="Rūta Žemaitienė"),
            "methodist": UserFactory(role="staff", email=demo_plan.METHODIST,
                                     full_name="Jūratė Šimkienė"),
            "manager": UserFactory(role="management", email=demo_plan.MANAGER,
                                   full_name="Vytautas Čėsna")}


def test_the_demo_plans_run_from_2019_to_2026_as_copies_closed_until_2024(accounts):
    out = io.StringIO()
    demo_plan.load(out)
    plans = {plan.year: plan for plan in FilePlan.objects.all()}
    assert sorted(plans) == list(range(2019, 2027))
    assert BdstrItem.objects.filter(act=demo_plan.ACT).count() >= 25
    for year in range(2019, 2025):
        plan = plans[year]
        assert plan.status == PlanStatus.CLOSED and plan.closed_on == datetime.date(year, 12, 31)
        assert not plan.files.filter(closed_on=None).exists()
        assert not plan.files.filter(permanent=False, retention_ends=None).exists()
    assert plans[2025].status == PlanStatus.APPROVED and plans[2025].closed_on is None
    assert plans[2026].status == PlanStatus.APPROVED
    assert plans[2026].approved_by == accounts["manager"]
    assert all(plans[y].copied_from == plans[y - 1] for y in range(2020, 2027))
    assert plans[2026].unit_name == "Bibliotekų veiklos skyrius"
    assert plans[2026].files.count() == 15
    assert not plans[2026].files.filter(responsible=None).exists()
    assert "file plans" in out.getvalue()


def test_short_retention_files_of_2019_to_2021_have_expired_by_december_2026(accounts):
    demo_plan.load(io.StringIO())
    expired = PlanFile.objects.expired(datetime.date(2026, 12, 4))
    years = {(f.plan.year, f.retention_years) for f in expired.select_related("plan")}
    assert {(2019, 1), (2019, 2), (2020, 3), (2021, 1), (2021, 2)} <= years
    assert not expired.filter(plan__year=2021, retention_years=5).exists()


def test_file_it_suggests_the_demo_files_by_kind(accounts):
    demo_plan.load(io.StringIO())
    assert file_for_kind(2026, "ataskaitos.document", "regional_analysis").title == \
        "Analitinės ataskaitos ir apžvalgos"
    assert file_for_kind(2026, "pirkimai.survey").index == "7.15"
    assert file_for_kind(2026, "statistika.statistics_report").index == "7.2"
    assert file_for_kind(2026, "bendradarbiavimas.minutes").title.startswith("Komisijų")
    assert file_for_kind(2025, "ataskaitos.document", "mokymai.participants").index == "7.5"
    assert file_for_kind(2024, "bendradarbiavimas.minutes") is None       # a closed year


def test_a_second_run_adds_nothing(accounts):
    demo_plan.load(io.StringIO())
    counts = (FilePlan.objects.count(), PlanFile.objects.count(), BdstrItem.objects.count())
    out = io.StringIO()
    demo_plan.load(out)
    assert (FilePlan.objects.count(), PlanFile.objects.count(),
            BdstrItem.objects.count()) == counts
    assert "left alone" in out.getvalue()
