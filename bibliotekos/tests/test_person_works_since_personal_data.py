"""A person's first day of library work (``works_since``) is personal data: the person's
export holds it (the record and its history), an erasure empties it everywhere."""

import json
from datetime import date

import pytest
from django.urls import reverse

from bibliotekos.models import Person
from bibliotekos.services import erase_personal_data, export_personal_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(territory):
    person = Person.objects.create(first_name="Ona", last_name="Onaitė",
                                   library=territory.branch_a, email="ona@demo.lt",
                                   works_since=date(1998, 9, 1))
    person.works_since = date(1999, 1, 4)         # a correction: a second history entry
    person.save()
    return person


def test_the_export_holds_the_first_day_of_library_work_and_its_history(person, staff):
    rows = export_personal_data(person=person, by=staff)["bibliotekos.person"]["rows"]
    [record] = [row for row in rows if row["record"] == "person"]
    assert record["works_since"] == "1999-01-04"
    history = [row["works_since"] for row in rows if row["record"] == "person history"]
    assert history == ["1998-09-01", "1999-01-04"]


def test_the_export_of_someone_without_it_holds_an_empty_text(territory, staff):
    person = Person.objects.create(first_name="Jonas", last_name="Jonaitis")
    rows = export_personal_data(person=person, by=staff)["bibliotekos.person"]["rows"]
    assert {row["works_since"] for row in rows} == {""}


def test_the_downloaded_file_holds_it(person, staff_client):
    response = staff_client.post(reverse("bibliotekos:person_personal_data", args=[person.pk]))
    rows = json.loads(response.content)["data"]["bibliotekos.person"]["rows"]
    assert rows[0]["works_since"] == "1999-01-04"


def test_an_erasure_empties_it_in_the_record_and_its_history(person, staff):
    changed = erase_personal_data(person=person, by=staff)
    assert changed["bibliotekos.person"] == 1 + 2        # the record and its two entries
    person.refresh_from_db()
    assert person.is_erased and person.works_since is None
    assert set(person.history.values_list("works_since", flat=True)) == {None}
