"""Lithuanian alphabetical order of names.

PostgreSQL sorts with the ICU collation ``lt-x-icu``. SQLite (the laptop default) gets a
collation of the same name registered on every connection, so ``lt_order("name")`` works
on both and a newcomer sees Čepas after Cibulskis, not after Zigmas.
"""

import re
import unicodedata
from functools import lru_cache

from django.db import connection
from django.db.models import F
from django.db.models.functions import Collate

COLLATION = "lt-x-icu"
# As ICU's "lt" (PostgreSQL): č, š, ž are letters of their own (after c, s, z); ą ę ė į ų ū
# and y sort with their base letter (i for y) and differ only at the second level.
_SEPARATE = {"č": "c\x7f", "š": "s\x7f", "ž": "z\x7f", "y": "i"}


def lithuanian_key(value: str) -> str:
    out = []
    for char in value.casefold():
        if char in _SEPARATE:
            out.append(_SEPARATE[char])
            continue
        base = unicodedata.normalize("NFD", char)[0]
        out.append(_SEPARATE.get(base, base))
    return "".join(out)


def _compare(left: str, right: str) -> int:
    a = (lithuanian_key(left), left.casefold(), left)
    b = (lithuanian_key(right), right.casefold(), right)
    return (a > b) - (a < b)


@lru_cache(maxsize=256)
def _like_pattern(pattern: str, escape: str) -> re.Pattern:
    out, index = [], 0
    while index < len(pattern):
        char = pattern[index]
        if escape and char == escape and index + 1 < len(pattern):
            out.append(re.escape(pattern[index + 1]))
            index += 2
            continue
        out.append(".*" if char == "%" else "." if char == "_" else re.escape(char))
        index += 1
    return re.compile("".join(out), re.DOTALL | re.IGNORECASE)


def _like(pattern, value, escape=""):
    """SQLite's LIKE folds only ASCII case; this one folds ą/Ą, š/Š… as PostgreSQL does."""
    if pattern is None or value is None:
        return None
    return _like_pattern(pattern, escape or "").fullmatch(str(value)) is not None


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    """On SQLite: the Lithuanian collation and a Unicode-aware LIKE for searches."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, _compare)
        connection.connection.create_function("like", 2, _like, deterministic=True)
        connection.connection.create_function("like", 3, _like, deterministic=True)


def lt_order(field: str, *, descending: bool = False):
    """An ORDER BY expression for ``field`` in Lithuanian alphabetical order."""
    expression = Collate(F(field), COLLATION) if connection.vendor in {"postgresql", "sqlite"} \
        else F(field)
    return expression.desc() if descending else expression.asc()


def sorted_lt(items, *, key=None, reverse: bool = False) -> list:
    """``items`` in Lithuanian alphabetical order (Skuodo, Šilalės, Šilutės, Tauragės), as
    ``lt_order`` sorts in the database; ``key`` gives an item's name (default: the item)."""
    def order(item):
        name = str((key(item) if key else item) or "")
        return lithuanian_key(name), name.casefold(), name

    return sorted(items, key=order, reverse=reverse)
