"""The access matrix's targets for these routes (tests/test_access_matrix.py): route name →
cases of library A's objects with what the outsider (a librarian of school library B) gets.

The record's own kit pages (detail, edit, history) are covered by the consultation factory
in ``access.py``; the actions, the attachments and the topics need targets here."""

from portalas.testing import Case

STAFF_ONLY = 403


def targets(w) -> dict:
    def consultation():
        return [Case({"pk": w.consultation.pk}, 404, "a consultation with A's branch")]

    def attachment():
        return [Case({"pk": w.attachment.pk}, 404, "an attachment of A's branch's record")]

    found = {f"konsultacijos:{name}": consultation for name in (
        "consultation_delete", "consultation_follow_up_done", "attachment_add")}
    found.update({f"konsultacijos:{name}": attachment for name in (
        "attachment_download", "attachment_delete")})
    found["konsultacijos:topic_update"] = lambda: [
        Case({"pk": w.consultation.topic_id}, STAFF_ONLY, "staff keep the list of topics")]
    return found
