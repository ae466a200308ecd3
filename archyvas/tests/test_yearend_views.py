"""The year end's pages: who reaches them (librarians 403, or 404 for a page naming a plan
or an act; management read and approve but do not prepare: 403), the overview, closing a
year from the browser (refused before the year ends), the appraisal form making and
extending a draft act, a draft's edit with two editors, the moves, the frozen PDF, the home
panels, and query budgets that do not grow with rows."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from archyvas import panels_yearend as panels
from archyvas import services_yearend as services
from archyvas.models import ActStatus, Appraisal, DestructionAct, FiledDocument, PlanStatus
from archyvas.services_yearend import Appraised
from archyvas.tests.factories import make_plan, make_plan_file
from archyvas.tests.factories_yearend import file_of, make_act, stored_entry
from portalas.testing import query_budget

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 4, 10, 0, tzinfo=ZoneInfo("Europe/Vilnius"))


@pytest.fixture(autouse=True)
def _english_on_a_fixed_day(settings, time_machine):
    """The pages in English (the source strings), on 2026-12-04."""
    settings.LANGUAGE_CODE = "en"
    time_machine.move_to(NOW, tick=False)


def url(name, *args):
    return reverse(f"archyvas:{name}", args=args)


@pytest.fixture
def years(staff):
    """2019 closed (7.3–7.5 expired, with documents in 7.3), 2025 approved and ended, 2026
    approved and under way."""
    old = make_plan(2019, status=PlanStatus.CLOSED)
    stored_entry(file_of(old, "7.3"))
    stored_entry(file_of(old, "7.3"), title="Dėl mokymų")
    return {"old": old, "last": make_plan(2025), "this": make_plan(2026)}


# --- who reaches what ----------------------------------------------------------------------

def test_a_librarian_gets_403_for_the_pages_and_404_for_a_plan_or_an_act(client_b, years,
                                                                        staff):
    act = make_act([file_of(years["old"], "7.3")], by=staff)
    for name in ("year_end", "expired_list", "act_list", "act_create"):
        assert client_b.get(url(name)).status_code == 403, name
    assert client_b.post(url("act_create"), {}).status_code == 403
    assert client_b.post(url("year_close", 2025)).status_code == 404
    for name in ("act_detail", "act_update", "act_submit", "act_approve", "act_return",
                 "act_file"):
        assert client_b.get(url(name, act.pk)).status_code == 404, name
    assert client_b.post(url("act_approve", act.pk)).status_code == 404
    years["last"].refresh_from_db()
    assert years["last"].status == PlanStatus.APPROVED


def test_anonymous_visitors_are_sent_to_sign_in(client, years):
    for address in (url("year_end"), url("expired_list"), url("year_close", 2025)):
        response = client.get(address)
        assert response.status_code == 302 and "next=" in response["Location"]


def test_management_reads_but_does_not_close_or_prepare_acts(manager_client, years):
    page = manager_client.get(url("year_end"))
    assert page.status_code == 200
    assert url("year_close", 2025).encode() not in page.content
    assert manager_client.post(url("year_close", 2025)).status_code == 403
    expired = manager_client.get(url("expired_list"))
    assert expired.status_code == 200 and b"appraisal-form" not in expired.content
    picked = {f"pick_{file_of(years['old'], '7.3').pk}": "on"}
    assert manager_client.post(url("act_create"), picked).status_code == 403
    assert not DestructionAct.objects.exists()


# --- closing a year ---------------------------------------------------------------------------

def test_the_overview_offers_to_close_only_a_year_that_has_ended(staff_client, years):
    page = staff_client.get(url("year_end"))
    assert page.status_code == 200
    assert url("year_close", 2025).encode() in page.content
    assert url("year_close", 2026).encode() not in page.content
    assert b"yearend-expired-count" in page.content
    assert page.context["expired_count"] == 3 and page.context["waiting_count"] == 3


def test_staff_close_last_year_from_the_confirmation_page(staff_client, years):
    confirm = staff_client.get(url("year_close", 2025))
    assert confirm.status_code == 200 and b"year-close-form" in confirm.content
    response = staff_client.post(url("year_close", 2025), follow=True)
    assert response.redirect_chain[-1][0] == url("year_end")
    years["last"].refresh_from_db()
    assert years["last"].status == PlanStatus.CLOSED
    assert years["last"].closed_on == datetime.date(2026, 12, 4)
    assert file_of(years["last"], "7.3").retention_ends == datetime.date(2030, 12, 31)
    assert b"inventory of 2025" in response.content


def test_closing_the_current_year_is_refused_with_a_message(staff_client, years):
    response = staff_client.post(url("year_close", 2026), follow=True)
    assert "has not ended yet" in " ".join(str(m) for m in response.context["messages"])
    years["this"].refresh_from_db()
    assert years["this"].status == PlanStatus.APPROVED
    assert staff_client.get(url("year_close", 2026)).status_code == 302


# --- appraisal and acts ------------------------------------------------------------------------

def test_the_appraisal_form_makes_a_draft_act_and_then_extends_it(staff_client, years):
    incoming, outgoing, lists = (file_of(years["old"], i) for i in ("7.3", "7.4", "7.5"))
    response = staff_client.post(url("act_create"), {
        f"pick_{incoming.pk}": "on", f"decision_{incoming.pk}": "destroy",
        f"pick_{lists.pk}": "on", f"decision_{lists.pk}": "extend", f"years_{lists.pk}": "2",
        f"note_{lists.pk}": "Vyksta auditas", "into": "", "basis": "Įvertino vedėja."})
    act = DestructionAct.objects.get()
    assert response.status_code == 302 and response["Location"] == act.get_absolute_url()
    assert act.basis == "Įvertino vedėja." and act.number == 1
    assert dict(act.items.values_list("plan_file", "decision")) == {
        incoming.pk: Appraisal.DESTROY, lists.pk: Appraisal.EXTEND}
    staff_client.post(url("act_create"), {f"pick_{outgoing.pk}": "on",
                                          f"decision_{outgoing.pk}": "destroy",
                                          "into": str(act.pk)})
    assert DestructionAct.objects.count() == 1 and act.items.count() == 3
    page = staff_client.get(url("expired_list"))
    assert page.context["waiting"] == 0


def test_keeping_longer_without_a_reason_makes_no_act(staff_client, years):
    lists = file_of(years["old"], "7.5")
    response = staff_client.post(url("act_create"), {
        f"pick_{lists.pk}": "on", f"decision_{lists.pk}": "extend", f"years_{lists.pk}": "2"})
    assert response.status_code == 200
    assert "Say why the file is kept longer." in response.content.decode()
    assert not DestructionAct.objects.exists()


def test_a_file_whose_retention_has_not_ended_cannot_be_picked(staff_client, years):
    statistics = file_of(years["old"], "7.2")
    response = staff_client.post(url("act_create"), {f"pick_{statistics.pk}": "on",
                                                     f"decision_{statistics.pk}": "destroy"})
    assert response.status_code == 200 and not DestructionAct.objects.exists()


def test_two_editors_of_a_draft_the_second_keeps_what_they_typed(staff_client, years, staff):
    act = services.create_act(by=staff, choices=[Appraised(file_of(years["old"], "7.3"))])
    item = act.items.get()
    form = {"version": str(act.version), "basis": "Pirmoji redakcija",
            f"decision_{item.pk}": "destroy"}
    assert staff_client.post(url("act_update", act.pk), form).status_code == 302
    second = staff_client.post(url("act_update", act.pk), {**form, "basis": "Antroji"})
    assert second.status_code == 200
    assert "saved this act after you opened it" in second.content.decode()
    assert "Antroji" in second.content.decode()
    act.refresh_from_db()
    assert act.basis == "Pirmoji redakcija"


def test_the_act_moves_from_draft_to_destroyed_through_its_pages(
        staff_client, manager_client, years, staff, django_capture_on_commit_callbacks):
    entries = list(file_of(years["old"], "7.3").entries.all())
    act = services.create_act(by=staff, choices=[Appraised(file_of(years["old"], "7.3"))])
    assert manager_client.post(url("act_submit", act.pk)).status_code == 403
    assert staff_client.get(url("act_submit", act.pk)).status_code == 200
    staff_client.post(url("act_submit", act.pk))
    returned = manager_client.post(url("act_return", act.pk), {"reason": ""})
    assert returned.status_code == 200 and DestructionAct.objects.get().status == "submitted"
    manager_client.post(url("act_return", act.pk), {"reason": "Patikslinkite pagrindą"})
    assert DestructionAct.objects.get().status == ActStatus.DRAFT
    assert b"Patikslinkite" in staff_client.get(url("act_detail", act.pk)).content
    staff_client.post(url("act_submit", act.pk))
    assert manager_client.get(url("act_file", act.pk)).status_code == 404
    assert all(default_storage.exists(e.file.name) for e in entries)
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(url("act_approve", act.pk), {"reference": ""})
    assert response.status_code == 302
    act.refresh_from_db()
    assert act.status == ActStatus.EXECUTED
    assert not any(default_storage.exists(e.file.name) for e in entries)
    download = manager_client.get(url("act_file", act.pk))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    detail = staff_client.get(url("act_detail", act.pk))
    assert detail.status_code == 200 and b"act-file" in detail.content
    assert b"archive-filing-panel" in detail.content      # "File it" for the approved act
    assert staff_client.get(url("act_update", act.pk)).status_code == 302
    filed = staff_client.post(url("file_it", "archyvas.destruction_act", act.pk),
                              {"plan_file": file_of(years["this"], "7.1").pk})
    assert filed.status_code == 302
    copy = FiledDocument.objects.get(source_model="archyvas.destructionact")
    assert copy.plan_file == file_of(years["this"], "7.1") and copy.file_kind == "pdf"


def test_the_acts_timeline_dates_its_submission(staff, years):
    from archyvas.views_yearend_acts import timeline

    act = services.create_act(by=staff, choices=[Appraised(file_of(years["old"], "7.3"))])
    assert [step["when"] for step in timeline(act)][1] == ""
    services.submit_act(act=act, by=staff)
    act.refresh_from_db()
    steps = timeline(act)
    assert steps[1]["state"] == "current" and steps[1]["when"][:4].isdigit()


# --- home panels ---------------------------------------------------------------------------------

def test_staff_are_reminded_in_january_to_close_last_years_files(rf, staff, manager, years,
                                                                 time_machine):
    request = rf.get("/")
    request.user = staff
    assert panels.home_close_last_year(request) is None       # December: not yet
    time_machine.move_to(datetime.datetime(2027, 1, 15, 9, tzinfo=ZoneInfo("Europe/Vilnius")))
    panel = panels.home_close_last_year(request)
    assert panel["year"] == 2026 and panel["url"] == url("year_close", 2026)
    request.user = manager
    assert panels.home_close_last_year(request) is None
    request.user = staff
    time_machine.move_to(datetime.datetime(2027, 3, 1, 9, tzinfo=ZoneInfo("Europe/Vilnius")))
    assert panels.home_close_last_year(request) is None       # March: the reminder is over
    time_machine.move_to(datetime.datetime(2027, 2, 1, 9, tzinfo=ZoneInfo("Europe/Vilnius")))
    services.close_year(plan=years["this"], by=staff)
    assert panels.home_close_last_year(request) is None       # closed


def test_management_see_acts_awaiting_their_approval_on_the_home_page(rf, manager, staff,
                                                                      years):
    request = rf.get("/")
    request.user = manager
    assert panels.home_acts_awaiting(request) is None
    act = make_act([file_of(years["old"], "7.3")], by=staff, status=ActStatus.SUBMITTED)
    assert panels.home_acts_awaiting(request) == {"acts": [act]}


# --- query budgets -------------------------------------------------------------------------------

def _grow(staff, years, n, start=0):
    for number in range(start, start + n):
        plan_file = make_plan_file(years["old"], f"8.{number}", years=3, position=20 + number,
                                   closed_on=datetime.date(2019, 12, 31))
        stored_entry(plan_file)
        make_act([plan_file], by=staff, status=ActStatus.SUBMITTED,
                 compiled_on=datetime.date(2026, 1, 1 + number))


def test_the_lists_stay_within_their_query_budget_as_rows_grow(staff_client, staff, years):
    _grow(staff, years, 2)
    pages = [url("year_end"), url("expired_list"), url("act_list")]
    small = {}
    for page in pages:
        with query_budget(30, page) as counted:
            assert staff_client.get(page).status_code == 200
        small[page] = len(counted.captured_queries)
    _grow(staff, years, 8, start=2)
    for page in pages:
        with query_budget(small[page], f"{page} with five times the rows"):
            assert staff_client.get(page).status_code == 200


def test_an_acts_page_does_not_grow_with_its_files(staff_client, staff, years):
    files = [make_plan_file(years["old"], f"9.{n}", years=3, position=40 + n,
                            closed_on=datetime.date(2019, 12, 31)) for n in range(12)]
    act = make_act(files, by=staff)
    with query_budget(30, "act_detail"):
        assert staff_client.get(url("act_detail", act.pk)).status_code == 200
    with query_budget(30, "act_update"):
        assert staff_client.get(url("act_update", act.pk)).status_code == 200
