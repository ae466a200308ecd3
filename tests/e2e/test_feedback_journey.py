"""Feedback after a training, in a real browser, on the demo data: a participant opens their
personal questionnaire link on a phone (no sign-in), answers and cannot answer twice; staff
then open the event's summary and see the bar charts (Chart.js, drawn by a static script
from the page's JSON), with the table beside them. Screenshots go to var/screenshots/
(75–79)."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from mokymai.models import EventStatus, FeedbackAnswer, FeedbackInvitation, TrainingEvent
from mokymai.models_feedback import feedback_open
from tests.e2e.test_every_page import axe_violations, overflow
from tests.e2e.test_sign_in_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}
CHARTS_DRAWN = """() => {
    const canvases = [...document.querySelectorAll('canvas.feedback-chart')];
    return canvases.length > 0 && typeof window.Chart !== 'undefined'
        && canvases.every(c => window.Chart.getChart(c) !== undefined);
}"""


def _csp_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text)
            if "Content Security Policy" in message.text else None)
    return errors


def test_a_participant_answers_and_staff_see_the_charts(browser, live_server, demo, shot,
                                                        settings):
    settings.OTP_REQUIRED_ROLES = set()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # the demo: completed events with answers, and a held one whose questionnaire is open
    # with some links not used yet
    held = [event for event in TrainingEvent.objects.filter(status=EventStatus.HELD)
            if feedback_open(event)]
    invitation = (FeedbackInvitation.objects.filter(registration__event__in=held,
                                                    answered=False)
                  .select_related("registration__event").order_by("pk").first())
    assert invitation is not None, "the demo has no open questionnaire link"
    event = invitation.registration.event
    before = FeedbackAnswer.objects.filter(event=event).count()
    assert before >= 5
    completed = TrainingEvent.objects.filter(status=EventStatus.COMPLETED)
    assert all(6 <= FeedbackAnswer.objects.filter(event=e).count() <= 15 for e in completed)

    # 1. the participant, not signed in, on a phone
    context = browser.new_context(locale="lt-LT", viewport=PHONE)
    phone = context.new_page()
    csp = _csp_errors(phone)
    link = f"{live_server.url}/mokymai/anketa/{invitation.token}/"
    phone.goto(link)
    expect(phone.locator("h1")).to_contain_text(event.title)
    expect(phone.locator("#feedback-form fieldset")).to_have_count(4)
    assert overflow(phone) is None
    assert axe_violations(phone) == []
    shot(phone, "75-atsiliepimai-anketa-telefone")
    for name, score in (("content", 5), ("lecturers", 5), ("organisation", 4),
                        ("usefulness", 4)):
        phone.locator(f"label[for='id_{name}_{score - 1}']").click()
        expect(phone.locator(f"#id_{name}_{score - 1}")).to_be_checked()
    phone.locator("#id_most_useful").fill("Konkretūs pavyzdžiai, kaip rašyti įrašus "
                                          "socialiniuose tinkluose.")
    phone.locator("#id_to_improve").fill("Daugiau laiko klausimams.")
    shot(phone, "76-atsiliepimai-anketa-uzpildyta")
    phone.locator("#feedback-form [type=submit]").click()
    expect(phone.locator("#feedback-state")).to_have_attribute("data-state", "thanks")
    assert overflow(phone) is None
    shot(phone, "77-atsiliepimai-aciu")
    assert FeedbackAnswer.objects.filter(event=event).count() == before + 1
    invitation.refresh_from_db()
    assert invitation.answered
    # the link works once
    phone.goto(link)
    expect(phone.locator("#feedback-state")).to_have_attribute("data-state", "answered")
    expect(phone.locator("#feedback-form")).to_have_count(0)
    assert csp == []
    context.close()

    # 2. staff: the event page's section and the summary with its charts
    staff_context = browser.new_context(locale="lt-LT", viewport=LAPTOP)
    staff = staff_context.new_page()
    csp = _csp_errors(staff)
    sign_in(staff, live_server.url, "darbuotojas@demo.lt")
    staff.wait_for_url(f"{live_server.url}/")
    staff.goto(f"{live_server.url}/mokymai/{event.pk}/")
    section = staff.locator("#event-feedback")
    expect(section).to_be_visible()
    expect(section.locator("[data-feedback-answers]")).to_have_attribute(
        "data-feedback-answers", str(before + 1))
    shot(staff, "78-atsiliepimai-renginio-puslapyje")
    # the button invites the attendees not invited yet (none: the demo invited them all)
    mail.outbox.clear()
    section.locator("form button[type=submit]").click()
    expect(staff.locator(".alert").first).to_be_visible()
    assert mail.outbox == []
    staff.locator("#event-feedback a[href$='/vertinimas/']").click()
    staff.wait_for_function(CHARTS_DRAWN)
    expect(staff.locator("canvas.feedback-chart")).to_have_count(4)
    expect(staff.locator("#feedback-table tbody tr")).to_have_count(4)
    expect(staff.locator("#feedback-useful li").first).to_be_visible()
    assert staff.locator("#feedback-useful").inner_text().count(
        "Konkretūs pavyzdžiai") == 1
    assert axe_violations(staff) == []
    shot(staff, "79-atsiliepimai-renginio-santrauka")
    staff.set_viewport_size(PHONE)
    staff.wait_for_timeout(200)
    assert overflow(staff) is None
    shot(staff, "79-atsiliepimai-santrauka-telefone")
    assert csp == []
    staff_context.close()
