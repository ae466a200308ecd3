"""The plan's services: a new year's plan as a copy of another (every field kept,
``copied_from`` set) or empty, a year refused twice, the header's version, the approval
(needs files; fixes the plan; twice pressed moves it once), the approval withdrawn while
nothing is in the plan, and a file's checks (the index, the retention, the BDSTR item's
title and retention, the document kinds)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from archyvas import services_plan as services
from archyvas.models import FilePlan, PlanFile, PlanStatus
from archyvas.tests.factories import (
    make_entry,
    make_filed,
    make_plan,
    make_plan_file,
    make_register,
)
from archyvas.tests.factories_plan import make_items

pytestmark = pytest.mark.django_db


def errors_of(refusal) -> dict:
    return {field: [m for e in errors for m in e.messages]
            for field, errors in refusal.error_dict.items()}


def approve(plan, by, **fields):
    values = {"approved_on": datetime.date(plan.year - 1, 12, 20),
              "approval_reference": "Direktoriaus 2025-12-20 įsakymas Nr. V-90"}
    values.update(fields)
    return services.approve_plan(plan=plan, by=by, **values)


# --- a new year's plan ------------------------------------------------------------------------

def test_a_copy_keeps_every_field_of_every_file_and_names_its_source(staff, manager):
    items = make_items()
    source = make_plan(2025, files=())
    make_plan_file(source, "7.2", title="Statistinės ataskaitos", years=10,
                   bdstr_item=items["statistics"], note="Elektroninė byla",
                   responsible=staff, kinds=["statistika.statistics_report"], position=1)
    make_plan_file(source, "7.1", title="Veiklos planai", permanent=True,
                   bdstr_item=items["plans"], responsible=manager, position=0)
    copy = services.copy_plan(source=source, year=2026, by=staff)
    assert copy.status == PlanStatus.DRAFT and copy.copied_from == source
    assert copy.unit_name == source.unit_name
    fields = ("index", "title", "permanent", "retention_years", "bdstr_item_id", "note",
              "responsible_id", "kinds", "position")

    def shape(plan):
        return [tuple(getattr(f, n) for n in fields)
                for f in plan.files.order_by("position")]

    assert shape(copy) == shape(source)
    assert copy.files.filter(closed_on=None, retention_ends=None).count() == 2
    assert PlanFile.history.filter(plan_id=copy.pk, history_type="+",
                                   history_user=staff).count() == 2


def test_a_copy_of_a_closed_year_leaves_the_year_end_behind(staff):
    source = make_plan(2024, status=PlanStatus.CLOSED)
    copy = services.copy_plan(source=source, year=2025, by=staff)
    assert copy.files.count() == source.files.count()
    assert not copy.files.exclude(closed_on=None).exists()
    assert not copy.files.exclude(retention_ends=None).exists()
    assert copy.approved_on is None and copy.closed_on is None


def test_a_year_that_has_a_plan_is_refused_and_nothing_is_copied(staff):
    source = make_plan(2025)
    make_plan(2026, files=())
    with pytest.raises(services.Refused) as refused:
        services.copy_plan(source=source, year=2026, by=staff)
    assert "2026" in errors_of(refused.value)["year"][0]
    with pytest.raises(services.Refused):
        services.create_plan(year=2026, by=staff)
    assert FilePlan.objects.get(year=2026).files.count() == 0


def test_an_empty_plan_starts_a_draft_without_files(staff):
    plan = services.create_plan(year=2027, by=staff, unit_name=" Bibliotekų veiklos skyrius ")
    assert plan.status == PlanStatus.DRAFT and plan.copied_from is None
    assert plan.unit_name == "Bibliotekų veiklos skyrius" and not plan.files.exists()


def test_management_and_librarians_create_no_plan(manager, librarian_a):
    for user in (manager, librarian_a):
        with pytest.raises(PermissionDenied):
            services.create_plan(year=2027, by=user)
    assert not FilePlan.objects.exists()


# --- the header and the approval --------------------------------------------------------------

def test_a_header_saved_after_someone_elses_is_refused_as_stale(staff):
    plan = make_plan(2026, status=PlanStatus.DRAFT)
    services.update_plan(plan=plan, by=staff, seen_version=1, unit_name="Skyrius A")
    with pytest.raises(services.Refused) as refused:
        services.update_plan(plan=plan, by=staff, seen_version=1, unit_name="Skyrius B")
    assert refused.value.code == "stale"
    assert FilePlan.objects.get(pk=plan.pk).unit_name == "Skyrius A"


def test_approval_needs_files(manager):
    plan = make_plan(2026, status=PlanStatus.DRAFT, files=())
    with pytest.raises(services.Refused) as refused:
        approve(plan, manager)
    assert refused.value.code == "incomplete"
    assert FilePlan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT


def test_approval_records_the_date_the_document_and_who_pressed(manager):
    plan = make_plan(2026, status=PlanStatus.DRAFT)
    approved = approve(plan, manager)
    assert approved.status == PlanStatus.APPROVED
    assert approved.approved_on == datetime.date(2025, 12, 20)
    assert approved.approved_by == manager and approved.version == 2
    assert approved.approval_reference.startswith("Direktoriaus")
    assert approved.history.first().history_user == manager


def test_staff_record_an_approval_made_on_paper_but_librarians_cannot(staff, librarian_a):
    plan = make_plan(2026, status=PlanStatus.DRAFT)
    with pytest.raises(PermissionDenied):
        approve(plan, librarian_a)
    assert approve(plan, staff).approved_by == staff


def test_an_approval_pressed_twice_moves_the_plan_once(manager):
    plan = make_plan(2026, status=PlanStatus.DRAFT)
    approve(plan, manager)
    with pytest.raises(services.Refused) as refused:
        approve(plan, manager, approved_on=datetime.date(2026, 1, 2))
    assert refused.value.code == "moved"
    assert FilePlan.objects.get(pk=plan.pk).approved_on == datetime.date(2025, 12, 20)


def test_an_approval_in_the_future_or_without_its_document_is_refused(manager):
    plan = make_plan(2026, status=PlanStatus.DRAFT)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(services.Refused) as refused:
        approve(plan, manager, approved_on=tomorrow, approval_reference=" ")
    assert set(errors_of(refused.value)) == {"approved_on", "approval_reference"}
    assert FilePlan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT


def test_an_approved_plan_is_fixed(staff, manager):
    plan = make_plan(2026, status=PlanStatus.DRAFT)
    approve(plan, manager)
    plan_file = plan.files.get(index="7.3")
    plan_file.title = "Kitas pavadinimas"
    with pytest.raises(services.Refused) as refused:
        services.save_file(plan_file=plan_file, by=staff)
    assert refused.value.code == "fixed"
    with pytest.raises(services.Refused):
        services.save_file(plan_file=PlanFile(plan=plan, index="7.9", title="Nauja",
                                              retention_years=5), by=staff)
    with pytest.raises(services.Refused):
        services.delete_file(plan_file=plan.files.get(index="7.4"), by=staff)
    with pytest.raises(services.Refused):
        services.move_file(plan_file=plan.files.get(index="7.4"), by=staff, step=-1)
    with pytest.raises(services.Refused):
        services.update_plan(plan=FilePlan.objects.get(pk=plan.pk), by=staff, seen_version=2,
                             unit_name="Kitas")
    assert plan.files.count() == 6
    assert PlanFile.objects.get(pk=plan_file.pk).title == "Gaunamieji raštai"


def test_an_approved_plans_file_keeps_its_note_responsible_and_kinds_up_to_date(staff,
                                                                              manager):
    plan = make_plan(2026, status=PlanStatus.DRAFT)
    approve(plan, manager)
    plan_file = plan.files.get(index="7.3")
    plan_file.note, plan_file.responsible = "Saugoma DVS", manager
    plan_file.kinds = ["bendradarbiavimas.minutes"]
    services.save_file(plan_file=plan_file, by=staff)
    stored = PlanFile.objects.get(pk=plan_file.pk)
    assert (stored.note, stored.responsible, stored.kinds) == (
        "Saugoma DVS", manager, ["bendradarbiavimas.minutes"])


def test_a_closed_years_files_do_not_change(staff):
    plan = make_plan(2024, status=PlanStatus.CLOSED)
    plan_file = plan.files.first()
    plan_file.note = "Vėliau"
    with pytest.raises(services.Refused) as refused:
        services.save_file(plan_file=plan_file, by=staff)
    assert refused.value.code == "closed"


def test_the_approval_is_withdrawn_only_while_nothing_is_in_the_plan(staff, manager):
    plan = make_plan(2026, status=PlanStatus.DRAFT)
    approve(plan, manager)
    withdrawn = services.withdraw_approval(plan=plan, by=manager)
    assert withdrawn.status == PlanStatus.DRAFT and withdrawn.approved_on is None
    approve(plan, manager)
    make_entry(make_register(), plan_file=plan.files.first(),
               registered_on=datetime.date(2026, 1, 10))
    with pytest.raises(services.Refused) as refused:
        services.withdraw_approval(plan=plan, by=manager)
    assert refused.value.code == "used"
    assert FilePlan.objects.get(pk=plan.pk).status == PlanStatus.APPROVED


# --- a file's checks --------------------------------------------------------------------------

@pytest.mark.parametrize("index", ["7,12", "7.", ".7", "7..1", "7.a", "VII.1", "", "7 12"])
def test_an_index_is_numbers_joined_by_dots(staff, index):
    plan = make_plan(2026, status=PlanStatus.DRAFT, files=())
    with pytest.raises(services.Refused) as refused:
        services.save_file(plan_file=PlanFile(plan=plan, index=index, title="Byla",
                                              retention_years=5), by=staff)
    assert "index" in errors_of(refused.value)
    assert not plan.files.exists()


def test_an_index_twice_in_a_plan_is_refused_but_another_years_is_fine(staff):
    plan = make_plan(2026, status=PlanStatus.DRAFT)
    with pytest.raises(services.Refused) as refused:
        services.save_file(plan_file=PlanFile(plan=plan, index="7.3", title="Dar viena",
                                              retention_years=5), by=staff)
    assert "7.3" in errors_of(refused.value)["index"][0]
    other = make_plan(2027, status=PlanStatus.DRAFT, files=())
    saved = services.save_file(plan_file=PlanFile(plan=other, index="7.3", title="Kita",
                                                  retention_years=5), by=staff)
    assert saved.pk and saved.position == 0


@pytest.mark.parametrize("permanent, years", [(False, None), (True, 10), (False, 0),
                                              (False, 101)])
def test_the_retention_is_kept_permanently_or_one_to_a_hundred_years(staff, permanent, years):
    plan = make_plan(2026, status=PlanStatus.DRAFT, files=())
    with pytest.raises(services.Refused) as refused:
        services.save_file(plan_file=PlanFile(plan=plan, index="7.1", title="Byla",
                                              permanent=permanent, retention_years=years),
                           by=staff)
    assert "retention_years" in errors_of(refused.value)


def test_a_bdstr_item_fills_an_empty_title_and_retention(staff):
    items = make_items()
    plan = make_plan(2026, status=PlanStatus.DRAFT, files=())
    saved = services.save_file(plan_file=PlanFile(plan=plan, index="7.1",
                                                  bdstr_item=items["plans"]), by=staff)
    assert saved.title == "Įstaigos veiklos planai ir ataskaitos"
    assert saved.permanent and saved.retention_years is None
    own = services.save_file(plan_file=PlanFile(plan=plan, index="7.2", title="Mūsų",
                                                retention_years=3,
                                                bdstr_item=items["statistics"]), by=staff)
    assert (own.title, own.retention_years) == ("Mūsų", 3)


def test_an_item_no_longer_in_force_is_not_chosen_anew_but_stays_where_it_was(staff):
    items = make_items()
    plan = make_plan(2026, status=PlanStatus.DRAFT, files=())
    kept = make_plan_file(plan, "7.1", bdstr_item=items["letters"])
    items["letters"].in_force = False
    items["letters"].save()
    with pytest.raises(services.Refused) as refused:
        services.save_file(plan_file=PlanFile(plan=plan, index="7.2", title="Raštai",
                                              bdstr_item=items["letters"]), by=staff)
    assert refused.value.code == "not_in_force"
    kept.note = "Senas punktas"
    assert services.save_file(plan_file=kept, by=staff).bdstr_item == items["letters"]


def test_a_document_kind_suggests_one_file_of_a_plan(staff):
    plan = make_plan(2026, status=PlanStatus.DRAFT, files=())
    make_plan_file(plan, "7.1", kinds=["ataskaitos.document:regional_analysis"])
    with pytest.raises(services.Refused) as refused:
        services.save_file(plan_file=PlanFile(plan=plan, index="7.2", title="Kita",
                                              retention_years=5,
                                              kinds=["ataskaitos.document:regional_analysis"]),
                           by=staff)
    assert "7.1" in errors_of(refused.value)["kinds"][0]


def test_files_move_up_and_down_and_only_an_unused_draft_file_is_deleted(staff):
    plan = make_plan(2026, status=PlanStatus.DRAFT)
    third = plan.files.get(index="7.3")
    services.move_file(plan_file=third, by=staff, step=-1)
    services.move_file(plan_file=third, by=staff, step=-1)
    services.move_file(plan_file=third, by=staff, step=-1)
    order = list(plan.files.order_by("position").values_list("index", flat=True))
    assert order == ["7.3", "7.1", "7.2", "7.4", "7.5", "7.6"]
    make_filed(plan.files.get(index="7.5"))
    with pytest.raises(services.Refused) as refused:
        services.delete_file(plan_file=plan.files.get(index="7.5"), by=staff)
    assert refused.value.code == "used"
    services.delete_file(plan_file=plan.files.get(index="7.6"), by=staff)
    assert sorted(plan.files.values_list("index", flat=True)) == ["7.1", "7.2", "7.3", "7.4",
                                                                  "7.5"]
