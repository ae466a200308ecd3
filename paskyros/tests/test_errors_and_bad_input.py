import pytest
from django.test import Client
from django.urls import path, reverse

from paskyros.models import User

pytestmark = pytest.mark.django_db


def crash(request):
    raise RuntimeError("boom: secret internals")


urlpatterns = [path("crash/", crash)]
handler500 = "regionas.views.server_error"


def test_not_found_page_is_friendly_and_lithuanian(staff_client):
    response = staff_client.get("/nera-tokio-puslapio/")
    assert response.status_code == 404
    assert "Puslapis nerastas" in response.content.decode()


def test_server_error_shows_an_incident_id_and_no_stack_trace(settings, caplog):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    response = client.get("/crash/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Įvyko klaida" in body
    assert "secret internals" not in body and "Traceback" not in body
    incident = body.split('font-monospace">', 1)[1].split("<", 1)[0]
    assert len(incident) == 12
    assert any(incident in record.getMessage() for record in caplog.records)


def test_ten_thousand_fields_get_a_friendly_400(staff_client):
    data = {f"f{i}": "1" for i in range(10_000)}
    response = staff_client.post(reverse("paskyros:profile"), data)
    assert response.status_code == 400
    assert "400.html" in [t.name for t in response.templates]


@pytest.mark.parametrize("name", ["", "   ", "\u200b\u200b", "\ufeff"])
def test_empty_or_invisible_name_is_a_field_error(staff_client, staff, name):
    response = staff_client.post(reverse("paskyros:profile"), {"full_name": name,
                                                                "language": "lt"})
    assert response.status_code == 200
    assert "full_name" in response.context["form"].errors
    staff.refresh_from_db()
    assert staff.full_name == "Rūta Skyriūtė"


def test_nul_byte_in_a_name_is_a_field_error(staff_client):
    response = staff_client.post(reverse("paskyros:profile"), {"full_name": "Rūta\x00",
                                                                "language": "lt"})
    assert "full_name" in response.context["form"].errors


def test_overlong_name_is_a_field_error(staff_client):
    response = staff_client.post(reverse("paskyros:profile"), {"full_name": "Ą" * 1_000_000,
                                                                "language": "lt"})
    assert response.status_code == 200
    assert "full_name" in response.context["form"].errors


def test_lithuanian_and_emoji_name_round_trips(staff_client, staff):
    name = "Ąžuolė Čiurlionytė-Šėmaitė 🙂"
    staff_client.post(reverse("paskyros:profile"), {"full_name": name, "language": "lt"})
    staff.refresh_from_db()
    assert staff.full_name == name
    assert name in staff_client.get("/").content.decode()


def test_script_in_a_name_is_escaped(staff_client, staff):
    staff_client.post(reverse("paskyros:profile"),
                      {"full_name": '"><img src=x onerror=alert(1)><script>x</script>',
                       "language": "lt"})
    body = staff_client.get("/").content.decode()
    assert "<script>x</script>" not in body
    assert "&lt;script&gt;" in body


def test_tampered_role_in_profile_post_is_ignored(staff_client, staff):
    staff_client.post(reverse("paskyros:profile"), {"full_name": "Rūta", "language": "lt",
                                                     "role": "admin", "is_superuser": "1"})
    staff.refresh_from_db()
    assert staff.role == "staff" and not staff.is_superuser


@pytest.mark.parametrize("email", ["Jonas+mokymai@Pastas.LT", "vardas@ąžuolas.lt"])
def test_email_addresses_are_normalised(email):
    user = User.objects.create_user(email=email, full_name="X")
    assert user.email == user.email.lower()
    assert User.objects.get_by_natural_key(email.upper()) == user
