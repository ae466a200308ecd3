"""The plan's workflow in the browser: the buttons each role sees in each state, submit,
return with comments, approve and amend through the pages (POST only, with the version the
person saw), the refusals as messages, 403 and 404 by role; and the home cards."""

import pytest
from django.urls import reverse

from planavimas import services_workflow as workflow
from planavimas.models import Event, Plan, Snapshot, Status
from planavimas.tests.factories import approved_plan, make_plan

pytestmark = pytest.mark.django_db

FORMS = ("plan-submit-form", "plan-approve-form", "plan-return-form", "plan-amend-form")


def _url(name, year=2026):
    return reverse(f"planavimas:{name}", args=[year])


def _forms(client, year=2026) -> set[str]:
    page = client.get(_url("plan_detail", year)).content.decode()
    return {name for name in FORMS if f'id="{name}"' in page}


def _messages(response) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in response.context["messages"]]


def test_buttons_by_role_and_state(staff, manager, staff_client, manager_client):
    plan = make_plan(year=2026)
    assert _forms(staff_client) == {"plan-submit-form"}
    assert _forms(manager_client) == set()
    plan = workflow.submit(plan, by=staff)
    assert _forms(staff_client) == set()
    assert _forms(manager_client) == {"plan-approve-form", "plan-return-form"}
    plan = workflow.return_with_comments(plan, by=manager, comment="Papildykite rodiklius.")
    assert _forms(staff_client) == {"plan-submit-form"}
    assert "Papildykite rodiklius." in staff_client.get(_url("plan_detail")).content.decode()
    plan = workflow.approve(workflow.submit(plan, by=staff), by=manager)
    assert _forms(staff_client) == {"plan-amend-form"}
    assert _forms(manager_client) == set()


def test_the_workflow_pages_take_only_posts(staff_client, manager_client):
    make_plan(year=2026)
    for name in ("plan_submit", "plan_amend"):
        assert staff_client.get(_url(name)).status_code == 405
    for name in ("plan_approve", "plan_return"):
        assert manager_client.get(_url(name)).status_code == 405


def test_roles_are_refused(staff, staff_client, manager_client, client_a, manager):
    plan = workflow.submit(make_plan(year=2026), by=staff)
    version = {"seen_version": plan.version}
    assert staff_client.post(_url("plan_approve"), version).status_code == 403
    assert staff_client.post(_url("plan_return"), version).status_code == 403
    assert manager_client.post(_url("plan_submit"), version).status_code == 403
    assert manager_client.post(_url("plan_amend"), version).status_code == 403
    for name in ("plan_submit", "plan_approve", "plan_return", "plan_amend"):
        assert client_a.post(_url(name), version).status_code == 404
    approved_plan(staff=staff, manager=manager, year=2025)
    for name in ("plan_submit", "plan_approve", "plan_return", "plan_amend"):
        assert client_a.post(_url(name, 2025), {}).status_code == 404
    assert Plan.objects.get(year=2026).status == Status.SUBMITTED


def test_submit_return_approve_and_amend_through_the_pages(staff_client, manager_client):
    plan = make_plan(year=2026)
    response = staff_client.post(_url("plan_submit"), {"seen_version": plan.version},
                                 follow=True)
    assert _messages(response)[0][0] == "success"
    plan.refresh_from_db()
    assert plan.status == Status.SUBMITTED
    manager_client.post(_url("plan_return"), {"seen_version": plan.version,
                                              "comment": "Trūksta rodiklių"})
    plan.refresh_from_db()
    assert plan.status == Status.RETURNED and plan.return_comment == "Trūksta rodiklių"
    staff_client.post(_url("plan_submit"), {"seen_version": plan.version})
    plan.refresh_from_db()
    manager_client.post(_url("plan_approve"), {"seen_version": plan.version})
    plan.refresh_from_db()
    assert plan.status == Status.APPROVED and Snapshot.objects.filter(plan=plan).count() == 1
    staff_client.post(_url("plan_amend"), {"seen_version": plan.version,
                                           "reason": "Pasikeitė finansavimas"})
    plan.refresh_from_db()
    assert plan.status == Status.DRAFT and plan.number == 2
    assert plan.reason == "Pasikeitė finansavimas"
    assert Event.objects.filter(plan=plan).count() == 5


def test_a_return_without_comments_and_an_amendment_without_a_reason_are_refused(
        staff, manager, staff_client, manager_client):
    plan = workflow.submit(make_plan(year=2026), by=staff)
    response = manager_client.post(_url("plan_return"), {"seen_version": plan.version,
                                                         "comment": "  "}, follow=True)
    assert _messages(response)[0][0] == "error"
    plan = workflow.approve(Plan.objects.get(pk=plan.pk), by=manager)
    response = staff_client.post(_url("plan_amend"), {"seen_version": plan.version},
                                 follow=True)
    assert _messages(response)[0][0] == "error"
    assert Plan.objects.get(pk=plan.pk).status == Status.APPROVED


def test_an_empty_plan_is_not_submitted(staff_client):
    plan = Plan.objects.create(year=2026)
    response = staff_client.post(_url("plan_submit"), {"seen_version": plan.version},
                                 follow=True)
    assert _messages(response)[0][0] == "error"
    assert Plan.objects.get(pk=plan.pk).status == Status.DRAFT


def test_a_decision_on_a_page_seen_before_a_change_is_refused(staff, manager_client):
    """Two managers: the second one's click, from the page as it was, approves nothing."""
    plan = workflow.submit(make_plan(year=2026), by=staff)
    seen = plan.version
    assert manager_client.post(_url("plan_approve"), {"seen_version": seen}).status_code == 302
    response = manager_client.post(_url("plan_return"), {"seen_version": seen,
                                                         "comment": "Per vėlu"}, follow=True)
    assert _messages(response)[-1][0] == "error"
    plan.refresh_from_db()
    assert plan.status == Status.APPROVED and Snapshot.objects.count() == 1


def test_a_post_without_the_seen_version_moves_nothing(staff_client):
    make_plan(year=2026)
    staff_client.post(_url("plan_submit"), {})
    assert Plan.objects.get(year=2026).status == Status.DRAFT


# --- home cards ------------------------------------------------------------------------------

def test_management_see_the_plans_waiting_for_their_decision(staff, manager_client,
                                                             staff_client):
    workflow.submit(make_plan(year=2026), by=staff)
    page = manager_client.get("/").content.decode()
    assert 'id="home-plans-awaiting"' in page and _url("plan_detail") in page
    assert 'id="home-plans-awaiting"' not in staff_client.get("/").content.decode()


def test_staff_see_the_plans_returned_with_comments(staff, manager, staff_client,
                                                    manager_client):
    plan = workflow.submit(make_plan(year=2026), by=staff)
    workflow.return_with_comments(plan, by=manager, comment="Papildykite rodiklius.")
    page = staff_client.get("/").content.decode()
    assert 'id="home-plans-returned"' in page and "Papildykite rodiklius." in page
    assert 'id="home-plans-returned"' not in manager_client.get("/").content.decode()


def test_no_home_card_when_nothing_waits(staff_client, manager_client):
    make_plan(year=2026)
    assert "home-plans-" not in staff_client.get("/").content.decode()
    assert "home-plans-" not in manager_client.get("/").content.decode()


def test_the_menu_entry_is_there_for_everyone_signed_in(client_a):
    assert reverse("planavimas:plan_list") in client_a.get("/").content.decode()
