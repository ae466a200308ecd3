"""The weekly calls e-mail honours the e-mail preferences: a subscriber who turned the
kind off on the preferences page (or by the e-mail's one-click link) gets none."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from portalas.notifications import set_preference
from projektai.models import Call, CallSubscription
from projektai.tasks_calls import send_calls_digest, subscribers
from projektai.tests.factories import make_lkt

pytestmark = pytest.mark.django_db


def test_a_subscriber_who_turned_the_calls_e_mail_off_gets_none(librarian_a, librarian_b):
    for user in (librarian_a, librarian_b):
        CallSubscription.objects.create(user=user)
    set_preference(user=librarian_b, key="projektai.calls", enabled=False)
    programme = make_lkt()
    Call.objects.create(title="Bibliotekų programa", programme=programme,
                        funder=programme.funder, published=True, published_at=timezone.now(),
                        deadline=timezone.localdate() + timedelta(days=20))
    assert list(subscribers()) == [librarian_a]
    assert send_calls_digest() == 1
    assert [m.to for m in mail.outbox] == [["a@test.lt"]]
