"""The answer page's own words exist in every questionnaire language."""

import pytest

from tyrimai import public_texts
from tyrimai.models import LANGUAGE_CODES


@pytest.mark.parametrize("key", sorted(public_texts.TEXTS))
def test_every_text_has_all_four_languages(key):
    texts = public_texts.TEXTS[key]
    assert set(texts) == set(LANGUAGE_CODES)
    assert all(value.strip() for value in texts.values())


def test_placeholders_are_the_same_in_every_language():
    for key, texts in public_texts.TEXTS.items():
        names = {language: sorted(part.split("}")[0] for part in text.split("{")[1:])
                 for language, text in texts.items()}
        assert len({tuple(value) for value in names.values()}) == 1, key


def test_a_text_is_filled_and_a_missing_language_falls_back_to_lithuanian():
    assert public_texts.text("progress", "pl", number=1, total=2) == "Część 1 z 2"
    assert public_texts.text("submit", "de") == "Pateikti"
    assert public_texts.texts_for("en")["submit"] == "Submit"


def test_the_page_language_is_one_the_study_offers():
    assert public_texts.language_of("EN", ["lt", "en"]) == "en"
    assert public_texts.language_of("ru", ["lt", "en"]) == "lt"
    assert public_texts.language_of(None, ["lt"]) == "lt"


def test_limits_are_written_as_people_write_them():
    from decimal import Decimal

    assert public_texts.plain_number(Decimal("120.00"), "lt") == "120"
    assert public_texts.plain_number(Decimal("0.50"), "lt") == "0,5"
    assert public_texts.plain_number(Decimal("0.50"), "en") == "0.5"
    assert public_texts.plain_number(None, "en") == "…"
