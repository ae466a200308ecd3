"""The access matrix's targets for these routes (tests/test_access_matrix.py): route name →
cases of library A's objects with what the outsider (a librarian of school library B) gets.

A published entry is everyone's to read (its page 200) but only staff's to change (403); a
draft is its author's and the whole-territory roles' (404 to anyone else). Writing an entry
from a consultation is closed to librarians as a whole (403), whatever the consultation —
even a director who may read that consultation writes no entries (``services.may_log``)."""

from portalas.testing import Case

STAFF_ONLY = 403


def targets(w) -> dict:
    def draft(note="a draft: nobody's but its author's and staff's"):
        return Case({"pk": w.draft_entry.pk}, 404, note)

    def entry_page():
        return [Case({"pk": w.published_entry.pk}, 200, "published: every signed-in user"),
                draft()]

    def entry_change():
        return [Case({"pk": w.published_entry.pk}, STAFF_ONLY, "staff change entries"),
                draft()]

    found = {"konsultacijos:entry_detail": entry_page}
    for name in ("entry_update", "entry_submit", "entry_publish", "entry_return",
                 "entry_archive", "entry_history"):
        found[f"konsultacijos:{name}"] = entry_change
    found["konsultacijos:entry_create_from"] = lambda: [
        Case({"pk": w.consultation.pk}, STAFF_ONLY, "librarians write no entries")]
    return found
