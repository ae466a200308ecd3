"""The groups area's part of the generated access matrix (tests/test_access_matrix.py):
a private working group whose chair is librarian A (with a meeting, a member and the
founding order) and a group public to the territory (the same), and what the outsider — a
librarian of school library B, a member of neither — gets on each route.

The private group and everything in it is a 404 to the outsider. The public group's pages
(the group, its history and order, its meetings and their .ics) are everyone's to read
(200); writing there is staff's and the keepers' only (403 as a role)."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from bendradarbiavimas.models import MemberRole
from bendradarbiavimas.tests.factories_groups import add_member, make_group, make_meeting
from portalas.testing import Case

KEEPERS_ONLY = 403
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_world(w, territory, staff, librarian_a) -> None:
    w.groups_private = make_group(name="Kretingos vaikų bibliotekininkų grupė", by=staff,
                                  order_title="Direktoriaus 2026-01-15 įsakymas Nr. V-12")
    w.groups_private.order_file.save("isakymas.pdf", ContentFile(PDF))
    w.groups_public = make_group(name="Teritorijos metodinė taryba", public=True, by=staff,
                                 kind="council")
    w.groups_public.order_file.save("taryba.pdf", ContentFile(PDF))
    w.groups_private_chair = add_member(w.groups_private, user=librarian_a,
                                        role=MemberRole.CHAIR)
    w.groups_public_member = add_member(w.groups_public, name="Ona Išorinė",
                                        organisation="Kretingos muziejus")
    day = timezone.localdate() - datetime.timedelta(days=3)
    w.groups_private_meeting = make_meeting(w.groups_private, by=staff)
    w.groups_public_meeting = make_meeting(
        w.groups_public, by=staff, starts_at=timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(10))))


def factories(w) -> dict:
    return {
        "bendradarbiavimas.workinggroup": lambda: [
            (w.groups_private, 404, "a private group of A's librarian"),
            (w.groups_public, 200, "public to the territory")],
        "bendradarbiavimas.meeting": lambda: [
            (w.groups_private_meeting, 404, "a private group's meeting"),
            (w.groups_public_meeting, 200, "a public group's meeting")],
    }


def targets(w) -> dict:
    def group(public: int):
        return lambda: [Case({"pk": w.groups_private.pk}, 404, "a private group"),
                        Case({"pk": w.groups_public.pk}, public, "a public group")]

    def member(public: int):
        return lambda: [Case({"pk": w.groups_private_chair.pk}, 404, "a private group's chair"),
                        Case({"pk": w.groups_public_member.pk}, public,
                             "a public group's member")]

    def meeting(public: int):
        return lambda: [Case({"pk": w.groups_private_meeting.pk}, 404,
                             "a private group's meeting"),
                        Case({"pk": w.groups_public_meeting.pk}, public,
                             "a public group's meeting")]

    found = {f"bendradarbiavimas:{name}": group(200)
             for name in ("group_detail", "group_history", "group_order_file")}
    found.update({f"bendradarbiavimas:{name}": group(KEEPERS_ONLY)
                  for name in ("group_update", "member_create", "meeting_create")})
    found.update({f"bendradarbiavimas:{name}": member(KEEPERS_ONLY)
                  for name in ("member_update", "member_end")})
    found.update({f"bendradarbiavimas:{name}": meeting(200)
                  for name in ("meeting_detail", "meeting_ics")})
    found.update({f"bendradarbiavimas:{name}": meeting(KEEPERS_ONLY)
                  for name in ("meeting_update", "meeting_cancel", "meeting_invite",
                               "meeting_attendance")})
    return found
