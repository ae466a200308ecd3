"""The Lithuanian catalogue is complete: ours and the third-party strings we show."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted(ROOT.glob("locale*/lt/LC_MESSAGES/*.po"))
THIRD_PARTY = ["django_filters", "axes", "django_otp", "simple_history"]


def test_there_are_lithuanian_catalogues():
    names = {p.parent.parent.parent.name for p in CATALOGUES}
    assert {"locale", "locale_thirdparty"} <= names


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_has_no_untranslated_or_fuzzy_entry(path):
    catalogue = polib.pofile(str(path))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert untranslated == [] and fuzzy == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_placeholders_survive_translation(path):
    import re

    pattern = re.compile(r"%\(\w+\)[sd]|%[sd]")
    broken = []
    for entry in polib.pofile(str(path)).translated_entries():
        if entry.msgid_plural:
            continue
        if sorted(pattern.findall(entry.msgid)) != sorted(pattern.findall(entry.msgstr)):
            broken.append(entry.msgid)
    assert broken == []


@pytest.mark.parametrize("package", THIRD_PARTY)
def test_third_party_strings_without_lithuanian_are_covered(package):
    import importlib

    module = importlib.import_module(package)
    source = Path(module.__file__).parent
    wanted = set()
    for po in source.glob("**/locale/*/LC_MESSAGES/django.po"):
        wanted |= {(e.msgctxt, e.msgid) for e in polib.pofile(str(po))
                   if e.msgid and not e.obsolete}
    ours = polib.pofile(str(ROOT / "locale_thirdparty/lt/LC_MESSAGES/django.po"))
    have = {(e.msgctxt, e.msgid) for e in ours.translated_entries()}
    assert sorted(wanted - have, key=str) == []


def test_the_portal_speaks_lithuanian_with_diacritics():
    from django.utils import translation

    with translation.override("lt"):
        from django.utils.translation import gettext

        assert gettext("Department staff") != "Department staff"
        assert any(ch in gettext("Wrong e-mail address or password.") for ch in "ąčęėįšųūž")
