import pytest
from django.test import Client
from django.urls import reverse

from portalas.templatetags.portal import number
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/paskyra/prisijungti/"


def test_sign_in_page_is_lithuanian_for_an_english_browser(client):
    response = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    body = response.content.decode()
    assert '<html lang="lt">' in body
    assert "Prisijungti" in body
    assert "Sign in" not in body


def test_language_switch_to_english_and_back(client):
    response = client.post(reverse("paskyros:set_language"), {"language": "en", "next": LOGIN})
    assert response["Location"] == LOGIN
    assert "Sign in" in client.get(LOGIN).content.decode()
    client.post(reverse("paskyros:set_language"), {"language": "lt", "next": LOGIN})
    assert "Prisijungti" in client.get(LOGIN).content.decode()


def test_switch_by_a_signed_in_user_is_kept_in_the_profile(staff_client, staff):
    staff_client.post(reverse("paskyros:set_language"), {"language": "en"})
    staff.refresh_from_db()
    assert staff.language == "en"


def test_profile_language_applies_at_the_next_sign_in_on_another_browser(staff):
    staff.language = "en"
    staff.save()
    browser = Client()
    browser.post(LOGIN, {"username": "staff@test.lt", "password": PASSWORD})
    assert '<html lang="en">' in browser.get("/").content.decode()


def test_unknown_language_falls_back_to_lithuanian(client):
    client.post(reverse("paskyros:set_language"), {"language": "xx"})
    assert '<html lang="lt">' in client.get(LOGIN).content.decode()


def test_language_switch_ignores_a_foreign_next(client):
    response = client.post(reverse("paskyros:set_language"),
                           {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_numbers_are_written_the_lithuanian_way():
    from django.utils import translation

    with translation.override("lt"):
        assert number(1234567.85, 1) == "1\xa0234\xa0567,9"
        assert number(0.05, 1) == "0,1"
        assert number(None) == "–"
    with translation.override("en"):
        assert number(1234.5, 1) == "1,234.5"


def test_dates_are_iso_in_lithuanian(settings):
    from datetime import date

    from django.utils import formats, translation

    with translation.override("lt"):
        assert formats.date_format(date(2026, 1, 31), "SHORT_DATE_FORMAT") == "2026-01-31"
        assert formats.date_format(date(2026, 1, 31)) == "2026-01-31"


def test_staff_home_shows_what_needs_attention(staff_client, territory):
    body = staff_client.get("/").content.decode()
    assert "Reikia dėmesio" in body
    assert "Teritorija trumpai" in body
    assert "Kretingos viešoji biblioteka" in body  # a system without a director's account


def test_management_home_shows_the_registry_figures(manager_client, territory):
    response = manager_client.get("/")
    figures = next(p for p in response.context["panels"]
                   if p["template"] == "bibliotekos/_home_figures.html")["context"]["figures"]
    assert figures["municipalities"] == 2
    assert figures["systems"] == 2
    assert figures["schools"] == 1
    assert figures["outlets"] == 3  # the closed service point is not counted
    assert figures["population"] == 55_000
    assert "Reikia dėmesio" not in response.content.decode()


def test_librarian_home_shows_their_library_and_nothing_else(client_a, territory):
    body = client_a.get("/").content.decode()
    assert "Kretingos viešoji biblioteka" in body
    assert "Skuodo" not in body
    assert "Teritorija trumpai" not in body


def test_menu_shows_only_sections_the_role_may_open(client_a, staff_client):
    assert reverse("bibliotekos:librarian_list") not in client_a.get("/").content.decode()
    assert reverse("bibliotekos:librarian_list") in staff_client.get("/").content.decode()


def test_pages_carry_a_content_security_policy_without_inline_script(client):
    policy = client.get(LOGIN)["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_no_inline_script_in_pages(staff_client, territory):
    body = staff_client.get("/").content.decode()
    assert "<script>" not in body
    assert "onclick=" not in body and "onload=" not in body
    assert ' style="' not in body


@pytest.mark.parametrize("path", [LOGIN, "/paskyra/slaptazodis/pamirsau/"])
def test_every_input_on_the_public_pages_has_a_label(client, path):
    import re

    body = client.get(path).content.decode()
    inputs = re.findall(r'<input[^>]*type="(?:email|password|text)"[^>]*id="([^"]+)"', body)
    assert inputs
    for field_id in inputs:
        assert f'for="{field_id}"' in body
