"""The plan's and the report's workflow through the services: copy, submit, return,
approve, amend; snapshots; two managers at once; roles refused."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from planavimas import services_workflow as workflow
from planavimas import tree
from planavimas.models import Event, Indicator, Measure, Plan, Snapshot, Status
from planavimas.tests.factories import approved_plan, first, make_plan

pytestmark = pytest.mark.django_db


def test_a_new_plan_copies_last_years_structure_not_its_answers(staff):
    old = make_plan(year=2025, goals=2, measures=2, metric="mokymai.events_held")
    measure = first(old, Measure)
    measure.result, measure.deadline = "done", date(2025, 6, 30)
    measure.save()
    Indicator.objects.filter(measure=measure).update(actual_manual=5)
    new = workflow.create_plan(year=2026, by=staff)
    assert new.copied_from == old and new.status == Status.DRAFT
    copied = tree.build(new)
    assert [g["title"] for g in copied["goals"]] == [g["title"] for g in tree.build(old)["goals"]]
    assert copied["totals"]["measures"] == 4 and copied["totals"]["linked"] == 4
    moved = first(new, Measure)
    assert moved.deadline == date(2026, 6, 30) and moved.result == ""
    assert first(new, Indicator).actual_manual is None


def test_copy_refused_without_an_earlier_plan_and_year_taken(staff):
    with pytest.raises(workflow.Refused):
        workflow.create_plan(year=2026, by=staff)
    workflow.create_plan(year=2026, by=staff, copy=False)
    with pytest.raises(workflow.Refused):
        workflow.create_plan(year=2026, by=staff, copy=False)


def test_roles(staff, manager, librarian_a):
    with pytest.raises(PermissionDenied):
        workflow.create_plan(year=2026, by=manager, copy=False)
    plan = make_plan()
    with pytest.raises(PermissionDenied):
        workflow.submit(plan, by=librarian_a)
    plan = workflow.submit(plan, by=staff)
    with pytest.raises(PermissionDenied):
        workflow.approve(plan, by=staff)


def test_submit_return_approve_amend_keeps_every_approved_version(staff, manager):
    plan = workflow.submit(make_plan(), by=staff)
    plan = workflow.return_with_comments(plan, by=manager, comment="Papildykite rodiklius.")
    assert plan.status == Status.RETURNED and plan.return_comment == "Papildykite rodiklius."
    plan = workflow.approve(workflow.submit(plan, by=staff), by=manager)
    assert plan.status == Status.APPROVED and plan.number == 1
    plan = workflow.amend(plan, by=staff, reason="Pakeistas finansavimas")
    assert plan.status == Status.DRAFT and plan.number == 2
    first(plan, Indicator).__class__.objects.update(planned=12)
    plan = workflow.approve(workflow.submit(plan, by=staff), by=manager)
    versions = Snapshot.objects.filter(plan=plan).order_by("number")
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].data["goals"][0]["objectives"][0]["measures"][0]["indicators"][0][
        "planned"] == "10"
    assert versions[1].reason == "Pakeistas finansavimas"
    assert Event.objects.filter(plan=plan).count() == 7   # no "created": a factory plan


def test_two_managers_approve_once(staff, manager):
    plan = workflow.submit(make_plan(), by=staff)
    workflow.approve(plan, by=manager)
    with pytest.raises(workflow.Refused) as refused:
        workflow.approve(plan, by=manager)
    assert refused.value.code == "stale"
    assert Snapshot.objects.count() == 1


def test_an_empty_plan_is_not_submitted(staff):
    plan = Plan.objects.create(year=2026)
    with pytest.raises(workflow.Refused):
        workflow.submit(plan, by=staff)


def test_report_waits_for_an_approved_plan_and_freezes_actuals(staff, manager):
    plan = make_plan()
    with pytest.raises(workflow.Refused):
        workflow.start_report(plan, by=staff)
    plan = approved_plan(staff=staff, manager=manager, year=2025)
    Indicator.objects.filter(measure__objective__goal__plan=plan).update(actual_manual=7)
    report = workflow.start_report(plan, by=staff)
    assert workflow.start_report(plan, by=staff) == report
    report = workflow.approve(workflow.submit(report, by=staff), by=manager)
    frozen = Snapshot.objects.get(plan=plan, kind="report").data
    indicator = frozen["goals"][0]["objectives"][0]["measures"][0]["indicators"][0]
    assert indicator["actual"] == "7" and indicator["fulfilment"] == "70.0"
    Indicator.objects.update(actual_manual=9)
    assert Snapshot.objects.get(plan=plan, kind="report").data == frozen
