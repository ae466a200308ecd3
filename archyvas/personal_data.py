"""The personal data the archive holds about a person (GDPR Art. 15 export, Art. 17 erasure,
Art. 18 restriction), registered here and imported by ``archyvas.panels_search``.

The archive names people in its records: the correspondent, title and number of a
registered document, the text of its file (and the file itself), the title and text of a
filed document; in the department's own notes; and through accounts (who is responsible
for a registered document or a file of the plan, who registered or filed it).

The export lists the registered and filed documents whose words name the person (with the
passages of their text that do), their earlier versions, and those the person's account is
responsible for, registered or filed, and the files of the plan they are responsible for.

The erasure — decided here:

- A registered or filed document that concerns the person (named in what was registered or
  filed: correspondent, number, title, file name, text) is a record the law keeps for its
  file's retention period (the file plan, the BDSTR index; Art. 17(3)(b)). It is kept as it
  is, restricted (Art. 18: ``restricted_on``; management no longer see it, only the
  department) until the file's retention ends (``restricted_until``; its earlier versions
  alike). Once that day has passed and a destruction act has deleted its file, the nightly
  run (``release_expired``) replaces what named the person with ``[ištrinta]`` and lifts
  the restriction; while the file waits for the act, the row waits with it (nothing is
  deleted before an act is approved).
- A document in a file kept permanently (*nuolat*) is never erased: such files go to the
  state archive (the Law on Documents and Archives), and the GDPR lets archiving in the
  public interest keep them (Art. 17(3)(d), Art. 89). It stays restricted with no end.
- A registered document put into no file of the plan has no retention period the archive
  can show, so nothing keeps it: the name is cut out at once and its stored file deleted
  (the register's row stays, with its number).
- The department's own notes are not the record: the name is cut out of them everywhere,
  restricted or not (rows and history), and out of the stored files' names.
- Accounts: the person's account leaves every "responsible" field (registered documents,
  files of the plan); "registered by" and "filed by" keep pointing to the account, which
  ``paskyros.account`` anonymises (they record who did it). Destruction acts are not
  touched: an act is a permanent record of the department's decision, and the people it
  names act in their office."""

import re

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from archyvas.models import FiledDocument, FilePlan, PlanFile, RegisterEntry, TextStatus
from archyvas.personal_data_retention import (
    ENTRY_RECORD,
    FILED_RECORD,
    RECORDS,
    due,
    kept_until,
    restrict,
)
from bibliotekos.erasure import (
    ERASED_TEXT,
    account_of,
    free_text_fields,
    history_rows,
    identifying_texts,
    naming,
    needle_pattern,
    rename_files,
    rows,
    scrub_texts,
)
from portalas.registry import personal_data as register_personal_data
from portalas.registry import restricted_record

__all__ = ["erase", "export"]

ENTRY_EXPORT = ("id", "register__prefix", "number", "year", "registered_on", "correspondent",
                "their_number", "title", "plan_file__index", "file_name", "restricted_until")
FILED_EXPORT = ("id", "plan_file__plan__year", "plan_file__index", "title", "kind",
                "document_date", "file_name", "audience", "restricted_until")
PASSAGE = 120


# --- the export ---------------------------------------------------------------------------

def export(person) -> list[dict]:
    account, needles = account_of(person), identifying_texts(person)
    found: list[dict] = []
    if account is not None:
        found += rows("registered document the person is responsible for",
                      RegisterEntry.objects.filter(responsible=account).order_by("pk"),
                      ENTRY_EXPORT)
        found += rows("document registered by the person",
                      RegisterEntry.objects.filter(registered_by=account).order_by("pk"),
                      ENTRY_EXPORT)
        found += rows("document filed by the person",
                      FiledDocument.objects.filter(filed_by=account).order_by("pk"),
                      FILED_EXPORT)
        found += rows("file of the plan the person is responsible for",
                      PlanFile.objects.filter(responsible=account).order_by("pk"),
                      ("id", "plan__year", "index", "title"))
    if needles:
        for model, label, fields in ((RegisterEntry, "registered document", ENTRY_EXPORT),
                                     (FiledDocument, "filed document", FILED_EXPORT)):
            found += _naming_rows(model, label, fields, needles)
    return found


def _naming_rows(model, label: str, fields, needles) -> list[dict]:
    """The rows naming the person, each with the passages of its text that do; their
    earlier versions that name them."""
    pattern = needle_pattern(needles)
    named = model._base_manager.filter(naming(model, free_text_fields(model), needles))
    found = rows(f"{label} naming the person", named.order_by("pk"), (*fields, "note"))
    texts = dict(named.values_list("pk", "text"))
    for row in found:
        row["passages"] = _passages(texts.get(row["id"]) or "", pattern)
    history = model.history.model
    found += history_rows(f"{label} history naming the person",
                          history._base_manager.filter(
                              naming(history, free_text_fields(history), needles)),
                          [name for name in fields if "__" not in name] + ["note"])
    return found


def _passages(text: str, pattern: re.Pattern, limit: int = 5) -> list[str]:
    found = []
    for match in pattern.finditer(text):
        found.append(text[max(0, match.start() - PASSAGE):match.end() + PASSAGE])
        if len(found) == limit:
            break
    return found


# --- the erasure ---------------------------------------------------------------------------

def _cut(model, fields, needles, *, ids=None) -> int:
    """Cut the texts out of ``fields`` of the rows naming them (of the records ``ids``)."""
    pattern = needle_pattern(needles)
    fields = [name for name in fields if name in free_text_fields(model)]
    if pattern is None or not fields:
        return 0
    manager = model._base_manager
    found = manager.filter(naming(model, fields, needles))
    if ids is not None:
        found = found.filter(id__in=ids)
    changed = 0
    for row in found.values("pk", *fields):
        changes = {}
        for name in fields:
            if row[name] and pattern.search(row[name]):
                limit = model._meta.get_field(name).max_length
                changes[name] = pattern.sub(ERASED_TEXT, row[name])[:limit or None]
        if changes:
            changed += manager.filter(pk=row["pk"]).update(**changes)
    return changed


def _concerning(model, record_fields, needles) -> set[int]:
    """The records whose registered or filed words (now or in an earlier version) name the
    person."""
    history = model.history.model
    found = set(model._base_manager.filter(naming(model, record_fields, needles))
                .values_list("pk", flat=True))
    kept = [name for name in record_fields if name in free_text_fields(history)]
    return found | set(history._base_manager.filter(naming(history, kept, needles))
                       .values_list("id", flat=True))


def _delete_files(model, ids) -> int:
    """The stored files of records nothing keeps (the rows stay)."""
    for record in model._base_manager.filter(id__in=ids).exclude(file=""):
        record.file.delete(save=False)
    return model._base_manager.filter(id__in=ids).update(file="", text="",
                                                          text_status=TextStatus.NONE)


def _erase_records(model, record_fields, needles, today) -> int:
    ids = _concerning(model, record_fields, needles)
    history = model.history.model
    restricted: dict[object, list[int]] = {}
    erased = []
    for record in model._base_manager.filter(id__in=ids).select_related("plan_file__plan"):
        keep, until = kept_until(record, today)
        if keep:
            restricted.setdefault(until, []).append(record.pk)
        else:
            erased.append(record.pk)
    gone = ids - {pk for pks in restricted.values() for pk in pks} - set(erased)
    changed = sum(restrict(model, pks, until, today) for until, pks in restricted.items())
    changed += _delete_files(model, erased)
    # what nothing keeps: every text; the notes of everything
    changed += _cut(model, free_text_fields(model), needles, ids=erased)
    changed += _cut(history, free_text_fields(history), needles, ids=[*erased, *gone])
    for table in (model, history):
        notes = [name for name in free_text_fields(table) if name not in record_fields]
        changed += _cut(table, notes, needles)
    return changed + rename_files(model, "file", needles)


def erase(person) -> int:
    """See the module's docstring. Returns how many rows were changed."""
    account, needles = account_of(person), identifying_texts(person)
    today = timezone.localdate()
    changed = 0
    if account is not None:
        changed += RegisterEntry.objects.filter(responsible=account).update(
            responsible=None, version=F("version") + 1)
        changed += PlanFile.objects.filter(responsible=account).update(responsible=None)
    if needles:
        for model, record_fields in RECORDS:
            changed += _erase_records(model, record_fields, needles, today)
        changed += scrub_texts([PlanFile, PlanFile.history.model, FilePlan,
                                FilePlan.history.model], needles)
    return changed


# --- the declarations ----------------------------------------------------------------------

RESTRICTED = {"restricted_on__isnull": False}

restricted_record("archyvas.register_entries",
                  label=_("Registered documents kept for their file's retention period"),
                  model="archyvas.RegisterEntry", fields=ENTRY_RECORD, restricted=RESTRICTED)
restricted_record("archyvas.register_entries_history",
                  label=_("Registered documents' earlier versions"),
                  model="archyvas.HistoricalRegisterEntry",
                  fields=[name for name in ENTRY_RECORD if name != "text"],
                  restricted=RESTRICTED)
restricted_record("archyvas.filed_documents",
                  label=_("Filed documents kept for their file's retention period"),
                  model="archyvas.FiledDocument", fields=FILED_RECORD, restricted=RESTRICTED)
restricted_record("archyvas.filed_documents_history",
                  label=_("Filed documents' earlier versions"),
                  model="archyvas.HistoricalFiledDocument",
                  fields=[name for name in FILED_RECORD if name != "text"],
                  restricted=RESTRICTED)

# before the registry's and the account's providers, which erase the texts it looks for
register_personal_data("archyvas.archive",
                       label=_("Archive: registered and filed documents naming the person, "
                               "and their responsibilities"),
                       export=export, erase=erase, due=due, order=50)
