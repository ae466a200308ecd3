"""Writes of the procurement plan (``services_plan``): a new year's plan, empty or with the
latest plan's lines; the note with its version; the approval by management, once; lines
added, changed (two editors at once), deleted (their purchases kept); who may do what;
the threshold warning of a low-value line, alone and with the year's other lines of its
code; and the selectors' totals by quarter, by CPV code and by method."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from pirkimai import selectors_plan as selectors
from pirkimai import services_plan as services
from pirkimai.models import (
    CpvCode,
    Method,
    PlannedPurchase,
    PlanStatus,
    ProcurementPlan,
    Purchase,
    PurchaseKind,
)
from pirkimai.tests.factories import make_cpv, make_plan, make_planned, make_purchase
from pirkimai.tests.factories_plan import load_codes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    settings.PROCUREMENT_LOW_VALUE_GOODS_SERVICES = 70_000
    settings.PROCUREMENT_LOW_VALUE_WORKS = 174_000
    settings.PROCUREMENT_WARNING_PERCENT = 80


def new_line(plan, **fields) -> PlannedPurchase:
    values = {"title": "Knygos", "cpv": make_cpv("22110000-4"), "kind": PurchaseKind.GOODS,
              "estimated_value": Decimal("1000"), "quarter": 1, "method": Method.LOW_VALUE}
    values.update(fields)
    return PlannedPurchase(plan=plan, **values)


# --- plans ---------------------------------------------------------------------------------------

def test_a_new_plan_copies_the_latest_plans_lines_with_their_history(staff, manager):
    load_codes()
    source = make_plan(2025, status=PlanStatus.APPROVED, by=manager)
    make_planned(source, title="Knygos", value="25000", quarter=2, responsible=staff,
                 note="Pagal komplektavimo planą", duration_months=12)
    make_planned(source, title="Remontas", cpv=make_cpv("45453000-7"), kind=PurchaseKind.WORKS,
                 value="180000", method=Method.OPEN, quarter=3)
    plan = services.create_plan(year=2026, by=staff, copy_lines=True, note="  Projektas ")
    assert (plan.status, plan.copied_from, plan.note, plan.created_by) == (
        PlanStatus.DRAFT, source, "Projektas", staff)
    copied = list(plan.purchases.order_by("quarter").values_list(
        "title", "estimated_value", "quarter", "method", "responsible", "note",
        "duration_months"))
    assert copied == [("Knygos", Decimal("25000"), 2, Method.LOW_VALUE, staff.pk,
                       "Pagal komplektavimo planą", 12),
                      ("Remontas", Decimal("180000"), 3, Method.OPEN, None, "", None)]
    assert source.purchases.count() == 2
    assert PlannedPurchase.history.filter(plan_id=plan.pk, history_user=staff).count() == 2
    assert plan.history.get().history_user == staff


def test_a_plan_for_a_year_that_has_one_or_a_copy_without_a_source_is_refused(staff):
    make_plan(2026)
    with pytest.raises(services.Refused) as caught:
        services.create_plan(year=2026, by=staff)
    assert caught.value.code == "exists"
    with pytest.raises(services.Refused) as caught:
        services.create_plan(year=2020, by=staff, copy_lines=True)
    assert caught.value.code == "no_source"
    with pytest.raises(services.Refused):
        services.create_plan(year=1900, by=staff)
    assert ProcurementPlan.objects.count() == 1


def test_management_and_librarians_cannot_create_or_change_plans(manager, librarian_a):
    plan = make_plan(2026)
    for user in (manager, librarian_a):
        with pytest.raises(PermissionDenied):
            services.create_plan(year=2027, by=user)
        with pytest.raises(PermissionDenied):
            services.save_line(line=new_line(plan), by=user)
    with pytest.raises(PermissionDenied):
        services.approve_plan(plan=plan, by=librarian_a)


def test_the_note_is_saved_once_per_version_and_a_stale_save_is_refused(staff):
    plan = make_plan(2026)
    saved = services.update_plan(plan=plan, by=staff, seen_version=1, note="Pirmas")
    assert (saved.note, saved.version) == ("Pirmas", 2)
    with pytest.raises(services.Refused) as caught:
        services.update_plan(plan=plan, by=staff, seen_version=1, note="Antras")
    assert caught.value.code == "stale"
    assert ProcurementPlan.objects.get(pk=plan.pk).note == "Pirmas"


def test_management_approve_a_plan_once_and_the_second_approval_names_the_first(staff, manager):
    plan = make_plan(2026, by=staff)
    make_planned(plan)
    approved = services.approve_plan(plan=plan, by=manager)
    assert (approved.status, approved.approved_by, approved.approved_on) == (
        PlanStatus.APPROVED, manager, timezone.localdate())
    assert approved.history.first().history_user == manager
    with pytest.raises(services.Refused) as caught:
        services.approve_plan(plan=plan, by=manager)
    assert caught.value.code == "approved"
    assert "already approved on" in caught.value.messages[0]
    assert manager.full_name in caught.value.messages[0]
    assert ProcurementPlan.objects.get(pk=plan.pk).version == 2


def test_an_empty_plan_is_not_approved_and_staff_cannot_approve(staff, manager):
    plan = make_plan(2026)
    with pytest.raises(services.Refused) as caught:
        services.approve_plan(plan=plan, by=manager)
    assert caught.value.code == "empty"
    make_planned(plan)
    with pytest.raises(PermissionDenied):
        services.approve_plan(plan=plan, by=staff)
    assert ProcurementPlan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT


# --- lines ---------------------------------------------------------------------------------------

def test_a_new_line_goes_to_the_end_and_a_change_bumps_its_version(staff):
    plan = make_plan(2026)
    first = services.save_line(line=new_line(plan, title="  Knygos   fondui "), by=staff)
    second = services.save_line(line=new_line(plan, title="Periodika"), by=staff)
    assert (first.title, first.position, second.position, first.version) == (
        "Knygos fondui", 0, 1, 1)
    first.estimated_value = Decimal("2500")
    changed = services.save_line(line=first, by=staff, seen_version=1)
    assert changed.version == 2
    assert PlannedPurchase.history.filter(id=first.pk).first().history_user == staff


def test_two_editors_of_one_line_the_second_is_refused(staff, administrator):
    plan = make_plan(2026)
    line = services.save_line(line=new_line(plan), by=staff)
    mine = PlannedPurchase.objects.get(pk=line.pk)
    theirs = PlannedPurchase.objects.get(pk=line.pk)
    theirs.estimated_value = Decimal("3000")
    services.save_line(line=theirs, by=administrator, seen_version=1)
    mine.estimated_value = Decimal("4000")
    with pytest.raises(services.Refused) as caught:
        services.save_line(line=mine, by=staff, seen_version=1)
    assert caught.value.code == "stale"
    assert PlannedPurchase.objects.get(pk=line.pk).estimated_value == Decimal("3000")


def test_a_line_without_an_object_with_zero_or_negative_value_or_a_code_out_of_use_is_refused(
        staff):
    plan = make_plan(2026)
    old = make_cpv("79952000-2")
    CpvCode.objects.filter(pk=old.pk).update(active=False)
    old.refresh_from_db()
    for fields, field in (({"title": "  "}, "title"), ({"estimated_value": Decimal("0")},
                                                        "estimated_value"),
                          ({"estimated_value": Decimal("-5")}, "estimated_value"),
                          ({"quarter": 5}, "quarter"), ({"cpv": old}, "cpv")):
        with pytest.raises(services.Refused) as caught:
            services.save_line(line=new_line(plan, **fields), by=staff)
        assert field in caught.value.error_dict, fields
    assert not plan.purchases.exists()


def test_a_line_that_already_names_a_code_out_of_use_may_keep_it(staff):
    plan = make_plan(2026)
    line = make_planned(plan, cpv=make_cpv("79952000-2"))
    CpvCode.objects.filter(code="79952000-2").update(active=False)
    line = PlannedPurchase.objects.get(pk=line.pk)
    line.estimated_value = Decimal("900")
    assert services.save_line(line=line, by=staff, seen_version=1).estimated_value == 900


def test_deleting_a_line_keeps_its_purchases_and_records_who(staff):
    plan = make_plan(2026, status=PlanStatus.APPROVED)
    line = make_planned(plan)
    purchase, pk = make_purchase(by=staff, planned=line), line.pk
    assert services.delete_line(line=line, by=staff) == 1
    assert not PlannedPurchase.objects.exists()
    assert Purchase.objects.get(pk=purchase.pk).planned is None
    record = PlannedPurchase.history.filter(id=pk, history_type="-").get()
    assert record.history_user == staff


def test_an_approved_plans_lines_are_still_amended(staff):
    plan = make_plan(2026, status=PlanStatus.APPROVED)
    services.save_line(line=new_line(plan, title="Papildomas pirkimas"), by=staff)
    assert plan.purchases.count() == 1
    assert ProcurementPlan.objects.get(pk=plan.pk).status == PlanStatus.APPROVED


# --- the threshold warning -----------------------------------------------------------------------

def test_a_low_value_line_alone_at_the_threshold_warns_over(staff):
    plan = make_plan(2026)
    check = services.line_warning(new_line(plan, estimated_value=Decimal("70000")), year=2026)
    assert (check.level, check.threshold, check.percent) == ("over", Decimal("70000"),
                                                             Decimal("100.0"))
    assert services.line_warning(new_line(plan, estimated_value=Decimal("90000"),
                                          method=Method.OPEN), year=2026) is None


def test_low_value_lines_of_one_code_together_near_or_over_the_threshold_warn(staff):
    plan = make_plan(2026)
    books = make_cpv("22110000-4")
    make_planned(plan, cpv=books, value="30000")
    make_planned(plan, cpv=books, value="20000", method=Method.OPEN)   # not low-value
    assert services.line_warning(new_line(plan, estimated_value=Decimal("20000")),
                                 year=2026) is None                     # 50 000: 71 %
    near = services.line_warning(new_line(plan, estimated_value=Decimal("26000")), year=2026)
    assert (near.level, near.total) == ("near", Decimal("56000"))
    over = services.line_warning(new_line(plan, estimated_value=Decimal("40000")), year=2026)
    assert over.level == "over"
    other_year = make_plan(2027)
    assert services.line_warning(new_line(other_year, estimated_value=Decimal("40000")),
                                 year=2027) is None


def test_works_are_held_to_their_own_threshold(settings):
    plan = make_plan(2026)
    works = new_line(plan, cpv=make_cpv("45453000-7"), kind=PurchaseKind.WORKS,
                     estimated_value=Decimal("100000"))
    assert services.line_warning(works, year=2026) is None
    settings.PROCUREMENT_LOW_VALUE_WORKS = 120_000
    assert services.line_warning(works, year=2026).level == "near"


# --- the selectors -------------------------------------------------------------------------------

def test_the_totals_by_quarter_code_and_method(staff):
    plan = make_plan(2026)
    books, repair = make_cpv("22110000-4"), make_cpv("45453000-7")
    make_planned(plan, cpv=books, value="30000", quarter=1)
    make_planned(plan, cpv=books, value="28000", quarter=3)
    make_planned(plan, cpv=books, value="15000", quarter=3, method=Method.CENTRAL)
    make_planned(plan, cpv=repair, kind=PurchaseKind.WORKS, value="185000", quarter=3,
                 method=Method.OPEN)
    lines = selectors.plan_lines(plan)
    quarters = {group["quarter"]: (len(group["lines"]), group["total"])
                for group in selectors.by_quarter(lines)}
    assert quarters == {1: (1, Decimal("30000")), 2: (0, Decimal("0")),
                        3: (3, Decimal("228000")), 4: (0, Decimal("0"))}
    totals = {row.cpv.code: row for row in selectors.cpv_totals(lines)}
    assert (totals["22110000-4"].total, totals["22110000-4"].low_value,
            totals["22110000-4"].other) == (Decimal("73000"), Decimal("58000"),
                                            Decimal("15000"))
    assert totals["22110000-4"].level == "near"
    assert totals["22110000-4"].check.percent == Decimal("82.9")
    assert (totals["45453000-7"].check, totals["45453000-7"].level,
            totals["45453000-7"].threshold) == (None, "ok", Decimal("174000"))
    methods = selectors.method_totals(lines)
    assert (methods["low_value"]["count"], methods["low_value"]["total"]) == (2, Decimal("58000"))
    assert (methods["other"]["count"], methods["other"]["total"]) == (2, Decimal("200000"))
    figures = selectors.year_figures(2026, timezone.localdate().replace(year=2026, month=2,
                                                                         day=1))
    assert (figures["plan"].line_count, figures["plan"].above_count, figures["warnings"]) == (
        4, 2, 1)
    assert figures["due"].isoformat() == "2026-03-15" and figures["due_in"] == 42
