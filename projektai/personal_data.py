"""The personal data the projects hold about a person (GDPR Art. 15 export, Art. 17
erasure), registered in ``projektai.panels``.

Projects name people only through their portal accounts (responsible people, who uploaded,
asked for or approved what) and in free text (notes, descriptions). The account itself is
anonymised by ``paskyros.account``: the links to it then name nobody and stay, so the
project's record keeps who did what as "Ištrintas naudotojas N". What is the person's own
goes: their digest subscription, their places on the responsible lists (a deadline whose
only responsible person is gone falls back to the project's ones). Their names, e-mail
addresses and phone are cut out of every free-text column, in the rows and their history,
and out of stored file names; a project's documents stay, they are the project's record."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bibliotekos.erasure import (
    account_of,
    app_models,
    free_text_fields,
    history_rows,
    identifying_texts,
    naming,
    rename_files,
    rows,
    scrub_texts,
)
from portalas.registry import personal_data as register_personal_data

# ``panels`` imports this module for its registration only
__all__: list[str] = []

# --- the projects' own ---------------------------------------------------------------------------

def export(person) -> list[dict]:
    from projektai.models import (
        CallSubscription,
        Deadline,
        Project,
        ProjectDocument,
        StatusChange,
    )

    account, needles = account_of(person), identifying_texts(person)
    found = []
    if account is not None:
        mine = (Q(responsible=account) | Q(created_by=account) | Q(approved_by=account)
                | Q(submission_requested_by=account))
        found += rows("project", Project.objects.filter(mine).distinct().order_by("pk"),
                      ("id", "title", "status", "starts_on", "ends_on"))
        found += rows("project deadline", Deadline.objects.filter(
            Q(responsible=account) | Q(done_by=account)).distinct().order_by("due_on", "pk"),
            ("id", "project__title", "title", "due_on", "done_on", "note"))
        found += rows("project document uploaded", ProjectDocument.objects.filter(
            uploaded_by=account).order_by("uploaded_at"),
            ("id", "project__title", "title", "file", "note", "uploaded_at"))
        found += rows("project status change", StatusChange.objects.filter(by=account)
                      .order_by("at"), ("project__title", "from_status", "to_status", "at",
                                        "note"))
        found += rows("calls digest subscription", CallSubscription.objects.filter(
            user=account), ("created_at",))
        found += history_rows("project history", Project.history.filter(
            Q(created_by=account) | Q(approved_by=account)
            | Q(submission_requested_by=account)), ("id", "title", "status"))
        found += history_rows("project document history", ProjectDocument.history.filter(
            uploaded_by=account), ("id", "title", "file", "note"))
    return found + _named_rows(needles)


def _named_rows(needles) -> list[dict]:
    """Rows (and earlier versions) whose free text names the person."""
    found = []
    for model in app_models("projektai"):
        fields = free_text_fields(model)
        if not fields or not needles:
            continue
        queryset = model._base_manager.filter(naming(model, fields, needles))
        found += rows(f"{model._meta.model_name} naming the person", queryset.order_by("pk"),
                      ("pk", *fields))
    return found


def erase(person) -> int:
    """The digest subscription is deleted; the account leaves every responsible list (the
    links of earlier versions stay, to the anonymised account); names are cut out of the
    free text and the stored file names, in the rows and their history. Counts, sums and
    statuses do not change. Returns how many rows changed."""
    from projektai.models import CallSubscription, Deadline, Project, ProjectDocument

    account, needles = account_of(person), identifying_texts(person)
    changed = 0
    if account is not None:
        changed += CallSubscription.objects.filter(user=account).delete()[0]
        changed += Project.responsible.through.objects.filter(user=account).delete()[0]
        changed += Deadline.responsible.through.objects.filter(user=account).delete()[0]
    changed += rename_files(ProjectDocument, "file", needles)
    return changed + scrub_texts(app_models("projektai"), needles)


# registered here, imported by ``projektai.panels``; it runs before the registry's and the
# account's providers, which erase the texts it looks for
register_personal_data("projektai.projects",
                       label=_("Projects: responsibilities, documents and the calls "
                               "digest"),
                       export=export, erase=erase, order=50)
