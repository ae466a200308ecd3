"""The personal data the partners' records hold about a person (GDPR Art. 15 export,
Art. 17 erasure), registered here and imported by ``bendradarbiavimas.panels_partners``.

A person of the registry is a partner's contact (``PartnerContact``: the role and how they
consented). The export lists those rows (and their history); the erasure deletes them (and
their history rows, which repeat the role and the consent note) — the person's own record
(name, e-mail, phone) is the registry's provider's to erase. The contact log's summaries
may name the person: the erasure cuts their names out of them, leaving ``[ištrinta]``."""

from django.utils.translation import gettext_lazy as _

from bendradarbiavimas.models import ContactLog, PartnerContact
from bibliotekos.erasure import history_rows, identifying_texts, naming, rows, scrub_texts
from portalas.registry import personal_data as register_personal_data

__all__: list[str] = []

FIELDS = ("id", "partner__organisation__name", "role", "consent", "consent_on",
          "consent_note", "created_at")


def export(person) -> list[dict]:
    found = rows("partner's contact", PartnerContact.objects.filter(person=person)
                 .order_by("pk"), FIELDS)
    found += history_rows("partner's contact history",
                          PartnerContact.history.filter(person_id=person.pk),
                          ("id", "role", "consent", "consent_on", "consent_note"))
    needles = identifying_texts(person)
    if needles:
        found += rows("contact log naming the person", ContactLog.objects.filter(
            naming(ContactLog, ("summary",), needles)).order_by("pk"),
            ("id", "partner__organisation__name", "happened_on", "summary"))
    return found


def erase(person) -> int:
    """See the module's docstring. Returns how many rows were changed."""
    changed, _by_model = PartnerContact.objects.filter(person=person).delete()
    history, _by_model = PartnerContact.history.filter(person_id=person.pk).delete()
    needles = identifying_texts(person)
    if needles:
        changed += scrub_texts([ContactLog, ContactLog.history.model], needles)
    return changed + history


# before the registry's provider, which erases the names this one looks for
register_personal_data("bendradarbiavimas.partner_contacts",
                       label=_("Partners: the person as a partner's contact, and the contact "
                               "log naming them"),
                       export=export, erase=erase, order=50)
