"""The annual plan's pages: the list, a new plan, a plan's page (live for staff and
management, the approved version for librarians), the versions — per role, with query
budgets that do not grow with the plan."""

from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse

from planavimas import services_workflow as workflow
from planavimas.models import Goal, Indicator, Measure, Plan, Status
from planavimas.tests.factories import approved_plan, first, make_plan
from portalas.testing import query_budget

pytestmark = pytest.mark.django_db


def _detail(year):
    return reverse("planavimas:plan_detail", args=[year])


# --- the list --------------------------------------------------------------------------------

def test_anonymous_is_sent_to_sign_in(client):
    for url in (reverse("planavimas:plan_list"), _detail(2026),
                reverse("planavimas:plan_create")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_staff_see_every_plan_with_its_status_and_a_new_plan_button(staff_client, staff,
                                                                    manager):
    make_plan(year=2027)
    approved_plan(staff=staff, manager=manager, year=2026)
    with query_budget(12):
        response = staff_client.get(reverse("planavimas:plan_list"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-year="2027"' in page and 'data-year="2026"' in page
    assert 'id="plan-create"' in page


def test_management_see_every_plan_but_cannot_create(manager_client):
    make_plan(year=2027)
    page = manager_client.get(reverse("planavimas:plan_list")).content.decode()
    assert 'data-year="2027"' in page and 'id="plan-create"' not in page
    assert manager_client.get(reverse("planavimas:plan_create")).status_code == 403


def test_librarians_see_only_years_with_an_approved_plan(client_a, staff, manager):
    make_plan(year=2027)
    approved_plan(staff=staff, manager=manager, year=2026)
    response = client_a.get(reverse("planavimas:plan_list"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-year="2026"' in page and 'data-year="2027"' not in page
    assert _detail(2026) in page and 'id="plan-create"' not in page
    assert client_a.get(reverse("planavimas:plan_create")).status_code == 404


# --- a new plan ------------------------------------------------------------------------------

def test_a_new_plan_defaults_to_the_current_year_without_copy(staff_client):
    form = staff_client.get(reverse("planavimas:plan_create")).context["form"]
    assert form.fields["year"].initial == date.today().year
    assert form.fields["copy"].disabled and not form.fields["copy"].initial


def test_a_new_plan_defaults_to_the_year_after_the_latest_and_copies_it(staff_client):
    make_plan(year=2026, goals=2, measures=2)
    form = staff_client.get(reverse("planavimas:plan_create")).context["form"]
    assert form.fields["year"].initial == 2027 and form.fields["copy"].initial
    response = staff_client.post(reverse("planavimas:plan_create"),
                                 {"year": "2027", "copy": "on"})
    assert response.status_code == 302 and response["Location"] == _detail(2027)
    plan = Plan.objects.get(year=2027)
    assert plan.copied_from.year == 2026
    assert Measure.objects.filter(objective__goal__plan=plan).count() == 4


def test_a_new_plan_without_the_copy_is_empty_and_a_taken_year_is_refused(staff_client):
    make_plan(year=2026)
    staff_client.post(reverse("planavimas:plan_create"), {"year": "2027"})
    assert not Goal.objects.filter(plan__year=2027).exists()
    response = staff_client.post(reverse("planavimas:plan_create"), {"year": "2027"})
    assert response.status_code == 200 and response.context["form"].errors["year"]


# --- a plan's page ---------------------------------------------------------------------------

def test_staff_see_the_live_tree_by_chapters_with_edit_controls(staff_client):
    plan = make_plan(year=2026, metric="mokymai.events_held")
    page = staff_client.get(_detail(2026)).content.decode()
    goal = first(plan, Goal)
    assert f'id="g{goal.pk}"' in page
    assert reverse("planavimas:goal_update", args=[goal.pk]) in page
    assert reverse("planavimas:indicator_update", args=[first(plan, Indicator).pk]) in page
    assert 'id="plan-submit-form"' in page
    assert 'id="c3"' in page and 'id="c1"' in page    # every chapter, to add goals in


def test_management_read_the_live_tree_without_edit_controls(manager_client):
    plan = make_plan(year=2026)
    page = manager_client.get(_detail(2026)).content.decode()
    assert f'id="g{first(plan, Goal).pk}"' in page
    assert reverse("planavimas:goal_update", args=[first(plan, Goal).pk]) not in page
    assert 'id="plan-submit-form"' not in page and 'id="plan-approve-form"' not in page


def test_an_indicator_shows_its_metric_label_or_typed_in(staff_client):
    plan = make_plan(year=2026, indicators=2, metric="mokymai.events_held")
    Indicator.objects.filter(pk=first(plan, Indicator).pk).update(metric="")
    page = staff_client.get(_detail(2026)).content.decode()
    from portalas.registry import metric

    assert str(metric("mokymai.events_held").label) in page
    assert page.count("bi-link-45deg") == 1 and page.count("bi-keyboard") == 1


def test_librarian_gets_404_for_a_year_without_an_approved_plan(client_a):
    make_plan(year=2026)
    assert client_a.get(_detail(2026)).status_code == 404
    assert client_a.get(_detail(2030)).status_code == 404


def test_librarian_reads_the_approved_version_not_the_draft_of_an_amendment(
        client_a, staff, manager):
    plan = approved_plan(staff=staff, manager=manager, year=2026)
    goal = first(plan, Goal)
    workflow.amend(plan, by=staff, reason="Pakeistas finansavimas")
    Goal.objects.filter(pk=goal.pk).update(title="Juodraščio tikslas")
    page = client_a.get(_detail(2026)).content.decode()
    assert "Juodraščio tikslas" not in page
    assert "Stiprinti bibliotekininkų kompetencijas 1" in page
    assert 'id="plan-approved-note"' in page
    assert reverse("planavimas:goal_update", args=[goal.pk]) not in page
    assert 'id="plan-workflow"' not in page


def test_staff_see_the_amendment_draft_and_which_version_is_published(staff_client, staff,
                                                                      manager):
    plan = approved_plan(staff=staff, manager=manager, year=2026)
    workflow.amend(plan, by=staff, reason="Pakeistas finansavimas")
    page = staff_client.get(_detail(2026)).content.decode()
    assert 'id="plan-published-note"' in page and "Pakeistas finansavimas" in page


@pytest.mark.parametrize("client_name", ["staff_client", "manager_client"])
def test_plan_page_queries_do_not_grow_with_the_plan(request, client_name, staff, manager):
    client = request.getfixturevalue(client_name)
    make_plan(year=2025, goals=1, objectives=1, measures=1, indicators=1,
              metric="mokymai.events_held")
    make_plan(year=2026, goals=5, objectives=2, measures=3, indicators=2,
              metric="mokymai.events_held")
    Measure.objects.update(responsible=staff)
    client.get(_detail(2025))
    with query_budget(16) as small:
        assert client.get(_detail(2025)).status_code == 200
    with query_budget(16) as large:
        assert client.get(_detail(2026)).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_librarian_page_queries_do_not_grow_with_the_plan(client_a, staff, manager):
    approved_plan(staff=staff, manager=manager, year=2026, goals=5, objectives=2, measures=3,
                  indicators=2)
    with query_budget(12):
        assert client_a.get(_detail(2026)).status_code == 200


def test_document_buttons_appear_once_their_kinds_are_registered(staff_client):
    from portalas.registry import report_kinds

    make_plan(year=2026)
    page = staff_client.get(_detail(2026)).content.decode()
    for kind in ("planavimas.plan", "planavimas.indicators"):
        assert (f'value="{kind}"' in page) == (kind in report_kinds)


# --- versions --------------------------------------------------------------------------------

def test_versions_list_approved_snapshots_and_the_log_for_staff(staff_client, staff, manager):
    plan = approved_plan(staff=staff, manager=manager, year=2026)
    workflow.amend(plan, by=staff, reason="Pakeistas finansavimas")
    with query_budget(10):
        response = staff_client.get(reverse("planavimas:version_list", args=[2026]))
    page = response.content.decode()
    assert 'id="versions-plan"' in page and 'id="plan-events"' in page
    assert "Pakeistas finansavimas" in page


def test_librarians_see_approved_versions_but_not_the_log(client_a, staff, manager):
    plan = approved_plan(staff=staff, manager=manager, year=2026)
    workflow.amend(plan, by=staff, reason="Pakeistas finansavimas")
    page = client_a.get(reverse("planavimas:version_list", args=[2026])).content.decode()
    assert 'id="versions-plan"' in page and 'id="plan-events"' not in page
    assert "Pakeistas finansavimas" not in page


def test_a_version_is_drawn_from_its_snapshot(client_a, staff, manager):
    plan = approved_plan(staff=staff, manager=manager, year=2026)
    workflow.amend(plan, by=staff, reason="Pakeistas finansavimas")
    Goal.objects.update(title="Juodraščio tikslas")
    url = reverse("planavimas:version_detail", args=[2026, "plan", 1])
    with query_budget(10):
        response = client_a.get(url)
    page = response.content.decode()
    assert response.status_code == 200 and "Juodraščio tikslas" not in page
    assert "Stiprinti bibliotekininkų kompetencijas 1" in page
    assert client_a.get(reverse("planavimas:version_detail",
                                args=[2026, "plan", 2])).status_code == 404
    assert client_a.get(reverse("planavimas:version_detail",
                                args=[2026, "other", 1])).status_code == 404


def test_a_report_version_shows_actual_values_and_fulfilment(manager_client, staff, manager):
    plan = approved_plan(staff=staff, manager=manager, year=2025)
    Indicator.objects.update(actual_manual=7)
    Measure.objects.update(result="done", result_comment="Įvyko keturi seminarai")
    report = workflow.start_report(plan, by=staff)
    workflow.approve(workflow.submit(report, by=staff), by=manager)
    response = manager_client.get(reverse("planavimas:version_detail",
                                          args=[2025, "report", 1]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<meter" in page and "70,0" in page and "Įvyko keturi seminarai" in page
    assert Plan.objects.get(year=2025).status == Status.APPROVED
