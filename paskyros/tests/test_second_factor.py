import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, email):
    return client.post(reverse("paskyros:login"), {"username": email, "password": PASSWORD})


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_administrator_without_device_must_set_one_up_before_anything_else(client,
                                                                          administrator):
    sign_in(client, "admin@test.lt")
    response = client.get(reverse("paskyros:user_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("paskyros:otp_setup"))
    assert client.get("/administravimas/").status_code == 302


def test_administrator_confirms_a_code_and_gets_in(client, administrator):
    sign_in(client, "admin@test.lt")
    page = client.get(reverse("paskyros:otp_setup"))
    assert page.status_code == 200 and page.context["qr_svg"].startswith("data:image/svg+xml")
    device = TOTPDevice.objects.get(user=administrator)
    response = client.post(reverse("paskyros:otp_setup"), {"token": current_code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("paskyros:user_list")).status_code == 200


def test_wrong_code_keeps_the_administrator_out(client, administrator):
    TOTPDevice.objects.create(user=administrator, name="t", confirmed=True)
    sign_in(client, "admin@test.lt")
    response = client.post(reverse("paskyros:otp_verify"), {"token": "000000"})
    assert response.status_code == 200
    assert client.get(reverse("paskyros:user_list")).status_code == 302


def test_next_sign_in_asks_for_the_code(client, administrator):
    device = TOTPDevice.objects.create(user=administrator, name="t", confirmed=True)
    sign_in(client, "admin@test.lt")
    response = client.get("/")
    assert response["Location"].startswith(reverse("paskyros:otp_verify"))
    client.post(reverse("paskyros:otp_verify"), {"token": current_code(device)})
    assert client.get("/").status_code == 200


def test_staff_need_a_second_factor_when_the_setting_says_so(client, staff, settings):
    settings.OTP_REQUIRED_ROLES = {"admin", "staff"}
    sign_in(client, "staff@test.lt")
    assert client.get("/")["Location"].startswith(reverse("paskyros:otp_setup"))


def test_staff_do_not_need_it_by_default(client, staff):
    sign_in(client, "staff@test.lt")
    assert client.get("/").status_code == 200


def test_administrator_resets_a_lost_device(client, administrator, staff):
    TOTPDevice.objects.create(user=staff, name="t", confirmed=True)
    own = TOTPDevice.objects.create(user=administrator, name="t", confirmed=True)
    sign_in(client, "admin@test.lt")
    client.post(reverse("paskyros:otp_verify"), {"token": current_code(own)})
    client.post(reverse("paskyros:user_reset_second_factor", args=[staff.pk]))
    assert not TOTPDevice.objects.filter(user=staff).exists()
