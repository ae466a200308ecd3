"""The plan's structure in the browser: goals, objectives, measures and indicators added,
changed and deleted by staff — numbers typed the Lithuanian way, deadlines within the
plan's year, metrics the portal declares, positions kept 1, 2, 3…, nothing changed once
submitted or approved, and the second of two editors refused."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from planavimas import services_structure as structure
from planavimas import services_workflow as workflow
from planavimas.models import Chapter, Goal, Indicator, Measure, Objective, Plan
from planavimas.tests.factories import approved_plan, first, make_plan

pytestmark = pytest.mark.django_db

METRIC = "mokymai.events_held"


def _indicator_data(**changes):
    return {"name": "Surengti mokymai", "unit": "vnt.", "planned": "12", "metric": METRIC,
            **changes}


def _measure_data(**changes):
    return {"title": "Surengti seminarą", "responsible_unit": "Skyrius", "responsible": "",
            "deadline": "", "quarter": "2", "resources": "Salė", "budget": "1 234,50",
            **changes}


# --- access ----------------------------------------------------------------------------------

def test_structure_pages_are_404_for_librarians_and_403_for_management(client_a,
                                                                        manager_client):
    plan = make_plan(year=2026)
    urls = [reverse("planavimas:goal_create", args=[2026]),
            reverse("planavimas:goal_update", args=[first(plan, Goal).pk]),
            reverse("planavimas:objective_create", args=[first(plan, Goal).pk]),
            reverse("planavimas:measure_update", args=[first(plan, Measure).pk]),
            reverse("planavimas:indicator_delete", args=[first(plan, Indicator).pk]),
            reverse("planavimas:plan_update", args=[2026])]
    for url in urls:
        assert client_a.get(url).status_code == 404, url
        assert manager_client.get(url).status_code == 403, url
        assert manager_client.post(url, {}).status_code == 403, url


def test_a_row_that_does_not_exist_is_404(staff_client):
    assert staff_client.get(reverse("planavimas:goal_update", args=[999])).status_code == 404


# --- goals and objectives --------------------------------------------------------------------

def test_staff_add_a_goal_in_a_chapter_at_a_position(staff_client):
    plan = make_plan(year=2026, goals=2, chapter=Chapter.PROJECTS)
    response = staff_client.get(reverse("planavimas:goal_create", args=[2026]) + "?chapter=2")
    assert response.context["form"].initial["chapter"] == 2
    response = staff_client.post(reverse("planavimas:goal_create", args=[2026]), {
        "chapter": "2", "position": "1", "title": "  Naujas   tikslas ", "description": ""})
    goal = Goal.objects.get(title="Naujas tikslas")
    assert response.status_code == 302 and response["Location"].endswith(f"#g{goal.pk}")
    assert list(plan.goals.order_by("position").values_list("position", "title"))[:2] == [
        (1, "Naujas tikslas"), (2, "Stiprinti bibliotekininkų kompetencijas 1")]
    assert sorted(plan.goals.values_list("position", flat=True)) == [1, 2, 3]


def test_a_goal_moved_to_another_chapter_leaves_its_old_chapter_numbered(staff, staff_client):
    plan = make_plan(year=2026, goals=3)
    goal = plan.goals.get(position=1)
    staff_client.post(reverse("planavimas:goal_update", args=[goal.pk]), {
        "chapter": "6", "position": "", "title": goal.title, "version": goal.version})
    goal.refresh_from_db()
    assert goal.chapter == Chapter.GENERAL and goal.position == 1
    assert sorted(plan.goals.filter(chapter=Chapter.METHODOLOGY)
                  .values_list("position", flat=True)) == [1, 2]


def test_staff_add_and_change_an_objective(staff_client):
    plan = make_plan(year=2026, objectives=2)
    goal = first(plan, Goal)
    staff_client.post(reverse("planavimas:objective_create", args=[goal.pk]),
                      {"title": "Trečias uždavinys"})
    assert goal.objectives.get(title="Trečias uždavinys").position == 3
    objective = goal.objectives.get(position=3)
    staff_client.post(reverse("planavimas:objective_update", args=[objective.pk]),
                      {"title": "Pirmas", "position": "1", "version": objective.version})
    assert list(goal.objectives.order_by("position").values_list("title", flat=True))[0] == \
        "Pirmas"
    assert sorted(goal.objectives.values_list("position", flat=True)) == [1, 2, 3]


def test_a_blank_title_is_refused(staff_client):
    plan = make_plan(year=2026)
    response = staff_client.post(reverse("planavimas:objective_create",
                                         args=[first(plan, Goal).pk]), {"title": "   "})
    assert response.status_code == 200 and response.context["form"].errors["title"]


# --- measures --------------------------------------------------------------------------------

def test_staff_add_a_measure_with_a_budget_typed_the_lithuanian_way(staff, staff_client):
    plan = make_plan(year=2026)
    objective = first(plan, Objective)
    response = staff_client.post(reverse("planavimas:measure_create", args=[objective.pk]),
                                 _measure_data(responsible=str(staff.pk)))
    assert response.status_code == 302
    measure = objective.measures.get(title="Surengti seminarą")
    assert measure.budget == Decimal("1234.50") and measure.position == 2
    assert measure.responsible == staff and measure.quarter == 2


@pytest.mark.parametrize("budget", ["-5", "abc", "1,2,3"])
def test_a_bad_budget_is_refused(staff_client, budget):
    plan = make_plan(year=2026)
    response = staff_client.post(reverse("planavimas:measure_create",
                                         args=[first(plan, Objective).pk]),
                                 _measure_data(budget=budget))
    assert response.status_code == 200 and response.context["form"].errors["budget"]
    assert Measure.objects.count() == 1


@pytest.mark.parametrize("deadline", ["2025-12-31", "2027-01-01"])
def test_a_deadline_outside_the_plans_year_is_refused(staff_client, deadline):
    plan = make_plan(year=2026)
    response = staff_client.post(reverse("planavimas:measure_create",
                                         args=[first(plan, Objective).pk]),
                                 _measure_data(deadline=deadline, quarter=""))
    assert response.status_code == 200 and response.context["form"].errors["deadline"]


def test_the_service_refuses_a_deadline_outside_the_year_too(staff):
    plan = make_plan(year=2026)
    measure = first(plan, Measure)
    measure.deadline, measure.quarter = date(2027, 3, 1), None
    with pytest.raises(workflow.Refused) as refused:
        structure.save_measure(measure=measure, by=staff, seen_version=measure.version)
    assert "deadline" in refused.value.error_dict


def test_a_deadline_and_a_quarter_together_are_refused(staff_client):
    plan = make_plan(year=2026)
    response = staff_client.post(reverse("planavimas:measure_create",
                                         args=[first(plan, Objective).pk]),
                                 _measure_data(deadline="2026-06-30", quarter="2"))
    assert response.context["form"].errors["quarter"]


def test_a_responsible_person_is_staff_or_management(staff_client, librarian_a):
    plan = make_plan(year=2026)
    response = staff_client.post(reverse("planavimas:measure_create",
                                         args=[first(plan, Objective).pk]),
                                 _measure_data(responsible=str(librarian_a.pk)))
    assert response.context["form"].errors["responsible"]


# --- indicators ------------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "stored"), [("1 234,5", Decimal("1234.5")),
                                               ("12.5", Decimal("12.5")),
                                               ("0", Decimal("0"))])
def test_a_planned_value_is_typed_the_lithuanian_way(staff_client, typed, stored):
    plan = make_plan(year=2026)
    measure = first(plan, Measure)
    response = staff_client.post(reverse("planavimas:indicator_create", args=[measure.pk]),
                                 _indicator_data(planned=typed))
    assert response.status_code == 302
    indicator = measure.indicators.get(name="Surengti mokymai")
    assert indicator.planned == stored and indicator.metric == METRIC


@pytest.mark.parametrize("planned", ["-1", "abc", ""])
def test_a_bad_planned_value_is_refused(staff_client, planned):
    plan = make_plan(year=2026)
    response = staff_client.post(reverse("planavimas:indicator_create",
                                         args=[first(plan, Measure).pk]),
                                 _indicator_data(planned=planned))
    assert response.status_code == 200 and response.context["form"].errors["planned"]


def test_the_metric_choices_are_grouped_and_may_be_left_typed_in(staff_client):
    plan = make_plan(year=2026)
    url = reverse("planavimas:indicator_create", args=[first(plan, Measure).pk])
    page = staff_client.get(url).content.decode()
    assert "<optgroup" in page and f'value="{METRIC}"' in page
    staff_client.post(url, _indicator_data(metric="", name="Rankinis"))
    assert Indicator.objects.get(name="Rankinis").metric == ""


def test_a_metric_no_app_declares_is_refused(staff, staff_client):
    plan = make_plan(year=2026)
    response = staff_client.post(reverse("planavimas:indicator_create",
                                         args=[first(plan, Measure).pk]),
                                 _indicator_data(metric="niekas.nezinomas"))
    assert response.context["form"].errors["metric"]
    indicator = first(plan, Indicator)
    indicator.metric = "niekas.nezinomas"
    with pytest.raises(workflow.Refused):
        structure.save_indicator(indicator=indicator, by=staff, seen_version=indicator.version)


def test_an_indicator_whose_metric_went_away_is_shown_and_must_be_relinked(staff_client):
    plan = make_plan(year=2026, metric="niekas.isnykes")
    indicator = first(plan, Indicator)
    url = reverse("planavimas:indicator_update", args=[indicator.pk])
    assert 'value="niekas.isnykes"' in staff_client.get(url).content.decode()
    response = staff_client.post(url, _indicator_data(metric="niekas.isnykes",
                                                      version=indicator.version))
    assert response.status_code == 200 and response.context["form"].errors["metric"]


# --- deletes ---------------------------------------------------------------------------------

def test_a_delete_asks_first_then_deletes_and_renumbers(staff_client):
    plan = make_plan(year=2026, measures=3, indicators=2)
    measure = first(plan, Measure)
    url = reverse("planavimas:measure_delete", args=[measure.pk])
    response = staff_client.get(url)
    assert response.status_code == 200 and response.context["contents"] == {"indicators": 2}
    response = staff_client.post(url, {"version": measure.version})
    assert response.status_code == 302 and not Measure.objects.filter(pk=measure.pk).exists()
    assert sorted(Measure.objects.values_list("position", flat=True)) == [1, 2]
    assert Indicator.objects.count() == 4


def test_a_goal_delete_says_what_goes_with_it(staff_client):
    plan = make_plan(year=2026, objectives=2, measures=2, indicators=1)
    response = staff_client.get(reverse("planavimas:goal_delete", args=[first(plan, Goal).pk]))
    assert response.context["contents"] == {"objectives": 2, "measures": 4, "indicators": 4}


# --- the plan must be editable ---------------------------------------------------------------

@pytest.mark.parametrize("state", ["submitted", "approved"])
def test_nothing_is_changed_once_submitted_or_approved(staff, manager, staff_client, state):
    if state == "approved":
        plan = approved_plan(staff=staff, manager=manager, year=2026)
    else:
        plan = workflow.submit(make_plan(year=2026), by=staff)
    goal, measure = first(plan, Goal), first(plan, Measure)
    indicator = first(plan, Indicator)
    for url, data in [
            (reverse("planavimas:goal_create", args=[2026]),
             {"chapter": "1", "title": "Naujas"}),
            (reverse("planavimas:goal_update", args=[goal.pk]),
             {"chapter": "1", "title": "Pakeistas", "version": goal.version}),
            (reverse("planavimas:measure_delete", args=[measure.pk]),
             {"version": measure.version}),
            (reverse("planavimas:indicator_update", args=[indicator.pk]),
             _indicator_data(version=indicator.version)),
            (reverse("planavimas:plan_update", args=[2026]), {"introduction": "X"})]:
        response = staff_client.post(url, data, follow=True)
        assert response.redirect_chain[0][0] == reverse("planavimas:plan_detail",
                                                        args=[2026]), url
        assert any(m.level_tag == "error" for m in response.context["messages"])
    goal.refresh_from_db()
    assert goal.title != "Pakeistas" and Measure.objects.filter(pk=measure.pk).exists()
    assert Goal.objects.count() == 1 and Plan.objects.get().introduction == ""


def test_the_service_refuses_a_change_of_a_submitted_plan(staff):
    plan = workflow.submit(make_plan(year=2026), by=staff)
    objective = Objective(goal=first(plan, Goal), title="Naujas")
    with pytest.raises(workflow.Refused) as refused:
        structure.save_objective(objective=objective, by=staff)
    assert refused.value.code == "locked"


def test_management_cannot_write_through_the_service(manager):
    plan = make_plan(year=2026)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        structure.delete_row(row=first(plan, Indicator), by=manager)


# --- two editors -----------------------------------------------------------------------------

def test_the_second_of_two_editors_is_refused_and_keeps_what_they_typed(staff, staff_client):
    plan = make_plan(year=2026)
    indicator = first(plan, Indicator)
    url = reverse("planavimas:indicator_update", args=[indicator.pk])
    seen = indicator.version
    first_save = staff_client.post(url, _indicator_data(planned="20", version=seen))
    assert first_save.status_code == 302
    second = staff_client.post(url, _indicator_data(planned="30", version=seen))
    assert second.status_code == 200 and second.context["form"].non_field_errors()
    assert second.context["version"] == seen + 1
    assert 'value="30"' in second.content.decode()
    indicator.refresh_from_db()
    assert indicator.planned == Decimal("20")
    again = staff_client.post(url, _indicator_data(planned="30", version=seen + 1))
    assert again.status_code == 302
    indicator.refresh_from_db()
    assert indicator.planned == Decimal("30")


def test_a_stale_delete_is_refused(staff, staff_client):
    plan = make_plan(year=2026)
    goal = first(plan, Goal)
    structure.save_goal(goal=goal, by=staff, seen_version=goal.version)
    response = staff_client.post(reverse("planavimas:goal_delete", args=[goal.pk]),
                                 {"version": "1"})
    assert response.status_code == 302 and Goal.objects.filter(pk=goal.pk).exists()


def test_the_introduction_is_saved_with_its_version(staff_client):
    plan = make_plan(year=2026)
    url = reverse("planavimas:plan_update", args=[2026])
    assert staff_client.post(url, {"introduction": "**Misija**", "version": plan.version}) \
        .status_code == 302
    page = staff_client.get(reverse("planavimas:plan_detail", args=[2026])).content.decode()
    assert "<strong>Misija</strong>" in page
    stale = staff_client.post(url, {"introduction": "Kita", "version": plan.version})
    assert stale.status_code == 200 and stale.context["form"].non_field_errors()
    plan.refresh_from_db()
    assert plan.introduction == "**Misija**"
