"""The minutes and decisions' part of the generated access matrix
(tests/test_access_matrix.py): a private group (library A's director its chair) with a held
meeting, its minutes and a decision; a group public to the territory with the same; and
what the outsider — a librarian of school library B, a member of neither — gets.

A private group's meeting and decisions are its members' and the whole-territory roles'
(404 to anyone else, on every route). A public group's minutes and decisions are every
signed-in user's to read (the decision's page 200), but writing them is the group's
keepers' and staff's (403 to the outsider as a role: they see it and may not change it)."""

import datetime

from bendradarbiavimas.models import MeetingStatus, MemberRole
from bendradarbiavimas.tests.factories_groups import add_member, make_group, make_meeting
from bendradarbiavimas.tests.factories_minutes import at, make_decision, write_minutes
from portalas.testing import Case

KEEPERS_ONLY = 403


def make_world(w, territory, staff, librarian_a) -> None:
    private = make_group(name="Protokolų darbo grupė", by=staff)
    add_member(private, user=librarian_a, role=MemberRole.CHAIR,
               starts_on=datetime.date(2025, 1, 1))
    w.minutes_meeting = write_minutes(
        make_meeting(private, starts_at=at(datetime.date(2026, 3, 12)),
                     status=MeetingStatus.HELD, by=staff), by=librarian_a)
    w.minutes_decision = make_decision(w.minutes_meeting, owner=librarian_a,
                                       text="Parengti uždarosios grupės ataskaitą.",
                                       due_on=datetime.date(2026, 4, 30))
    public = make_group(name="Vieša protokolų taryba", public=True, by=staff)
    add_member(public, user=librarian_a, role=MemberRole.SECRETARY,
               starts_on=datetime.date(2025, 1, 1))
    w.minutes_public_meeting = write_minutes(
        make_meeting(public, starts_at=at(datetime.date(2026, 3, 19)),
                     status=MeetingStatus.HELD, by=staff), by=librarian_a)
    w.minutes_public_decision = make_decision(w.minutes_public_meeting, owner=librarian_a,
                                              text="Paskelbti tarybos renginių kalendorių.",
                                              due_on=datetime.date(2026, 5, 29))


def factories(w) -> dict:
    return {"bendradarbiavimas.decision": lambda: [
        (w.minutes_decision, 404, "a decision of a group the outsider is not in"),
        (w.minutes_public_decision, 200, "a decision of a group public to the territory")]}


def targets(w) -> dict:
    def meeting(public: int):
        return lambda: [
            Case({"pk": w.minutes_meeting.pk}, 404, "a private group's meeting"),
            Case({"pk": w.minutes_public_meeting.pk}, public, "a public group's meeting")]

    def decision(public: int):
        return lambda: [
            Case({"pk": w.minutes_decision.pk}, 404, "a private group's decision"),
            Case({"pk": w.minutes_public_decision.pk}, public, "a public group's decision")]

    found = {
        "bendradarbiavimas:minutes_update": meeting(KEEPERS_ONLY),
        "bendradarbiavimas:minutes_sign": meeting(KEEPERS_ONLY),
        "bendradarbiavimas:minutes_reopen": meeting(KEEPERS_ONLY),
        "bendradarbiavimas:decision_create": meeting(KEEPERS_ONLY),
        # the document of a private group's minutes is a 404; a public group's minutes are
        # the outsider's to read, so their request is the engine's job (a redirect to it)
        "bendradarbiavimas:minutes_document": lambda: [
            Case({"pk": w.minutes_meeting.pk}, 404, "a private group's minutes")],
        "bendradarbiavimas:decision_detail": decision(200),
    }
    for name in ("decision_update", "decision_done", "decision_reopen", "decision_reassign",
                 "decision_cancel"):
        found[f"bendradarbiavimas:{name}"] = decision(KEEPERS_ONLY)
    return found
