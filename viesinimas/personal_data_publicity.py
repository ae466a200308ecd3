"""The personal data the publicity log holds about a person (GDPR Art. 15 export, Art. 17
erasure), registered by ``viesinimas.panels_publicity``.

A publication is about a library's or the department's work, but its title, what it is
about and the staff's notes may name people ("Rašytoja Ona Pavardenė susitiko su
skaitytojais"), and its file's stored name may too. The export lists the entries naming the
person (and their history rows), and the entries their account logged; the erasure cuts
the person's names, e-mail addresses and phone out of every free text of the entries and
their history, leaving ``[ištrinta]``, and stores a file whose name holds them under a name
that does not — the entries still count. The account that logged an entry (``created_by``)
is anonymised by the ``paskyros.account`` provider."""

import re
import unicodedata

from django.utils.translation import gettext_lazy as _

from bibliotekos.erasure import (
    account_of,
    history_rows,
    identifying_texts,
    naming,
    rename_files,
    rows,
    scrub_texts,
)
from portalas.registry import personal_data as register_personal_data
from viesinimas.models import Publication

# ``panels_publicity`` imports this module for its registration only
__all__: list[str] = []

TEXTS = ("title", "medium", "about", "notes", "url")
FIELDS = ("id", "published_on", "channel", *TEXTS, "file")


def export(person) -> list[dict]:
    account, needles = account_of(person), identifying_texts(person)
    found = []
    if needles:
        found += rows("publication naming the person", Publication.objects.filter(
            naming(Publication, TEXTS, needles)
            | naming(Publication, ("file",), _file_texts(needles)))
            .order_by("published_on", "pk"), FIELDS)
        found += history_rows("publication history", Publication.history.filter(
            naming(Publication.history.model, TEXTS, needles)), FIELDS)
    if account is not None:
        found += rows("publication logged", Publication.objects.filter(created_by=account)
                      .order_by("published_on", "pk"), ("id", "published_on", "title"))
    return found


def _file_texts(needles) -> list[str]:
    """The texts as a stored file's cleaned name holds them too: without the Lithuanian
    letters' marks, spaces as ``-`` (``services_publicity.clean_file_name``)."""
    found = set(needles)
    for text in needles:
        folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        found.add(re.sub(r"[^A-Za-z0-9_]+", "-", folded).strip("-_"))
        found.add(re.sub(r"[^A-Za-z0-9_]+", "_", folded).strip("-_"))
    return sorted(text for text in found if len(text) >= 5)


def erase(person) -> int:
    """See the module's docstring. Returns how many rows were changed."""
    needles = identifying_texts(person)
    changed = rename_files(Publication, "file", _file_texts(needles))
    changed += scrub_texts([Publication, Publication.history.model], needles)
    return changed


register_personal_data("viesinimas.publications",
                       label=_("Publicity log: publications naming the person"),
                       export=export, erase=erase, order=50)
