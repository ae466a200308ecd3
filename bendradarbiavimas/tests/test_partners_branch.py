"""A branch librarian of the same system as library A: they see the partners linked to their
own branch only (not the system's), never an agreement or its file, and a private group
they are not in is a 404 — the unit scope inside one library system, not only another
library's."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from bendradarbiavimas.tests.factories_groups import add_member, make_group, make_meeting
from bendradarbiavimas.tests.factories_partners import (
    make_agreement,
    make_organisation,
    make_partner,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def branch_client(territory):
    user = UserFactory(role="librarian", email="filialas@test.lt", full_name="Rasa Filialaitė")
    territory.branch_a.memberships.create(user=user, role="librarian")
    client = Client()
    client.force_login(user, backend="paskyros.backends.EmailBackend")
    return client


def url(name, *args):
    return reverse(f"bendradarbiavimas:{name}", args=args)


def test_a_branch_librarian_sees_their_branchs_partner_but_not_the_systems(
        branch_client, staff, territory, client_a):
    systems = make_partner(by=staff, libraries=[territory.system_a])
    branchs = make_partner(by=staff, libraries=[territory.branch_a],
                           organisation=make_organisation("Darbėnų gimnazija", country="LT"))
    assert branch_client.get(url("partner_detail", systems.pk)).status_code == 404
    assert branch_client.get(url("partner_detail", branchs.pk)).status_code == 200
    listed = {row["object"].pk for row in branch_client.get(url("partner_list")).context["rows"]}
    assert listed == {branchs.pk}
    # the system's director sees both: the branch is one of the system's outlets
    listed = {row["object"].pk for row in client_a.get(url("partner_list")).context["rows"]}
    assert listed == {systems.pk, branchs.pk}


def test_a_branch_librarian_never_reaches_an_agreement_or_its_file(
        branch_client, staff, territory):
    partner = make_partner(by=staff, libraries=[territory.branch_a])
    agreement = make_agreement(by=staff, partners=[partner], starts_on=date(2025, 1, 1),
                               libraries=[territory.branch_a])
    agreement.file = SimpleUploadedFile("sutartis.pdf", b"%PDF-1.7\n%%EOF\n")
    agreement.save()
    for name in ("agreement_detail", "agreement_file", "agreement_history"):
        assert branch_client.get(url(name, agreement.pk)).status_code == 404, name
    assert branch_client.get(url("agreement_list")).status_code == 404


def test_a_branch_librarian_outside_a_group_gets_404_even_when_their_director_is_in_it(
        branch_client, client_a, staff, librarian_a):
    group = make_group(name="Direktorių taryba", by=staff)
    add_member(group, user=librarian_a, starts_on=date(2025, 1, 1))
    meeting = make_meeting(group, by=staff)
    assert client_a.get(url("meeting_detail", meeting.pk)).status_code == 200
    for name, pk in (("group_detail", group.pk), ("meeting_detail", meeting.pk),
                     ("meeting_ics", meeting.pk), ("minutes_update", meeting.pk)):
        assert branch_client.get(url(name, pk)).status_code == 404, name
