"""The access matrix's targets for these routes (tests/test_access_matrix.py): route name →
cases of library A's objects with what the outsider (a librarian of school library B) gets."""

from portalas.testing import Case  # noqa: F401

STAFF_ONLY = 403


def targets(w) -> dict:
    return {}
