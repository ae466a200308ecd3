"""The personal data the activity calendar holds about a person (GDPR Art. 15 export,
Art. 17 erasure), registered by ``viesinimas.panels_events``.

An event holds no person of its own: only the account that entered it (``created_by``),
which the ``paskyros.account`` provider anonymises, so the link names nobody. A person is
found only where someone typed them: an event's title, description, place or cancellation
reason (a guest's name, a contact phone). The export lists the events the person's account
entered and those (with their earlier versions) naming the person; the erasure cuts the
person's names, e-mail address and phone out of those texts, in the rows and their
history, leaving ``[ištrinta]`` — the event itself stays in the calendar."""

from django.utils.translation import gettext_lazy as _

from bibliotekos.erasure import (
    account_of,
    history_rows,
    identifying_texts,
    naming,
    rows,
    scrub_texts,
)
from portalas.registry import personal_data
from viesinimas.models import ActivityEvent

# ``panels_events`` imports this module for its registration only
__all__: list[str] = []

TEXTS = ("title", "description", "place", "campaign", "link", "cancel_reason")
FIELDS = ("id", "library__name", "starts_on", "ends_on", *TEXTS)


def export(person) -> list[dict]:
    account, needles = account_of(person), identifying_texts(person)
    found = []
    if account is not None:
        found += rows("library event entered", ActivityEvent.objects.filter(created_by=account)
                      .order_by("starts_on", "pk"), FIELDS)
    if needles:
        found += rows("library event naming the person", ActivityEvent.objects.filter(
            naming(ActivityEvent, TEXTS, needles)).order_by("starts_on", "pk"), FIELDS)
        history = ActivityEvent.history.model
        found += history_rows("library event history", ActivityEvent.history.filter(
            naming(history, TEXTS, needles)), ("id", "starts_on", *TEXTS))
    return found


def erase(person) -> int:
    """See the module's docstring. Returns how many rows were changed."""
    return scrub_texts([ActivityEvent, ActivityEvent.history.model], identifying_texts(person))


# runs before the registry's and the account's providers, which erase the texts it looks for
personal_data("viesinimas.events", label=_("Library events: entered by the person or naming "
                                           "them"),
              export=export, erase=erase, order=50)
