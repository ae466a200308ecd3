"""The personal data the jury's work holds about a person (GDPR Art. 15 export, Art. 17
erasure), registered here and imported by ``apdovanojimai.panels_jury``.

A juror is a portal account (``JuryMember.user``): their seats, their declarations of a
conflict of interest (the note may name a relative), their comments and scores, and the
audit trail of what they did. The account itself is anonymised by the account's provider.

The export lists the juror's seats, declarations with their notes and comments, and their
scores. The erasure — decided here: the scores and the declarations stay (a published
result and its protocol rest on them, and the account no longer names anyone); the free
texts the juror wrote (conflict notes, comments) become ``[ištrinta]``; any juror's note or
comment and the chair's protocol note that name the person have the name cut out."""

from django.utils.translation import gettext_lazy as _

from apdovanojimai.models import Assessment, Contest, JuryMember, Score
from bibliotekos.erasure import (
    ERASED_TEXT,
    account_of,
    identifying_texts,
    naming,
    needle_pattern,
    rows,
    scrub_texts,
)
from portalas.registry import personal_data as register_personal_data

__all__: list[str] = []

TEXTS = ("conflict_note", "comment")


def export(person) -> list[dict]:
    account = account_of(person)
    found: list[dict] = []
    if account is not None:
        found += rows("jury seat", JuryMember.objects.filter(user=account).order_by("pk"),
                      ("id", "contest__title", "role", "added_at"))
        found += rows("jury declaration and comment", Assessment.objects.filter(
            juror__user=account).order_by("pk"),
            ("id", "nomination__contest__title", "nomination_id", "conflict",
             "conflict_reason", "conflict_note", "declared_at", "comment", "completed_at"))
        found += rows("jury score", Score.objects.filter(
            assessment__juror__user=account).order_by("pk"),
            ("assessment__nomination_id", "criterion__name", "value", "scored_at"))
    needles = identifying_texts(person)
    if needles:
        found += rows("jury text naming the person", Assessment.objects.filter(
            naming(Assessment, TEXTS, needles)).order_by("pk"),
            ("id", "nomination_id", "conflict_note", "comment"))
    return found


def erase(person) -> int:
    """See the module's docstring. Returns how many rows were changed."""
    changed = 0
    account = account_of(person)
    if account is not None:
        own = Assessment.objects.filter(juror__user=account)
        changed += own.exclude(conflict_note="").update(conflict_note=ERASED_TEXT)
        changed += own.exclude(comment="").update(comment=ERASED_TEXT)
    needles = identifying_texts(person)
    if needles:
        changed += scrub_texts([Assessment], needles)
        for model in (Contest, Contest.history.model):
            changed += _scrub_note(model, needles)
    return changed


def _scrub_note(model, needles) -> int:
    pattern = needle_pattern(needles)
    changed = 0
    for pk, note in (model._base_manager.filter(naming(model, ("protocol_note",), needles))
                     .values_list("pk", "protocol_note")):
        changed += model._base_manager.filter(pk=pk).update(
            protocol_note=pattern.sub(ERASED_TEXT, note))
    return changed


# before the registry's and the account's providers, which erase the texts it looks for
register_personal_data("apdovanojimai.jury",
                       label=_("Awards: a juror's seats, declarations, comments and scores"),
                       export=export, erase=erase, order=50)
