"""Writes of the contests area: a contest (with its rules file and the timetable), its
categories, criteria and jury, and the contest's moves draft → open for nominations →
evaluation (and back to draft while nobody has nominated).

Who: department staff only (``models.may_manage``); management read. Every function
checks, so a view cannot forget: ``PermissionDenied`` for a role that may not, ``Refused``
(a ``ValidationError``) for what the rules do not allow, with the reason.

- The contest's edit carries its ``version``: a save after someone else's is refused
  (``code="stale"``) and the view keeps the typed values.
- A move is a conditional UPDATE of the status (and ``version + 1``), so two clicks at the
  same moment move it once; the history then names who moved it.
- Categories and criteria change only while the contest is a draft or open for
  nominations (not once the evaluation has started); the jury until scoring is closed.
  A contest has one chair: making someone the chair makes the former chair a member, in
  the same transaction."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from apdovanojimai.models import (
    Category,
    Contest,
    ContestStatus,
    Criterion,
    JuryMember,
    JuryRole,
    Nomination,
    NominationStatus,
    may_manage,
)
from portalas import files

__all__ = ["Refused", "add_juror", "check_rules_file", "check_timetable", "create_contest",
           "delete_category", "delete_criterion", "open_nominations", "remove_juror",
           "reopen_draft", "save_category", "save_criterion", "set_juror_role",
           "start_evaluation", "update_contest"]

#: The statuses in which categories and criteria may still change.
SHAPE_EDITABLE = (ContestStatus.DRAFT, ContestStatus.OPEN)
#: The statuses after the jury's work.
RESULTS = (ContestStatus.PUBLISHED, ContestStatus.ARCHIVED)
#: The kinds a rules file may be.
RULES_KINDS = ("pdf", "docx", "odt")


class Refused(ValidationError):
    """A change the rules do not allow; ``code`` says what kind."""

    def __init__(self, message, code=None, params=None):
        super().__init__(message, code=code, params=params)
        self.code = code


def _require_manager(user) -> None:
    if not may_manage(user):
        raise PermissionDenied


def _locked(pk: int) -> Contest:
    return Contest.objects.select_for_update().get(pk=pk)


# --- the rules file --------------------------------------------------------------------------

def check_rules_file(upload) -> str:
    """The upload's kind (and a clean name set on it), or ValidationError: too large, or
    not a PDF, DOCX or ODT by its content."""
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(_("The file is larger than %(max)s MB.")
                              % {"max": limit // (1024 * 1024)}, code="too_large")
    kind = files.file_kind(upload)
    if kind not in RULES_KINDS:
        raise ValidationError(_("Upload the rules as a PDF, DOCX or ODT file (this file's "
                                "content is none of them)."), code="file_type")
    upload.name = files.clean_file_name(upload.name, kind, fallback="nuostatai")
    return kind


def _new_upload(contest: Contest) -> bool:
    return bool(contest.rules_file) and not getattr(contest.rules_file, "_committed", True)


def _remove_file_later(storage, name: str) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# --- the contest -----------------------------------------------------------------------------

def check_timetable(contest: Contest) -> None:
    """Nominations close on or after they open; the jury scores until that day or later;
    the results are announced when scoring is over or later."""
    errors = {}
    opens, closes = contest.nominations_open, contest.nominations_close
    if opens and closes and closes < opens:
        errors["nominations_close"] = _("Nominations cannot close before they open.")
    if contest.scoring_until and closes and contest.scoring_until < closes:
        errors["scoring_until"] = _("The jury cannot finish scoring before nominations "
                                    "close.")
    later = contest.scoring_until or closes
    if contest.results_on and later and contest.results_on < later:
        errors["results_on"] = (_("The results cannot be announced before the jury finishes "
                                  "scoring.") if contest.scoring_until else
                                _("The results cannot be announced before nominations "
                                  "close."))
    if errors:
        raise Refused(errors, code="timetable")


@transaction.atomic
def create_contest(*, contest: Contest, by) -> Contest:
    """A new contest, always a draft (staff)."""
    _require_manager(by)
    check_timetable(contest)
    if _new_upload(contest):
        contest.rules_file_name = contest.rules_file.name
    contest.status = ContestStatus.DRAFT
    contest.created_by = by
    contest.version = 1
    contest._history_user = by
    contest.save()
    return contest


#: What the contest's form changes; the status, the jury's closing and the results move
#: only through their own services.
CONTEST_FIELDS = ("title", "year", "level", "description", "rules", "rules_file",
                  "nominations_open", "nominations_close", "scoring_until", "results_on",
                  "diploma_text", "letter_text", "signatory_name", "signatory_position")


@transaction.atomic
def update_contest(*, contest: Contest, by, seen_version: int) -> Contest:
    """Save an edit of the contest (``contest`` holds the typed values). Refused
    (``stale``) when someone saved after ``seen_version``; an archived contest is kept as
    it was. A replaced or cleared rules file is removed after the commit."""
    _require_manager(by)
    current = _locked(contest.pk)
    if current.version != seen_version:
        raise Refused(_("Someone else changed this contest while you were editing it."),
                      code="stale")
    if current.status == ContestStatus.ARCHIVED:
        raise Refused(_("An archived contest is kept as it was."), code="archived")
    check_timetable(contest)
    old_file = current.rules_file.name if current.rules_file else ""
    for name in CONTEST_FIELDS:
        setattr(current, name, getattr(contest, name))
    if _new_upload(current):
        current.rules_file_name = current.rules_file.name
    elif not current.rules_file:
        current.rules_file_name = ""
    current.version += 1
    current._history_user = by
    current.save()
    if old_file and old_file != current.rules_file.name:
        _remove_file_later(current.rules_file.storage, old_file)
    return current


def _recorded(contest: Contest, by) -> Contest:
    """The moved row, with a history entry naming who moved it."""
    contest = Contest.objects.get(pk=contest.pk)
    contest._history_user = by
    contest.save(update_fields=["status"])
    return contest


def _moved_on(contest: Contest) -> Refused:
    current = Contest.objects.get(pk=contest.pk)
    return Refused(_("The contest has moved on meanwhile: it is now “%(status)s”.")
                   % {"status": current.get_status_display()}, code="moved")


def missing_to_open(contest: Contest) -> list[str]:
    """What a draft still lacks before it can open for nominations."""
    missing = []
    if not contest.categories.exists():
        missing.append(_("at least one category"))
    if not contest.criteria.exists():
        missing.append(_("at least one criterion"))
    if not contest.jury.filter(role=JuryRole.CHAIR).exists():
        missing.append(_("the chair of the jury"))
    return missing


@transaction.atomic
def open_nominations(*, contest: Contest, by) -> Contest:
    """Draft → open for nominations; needs a category, a criterion and the jury's chair."""
    _require_manager(by)
    _locked(contest.pk)
    missing = missing_to_open(contest)
    if missing:
        raise Refused(_("The contest cannot open yet: it needs %(what)s.")
                      % {"what": ", ".join(missing)}, code="incomplete")
    moved = Contest.objects.filter(pk=contest.pk, status=ContestStatus.DRAFT).update(
        status=ContestStatus.OPEN, version=F("version") + 1)
    if moved != 1:
        raise _moved_on(contest)
    return _recorded(contest, by)


@transaction.atomic
def start_evaluation(*, contest: Contest, by) -> Contest:
    """Open → evaluation: every nomination still ``submitted`` is admitted to the
    evaluation (staff have not refused it). ``contest.admitted`` tells how many."""
    _require_manager(by)
    moved = Contest.objects.filter(pk=contest.pk, status=ContestStatus.OPEN).update(
        status=ContestStatus.EVALUATION, version=F("version") + 1)
    if moved != 1:
        raise _moved_on(contest)
    admitted = Nomination.objects.filter(contest_id=contest.pk,
                                         status=NominationStatus.SUBMITTED).update(
        status=NominationStatus.ACCEPTED, version=F("version") + 1)
    current = _recorded(contest, by)
    current.admitted = admitted
    return current


@transaction.atomic
def reopen_draft(*, contest: Contest, by) -> Contest:
    """Open → draft again, while nobody has nominated (a nomination, even withdrawn,
    keeps the contest open)."""
    _require_manager(by)
    _locked(contest.pk)
    if Nomination.objects.filter(contest_id=contest.pk).exists():
        raise Refused(_("Nominations have been made: the contest cannot return to a draft."),
                      code="nominated")
    moved = Contest.objects.filter(pk=contest.pk, status=ContestStatus.OPEN).update(
        status=ContestStatus.DRAFT, version=F("version") + 1)
    if moved != 1:
        raise _moved_on(contest)
    return _recorded(contest, by)


# --- categories and criteria -----------------------------------------------------------------

def _shape_editable(contest_pk: int) -> Contest:
    current = _locked(contest_pk)
    if current.status not in SHAPE_EDITABLE:
        raise Refused(_("Categories and criteria can no longer change: the evaluation has "
                        "started."), code="status")
    return current


@transaction.atomic
def save_category(*, category: Category, by, positions=None) -> Category:
    """Create or change a category while the contest is a draft or open."""
    _require_manager(by)
    _shape_editable(category.contest_id)
    if category.places is None or category.places < 1:
        raise Refused({"places": _("At least one nomination of a category wins.")},
                      code="places")
    if category.min_service_years is not None and category.min_service_years > 60:
        raise Refused({"min_service_years": _("At most 60 years.")}, code="years")
    if category.pk is None and not category.order:
        category.order = Category.objects.filter(contest_id=category.contest_id).count()
    category.save()
    if positions is not None:
        category.positions.set(positions)
    return category


@transaction.atomic
def delete_category(*, category: Category, by) -> None:
    """Delete a category nobody has been nominated in."""
    _require_manager(by)
    _shape_editable(category.contest_id)
    if Nomination.objects.filter(category_id=category.pk).exists():
        raise Refused(_("Nominations have been made in this category: it cannot be "
                        "deleted."), code="nominated")
    category.delete()


def check_criterion(criterion: Criterion) -> None:
    errors = {}
    if criterion.max_score is not None and criterion.min_score is not None \
            and criterion.max_score <= criterion.min_score:
        errors["max_score"] = _("The highest score must be greater than the lowest.")
    if criterion.weight is not None and criterion.weight <= 0:
        errors["weight"] = _("The weight must be greater than zero.")
    if errors:
        raise Refused(errors, code="criterion")


@transaction.atomic
def save_criterion(*, criterion: Criterion, by) -> Criterion:
    """Create or change a criterion while the contest is a draft or open."""
    _require_manager(by)
    _shape_editable(criterion.contest_id)
    check_criterion(criterion)
    if criterion.pk is None and not criterion.order:
        criterion.order = Criterion.objects.filter(contest_id=criterion.contest_id).count()
    criterion.save()
    return criterion


@transaction.atomic
def delete_criterion(*, criterion: Criterion, by) -> None:
    _require_manager(by)
    _shape_editable(criterion.contest_id)
    criterion.delete()


# --- the jury --------------------------------------------------------------------------------

def _jury_editable(contest_pk: int) -> Contest:
    current = _locked(contest_pk)
    if current.scoring_closed_at is not None or current.status in RESULTS:
        raise Refused(_("Scoring is closed: the jury can no longer change."), code="closed")
    return current


def _demote_chair(contest_pk: int, *, keep=None) -> None:
    chairs = JuryMember.objects.filter(contest_id=contest_pk, role=JuryRole.CHAIR)
    if keep is not None:
        chairs = chairs.exclude(pk=keep)
    for chair in chairs:
        chair.role = JuryRole.MEMBER
        chair.save(update_fields=["role"])


@transaction.atomic
def add_juror(*, contest: Contest, user, role: str = JuryRole.MEMBER, by) -> JuryMember:
    """A portal user joins the jury; as the chair, the former chair becomes a member."""
    _require_manager(by)
    current = _jury_editable(contest.pk)
    if not user.is_active:
        raise Refused({"user": _("This account is not active.")}, code="inactive")
    if JuryMember.objects.filter(contest=current, user=user).exists():
        raise Refused({"user": _("%(name)s is already on the jury.") % {"name": user}},
                      code="twice")
    if role == JuryRole.CHAIR:
        _demote_chair(current.pk)
    try:
        with transaction.atomic():
            member = JuryMember(contest=current, user=user, role=role)
            member._history_user = by
            member.save()
    except IntegrityError:
        raise Refused({"user": _("%(name)s is already on the jury.") % {"name": user}},
                      code="twice") from None
    return member


@transaction.atomic
def set_juror_role(*, member: JuryMember, role: str, by) -> JuryMember:
    """Change a juror's role; making them the chair makes the former chair a member."""
    _require_manager(by)
    current = _jury_editable(member.contest_id)
    member = JuryMember.objects.select_for_update().get(pk=member.pk)
    if role == member.role:
        return member
    if role == JuryRole.CHAIR:
        _demote_chair(current.pk, keep=member.pk)
    member.role = role
    member._history_user = by
    member.save(update_fields=["role"])
    return member


@transaction.atomic
def remove_juror(*, member: JuryMember, by) -> None:
    """Take a juror off the jury before they have declared or scored anything (their
    work is part of the record once they have)."""
    _require_manager(by)
    _jury_editable(member.contest_id)
    if member.assessments.exists():
        raise Refused(_("%(name)s has already declared or scored: their work stays in the "
                        "record, so they cannot be removed.") % {"name": member.user},
                      code="worked")
    member._history_user = by
    member.delete()
