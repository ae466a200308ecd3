"""A branch librarian of library A's own system — and its director — against the annual
plan and report: like every territory librarian they read what management approved (the
plan and its approved version, as pages and as documents) and nothing else — the draft
report, the progress, the records behind the numbers, every edit and workflow route and
every document of a draft are a 404."""

import pytest
from django.test import Client
from django.urls import reverse

from apdovanojimai.tests.factories_nominations import branch_librarian
from ataskaitos.models import ReportJob
from planavimas import services_workflow as workflow
from planavimas.models import Indicator, Measure
from planavimas.tests.factories import approved_plan, first, make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(staff, manager):
    plan = approved_plan(staff=staff, manager=manager, year=2025,
                         metric="mokymai.events_held")
    workflow.start_report(plan, by=staff)
    draft = make_plan(year=2026, by=staff)
    return {"plan": plan, "draft": draft}


def _clients(territory, librarian_a):
    branch = Client()
    branch.force_login(branch_librarian(territory.branch_a),
                       backend="paskyros.backends.EmailBackend")
    director = Client()
    director.force_login(librarian_a, backend="paskyros.backends.EmailBackend")
    return {"branch librarian": branch, "director": director}


def test_the_approved_plan_is_read_and_everything_else_is_a_404(world, territory,
                                                                 librarian_a):
    plan, draft = world["plan"], world["draft"]
    readable = [("planavimas:plan_list", []), ("planavimas:plan_detail", [plan.year]),
                ("planavimas:version_detail", [plan.year, "plan", 1])]
    hidden = [("planavimas:plan_detail", [draft.year]),
              ("planavimas:report_detail", [plan.year]),
              ("planavimas:progress", [plan.year]),
              ("planavimas:indicator_records", [plan.year, first(plan, Indicator).pk]),
              ("planavimas:plan_update", [plan.year]),
              ("planavimas:measure_update", [first(plan, Measure).pk]),
              ("planavimas:measure_result", [first(plan, Measure).pk]),
              ("planavimas:plan_create", [])]
    for who, client in _clients(territory, librarian_a).items():
        for name, args in readable:
            assert client.get(reverse(name, args=args)).status_code == 200, (who, name)
        for name, args in hidden:
            assert client.get(reverse(name, args=args)).status_code == 404, (who, name)
        for name in ("planavimas:plan_submit", "planavimas:plan_approve",
                     "planavimas:report_submit"):
            assert client.post(reverse(name, args=[plan.year])).status_code == 404, (
                who, name)


def test_documents_of_a_draft_cannot_be_asked_for(world, territory, librarian_a):
    plan, draft = world["plan"], world["draft"]
    asks = [("planavimas.plan", {"year": draft.year}, "docx"),
            ("planavimas.report", {"year": plan.year}, "pdf"),
            ("planavimas.indicators", {"year": draft.year}, "xlsx"),
            ("planavimas.plan", {"year": plan.year, "version": 2}, "pdf")]
    clients = _clients(territory, librarian_a)
    for who, client in clients.items():
        for kind, params, fmt in asks:
            response = client.post(reverse("ataskaitos:document_request"),
                                   {"kind": kind, "format": fmt, **params})
            assert response.status_code == 404, (who, kind, params, response.status_code)
    assert not ReportJob.objects.exists()
    # the approved plan is published: its document is theirs to ask for
    response = clients["branch librarian"].post(
        reverse("ataskaitos:document_request"),
        {"kind": "planavimas.plan", "format": "docx", "year": plan.year})
    assert response.status_code in (200, 302), response.status_code
    assert ReportJob.objects.filter(kind="planavimas.plan").count() == 1
