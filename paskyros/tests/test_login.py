import time

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from paskyros.middleware import SESSION_SEEN, SESSION_STARTED
from tests.factories import PASSWORD, UserFactory

LOGIN = "/paskyra/prisijungti/"
pytestmark = pytest.mark.django_db


def login(client, email, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": email, "password": password, **extra})


def test_sign_in_with_email_in_any_letter_case(client, staff):
    response = login(client, "STAFF@Test.LT")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_wrong_password_and_unknown_address_get_the_same_message(client, staff):
    wrong = login(client, "staff@test.lt", "neteisingas-slaptazodis")
    unknown = login(client, "nera@test.lt", "neteisingas-slaptazodis")
    assert wrong.status_code == unknown.status_code == 200
    assert wrong.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()
    assert "Neteisingas el. pašto adresas arba slaptažodis" in wrong.content.decode()


def test_inactive_account_gets_the_same_message_as_a_wrong_password(client):
    UserFactory(email="off@test.lt", is_active=False)
    response = login(client, "off@test.lt")
    assert response.status_code == 200
    assert "Neteisingas el. pašto adresas arba slaptažodis" in response.content.decode()


def test_five_wrong_passwords_lock_the_account_even_with_the_right_one(client, staff):
    for _attempt in range(5):
        login(client, "staff@test.lt", "neteisingas-slaptazodis")
    response = login(client, "staff@test.lt")
    assert response.status_code == 429
    assert "Per daug" in response.content.decode()


def test_unknown_address_is_locked_the_same_way(client):
    for _attempt in range(5):
        login(client, "nera@test.lt", "neteisingas-slaptazodis")
    assert login(client, "nera@test.lt", "bet-koks").status_code == 429


def test_password_spraying_from_one_address_is_throttled(client, settings, staff):
    settings.LOGIN_IP_FAILURE_LIMIT = 6
    for number in range(6):
        login(client, f"nera{number}@test.lt", "Vasara2026!")
    response = login(client, "staff@test.lt")
    assert response.status_code == 429


def test_session_id_changes_at_sign_in(client, staff):
    client.get(LOGIN)
    client.cookies["sessionid"] = "fixatedsessionid"
    login(client, "staff@test.lt")
    assert client.cookies["sessionid"].value != "fixatedsessionid"


def test_csrf_token_rotates_at_sign_in(staff):
    client = Client(enforce_csrf_checks=True)
    client.get(LOGIN)
    before = client.cookies["csrftoken"].value
    client.post(LOGIN, {"username": "staff@test.lt", "password": PASSWORD,
                        "csrfmiddlewaretoken": before})
    assert client.cookies["csrftoken"].value != before


def test_post_without_csrf_token_is_refused_with_a_friendly_page(staff):
    client = Client(enforce_csrf_checks=True)
    response = client.post(LOGIN, {"username": "staff@test.lt", "password": PASSWORD})
    assert response.status_code == 403
    assert "Formos galiojimas baigėsi" in response.content.decode()


def test_open_redirect_after_sign_in_is_ignored(client, staff):
    response = login(client, "staff@test.lt", next="https://evil.example/")
    assert response["Location"] == "/"


def test_local_next_is_followed(client, staff):
    response = login(client, "staff@test.lt", next="/paskyra/profilis/")
    assert response["Location"] == "/paskyra/profilis/"


def test_idle_session_expires_after_thirty_minutes(client, staff, settings):
    login(client, "staff@test.lt")
    session = client.session
    session[SESSION_SEEN] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT - 1
    session.save()
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert client.get("/").status_code == 302  # the server forgot the session


def test_session_ends_after_twelve_hours_however_active(client, staff, settings):
    login(client, "staff@test.lt")
    session = client.session
    session[SESSION_STARTED] = int(time.time()) - settings.SESSION_ABSOLUTE_TIMEOUT - 1
    session.save()
    assert client.get("/").status_code == 302


def test_timeouts_are_configurable(client, staff, settings):
    settings.SESSION_IDLE_TIMEOUT = 5
    login(client, "staff@test.lt")
    session = client.session
    session[SESSION_SEEN] = int(time.time()) - 6
    session.save()
    assert client.get("/").status_code == 302


def test_htmx_request_after_timeout_redirects_the_whole_page(client, staff, settings):
    login(client, "staff@test.lt")
    session = client.session
    session[SESSION_SEEN] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT - 1
    session.save()
    response = client.get("/", HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"].startswith(LOGIN)


def test_logged_out_session_id_no_longer_works(client, staff):
    login(client, "staff@test.lt")
    old_session = client.cookies["sessionid"].value
    client.post(reverse("paskyros:logout"))
    stale = Client()
    stale.cookies["sessionid"] = old_session
    assert stale.get("/").status_code == 302


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_password_reset_mails_a_link_on_the_portal_address(client, staff, settings):
    settings.PORTAL_BASE_URL = "https://regionas.example.lt"
    response = client.post(reverse("paskyros:password_reset"), {"email": "Staff@test.lt"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "https://regionas.example.lt/paskyra/slaptazodis/atkurti/" in mail.outbox[0].body
    assert mail.outbox[0].to == ["staff@test.lt"]


def test_password_reset_for_unknown_address_looks_the_same_and_sends_nothing(client):
    response = client.post(reverse("paskyros:password_reset"), {"email": "nera@test.lt"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_password_reset_link_sets_a_new_password_once(client, staff):
    client.post(reverse("paskyros:password_reset"), {"email": "staff@test.lt"})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/atkurti/" in line)
    path = link.split("127.0.0.1:8000", 1)[1].strip()
    form_page = client.get(path, follow=True)
    new = "naujas-ilgas-slaptazodis-77"
    response = client.post(form_page.redirect_chain[-1][0],
                           {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password(new)
    again = client.get(path, follow=True)
    assert again.context["validlink"] is False


def test_password_change_applies_the_password_rules(client, staff):
    login(client, "staff@test.lt")
    response = client.post(reverse("paskyros:password_change"), {
        "old_password": PASSWORD, "new_password1": "trumpas", "new_password2": "trumpas"})
    assert response.status_code == 200
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)
    assert "12" in str(response.context["form"].errors)


def test_password_change_keeps_the_session(client, staff):
    login(client, "staff@test.lt")
    new = "kitas-ilgas-slaptazodis-88"
    response = client.post(reverse("paskyros:password_change"), {
        "old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_address_behind_the_proxy_is_the_forwarded_one(settings, rf):
    from paskyros.throttling import client_ip

    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert client_ip(request) == "203.0.113.7"
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"
