"""Kiosk mode: staff or the library's own people turn a desk tablet into a kiosk for the
library's link; it takes one answer after another, then falls back to the normal rules
when it is ended or expires."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from portalas.testing import query_budget
from tyrimai import services
from tyrimai.models import Channel, Kiosk, Response
from tyrimai.tests.factories import make_study
from tyrimai.tests.test_answer import fields, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def study(territory):
    return make_study(libraries=[territory.system_a, territory.central_b])


@pytest.fixture
def link(study, territory):
    return study.participations.get(library=territory.system_a)


def start(client, link, **data):
    return client.post(f"/tyrimai/kioskas/{link.pk}/", {"name": "Prie išdavimo", **data})


def kiosk_cookie(link) -> str:
    return f"tyrimai_kiosk_{link.pk}"


def test_the_librarian_of_the_library_starts_a_kiosk_and_is_signed_out_on_the_tablet(
        client_a, link):
    with query_budget(11):
        assert client_a.get(f"/tyrimai/kioskas/{link.pk}/").status_code == 200
    response = start(client_a, link, sign_out="1")
    assert response.status_code == 302 and response["Location"] == link.get_public_url()
    cookie = response.cookies[kiosk_cookie(link)]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["max-age"] == services.KIOSK_HOURS * 3600
    kiosk = Kiosk.objects.get()
    assert kiosk.name == "Prie išdavimo" and kiosk.key_hash != cookie.value
    assert services.kiosk_for(link, cookie.value) == kiosk
    assert "_auth_user_id" not in client_a.session
    page = client_a.get(link.get_public_url())
    assert page.context["kiosk"] == kiosk and 'id="kiosk-badge"' in page.content.decode()


def test_the_cookie_is_secure_over_https(staff_client, link):
    response = staff_client.post(f"/tyrimai/kioskas/{link.pk}/", {"name": "x"}, secure=True)
    assert response.cookies[kiosk_cookie(link)]["secure"]


def test_a_librarian_of_another_library_cannot_start_or_end_its_kiosk(client_b, manager_client,
                                                                      link):
    assert client_b.get(f"/tyrimai/kioskas/{link.pk}/").status_code == 404
    assert start(client_b, link).status_code == 404
    assert client_b.post(f"/tyrimai/kioskas/{link.pk}/baigti/").status_code == 404
    assert start(manager_client, link).status_code == 403       # management reads only
    assert not Kiosk.objects.exists()


def test_an_anonymous_visitor_cannot_start_a_kiosk(client, link):
    assert start(client, link).status_code == 302
    assert not Kiosk.objects.exists()


def test_a_kiosk_accepts_answers_one_after_another_and_shows_the_empty_form_again(
        staff_client, study, link):
    tablet = Client()
    tablet.cookies[kiosk_cookie(link)] = start(staff_client, link).cookies[
        kiosk_cookie(link)].value
    kiosk = Kiosk.objects.get()
    for _n in range(3):
        cache.delete(f"tyrimai:kiosk:{kiosk.pk}")              # the pause has passed
        sent = tablet.post(url(link), fields(study), REMOTE_ADDR="10.1.1.1")
        assert sent.status_code == 302
        thanks = tablet.get(sent["Location"])
        html = thanks.content.decode()
        assert thanks.context["state"] == "thanks"
        assert f'http-equiv="refresh" content="5;url={link.get_public_url()}"' in html
        assert 'id="next-respondent"' in html
        assert tablet.get(url(link)).context["state"] == "form"
    responses = Response.objects.all()
    assert responses.count() == 3
    assert {(r.channel, r.kiosk_id) for r in responses} == {(Channel.KIOSK, kiosk.pk)}


def test_a_kiosk_refuses_an_answer_sent_too_soon_after_the_last(staff_client, study, link):
    tablet = Client()
    tablet.cookies[kiosk_cookie(link)] = start(staff_client, link).cookies[
        kiosk_cookie(link)].value
    assert tablet.post(url(link), fields(study)).status_code == 302
    too_soon = tablet.post(url(link), fields(study))
    assert too_soon.status_code == 429 and 'id="answer-notice"' in too_soon.content.decode()
    assert Response.objects.count() == 1


def test_an_ended_kiosk_falls_back_to_one_answer_per_device(staff_client, client_a, study, link):
    tablet = client_a
    start(tablet, link, sign_out="")                    # stays signed in to end it later
    key = tablet.cookies[kiosk_cookie(link)].value
    assert tablet.get(f"/tyrimai/kioskas/{link.pk}/baigti/").status_code == 200
    ended = tablet.post(f"/tyrimai/kioskas/{link.pk}/baigti/")
    assert ended.status_code == 302
    assert not Kiosk.objects.get().active
    assert services.kiosk_for(link, key) is None
    assert ended.cookies[kiosk_cookie(link)].value == ""            # cleared
    phone = Client()
    phone.cookies[kiosk_cookie(link)] = key                  # a copied key is no use either
    phone.post(url(link), fields(study))
    assert Response.objects.get().channel == Channel.LINK
    assert phone.get(url(link)).context["state"] == "answered"


def test_staff_end_a_kiosk_from_another_device_by_name(staff_client, client_a, link):
    start(client_a, link, sign_out="")
    kiosk = Kiosk.objects.get()
    staff_client.post(f"/tyrimai/kioskas/{link.pk}/baigti/", {"kiosk": kiosk.pk})
    kiosk.refresh_from_db()
    assert not kiosk.active


def test_an_expired_kiosk_falls_back_to_the_normal_rules(staff_client, study, link):
    tablet = Client()
    tablet.cookies[kiosk_cookie(link)] = start(staff_client, link).cookies[
        kiosk_cookie(link)].value
    Kiosk.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    page = tablet.get(url(link))
    assert page.context["kiosk"] is None and 'id="kiosk-badge"' not in page.content.decode()
    tablet.post(url(link), fields(study))
    assert Response.objects.get().channel == Channel.LINK
    assert tablet.get(url(link)).context["state"] == "answered"


def test_no_kiosk_starts_for_a_closed_study(staff_client, study, link):
    study.status = "closed"
    study.save()
    response = start(staff_client, link)
    assert response.status_code == 302 and not Kiosk.objects.exists()
