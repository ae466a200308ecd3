"""Consultations in a real browser, on the demo data: department staff log a phone
consultation with the quick form (the library found by typing part of its name); the
Kretinga director asks a question, staff answer it, the director reads the answer (and has
it by e-mail); staff rewrite it as an anonymous knowledge-base entry, a colleague publishes
it and the director finds it; a field visit is planned, reported with an agreed action and
its PDF downloaded; a librarian of another library reaches none of it (404). Pages are
checked with axe and at phone width. Screenshots go to var/screenshots/ (100–112)."""

import re
import subprocess

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from conftest import require_program
from konsultacijos.models import (
    Channel,
    Consultation,
    EntryStatus,
    FieldVisit,
    KnowledgeEntry,
    Question,
    QuestionStatus,
    VisitStatus,
)
from tests.e2e.test_every_page import axe_violations, overflow
from tests.e2e.test_sign_in_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DIRECTOR = "bibliotekininkas@demo.lt"      # director of Kretinga's library system
OUTSIDER = "direktorius.tau@demo.lt"       # director of Tauragė's


def _page(browser, live_server, email, phone=False):
    viewport = {"width": 390, "height": 844} if phone else {"width": 1366, "height": 900}
    page = browser.new_context(locale="lt-LT", viewport=viewport).new_page()
    sign_in(page, live_server.url, email)
    page.wait_for_url(f"{live_server.url}/")
    return page


def _clean(page, where: str) -> None:
    assert not axe_violations(page), (where, axe_violations(page))
    assert not overflow(page), (where, overflow(page))


def test_consultations_questions_knowledge_and_a_field_visit(browser, live_server, demo, shot,
                                                             settings):
    settings.OTP_REQUIRED_ROLES = set()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = live_server.url
    base = live_server.url
    today = timezone.localdate().isoformat()

    # 1. staff log a phone consultation with the quick form, by keyboard
    staff = _page(browser, live_server, "darbuotojas@demo.lt")
    staff.goto(f"{base}/konsultacijos/nauja/")
    expect(staff.locator("#id_library")).to_be_focused()
    assert staff.locator("#id_held_on").input_value() == today
    staff.keyboard.type("Darbėn")
    staff.select_option("#id_channel", Channel.PHONE)
    staff.select_option("#id_topic", label="Statistika")
    staff.fill("#id_person_name", "Vida Darbėnienė")
    staff.fill("#id_question", "Kaip ataskaitoje parodyti, kad filialas buvo uždarytas "
                               "remontui?")
    staff.fill("#id_answer", "Sumažinkite darbo dienų skaičių ir parašykite komentarą.")
    staff.fill("#id_minutes", "20")
    _clean(staff, "quick entry")
    shot(staff, "100-konsultacijos-greitas-irasas")
    staff.get_by_role("button", name="Išsaugoti", exact=True).click()
    logged = Consultation.objects.filter(person_name="Vida Darbėnienė").get()
    staff.wait_for_url(f"{base}/konsultacijos/{logged.pk}/")
    assert (logged.library.code, logged.channel, logged.minutes) == ("SVB-KRE-F02",
                                                                     Channel.PHONE, 20)
    assert logged.staff_member.email == "darbuotojas@demo.lt"
    expect(staff.get_by_text("Darbėnų filialas").first).to_be_visible()
    _clean(staff, "consultation page")
    shot(staff, "101-konsultacija")

    # 2. the Kretinga director asks a question through the portal
    director = _page(browser, live_server, DIRECTOR)
    director.goto(f"{base}/konsultacijos/klausimai/naujas/")
    director.fill("#id_subject", "Nuotolinių renginių apskaita")
    director.fill("#id_text", "Ar nuotolinius renginius įrašyti kartu su kitais renginiais?")
    _clean(director, "ask a question")
    shot(director, "102-klausimas-naujas")
    director.get_by_role("button", name="Siųsti klausimą").click()
    question = Question.objects.get(subject="Nuotolinių renginių apskaita")
    director.wait_for_url(f"{base}/konsultacijos/klausimai/{question.pk}/")
    assert any("Nuotolinių renginių apskaita" in m.body or "Nuotolinių renginių apskaita"
               in m.subject for m in mail.outbox)  # the department heard of it

    # 3. staff answer it from the queue; the director is mailed the answer
    staff.goto(f"{base}/konsultacijos/klausimai/")
    staff.get_by_role("link", name="Nuotolinių renginių apskaita").click()
    staff.wait_for_url(f"{base}/konsultacijos/klausimai/{question.pk}/")
    staff.fill("#id_answer", "Taip: nuotoliniai renginiai įrašomi į bendrą renginių skaičių, "
                             "o jų dalyviai – atskirai.")
    staff.select_option("#id_topic", label="Statistika")
    _clean(staff, "answering")
    shot(staff, "103-klausimas-atsakymas")
    mail.outbox.clear()
    staff.get_by_role("button", name="Siųsti atsakymą").click()
    staff.wait_for_load_state()
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    assert question.consultation.channel == Channel.PORTAL
    assert [m.to for m in mail.outbox] == [[DIRECTOR]]
    assert "nuotoliniai renginiai įrašomi" in mail.outbox[0].body

    # 4. the director reads the answer
    director.goto(f"{base}/konsultacijos/klausimai/{question.pk}/")
    expect(director.get_by_text("nuotoliniai renginiai įrašomi", exact=False)).to_be_visible()
    _clean(director, "the answer")
    shot(director, "104-klausimas-atsakytas")

    # 5. staff rewrite it anonymously for the knowledge base; a colleague publishes it
    staff.goto(f"{base}/konsultacijos/zinynas/is-konsultacijos/{question.consultation.pk}/")
    staff.fill("#id_question", "Ar nuotolinius renginius įrašyti kartu su kitais?")
    _clean(staff, "entry from a consultation")
    shot(staff, "105-zinynas-is-konsultacijos")
    staff.get_by_role("button", name="Išsaugoti juodraštį").click()
    entry = KnowledgeEntry.objects.get(question="Ar nuotolinius renginius įrašyti kartu su "
                                                "kitais?")
    staff.wait_for_url(f"{base}/konsultacijos/zinynas/{entry.pk}/")
    staff.get_by_role("button", name=re.compile("peržiūrai", re.IGNORECASE)).click()
    staff.wait_for_load_state()
    entry.refresh_from_db()
    assert entry.status == EntryStatus.REVIEW
    colleague = _page(browser, live_server, "metodininke@demo.lt")
    colleague.goto(f"{base}/konsultacijos/zinynas/{entry.pk}/")
    colleague.get_by_role("button", name=re.compile("Skelbti", re.IGNORECASE)).click()
    colleague.wait_for_load_state()
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PUBLISHED and entry.reviewed_by.email == \
        "metodininke@demo.lt"
    director.goto(f"{base}/konsultacijos/zinynas/?q=NUOTOLINIUS")
    expect(director.get_by_text("Ar nuotolinius renginius įrašyti kartu su kitais?")
           .first).to_be_visible()
    _clean(director, "knowledge base")
    shot(director, "106-zinynas")

    # 6. a field visit: planned, reported with an agreed action, its PDF downloaded
    staff.goto(f"{base}/konsultacijos/isvykos/nauja/")
    staff.select_option("#id_library", str(logged.library.pk))
    staff.fill("#id_visit_on", today)
    staff.fill("#id_purpose", "Filialo fondo ir renginių apskaitos patikra")
    _clean(staff, "plan a visit")
    shot(staff, "107-isvyka-plan")
    staff.get_by_role("button", name="Suplanuoti išvyką").click()
    visit = FieldVisit.objects.get(purpose="Filialo fondo ir renginių apskaitos patikra")
    staff.wait_for_url(f"{base}/konsultacijos/isvykos/{visit.pk}/")
    staff.goto(f"{base}/konsultacijos/isvykos/{visit.pk}/ataskaita/")
    staff.fill("#id_met_with", "Filialo bibliotekininkė")
    staff.fill("#id_findings", "Renginių apskaita tvarkinga; vaikų fondas pasenęs.")
    staff.fill("#id_recommendations", "Atnaujinti vaikų literatūros fondą.")
    staff.fill("#id_actions-0-text", "Įsigyti naujų vaikiškų knygų")
    staff.fill("#id_actions-0-responsible", "Filialo bibliotekininkė")
    staff.fill("#id_actions-0-due_on", f"{timezone.localdate().year + 1}-03-31")
    _clean(staff, "visit report")
    shot(staff, "108-isvyka-ataskaita")
    staff.get_by_role("button", name="Išsaugoti ataskaitą").first.click()
    staff.wait_for_url(f"{base}/konsultacijos/isvykos/{visit.pk}/")
    visit.refresh_from_db()
    assert visit.status == VisitStatus.REPORTED and visit.actions.count() == 1
    _clean(staff, "reported visit")
    shot(staff, "109-isvyka")
    staff.get_by_role("button", name=re.compile("PDF")).first.click()
    staff.wait_for_url(re.compile(r".*/dokumentai/[0-9a-f-]+/$"))
    link = staff.get_by_role("link", name=re.compile("Atsisiųsti PDF"))
    expect(link).to_be_visible(timeout=240_000)
    with staff.expect_download() as info:
        link.click()
    text = subprocess.run([require_program("pdftotext"), str(info.value.path()), "-"],
                          capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "Darbėnų filialas" in flat and "vaikų fondas pasenęs" in flat
    assert "Įsigyti naujų vaikiškų knygų" in flat

    # the director sees the visit of their outlet and marks the action done
    director.goto(f"{base}/konsultacijos/isvykos/{visit.pk}/")
    expect(director.get_by_role("rowheader", name="Įsigyti naujų vaikiškų knygų")).to_be_visible()
    _clean(director, "the director's visit page")
    shot(director, "110-isvyka-direktorius")
    director.get_by_role("button", name=re.compile("Pažymėti atliktu")).first.click()
    director.wait_for_load_state()
    assert visit.actions.get().done_on == timezone.localdate()

    # 7. a librarian of another library reaches none of it
    outsider = _page(browser, live_server, OUTSIDER)
    for path in (f"/konsultacijos/{logged.pk}/", f"/konsultacijos/klausimai/{question.pk}/",
                 f"/konsultacijos/isvykos/{visit.pk}/",
                 f"/konsultacijos/{question.consultation.pk}/"):
        response = outsider.goto(f"{base}{path}")
        assert response.status == 404, path
    shot(outsider, "111-kitos-bibliotekos-404")
    outsider.goto(f"{base}/konsultacijos/klausimai/")
    expect(outsider.get_by_text("Nuotolinių renginių apskaita")).to_have_count(0)
    outsider.goto(f"{base}/konsultacijos/zinynas/")  # the published answer is everyone's
    expect(outsider.get_by_text("Ar nuotolinius renginius įrašyti kartu su kitais?")
           .first).to_be_visible()

    # 8. on a phone: the quick form and the list
    phone = _page(browser, live_server, "metodininke@demo.lt", phone=True)
    phone.goto(f"{base}/konsultacijos/")
    _clean(phone, "list on a phone")
    shot(phone, "112-konsultacijos-telefonas")
    phone.goto(f"{base}/konsultacijos/nauja/")
    _clean(phone, "quick entry on a phone")
