"""The personal data the assignments hold about a person (GDPR Art. 15 export, Art. 17
erasure), registered here and imported by ``pavedimai.panels``.

A person is found through their account — the assignments they gave, their tasks (given to
them or delegated), the log entries they wrote (acknowledged, progress, done, delegated,
reopened, comments) with their files, the attachments they uploaded — and wherever their
name, e-mail address or phone is typed in the app's texts (an assignment's title, text or
reason for cancelling, a note of the log, a file's name), in those rows and their history.

The erasure — decided here:

- **The work record stays.** An assignment is management's instruction and its tasks and
  notes are the record of how the department carried it out (charter function 6.3; the
  Library keeps its management documents under the Law on Documents and Archives): what
  was given, to whom, by when, acknowledged, done on time or late. Such records are kept
  where the law requires (Art. 17(3)(b)), so the assignments, the tasks, the progress and
  completion notes and the result files stay, linked to the account; the account itself is
  anonymised by ``paskyros.account`` ("Ištrintas naudotojas N", switched off), so they no
  longer name the person.
- **What is personal goes.** The person's name, e-mail address and phone are cut out of
  every text of the app (``[ištrinta]``), rows and history; stored files whose names hold
  them are stored again under a name without them (also spelt without the letters'
  marks, as typed on a keyboard without them and as a stored file's name has them). The
  person's own comments are remarks, not the record: their text is replaced by
  ``[ištrinta]`` and their files deleted.
- Reminder dates and states are not personal data and stay."""

import unicodedata

from django.utils.translation import gettext_lazy as _

from bibliotekos.erasure import (
    ERASED_TEXT,
    account_of,
    delete_files,
    history_rows,
    identifying_texts,
    naming,
    rename_files,
    rows,
    scrub_texts,
)
from pavedimai.models import Assignment, AssignmentAttachment, Task, TaskUpdate, UpdateKind
from portalas.registry import personal_data as register_personal_data

__all__ = ["erase", "export"]

GIVEN = ("id", "year", "number", "title", "text", "given_on", "deadline", "status",
         "closed_on", "cancelled_on", "cancelled_reason")
TASKS = ("id", "assignment__year", "assignment__number", "assignment__title", "deadline",
         "status", "delegated_from_id", "acknowledged_at", "done_at")
UPDATES = ("id", "task__assignment__year", "task__assignment__number", "kind", "created_at",
           "text", "file_name")
ATTACHMENTS = ("id", "assignment__year", "assignment__number", "name", "size", "uploaded_at")
ASSIGNMENT_TEXTS = ("title", "text", "cancelled_reason")


def _models() -> list:
    return [Assignment, Assignment.history.model, TaskUpdate, AssignmentAttachment]


def export(person) -> list[dict]:
    account, needles = account_of(person), identifying_texts(person)
    found: list[dict] = []
    if account is not None:
        found += rows("assignment given by the person",
                      Assignment.objects.filter(given_by=account).order_by("pk"), GIVEN)
        found += rows("task of the person in an assignment",
                      Task.objects.filter(assignee=account).order_by("pk"), TASKS)
        found += rows("entry the person wrote in an assignment's log",
                      TaskUpdate.objects.filter(author=account).order_by("pk"), UPDATES)
        found += rows("attachment the person uploaded",
                      AssignmentAttachment.objects.filter(uploaded_by=account).order_by("pk"),
                      ATTACHMENTS)
    if needles:
        found += rows("assignment naming the person",
                      Assignment.objects.filter(naming(Assignment, ASSIGNMENT_TEXTS, needles))
                      .order_by("pk"), GIVEN)
        history = Assignment.history.model
        found += history_rows("assignment history naming the person",
                              history.objects.filter(naming(history, ASSIGNMENT_TEXTS,
                                                            needles)),
                              [name for name in GIVEN if name != "id"])
        found += rows("log entry naming the person",
                      TaskUpdate.objects.filter(naming(TaskUpdate, ("text", "file_name"),
                                                       needles)).order_by("pk"), UPDATES)
    return found


def spellings(needles) -> list[str]:
    """The texts as they are also typed and stored: without the Lithuanian letters' marks
    ("Ruta Zemaitiene") and joined by hyphens, as a stored file's name has them
    ("Ruta-Zemaitiene")."""
    found = set()
    for text in needles:
        folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        found |= {text, folded, text.replace(" ", "-"), folded.replace(" ", "-")}
    return sorted(text for text in found if len(text.strip()) >= 5)


def erase(person) -> int:
    """See the module's docstring. Returns how many rows were changed."""
    account, needles = account_of(person), spellings(identifying_texts(person))
    changed = 0
    if account is not None:
        comments = TaskUpdate.objects.filter(author=account, kind=UpdateKind.COMMENT)
        delete_files(comments, "file")
        changed += comments.update(text=ERASED_TEXT, file="", file_name="")
    if needles:
        changed += scrub_texts(_models(), needles)
        changed += rename_files(TaskUpdate, "file", needles)
        changed += rename_files(AssignmentAttachment, "file", needles)
    return changed


# before the account's provider, which erases the names this one looks for
register_personal_data("pavedimai.assignments",
                       label=_("Assignments: given by the person, their tasks, what they "
                               "wrote in the log (the work record is kept)"),
                       export=export, erase=erase, order=50)
