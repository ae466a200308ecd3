"""Nominations: who may nominate whom, the eligibility check against the registry, and the
writes — submit, update (optimistic ``version``), withdraw, admit, reject. Decided here,
once; the views and panels ask.

- **Who nominates**: department staff (anyone of the territory) and a library's director
  (the people, the library and its outlets, and the published good practices of the
  libraries they direct, ``director_library_ids``). A branch or school librarian does not.
- **When**: while ``contest.accepts_nominations()`` — the contest is open and today is in
  its nomination window; an edit too. A withdrawal while the contest is still open.
- **Eligibility** (``eligibility``): the category's kinds of library, posts and years of
  service counted from the person's ``works_since`` to the day nominations close; a person
  without that date is refused where years are required (staff fill it in the registry).
- **Once per category**: the same nominee is live (submitted or admitted) once in a
  category (the database's unique constraints too). The refusal says it is already
  nominated and to contact the department to add support — never who nominated it or why.
- Transitions are conditional UPDATEs (two clicks move a nomination once); the nominator
  is e-mailed after commit when admitted or not admitted (``tasks_nominations``)."""

import logging
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apdovanojimai.models import (
    Category,
    Contest,
    ContestStatus,
    Nomination,
    NominationFile,
    NominationStatus,
    NomineeKind,
    may_manage,
)
from bibliotekos.models import Library, Membership, Person
from bibliotekos.scoping import descendant_ids, director_library_ids, memberships_of
from portalas import files as portal_files

logger = logging.getLogger("regionas.awards")

__all__ = ["ACCEPTED_KINDS", "Eligibility", "Refused", "Stale", "admit", "check_file",
           "delete_file", "duplicate_message", "eligibility", "may_decide", "may_edit",
           "may_nominate", "may_withdraw", "nominee_queryset", "reject", "service_years",
           "submit", "update", "window_refusal", "withdraw"]

#: What an attachment may be (read from the content by the kit).
ACCEPTED_KINDS = ("pdf", "docx", "jpg", "png")
#: How many attachments one nomination may hold.
MAX_FILES = 10


class Refused(ValidationError):
    """A change the rules do not allow; the message says why."""


class Stale(Refused):
    """Someone saved the nomination after the user opened it (``stored``: the row now)."""

    def __init__(self, message, stored):
        super().__init__(message, code="stale")
        self.stored = stored


# --- who may do what ------------------------------------------------------------------------

def may_nominate(user) -> bool:
    """Staff, or a director of a library (for their libraries)."""
    if not (user.is_authenticated and user.is_active):
        return False
    return may_manage(user) or bool(director_library_ids(user))


def _in_window(contest: Contest) -> bool:
    return contest.accepts_nominations(timezone.localdate())


def may_edit(user, nomination: Nomination) -> bool:
    """Its nominator (or staff) while it is submitted and the window holds."""
    return (user.is_authenticated and nomination.status == NominationStatus.SUBMITTED
            and (nomination.nominator_id == user.pk or may_manage(user))
            and _in_window(nomination.contest))


def may_withdraw(user, nomination: Nomination) -> bool:
    """Its nominator (or staff) while it stands and the contest is open."""
    return (user.is_authenticated
            and nomination.status in (NominationStatus.SUBMITTED, NominationStatus.ACCEPTED)
            and (nomination.nominator_id == user.pk or may_manage(user))
            and nomination.contest.status == ContestStatus.OPEN)


def may_decide(user, nomination: Nomination) -> bool:
    """Staff admit or do not admit while the contest is open or in evaluation and scoring
    is not closed."""
    return (may_manage(user)
            and nomination.contest.status in (ContestStatus.OPEN, ContestStatus.EVALUATION)
            and nomination.contest.scoring_closed_at is None)


def scope_ids(user) -> frozenset[int] | None:
    """The libraries whose nominees the user may name; None: any (staff)."""
    if may_manage(user):
        return None
    return director_library_ids(user)


def nominee_queryset(user, kind: str):
    """Whom the user may nominate, by the category's kind: the people of the director's
    libraries, those libraries, their published practices (staff: any)."""
    from viesinimas.models import Practice, PracticeStatus

    ids = scope_ids(user)
    if kind == NomineeKind.PERSON:
        found = Person.objects.filter(library__isnull=False).select_related("library", "post")
        return found if ids is None else found.filter(library_id__in=ids)
    if kind == NomineeKind.LIBRARY:
        found = Library.objects.open_now()
        return found if ids is None else found.filter(pk__in=ids)
    found = (Practice.objects.filter(status=PracticeStatus.PUBLISHED)
             .select_related("library"))
    return found if ids is None else found.filter(library_id__in=ids)


def nominating_library(user, unit_id: int | None) -> int | None:
    """The library whose director nominates: the directed library over the nominee's."""
    if may_manage(user) or unit_id is None:
        return None
    for library_id, role in memberships_of(user):
        if role == Membership.Role.DIRECTOR and (
                unit_id == library_id or unit_id in descendant_ids([library_id])):
            return library_id
    return None


# --- eligibility ----------------------------------------------------------------------------

@dataclass
class Eligibility:
    problems: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def text(self) -> str:
        """What ``Nomination.eligibility`` stores: what the registry said."""
        return "; ".join(self.facts)[:300]


def service_years(since: date, on: date) -> int:
    """Whole years from ``since`` to ``on``."""
    years = on.year - since.year - ((on.month, on.day) < (since.month, since.day))
    return max(years, 0)


def _unit_of(nominee) -> Library | None:
    if isinstance(nominee, Library):
        return nominee
    return getattr(nominee, "library", None)


def _kind_of(nominee) -> str:
    if isinstance(nominee, Person):
        return NomineeKind.PERSON
    if isinstance(nominee, Library):
        return NomineeKind.LIBRARY
    return NomineeKind.PRACTICE


def eligibility(category: Category, nominee, on: date | None = None) -> Eligibility:
    """The problems that make ``nominee`` ineligible for ``category`` and the facts the
    registry gave (library kind, post, years of service to ``on``, by default the day the
    contest's nominations close)."""
    from viesinimas.models import PracticeStatus

    on = on or category.contest.nominations_close
    result = Eligibility()
    if _kind_of(nominee) != category.nominee_kind:
        result.problems.append(_("This category nominates: %(kind)s.")
                               % {"kind": category.get_nominee_kind_display()})
        return result
    unit = _unit_of(nominee)
    if unit is None:
        result.problems.append(_("The person is not in any library of the registry."))
    else:
        result.facts.append(_("library: %(name)s (%(kind)s)")
                            % {"name": unit.name, "kind": unit.get_kind_display()})
        if category.library_kinds and unit.kind not in category.library_kinds:
            result.problems.append(
                _("The library is a %(kind)s; this category is for: %(kinds)s.")
                % {"kind": unit.get_kind_display(),
                   "kinds": ", ".join(category.library_kind_labels())})
    if isinstance(nominee, Library) and not nominee.is_open:
        result.problems.append(_("The library is closed."))
    if _kind_of(nominee) == NomineeKind.PRACTICE and nominee.status != PracticeStatus.PUBLISHED:
        result.problems.append(_("Only a practice published in the good-practice catalogue "
                                 "may be nominated."))
    if isinstance(nominee, Person):
        _person_checks(category, nominee, on, result)
    return result


def _person_checks(category: Category, person: Person, on: date, result: Eligibility):
    posts = list(category.positions.all())
    if person.post_id:
        result.facts.append(_("post: %(post)s") % {"post": person.post})
    if posts and person.post_id not in {post.pk for post in posts}:
        result.problems.append(
            _("The person's post in the registry (%(post)s) is not one of this category's: "
              "%(posts)s.") % {"post": person.post or _("not given"),
                               "posts": ", ".join(str(post) for post in posts)})
    if person.works_since is None:
        if category.min_service_years:
            result.problems.append(
                _("The registry has no \"works in libraries since\" date for %(name)s, so "
                  "the years of service cannot be checked. Ask the department's staff to "
                  "fill it in on the person's page in the registry.") % {"name": person})
        return
    years = service_years(person.works_since, on)
    result.facts.append(
        ngettext("%(years)s year of service (since %(since)s, to %(on)s)",
                 "%(years)s years of service (since %(since)s, to %(on)s)", years)
        % {"years": years, "since": person.works_since.isoformat(), "on": on.isoformat()})
    if category.min_service_years and years < category.min_service_years:
        result.problems.append(
            ngettext("At least %(min)s year of service is required; %(name)s has %(years)s.",
                     "At least %(min)s years of service are required; %(name)s has "
                     "%(years)s.", category.min_service_years)
            % {"min": category.min_service_years, "name": person, "years": years})


# --- files ----------------------------------------------------------------------------------

def check_file(upload) -> str:
    """The upload's kind (its name made clean), or ValidationError: too large, or not a
    PDF, DOCX, JPEG or PNG by its content."""
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(_("%(name)s is larger than %(max)s MB.")
                              % {"name": upload.name, "max": limit // (1024 * 1024)},
                              code="too_large")
    kind = portal_files.file_kind(upload)
    if kind not in ACCEPTED_KINDS:
        raise ValidationError(_("%(name)s is not a PDF, DOCX, JPEG or PNG file (by its "
                                "content).") % {"name": upload.name}, code="file_type")
    upload.name = portal_files.clean_file_name(upload.name, kind, fallback="priedas")
    return kind


def _attach(nomination: Nomination, uploads, by) -> None:
    uploads = list(uploads or ())
    if not uploads:
        return
    if nomination.files.count() + len(uploads) > MAX_FILES:
        raise Refused({"files": _("At most %(max)s files per nomination.")
                       % {"max": MAX_FILES}})
    for upload in uploads:
        try:
            check_file(upload)
        except ValidationError as error:
            raise Refused({"files": error.messages}) from None
        NominationFile.objects.create(nomination=nomination, file=upload, name=upload.name,
                                      size=upload.size, uploaded_by=by)


def _remove_file_later(storage, name: str) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def delete_file(*, attachment: NominationFile, by) -> None:
    nomination = attachment.nomination
    if not may_edit(by, nomination):
        raise Refused(_("The attachments can be changed only while the nomination may be "
                        "edited."))
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    _remove_file_later(storage, name)


# --- the writes -----------------------------------------------------------------------------

def window_refusal(contest: Contest) -> Refused:
    today = timezone.localdate()
    if contest.status != ContestStatus.OPEN:
        return Refused(_("The contest is not accepting nominations: it is “%(status)s”.")
                       % {"status": contest.get_status_display()}, code="closed")
    if today < contest.nominations_open:
        return Refused(_("Nominations open on %(day)s.")
                       % {"day": contest.nominations_open.isoformat()}, code="early")
    return Refused(_("Nominations closed on %(day)s.")
                   % {"day": contest.nominations_close.isoformat()}, code="late")


def duplicate_message() -> str:
    return _("This nominee is already nominated in this category. To add your support, "
             "contact the department: your letter can be attached to the existing "
             "nomination.")


def _history(nomination: Nomination, by) -> None:
    Nomination.history.bulk_history_create([nomination], update=True, default_user=by)


@transaction.atomic
def submit(*, contest: Contest, category: Category, by, justification: str,
           person: Person | None = None, library: Library | None = None, practice=None,
           files=()) -> Nomination:
    """A new nomination, checked: the user may nominate; the contest accepts nominations
    today; the nominee is of the category's kind, within the user's libraries, eligible,
    and not live in the category already."""
    if not may_nominate(by):
        raise PermissionDenied
    contest = Contest.objects.get(pk=contest.pk)
    if category.contest_id != contest.pk:
        raise Refused({"category": _("Choose a category of this contest.")})
    if not _in_window(contest):
        raise window_refusal(contest)
    chosen = [nominee for nominee in (person, library, practice) if nominee is not None]
    if len(chosen) != 1:
        raise Refused({"nominee": _("Choose whom you nominate.")})
    nominee = chosen[0]
    if not nominee_queryset(by, _kind_of(nominee)).filter(pk=nominee.pk).exists():
        raise Refused({"nominee": _("You may nominate only from the libraries you direct.")})
    if not (justification or "").strip():
        raise Refused({"justification": _("Say why you nominate them.")})
    checked = eligibility(category, nominee, on=contest.nominations_close)
    if not checked.ok:
        raise Refused({"nominee": checked.problems}, code="ineligible")
    lookup = {_kind_of(nominee): nominee}
    if Nomination.objects.live().filter(category=category, **lookup).exists():
        raise Refused({"nominee": duplicate_message()}, code="duplicate")
    unit = _unit_of(nominee)
    nomination = Nomination(
        contest=contest, category=category, person=person, library=library,
        practice=practice, unit=unit, nominator=by,
        nominating_library_id=nominating_library(by, unit.pk if unit else None),
        justification=justification.strip(), eligibility=checked.text,
        status=NominationStatus.SUBMITTED, submitted_at=timezone.now())
    nomination._history_user = by
    try:
        with transaction.atomic():
            nomination.save()
    except IntegrityError:
        raise Refused({"nominee": duplicate_message()}, code="duplicate") from None
    _attach(nomination, files, by)
    logger.info("nomination %s submitted by user %s", nomination.pk, by.pk)
    return nomination


@transaction.atomic
def update(*, nomination: Nomination, by, version: int, justification: str,
           files=()) -> Nomination:
    """The justification edited (and files added) while the nomination may be edited;
    a save after someone else's (``version`` older) raises ``Stale``."""
    if nomination.nominator_id != by.pk and not may_manage(by):
        raise PermissionDenied
    if not _in_window(nomination.contest):
        raise window_refusal(nomination.contest)
    if not (justification or "").strip():
        raise Refused({"justification": _("Say why you nominate them.")})
    moved = Nomination.objects.filter(
        pk=nomination.pk, version=version, status=NominationStatus.SUBMITTED).update(
        justification=justification.strip(), version=F("version") + 1,
        updated_at=timezone.now())
    if moved != 1:
        stored = Nomination.objects.get(pk=nomination.pk)
        if stored.status != NominationStatus.SUBMITTED:
            raise Refused(_("The nomination is “%(status)s” now and can no longer be "
                            "changed.") % {"status": stored.get_status_display()},
                          code="moved")
        raise Stale(_("Someone else saved this nomination after you opened it."), stored)
    nomination.refresh_from_db()
    _history(nomination, by)
    _attach(nomination, files, by)
    return nomination


def _move(nomination: Nomination, *, by, allowed_from, to: str, note: str = "") -> Nomination:
    moved = Nomination.objects.filter(pk=nomination.pk, status__in=allowed_from).update(
        status=to, status_note=note, version=F("version") + 1, updated_at=timezone.now())
    if moved != 1:
        stored = Nomination.objects.get(pk=nomination.pk)
        raise Refused(_("The nomination has moved on meanwhile: it is now “%(status)s”.")
                      % {"status": stored.get_status_display()}, code="moved")
    nomination.refresh_from_db()
    _history(nomination, by)
    return nomination


@transaction.atomic
def withdraw(*, nomination: Nomination, by) -> Nomination:
    """The nominator takes it back while the contest is open (the nominee may then be
    nominated again)."""
    if nomination.nominator_id != by.pk and not may_manage(by):
        raise PermissionDenied
    if nomination.contest.status != ContestStatus.OPEN:
        raise Refused(_("A nomination can be withdrawn only while the contest is open."),
                      code="closed")
    return _move(nomination, by=by, to=NominationStatus.WITHDRAWN,
                 allowed_from=(NominationStatus.SUBMITTED, NominationStatus.ACCEPTED))


def _notify(nomination: Nomination) -> None:
    from apdovanojimai.tasks_nominations import send_nomination_decision

    pk = nomination.pk
    transaction.on_commit(lambda: send_nomination_decision.delay(pk))


@transaction.atomic
def admit(*, nomination: Nomination, by) -> Nomination:
    """Staff admit it to evaluation (also one not admitted before, if its nominee is not
    live in the category again); the nominator is e-mailed."""
    if not may_manage(by):
        raise PermissionDenied
    if not may_decide(by, nomination):
        raise Refused(_("Nominations can be admitted only while the contest is open or in "
                        "evaluation, before scoring closes."), code="closed")
    try:
        with transaction.atomic():
            nomination = _move(nomination, by=by, to=NominationStatus.ACCEPTED,
                               allowed_from=(NominationStatus.SUBMITTED,
                                             NominationStatus.REJECTED))
    except IntegrityError:
        raise Refused(duplicate_message(), code="duplicate") from None
    _notify(nomination)
    logger.info("nomination %s admitted by user %s", nomination.pk, by.pk)
    return nomination


@transaction.atomic
def reject(*, nomination: Nomination, by, reason: str) -> Nomination:
    """Staff do not admit it, saying why (the nominator is e-mailed the reason). An admitted
    one only while the contest is still open (the jury has not started)."""
    if not may_manage(by):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise Refused({"reason": _("Say why the nomination is not admitted.")},
                      code="reason")
    if not may_decide(by, nomination):
        raise Refused(_("Nominations can be decided only while the contest is open or in "
                        "evaluation, before scoring closes."), code="closed")
    allowed = [NominationStatus.SUBMITTED]
    if nomination.contest.status == ContestStatus.OPEN:
        allowed.append(NominationStatus.ACCEPTED)
    nomination = _move(nomination, by=by, to=NominationStatus.REJECTED, allowed_from=allowed,
                       note=reason)
    _notify(nomination)
    logger.info("nomination %s not admitted by user %s", nomination.pk, by.pk)
    return nomination
