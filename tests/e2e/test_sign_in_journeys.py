"""A newcomer's first minutes, as each demo role, in a real browser."""

import re

import pytest
from django.core import mail

from paskyros.management.commands.demo_data import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = [
    ("darbuotojas@demo.lt", "staff", "Reikia dėmesio"),
    ("vadovas@demo.lt", "management", "Teritorija trumpai"),
    ("bibliotekininkas@demo.lt", "librarian", "Kretingos Motiejaus Valančiaus viešoji biblioteka"),
    ("mokykla@demo.lt", "school", "Kretingos Simono Daukanto progimnazijos biblioteka"),
    ("admin@demo.lt", "admin", "Paskyros"),
]


def sign_in(page, base, email):
    page.goto(f"{base}/")
    page.get_by_label("El. pašto adresas").fill(email)
    page.get_by_label("Slaptažodis").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Prisijungti").click()


def test_sign_in_page_is_lithuanian_in_an_english_browser(page, live_server, demo, shot):
    page.goto(f"{live_server.url}/")
    assert page.locator("html").get_attribute("lang") == "lt"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Prisijung")
    shot(page, "01-prisijungimas")


@pytest.mark.parametrize(("email", "name", "expected"), ROLES, ids=[r[1] for r in ROLES])
def test_each_demo_role_signs_in_to_its_own_home(page, live_server, demo, shot, settings,
                                                 email, name, expected):
    settings.OTP_REQUIRED_ROLES = set()  # the demo runs without second factors
    sign_in(page, live_server.url, email)
    page.wait_for_url(f"{live_server.url}/")
    assert expected in page.content()
    assert "Something went wrong" not in page.content()
    shot(page, f"02-pradzia-{name}")


def test_language_switch_works_both_ways(page, live_server, demo, shot, settings):
    settings.OTP_REQUIRED_ROLES = set()
    sign_in(page, live_server.url, "darbuotojas@demo.lt")
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_text("Needs attention").is_visible()
    shot(page, "03-home-english")
    page.get_by_role("button", name="Lietuvių").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "lt"
    assert page.get_by_text("Reikia dėmesio").is_visible()


def test_administrator_must_set_up_a_second_factor(page, live_server, demo, shot):
    sign_in(page, live_server.url, "admin@demo.lt")
    page.wait_for_url(re.compile(r".*/antras-veiksnys/nustatyti/.*"))
    assert page.locator("img.qr-code").is_visible()
    shot(page, "04-antras-veiksnys")


def test_staff_invite_a_librarian_who_activates_the_account(page, live_server, demo, shot,
                                                            settings, browser):
    settings.OTP_REQUIRED_ROLES = set()
    sign_in(page, live_server.url, "darbuotojas@demo.lt")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/bibliotekos/bibliotekininkai/kviesti/")
    page.get_by_label("Vardas ir pavardė").fill("Jūratė Naujokė")
    page.get_by_label("El. pašto adresas").fill("jurate@demo.lt")
    page.locator("#id_library").select_option(
        label="Darbėnų filialas (SVB-KRE-F02)")
    shot(page, "05-kvietimas")
    page.get_by_role("button", name="Siųsti kvietimą").click()
    page.wait_for_url(re.compile(r".*/bibliotekininkai/\d+/"))
    assert "jurate@demo.lt" in page.content()
    link = re.search(r"http\S+/paskyra/kvietimas/\S+/", mail.outbox[-1].body).group(0)
    path = link.split("/paskyra/", 1)[1]
    other = browser.new_context(locale="lt-LT").new_page()
    other.goto(f"{live_server.url}/paskyra/{path}")
    other.locator("#id_new_password1").fill("mano-ilgas-slaptazodis")
    other.locator("#id_new_password2").fill("mano-ilgas-slaptazodis")
    other.get_by_role("button", name="Įjungti mano paskyrą").click()
    other.wait_for_url(f"{live_server.url}/")
    assert "Darbėnų" in other.content()
    shot(other, "06-naujas-bibliotekininkas")
