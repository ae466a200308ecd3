"""The shared date input (YYYY-MM-DD whatever the browser's language) and phone field."""

from datetime import date

import pytest
from django import forms

from portalas.forms import IsoDateField, PhoneField, normalize_phone


class _DateForm(forms.Form):
    day = IsoDateField(required=False)


def test_the_date_input_is_text_with_the_iso_shape():
    html = _DateForm(initial={"day": date(2025, 1, 31)}).as_p()
    assert 'type="text"' in html and 'type="date"' not in html
    assert 'inputmode="numeric"' in html and 'autocomplete="off"' in html
    assert 'pattern="\\d{4}-\\d{2}-\\d{2}"' in html
    assert 'value="2025-01-31"' in html


@pytest.mark.parametrize(("raw", "expected"), [("2025-01-31", date(2025, 1, 31)),
                                               (" 2024-02-29 ", date(2024, 2, 29)),
                                               ("", None)])
def test_an_iso_date_is_read(raw, expected):
    form = _DateForm({"day": raw})
    assert form.is_valid() and form.cleaned_data["day"] == expected


@pytest.mark.parametrize("raw", ["01/31/2025", "31.01.2025", "2025-1-31", "2025.01.31",
                                 "20250131", "2025-02-30", "2025-13-01", "abc", "2025-01-31x"])
def test_anything_but_an_iso_date_is_refused(raw):
    form = _DateForm({"day": raw})
    assert not form.is_valid() and "day" in form.errors


@pytest.mark.parametrize(("raw", "stored"), [
    ("+370 612 34567", "+370 612 34567"), ("8 612 34567", "+370 612 34567"),
    ("861234567", "+370 612 34567"), ("(8 46) 123 456", "+370 46 123 456"),
    ("8 5 212 3456", "+370 5 212 3456"), ("+37044512345", "+370 445 12345"),
    ("00370 612 34567", "+370 612 34567"), ("8-445-51234", "+370 445 51234"),
    ("+371 2 123 4567", "+37121234567")])
def test_lithuanian_phone_numbers_are_stored_normalised(raw, stored):
    assert normalize_phone(raw) == stored
    assert PhoneField(required=False).clean(raw) == stored


@pytest.mark.parametrize("raw", ["abc", "8 612", "+370 012 34567", "8 612 345678",
                                 "+370 612 3456a", "+1", "612 34567 ext 5"])
def test_what_is_not_a_phone_number_is_refused(raw):
    with pytest.raises(forms.ValidationError):
        PhoneField(required=False).clean(raw)


def test_an_empty_phone_stays_empty():
    assert PhoneField(required=False).clean("") == ""
