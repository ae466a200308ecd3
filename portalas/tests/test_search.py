"""The kit's word search: case and diacritics ignored, Lithuanian and foreign letters alike,
on the real database (portalas.search)."""

import re

import pytest

from bibliotekos.models import Organisation
from portalas.search import highlighter, search, search_words, word_pattern

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("typed", "text"), [
    ("zinios", "ŽINIOS"), ("žinios", "zinios"), ("senjoru", "Senjorų klubas"),
    ("liepajas", "Liepājas Centrālā zinātniskā bibliotēka"), ("lodz", "Łódź"),
    ("gottingen", "Göttingen"), ("LIEPĀJAS", "liepajas")])
def test_a_word_is_found_with_or_without_its_diacritics_in_any_case(typed, text):
    assert re.search(word_pattern(search_words(typed)[0]), text)


def test_another_letter_is_not_taken_for_it():
    assert not re.search(word_pattern("kaunas"), "Klaipėda")
    assert word_pattern("n5").startswith("[") and word_pattern("n5").endswith("5")


def test_the_words_are_folded_short_ones_and_repeats_dropped():
    assert search_words("  ŽINIOS, žinios  a  Lankytojų!") == ["žinios", "lankytojų"]
    assert highlighter("a") is None


def test_the_database_finds_every_word_in_any_of_the_fields():
    latvian = Organisation.objects.create(name="Liepājas Centrālā zinātniskā bibliotēka",
                                          short_name="LCZB", country="LV")
    Organisation.objects.create(name="Kauno apskrities viešoji biblioteka", country="LT")
    found = search(Organisation.objects.all(), "liepajas bibliotēka", ("name", "short_name"))
    assert list(found) == [latvian]
    assert list(search(Organisation.objects.all(), "lczb", ("name", "short_name"))) == [latvian]
    assert search(Organisation.objects.all(), "", ("name",)).count() == 2
