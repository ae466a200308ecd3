"""Small defects seen on the way: the demo's second factor, the accounts it prints, the
development port in e-mail links, caching of signed-in pages, bounded years."""

import pytest
from django.urls import reverse

from tests.test_configuration import manage

SHELL = "from django.conf import settings; print(sorted(settings.OTP_REQUIRED_ROLES), " \
        "settings.PORTAL_BASE_URL)"


def test_an_empty_otp_required_roles_turns_the_second_factor_off():
    result = manage("shell", "-c", SHELL, DEBUG="true", OTP_REQUIRED_ROLES="")
    assert _last(result).startswith("[] "), result.stdout + result.stderr
    unset = manage("shell", "-c", SHELL, DEBUG="true")
    assert _last(unset).startswith("['admin'] ")


def _last(result) -> str:
    return result.stdout.strip().splitlines()[-1]


def test_email_links_follow_the_development_port():
    result = manage("shell", "-c", SHELL, DEBUG="true", PORT="8123")
    assert _last(result).endswith("http://127.0.0.1:8123"), result.stdout


@pytest.mark.django_db
def test_the_demo_prints_every_demo_account(capsys):
    from django.core.management import call_command

    call_command("demo_data")
    out = capsys.readouterr().out
    for email in ("admin@demo.lt", "darbuotojas@demo.lt", "metodininke@demo.lt",
                  "vadovas@demo.lt", "bibliotekininkas@demo.lt", "filialas@demo.lt",
                  "mokykla@demo.lt"):
        assert email in out
    assert "Darbėnų filialas" in out


@pytest.mark.django_db
def test_signed_in_pages_and_downloads_are_not_stored(client_a, staff_client):
    for response in (client_a.get(reverse("home")),
                     staff_client.get(reverse("bibliotekos:registry_export",
                                              args=["libraries", "csv"]))):
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["0", "0000", "99999999999999999999", "1989", "2101"])
def test_years_in_urls_are_bounded(staff_client, year):
    for path in (f"/statistika/analize/tekstas/{year}/", f"/statistika/kampanijos/{year}/"):
        assert staff_client.get(path).status_code == 404
        assert staff_client.post(path, {"section": "users", "text": "x"}).status_code == 404


@pytest.mark.django_db
def test_an_explain_year_out_of_range_is_a_404(client_a, territory):
    response = client_a.get(reverse("statistika:explain"), {
        "unit": "SVB-KRE", "year": "99999999999999999999", "indicator": "loans_per_user"})
    assert response.status_code == 404


@pytest.mark.django_db
def test_a_too_long_analysis_text_is_refused_with_the_text_kept(staff_client):
    from statistika.models import Narrative

    url = reverse("statistika:analysis_narrative", args=[2025])
    text = "Ž" * 20_001
    response = staff_client.post(url, {"section": "users", "text": text})
    assert response.status_code == 400
    body = response.content.decode()
    assert "20\u00a0001" in body and text in body
    assert not Narrative.objects.exists()
    ok = staff_client.post(url, {"section": "users", "text": "Ž" * 20_000})
    assert ok.status_code == 302
    assert len(Narrative.objects.get().text) == 20_000
    page = staff_client.get(url).content.decode()
    assert 'data-max-length="20000"' in page
