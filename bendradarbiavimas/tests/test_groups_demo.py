"""The demo groups load through the services, make the demo accounts members of the
children's librarians' group, hold meetings with attendance (one without a quorum) and a
planned one, and are left alone the second time."""

import io

import pytest
from django.utils import timezone

from bendradarbiavimas import demo_groups
from bendradarbiavimas.models import GroupMember, Meeting, MeetingStatus, WorkingGroup
from bibliotekos.models import Person
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once(territory):
    UserFactory(role="staff", email="darbuotojas@demo.lt")
    for email, library in (("bibliotekininkas@demo.lt", territory.system_a),
                           ("filialas@demo.lt", territory.branch_a)):
        user = UserFactory(role="librarian", email=email)
        Person.objects.create(first_name="Demo", last_name=email[:5], user=user,
                              library=library, email=email)
    out = io.StringIO()
    demo_groups.load(out)
    assert WorkingGroup.objects.count() == 4
    assert WorkingGroup.objects.filter(public=True).count() == 1
    children = WorkingGroup.objects.get(name="Vaikų bibliotekininkų darbo grupė")
    emails = set(GroupMember.objects.filter(group=children)
                 .values_list("user__email", flat=True))
    assert {"bibliotekininkas@demo.lt", "filialas@demo.lt"} <= emails
    assert Meeting.objects.filter(status=MeetingStatus.HELD, quorum_met=False).exists()
    assert Meeting.objects.filter(status=MeetingStatus.HELD, quorum_met=True).exists()
    assert Meeting.objects.filter(status=MeetingStatus.PLANNED,
                                  starts_at__gt=timezone.now()).count() == 4
    made = Meeting.objects.count()
    demo_groups.load(out)
    assert Meeting.objects.count() == made and "groups:" in out.getvalue()
