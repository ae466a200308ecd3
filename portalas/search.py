"""Word search that ignores case and diacritics, alike on SQLite and PostgreSQL.

Each typed word becomes a regular expression whose every letter is a class of its cases
and its variants with and without a diacritic: the Lithuanian letters ("zinios" →
``[zžZŽ…][iįIĮ…]n…``) and the other Latin letters of partners' and authors' names
(Latvian "Liepājas", Polish "Łódź", German "Göttingen"), so "ŽINIOS", "žinios" and
"zinios" find one another, and "liepajas" finds "Liepājas". Both databases run it as a
scan, as ``icontains`` does; a page may highlight the same words with the same
expression (``highlighter``), so what is marked is what was found."""

import re
import unicodedata

from django.db.models import Q

MAX_WORDS = 8
MAX_WORD_LENGTH = 40
WORD = re.compile(r"\w+")
# Letters that carry no decomposable diacritic but are read as one: ł is typed as l.
EXTRA = {"l": "ł", "d": "đ", "o": "ø"}


def _variants() -> dict[str, frozenset[str]]:
    """Each base letter (a–z) → its lower-case forms with a diacritic (Latin-1 and
    Latin Extended-A: every Lithuanian, Latvian, Polish, German, French… letter)."""
    groups: dict[str, set[str]] = {}
    for code in range(0x00C0, 0x0180):
        char = chr(code)
        base = unicodedata.normalize("NFD", char)[0]
        if base.isascii() and base.isalpha() and char.islower():
            groups.setdefault(base, {base}).add(char)
    for base, chars in EXTRA.items():
        groups.setdefault(base, {base}).update(chars)
    return {base: frozenset(chars) for base, chars in groups.items()}


VARIANTS = _variants()
_BASE = {char: base for base, chars in VARIANTS.items() for char in chars}


def _letter_class(char: str) -> str:
    """The expression of one (case-folded) character: its cases and the letter with and
    without a diacritic."""
    base = _BASE.get(char) or unicodedata.normalize("NFD", char)[0]
    variants = set(VARIANTS.get(base, ())) | {char}
    variants |= {v.upper() for v in variants if len(v.upper()) == 1}
    if len(variants) == 1:
        return re.escape(char)
    return "[" + "".join(sorted(variants)) + "]"


def search_words(text: str) -> list[str]:
    """The words of a search (two letters or more, at most eight), case-folded."""
    words = []
    for word in WORD.findall(unicodedata.normalize("NFC", text or "").casefold()):
        word = word[:MAX_WORD_LENGTH]
        if len(word) >= 2 and word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def word_pattern(word: str) -> str:
    """A regular expression both databases and Python read alike (letters, digits and
    character classes only: the words hold no other characters)."""
    return "".join(_letter_class(char) for char in word)


def search(queryset, text: str, fields):
    """Rows where every word of ``text`` is found in one of ``fields`` (in any case, with
    or without diacritics)."""
    for word in search_words(text):
        pattern = word_pattern(word)
        found = Q()
        for name in fields:
            found |= Q(**{f"{name}__iregex": pattern})
        queryset = queryset.filter(found)
    return queryset


def highlighter(text: str) -> re.Pattern | None:
    """The expression that marks the searched words in a text, or None with no search."""
    words = search_words(text)
    if not words:
        return None
    patterns = sorted((word_pattern(word) for word in words), key=len, reverse=True)
    return re.compile("|".join(patterns), re.IGNORECASE)
