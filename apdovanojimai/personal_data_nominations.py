"""The personal data the nominations hold about a person (GDPR Art. 15 export, Art. 17
erasure), registered here and imported by ``apdovanojimai.panels_nominations``.

A person of the registry is nominated (``Nomination.person``): the nomination's
justification, the eligibility the registry gave (post, years of service), the
department's reason, and the attachments (letters of support, photos). A nominator is a
portal account (``Nomination.nominator``), the account's provider's.

The export lists the person's nominations (and their history) and the attachments' names.
The erasure — decided here: the nomination stays linked to the person's record (the
registry anonymises that record itself; a contest's results and its protocol still count
it), its free texts (justification, eligibility, reason — rows and history) have the
person's names cut out (``[ištrinta]``), and attachments whose file name holds the name are
stored again under a name without it. Other nominations' texts that name the person
(a library's nomination citing its librarian) are scrubbed the same way."""

from django.utils.translation import gettext_lazy as _

from apdovanojimai.models import Nomination, NominationFile
from bibliotekos.erasure import (
    history_rows,
    identifying_texts,
    naming,
    rename_files,
    rows,
    scrub_texts,
)
from portalas.registry import personal_data as register_personal_data

__all__: list[str] = []

FIELDS = ("id", "contest__title", "category__name", "status", "justification",
          "eligibility", "status_note", "submitted_at")
TEXTS = ("justification", "eligibility", "status_note")


def export(person) -> list[dict]:
    found = rows("nomination of the person", Nomination.objects.filter(person=person)
                 .order_by("pk"), FIELDS)
    found += history_rows("nomination history", Nomination.history.filter(person_id=person.pk),
                          ("id", "status", "justification", "eligibility", "status_note"))
    found += rows("attachment of a nomination of the person", NominationFile.objects.filter(
        nomination__person=person).order_by("pk"), ("id", "nomination_id", "name",
                                                    "uploaded_at"))
    needles = identifying_texts(person)
    if needles:
        found += rows("nomination naming the person", Nomination.objects.exclude(
            person=person).filter(naming(Nomination, TEXTS, needles)).order_by("pk"),
            ("id", "contest__title", "category__name", "justification"))
    return found


def erase(person) -> int:
    """See the module's docstring. Returns how many rows were changed."""
    needles = identifying_texts(person)
    if not needles:
        return 0
    changed = scrub_texts([Nomination, Nomination.history.model], needles)
    changed += scrub_texts([NominationFile], needles)
    changed += rename_files(NominationFile, "file", needles)
    return changed


# before the registry's provider, which erases the names this one looks for
register_personal_data("apdovanojimai.nominations",
                       label=_("Awards: nominations of the person and texts naming them"),
                       export=export, erase=erase, order=50)
