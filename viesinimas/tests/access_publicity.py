"""The publicity log's part of the generated access matrix (tests/test_access_matrix.py):
library A's entries and what the outsider — a librarian of school library B — gets on each
route. A publication is seen by the libraries it is about (a director's with the outlets),
staff and management; the department's own entries by staff and management only."""

from django.core.files.base import ContentFile

from portalas.testing import Case
from viesinimas.tests.factories_publicity import PDF, make_publication


def make_world(w, territory, staff, librarian_a) -> None:
    """A press article about A's branch and the department's own entry, each with a file
    (so staff reach every route of both)."""
    w.publication = make_publication(by=staff, libraries=[territory.branch_a],
                                     title="Darbėnų filiale – vasaros skaitymai")
    w.own_publication = make_publication(by=staff, libraries=[],
                                         title="Skyriaus metodinė diena")
    for publication in (w.publication, w.own_publication):
        publication.file.save("straipsnis.pdf", ContentFile(PDF), save=True)


def factories(w) -> dict:
    return {"viesinimas.publication": lambda: [
        (w.publication, 404, "a publication about A's branch"),
        (w.own_publication, 404, "the department's own publication")]}


def targets(w) -> dict:
    def publications():
        return [Case({"pk": w.publication.pk}, 404, "a publication about A's branch"),
                Case({"pk": w.own_publication.pk}, 404, "the department's own publication")]

    return {f"viesinimas:{name}": publications
            for name in ("publication_delete", "publication_file")}
