"""Funders' programmes and their deadline rules: everyone signed in reads them, staff keep
them; a rule in plain words, its preview on an example project, and re-applying changed
rules to the projects that still run."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from portalas.testing import query_budget
from projektai.models import (
    DeadlineAnchor,
    DeadlineKind,
    DeadlineRule,
    FundingProgramme,
    ProjectStatus,
)
from projektai.selectors_deadlines import describe_reminder, describe_rule
from projektai.tests.factories import make_lkt, make_other_programme, make_project

pytestmark = pytest.mark.django_db


def _final_report(programme) -> DeadlineRule:
    return programme.deadline_rules.get(title="Galutinė ataskaita")


def _rule_data(**changes) -> dict:
    data = {"title": "Tarpinė ataskaita", "kind": DeadlineKind.INTERIM_REPORT,
            "anchor": DeadlineAnchor.START, "offset": "90", "working_days": "",
            "month": "", "day": "", "latest_month": "", "latest_day": "",
            "remind_days": "5", "remind_working": "on", "active": "on", "order": "30",
            "example_start": "2026-03-02", "example_end": "2026-12-15"}
    data.update(changes)
    return data


# --- words ---------------------------------------------------------------------------------

def test_a_rule_reads_in_plain_lithuanian():
    programme = make_lkt()
    with translation.override("lt"):
        assert describe_rule(_final_report(programme)) == (
            "10 darbo dienų po projekto pabaigos, ne vėliau kaip 12-31")
        assert describe_rule(programme.deadline_rules.get(title="Keitimo prašymas")) == (
            "Kasmet 12-01, kol projektas vyksta")
        assert describe_rule(DeadlineRule(anchor=DeadlineAnchor.START, offset=-1)) == (
            "1 diena iki projekto pradžios")
        assert describe_rule(DeadlineRule(anchor=DeadlineAnchor.END, offset=22,
                                          working_days=True)) == (
            "22 darbo dienos po projekto pabaigos")
        assert describe_reminder(3, True) == "Priminimas prieš 3 darbo dienas"
        assert describe_reminder(21, False) == "Priminimas prieš 21 dieną"


def test_a_rule_reads_in_english_too():
    with translation.override("en"):
        assert describe_rule(_final_report(make_lkt())) == (
            "10 working days after the project ends, no later than 12-31")


# --- reading --------------------------------------------------------------------------------

def test_a_librarian_reads_the_programmes_and_their_rules(client_a, staff):
    programme = make_lkt()
    make_project(by=staff, programme=programme)
    make_other_programme()
    with query_budget(10):
        response = client_a.get(reverse("projektai:programme_list"))
    assert response.status_code == 200
    assert programme.name in response.content.decode()
    with query_budget(10):
        response = client_a.get(reverse("projektai:programme_detail", args=[programme.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "10 darbo dienų po projekto pabaigos, ne vėliau kaip 12-31" in page
    # the department's project is not the librarian's to count
    assert 'data-project-count="0"' in page
    assert reverse("projektai:rule_create", args=[programme.pk]) not in page
    assert reverse("projektai:programme_reapply", args=[programme.pk]) not in page


def test_staff_see_the_projects_of_the_programme_counted(staff_client, staff):
    programme = make_lkt()
    for _ in range(3):
        make_project(by=staff, programme=programme)
    with query_budget(10):
        response = staff_client.get(reverse("projektai:programme_detail", args=[programme.pk]))
    page = response.content.decode()
    assert 'data-project-count="3"' in page
    assert reverse("projektai:programme_reapply", args=[programme.pk]) in page


def test_the_list_costs_the_same_queries_for_many_programmes(staff_client, staff):
    for number in range(6):
        programme = make_other_programme(f"Programa {number}")
        DeadlineRule.objects.create(programme=programme, title="Ataskaita")
    with query_budget(10):
        assert staff_client.get(reverse("projektai:programme_list")).status_code == 200


def test_a_missing_programme_is_404(staff_client):
    assert staff_client.get(reverse("projektai:programme_detail", args=[999])).status_code == 404
    assert staff_client.get(reverse("projektai:rule_create", args=[999])).status_code == 404


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client):
    response = client.get(reverse("projektai:programme_list"))
    assert response.status_code == 302


# --- who may change them --------------------------------------------------------------------

@pytest.mark.parametrize("persona", ["manager_client", "client_a", "client_b"])
def test_only_staff_change_programmes_and_rules(request, persona):
    client = request.getfixturevalue(persona)
    programme = make_lkt()
    rule = _final_report(programme)
    gets = [reverse("projektai:programme_create"),
            reverse("projektai:programme_update", args=[programme.pk]),
            reverse("projektai:rule_create", args=[programme.pk]),
            reverse("projektai:rule_update", args=[rule.pk])]
    for url in gets:
        assert client.get(url).status_code == 403, url
    posts = [reverse("projektai:programme_create"),
             reverse("projektai:rule_create", args=[programme.pk]),
             reverse("projektai:rule_update", args=[rule.pk]),
             reverse("projektai:rule_delete", args=[rule.pk]),
             reverse("projektai:programme_reapply", args=[programme.pk])]
    for url in posts:
        assert client.post(url, _rule_data()).status_code == 403, url
    assert DeadlineRule.objects.filter(pk=rule.pk, offset=10).exists()


def test_deleting_and_reapplying_take_post_only(staff_client):
    programme = make_lkt()
    rule = _final_report(programme)
    assert staff_client.get(reverse("projektai:rule_delete", args=[rule.pk])).status_code == 405
    assert staff_client.get(
        reverse("projektai:programme_reapply", args=[programme.pk])).status_code == 405


# --- staff keep them ---------------------------------------------------------------------------

def test_staff_add_a_programme(staff_client):
    response = staff_client.post(reverse("projektai:programme_create"), {
        "name": "Nordplus  Adult", "short_name": "Nordplus", "funder": "", "website": "",
        "note": "", "active": "on"})
    programme = FundingProgramme.objects.get(short_name="Nordplus")
    assert response.status_code == 302
    assert programme.name == "Nordplus Adult"


def test_a_programme_name_is_not_repeated_in_other_letters(staff_client):
    make_lkt()
    response = staff_client.post(reverse("projektai:programme_create"), {
        "name": "LIETUVOS KULTŪROS TARYBA – BIBLIOTEKŲ PROGRAMA", "active": "on"})
    assert response.status_code == 200
    assert FundingProgramme.objects.count() == 1


def test_staff_add_a_rule_and_are_offered_to_reapply(staff_client, staff):
    programme = make_lkt()
    make_project(by=staff, programme=programme)
    response = staff_client.post(reverse("projektai:rule_create", args=[programme.pk]),
                                 _rule_data())
    assert response.status_code == 302
    assert response.url.endswith("#taisykles")
    rule = programme.deadline_rules.get(title="Tarpinė ataskaita")
    assert (rule.anchor, rule.offset, rule.working_days) == (DeadlineAnchor.START, 90, False)
    page = staff_client.get(response.url).content.decode()
    assert reverse("projektai:programme_reapply", args=[programme.pk]) in page


def test_a_yearly_rule_needs_a_month_and_a_day(staff_client):
    programme = make_lkt()
    response = staff_client.post(reverse("projektai:rule_create", args=[programme.pk]),
                                 _rule_data(anchor=DeadlineAnchor.YEARLY, month="12"))
    assert response.status_code == 200
    assert response.context["form"].errors["month"]
    assert not programme.deadline_rules.filter(title="Tarpinė ataskaita").exists()


def test_february_30_is_refused(staff_client):
    programme = make_lkt()
    url = reverse("projektai:rule_create", args=[programme.pk])
    response = staff_client.post(url, _rule_data(anchor=DeadlineAnchor.YEARLY, month="2",
                                                 day="30"))
    assert response.context["form"].errors["day"]
    response = staff_client.post(url, _rule_data(latest_month="2", latest_day="30"))
    assert response.context["form"].errors["latest_day"]
    response = staff_client.post(url, _rule_data(latest_month="12"))
    assert response.context["form"].errors["latest_day"]
    assert programme.deadline_rules.count() == 2


def test_the_rule_page_previews_the_dates_for_an_example_project(staff_client):
    programme = make_lkt()
    rule = _final_report(programme)
    url = reverse("projektai:rule_update", args=[rule.pk])
    with query_budget(10):
        response = staff_client.get(url)
    assert response.status_code == 200
    assert response.context["preview"]["dates"]  # the saved rule on the default example
    # 10 working days after Friday 19 June 2026 skip Joninės and Statehood Day
    response = staff_client.post(url, _rule_data(
        preview="1", title=rule.title, anchor=DeadlineAnchor.END, offset="10",
        working_days="on", latest_month="12", latest_day="31",
        example_start="2026-01-05", example_end="2026-06-19"))
    assert response.status_code == 200
    assert response.context["preview"]["dates"] == [date(2026, 7, 7)]
    assert "2026-07-07" in response.content.decode()
    # …and after Friday 18 December it is capped at 31 December
    response = staff_client.post(url, _rule_data(
        preview="1", title=rule.title, anchor=DeadlineAnchor.END, offset="10",
        working_days="on", latest_month="12", latest_day="31", example_end="2026-12-18"))
    assert response.context["preview"]["dates"] == [date(2026, 12, 31)]
    rule.refresh_from_db()
    assert rule.latest_month == 12 and rule.offset == 10  # a preview saves nothing
    response = staff_client.post(url, _rule_data(preview="1", anchor=DeadlineAnchor.YEARLY,
                                                 month="12", day="1",
                                                 example_start="2025-02-01",
                                                 example_end="2026-12-18"))
    assert response.context["preview"]["dates"] == [date(2025, 12, 1), date(2026, 12, 1)]


def test_an_example_project_ending_before_it_starts_is_refused(staff_client):
    programme = make_lkt()
    response = staff_client.post(reverse("projektai:rule_create", args=[programme.pk]),
                                 _rule_data(preview="1", example_start="2026-05-01",
                                            example_end="2026-04-01"))
    assert response.context["form"].errors["example_end"]
    assert response.context["preview"] is None


# --- re-applying ---------------------------------------------------------------------------------

def test_reapplying_moves_the_deadlines_of_the_projects_that_still_run(staff_client, staff):
    programme = make_lkt()
    running = make_project(by=staff, programme=programme, status=ProjectStatus.RUNNING,
                           starts_on=date(2026, 1, 5), ends_on=date(2026, 6, 19))
    closed = make_project(by=staff, programme=programme, status=ProjectStatus.CLOSED,
                          starts_on=date(2026, 1, 5), ends_on=date(2026, 6, 19))
    typed = running.deadlines.create(title="Viešinimo planas", due_on=date(2026, 4, 1))
    rule = _final_report(programme)
    response = staff_client.post(reverse("projektai:rule_update", args=[rule.pk]), _rule_data(
        title=rule.title, kind=DeadlineKind.REPORT, anchor=DeadlineAnchor.END, offset="5",
        working_days="on", latest_month="12", latest_day="31"))
    assert response.status_code == 302
    # saving a rule moves nothing by itself
    assert running.deadlines.get(rule=rule).due_on == date(2026, 7, 7)
    response = staff_client.post(reverse("projektai:programme_reapply", args=[programme.pk]),
                                 follow=True)
    text = " ".join(str(m) for m in response.context["messages"])
    assert "1" in text
    # Friday 19 June + 5 working days: 22, 23, (24 Joninės) 25, 26, 29 June
    assert running.deadlines.get(rule=rule).due_on == date(2026, 6, 29)
    assert closed.deadlines.get(rule=rule).due_on == date(2026, 7, 7)
    typed.refresh_from_db()
    assert typed.due_on == date(2026, 4, 1)


def test_reapplying_counts_added_moved_and_removed(staff, staff_client):
    from projektai.services_deadlines import reapply_programme_rules

    programme = make_lkt()
    project = make_project(by=staff, programme=programme, starts_on=date(2025, 2, 1),
                           ends_on=date(2026, 12, 18))
    DeadlineRule.objects.create(programme=programme, title="Pusmečio ataskaita",
                                anchor=DeadlineAnchor.START, offset=180)
    change = programme.deadline_rules.get(title="Keitimo prašymas")
    change.active = False
    change.save()
    rule = _final_report(programme)
    rule.latest_month = rule.latest_day = None
    rule.save()
    result = reapply_programme_rules(programme, by=staff)
    assert (result.projects, result.added, result.moved, result.removed) == (1, 1, 1, 2)
    assert sorted(project.deadlines.values_list("title", flat=True)) == [
        "Galutinė ataskaita", "Pusmečio ataskaita"]
    # 10 working days after Friday 18 December 2026: 21, 22, 23, 28–31 December, 4, 5, 6 January
    assert project.deadlines.get(title="Galutinė ataskaita").due_on == date(2027, 1, 6)
    response = staff_client.post(reverse("projektai:programme_reapply", args=[programme.pk]),
                                 follow=True)
    assert response.status_code == 200


def test_a_programme_without_running_projects_says_so(staff_client, staff):
    programme = make_lkt()
    make_project(by=staff, programme=programme, status=ProjectStatus.REJECTED)
    response = staff_client.post(reverse("projektai:programme_reapply", args=[programme.pk]),
                                 follow=True)
    assert len(list(response.context["messages"])) == 1


def test_a_rule_with_open_deadlines_of_running_projects_is_switched_off_not_deleted(
        staff_client, staff):
    programme = make_lkt()
    make_project(by=staff, programme=programme)
    rule = _final_report(programme)
    response = staff_client.post(reverse("projektai:rule_delete", args=[rule.pk]))
    assert response.url == reverse("projektai:rule_update", args=[rule.pk])
    assert DeadlineRule.objects.filter(pk=rule.pk).exists()
    unused = DeadlineRule.objects.create(programme=programme, title="Nebenaudojama",
                                         anchor=DeadlineAnchor.START, offset=5)
    unused.deadlines.all().delete()
    response = staff_client.post(reverse("projektai:rule_delete", args=[unused.pk]))
    assert response.status_code == 302
    assert not DeadlineRule.objects.filter(pk=unused.pk).exists()
