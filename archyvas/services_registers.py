"""Writes of the registers area: a register (name, kind, prefix), a registered document
with its number, its edits, and an incoming document marked answered.

Who: department staff only (``may_manage``); management read. Every function checks, so
a view cannot forget: ``PermissionDenied`` for a role that may not, ``Refused`` (a
``ValidationError``, per field where it names one) for what the rules do not allow.

- **Numbers.** ``register_document`` validates everything first, then locks the register's
  counter of the year (``RegisterCounter``, created once per register and year: two
  creators at the same moment are settled by the unique constraint, the loser retries
  from a savepoint) and gives the next number in the same transaction that creates the
  entry. Numbers run 1, 2, 3… per register and year with no gaps: a refusal happens before
  the lock, a failure after it rolls the counter back with the entry.
- **The plan.** A document goes into a file of the approved plan of its registration year
  (not closed, the file not closed); a year whose plan is closed takes nothing more and
  its entries are kept as they are.
- **Answers.** Registering an outgoing document that answers an incoming one marks that
  one answered (the answer's registration date), once; an incoming document can also be
  marked answered without a letter (by phone…), saying how.
- **Edits** carry the ``version`` the editor saw (``code="stale"`` when someone saved
  since); the number, the register and the year never change.
- After commit a stored PDF or DOCX is queued for text extraction (the search area's
  ``tasks_search.queue_text``)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from archyvas import storage
from archyvas.models import (
    FilePlan,
    PlanFile,
    PlanStatus,
    Register,
    RegisterCounter,
    RegisterEntry,
    RegisterKind,
    TextStatus,
    may_manage,
)
from paskyros.models import Role

__all__ = ["ENTRY_FIELDS", "RESPONSIBLE_ROLES", "Refused", "check_year", "mark_answered",
           "may_register", "register_document", "save_register", "update_entry"]

#: Who may be responsible for a registered document.
RESPONSIBLE_ROLES = (Role.STAFF, Role.MANAGEMENT, Role.ADMIN)
#: What an edit of a registered document may change (the number, register and year never).
ENTRY_FIELDS = ("registered_on", "document_date", "their_number", "correspondent", "title",
                "plan_file", "responsible", "answer_due", "answered_on", "answer_note", "note")


class Refused(ValidationError):
    """A change the rules do not allow; ``code`` says what kind."""

    def __init__(self, message, code=None, params=None):
        super().__init__(message, code=code, params=params)
        self.code = code


def may_register(user) -> bool:
    return may_manage(user)


def _require_manager(user) -> None:
    if not may_manage(user):
        raise PermissionDenied


# --- registers ---------------------------------------------------------------------------------

@transaction.atomic
def save_register(*, register: Register, by) -> Register:
    """Create or change a register. Its prefix is unique (whatever the case); once it has
    entries, its prefix and kind stay (the numbers written on documents carry them)."""
    _require_manager(by)
    register.prefix = (register.prefix or "").strip().upper()
    register.name = (register.name or "").strip()
    if Register.objects.filter(prefix__iexact=register.prefix).exclude(pk=register.pk).exists():
        raise Refused({"prefix": _("Another register already uses the prefix %(prefix)s.")
                       % {"prefix": register.prefix}}, code="prefix")
    if register.pk:
        stored = Register.objects.select_for_update().get(pk=register.pk)
        if RegisterEntry.objects.filter(register=stored).exists():
            errors = {}
            if stored.prefix != register.prefix:
                errors["prefix"] = _("The register has documents numbered %(prefix)s-…: its "
                                     "prefix cannot change.") % {"prefix": stored.prefix}
            if stored.kind != register.kind:
                errors["kind"] = _("The register has documents: its kind cannot change.")
            if errors:
                raise Refused(errors, code="used")
    register._history_user = by
    register.save()
    return register


# --- checks ------------------------------------------------------------------------------------

def _plan_of(year: int) -> FilePlan | None:
    return FilePlan.objects.filter(year=year).first()


def check_year(year: int, *, field: str = "registered_on") -> None:
    """Refused when the year's plan is closed: nothing more is registered in it."""
    plan = _plan_of(year)
    if plan is not None and plan.status == PlanStatus.CLOSED:
        raise Refused({field: _("The year %(year)s is closed: nothing more is registered in "
                                "it and its documents are kept as they are.")
                       % {"year": year}}, code="closed_year")


def _check_plan_file(plan_file: PlanFile | None, year: int) -> None:
    """The file must be an open file of the approved plan of ``year``."""
    if plan_file is None:
        return
    found = PlanFile.objects.select_related("plan").filter(pk=plan_file.pk).first()
    if found is None or found.plan.year != year:
        index = found.index if found is not None else plan_file.index
        raise Refused({"plan_file": _("File %(index)s is not in the file plan of %(year)s: "
                                      "choose a file of that year's plan.")
                       % {"index": index, "year": year}}, code="not_in_plan")
    if found.plan.status != PlanStatus.APPROVED:
        raise Refused({"plan_file": _("The file plan of %(year)s is not approved yet: "
                                      "documents go into the files of an approved plan.")
                       % {"year": year}}, code="plan_not_approved")
    if found.closed_on is not None:
        raise Refused({"plan_file": _("File %(index)s was closed on %(day)s: nothing more "
                                      "goes into it.")
                       % {"index": found.index, "day": found.closed_on.isoformat()}},
                      code="file_closed")


def _check_responsible(responsible) -> None:
    if responsible is not None and (not responsible.is_active
                                    or responsible.role not in RESPONSIBLE_ROLES):
        raise Refused({"responsible": _("Only department staff or management can be "
                                        "responsible for a registered document.")},
                      code="responsible")


def _check_answer_due(kind: str, registered_on: date, answer_due: date | None) -> None:
    if answer_due is None:
        return
    if kind != RegisterKind.INCOMING:
        raise Refused({"answer_due": _("Only an incoming document waits for an answer.")},
                      code="answer_due")
    if answer_due < registered_on:
        raise Refused({"answer_due": _("The answer cannot be due before the document is "
                                       "registered (%(day)s).")
                       % {"day": registered_on.isoformat()}}, code="answer_due")


def _check_dates(kind: str, registered_on: date, document_date: date | None) -> None:
    if registered_on > timezone.localdate():
        raise Refused({"registered_on": _("A document cannot be registered on a future "
                                          "date.")}, code="future")
    if document_date is not None and kind == RegisterKind.INCOMING \
            and document_date > registered_on:
        raise Refused({"document_date": _("A received document cannot be dated after it was "
                                          "registered.")}, code="document_date")


def _read(file) -> bytes:
    return file.read() if hasattr(file, "read") else bytes(file)


def _store(entry: RegisterEntry, data: bytes, name: str) -> None:
    try:
        storage.store(entry, name or "dokumentas", data)
    except storage.RefusedFile as refusal:
        raise Refused({"file": str(refusal)}, code="file") from None


def _queue_text(entry: RegisterEntry) -> None:
    """Hand a readable file to the search's text extraction, when the search has it."""
    if entry.text_status != TextStatus.WAITING:
        return
    from archyvas import tasks_search

    queue = getattr(tasks_search, "queue_text", None)
    if queue is not None:
        queue(entry)


# --- numbers -----------------------------------------------------------------------------------

def _locked_counter(register_id: int, year: int) -> RegisterCounter | None:
    return (RegisterCounter.objects.select_for_update()
            .filter(register_id=register_id, year=year).first())


def _take_number(register_id: int, year: int) -> int:
    """The register's next number of ``year``, with its counter row locked until the
    caller's transaction ends."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("_take_number() must run inside the registering transaction")
    counter = _locked_counter(register_id, year)
    if counter is None:
        try:
            with transaction.atomic():      # a savepoint: a creator racing us wins
                RegisterCounter.objects.create(register_id=register_id, year=year)
        except IntegrityError:
            pass                            # the other one's row: lock it below
        counter = _locked_counter(register_id, year)
    # entries written without the counter (an import) never get their number taken again
    highest = (RegisterEntry.objects.filter(register_id=register_id, year=year)
               .aggregate(highest=Max("number"))["highest"] or 0)
    counter.last_number = max(counter.last_number, highest) + 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


# --- registering -------------------------------------------------------------------------------

def _mark_reply(incoming_pk: int, answered_on: date, by) -> None:
    incoming = RegisterEntry.objects.select_for_update().get(pk=incoming_pk)
    if incoming.answered_on is not None:
        return                              # answered before: the first answer counts
    incoming.answered_on = answered_on
    incoming.answer_note = ""
    incoming.version += 1
    incoming._history_user = by
    incoming.save(update_fields=["answered_on", "answer_note", "version", "updated_at"])


def register_document(*, register: Register, by, registered_on: date, title: str,
                      correspondent: str = "", document_date: date | None = None,
                      their_number: str = "", plan_file: PlanFile | None = None,
                      responsible=None, answer_due: date | None = None,
                      reply_to: RegisterEntry | None = None, note: str = "", file=None,
                      file_name: str = "") -> RegisterEntry:
    """Register a document: the next number of ``register`` in ``registered_on``'s year.
    ``file`` (bytes or a file) is stored as the document, checked by its content."""
    _require_manager(by)
    data = _read(file) if file is not None else None
    with transaction.atomic():
        register = Register.objects.get(pk=register.pk)
        if not register.active:
            raise Refused({"register": _("The register “%(name)s” is no longer in use.")
                           % {"name": register.name}}, code="register")
        title = " ".join((title or "").split())
        if not title:
            raise Refused({"title": _("Write the document's title.")}, code="title")
        year = registered_on.year
        _check_dates(register.kind, registered_on, document_date)
        check_year(year)
        _check_plan_file(plan_file, year)
        _check_answer_due(register.kind, registered_on, answer_due)
        _check_responsible(responsible)
        if reply_to is not None:
            reply_to = RegisterEntry.objects.select_related("register").get(pk=reply_to.pk)
            if reply_to.register.kind != RegisterKind.INCOMING:
                raise Refused({"reply_to": _("Only an incoming document is answered.")},
                              code="reply_to")
            if register.kind != RegisterKind.OUTGOING:
                raise Refused({"register": _("An answer is registered in a register of "
                                             "outgoing documents.")}, code="reply_to")
        entry = RegisterEntry(
            register=register, year=year, registered_on=registered_on,
            document_date=document_date, their_number=(their_number or "").strip(),
            correspondent=(correspondent or "").strip(), title=title, plan_file=plan_file,
            responsible=responsible, answer_due=answer_due, reply_to=reply_to,
            note=(note or "").strip(), registered_by=by)
        if data is not None:
            _store(entry, data, file_name)
        try:
            entry.number = _take_number(register.pk, year)
            entry._history_user = by
            entry.save()
            if reply_to is not None:
                _mark_reply(reply_to.pk, registered_on, by)
        except BaseException:
            if entry.file:
                entry.file.delete(save=False)
            raise
        transaction.on_commit(lambda: _queue_text(entry))
    return entry


# --- editing -----------------------------------------------------------------------------------

def update_entry(*, entry: RegisterEntry, by, version: int, file=None, file_name: str = "",
                 **fields) -> RegisterEntry:
    """Save an edit of a registered document (``fields`` among ``ENTRY_FIELDS``; ``file``
    replaces the stored document). Refused (``stale``) when someone saved after
    ``version``; the registration date stays in the entry's year."""
    _require_manager(by)
    unknown = set(fields) - set(ENTRY_FIELDS)
    if unknown:
        raise TypeError(f"update_entry() cannot change {sorted(unknown)}")
    data = _read(file) if file is not None else None
    with transaction.atomic():
        locked = (RegisterEntry.objects.select_for_update().select_related("register")
                  .get(pk=entry.pk))
        if locked.version != version:
            raise Refused(_("Someone saved this document after you opened it."), code="stale")
        check_year(locked.year, field="__all__")
        kind = locked.register.kind
        changes = {name: value for name, value in fields.items()
                   if getattr(locked, name) != value}
        if "title" in changes:
            changes["title"] = " ".join((changes["title"] or "").split())
            if not changes["title"]:
                raise Refused({"title": _("Write the document's title.")}, code="title")
        for name in ("their_number", "correspondent", "answer_note", "note"):
            if name in changes:
                changes[name] = (changes[name] or "").strip()
        registered_on = changes.get("registered_on", locked.registered_on)
        if registered_on is None or registered_on.year != locked.year:
            raise Refused({"registered_on": _("The registration date stays in %(year)s: the "
                                              "number %(number)s belongs to that year.")
                           % {"year": locked.year, "number": locked.full_number}},
                          code="year")
        if "registered_on" in changes or "document_date" in changes:
            _check_dates(kind, registered_on, changes.get("document_date",
                                                          locked.document_date))
        if "plan_file" in changes:
            _check_plan_file(changes["plan_file"], locked.year)
        if "answer_due" in changes or "registered_on" in changes:
            _check_answer_due(kind, registered_on, changes.get("answer_due",
                                                               locked.answer_due))
        if "responsible" in changes:
            _check_responsible(changes["responsible"])
        answered_on = changes.get("answered_on", locked.answered_on)
        if "answered_on" in changes or "registered_on" in changes:
            _check_answered(kind, registered_on, answered_on)
        if answered_on is None and "answer_note" not in fields:
            changes["answer_note"] = ""
        for name, value in changes.items():
            setattr(locked, name, value)
        old_file = locked.file.name if data is not None and locked.file else ""
        if data is not None:
            if locked.file_destroyed_on is not None:
                raise Refused({"file": _("The document's file was destroyed by a destruction "
                                         "act; no other file takes its place.")},
                              code="destroyed")
            _store(locked, data, file_name)
        locked.version += 1
        locked._history_user = by
        try:
            locked.save()
        except BaseException:
            if data is not None and locked.file:
                locked.file.delete(save=False)
            raise
        if old_file:
            stored = locked.file.storage
            transaction.on_commit(lambda: stored.delete(old_file))
        if data is not None:
            transaction.on_commit(lambda: _queue_text(locked))
    return locked


def _check_answered(kind: str, registered_on: date, answered_on: date | None) -> None:
    if answered_on is None:
        return
    if kind != RegisterKind.INCOMING:
        raise Refused({"answered_on": _("Only an incoming document is answered.")},
                      code="answered_on")
    if answered_on < registered_on:
        raise Refused({"answered_on": _("A document cannot be answered before it was "
                                        "registered (%(day)s).")
                       % {"day": registered_on.isoformat()}}, code="answered_on")
    if answered_on > timezone.localdate():
        raise Refused({"answered_on": _("The answer's date cannot be in the future.")},
                      code="answered_on")


@transaction.atomic
def mark_answered(*, entry: RegisterEntry, by, answered_on: date, note: str) -> RegisterEntry:
    """Mark an incoming document answered without a registered letter (by phone, by
    e-mail, in person), saying how. Once: an answered document is refused."""
    _require_manager(by)
    locked = (RegisterEntry.objects.select_for_update().select_related("register")
              .get(pk=entry.pk))
    if locked.register.kind != RegisterKind.INCOMING:
        raise Refused(_("Only an incoming document is answered."), code="answered_on")
    if locked.answered_on is not None:
        raise Refused(_("The document was already answered on %(day)s.")
                      % {"day": locked.answered_on.isoformat()}, code="answered")
    note = " ".join((note or "").split())
    if not note:
        raise Refused({"note": _("Say how it was answered: by phone, by e-mail, in a "
                                 "meeting…")}, code="note")
    _check_answered(locked.register.kind, locked.registered_on, answered_on)
    locked.answered_on = answered_on
    locked.answer_note = note[:500]
    locked.version += 1
    locked._history_user = by
    locked.save(update_fields=["answered_on", "answer_note", "version", "updated_at"])
    return locked
