"""The library and person forms: dates as YYYY-MM-DD, phone numbers checked and normalised;
a person's first day of library work is not in the future."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from bibliotekos.forms import LibraryForm, PersonForm

pytestmark = pytest.mark.django_db


def _library_data(territory, **changes):
    library = territory.central_a
    data = {"code": library.code, "name": library.name, "kind": library.kind,
            "parent": library.parent_id or "", "municipality": library.municipality_id or "",
            "phone": "8 46 123 456", "opened": "1950-01-01", "closed": ""}
    return {**data, **changes}


def test_the_library_form_stores_a_normalised_phone_and_an_iso_date(staff, territory):
    form = LibraryForm(_library_data(territory), instance=territory.central_a, user=staff)
    assert form.is_valid(), form.errors
    library = form.save()
    assert library.phone == "+370 46 123 456"
    assert str(library.opened) == "1950-01-01"
    assert 'type="date"' not in str(form["opened"])


@pytest.mark.parametrize(("field", "raw"), [("phone", "abc"), ("opened", "01/01/1950"),
                                            ("closed", "2025-02-30")])
def test_the_library_form_refuses_a_bad_phone_or_date(staff, territory, field, raw):
    form = LibraryForm(_library_data(territory, **{field: raw}),
                       instance=territory.central_a, user=staff)
    assert not form.is_valid() and field in form.errors


def test_the_person_form_checks_the_phone(staff):
    bad = PersonForm({"first_name": "Ona", "last_name": "Onaitė", "phone": "abc"}, user=staff)
    assert not bad.is_valid() and "phone" in bad.errors
    good = PersonForm({"first_name": "Ona", "last_name": "Onaitė", "phone": "8 612 34567"},
                      user=staff)
    assert good.is_valid(), good.errors
    assert good.cleaned_data["phone"] == "+370 612 34567"


def _person(staff, **data):
    return PersonForm({"first_name": "Ona", "last_name": "Onaitė", **data}, user=staff)


def test_the_person_form_stores_the_first_day_of_library_work_typed_as_an_iso_date(staff):
    form = _person(staff, works_since="1998-09-01")
    assert form.is_valid(), form.errors
    assert form.save().works_since == date(1998, 9, 1)
    assert 'type="date"' not in str(form["works_since"])
    today = timezone.localdate().isoformat()
    assert _person(staff, works_since=today).is_valid()          # started today
    empty = _person(staff, works_since="")
    assert empty.is_valid(), empty.errors
    assert empty.cleaned_data["works_since"] is None


@pytest.mark.parametrize("raw", ["1998.09.01", "01/09/1998", "1998-9-1", "1998-02-30"])
def test_the_person_form_refuses_a_first_day_of_library_work_not_typed_as_a_date(staff, raw):
    form = _person(staff, works_since=raw)
    assert not form.is_valid() and "works_since" in form.errors


def test_the_person_form_refuses_a_first_day_of_library_work_in_the_future(staff):
    tomorrow = timezone.localdate() + timedelta(days=1)
    form = _person(staff, works_since=tomorrow.isoformat())
    assert not form.is_valid()
    assert form.has_error("works_since", code="future")
