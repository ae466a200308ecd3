"""The good-practice catalogue's part of the generated access matrix
(tests/test_access_matrix.py): library A's practices in each state, their photos,
documents and an adoption, and what the outsider — a librarian of school library B — gets
on each route.

A published practice is everyone's to read (its page, photos and documents 200) and to say
"we did it too" about (200: the form); its editing is its library's and staff's only (404
to another library), the review and archiving staff's only (403 to librarians as a role).
A draft and a practice in review are their library's and the whole-territory roles' (404
to anyone else), and so are their photos and documents."""

from portalas.testing import Case
from viesinimas.models import Adoption, PracticeStatus
from viesinimas.tests.factories_practices import make_file, make_photo, make_practice

STAFF_ONLY = 403


def make_world(w, territory, staff, librarian_a) -> None:
    w.practice_draft = make_practice(library=territory.system_a, by=librarian_a,
                                     title="Kretingos juodraštinė patirtis")
    w.practice_in_review = make_practice(library=territory.branch_a, by=librarian_a,
                                         status=PracticeStatus.REVIEW,
                                         title="Darbėnų patirtis peržiūrai",
                                         reviewer_user=staff)
    w.practice_published = make_practice(library=territory.system_a, by=librarian_a,
                                         status=PracticeStatus.PUBLISHED,
                                         title="Kretingos paskelbta patirtis",
                                         reviewer_user=staff)
    w.practice_photo = make_photo(w.practice_published, by=librarian_a)
    w.practice_draft_photo = make_photo(w.practice_draft, by=librarian_a)
    w.practice_file = make_file(w.practice_published, by=librarian_a)
    w.practice_draft_file = make_file(w.practice_draft, by=librarian_a)
    elsewhere = make_practice(library=territory.central_b, by=staff,
                              status=PracticeStatus.PUBLISHED, title="Skuodo patirtis",
                              reviewer_user=staff)
    w.practice_adoption = Adoption.objects.create(practice=elsewhere,
                                                  library=territory.system_a,
                                                  note="Darėme ir mes.", created_by=librarian_a)


def factories(w) -> dict:
    return {"viesinimas.practice": lambda: [
        (w.practice_published, 200, "published: every signed-in user"),
        (w.practice_draft, 404, "A's draft"),
        (w.practice_in_review, 404, "A's branch's practice in review")]}


def targets(w) -> dict:
    def practice(published: int):
        return lambda: [Case({"pk": w.practice_published.pk}, published, "published"),
                        Case({"pk": w.practice_draft.pk}, 404, "A's draft"),
                        Case({"pk": w.practice_in_review.pk}, 404, "A's branch's, in review")]

    def photo(published: int):
        return lambda: [Case({"pk": w.practice_photo.pk}, published, "a published one's photo"),
                        Case({"pk": w.practice_draft_photo.pk}, 404, "a draft's photo")]

    def document(published: int):
        return lambda: [Case({"pk": w.practice_file.pk}, published, "a published one's file"),
                        Case({"pk": w.practice_draft_file.pk}, 404, "a draft's file")]

    found = {
        "viesinimas:practice_detail": practice(200),
        "viesinimas:adoption_create": practice(200),
        "viesinimas:practice_review": practice(STAFF_ONLY),
        "viesinimas:practice_archive": practice(STAFF_ONLY),
        "viesinimas:practice_photo": photo(200),
        "viesinimas:practice_thumbnail": photo(200),
        "viesinimas:practice_photo_withdraw": photo(404),
        "viesinimas:practice_file": document(200),
        "viesinimas:practice_file_delete": document(404),
        "viesinimas:adoption_delete": lambda: [
            Case({"pk": w.practice_adoption.pk}, 404, "A's adoption of B's practice")],
    }
    for name in ("practice_update", "practice_submit", "practice_history",
                 "practice_photo_create", "practice_file_create"):
        found[f"viesinimas:{name}"] = practice(404)
    return found
