"""The year end's demo: with the plans of 2019–2026 and the registers in place, the ended
years are closed, the 2019 files are destroyed by act 2025 No. 1 (stored files gone, rows
and the act's PDF kept), the expired files of 2020–2021 wait without an act, and 2025 stays
open for the journey. Without the plans it says so and adds nothing."""

import io

import pytest
from django.core.files.storage import default_storage

from archyvas import demo_yearend
from archyvas.models import (
    ActStatus,
    DestructionAct,
    FilePlan,
    PlanFile,
    PlanStatus,
    RegisterEntry,
    RegisterKind,
)
from archyvas.tests.factories import make_plan, make_register
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def accounts(db):
    return (UserFactory(role="staff", email=demo_yearend.STAFF, full_name="Daiva Darbuotoja"),
            UserFactory(role="management", email=demo_yearend.MANAGER,
                        full_name="Vida Vadovė"))


def test_without_the_plans_the_demo_says_so_and_adds_nothing(accounts):
    out = io.StringIO()
    demo_yearend.load(out)
    assert "skipped" in out.getvalue()
    assert not DestructionAct.objects.exists() and not RegisterEntry.objects.exists()


def test_the_demo_destroys_2019_and_leaves_2020_and_2021_waiting(accounts):
    staff, manager = accounts
    for year in range(2019, 2027):
        make_plan(year, by=manager)
    make_register(RegisterKind.INCOMING)
    make_register(RegisterKind.OUTGOING)
    out = io.StringIO()
    demo_yearend.load(out)
    assert set(FilePlan.objects.filter(status=PlanStatus.CLOSED)
               .values_list("year", flat=True)) == set(range(2019, 2025))
    assert FilePlan.objects.get(year=2025).status == PlanStatus.APPROVED
    act = DestructionAct.objects.get()
    assert (act.year, act.number, act.status) == (2025, 1, ActStatus.EXECUTED)
    assert act.approved_by == manager and str(act.approved_on) == "2025-02-20"
    assert act.file and default_storage.exists(act.file.name)
    destroyed = RegisterEntry.objects.filter(year=2019)
    assert destroyed.count() == 5
    assert all(e.file_destroyed_on and e.destruction_act == act for e in destroyed)
    assert not any(e.file for e in destroyed)
    kept = act.items.get(decision="extend").plan_file
    assert str(kept.retention_ends) == "2027-12-31" and kept.destroyed_on is None
    waiting = PlanFile.objects.expired(demo_yearend.TODAY).filter(
        plan__year__in=(2020, 2021))
    assert waiting.exists() and not waiting.filter(destruction_items__isnull=False).exists()
    stored = RegisterEntry.objects.filter(year__in=(2020, 2021))
    assert stored.count() == 6 and all(default_storage.exists(e.file.name) for e in stored)
    assert "executed" in out.getvalue()
    demo_yearend.load(io.StringIO())
    assert DestructionAct.objects.count() == 1 and RegisterEntry.objects.count() == 11
