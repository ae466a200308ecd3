"""The registration and participants boxes of the event page: what the signed-in user's
place is and what they may do. The event page's context has only ``event``, ``request``
and ``user``; these tags read the rest (a few queries, the same on every event page)."""

from django import template

from mokymai import selectors
from mokymai.models import RegistrationStatus
from mokymai.services import REGISTERING

register = template.Library()


@register.simple_tag(takes_context=True)
def registration_box(context, event) -> dict:
    """The user's registration on ``event`` (status, queue number), the window, the places
    left, and which buttons to show."""
    user = context["request"].user
    state = event.registration_state()
    registration = selectors.my_registration(user, event)
    if registration is not None and registration.status == RegistrationStatus.CANCELLED:
        active = None
    else:
        active = registration
    counts = selectors.counts(event)
    return {
        "state": state,
        "registration": active,
        "cancelled": registration is not None and active is None,
        "position": selectors.queue_position(active),
        "may_cancel": active is not None and selectors.may_cancel(user, active),
        "counts": counts,
        "is_librarian": user.is_authenticated and user.is_librarian,
        "is_director": selectors.is_director(user),
        "is_staff": user.is_authenticated and user.can_manage_territory,
        "registering": event.status in REGISTERING,
    }


@register.simple_tag(takes_context=True)
def participants_box(context, event) -> dict:
    """For staff and management the event's counts; for a director their staff on it;
    for anyone else nothing (``show`` false)."""
    user = context["request"].user
    if not user.is_authenticated or not user.is_active:
        return {"show": False}
    if user.sees_whole_territory:
        return {"show": True, "whole": True, "counts": selectors.counts(event)}
    if not selectors.is_director(user):
        return {"show": False}
    staff = list(selectors.staff_registrations(user, event))
    positions = (selectors.queue_positions(event)
                 if any(r.status == RegistrationStatus.WAITING for r in staff) else {})
    for registration in staff:
        registration.position = positions.get(registration.pk)
        registration.may_cancel = selectors.may_cancel(user, registration)
    return {"show": True, "whole": False, "staff": staff,
            "registering": event.status in REGISTERING}
