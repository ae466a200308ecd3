"""Lithuanian alphabetical order of names.

PostgreSQL sorts with the ICU collation ``lt-x-icu``. SQLite (the laptop default) gets a
collation of the same name registered on every connection, so ``lt_order("name")`` works
on both and a newcomer sees Čepas after Cibulskis, not after Zigmas.
"""

import unicodedata

from django.db import connection
from django.db.models import F
from django.db.models.functions import Collate

COLLATION = "lt-x-icu"
# In Lithuanian only č, š, ž are letters of their own (after c, s, z); y sorts after i and
# į; ą ę ė į ų ū sort with their base letter.
_SEPARATE = {"č": "c\x7f", "š": "s\x7f", "ž": "z\x7f", "y": "i\x7f"}


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
    a, b = (lithuanian_key(left), left), (lithuanian_key(right), right)
    return (a > b) - (a < b)


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, _compare)


def lt_order(field: str, *, descending: bool = False):
    """An ORDER BY expression for ``field`` in Lithuanian alphabetical order."""
    expression = Collate(F(field), COLLATION) if connection.vendor in {"postgresql", "sqlite"} \
        else F(field)
    return expression.desc() if descending else expression.asc()
