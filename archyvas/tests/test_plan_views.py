"""The plan's pages: the landing page (the plans by year, the new year's plan button),
a new year's plan, a plan's page (its files and their documents, the actions of a draft,
the approval, the PDF and DOCX buttons), the file's page with its two paged tables, the
history, the home card and the menu; who sees what (a librarian: 403 or 404; management
read and approve, and get a 403 on the other writes), and query budgets that do not grow
with the files."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from archyvas.models import Audience, FilePlan, PlanFile, PlanStatus
from archyvas.tests.factories import (
    make_bdstr_item,
    make_entry,
    make_filed,
    make_plan,
    make_plan_file,
    make_register,
)
from archyvas.tests.factories_plan import client_of, file_fields, make_items, plan_of_size
from portalas.testing import query_budget

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    """The pages in English (the source strings), whatever the catalogue holds."""
    settings.LANGUAGE_CODE = "en"


def url(name, *args):
    return reverse(f"archyvas:{name}", args=args)


# --- the landing page -------------------------------------------------------------------------

def test_the_landing_page_lists_the_plans_by_year_with_their_status_and_counts(staff,
                                                                             staff_client):
    make_plan(2025, status=PlanStatus.CLOSED)
    current = make_plan(2026)
    make_entry(make_register(), plan_file=current.files.first(),
               registered_on=datetime.date(2026, 2, 3))
    response = staff_client.get(url("plan_list"))
    assert response.status_code == 200
    rows = list(response.context["object_list"])
    assert [p.year for p in rows] == [2026, 2025]
    assert (rows[0].file_count, rows[0].registered_count) == (6, 1)
    page = response.content.decode()
    assert 'id="plan-create"' in page and "New year" in page
    assert 'class="nav nav-tabs' in page


def test_management_read_the_landing_page_without_the_button_and_a_librarian_gets_403(
        manager, client_a):
    make_plan(2026)
    response = client_of(manager).get(url("plan_list"))
    assert response.status_code == 200 and 'id="plan-create"' not in response.content.decode()
    assert client_a.get(url("plan_list")).status_code == 403


def test_the_menu_names_the_archive_for_staff_and_management_only(staff_client, manager,
                                                                  client_a):
    target = url("plan_list")
    assert f'href="{target}"' in staff_client.get(reverse("home")).content.decode()
    assert f'href="{target}"' in client_of(manager).get(reverse("home")).content.decode()
    assert f'href="{target}"' not in client_a.get(reverse("home")).content.decode()


# --- a new year's plan ------------------------------------------------------------------------

def test_the_new_plan_form_offers_the_year_after_the_latest_and_copies_it(staff_client):
    source = make_plan(2026)
    response = staff_client.get(url("plan_create"))
    form = response.context["form"]
    assert form["year"].value() == 2027 and form["source"].value() == source.pk
    response = staff_client.post(url("plan_create"), {"year": "2027", "source": source.pk,
                                                      "unit_name": ""})
    plan = FilePlan.objects.get(year=2027)
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert plan.copied_from == source and plan.files.count() == 6


def test_a_new_plan_for_a_year_that_has_one_is_a_form_error(staff_client):
    make_plan(2026)
    response = staff_client.post(url("plan_create"), {"year": "2026", "source": "",
                                                      "unit_name": "X"})
    assert response.status_code == 200
    assert "already exists" in " ".join(response.context["form"].errors["year"])
    assert FilePlan.objects.count() == 1


def test_management_cannot_create_a_plan(manager):
    response = client_of(manager).post(url("plan_create"), {"year": "2030", "source": ""})
    assert response.status_code == 403 and not FilePlan.objects.exists()


# --- a plan's page ----------------------------------------------------------------------------

def test_a_plans_page_shows_each_file_with_its_retention_item_and_documents(staff,
                                                                           staff_client):
    items = make_items()
    plan = make_plan(2026, files=())
    kept = make_plan_file(plan, "7.1", title="Veiklos planai", permanent=True,
                          bdstr_item=items["plans"], responsible=staff, note="Originalai")
    make_plan_file(plan, "7.2", title="Raštai", years=10, position=1)
    make_entry(make_register(), plan_file=kept, registered_on=datetime.date(2026, 1, 9))
    make_filed(kept, key="9")
    response = staff_client.get(url("plan_detail", 2026))
    assert response.status_code == 200
    files = response.context["files"]
    assert [(f.index, f.registered, f.filed) for f in files] == [("7.1", 1, 1), ("7.2", 0, 0)]
    page = response.content.decode()
    for expected in ("Veiklos planai", "permanently", "10 y.", "2.1", "Originalai",
                     "Rūta Skyriūtė", "archyvas.file_plan"):
        assert expected in page, expected
    assert 'id="planfile-create"' not in page     # approved: no new files


def test_a_librarian_gets_404_for_a_plan_and_its_files(client_a):
    plan = make_plan(2026)
    plan_file = plan.files.first()
    for target in (url("plan_detail", 2026), url("plan_history", 2026),
                   url("plan_approve", 2026), url("plan_update", 2026),
                   url("planfile_create", 2026), url("file_detail", plan_file.pk),
                   url("planfile_update", plan_file.pk), url("planfile_delete", plan_file.pk)):
        assert client_a.get(target).status_code == 404, target
    assert client_a.post(url("planfile_move", plan_file.pk)).status_code == 404


def test_management_read_a_draft_approve_it_and_get_403_on_its_edits(manager):
    plan = make_plan(2026, status=PlanStatus.DRAFT)
    client = client_of(manager)
    page = client.get(url("plan_detail", 2026)).content.decode()
    assert 'id="plan-approve"' in page and 'id="planfile-create"' not in page
    plan_file = plan.files.first()
    assert client.get(url("plan_update", 2026)).status_code == 403
    assert client.post(url("planfile_create", 2026), file_fields()).status_code == 403
    assert client.post(url("planfile_update", plan_file.pk),
                       file_fields(index=plan_file.index)).status_code == 403
    assert client.post(url("planfile_delete", plan_file.pk)).status_code == 403
    assert client.post(url("planfile_move", plan_file.pk)).status_code == 403
    assert plan.files.count() == 6
    response = client.post(url("plan_approve", 2026), {
        "approved_on": "2026-01-05", "approval_reference": "Direktoriaus įsakymas Nr. V-3"})
    assert response.status_code == 302
    approved = FilePlan.objects.get(pk=plan.pk)
    assert approved.status == PlanStatus.APPROVED and approved.approved_by == manager


def test_an_empty_plan_is_not_approved_and_says_why(staff_client):
    make_plan(2026, status=PlanStatus.DRAFT, files=())
    response = staff_client.post(url("plan_approve", 2026), {
        "approved_on": "2026-01-05", "approval_reference": "Nr. V-3"}, follow=True)
    assert "The plan has no files." in response.content.decode()
    assert FilePlan.objects.get(year=2026).status == PlanStatus.DRAFT


def test_the_header_edit_keeps_the_typed_name_when_someone_saved_first(staff_client):
    plan = make_plan(2026, status=PlanStatus.DRAFT)
    FilePlan.objects.filter(pk=plan.pk).update(version=2)
    response = staff_client.post(url("plan_update", 2026), {"unit_name": "Mano", "version": "1"})
    assert response.status_code == 200
    assert response.context["form"]["unit_name"].value() == "Mano"
    assert FilePlan.objects.get(pk=plan.pk).unit_name == "Bibliotekų veiklos skyrius"


def test_a_plans_page_keeps_its_query_budget_with_forty_files(staff, staff_client, manager):
    plan = plan_of_size(2026, 40)
    register = make_register()
    for plan_file in plan.files.all()[:10]:
        make_entry(register, plan_file=plan_file, registered_on=datetime.date(2026, 2, 1))
        make_filed(plan_file, key=f"k{plan_file.pk}")
        plan_file.responsible = staff
        plan_file.save()
    staff_client.get(url("plan_detail", 2026))
    with query_budget(12, "plan page, 40 files"):
        response = staff_client.get(url("plan_detail", 2026))
    assert len(response.context["files"]) == 40
    assert sum(f.registered for f in response.context["files"]) == 10
    with query_budget(10, "plan list"):
        assert staff_client.get(url("plan_list")).status_code == 200
    with query_budget(12, "a file's page"):
        assert staff_client.get(url("file_detail", plan.files.first().pk)).status_code == 200
    for number in range(30):
        make_bdstr_item(f"4.{number}", title=f"Punktas {number}", years=5)
    with query_budget(8, "BDSTR list"):
        assert staff_client.get(url("bdstr_list")).status_code == 200


# --- files ------------------------------------------------------------------------------------

def test_a_new_file_takes_the_bdstr_items_title_and_retention(staff_client):
    items = make_items()
    plan = make_plan(2026, status=PlanStatus.DRAFT, files=())
    response = staff_client.post(url("planfile_create", 2026), file_fields(
        index="7.1", title="", retention_years="", bdstr_item=str(items["plans"].pk)))
    assert response.status_code == 302
    saved = plan.files.get()
    assert saved.title == items["plans"].title and saved.permanent


def test_the_file_form_shows_an_index_error_and_adds_nothing(staff_client):
    make_plan(2026, status=PlanStatus.DRAFT)
    response = staff_client.post(url("planfile_create", 2026), file_fields(index="7.3"))
    assert response.status_code == 200
    assert "already has a file 7.3" in " ".join(response.context["form"].errors["index"])
    response = staff_client.post(url("planfile_create", 2026), file_fields(index="7-4"))
    assert "numbers joined by dots" in " ".join(response.context["form"].errors["index"])
    assert PlanFile.objects.count() == 6


def test_an_approved_plan_takes_no_new_file_and_keeps_a_files_title(staff_client):
    plan = make_plan(2026)
    response = staff_client.post(url("planfile_create", 2026), file_fields(), follow=True)
    assert "no file can be added" in response.content.decode()
    plan_file = plan.files.get(index="7.3")
    response = staff_client.post(url("planfile_update", plan_file.pk), file_fields(
        index="9.9", title="Pakeista", note="Saugoma DVS", retention_years="1"))
    assert response.status_code == 302
    stored = PlanFile.objects.get(pk=plan_file.pk)
    assert (stored.index, stored.title, stored.retention_years, stored.note) == (
        "7.3", "Gaunamieji raštai", 5, "Saugoma DVS")
    assert plan.files.count() == 6


def test_a_files_page_lists_its_documents_paged_and_hides_staff_only_ones_from_management(
        staff_client, manager):
    plan = make_plan(2026)
    plan_file = plan.files.get(index="7.5")
    register = make_register()
    for number in range(1, 28):
        make_entry(register, plan_file=plan_file, title=f"Raštas {number}",
                   registered_on=datetime.date(2026, 3, 1), correspondent="LNB")
    make_filed(plan_file, title="Dalyvių sąrašas", key="a", audience=Audience.MANAGEMENT)
    make_filed(plan_file, title="Vertinimo lapai", key="b", audience=Audience.STAFF)
    response = staff_client.get(url("file_detail", plan_file.pk))
    page = response.content.decode()
    assert len(response.context["entries"]["page"]) == 25
    assert "registered=2" in response.context["entries"]["next"]
    assert "Dalyvių sąrašas" in page and "Vertinimo lapai" in page
    assert "Kept temporarily" in page and reverse("archyvas:entry_detail", args=[
        plan_file.entries.first().pk]) in page
    second = staff_client.get(url("file_detail", plan_file.pk), {"registered": 2})
    assert len(second.context["entries"]["page"]) == 2
    seen = client_of(manager).get(url("file_detail", plan_file.pk)).content.decode()
    assert "Dalyvių sąrašas" in seen and "Vertinimo lapai" not in seen


def test_the_history_names_the_plans_and_its_files_changes(staff, staff_client):
    make_plan(2026, status=PlanStatus.DRAFT)
    staff_client.post(url("planfile_create", 2026), file_fields(index="7.9", title="Nauja"))
    response = staff_client.get(url("plan_history", 2026))
    assert response.status_code == 200
    files = response.context["file_entries"]
    assert files[0]["file"] == "7.9 Nauja" and files[0]["user"] == staff


# --- the home card ----------------------------------------------------------------------------

def _home(client):
    return client.get(reverse("home")).content.decode()


def test_the_home_card_tells_staff_of_a_draft_or_a_missing_plan_only(staff_client, client_a,
                                                                     monkeypatch):
    today = timezone.localdate()
    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(today.year, 6, 1))
    assert 'id="home-plan-due"' in _home(staff_client)          # no plan at all
    plan = make_plan(today.year, status=PlanStatus.DRAFT)
    page = _home(staff_client)
    assert 'id="home-plan-due"' in page and "still a draft" in page
    assert 'id="home-plan-due"' not in _home(client_a)
    FilePlan.objects.filter(pk=plan.pk).update(status=PlanStatus.APPROVED,
                                               approved_on=datetime.date(today.year, 1, 5))
    assert 'id="home-plan-due"' not in _home(staff_client)
    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(today.year, 12, 4))
    page = _home(staff_client)
    assert 'id="home-plan-due"' in page and str(today.year + 1) in page
    make_plan(today.year + 1, status=PlanStatus.DRAFT)
    assert 'id="home-plan-due"' not in _home(staff_client)


def test_a_draft_files_move_and_deletion_go_through_their_pages(staff_client):
    plan = make_plan(2026, status=PlanStatus.DRAFT)
    first = plan.files.get(index="7.1")
    response = staff_client.post(url("planfile_move", first.pk), {"direction": "down"})
    assert response.status_code == 302 and response["Location"].endswith(f"#file-{first.pk}")
    assert list(plan.files.order_by("position").values_list("index", flat=True))[:2] == [
        "7.2", "7.1"]
    last = plan.files.get(index="7.6")
    confirm = staff_client.get(url("planfile_delete", last.pk))
    assert confirm.status_code == 200 and "Delete file 7.6?" in confirm.content.decode()
    assert staff_client.post(url("planfile_delete", last.pk)).status_code == 302
    assert not PlanFile.objects.filter(pk=last.pk).exists()


def test_an_approval_is_withdrawn_from_its_confirmation_page(manager):
    make_plan(2026)
    client = client_of(manager)
    page = client.get(url("plan_detail", 2026)).content.decode()
    assert 'id="plan-withdraw"' in page
    assert client.get(url("plan_withdraw", 2026)).status_code == 200
    client.post(url("plan_withdraw", 2026))
    assert FilePlan.objects.get(year=2026).status == PlanStatus.DRAFT


def test_the_withdrawal_page_of_a_plan_holding_documents_says_so_before_asking(manager):
    plan = make_plan(2026)
    make_entry(make_register(), plan_file=plan.files.first())
    response = client_of(manager).get(url("plan_withdraw", 2026), follow=True)
    assert response.redirect_chain[-1][0] == url("plan_detail", 2026)
    assert "approval stays" in response.content.decode()
    assert FilePlan.objects.get(year=2026).status == PlanStatus.APPROVED


def test_an_approved_plans_file_form_offers_only_what_may_change(staff_client):
    plan = make_plan(2026)
    form = staff_client.get(url("planfile_update", plan.files.first().pk)).context["form"]
    assert set(form.fields) == {"note", "responsible", "kinds"}


def test_the_selectors_give_the_open_files_of_an_approved_year():
    from archyvas.selectors_plan import file_choices, find_file, plan_for_year

    approved = make_plan(2026)
    make_plan(2027, status=PlanStatus.DRAFT)
    make_plan(2025, status=PlanStatus.CLOSED)
    choices = file_choices(2026)
    assert choices[0] == (approved.files.get(index="7.1").pk,
                          "7.1 Skyriaus veiklos planai ir ataskaitos")
    assert len(choices) == 6
    assert file_choices(2027) == [] and file_choices(2025) == []
    assert find_file(2027, "7.3").plan.year == 2027 and find_file(2026, "9.9") is None
    assert plan_for_year(2025).status == PlanStatus.CLOSED and plan_for_year(2030) is None
