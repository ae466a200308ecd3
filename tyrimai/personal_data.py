"""The personal data the research app holds about a person (GDPR Art. 15 export, Art. 17
erasure), registered in ``tyrimai.panels``.

A response keeps no personal data of its own: no address (a keyed hash of it for the day),
no account, no cookie. A person is found only where someone typed them: an answer to a
question asking for contact data (given with consent — an e-mail address for a reply), an
open answer naming them, or the department's own texts (a study's aim, a reason for
excluding answers, a kiosk's name). The export lists those rows, and the paper
questionnaires the person's account typed in; the erasure cuts the person's names, e-mail
addresses and phone out of every free text of the app (answers have no history; a study's
history rows are scrubbed too), leaving ``[ištrinta]`` — the responses still count in the
results. The accounts that entered, excluded, authorised or created something
(``entered_by``, ``excluded_by``, ``authorised_by``, ``created_by``) are anonymised by the
``paskyros.account`` provider, so those links name nobody."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bibliotekos.erasure import (
    account_of,
    app_models,
    history_rows,
    identifying_texts,
    naming,
    rows,
    scrub_texts,
)
from portalas.registry import personal_data as register_personal_data
from tyrimai.models import Answer, Kiosk, Response, Study

# ``panels`` imports this module for its registration only
__all__: list[str] = []

ANSWER_FIELDS = ("id", "response_id", "response__study__title", "response__library__name",
                 "question__code", "response__submitted_at", "response__consent", "text")
RESPONSE_FIELDS = ("id", "study__title", "library__name", "submitted_at", "channel",
                   "paper_number", "excluded", "excluded_reason")


def _answers(needles):
    return Answer.objects.filter(naming(Answer, ("text",), needles))


def _responses(account, needles):
    found = Q(pk__in=[]) if not needles else naming(Response, ("paper_number",
                                                               "excluded_reason"), needles)
    if account is not None:
        found |= Q(entered_by=account) | Q(excluded_by=account)
    return Response.objects.filter(found)


def export(person) -> list[dict]:
    account, needles = account_of(person), identifying_texts(person)
    found = []
    if needles:
        found += rows("research answer", _answers(needles).order_by(
            "response__submitted_at", "pk"), ANSWER_FIELDS)
        texts = ("title", "aim", "target_group")
        found += rows("study", Study.objects.filter(naming(Study, texts, needles))
                      .order_by("pk"), ("id", *texts, "opens_on", "closes_on"))
        found += history_rows("study history", Study.history.filter(
            naming(Study.history.model, texts, needles)), ("id", *texts))
        found += rows("kiosk", Kiosk.objects.filter(naming(Kiosk, ("name",), needles))
                      .order_by("pk"), ("id", "participation__library__name", "name",
                                        "authorised_at"))
    found += rows("research response entered or excluded",
                  _responses(account, needles).order_by("submitted_at", "pk"),
                  RESPONSE_FIELDS)
    if account is not None:
        found += rows("study created", Study.objects.filter(created_by=account)
                      .order_by("pk"), ("id", "title", "opens_on", "closes_on"))
        found += rows("kiosk authorised", Kiosk.objects.filter(authorised_by=account)
                      .order_by("pk"), ("id", "participation__library__name", "name",
                                        "authorised_at", "expires_at"))
    return found


def erase(person) -> int:
    """See the module's docstring. Returns how many rows were changed."""
    return scrub_texts(app_models("tyrimai"), identifying_texts(person))


# registered here, imported by ``tyrimai.panels``; it runs before the registry's and the
# account's providers, which erase the texts it looks for
register_personal_data("tyrimai.answers",
                       label=_("User-needs research: answers and texts naming the person"),
                       export=export, erase=erase, order=50)
