"""A branch librarian of library A's own system — and its director — against procurement
and assignments: both are the department's and management's, so every page, object, file
and document of them is a 404 to the system's librarians (not only to another library's)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from apdovanojimai.tests.factories_nominations import branch_librarian
from ataskaitos.models import ReportJob
from pavedimai.tests.factories import manager
from pavedimai.tests.factories_assignments import give
from pirkimai.tests.factories import make_plan, make_planned
from pirkimai.tests.factories_contracts import pdf_bytes, register, surveyed_purchase, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(territory, staff):
    plan = make_plan(today().year)
    line = make_planned(plan)
    purchase = surveyed_purchase(staff)
    contract = register(staff, purchase=purchase, file=pdf_bytes(), file_name="sutartis.pdf")
    assignment = give(manager(), [staff], title="Filialų apžvalga", files=[
        SimpleUploadedFile("planas.pdf", pdf_bytes("Planas"), "application/pdf")])
    return {"year": plan.year, "line": line, "purchase": purchase, "contract": contract,
            "assignment": assignment, "attachment": assignment.attachments.get()}


def _clients(territory, librarian_a):
    branch = Client()
    branch.force_login(branch_librarian(territory.branch_a),
                       backend="paskyros.backends.EmailBackend")
    director = Client()
    director.force_login(librarian_a, backend="paskyros.backends.EmailBackend")
    return {"branch librarian": branch, "director": director}


def test_every_page_object_and_file_is_a_404_to_the_systems_librarians(world, territory,
                                                                        librarian_a):
    pages = [("pirkimai:home", []), ("pirkimai:plan_list", []),
             ("pirkimai:plan_detail", [world["year"]]),
             ("pirkimai:planned_update", [world["line"].pk]), ("pirkimai:cpv_list", []),
             ("pirkimai:purchase_list", []), ("pirkimai:purchase_create", []),
             ("pirkimai:purchase_detail", [world["purchase"].pk]),
             ("pirkimai:purchase_survey", [world["purchase"].pk]),
             ("pirkimai:contract_list", []),
             ("pirkimai:contract_detail", [world["contract"].pk]),
             ("pirkimai:contract_file", [world["contract"].pk]),
             ("pirkimai:summary", [world["year"]]),
             ("pavedimai:assignment_list", []), ("pavedimai:overview", []),
             ("pavedimai:assignment_detail", [world["assignment"].pk]),
             ("pavedimai:attachment_file", [world["attachment"].pk])]
    for who, client in _clients(territory, librarian_a).items():
        for name, args in pages:
            assert client.get(reverse(name, args=args)).status_code == 404, (who, name)
        assert client.post(reverse("pirkimai:purchase_approve",
                                   args=[world["purchase"].pk])).status_code == 404, who


def test_their_documents_cannot_be_asked_for(world, territory, librarian_a):
    asks = [("pirkimai.request", {"purchase": world["purchase"].pk}, "pdf"),
            ("pirkimai.survey", {"purchase": world["purchase"].pk}, "docx"),
            ("pirkimai.contract", {"contract": world["contract"].pk}, "pdf"),
            ("pirkimai.register", {"year": world["year"]}, "xlsx"),
            ("pirkimai.summary", {"year": world["year"]}, "xlsx")]
    for who, client in _clients(territory, librarian_a).items():
        for kind, params, fmt in asks:
            response = client.post(reverse("ataskaitos:document_request"),
                                   {"kind": kind, "format": fmt, **params})
            assert response.status_code == 404, (who, kind, response.status_code)
        # the year's list of assignments names no object: the engine's staff-only kinds
        # refuse other roles with a 403
        response = client.post(reverse("ataskaitos:document_request"),
                               {"kind": "pavedimai.year", "format": "xlsx",
                                "year": world["year"]})
        assert response.status_code == 403, (who, response.status_code)
    assert not ReportJob.objects.exists()
