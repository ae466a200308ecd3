"""The one way a statistics value is written.

The form, the spreadsheet upload, the history import and the demo data all call
``write_values``. For every value that really changes it records who, how (the source)
and old → new in ``ValueChange``, bumps the value's version (so anyone who still holds the
old version meets a conflict instead of overwriting), and keeps the submissions that cover
the values honest:

- a value of a submission that is submitted, accepted or handed on is never changed
  quietly: the writer chose beforehand to **refuse** (nothing is written and the
  submissions are named), to **skip** those submissions' values, or to **reopen** them
  with a reason;
- a submission that had not been started becomes a draft, and its count of answered
  fields follows.

All of it in one transaction; the values and the submissions are locked while they change,
so two writers of the same field never both win.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bibliotekos.models import Library
from statistika.models import (
    EDITABLE_STATUSES,
    Submission,
    SubmissionEvent,
    SubmissionEventKind,
    SubmissionStatus,
    Value,
    ValueChange,
)

BATCH = 5000


class OnLocked(models.TextChoices):
    """What to do with values of submissions that are no longer open for changes."""

    REFUSE = "refuse", gettext_lazy("Import nothing while these reports are locked")
    SKIP = "skip", gettext_lazy("Leave these reports as they are; import the other values")
    REOPEN = "reopen", gettext_lazy("Reopen these reports (with a reason) and import")


@dataclass(slots=True)
class ValueWrite:
    """One value to write. ``version`` is the version the writer saw (the form's field, the
    downloaded workbook); None means the writer did not see one and there is no check."""

    library_id: int
    indicator_id: int
    year: int
    value: Decimal | None = None
    text: str = ""
    known: bool = True
    version: int | None = None
    where: str = ""

    @property
    def key(self) -> tuple[int, int, int]:
        return (self.library_id, self.indicator_id, self.year)

    def differs_from(self, current: Value | None) -> bool:
        if current is None:
            return self.value is not None or not self.known or bool(self.text)
        return (current.value != self.value or current.known != self.known
                or current.text != self.text)


@dataclass
class Conflict:
    write: ValueWrite
    current: Value


@dataclass
class WriteResult:
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    locked: dict[int, int] = field(default_factory=dict)      # submission id → values it blocks
    locked_submissions: list[Submission] = field(default_factory=list)
    reopened: list[Submission] = field(default_factory=list)
    values: dict[tuple[int, int, int], Value] = field(default_factory=dict)
    refused: bool = False
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.conflicts and not self.refused

    @property
    def written(self) -> int:
        return self.created + self.changed


class _Retry(Exception):
    """Someone created some of the new rows meanwhile: lock them and decide again."""


class _Undo(Exception):
    """Conflicts were found after some chunks were written: roll the whole write back."""

    def __init__(self, result):
        self.result = result


def write_values(writes: list[ValueWrite], *, by, source: str,
                 on_locked: str = OnLocked.REFUSE, reason: str = "",
                 dry_run: bool = False) -> WriteResult:
    """Write the values that differ from what is stored. Conflicts (a value changed since
    the writer saw it) and locked submissions under ``REFUSE`` write nothing at all. Large
    writes (a national history import) stream in chunks of ``BATCH`` within one
    transaction, so memory stays bounded whatever the size."""
    keys = [w.key for w in writes]
    if len(set(keys)) != len(keys):
        raise ValueError("write_values() got the same library, indicator and year twice")
    del keys
    reason = " ".join((reason or "").split())
    if on_locked == OnLocked.REOPEN and not reason and not dry_run:
        raise ValidationError(_("Say why the reports are reopened."))
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return _write(writes, by=by, source=source, on_locked=on_locked,
                              reason=reason, dry_run=dry_run)
        except _Retry:
            continue
        except _Undo as undo:
            return undo.result
    raise IntegrityError("values kept changing while they were written")  # pragma: no cover


def _write(writes, *, by, source, on_locked, reason, dry_run) -> WriteResult:
    result = WriteResult(dry_run=dry_run)
    lock = not dry_run
    submissions = covering_submissions({(w.library_id, w.year) for w in writes}, lock=lock)

    # Submissions no longer open for changes: decide about them before anything is written.
    closed = {pair for pair, submission in submissions.items()
              if submission.status not in EDITABLE_STATUSES}
    blocked: dict[int, int] = defaultdict(int)
    if closed:
        at_risk = [w for w in writes if (w.library_id, w.year) in closed]
        stored = _current(at_risk, lock=lock)
        for write in at_risk:
            if write.differs_from(stored.get(write.key)):
                blocked[submissions[(write.library_id, write.year)].pk] += 1
    skip = set()
    if blocked:
        result.locked = dict(blocked)
        by_pk = {r.pk: r for r in submissions.values()}
        result.locked_submissions = sorted((by_pk[pk] for pk in blocked),
                                           key=lambda r: (r.campaign.year, r.library.code))
        if on_locked == OnLocked.REFUSE:
            result.refused = True
        elif on_locked == OnLocked.SKIP:
            skip = {pair for pair in closed if submissions[pair].pk in blocked}
        elif not dry_run:
            for submission in result.locked_submissions:
                result.reopened.append(reopen_for_changes(submission=submission, reason=reason,
                                                          by=by))
            submissions = covering_submissions({(w.library_id, w.year) for w in writes},
                                               lock=True)

    keep = len(writes) <= BATCH  # the form and the upload get the stored rows back
    write_now = not (dry_run or result.refused)
    now = timezone.now()
    touched = set()
    for start in range(0, len(writes), BATCH):
        chunk = writes[start:start + BATCH]
        current = _current(chunk, lock=lock)
        if keep:
            result.values.update(current)
        changing = []
        for write in chunk:
            if not write.differs_from(current.get(write.key)):
                result.unchanged += 1
            elif (write.library_id, write.year) in skip:
                result.skipped += 1
            else:
                changing.append(write)
        for write in changing:
            stored = current.get(write.key)
            if write.version is not None and stored is not None \
                    and stored.version != write.version:
                result.conflicts.append(Conflict(write, stored))
        created = sum(1 for w in changing if w.key not in current)
        result.created += created
        result.changed += len(changing) - created
        if write_now and not result.conflicts and changing:
            _write_chunk(changing, current, submissions, result, by=by, source=source,
                         now=now, keep=keep)
            touched |= {(w.library_id, w.year) for w in changing}
    if result.conflicts:
        result.created = result.changed = 0
        if write_now and touched:
            raise _Undo(result)
        return result
    if touched:
        _follow_submissions({submission for pair, submission in submissions.items()
                             if pair in touched}, now)
    return result


def _write_chunk(changing, current, submissions, result, *, by, source, now, keep) -> None:
    """Insert the new rows, update the changed ones (version + 1), record every change."""
    before = {key: (row.value, row.known) for key, row in current.items()}
    ids = {key: row.pk for key, row in current.items()}
    new = [w for w in changing if w.key not in current]
    if new:
        try:
            with transaction.atomic():
                created = Value.objects.bulk_create(
                    [Value(library_id=w.library_id, indicator_id=w.indicator_id, year=w.year,
                           value=w.value, text=w.text, known=w.known, source=source,
                           version=1, updated_by=by) for w in new], batch_size=BATCH)
        except IntegrityError:
            # Another writer created some of these rows after we looked (and has committed:
            # the insert waited for it). Decide again, with their rows locked.
            raise _Retry from None
        for row in created:
            key = (row.library_id, row.indicator_id, row.year)
            ids[key] = row.pk
            if keep:
                result.values[key] = row
    old = [w for w in changing if w.key in current]
    if len(old) == 1:
        stored = current[old[0].key]
        write = old[0]
        stored.value, stored.text, stored.known = write.value, write.text, write.known
        stored.source, stored.version, stored.updated_by = source, stored.version + 1, by
        stored.save(update_fields=["value", "text", "known", "source", "version",
                                   "updated_by", "updated_at"])
    elif old:
        updated = [Value(library_id=w.library_id, indicator_id=w.indicator_id, year=w.year,
                         value=w.value, text=w.text, known=w.known, source=source,
                         version=current[w.key].version + 1, updated_by=by, updated_at=now)
                   for w in old]
        Value.objects.bulk_create(
            updated, update_conflicts=True, unique_fields=["library", "indicator", "year"],
            update_fields=["value", "text", "known", "source", "version", "updated_by",
                           "updated_at"], batch_size=BATCH)
        if keep:
            for write, row in zip(old, updated, strict=True):
                row.pk = ids[write.key]
                result.values[write.key] = row
    ValueChange.objects.bulk_create([
        ValueChange(value_id=ids[w.key],
                    old_value=before.get(w.key, (None, True))[0],
                    old_known=before.get(w.key, (None, True))[1],
                    new_value=w.value, new_known=w.known, changed_by=by, source=source,
                    submission_status=getattr(submissions.get((w.library_id, w.year)), "status",
                                              ""))
        for w in changing], batch_size=BATCH)


def _current(writes, *, lock: bool) -> dict[tuple[int, int, int], Value]:
    """The stored rows for the writes' keys (locked for the transaction when writing)."""
    found = {}
    for start in range(0, len(writes), BATCH):
        chunk = writes[start:start + BATCH]
        wanted = {w.key for w in chunk}
        rows = Value.objects.filter(library_id__in={w.library_id for w in chunk},
                                    indicator_id__in={w.indicator_id for w in chunk},
                                    year__in={w.year for w in chunk})
        if lock:
            rows = rows.select_for_update()
        for row in rows:
            key = (row.library_id, row.indicator_id, row.year)
            if key in wanted:
                found[key] = row
    return found


def covering_submissions(pairs, *, lock: bool = False) -> dict[tuple[int, int], Submission]:
    """For (library id, year) pairs, the submission each value belongs to: the library's own
    submission that year, or its system's (an outlet's values belong to the system's)."""
    pairs = set(pairs)
    if not pairs:
        return {}
    library_ids = {library_id for library_id, _year in pairs}
    years = {year for _library, year in pairs}
    ancestors: dict[int, list[int]] = {}
    for row in Library.objects.filter(pk__in=library_ids).values(
            "pk", "parent_id", "parent__parent_id", "parent__parent__parent_id"):
        ancestors[row["pk"]] = [pk for pk in (row["pk"], row["parent_id"],
                                              row["parent__parent_id"],
                                              row["parent__parent__parent_id"]) if pk]
    candidates = {pk for chain in ancestors.values() for pk in chain}
    submissions = Submission.objects.filter(library_id__in=candidates,
                                            campaign__year__in=years)
    if lock:
        submissions = submissions.select_for_update(of=("self",))
    by_library_year = {(r.library_id, r.campaign.year): r
                       for r in submissions.select_related("campaign", "library")}
    found = {}
    for library_id, year in pairs:
        for candidate in ancestors.get(library_id, []):
            if (candidate, year) in by_library_year:
                found[(library_id, year)] = by_library_year[(candidate, year)]
                break
    return found


def _follow_submissions(submissions, now) -> None:
    """A submission that had not been started becomes a draft; every submission touched
    recounts its answered fields."""
    from statistika.scoping import form_units

    for submission in submissions:
        Submission.objects.filter(pk=submission.pk,
                                  status=SubmissionStatus.NOT_STARTED).update(
            status=SubmissionStatus.DRAFT, started_at=now)
        Submission.objects.filter(pk=submission.pk).update(
            last_saved_at=now, answered=count_answered(submission, form_units(submission)))


def reopen_for_changes(*, submission: Submission, reason: str, by) -> Submission:
    """A submitted, accepted or handed-on submission back to the library (status *returned*)
    because its values are being changed; the reason is the timeline's note."""
    moved = Submission.objects.filter(pk=submission.pk, status__in=[
        SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED,
        SubmissionStatus.HANDED_ON]).update(status=SubmissionStatus.RETURNED)
    if moved:
        SubmissionEvent.objects.create(submission=submission,
                                       kind=SubmissionEventKind.REOPENED, note=reason[:1000],
                                       created_by=by)
    submission.refresh_from_db()
    return submission


def count_answered(submission: Submission, units) -> int:
    """Fields of the units answered: a number, a text, or an explicit "not known"."""
    pairs = Q()
    for unit in units:
        pairs |= Q(library=unit.library, indicator__in=unit.indicators)
    if not pairs:
        return 0
    return (Value.objects.filter(pairs, year=submission.campaign.year)
            .filter(Q(value__isnull=False) | Q(known=False) | ~Q(text="")).count())
