"""The personal data the minutes and decisions hold about a person (GDPR Art. 15 export,
Art. 17 erasure), registered here and imported by ``panels_minutes``.

A person is found as the owner of decisions (their portal account, or their name typed as
an owner outside the portal), as the writer of agenda items (``written_by``), and wherever
their name is typed in the items' and decisions' texts (presenter, discussed, decided, the
decision, how it was done) — and in those rows' history.

The erasure keeps the decisions: they are the group's record, not the person's. A decision
the person owned keeps its text, deadline and status; its owner becomes ``[ištrinta]``
(``owner_name``; the account link cut), so it shows as needing a new owner while open. The
person's name is cut out of the items' and decisions' texts (rows and history) the same
way. Agenda items they wrote stay; the account that wrote them is anonymised by the
account's own provider. The meeting's introduction and attendance are the groups area's."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bendradarbiavimas.models import AgendaItem, Decision
from bibliotekos.erasure import (
    ERASED_TEXT,
    account_of,
    identifying_texts,
    naming,
    rows,
    scrub_texts,
)
from portalas.registry import personal_data as register_personal_data

__all__: list[str] = []

ITEM_TEXTS = ("title", "presenter", "discussed", "votes", "decided")
DECISION_TEXTS = ("text", "owner_name", "done_note")
DECISION_FIELDS = ("id", "meeting__group__name", "meeting__starts_at", "text", "owner_name",
                   "due_on", "status", "done_on", "done_note")
ITEM_FIELDS = ("id", "meeting__group__name", "meeting__starts_at", "order", "title",
               "presenter", "discussed", "votes", "decided")


def _models() -> list:
    return [AgendaItem, AgendaItem.history.model, Decision, Decision.history.model]


def export(person) -> list[dict]:
    account, needles = account_of(person), identifying_texts(person)
    owned, written = Q(pk__in=[]), Q(pk__in=[])
    if account is not None:
        owned |= Q(owner=account)
        written |= Q(written_by=account)
    if needles:
        owned |= naming(Decision, DECISION_TEXTS, needles)
        written |= naming(AgendaItem, ITEM_TEXTS, needles)
    return (rows("decision owned or naming the person",
                 Decision.objects.filter(owned).order_by("pk"), DECISION_FIELDS)
            + rows("agenda item written by or naming the person",
                   AgendaItem.objects.filter(written).order_by("pk"), ITEM_FIELDS))


def erase(person) -> int:
    """See the module's docstring. Returns how many rows were changed."""
    account, needles = account_of(person), identifying_texts(person)
    changed = 0
    if account is not None:
        changed += Decision.objects.filter(owner=account).update(owner=None,
                                                                 owner_name=ERASED_TEXT)
    if needles:
        changed += scrub_texts(_models(), needles)
    return changed


# before the account's provider, which erases the names this one looks for
register_personal_data("bendradarbiavimas.decisions",
                       label=_("Groups' minutes and decisions: decisions owned, agenda items "
                               "written, texts naming the person (decisions are kept)"),
                       export=export, erase=erase, order=50)
