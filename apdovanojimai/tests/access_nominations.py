"""The nominations' part of the generated access matrix (tests/test_access_matrix.py):
an open contest with library A's director's nomination of one of A's people (with an
attachment), a published practice of library A, and what the outsider — a school
librarian of another municipality, not a director — gets on each route.

- a nomination (its page, edit, withdrawal, admit / not admit) and an attachment (download,
  delete): seen by the nominator, staff and cleared jurors only — 404;
- the nominating form of an open contest: the contest is seen by everyone signed in, the
  page is closed to whoever is not staff or a director — 403; of a draft contest: 404;
- a contest's nominations list: staff only — 403 for an open contest, 404 for a draft;
- "nominate for an award" from a published practice: the practice is seen by everyone,
  the page is closed to non-directors — 403 (an unpublished one is a 404 to everyone,
  staff included, so it is no case of the matrix: see test_nominations_views)."""

from django.core.files.base import ContentFile

from apdovanojimai.models import ContestStatus, NominationFile, NominationStatus
from apdovanojimai.tests.factories import make_contest, make_nomination, make_person
from apdovanojimai.tests.factories_nominations import PDF, make_practice
from portalas.testing import Case

EXEMPT: dict[str, str] = {}


def make_world(w, territory, staff, librarian_a) -> None:
    w.nominations_contest = make_contest(title="Metų bibliotekininkas (prieiga)")
    w.nominations_draft = make_contest(title="Juodraštinis konkursas",
                                       status=ContestStatus.DRAFT)
    person = make_person(territory.central_a, first_name="Ona", last_name="Prieigaitė")
    w.nominations_nomination = make_nomination(
        w.nominations_contest, by=librarian_a, person=person,
        status=NominationStatus.SUBMITTED, nominating_library=territory.system_a)
    w.nominations_file = NominationFile(nomination=w.nominations_nomination,
                                        name="rekomendacija.pdf", size=len(PDF),
                                        uploaded_by=librarian_a)
    w.nominations_file.file.save("rekomendacija.pdf", ContentFile(PDF), save=True)
    w.nominations_practice = make_practice(territory.system_a, by=librarian_a)


def factories(w) -> dict:
    return {"apdovanojimai.nomination": lambda: [
        (w.nominations_nomination, 404, "library A's director's nomination")]}


def targets(w) -> dict:
    def nomination():
        return [Case({"pk": w.nominations_nomination.pk}, 404,
                     "library A's director's nomination")]

    def attachment():
        return [Case({"pk": w.nominations_file.pk}, 404, "an attachment of A's nomination")]

    def contest_pages():
        return [Case({"pk": w.nominations_contest.pk}, 403,
                     "an open contest: closed to a non-director librarian"),
                Case({"pk": w.nominations_draft.pk}, 404, "a draft contest")]

    def practice():
        return [Case({"pk": w.nominations_practice.pk}, 403,
                     "a published practice: nominating is closed to a non-director")]

    found = {f"apdovanojimai:{name}": nomination
             for name in ("nomination_detail", "nomination_update", "nomination_withdraw",
                          "nomination_admit", "nomination_reject")}
    found.update({f"apdovanojimai:{name}": attachment
                  for name in ("nomination_file", "nomination_file_delete")})
    found.update({f"apdovanojimai:{name}": contest_pages
                  for name in ("nomination_create", "contest_nominations")})
    found["apdovanojimai:practice_nominate"] = practice
    return found
