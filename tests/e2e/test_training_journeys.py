"""A seminar from start to attendance, in a real browser: staff create and publish a 20-place
seminar; the demo librarian (the Kretinga system's director) registers and gets the e-mail;
the 21st person, the school librarian, lands on the waiting list and moves up when the
director cancels; staff tick attendance on a phone-sized screen. Screenshots of each step
go to var/screenshots/ (60–69)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from bibliotekos.models import Library, Person
from mokymai.models import Attendance, Registration, RegistrationStatus, TrainingEvent
from mokymai.services import register
from paskyros.models import User
from tests.e2e.test_every_page import axe_violations, overflow
from tests.e2e.test_sign_in_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "Seminaras „E. paslaugos bibliotekoje“ <b>ąčęėįšųūž</b>"


def _page(browser, live_server, email, phone=False):
    viewport = {"width": 390, "height": 844} if phone else {"width": 1366, "height": 900}
    context = browser.new_context(locale="lt-LT", viewport=viewport)
    page = context.new_page()
    sign_in(page, live_server.url, email)
    page.wait_for_url(f"{live_server.url}/")
    return page


def _mail_text(message) -> str:
    return f"Tema: {message.subject}\nKam: {message.to[0]}\n\n{message.body}"


def test_a_seminar_from_creation_to_attendance(browser, live_server, demo, shot, settings):
    from tests.e2e.conftest import SCREENSHOTS

    settings.OTP_REQUIRED_ROLES = set()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    day = timezone.localdate() + timedelta(days=10)

    # 1. staff create the seminar (a draft), then publish it
    staff = _page(browser, live_server, "darbuotojas@demo.lt")
    staff.goto(f"{live_server.url}/mokymai/naujas/")
    staff.locator("#id_title").fill(TITLE)
    staff.locator("#id_kind").select_option("seminar")
    staff.locator("#id_capacity").fill("20")
    staff.locator("#id_venue").fill("Kretingos biblioteka, Bibliotekos g. 1")
    staff.locator("#id_opens_day").fill(timezone.localdate().isoformat())
    staff.locator("#id_opens_time").fill("00:00")
    staff.locator("#id_closes_day").fill((day - timedelta(days=1)).isoformat())
    staff.locator("#id_closes_time").fill("23:00")
    staff.locator("#id_sessions-0-day").fill(day.isoformat())
    staff.locator("#id_sessions-0-start").fill("10:00")
    staff.locator("#id_sessions-0-end").fill("13:00")
    staff.locator("#id_sessions-0-topic").fill("E. paslaugų apžvalga")
    shot(staff, "60-mokymai-naujas-seminaras")
    staff.locator("main form").get_by_role("button", name="Išsaugoti").last.click()
    expect(staff.locator("h1")).to_contain_text("E. paslaugos bibliotekoje")
    expect(staff.locator("h1")).to_contain_text("<b>ąčęėįšųūž</b>")   # shown, not markup
    event = TrainingEvent.objects.get(title=TITLE)
    assert event.status == "draft" and event.capacity == 20
    staff.get_by_role("button", name="Paskelbti").click()
    expect(staff.locator(".badge", has_text="Paskelbta").first).to_be_visible()
    shot(staff, "61-mokymai-paskelbtas")
    event.refresh_from_db()
    assert event.status == "published"

    # nineteen colleagues take their places (through the service, as their own clicks would)
    others = list(Person.objects.filter(library__isnull=False, user__isnull=True)
                  .exclude(email="")[:19])
    assert len(others) == 19
    for person in others:
        register(event=event, person=person, by=User.objects.get(email="darbuotojas@demo.lt"))

    # 2. the demo librarian registers: the 20th place, and the confirmation e-mail
    director = _page(browser, live_server, "bibliotekininkas@demo.lt")
    director.goto(f"{live_server.url}/mokymai/{event.pk}/")
    expect(director.locator("main")).to_contain_text("1 / 20")
    mail.outbox.clear()
    director.get_by_role("link", name="Registruotis").click()
    expect(director.locator("#id_email")).to_have_value("bibliotekininkas@demo.lt")
    shot(director, "62-mokymai-registracijos-forma")
    director.locator("main form").get_by_role("button", name="Registruotis").click()
    expect(director.locator("main")).to_contain_text("Užregistruota")
    shot(director, "63-mokymai-uzregistruota")
    confirmation = next(m for m in mail.outbox if m.to == ["bibliotekininkas@demo.lt"])
    assert confirmation.subject.startswith("[Regionas] Užregistruota: Seminaras")
    assert "/mokymai/bilietas/" in confirmation.body and "10:00" in confirmation.body
    (SCREENSHOTS / "63-laiskas-registracija.txt").write_text(_mail_text(confirmation),
                                                              encoding="utf-8")

    # 3. the 21st person waits
    school = _page(browser, live_server, "mokykla@demo.lt")
    school.goto(f"{live_server.url}/mokymai/{event.pk}/")
    expect(school.locator("main")).to_contain_text("laukiančiųjų sąrašą")
    school.get_by_role("link", name="Registruotis").click()
    school.locator("main form").get_by_role("button", name="Registruotis").click()
    expect(school.locator("main")).to_contain_text("Laukiančiųjų sąrašas")
    shot(school, "64-mokymai-laukianciuju-sarase")
    waiting = Registration.objects.get(event=event, person__user__email="mokykla@demo.lt")
    assert waiting.status == RegistrationStatus.WAITING
    assert event.registrations.registered().count() == 20

    # 4. the director cancels; the school librarian moves up and is told by e-mail
    mail.outbox.clear()
    director.goto(f"{live_server.url}/mokymai/{event.pk}/")
    director.get_by_role("link", name="Atšaukti registraciją").click()
    director.get_by_role("button", name="Taip, atšaukti registraciją").click()
    expect(director.locator("main")).to_contain_text("Registruotis")
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.REGISTERED and waiting.promoted_at
    promoted = next(m for m in mail.outbox if m.to == ["mokykla@demo.lt"])
    assert promoted.subject.startswith("[Regionas] Vieta jums:")
    (SCREENSHOTS / "65-laiskas-vieta-atsilaisvino.txt").write_text(_mail_text(promoted),
                                                                    encoding="utf-8")
    school.goto(f"{live_server.url}/mokymai/{event.pk}/")
    expect(school.locator("main")).to_contain_text("Jums skirta vieta")
    shot(school, "65-mokymai-perkelta-is-eiles")

    # 5. staff tick attendance on a phone
    session = event.sessions.get()
    phone = _page(browser, live_server, "darbuotojas@demo.lt", phone=True)
    phone.goto(f"{live_server.url}/mokymai/{event.pk}/lankomumas/{session.pk}/")
    rows = phone.locator("#attendance-list li")
    expect(rows).to_have_count(20)
    school_row = phone.locator(f"#reg-{waiting.pk}")
    school_row.get_by_role("button").click()
    expect(school_row.get_by_role("button")).to_have_attribute("aria-pressed", "true")
    first = rows.first.get_by_role("button")
    first.click()
    expect(first).to_have_attribute("aria-pressed", "true")
    expect(phone.locator("#attendance-counter")).to_contain_text("2")
    assert overflow(phone) is None
    assert axe_violations(phone) == []
    shot(phone, "66-mokymai-lankomumas-telefone")
    assert Attendance.objects.filter(session=session, present=True).count() == 2
    assert Attendance.objects.filter(registration=waiting, present=True).exists()
    # the library card of the school shows its librarian's training
    school_library = Library.objects.get(pk=waiting.library_id)
    staff.goto(f"{live_server.url}/bibliotekos/{school_library.pk}/")
    panel = staff.locator("#library-trainings")
    expect(panel).to_contain_text("Bibliotekos darbuotojų mokymai")
    expect(panel).to_contain_text("E. paslaugos bibliotekoje")
    shot(staff, "67-mokymai-bibliotekos-korteleje")
