"""Who reaches which page of the assignments: the giver, the people given it, a delegate,
another staff member (404 on everything of the assignment), management (everything, read),
an administrator, and a territory librarian (404 on every page of the app, the list too:
the app is not theirs)."""

import pytest
from django.test import Client

from pavedimai import services_tasks
from pavedimai.models import TaskStatus
from pavedimai.tests.factories import manager, staff
from pavedimai.tests.factories_assignments import give, give_post, task_of, upload, url
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OBJECT_PAGES = ("assignment_detail", "assignment_update", "assignment_cancel",
                "assignment_history")
TASK_PAGES = ("task_report", "task_delegate", "task_reopen", "task_comment")


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def _client(user) -> Client:
    client = Client()
    client.force_login(user, backend="paskyros.backends.EmailBackend")
    return client


@pytest.fixture
def world():
    boss, ruta, jurate, other = (manager(full_name="Vytautas Čėsna"),
                                 staff(full_name="Rūta Žemaitienė"),
                                 staff(full_name="Jūratė Šimkienė"),
                                 staff(full_name="Kita Darbuotoja"))
    assignment = give(boss, [ruta], files=[upload("uzduotis.pdf")])
    task = task_of(assignment, ruta)
    services_tasks.delegate(task=task, by=ruta, people=[jurate])
    delegate = task_of(assignment, jurate)
    update = services_tasks.report(task=delegate, by=jurate, done=False, text="Pradėjau.",
                                   file=upload("juodrastis.pdf"))
    return {"boss": boss, "ruta": ruta, "jurate": jurate, "other": other,
            "assignment": assignment, "task": task, "delegate": delegate, "update": update,
            "attachment": assignment.attachments.get()}


def _object_urls(w) -> list[str]:
    a = w["assignment"]
    urls = [url(name, a.pk) for name in OBJECT_PAGES]
    urls += [url(name, w["delegate"].pk) for name in TASK_PAGES]
    urls += [url("attachment_file", w["attachment"].pk), url("update_file", w["update"].pk),
             url("task_acknowledge", w["delegate"].pk)]
    return urls


def test_another_staff_member_gets_404_on_the_assignment_its_tasks_and_files(world):
    client = _client(world["other"])
    for address in _object_urls(world):
        got = {client.get(address).status_code,
               client.post(address, {"text": "x", "reason": "x"}).status_code}
        assert got <= {404, 405} and 404 in got, (address, got)
    assert world["assignment"].pk not in [
        a.pk for a in client.get(url("assignment_list"), {"tab": "mine"}).context[
            "object_list"]]
    assert task_of(world["assignment"], world["jurate"]).status == TaskStatus.IN_PROGRESS


def test_a_librarian_gets_404_on_every_page_of_the_app(world, territory):
    librarian = UserFactory(role="librarian", full_name="Birutė Bėrienė")
    territory.school_b.memberships.create(user=librarian, role="librarian")
    client = _client(librarian)
    for address in [url("assignment_list"), url("assignment_create"), url("overview"),
                    *_object_urls(world)]:
        got = {client.get(address).status_code,
               client.post(address, give_post([world["ruta"]])).status_code}
        assert got <= {404, 405} and 404 in got, (address, got)


def test_the_giver_reads_edits_cancels_and_downloads(world):
    client = _client(world["boss"])
    a = world["assignment"]
    for name in OBJECT_PAGES:
        assert client.get(url(name, a.pk)).status_code == 200, name
    assert client.get(url("attachment_file", world["attachment"].pk)).status_code == 200
    assert client.get(url("update_file", world["update"].pk)).status_code == 200
    assert client.get(url("task_comment", world["delegate"].pk)).status_code == 200
    # the person's own actions are not the giver's
    assert client.get(url("task_report", world["delegate"].pk)).status_code == 403
    assert client.post(url("task_acknowledge", world["delegate"].pk)).status_code == 403


def test_the_assignee_and_the_delegate_read_and_act_on_their_own_task_only(world):
    a = world["assignment"]
    for person in ("ruta", "jurate"):
        client = _client(world[person])
        assert client.get(url("assignment_detail", a.pk)).status_code == 200
        assert client.get(url("assignment_history", a.pk)).status_code == 200
        assert client.get(url("attachment_file", world["attachment"].pk)).status_code == 200
        assert client.get(url("update_file", world["update"].pk)).status_code == 200
        assert client.get(url("assignment_update", a.pk)).status_code == 403
        assert client.post(url("assignment_cancel", a.pk), {"reason": "x"}).status_code == 403
        assert client.get(url("assignment_create")).status_code == 403
        assert client.get(url("overview")).status_code == 403
    jurate = _client(world["jurate"])
    assert jurate.get(url("task_report", world["delegate"].pk)).status_code == 200
    assert jurate.get(url("task_report", world["task"].pk)).status_code == 403
    ruta = _client(world["ruta"])
    assert ruta.get(url("task_report", world["delegate"].pk)).status_code == 403
    assert ruta.get(url("task_comment", world["delegate"].pk)).status_code == 200  # delegator


def test_management_and_administrators_see_every_assignment_but_do_not_edit_anothers(
        world, settings):
    settings.OTP_REQUIRED_ROLES = set()             # an administrator without a second factor
    for user in (manager(full_name="Pavaduotoja"), UserFactory(role="admin")):
        client = _client(user)
        a = world["assignment"]
        assert client.get(url("assignment_detail", a.pk)).status_code == 200
        assert client.get(url("attachment_file", world["attachment"].pk)).status_code == 200
        assert client.get(url("overview")).status_code == 200
        listed = client.get(url("assignment_list"), {"tab": "all"}).context["object_list"]
        assert a.pk in [row.pk for row in listed]
        assert client.get(url("assignment_update", a.pk)).status_code == 403
        assert client.get(url("task_reopen", world["delegate"].pk)).status_code == 403


def test_a_file_of_another_assignment_is_404_even_to_a_person_of_this_one(world):
    other_assignment = give(world["boss"], [world["other"]], files=[upload("kita.pdf")])
    client = _client(world["ruta"])
    assert client.get(url("attachment_file",
                          other_assignment.attachments.get().pk)).status_code == 404


def test_the_access_matrix_module_declares_every_route_and_the_outsider_gets_404(
        territory, staff, librarian_a, librarian_b):
    """What tests/test_access_matrix.py does with ``access_assignments``, for this app."""
    from types import SimpleNamespace

    from pavedimai.tests import access_assignments
    from portalas.testing import cases_for, routes

    w = SimpleNamespace()
    access_assignments.make_world(w, territory, staff, librarian_a)
    factories, targets = access_assignments.factories(w), access_assignments.targets(w)
    outsider, colleague = _client(librarian_b), _client(staff)
    checked = 0
    for route in routes(namespaces={"pavedimai"}):
        for case in cases_for(route, factories=factories, targets=targets, exempt={}):
            address = case.url(route)
            got = {outsider.get(address).status_code, outsider.post(address, {}).status_code}
            assert got <= {case.outsider, 405} and got != {405}, (route.name, got)
            assert colleague.get(address).status_code != 404, route.name
            checked += 1
    assert checked == 11
