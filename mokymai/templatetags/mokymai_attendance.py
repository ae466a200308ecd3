"""The attendance box of the event page. The event page's context has only ``event``,
``request`` and ``user``; this tag reads the rest (a few queries, never one per row)."""

from django import template
from django.db.models import Count, Q

from mokymai.models import (
    Attendance,
    EventFormat,
    EventStatus,
    RegistrationStatus,
    director_library_ids,
)
from mokymai.services import may_mark_attendance
from portalas.ordering import sorted_lt

register = template.Library()

LOCKED = (EventStatus.DRAFT, EventStatus.CANCELLED, EventStatus.COMPLETED)
HELD = (EventStatus.HELD, EventStatus.COMPLETED)


@register.simple_tag(takes_context=True)
def attendance_box(context, event) -> dict:
    """``mode``: "mark" (staff, the event's lecturers: links to each session's list),
    "view" (management: the counts), "director" (after the event: their staff who
    registered and attended nothing), or "" (nothing to show)."""
    user = context["request"].user
    if not user.is_authenticated or not user.is_active or event.status == EventStatus.DRAFT \
            and not user.sees_whole_territory:
        return {"mode": ""}
    can_mark = may_mark_attendance(user, event)
    if can_mark or user.sees_whole_territory:
        sessions = list(event.sessions.all())
        present = dict(
            Attendance.objects.filter(session__event=event, present=True,
                                      registration__status=RegistrationStatus.REGISTERED)
            .values_list("session").annotate(count=Count("pk")).values_list("session",
                                                                             "count"))
        return {
            "mode": "mark" if can_mark else "view",
            "sessions": [{"session": s, "present": present.get(s.pk, 0)} for s in sessions],
            "registered": event.registrations.registered().count(),
            "editable": event.status not in LOCKED,
            "can_import": user.can_manage_territory and event.format != EventFormat.ONSITE,
        }
    libraries = director_library_ids(user)
    if not libraries or event.status not in HELD:
        return {"mode": ""}
    staff = (event.registrations.registered().filter(library_id__in=libraries)
             .select_related("person", "library")
             .annotate(attended=Count("attendances", filter=Q(attendances__present=True))))
    staff = list(staff)
    if not staff:
        return {"mode": ""}
    no_shows = sorted_lt([r for r in staff if not r.attended],
                         key=lambda r: r.person.list_name)
    return {"mode": "director", "no_shows": no_shows, "staff": len(staff)}
