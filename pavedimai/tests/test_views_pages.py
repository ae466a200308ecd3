"""The assignments' pages as each role uses them: giving through the form (and its bad
input), the page with its tree and log, the person's actions through the forms (a double
click acknowledges once), two editors at once, the list's tabs and filters, the overview,
the home page's cards, and query budgets that do not grow with ten times the data."""

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory

from pavedimai import panels, services_assignments, services_tasks
from pavedimai.models import Assignment, TaskStatus, TaskUpdate, UpdateKind
from pavedimai.tests.factories import make_assignment, manager, staff
from pavedimai.tests.factories_assignments import (
    PNG,
    days,
    give,
    give_post,
    task_of,
    today,
    upload,
    url,
)
from portalas.testing import query_budget

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def _client(user) -> Client:
    client = Client()
    client.force_login(user, backend="paskyros.backends.EmailBackend")
    return client


@pytest.fixture
def people():
    return (manager(full_name="Vytautas Čėsna", email="vadovas@test.lt"),
            staff(full_name="Rūta Žemaitienė", email="ruta@test.lt"),
            staff(full_name="Jūratė Šimkienė", email="jurate@test.lt"))


# --- giving through the form -------------------------------------------------------------------

def test_management_give_an_assignment_to_two_people_ticked_and_typed(people):
    boss, ruta, jurate = people
    response = _client(boss).post(url("assignment_create"), {
        **give_post([ruta], others="jurate@test.lt"),
        "files": [upload("Užduotis.pdf"), upload("Lentelė.png", PNG)]})
    assignment = Assignment.objects.get()
    assert response.status_code == 302 and response["Location"] == assignment.get_absolute_url()
    assert {t.assignee for t in assignment.tasks.all()} == {ruta, jurate}
    assert sorted(assignment.attachments.values_list("name", flat=True)) == [
        "Lentelė.png", "Užduotis.pdf"]


def test_the_form_refuses_a_person_without_an_account_and_a_past_deadline(people):
    boss, ruta, _jurate = people
    client = _client(boss)
    response = client.post(url("assignment_create"), give_post(
        [ruta], others="nera@niekur.lt", deadline=days(-1).isoformat()))
    assert response.status_code == 200
    form = response.context["form"]
    assert "Nobody with a portal account is “nera@niekur.lt”" in form.errors["others"][0]
    assert "in the past" in form.errors["deadline"][0]
    response = client.post(url("assignment_create"), give_post([]))
    assert response.context["form"].errors["people"] == ["Choose at least one person."]
    response = client.post(url("assignment_create"), give_post(
        [ruta], deadline="2026-13-01"))
    assert "deadline" in response.context["form"].errors
    assert not Assignment.objects.exists()
    assert "Nothing has been saved" in response.content.decode()


def test_the_form_refuses_files_that_are_not_what_they_claim(people):
    boss, ruta, _jurate = people
    response = _client(boss).post(url("assignment_create"), {
        **give_post([ruta]), "files": [upload("ataskaita.pdf", PNG),
                                       upload("programa.exe", b"MZ\x90\x00")]})
    errors = response.context["form"].errors["files"]
    assert any("content is PNG" in error for error in errors)
    assert any("programa.exe is not a PDF" in error for error in errors)
    assert not Assignment.objects.exists()


# --- the page and the person's actions --------------------------------------------------------

def test_the_page_shows_the_text_the_tasks_the_tree_and_the_log_with_files(people):
    boss, ruta, jurate = people
    assignment = give(boss, [ruta], text="Surinkti <b>duomenis</b>.",
                      files=[upload("uzduotis.pdf")])
    services_tasks.delegate(task=task_of(assignment, ruta), by=ruta, people=[jurate],
                            text="Tavo dalis.")
    update = services_tasks.report(task=task_of(assignment, jurate), by=jurate, done=True,
                                   text="Padaryta.", file=upload("rezultatas.pdf"))
    html = _client(boss).get(url("assignment_detail", assignment.pk)).content.decode()
    assert "Surinkti &lt;b&gt;duomenis&lt;/b&gt;." in html
    assert url("attachment_file", assignment.attachments.get().pk) in html
    assert url("update_file", update.pk) in html
    tree = html[html.index('id="assignment-chain"'):html.index('id="assignment-log-heading"')]
    assert tree.index("Vytautas Čėsna") < tree.index("Rūta Žemaitienė") < tree.index(
        "Jūratė Šimkienė")
    assert "Delegated by Rūta Žemaitienė" in tree
    log = html[html.index('id="assignment-log"'):]
    assert log.index("Delegated") < log.index("Padaryta.") and "Tavo dalis." in log
    assert url("task_reopen", task_of(assignment, jurate).pk) in html   # the giver reopens


def test_a_double_click_on_acknowledge_acknowledges_once(people):
    boss, ruta, _jurate = people
    assignment = give(boss, [ruta])
    task = task_of(assignment, ruta)
    client = _client(ruta)
    assert 'id="task-acknowledge"' in client.get(url("assignment_detail",
                                                     assignment.pk)).content.decode()
    first = client.post(url("task_acknowledge", task.pk), follow=True)
    second = client.post(url("task_acknowledge", task.pk), follow=True)
    assert "Acknowledged" in first.content.decode()
    assert "already acknowledged" in second.content.decode()
    assert TaskUpdate.objects.filter(task=task, kind=UpdateKind.ACKNOWLEDGED).count() == 1


def test_the_person_reports_done_with_a_file_from_the_page(people):
    boss, ruta, _jurate = people
    assignment = give(boss, [ruta])
    task = task_of(assignment, ruta)
    client = _client(ruta)
    response = client.post(url("task_report", task.pk), {"outcome": "done", "text": "",
                                                         "file": upload("Rezultatas.docx",
                                                                        PNG)})
    assert "content is PNG" in response.content.decode()
    response = client.post(url("task_report", task.pk), {"outcome": "progress", "text": ""})
    assert "Write a note or attach a file." in response.content.decode()
    response = client.post(url("task_report", task.pk), {
        "outcome": "done", "text": "Atlikta.", "file": upload("Rezultatas.pdf")})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    again = client.get(url("task_report", task.pk), follow=True)
    assert "nothing is left to report" in again.content.decode()


def test_the_person_delegates_through_the_form_naming_someone_by_e_mail(people):
    boss, ruta, jurate = people
    assignment = give(boss, [ruta], deadline=days(10))
    task = task_of(assignment, ruta)
    client = _client(ruta)
    response = client.post(url("task_delegate", task.pk), {
        "others": "nera@niekur.lt", "deadline": "", "text": ""})
    assert "Nobody with a portal account" in response.content.decode()
    response = client.post(url("task_delegate", task.pk), {
        "others": "jurate@test.lt", "deadline": days(12).isoformat(), "text": ""})
    assert "cannot be after yours" in response.content.decode()
    response = client.post(url("task_delegate", task.pk), {
        "others": "jurate@test.lt", "deadline": days(8).isoformat(), "text": "Prašau."})
    assert response.status_code == 302
    assert task_of(assignment, jurate).deadline == days(8)


def test_the_giver_reopens_through_the_form(people):
    boss, ruta, _jurate = people
    assignment = give(boss, [ruta])
    task = task_of(assignment, ruta)
    services_tasks.report(task=task, by=ruta, done=True, text="Atlikta.")
    client = _client(boss)
    assert "What is still to be done?" in client.get(url("task_reopen", task.pk)).content.decode()
    response = client.post(url("task_reopen", task.pk), {"text": "Trūksta priedo."})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS


def test_two_editors_at_once_the_second_is_refused_naming_the_first_and_keeps_their_text(
        people):
    boss, ruta, _jurate = people
    assignment = give(boss, [ruta])
    first, second = _client(boss), _client(boss)
    form = {"title": assignment.title, "text": assignment.text,
            "deadline": assignment.deadline.isoformat(), "others": "", "version": "1"}
    assert 'name="version" value="1"' in second.get(
        url("assignment_update", assignment.pk)).content.decode()
    assert first.post(url("assignment_update", assignment.pk),
                      {**form, "title": "Pirmojo pavadinimas"}).status_code == 302
    response = second.post(url("assignment_update", assignment.pk),
                           {**form, "title": "Antrojo pavadinimas"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vytautas Čėsna saved this assignment after you opened it" in html
    assert 'value="Antrojo pavadinimas"' in html and 'name="version" value="2"' in html
    assert Assignment.objects.get().title == "Pirmojo pavadinimas"
    # saving again is a deliberate overwrite
    assert second.post(url("assignment_update", assignment.pk),
                       {**form, "title": "Antrojo pavadinimas", "version": "2"}
                       ).status_code == 302
    assert Assignment.objects.get().title == "Antrojo pavadinimas"


def test_cancelling_through_the_form_needs_a_reason(people):
    boss, ruta, _jurate = people
    assignment = give(boss, [ruta])
    client = _client(boss)
    assert client.post(url("assignment_cancel", assignment.pk), {"reason": ""}
                       ).status_code == 200
    assert client.post(url("assignment_cancel", assignment.pk), {"reason": "Nebereikia."}
                       ).status_code == 302
    html = client.get(url("assignment_detail", assignment.pk)).content.decode()
    assert "Nebereikia." in html and 'id="assignment-edit"' not in html


# --- the lists ---------------------------------------------------------------------------------

def test_the_tabs_show_given_to_me_given_by_me_and_all_for_management(people):
    boss, ruta, jurate = people
    deputy = manager(full_name="Pavaduotoja")
    mine = give(boss, [deputy], title="Pavaduotojai")
    by_deputy = give(deputy, [ruta], title="Rūtai")
    other = give(boss, [jurate], title="Jūratei")
    client = _client(deputy)

    def listed(tab):
        return {a.pk for a in client.get(url("assignment_list"), {"tab": tab}).context[
            "object_list"]}

    assert listed("mine") == {mine.pk}
    assert listed("given") == {by_deputy.pk}
    assert listed("all") == {mine.pk, by_deputy.pk, other.pk}
    staff_client = _client(ruta)
    response = staff_client.get(url("assignment_list"), {"tab": "all"})
    assert response.context["tab"] == "mine"            # staff have no "All"
    assert {a.pk for a in response.context["object_list"]} == {by_deputy.pk}


def test_the_filters_state_year_person_overdue_and_words(people):
    boss, ruta, jurate = people
    late = make_assignment(by=boss, to=[ruta], given_on=days(-20), deadline=days(-1),
                           year=today().year, title="Pavėluotas")
    fresh = give(boss, [jurate], title="Naujas pavedimas")
    done = give(boss, [jurate], title="Atliktas")
    services_tasks.report(task=task_of(done, jurate), by=jurate, done=True, text="Atlikta")
    client = _client(boss)

    def listed(**params):
        response = client.get(url("assignment_list"), {"tab": "given", **params})
        return {a.pk for a in response.context["object_list"]}

    assert listed(overdue="on") == {late.pk}
    assert listed(status="done") == {done.pk}
    assert listed(person=ruta.pk) == {late.pk}
    assert listed(q="naujas") == {fresh.pk}
    assert listed(q=fresh.full_number) == {fresh.pk}
    assert listed(year=str(today().year)) == {late.pk, fresh.pk, done.pk}
    html = client.get(url("assignment_list"), {"tab": "given"}).content.decode()
    row = html[html.index(f'data-assignment="{late.pk}"'):]
    assert "overdue" in row[:row.index("</tr>")]       # said in words, not colour only


def test_the_list_exports_as_csv(people):
    boss, ruta, _jurate = people
    give(boss, [ruta], title="Eksportuojamas")
    response = _client(boss).get(url("assignment_list"), {"tab": "given", "export": "csv"})
    body = response.content.decode("utf-8-sig")
    assert "Eksportuojamas" in body and "Rūta Žemaitienė – Not yet seen" in body


def test_the_overview_shows_every_assignments_people_and_counts(people):
    boss, ruta, jurate = people
    both = give(boss, [ruta, jurate], title="Abiem")
    services_tasks.report(task=task_of(both, ruta), by=ruta, done=True, text="Atlikta")
    make_assignment(by=boss, to=[jurate], given_on=days(-20), deadline=days(-1),
                    year=today().year, title="Vėluoja")
    make_assignment(by=manager(full_name="Kitas Vadovas"), to=[ruta], year=today().year - 1,
                    given_on=days(-400), deadline=days(-390), title="Pernai")
    client = _client(manager(full_name="Direktorius"))
    response = client.get(url("overview"))
    found = response.context["found"]
    assert [a.title for a in found.rows] == ["Vėluoja", "Abiem"]
    assert found.totals["overdue"] == 1 and found.totals["tasks_open"] == 2
    row = next(a for a in found.rows if a.title == "Abiem")
    assert (row.open_count, row.overdue_count, row.done_on_time_count) == (1, 0, 1)
    assert client.get(url("overview"), {"year": "all"}).context["found"].totals[
        "assignments"] == 3
    assert [a.title for a in client.get(url("overview"), {
        "year": "all", "giver": boss.pk}).context["found"].rows] == ["Vėluoja", "Abiem"]


def test_the_home_page_lists_my_tasks_overdue_first_and_the_givers_late_ones(people):
    boss, ruta, jurate = people
    soon = give(boss, [ruta], title="Netrukus", deadline=days(3))
    late = make_assignment(by=boss, to=[ruta, jurate], given_on=days(-20),
                           deadline=days(-2), year=today().year, title="Pavėluotas")
    services_tasks.report(task=task_of(late, jurate), by=jurate, done=True, text="Atlikta")
    html = _client(ruta).get("/").content.decode()
    mine = html[html.index('id="home-my-assignments-list"'):]
    assert mine.index("Pavėluotas") < mine.index("Netrukus")
    assert "2 days overdue" in mine
    html = _client(boss).get("/").content.decode()
    assert 'id="home-late-list"' in html
    late_card = html[html.index('id="home-late-list"'):]
    assert "Pavėluotas" in late_card and "Rūta Žemaitienė" in late_card
    assert "Jūratė Šimkienė" not in late_card[:late_card.index("</li>")]
    assert soon.title not in late_card


# --- query budgets -----------------------------------------------------------------------------

def _grow(boss, people, times: int) -> Assignment:
    last = None
    for n in range(times):
        make_assignment(by=boss, to=people, given_on=days(-30), deadline=days(-n - 1),
                        year=today().year, title=f"Vėluojantis {n}")
        last = give(boss, people, title=f"Pavedimas {n}", files=[upload(f"p{n}.pdf")])
        first = task_of(last, people[0])
        services_tasks.report(task=first, by=people[0], done=False, text="Pradėta.",
                              file=upload("eiga.pdf"))
        if len(people) > 1:
            services_tasks.delegate(task=task_of(last, people[1]), by=people[1],
                                    people=[staff()])
    return last


@pytest.mark.parametrize("times", [1, 10])
def test_query_counts_do_not_grow_with_the_data(people, times):
    boss, ruta, jurate = people
    last = _grow(boss, [ruta, jurate], times)
    client = _client(boss)
    with query_budget(14, "list"):
        assert client.get(url("assignment_list"), {"tab": "given"}).status_code == 200
    with query_budget(14, "list, overdue filter"):
        assert client.get(url("assignment_list"), {"tab": "given", "overdue": "on",
                                                   "person": ruta.pk}).status_code == 200
    with query_budget(10, "overview"):
        assert client.get(url("overview")).status_code == 200
    with query_budget(12, "detail"):
        assert client.get(url("assignment_detail", last.pk)).status_code == 200
    with query_budget(8, "history"):
        assert client.get(url("assignment_history", last.pk)).status_code == 200
    for user, panel, ceiling in ((boss, panels.late_on_mine, 3), (ruta, panels.my_tasks, 1)):
        request = RequestFactory().get("/")
        request.user = user
        with query_budget(ceiling, f"home card {panel.__name__}"):
            context = panel(request)
            assert context is not None
            render_to_string(f"pavedimai/_home_{'late' if user == boss else 'tasks'}.html",
                             {"panel": context})
    with query_budget(10, "edit"):
        assert client.get(url("assignment_update", last.pk)).status_code == 200
    ruta_client, task = _client(ruta), task_of(last, ruta)
    with query_budget(10, "delegate"):
        assert ruta_client.get(url("task_delegate", task.pk)).status_code == 200


def test_the_calendar_shows_the_deadlines_to_the_giver_and_the_person_only(people):
    from portalas.registry import calendar_entries

    boss, ruta, jurate = people
    assignment = give(boss, [ruta], title="Kalendoriuje", deadline=days(5))
    start, end = days(0), days(10)
    for user in (boss, ruta):
        entries = [e for e in calendar_entries(start, end, user)
                   if e.source == "pavedimai.deadlines"]
        assert [(e.start, e.url) for e in entries] == [
            (days(5), assignment.get_absolute_url() + f"#t{task_of(assignment, ruta).pk}")]
    assert not [e for e in calendar_entries(start, end, jurate)
                if e.source == "pavedimai.deadlines"]
    services_tasks.report(task=task_of(assignment, ruta), by=ruta, done=True, text="Atlikta")
    assert not [e for e in calendar_entries(start, end, ruta)
                if e.source == "pavedimai.deadlines"]


def test_the_menu_entry_is_for_staff_management_and_administrators_not_librarians():
    from paskyros.models import Role
    from portalas.registry import menu
    from tests.factories import UserFactory

    item = menu.get("pavedimai:assignment_list")
    assert item.group == "general"
    for role, expected in ((Role.STAFF, True), (Role.MANAGEMENT, True), (Role.ADMIN, True),
                           (Role.LIBRARIAN, False)):
        assert item.allowed(UserFactory(role=role)) is expected


def test_the_overviews_totals_counted_in_the_database_agree_with_each_assignments_states(
        people):
    """Every kind of assignment and task: the totals (SQL) are the sums of the states each
    row shows (Python), so the counts above the table never disagree with its rows."""
    from pavedimai import selectors_lists

    boss, ruta, jurate = people
    both = give(boss, [ruta, jurate], title="Abiem")
    services_tasks.report(task=task_of(both, ruta), by=ruta, done=True, text="Atlikta")
    late = make_assignment(by=boss, to=[ruta, jurate], given_on=days(-20), deadline=days(-2),
                           year=today().year, title="Vėluoja")
    services_tasks.report(task=task_of(late, ruta), by=ruta, done=True, text="Pavėluota")
    cancelled = make_assignment(by=boss, to=[jurate], given_on=days(-30), deadline=days(-5),
                                year=today().year, title="Atšauktas")
    services_assignments.cancel(assignment=cancelled, by=boss, reason="Nebereikia")
    done = give(boss, [jurate], title="Įvykdytas")
    services_tasks.report(task=task_of(done, jurate), by=jurate, done=True, text="Atlikta")
    found = selectors_lists.overview(boss, year=None, giver_id=None, today=today())
    rows = selectors_lists.with_states(
        selectors_lists.with_tasks(Assignment.objects.all()), today())
    assert found.totals == {
        "assignments": len(rows),
        "open": sum(1 for a in rows if a.is_open),
        "overdue": sum(1 for a in rows if a.overdue),
        "done_on_time": sum(1 for a in rows if a.done_on_time),
        "done_late": sum(1 for a in rows if a.status == "done" and not a.done_on_time),
        "cancelled": sum(1 for a in rows if a.status == "cancelled"),
        "tasks_open": sum(a.open_count for a in rows),
        "tasks_overdue": sum(a.overdue_count for a in rows),
        "tasks_done_on_time": sum(a.done_on_time_count for a in rows)}
    assert found.totals["cancelled"] == 1 and found.totals["overdue"] == 1
