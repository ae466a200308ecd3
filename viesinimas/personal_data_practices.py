"""The personal data the good-practice catalogue holds about a person (GDPR Art. 15 export,
Art. 17 erasure), registered here and imported by ``viesinimas.panels_practices``.

A person is found where someone typed them: a practice's contact person (name, e-mail,
phone), its texts and the reviewer's note, a photo's caption, a document's shown name, a
library's "we did it too" note — and the practice versions kept in its history. The
export lists those rows, and what the person's account wrote, uploaded or took over; the
erasure empties the contact fields that are the person's and cuts their names, e-mail
addresses and phone out of every other text of these models (history rows too), leaving
``[ištrinta]``. Stored photos and documents have random file names, so no file name names
anyone. The accounts that wrote, reviewed or uploaded something (``created_by``,
``reviewed_by``, ``uploaded_by``, ``withdrawn_by``) are anonymised by the account's own
provider, so those links name nobody.

Photos of people: an erasure cannot know who is in a picture (faces are not names). A
person who is in a photo asks the library or the department, and the photo is **withdrawn**
there and then — by its uploader, the practice's library's people or staff: the image and
its thumbnail are deleted from storage at once, the row keeps only who withdrew it and
when (``services_practices.withdraw_photo``). That, not this provider, is how a photo of a
person goes."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bibliotekos.erasure import (
    account_of,
    history_rows,
    identifying_texts,
    naming,
    rows,
    scrub_texts,
)
from portalas.registry import personal_data as register_personal_data
from viesinimas.models import Adoption, Practice, PracticeFile, PracticePhoto

# ``panels_practices`` imports this module for its registration only
__all__: list[str] = []

CONTACT = ("contact_name", "contact_email", "contact_phone")
TEXTS = ("title", "summary", "what", "audience", "how", "results", "costs", "partners",
         "review_note")
PRACTICE_FIELDS = ("id", "library__name", "status", *CONTACT, *TEXTS, "created_at",
                   "published_at")


def _models() -> list:
    return [Practice, Practice.history.model, PracticePhoto, PracticeFile, Adoption,
            Adoption.history.model]


def export(person) -> list[dict]:
    account, needles = account_of(person), identifying_texts(person)
    found = []
    if needles:
        found += rows("good practice naming the person", Practice.objects.filter(
            naming(Practice, (*CONTACT, *TEXTS), needles)).order_by("pk"), PRACTICE_FIELDS)
        found += history_rows("good practice history", Practice.history.filter(
            naming(Practice.history.model, (*CONTACT, *TEXTS), needles)),
            ("id", *CONTACT, *TEXTS))
        found += rows("good-practice photo caption", PracticePhoto.objects.filter(
            naming(PracticePhoto, ("caption",), needles)).order_by("pk"),
            ("id", "practice__title", "caption", "uploaded_at", "withdrawn_at"))
        found += rows("good-practice document", PracticeFile.objects.filter(
            naming(PracticeFile, ("name",), needles)).order_by("pk"),
            ("id", "practice__title", "name", "uploaded_at"))
    adoptions = Q(pk__in=[]) if not needles else naming(Adoption, ("note",), needles)
    if account is not None:
        adoptions |= Q(created_by=account)
        found += rows("good practice written", Practice.objects.filter(created_by=account)
                      .order_by("pk"), ("id", "library__name", "title", "status",
                                        "created_at"))
        found += rows("good-practice photo uploaded", PracticePhoto.objects.filter(
            uploaded_by=account).order_by("pk"),
            ("id", "practice__title", "caption", "consent", "uploaded_at", "withdrawn_at"))
        found += rows("good-practice document uploaded", PracticeFile.objects.filter(
            uploaded_by=account).order_by("pk"), ("id", "practice__title", "name",
                                                  "uploaded_at"))
    found += rows("good practice taken over", Adoption.objects.filter(adoptions)
                  .order_by("pk"), ("id", "practice__title", "library__name", "adopted_on",
                                    "note"))
    return found


def erase(person) -> int:
    """See the module's docstring. Returns how many rows were changed."""
    needles = identifying_texts(person)
    if not needles:
        return 0
    changed = 0
    for model in (Practice, Practice.history.model):
        for field in CONTACT:   # the contact that is the person's is emptied, not scrubbed
            changed += model._base_manager.filter(naming(model, (field,), needles)).update(
                **{field: ""})
    return changed + scrub_texts(_models(), needles)


# it runs before the registry's and the account's providers, which erase the texts it
# looks for
register_personal_data("viesinimas.practices",
                       label=_("Good practice: contact persons and texts naming the person "
                               "(photos of people are withdrawn, not erased)"),
                       export=export, erase=erase, order=50)
