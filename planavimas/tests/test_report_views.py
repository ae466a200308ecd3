"""The report's pages: who sees what (staff and management the live report, librarians
only the approved version), the answers' forms, the workflow through the views, and the
approved version frozen while the live figures move."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from planavimas import services_workflow as workflow
from planavimas.models import Goal, Indicator, Measure, Report, Snapshot, Status
from planavimas.tests.factories import first, make_plan
from planavimas.tests.report_factories import held_event, started_report

pytestmark = pytest.mark.django_db


def detail(year=2025):
    return reverse("planavimas:report_detail", args=[year])


def edit_urls(plan) -> list[str]:
    return [reverse("planavimas:report_update", args=[plan.year]),
            reverse("planavimas:goal_narrative", args=[first(plan, Goal).pk]),
            reverse("planavimas:measure_result", args=[first(plan, Measure).pk]),
            reverse("planavimas:indicator_result", args=[first(plan, Indicator).pk])]


# --- who sees the report ----------------------------------------------------------------------

def test_staff_and_management_read_the_live_report_librarians_a_404(
        staff, manager, staff_client, manager_client, client_a, client_b):
    started_report(staff=staff, manager=manager)
    for client in (staff_client, manager_client):
        response = client.get(detail())
        assert response.status_code == 200
        assert response.context["live"] and response.context["report_tree"]["kind"] == "report"
    for client in (client_a, client_b):
        assert client.get(detail()).status_code == 404
    assert staff_client.get(detail(2031)).status_code == 404


def test_a_draft_plan_is_a_404_for_librarians_and_its_report_not_startable(
        staff, staff_client, client_a):
    make_plan(year=2025)
    assert client_a.get(detail()).status_code == 404
    response = staff_client.get(detail())
    assert response.status_code == 200
    assert not response.context["plan_approved"]
    page = response.content.decode()
    assert 'id="report-start-why"' in page and "disabled" in page
    response = staff_client.post(reverse("planavimas:report_start", args=[2025]), follow=True)
    assert not Report.objects.exists()
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_staff_start_the_report_management_may_not(staff, manager, staff_client, manager_client,
                                                    client_a):
    from planavimas.tests.factories import approved_plan

    plan = approved_plan(staff=staff, manager=manager, year=2025)
    url = reverse("planavimas:report_start", args=[2025])
    assert client_a.post(url).status_code == 404
    assert manager_client.post(url).status_code == 403
    assert staff_client.get(url).status_code == 405
    response = staff_client.get(detail())
    assert 'id="report-start-form"' in response.content.decode()
    assert staff_client.post(url).status_code == 302
    assert Report.objects.get(plan=plan).status == Status.DRAFT


def test_librarians_read_only_the_latest_approved_report(staff, manager, client_a, client_b):
    plan, report = started_report(staff=staff, manager=manager)
    Indicator.objects.filter(measure__objective__goal__plan=plan).update(actual_manual=7)
    workflow.approve(workflow.submit(report, by=staff), by=manager)
    for client in (client_a, client_b):
        response = client.get(detail())
        assert response.status_code == 200
        assert not response.context["live"]
        assert response.context["snapshot"].number == 1
        page = response.content.decode()
        assert 'id="report-submit-form"' not in page and 'id="workflow"' not in page
        assert not any(url in page for url in edit_urls(plan))
        assert reverse("planavimas:indicator_records", args=[2025, first(plan, Indicator).pk]) \
            not in page
        for url in edit_urls(plan):
            assert client.get(url).status_code == 404


def test_the_approved_version_stays_frozen_while_the_live_figures_move(
        staff, manager, staff_client, client_a):
    plan, report = started_report(staff=staff, manager=manager, metric="mokymai.events_held")
    held_event(date(2025, 3, 10), "Pavasario seminaras")
    workflow.approve(workflow.submit(report, by=staff), by=manager)
    held_event(date(2025, 11, 5), "Rudens seminaras")        # recorded after the approval

    def actual(response):
        return response.context["report_tree"]["goals"][0]["objectives"][0]["measures"][0][
            "indicators"][0]["actual"]

    assert actual(client_a.get(detail())) == "1"
    assert actual(staff_client.get(detail())) == "2"
    assert Snapshot.objects.get(plan=plan, kind="report").data["totals"]["with_actual"] == 1
    page = staff_client.get(detail()).content.decode()
    assert reverse("planavimas:version_detail", args=[2025, "report", 1]) in page


# --- the answers' forms ----------------------------------------------------------------------

def test_the_answers_forms_are_staffs(staff, manager, staff_client, manager_client, client_a):
    plan, report = started_report(staff=staff, manager=manager)
    for url in edit_urls(plan):
        assert client_a.get(url).status_code == 404
        assert manager_client.get(url).status_code == 403
        assert manager_client.post(url, {}).status_code == 403
        response = staff_client.get(url)
        assert response.status_code == 200
        assert 'name="version"' in response.content.decode()


def test_staff_record_every_answer_and_see_it_on_the_report(staff, manager, staff_client):
    plan, report = started_report(staff=staff, manager=manager)
    goal, measure, indicator = first(plan, Goal), first(plan, Measure), first(plan, Indicator)
    urls = edit_urls(plan)
    posts = [{"introduction": "Metų **apžvalga**", "problems": "Trūko lėšų",
              "directions": "Skaitmeninimas", "version": report.version},
             {"narrative": "Surengti *visi* seminarai.", "version": goal.version},
             {"result": "partly", "result_comment": "Vienas seminaras perkeltas",
              "version": measure.version},
             {"actual_manual": "1 234,5", "comment": "Pagal žurnalą",
              "version": indicator.version}]
    for url, data in zip(urls, posts, strict=True):
        response = staff_client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
    indicator.refresh_from_db()
    assert indicator.actual_manual == Decimal("1234.50")
    page = staff_client.get(detail()).content.decode()
    assert "<strong>apžvalga</strong>" in page and "<em>visi</em>" in page
    assert "1 234,50" in page.replace("\xa0", " ")
    assert "Vienas seminaras perkeltas" in page
    totals = staff_client.get(detail()).context["totals"]
    assert totals["partly"] == 1 and totals["with_actual"] == 1 and totals["met"] == 1


def test_markdown_in_a_narrative_is_rendered_safely(staff, manager, staff_client):
    plan, report = started_report(staff=staff, manager=manager)
    Goal.objects.filter(plan=plan).update(
        narrative="<script>alert(1)</script> [x](javascript:alert(1))")
    page = staff_client.get(detail()).content.decode()
    assert "<script>alert(1)" not in page and 'href="javascript' not in page


def test_bad_numbers_are_shown_back_with_the_reason(staff, manager, staff_client):
    plan, report = started_report(staff=staff, manager=manager)
    indicator = first(plan, Indicator)
    url = reverse("planavimas:indicator_result", args=[indicator.pk])
    for typed in ("abc", "-3"):
        response = staff_client.post(url, {"actual_manual": typed, "comment": "",
                                           "version": indicator.version})
        assert response.status_code == 200
        assert "actual_manual" in response.context["form"].errors
    indicator.refresh_from_db()
    assert indicator.actual_manual is None and indicator.version == 1


def test_a_counted_indicator_offers_the_comment_only(staff, manager, staff_client):
    plan, report = started_report(staff=staff, manager=manager, metric="mokymai.events_held")
    indicator = first(plan, Indicator)
    url = reverse("planavimas:indicator_result", args=[indicator.pk])
    response = staff_client.get(url)
    assert "actual_manual" not in response.context["form"].fields
    staff_client.post(url, {"actual_manual": "99", "comment": "Skaičiuoja portalas",
                            "version": indicator.version})
    indicator.refresh_from_db()
    assert indicator.actual_manual is None and indicator.comment == "Skaičiuoja portalas"
    response = staff_client.get(detail())
    assert response.context["can_edit"] and url in response.content.decode()


def test_the_second_of_two_editors_keeps_what_they_typed(staff, manager, staff_client):
    plan, report = started_report(staff=staff, manager=manager)
    goal = first(plan, Goal)
    url = reverse("planavimas:goal_narrative", args=[goal.pk])
    staff_client.post(url, {"narrative": "Pirmas", "version": goal.version})
    response = staff_client.post(url, {"narrative": "Antras", "version": goal.version})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert "Rūta Skyriūtė" in errors and errors in response.content.decode()
    assert response.context["form"]["narrative"].value() == "Antras"
    assert response.context["version"] == goal.version + 1
    assert Goal.objects.get(pk=goal.pk).narrative == "Pirmas"
    response = staff_client.post(url, {"narrative": "Antras", "version": goal.version + 1})
    assert response.status_code == 302 and Goal.objects.get(pk=goal.pk).narrative == "Antras"


def test_edits_are_refused_once_submitted(staff, manager, staff_client):
    plan, report = started_report(staff=staff, manager=manager)
    workflow.submit(report, by=staff)
    page = staff_client.get(detail()).content.decode()
    assert 'id="report-submit-form"' not in page
    assert not any(url in page for url in edit_urls(plan))
    measure = first(plan, Measure)
    url = reverse("planavimas:measure_result", args=[measure.pk])
    assert staff_client.get(url).status_code == 302
    response = staff_client.post(url, {"result": "done", "result_comment": "",
                                       "version": measure.version}, follow=True)
    assert {m.level_tag for m in response.context["messages"]} == {"error"}
    assert Measure.objects.get(pk=measure.pk).result == ""


# --- the workflow through the pages ----------------------------------------------------------

def test_submit_return_approve_amend_through_the_pages(staff, manager, staff_client,
                                                       manager_client, client_a):
    plan, report = started_report(staff=staff, manager=manager)
    url = {name: reverse(f"planavimas:report_{name}", args=[2025])
           for name in ("submit", "approve", "return", "amend")}
    assert client_a.post(url["submit"]).status_code == 404
    assert manager_client.post(url["submit"], {"version": 1}).status_code == 403
    staff_client.post(url["submit"], {"version": report.version})
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    page = manager_client.get(detail()).content.decode()
    assert 'id="report-approve-form"' in page and 'id="report-return-form"' in page
    assert staff_client.post(url["approve"], {"version": report.version}).status_code == 403
    assert staff_client.post(url["return"], {"comment": "x"}).status_code == 403
    response = manager_client.post(url["return"], {"comment": " ", "version": report.version})
    assert response.status_code == 200 and response.context["form"].errors
    manager_client.post(url["return"], {"comment": "Papildykite įžangą.",
                                        "version": report.version})
    report.refresh_from_db()
    assert report.status == Status.RETURNED
    assert "Papildykite įžangą." in staff_client.get(detail()).content.decode()
    staff_client.post(url["submit"], {"version": report.version})
    report.refresh_from_db()
    stale = manager_client.post(url["approve"], {"version": report.version - 1}, follow=True)
    assert [m.level_tag for m in stale.context["messages"]][-1] == "error"
    assert Report.objects.get(pk=report.pk).status == Status.SUBMITTED
    manager_client.post(url["approve"], {"version": report.version})
    report.refresh_from_db()
    assert report.status == Status.APPROVED
    assert Snapshot.objects.filter(plan=plan, kind="report", number=1).exists()
    assert manager_client.get(url["amend"]).status_code == 403
    response = staff_client.post(url["amend"], {"reason": "", "version": report.version})
    assert response.status_code == 200 and response.context["form"].errors
    staff_client.post(url["amend"], {"reason": "Patikslinti skaičiai",
                                     "version": report.version})
    report.refresh_from_db()
    assert report.status == Status.DRAFT and report.number == 2
    assert client_a.get(detail()).context["snapshot"].number == 1


def test_a_goal_of_another_plan_has_no_report_yet(staff, manager, staff_client):
    started_report(staff=staff, manager=manager)
    other = make_plan(year=2026)
    url = reverse("planavimas:goal_narrative", args=[first(other, Goal).pk])
    assert staff_client.get(url).status_code == 404
    assert staff_client.get(reverse("planavimas:report_update", args=[2026])).status_code == 404
