"""The admin names third-party apps and their models in the portal's language."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ENGLISH = {"axes": "Axes", "otp_totp": "Otp_Totp", "otp_static": "Otp_Static"}


def test_the_lithuanian_admin_index_has_no_english_app_names(administrator, client, settings):
    settings.OTP_REQUIRED_ROLES = set()
    client.force_login(administrator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "lt"  # the pytest-django fixture
    response = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="lt")
    assert response.status_code == 200
    apps = {app["app_label"]: app for app in response.context["app_list"]}
    for label in ("axes", "otp_totp", "otp_static"):
        assert label in apps
        name = str(apps[label]["name"])
        assert name.casefold() != ENGLISH[label].casefold()
        assert "OTP" not in name.upper().split() and "AXES" not in name.upper()
    models = {str(m["name"]) for m in apps["otp_totp"]["models"]}
    assert "TOTP devices" not in models and "TOTP Devices" not in models


def test_the_apps_keep_their_labels_and_models():
    from django.apps import apps

    assert apps.get_app_config("axes").get_model("AccessAttempt")
    assert apps.get_app_config("otp_totp").get_model("TOTPDevice")
    assert apps.get_app_config("otp_static").get_model("StaticToken")
