"""The personal data the awards hold about a person (GDPR Art. 15 export, Art. 17
erasure), registered here and imported by ``apdovanojimai.panels_results``.

An award names a person twice: the link to the registry's person (``Award.person``, and
through the nomination) and the recipient as printed (``recipient_text``, typed by staff in
the case the text needs — a declined form no search for the name would find). The export
lists the person's awards and their history. The erasure keeps the award (the contest's
record: its number, title and place) but cuts the person out: the recipient becomes
``[ištrinta]`` and the link is cut, in the row and in its history; any other text naming
the person (the citation, the title) is scrubbed too. The nomination itself is the
nominations area's provider's."""

from django.utils.translation import gettext_lazy as _

from apdovanojimai.models import Award
from bibliotekos.erasure import ERASED_TEXT, history_rows, identifying_texts, rows, scrub_texts
from portalas.registry import personal_data as register_personal_data

__all__: list[str] = []

FIELDS = ("id", "number", "kind", "title", "place", "recipient_text", "citation", "issued_on",
          "contest__title")


def _awards(person):
    return Award.objects.filter(person=person) | Award.objects.filter(
        nomination__person=person)


def export(person) -> list[dict]:
    found = rows("award (diploma or thank-you letter)", _awards(person).distinct()
                 .order_by("pk"), FIELDS)
    ids = list(_awards(person).values_list("pk", flat=True))
    found += history_rows("award history",
                          Award.history.filter(id__in=ids).order_by("history_date"),
                          ("id", "number", "title", "recipient_text", "citation"))
    return found


def erase(person) -> int:
    """See the module's docstring. Returns how many rows were changed."""
    ids = list(_awards(person).values_list("pk", flat=True))
    changed = Award.objects.filter(pk__in=ids).update(recipient_text=ERASED_TEXT, person=None)
    changed += Award.history.filter(id__in=ids).update(recipient_text=ERASED_TEXT,
                                                      person=None)
    needles = identifying_texts(person)
    if needles:
        changed += scrub_texts([Award, Award.history.model], needles)
    return changed


# before the registry's provider, which erases the names this one looks for
register_personal_data("apdovanojimai.awards",
                       label=_("Awards: diplomas and thank-you letters to the person (the "
                               "awards are kept, the recipient's name is cut out)"),
                       export=export, erase=erase, order=50)
