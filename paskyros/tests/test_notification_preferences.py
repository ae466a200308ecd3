"""E-mail preferences (the kit's ``portalas.notifications``): who wants which kind, the one
preferences page, and the public one-click unsubscribe link (RFC 8058)."""

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from paskyros.models import NotificationPreference
from portalas import notifications
from portalas.registry import notification_kind, notification_kinds, restore, snapshot
from portalas.testing import count_queries, query_budget
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OPTIONAL = "projektai.calls"            # optional, librarians, staff and management
MANDATORY = "paskyros.password_reset"   # always sent, everyone
STAFF_ONLY = "konsultacijos.question_new"  # optional, staff only


# --- wants, wanting ------------------------------------------------------------------------

def test_every_optional_kind_is_on_until_turned_off_and_only_then_a_row_is_kept(librarian_a):
    assert notifications.wants(librarian_a, OPTIONAL)
    assert not NotificationPreference.objects.exists()
    assert notifications.set_preference(user=librarian_a, key=OPTIONAL, enabled=False)
    assert not notifications.wants(librarian_a, OPTIONAL)
    assert NotificationPreference.objects.get().enabled is False
    assert notifications.set_preference(user=librarian_a, key=OPTIONAL, enabled=True)
    assert notifications.wants(librarian_a, OPTIONAL)
    assert not NotificationPreference.objects.exists()  # back to the default: no row


def test_a_mandatory_kind_is_always_wanted_and_cannot_be_turned_off(librarian_a):
    NotificationPreference.objects.create(user=librarian_a, kind=MANDATORY, enabled=False)
    assert notifications.wants(librarian_a, MANDATORY)
    with pytest.raises(ValueError):
        notifications.set_preference(user=librarian_a, key=MANDATORY, enabled=False)


def test_a_kind_nobody_declared_is_a_mistake(librarian_a):
    with pytest.raises(KeyError):
        notifications.wants(librarian_a, "nowhere.nothing")
    with pytest.raises(KeyError):
        notifications.wanting([librarian_a], "nowhere.nothing")


def test_wanting_filters_many_recipients_in_one_query(librarian_a, librarian_b, staff):
    from paskyros.models import User

    notifications.set_preference(user=librarian_b, key=OPTIONAL, enabled=False)
    people = [librarian_a, librarian_b, staff]
    assert count_queries(lambda: notifications.wanting(people, OPTIONAL)) == 1
    assert notifications.wanting(people, OPTIONAL) == [librarian_a, staff]
    assert count_queries(lambda: notifications.wanting(people, MANDATORY)) == 0
    assert notifications.wanting(people, MANDATORY) == people
    queryset = User.objects.order_by("pk")
    filtered = notifications.wanting(queryset, OPTIONAL)     # stays a queryset, lazily
    assert librarian_b not in list(filtered) and librarian_a in list(filtered)


# --- the preferences page ------------------------------------------------------------------

def test_the_page_lists_the_kinds_of_the_users_role_grouped_by_app(client_a, librarian_a):
    with query_budget(12):
        response = client_a.get(reverse("paskyros:notifications"))
    assert response.status_code == 200
    keys = {row["kind"].key for group in response.context["groups"] for row in group["kinds"]}
    assert {OPTIONAL, MANDATORY, "statistika.reminder"} <= keys
    assert STAFF_ONLY not in keys       # a kind for staff only is not a librarian's
    apps = [group["app"] for group in response.context["groups"]]
    assert len(apps) == len(set(apps)) and "projektai" in apps
    projects = next(g for g in response.context["groups"] if g["app"] == "projektai")
    from django.apps import apps as registry

    assert projects["label"] == registry.get_app_config("projektai").verbose_name
    html = response.content.decode()
    assert 'name="on" value="projektai.calls"' in html
    assert 'value="paskyros.password_reset"' not in html   # mandatory: no switch to post
    assert 'id="kind-paskyros-password-reset" checked disabled' in html


def test_staff_see_the_staff_kinds(staff_client):
    response = staff_client.get(reverse("paskyros:notifications"))
    keys = {row["kind"].key for group in response.context["groups"] for row in group["kinds"]}
    assert STAFF_ONLY in keys and "statistika.reminder" not in keys


def test_saving_the_page_turns_off_what_is_unticked_and_ignores_mandatory_kinds(
        client_a, librarian_a):
    optional = [k.key for k in notifications.kinds_for(librarian_a) if k.optional]
    kept_on = [key for key in optional if key != OPTIONAL]
    response = client_a.post(reverse("paskyros:notifications"), {"on": kept_on})
    assert response.status_code == 302
    assert notifications.turned_off(librarian_a) == {OPTIONAL}
    client_a.post(reverse("paskyros:notifications"), {"on": optional + [STAFF_ONLY]})
    assert notifications.turned_off(librarian_a) == set()
    assert not NotificationPreference.objects.filter(kind=STAFF_ONLY).exists()
    assert notifications.wants(librarian_a, MANDATORY)


def test_the_profile_page_and_the_user_menu_link_to_the_preferences(client_a):
    html = client_a.get(reverse("paskyros:profile")).content.decode()
    assert html.count(reverse("paskyros:notifications")) >= 2


def test_a_stranger_is_sent_to_sign_in(client):
    response = client.get(reverse("paskyros:notifications"))
    assert response.status_code == 302 and "prisijungti" in response["Location"]


def test_a_kind_of_an_app_not_installed_is_grouped_under_its_key(librarian_a):
    from paskyros.views_notifications import preference_groups

    state = snapshot()
    try:
        notification_kind("throwaway.digest", label="Bandomasis")
        groups = preference_groups(librarian_a)
    finally:
        restore(state)
    assert groups[-1]["app"] == "throwaway"
    assert "throwaway.digest" not in notification_kinds


# --- the one-click unsubscribe -------------------------------------------------------------

def _url(token: str) -> str:
    return reverse("paskyros:notification_unsubscribe", args=[token])


def test_the_unsubscribe_url_is_absolute_and_the_headers_are_rfc_8058(settings, librarian_a):
    settings.PORTAL_BASE_URL = "https://regionas.example.lt"
    url = notifications.unsubscribe_url(librarian_a, OPTIONAL)
    assert url.startswith("https://regionas.example.lt/paskyra/pranesimai/atsisakyti/")
    headers = notifications.list_unsubscribe_headers(librarian_a, OPTIONAL)
    assert headers == {"List-Unsubscribe": f"<{url}>",
                       "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def test_opening_the_link_asks_first_and_changes_nothing(librarian_a):
    token = notifications.unsubscribe_token(librarian_a, OPTIONAL)
    response = Client().get(_url(token))
    assert response.status_code == 200
    assert b'id="unsubscribe-form"' in response.content
    assert notifications.wants(librarian_a, OPTIONAL)


def test_a_mail_clients_one_click_post_without_session_or_csrf_token_unsubscribes(
        librarian_a):
    token = notifications.unsubscribe_token(librarian_a, OPTIONAL)
    client = Client(enforce_csrf_checks=True)
    response = client.post(_url(token), "List-Unsubscribe=One-Click",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200 and b'id="unsubscribe-done"' in response.content
    assert not notifications.wants(librarian_a, OPTIONAL)
    again = client.post(_url(token), {"List-Unsubscribe": "One-Click"})
    assert again.status_code == 200
    assert NotificationPreference.objects.filter(user=librarian_a).count() == 1


def test_the_link_unsubscribes_only_its_own_person_from_its_own_kind(librarian_a,
                                                                     librarian_b):
    token = notifications.unsubscribe_token(librarian_a, OPTIONAL)
    Client().post(_url(token))
    assert not notifications.wants(librarian_a, OPTIONAL)
    assert notifications.wants(librarian_b, OPTIONAL)
    assert notifications.wants(librarian_a, "statistika.reminder")


def test_a_forged_or_altered_token_is_refused(librarian_a, librarian_b):
    genuine = notifications.unsubscribe_token(librarian_a, OPTIONAL)
    payload, _sep, signature = genuine.rpartition(":")
    other = notifications.unsubscribe_token(librarian_b, OPTIONAL)
    forged = [
        "nonsense",
        genuine[:-2] + ("AA" if not genuine.endswith("AA") else "BB"),
        # the other person's payload with this person's signature, and the reverse
        other.rpartition(":")[0] + ":" + signature,
        payload + ":" + other.rpartition(":")[2],
        # a genuine signature of another purpose (another salt)
        signing.dumps({"u": librarian_b.pk, "k": OPTIONAL}, salt="something.else"),
        # signed right, but for a kind that cannot be left, or that nobody declared
        signing.dumps({"u": librarian_b.pk, "k": MANDATORY},
                      salt=notifications.UNSUBSCRIBE_SALT),
        signing.dumps({"u": librarian_b.pk, "k": "nowhere.nothing"},
                      salt=notifications.UNSUBSCRIBE_SALT),
        signing.dumps({"u": str(librarian_b.pk), "k": OPTIONAL},
                      salt=notifications.UNSUBSCRIBE_SALT),
    ]
    client = Client()
    for token in forged:
        assert client.get(_url(token)).status_code == 404, token
        assert client.post(_url(token)).status_code == 404, token
    assert not NotificationPreference.objects.exists()


def test_the_link_of_a_deleted_account_is_a_404(librarian_a):
    person = UserFactory(email="isejo@test.lt")
    token = notifications.unsubscribe_token(person, OPTIONAL)
    person.delete()
    assert Client().post(_url(token)).status_code == 404
