"""The pipeline board: columns and cards within the user's scope, a fixed query budget,
and moving a card — by the card's form (no script) and as the board's script does it
(JSON) — with the rules of the status machine."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bibliotekos.models import Membership
from portalas.testing import count_queries, query_budget
from projektai import services
from projektai.models import PIPELINE, Deadline, Project, ProjectStatus
from projektai.tests.factories import make_project
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BOARD = reverse("projektai:project_board")
JSON = {"HTTP_ACCEPT": "application/json"}


def move_url(project):
    return reverse("projektai:project_status", args=[project.pk])


def cards(response) -> dict[str, list[Project]]:
    return {column["status"]: column["cards"] for column in response.context["columns"]}


@pytest.fixture
def partner_director(territory):
    user = UserFactory(role="librarian", email="partneris@test.lt")
    Membership.objects.create(user=user, library=territory.system_b, role="director")
    client = Client()
    client.force_login(user, backend="paskyros.backends.EmailBackend")
    return client


def test_the_board_has_a_column_per_status_and_counts_the_withdrawn(staff_client, staff):
    idea = make_project(by=staff, title="Idėja")
    running = make_project(by=staff, title="Vykdomas", status=ProjectStatus.RUNNING)
    make_project(by=staff, title="Atsiimtas", status=ProjectStatus.WITHDRAWN)
    response = staff_client.get(BOARD)
    assert response.status_code == 200
    columns = cards(response)
    assert list(columns) == list(PIPELINE)
    assert columns["idea"] == [idea] and columns["running"] == [running]
    assert response.context["withdrawn_count"] == 1
    assert "Atsiimtas" not in response.content.decode()
    body = response.content.decode()
    assert 'draggable="true"' in body and "js/projektai-board.js" in body
    assert 'aria-live="polite"' in body


def test_a_card_shows_its_next_open_deadline(staff_client, staff):
    project = make_project(by=staff)
    today = timezone.localdate()
    Deadline.objects.filter(project=project).delete()
    Deadline.objects.create(project=project, title="Atlikta", due_on=today,
                            done_on=today)
    Deadline.objects.create(project=project, title="Vėlesnis", due_on=today + timedelta(9))
    Deadline.objects.create(project=project, title="Artimiausias", due_on=today + timedelta(3))
    [card] = cards(staff_client.get(BOARD))["idea"]
    assert card.next_due == today + timedelta(3) and card.next_due_title == "Artimiausias"


def test_the_board_costs_the_same_for_3_or_30_cards(staff_client, staff, territory):
    statuses = [ProjectStatus.IDEA, ProjectStatus.PREPARING, ProjectStatus.RUNNING]
    for i in range(3):
        make_project(by=staff, title=f"P{i}", status=statuses[i])
    staff_client.get(BOARD)
    few = count_queries(lambda: staff_client.get(BOARD))
    for i in range(27):
        make_project(by=staff, title=f"K{i}", status=statuses[i % 3],
                     owner_library=territory.system_a)
    many = count_queries(lambda: staff_client.get(BOARD))
    assert many == few, (few, many)
    with query_budget(12):
        staff_client.get(BOARD)


def test_a_librarians_board_costs_the_same_for_few_or_many_cards(client_a, librarian_a,
                                                                 territory):
    make_project(by=librarian_a, owner_library=territory.system_a)
    client_a.get(BOARD)
    few = count_queries(lambda: client_a.get(BOARD))
    for i in range(10):
        make_project(by=librarian_a, owner_library=territory.central_a, title=f"B{i}")
    assert count_queries(lambda: client_a.get(BOARD)) == few


def test_another_librarys_project_is_not_on_the_board_and_cannot_be_moved(
        client_b, librarian_a, territory):
    project = make_project(by=librarian_a, owner_library=territory.system_a, title="Savas")
    response = client_b.get(BOARD)
    assert all(column == [] for column in cards(response).values())
    assert "Savas" not in response.content.decode()
    assert client_b.post(move_url(project), {"to": "preparing", "version": "1"},
                         **JSON).status_code == 404


def test_the_board_filters_department_and_library_projects(staff_client, staff, territory):
    department = make_project(by=staff, title="Skyriaus")
    library = make_project(by=staff, title="Bibliotekos", owner_library=territory.system_a)
    assert cards(staff_client.get(BOARD + "?owner=department"))["idea"] == [department]
    assert cards(staff_client.get(BOARD + "?owner=libraries"))["idea"] == [library]


def test_staff_move_a_card_with_its_form_and_come_back_to_the_board(staff_client, staff):
    project = make_project(by=staff)
    response = staff_client.post(move_url(project), {
        "to": "preparing", "version": str(project.version), "next": BOARD + "?owner=department"})
    assert response.status_code == 302 and response["Location"] == BOARD + "?owner=department"
    project.refresh_from_db()
    assert project.status == ProjectStatus.PREPARING and project.version == 2


def test_a_next_address_elsewhere_is_ignored(staff_client, staff):
    project = make_project(by=staff)
    response = staff_client.post(move_url(project), {
        "to": "preparing", "version": str(project.version), "next": "https://evil.example/"})
    assert response["Location"] == project.get_absolute_url()


def test_a_dropped_card_comes_back_rendered_as_json(staff_client, staff):
    project = make_project(by=staff)
    response = staff_client.post(move_url(project), {
        "to": "preparing", "version": str(project.version), "next": BOARD}, **JSON)
    assert response.status_code == 200
    answer = response.json()
    assert answer["ok"] is True and answer["status"] == "preparing"
    assert f'id="project-card-{project.pk}"' in answer["html"]
    assert 'data-status="preparing"' in answer["html"]
    assert 'data-version="2"' in answer["html"]


def test_a_stale_card_is_refused_with_409(staff_client, staff):
    project = make_project(by=staff)
    services.change_status(project, to=ProjectStatus.PREPARING, by=staff)
    response = staff_client.post(move_url(project), {"to": "idea", "version": "1"}, **JSON)
    assert response.status_code == 409 and response.json()["code"] == "stale"
    project.refresh_from_db()
    assert project.status == ProjectStatus.PREPARING


def test_a_move_the_pipeline_does_not_allow_is_a_400(staff_client, staff):
    project = make_project(by=staff)
    response = staff_client.post(move_url(project), {"to": "closed", "version": "1"}, **JSON)
    assert response.status_code == 400 and response.json()["code"] == "transition"


def test_granted_without_the_sum_is_explained(staff_client, staff):
    project = make_project(by=staff, status=ProjectStatus.SUBMITTED)
    response = staff_client.post(move_url(project), {
        "to": "granted", "version": str(project.version)}, **JSON)
    assert response.status_code == 400 and response.json()["code"] == "no_grant"


def test_a_partner_librarys_director_may_not_move_the_card(partner_director, staff,
                                                           territory):
    project = make_project(by=staff)
    project.partners.create(library=territory.system_b)
    board = partner_director.get(BOARD)
    [card] = cards(board)["idea"]
    assert card.moves == [] and 'draggable="true"' not in board.content.decode()
    data = {"to": "preparing", "version": str(project.version)}
    assert partner_director.post(move_url(project), data).status_code == 403
    response = partner_director.post(move_url(project), data, **JSON)
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    project.refresh_from_db()
    assert project.status == ProjectStatus.IDEA


def test_staff_dropping_on_submitted_are_told_management_approves(staff_client, staff):
    project = make_project(by=staff, status=ProjectStatus.PREPARING)
    response = staff_client.post(move_url(project), {
        "to": "submitted", "version": str(project.version)}, **JSON)
    assert response.status_code == 409
    answer = response.json()
    assert answer["code"] == "needs_approval"
    assert answer["approval_url"] == reverse("projektai:project_request_approval",
                                             args=[project.pk])
    # without the script: the same explanation as a message
    page = staff_client.post(move_url(project), {
        "to": "submitted", "version": str(project.version), "next": BOARD}, follow=True)
    assert any(m.level_tag == "error" for m in page.context["messages"])
    project.refresh_from_db()
    assert project.status == ProjectStatus.PREPARING


def test_staff_ask_for_approval_from_the_card_and_management_approve_by_moving_it(
        staff_client, manager_client, staff, manager):
    project = make_project(by=staff, status=ProjectStatus.PREPARING)
    [card] = cards(staff_client.get(BOARD))["preparing"]
    assert card.can_request and ProjectStatus.SUBMITTED not in [m[0] for m in card.moves]
    response = staff_client.post(
        reverse("projektai:project_request_approval", args=[project.pk]),
        {"version": str(project.version), "next": BOARD}, **JSON)
    assert response.status_code == 200
    assert "text-bg-warning" in response.json()["html"]  # the "awaiting approval" badge
    project.refresh_from_db()
    assert project.awaiting_approval
    [card] = cards(manager_client.get(BOARD))["preparing"]
    assert [m[0] for m in card.moves] == [ProjectStatus.SUBMITTED]
    response = manager_client.post(move_url(project), {
        "to": "submitted", "version": str(project.version)}, **JSON)
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    project.refresh_from_db()
    assert project.status == ProjectStatus.SUBMITTED and project.approved_by == manager


def test_a_library_director_moves_their_own_project_to_submitted(client_a, librarian_a,
                                                                 territory):
    project = make_project(by=librarian_a, owner_library=territory.system_a,
                           status=ProjectStatus.PREPARING, granted_amount=Decimal("1"))
    [card] = cards(client_a.get(BOARD))["preparing"]
    assert ProjectStatus.SUBMITTED in [m[0] for m in card.moves] and not card.can_request
    response = client_a.post(move_url(project), {
        "to": "submitted", "version": str(project.version)}, **JSON)
    assert response.status_code == 200


def test_the_board_needs_a_signed_in_user(client, staff):
    make_project(by=staff)
    response = client.get(BOARD)
    assert response.status_code == 302
