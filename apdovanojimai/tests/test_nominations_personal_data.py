"""The nominations' personal-data provider: a nominated person's export lists their
nominations and attachments; the erasure cuts their name out of the texts (rows and
history), and the provider is registered."""

import pytest

from apdovanojimai.models import Nomination, NominationFile, NominationStatus
from apdovanojimai.personal_data_nominations import erase, export
from apdovanojimai.tests.factories import make_contest, make_nomination, make_person
from apdovanojimai.tests.factories_nominations import upload
from portalas.registry import personal_data_providers

pytestmark = pytest.mark.django_db


def test_the_provider_is_registered():
    import apdovanojimai.panels_nominations  # noqa: F401

    assert "apdovanojimai.nominations" in personal_data_providers


def test_the_export_lists_the_persons_nominations_and_attachments(territory, librarian_a):
    person = make_person(territory.branch_a)
    nomination = make_nomination(make_contest(), by=librarian_a, person=person,
                                 status=NominationStatus.SUBMITTED)
    NominationFile.objects.create(nomination=nomination, file=upload(), name="laiskas.pdf")
    rows = export(person)
    records = {row["record"] for row in rows}
    assert {"nomination of the person", "attachment of a nomination of the person"} <= records
    assert any(row.get("justification") == nomination.justification for row in rows)


def test_the_erasure_cuts_the_name_out_of_the_texts(territory, librarian_a):
    person = make_person(territory.branch_a, first_name="Aušra", last_name="Petrauskienė")
    nomination = make_nomination(
        make_contest(), by=librarian_a, person=person,
        justification="Aušra Petrauskienė sukūrė skaitymo klubą.")
    other = make_nomination(make_contest(title="Kitas"), by=librarian_a,
                            library=territory.branch_a,
                            justification="Filiale dirba Aušra Petrauskienė.")
    assert erase(person) >= 2
    for pk in (nomination.pk, other.pk):
        assert "Petrauskienė" not in Nomination.objects.get(pk=pk).justification
    assert Nomination.objects.filter(pk=nomination.pk, person=person).exists()
