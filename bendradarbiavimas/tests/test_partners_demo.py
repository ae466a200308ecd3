"""The demo partners load, with the agreements the walkthrough needs, and a second load
changes nothing."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone

from bendradarbiavimas import demo_partners
from bendradarbiavimas.models import Agreement, ContactLog, Partner, PartnerContact
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_partners_load_once(territory):
    UserFactory(role="staff", email="darbuotojas@demo.lt", full_name="Demo Darbuotoja")
    out = io.StringIO()
    demo_partners.load(out)
    assert Partner.objects.count() == 12
    assert Agreement.objects.count() == 8 and ContactLog.objects.count() == 25
    today = timezone.localdate()
    assert Agreement.objects.filter(ends_on__gt=today,
                                    ends_on__lte=today + timedelta(days=21)).exists()
    assert Agreement.objects.filter(ends_on__lt=today).exists()
    assert Agreement.objects.filter(ends_on__isnull=True).exists()
    assert PartnerContact.objects.filter(consent=True).exists()
    assert PartnerContact.objects.filter(consent=False, person__email="").exists()
    demo_partners.load(out)
    assert Partner.objects.count() == 12 and "left alone" in out.getvalue()
