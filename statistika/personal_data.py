"""The personal data the statistics hold about a person (GDPR Art. 15 export, Art. 17
erasure), registered in ``statistika.panels``.

The statistics name people only through their portal accounts (who saved a value, submitted
a report, wrote a comment, an explanation or a note) and in free text. The account itself is
anonymised by ``paskyros.account``: the links then name nobody and stay, so every report,
value and its change log is kept as it was (the figures do not change). The person's names,
e-mail addresses and phone are cut out of every free-text column (text answers, comments,
explanations, review notes, narratives), in the rows and their history. The comparison
groups the account saved for itself alone are deleted; shared ones stay for the others."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from bibliotekos.erasure import (
    account_of,
    app_models,
    free_text_fields,
    history_rows,
    identifying_texts,
    naming,
    rows,
    scrub_texts,
)
from portalas.registry import personal_data as register_personal_data
from statistika.models import (
    ComparisonGroup,
    Explanation,
    FieldComment,
    Narrative,
    Submission,
    SubmissionEvent,
    Value,
    ValueChange,
)


def export(person) -> list[dict]:
    account, needles = account_of(person), identifying_texts(person)
    found = []
    if account is not None:
        found += rows("statistics report submitted", Submission.objects.filter(
            submitted_by=account).order_by("submitted_at"),
            ("library__name", "campaign__year", "status", "submitted_at"))
        found += history_rows("statistics report history", Submission.history.filter(
            submitted_by_id=account.pk), ("id", "status", "submitted_at"))
        found += rows("statistics comment", FieldComment.objects.filter(
            Q(created_by=account) | Q(resolved_by=account)).order_by("created_at", "pk"),
            ("submission__library__name", "submission__campaign__year", "indicator__code",
             "text", "created_at", "resolved_at"))
        found += rows("statistics explanation", Explanation.objects.filter(
            created_by=account).order_by("created_at", "pk"),
            ("library__name", "submission__campaign__year", "indicator__code", "text",
             "created_at"))
        found += rows("statistics report step", SubmissionEvent.objects.filter(
            created_by=account).order_by("created_at", "pk"),
            ("submission__library__name", "submission__campaign__year", "kind", "note",
             "created_at"))
        found += rows("regional analysis text", Narrative.objects.filter(
            created_by=account).order_by("year", "section", "version"),
            ("year", "section", "version", "text", "created_at"))
        found += rows("comparison group", ComparisonGroup.objects.filter(
            owner=account).order_by("pk"), ("name", "shared", "criteria", "created_at"))
        # values: one row per library and year (a report has hundreds of fields)
        found += rows("statistics values saved", Value.objects.filter(updated_by=account)
                      .values("library__name", "year").annotate(values=Count("pk"))
                      .order_by("year", "library__name"), ("library__name", "year", "values"))
        found += rows("statistics value changes", ValueChange.objects.filter(
            changed_by=account).values("value__library__name", "value__year")
            .annotate(changes=Count("pk")).order_by("value__year", "value__library__name"),
            ("value__library__name", "value__year", "changes"))
    return found + _named_rows(needles)


def _named_rows(needles) -> list[dict]:
    """Rows (and earlier versions) whose free text names the person."""
    found = []
    for model in app_models("statistika"):
        fields = free_text_fields(model)
        if fields and needles:
            found += rows(f"{model._meta.model_name} naming the person",
                          model._base_manager.filter(naming(model, fields, needles))
                          .order_by("pk"), ("pk", *fields))
    return found


def erase(person) -> int:
    """See the module's docstring. Returns how many rows were changed or deleted."""
    account, needles = account_of(person), identifying_texts(person)
    changed = 0
    if account is not None:
        changed += ComparisonGroup.objects.filter(owner=account, shared=False).delete()[0]
    return changed + scrub_texts(app_models("statistika"), needles)


# registered here, imported by ``statistika.panels``; it runs before the registry's and the
# account's providers, which erase the texts it looks for
register_personal_data("statistika.statistics",
                       label=_("Statistics: reports, comments and comparison groups"),
                       export=export, erase=erase, order=50)
