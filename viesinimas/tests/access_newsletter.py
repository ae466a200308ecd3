"""The newsletter's part of the generated access matrix (tests/test_access_matrix.py): a
draft is hidden from a librarian (404 on every route), a sent issue is every signed-in
user's to read (200) while composing, previewing and sending stay staff's (403)."""

from portalas.testing import Case
from viesinimas.models import NewsletterStatus
from viesinimas.tests.factories_newsletter import make_newsletter

STAFF_ONLY = 403


def make_world(w, territory, staff, librarian_a) -> None:
    w.newsletter_draft = make_newsletter(by=staff, title="Juodraštis", number=90)
    w.newsletter_sent = make_newsletter(by=staff, status=NewsletterStatus.SENT, number=91,
                                        title="Išsiųstas numeris")


def factories(w) -> dict:
    return {"viesinimas.newsletter": lambda: [
        (w.newsletter_draft, 404, "a draft issue"),
        (w.newsletter_sent, 200, "a sent issue is every signed-in user's")]}


def targets(w) -> dict:
    def issues(sent: int):
        return lambda: [Case({"pk": w.newsletter_draft.pk}, 404, "a draft issue"),
                        Case({"pk": w.newsletter_sent.pk}, sent, "a sent issue")]

    found = {"viesinimas:newsletter_detail": issues(200)}
    for name in ("newsletter_update", "newsletter_preview", "newsletter_send",
                 "newsletter_delete"):
        found[f"viesinimas:{name}"] = issues(STAFF_ONLY)
    return found
