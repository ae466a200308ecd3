"""The certificates box of the event page and the certificate's hours as printed. The event
page's context has only ``event``, ``request`` and ``user``; the box reads the rest (a few
queries, never one per row)."""

from django import template

from mokymai.models import Certificate, EventStatus

register = template.Library()

SHOWN = 10      # certificates listed on the event page; the register has them all


@register.filter
def certificate_hours(hours) -> str:
    from mokymai.certificates_pdf import hours_text

    return hours_text(hours)


@register.simple_tag(takes_context=True)
def certificates_box(context, event) -> dict:
    """For department staff, on a completed event: the certificates issued (the first
    ``SHOWN``), how many, and how many participants who completed have none yet."""
    user = context["request"].user
    if not user.is_authenticated or not user.can_manage_territory \
            or event.status != EventStatus.COMPLETED:
        return {"show": False}
    certificates = Certificate.objects.filter(registration__event=event).order_by("number")
    count = certificates.count()
    owed = (event.registrations.registered().filter(completed=True, certificate__isnull=True)
            .count())
    return {"show": True, "certificates": list(certificates[:SHOWN]), "count": count,
            "owed": owed, "more": max(count - SHOWN, 0)}
