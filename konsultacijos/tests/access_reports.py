"""The access matrix's targets for these routes (tests/test_access_matrix.py): route name →
cases of library A's objects with what the outsider (a librarian of school library B) gets.

The overview (``konsultacijos:overview``) has no object in its path: the matrix's walk of
every page covers it, and test_reports.py checks who gets what (403 for the outsider, a
director their library's figures only)."""

from portalas.testing import Case  # noqa: F401

STAFF_ONLY = 403


def targets(w) -> dict:
    return {}
