"""The library and person forms: dates as YYYY-MM-DD, phone numbers checked and normalised."""

import pytest

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
