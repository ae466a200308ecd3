"""Management's assignment to two staff members in a real browser, on the demo data (issue
25): management open Assignments from the menu and give one to Rūta Žemaitienė and Jūratė
Šimkienė with a deadline two days ahead and an attachment (the form also checked on a
phone). Rūta acknowledges it and reports it done with a file; Jūratė only acknowledges it.
Then the deadline passes: the portal's clock is moved two days past it (time-machine, in the
server's process too — nothing in the database is backdated), so everyone signs in again.
The giver's home page lists the assignment among those past their deadline naming Jūratė as
late (and not Rūta), the giver downloads Rūta's file from the log, and management's
overview shows the assignment overdue with one overdue task; Jūratė's home page shows her
own task overdue. A staff member given no part of it (an account made for the test: the
demo has two staff members) gets a 404 on the assignment, its attachment, Rūta's file and
the task's actions (checked with Django's test client), as does a territory librarian.
Every page is checked with axe and for sideways scrolling. Screenshots go to
var/screenshots/ (195–199)."""

import re
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from archyvas.tests.factories import docx_bytes, pdf_bytes
from paskyros.management.commands.demo_data import DEMO_PASSWORD
from paskyros.models import Role, User
from pavedimai.models import Assignment, AssignmentStatus, TaskStatus, TaskUpdate, UpdateKind
from tests.e2e.journey import clean, new_page, success, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VILNIUS = ZoneInfo("Europe/Vilnius")
MANAGEMENT = "vadovas@demo.lt"
RUTA = "darbuotojas@demo.lt"
JURATE = "metodininke@demo.lt"
LIBRARIAN = "bibliotekininkas@demo.lt"
TITLE = "Parengti regiono bibliotekų skaitmeninių paslaugų apžvalgą"
TEXT = ("Surinkite regiono bibliotekų duomenis apie teikiamas skaitmenines paslaugas "
        "(e. knygos, nuotoliniai mokymai, konsultacijos) ir parenkite trumpą apžvalgą "
        "direktoriaus pasitarimui.")
ORDER_FILE = "Nurodymas-skaitmenines-paslaugos.pdf"
RESULT_FILE = "Skaitmeniniu-paslaugu-apzvalga.docx"
RESULT_NOTE = "Apžvalga parengta: 12 bibliotekų duomenys, išvados ir siūlymai pridėti."


def _open_assignments_from_the_menu(page, base: str) -> None:
    link = page.locator("#mainNav a[href='/pavedimai/']")
    expect(link).to_have_count(1)
    if not link.is_visible():
        page.locator("#mainNav li.dropdown", has=page.locator("a[href='/pavedimai/']")) \
            .locator(".dropdown-toggle").click()
    link.click()
    page.wait_for_url(f"{base}/pavedimai/")


def test_an_assignment_to_two_one_done_with_a_file_the_other_overdue(
        browser, live_server, demo, shot, settings, time_machine):
    settings.OTP_REQUIRED_ROLES = set()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # the clock moves past the deadline below: the session cookie then lives until the
    # browser closes rather than to a date of the portal's
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    base = live_server.url
    today = timezone.localdate()
    deadline = today + timedelta(days=2)
    ruta, jurate = User.objects.get(email=RUTA), User.objects.get(email=JURATE)
    order_pdf = pdf_bytes(f"{TITLE}. Terminas {deadline:%Y-%m-%d}.")
    result_docx = docx_bytes(f"{TITLE}. {RESULT_NOTE}")

    # 1. management give the assignment to the two staff members
    manager = new_page(browser, live_server, MANAGEMENT)
    _open_assignments_from_the_menu(manager, base)
    clean(manager, "the assignments' list")
    manager.locator("#assignment-give").click()
    manager.wait_for_url(f"{base}{reverse('pavedimai:assignment_create')}")
    manager.fill("#id_title", TITLE)
    manager.fill("#id_text", TEXT)
    for person in (ruta, jurate):
        manager.locator(f"input[name=people][value='{person.pk}']").check()
    manager.fill("#id_deadline", f"{deadline:%Y-%m-%d}")
    manager.set_input_files("#id_files", files=[{
        "name": ORDER_FILE, "mimeType": "application/pdf", "buffer": order_pdf}])
    clean(manager, "giving an assignment")
    shot(manager, "195-pavedimo-davimas")

    # the form on a phone
    phone = new_page(browser, live_server, MANAGEMENT, phone=True)
    visit(phone, f"{base}{reverse('pavedimai:assignment_create')}",
           "giving an assignment on a phone")
    shot(phone, "195-pavedimo-davimas-telefone")
    phone.context.close()

    manager.locator("#assignment-submit").click()
    manager.wait_for_url(re.compile(r"/pavedimai/\d+/$"))
    success(manager)
    assignment = Assignment.objects.get(title=TITLE)
    assert manager.url == f"{base}{assignment.get_absolute_url()}"
    assert (assignment.given_by.email, assignment.given_on, assignment.deadline,
            assignment.status) == (MANAGEMENT, today, deadline, AssignmentStatus.OPEN)
    tasks = {task.assignee.email: task for task in assignment.tasks.select_related("assignee")}
    assert sorted(tasks) == sorted([RUTA, JURATE])
    assert all(t.deadline == deadline and t.status == TaskStatus.NEW for t in tasks.values())
    attachment = assignment.attachments.get()
    assert attachment.name == ORDER_FILE
    expect(manager.locator("#assignment-tasks tbody tr")).to_have_count(2)
    expect(manager.locator("#assignment-attachments")).to_contain_text(ORDER_FILE)
    clean(manager, "the assignment given")
    manager.context.close()

    # 2. Rūta acknowledges it and reports it done with a file
    staff = new_page(browser, live_server, RUTA)
    mine = staff.locator(f"#home-my-assignments-list [data-task='{tasks[RUTA].pk}']")
    expect(mine).to_contain_text(assignment.full_number)
    mine.locator(f"a[href='{assignment.get_absolute_url()}']").click()
    staff.wait_for_url(f"{base}{assignment.get_absolute_url()}")
    with staff.expect_download() as info:
        staff.locator(f"#assignment-attachments a[href="
                      f"'{reverse('pavedimai:attachment_file', args=[attachment.pk])}']").click()
    assert Path(info.value.path()).read_bytes() == order_pdf
    staff.locator("#task-acknowledge").click()
    staff.wait_for_url(f"{base}{assignment.get_absolute_url()}")
    success(staff)
    expect(staff.locator("#task-acknowledge")).to_have_count(0)
    staff.fill(f"#report-text-{tasks[RUTA].pk}", RESULT_NOTE)
    staff.set_input_files(f"#report-file-{tasks[RUTA].pk}", files=[{
        "name": RESULT_FILE, "buffer": result_docx,
        "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}])
    clean(staff, "Rūta's task, the report filled in")
    staff.locator("#task-done").click()
    staff.wait_for_url(f"{base}{assignment.get_absolute_url()}")
    success(staff)
    done = tasks[RUTA]
    done.refresh_from_db()
    assert done.status == TaskStatus.DONE and done.acknowledged_at and done.done_at
    result = TaskUpdate.objects.get(task=done, kind=UpdateKind.DONE)
    assert (result.text, result.file_name, result.author_id) == (RESULT_NOTE, RESULT_FILE,
                                                                 ruta.pk)
    expect(staff.locator("#task-report-form")).to_have_count(0)
    expect(staff.locator(f"#assignment-log #u{result.pk}")).to_contain_text(RESULT_FILE)
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.OPEN      # Jūratė's part is still open
    clean(staff, "Rūta's task done with a file")
    shot(staff, "196-pavedimas-ivykdytas-su-failu")
    staff.context.close()

    # Jūratė acknowledges it, and no more
    methodist = new_page(browser, live_server, JURATE)
    methodist.goto(f"{base}{assignment.get_absolute_url()}")
    methodist.locator("#task-acknowledge").click()
    methodist.wait_for_url(f"{base}{assignment.get_absolute_url()}")
    success(methodist)
    clean(methodist, "Jūratė's task acknowledged")
    methodist.context.close()
    late = tasks[JURATE]
    late.refresh_from_db()
    assert late.status == TaskStatus.ACKNOWLEDGED

    # 3. the deadline passes: the portal's clock moves two days past it (sessions of two
    # days ago have expired: everyone signs in again)
    time_machine.move_to(datetime.combine(deadline + timedelta(days=2), time(9, 30),
                                          tzinfo=VILNIUS), tick=True)
    later = timezone.localdate()
    assert later == deadline + timedelta(days=2)

    manager = new_page(browser, live_server, MANAGEMENT)
    panel = manager.locator("section[aria-labelledby=home-late-assignments]")
    row = panel.locator(f"[data-assignment='{assignment.pk}']")
    expect(row).to_contain_text(assignment.full_number)
    expect(row).to_contain_text(jurate.full_name)
    expect(row).to_contain_text(f"{deadline:%Y-%m-%d}")
    expect(row).not_to_contain_text(ruta.full_name)
    clean(manager, "the giver's home page with the assignment late")
    shot(manager, "197-vadovo-pradzia-veluojantys-pavedimai")

    row.locator(f"a[href='{assignment.get_absolute_url()}']").click()
    manager.wait_for_url(f"{base}{assignment.get_absolute_url()}")
    clean(manager, "the overdue assignment for its giver")
    with manager.expect_download() as info:
        manager.locator(f"#u{result.pk} a[href="
                        f"'{reverse('pavedimai:update_file', args=[result.pk])}']").click()
    assert info.value.suggested_filename == RESULT_FILE
    assert Path(info.value.path()).read_bytes() == result_docx

    visit(manager, f"{base}{reverse('pavedimai:overview')}?year={assignment.year}",
           "management's overview")
    line = manager.locator(f"#overview-table tr[data-assignment='{assignment.pk}']")
    expect(line).to_contain_text(jurate.full_name)
    expect(line).to_contain_text(ruta.full_name)
    cells = line.locator("td")
    expect(cells.nth(3)).to_have_text("1")     # open
    expect(cells.nth(4)).to_have_text("1")     # overdue
    expect(cells.nth(5)).to_have_text("1")     # done on time
    expect(line.locator("td .badge.text-bg-danger")).not_to_have_count(0)
    shot(manager, "198-pavedimu-suvestine-veluoja")
    manager.context.close()

    # 4. Jūratė sees her own task overdue
    methodist = new_page(browser, live_server, JURATE)
    card = methodist.locator("section[aria-labelledby=home-my-assignments]")
    expect(card.locator(".badge.text-bg-danger")).to_be_visible()
    own = card.locator(f"[data-task='{late.pk}']")
    expect(own).to_contain_text(assignment.full_number)
    expect(own.locator(".text-danger-emphasis")).to_contain_text(f"{deadline:%Y-%m-%d}")
    clean(methodist, "Jūratė's home page with her task overdue")
    shot(methodist, "199-vykdytojos-uzduotis-veluoja")
    own.locator(f"a[href='{assignment.get_absolute_url()}']").click()
    methodist.wait_for_url(f"{base}{assignment.get_absolute_url()}")
    expect(methodist.locator(f"#my-task-{late.pk} .badge.text-bg-danger")).to_be_visible()
    expect(methodist.locator("#task-report-form")).to_be_visible()   # she may still report
    clean(methodist, "Jūratė's overdue task")
    methodist.context.close()

    # 5. someone given no part of it: a 404 on everything of it
    outsider = User.objects.create_user(email="laura.petrauskiene@demo.lt",
                                        password=DEMO_PASSWORD, full_name="Laura Petrauskienė",
                                        role=Role.STAFF)
    librarian = User.objects.get(email=LIBRARIAN)
    paths = [assignment.get_absolute_url(),
             reverse("pavedimai:assignment_history", args=[assignment.pk]),
             reverse("pavedimai:attachment_file", args=[attachment.pk]),
             reverse("pavedimai:update_file", args=[result.pk]),
             reverse("pavedimai:task_report", args=[late.pk]),
             reverse("pavedimai:task_comment", args=[late.pk])]
    for person in (outsider, librarian):
        client = Client()
        client.force_login(person, backend="paskyros.backends.EmailBackend")
        for path in paths:
            assert client.get(path).status_code == 404, (person.email, path)
        answer = client.post(reverse("pavedimai:task_acknowledge", args=[late.pk]))
        assert answer.status_code == 404, person.email
    client = Client()
    client.force_login(outsider, backend="paskyros.backends.EmailBackend")
    listed = client.get(reverse("pavedimai:assignment_list"), {"tab": "mine"})
    assert listed.status_code == 200
    assert assignment.get_absolute_url() not in listed.content.decode()
    late.refresh_from_db()
    assert late.status == TaskStatus.ACKNOWLEDGED
