"""The jury's writes: a juror's conflict-of-interest declaration, their scores, staff resetting
a declaration, the chair's protocol note and the closing of scoring, which computes the
results in the same transaction. Every action writes a ``JuryEvent`` (the audit trail).

Who may: a juror acts only on the admitted nominations of a contest they sit on; only the
chair writes the note and closes; only staff reset a declaration. Declarations and scores
are taken while the contest is in evaluation and scoring is not closed; the juror's writes
lock the contest's row first and closing moves ``scoring_closed_at`` with a conditional
UPDATE (which takes the same row), so a score never slips in after closing and two closes
at once close once.

A conflict is **forced** (``forced_conflict``) when the juror nominated it, or when the
nominee's library (``Nomination.unit``) is in the same library tree — the same municipal
system, school or county library — as one of the juror's own libraries (their memberships).
A declaration is final: changes go through staff (``reset_declaration``).

**The result rule** (shown on the contest page, in the protocol):

1. A juror's total for a nomination = Σ wᵢ·(sᵢ − minᵢ)/(maxᵢ − minᵢ) / Σ wᵢ × 100 (0–100),
   counted only from a **complete** sheet (every criterion scored and the sheet submitted).
2. A juror with a declared conflict is left out of that nomination; the nomination's score
   is the mean of the totals of the jurors who scored it (so an exclusion neither lowers nor
   raises it), rounded half up to 2 decimals. ``Result.sheets`` = how many scored,
   ``Result.excluded`` = how many were left out for a conflict. No complete sheet: no
   score, no rank.
3. Within a category the nominations are ranked by that (rounded) score. A tie is broken by
   the higher mean score on the heaviest criterion, then on the next heaviest, and so on
   (criteria of equal weight in their order on the contest's list); still tied: the same
   place (places ``1, 1, 3``), and both win if the shared place is a winning one.
   ``tie_note`` says which rule decided. Winners: place ≤ the category's number of winners.

The arithmetic is exact (fractions) until the one rounding of rule 2."""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apdovanojimai.models import (
    Assessment,
    ConflictReason,
    Contest,
    ContestStatus,
    JuryAction,
    JuryEvent,
    JuryMember,
    JuryRole,
    Nomination,
    NominationStatus,
    Result,
    Score,
    may_manage,
)
from bibliotekos.scoping import memberships_of
from portalas.memo import per_request

__all__ = ["REMINDED", "RESET", "Refused", "close_scoring", "compute_results", "declare",
           "forced_conflict", "juror_total", "may_close", "reset_declaration", "score",
           "scores_visible_to", "seat_of", "write_protocol_note"]

RESET = JuryAction.RESET
REMINDED = JuryAction.REMINDED
HUNDRED = Fraction(100)


class Refused(ValidationError):
    """The change cannot be made now, for a reason to tell the user (``code``: ``closed``,
    ``state``, ``declared``, ``forced``, ``stale``, ``invalid``)."""

    def __init__(self, message, code=None, params=None):
        super().__init__(message, code, params)
        self.code = code


# --- who may ----------------------------------------------------------------------------------

def seat_of(user, contest) -> JuryMember | None:
    if not user.is_authenticated:
        return None
    return JuryMember.objects.filter(contest=contest, user=user).first()


def is_chair(user, contest) -> bool:
    return (user.is_authenticated
            and JuryMember.objects.filter(contest=contest, user=user,
                                          role=JuryRole.CHAIR).exists())


def scores_visible_to(user, contest) -> bool:
    """Everyone's scores: the chair and staff, once scoring is closed. Nobody before — a
    staff member on the jury included (each juror sees only their own sheet)."""
    if not contest.scoring_closed or not user.is_authenticated or not user.is_active:
        return False
    return may_manage(user) or is_chair(user, contest)


def may_close(user, contest) -> bool:
    return (contest.status == ContestStatus.EVALUATION and not contest.scoring_closed
            and is_chair(user, contest))


def _open_for_scoring(contest) -> Contest:
    """The contest's row, locked until the transaction ends; refused once closed."""
    locked = Contest.objects.select_for_update().filter(pk=contest.pk).first()
    if locked is None or locked.scoring_closed_at is not None:
        raise Refused(_("Scoring of this contest is closed: nothing can be changed."),
                      code="closed")
    if locked.status != ContestStatus.EVALUATION:
        raise Refused(_("The jury declares and scores while the contest is in evaluation."),
                      code="state")
    return locked


def _event(contest, action, by, *, nomination=None, detail=None) -> JuryEvent:
    return JuryEvent.objects.create(contest=contest, nomination=nomination, actor=by,
                                    action=action, detail=detail or {})


# --- conflicts of interest --------------------------------------------------------------------

def _parents() -> dict[int, int | None]:
    from bibliotekos.models import Library

    return per_request("apdovanojimai:library-parents",
                       lambda: dict(Library.objects.values_list("pk", "parent_id")))


def library_root(library_id, parents=None) -> int | None:
    """The top of the library's tree: its municipal system, or itself (a school, a county
    library)."""
    parents = parents if parents is not None else _parents()
    seen = set()
    node = library_id
    while node is not None and parents.get(node) is not None and node not in seen:
        seen.add(node)
        node = parents[node]
    return node


def own_roots(user) -> frozenset[int]:
    parents = _parents()
    return frozenset(library_root(library_id, parents)
                     for library_id, _role in memberships_of(user))


def forced_conflict(user, nomination: Nomination) -> str:
    """The reason a juror must declare a conflict with the nomination, or "" (none forced)."""
    if nomination.nominator_id == user.pk:
        return ConflictReason.NOMINATOR
    if nomination.unit_id is not None and library_root(nomination.unit_id) in own_roots(user):
        return ConflictReason.OWN_LIBRARY
    return ""


def _seat(by, nomination: Nomination) -> JuryMember:
    seat = seat_of(by, nomination.contest_id)
    if seat is None or nomination.status != NominationStatus.ACCEPTED:
        raise PermissionDenied
    return seat


@transaction.atomic
def declare(*, nomination: Nomination, by, conflict: bool, reason: str = "",
            note: str = "") -> Assessment:
    """The juror's declaration about one nomination (final). With a conflict they score
    nothing of it; a forced conflict cannot be declared away."""
    seat = _seat(by, nomination)
    _open_for_scoring(nomination.contest)
    forced = forced_conflict(by, nomination)
    if forced:
        if not conflict:
            raise Refused(_("You must declare a conflict of interest with this nomination: "
                            "%(reason)s.") % {"reason": ConflictReason(forced).label},
                          code="forced")
        reason = forced
    if conflict and reason not in ConflictReason.values:
        raise Refused({"reason": _("Say what the conflict of interest is.")}, code="invalid")
    assessment, _created = Assessment.objects.get_or_create(nomination=nomination, juror=seat)
    moved = Assessment.objects.filter(pk=assessment.pk, declared_at__isnull=True).update(
        conflict=bool(conflict), conflict_reason=reason if conflict else "",
        conflict_note=(note or "").strip()[:300], declared_at=timezone.now(),
        version=F("version") + 1)
    if moved != 1:
        raise Refused(_("You have already declared about this nomination. Only the "
                        "department can reset a declaration."), code="declared")
    _event(nomination.contest, JuryAction.DECLARED_CONFLICT if conflict
           else JuryAction.DECLARED_NONE, by, nomination=nomination,
           detail={"reason": reason if conflict else ""})
    assessment.refresh_from_db()
    return assessment


# --- scores -----------------------------------------------------------------------------------

def _checked(criterion, value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        value = Decimal(str(value))
    except ArithmeticError:
        raise Refused({f"c{criterion.pk}": _("Enter a number.")}, code="invalid") from None
    if not value.is_finite() or value != value.quantize(Decimal("0.1")):
        raise Refused({f"c{criterion.pk}": _("A score has at most one decimal place.")},
                      code="invalid")
    if not criterion.min_score <= value <= criterion.max_score:
        raise Refused({f"c{criterion.pk}": _("A score of “%(criterion)s” is from %(low)s to "
                                             "%(high)s.") % {
            "criterion": criterion.name, "low": criterion.min_score,
            "high": criterion.max_score}}, code="invalid")
    return value.quantize(Decimal("0.1"))


@transaction.atomic
def score(*, nomination: Nomination, by, values: dict, comment: str = "",
          complete: bool, seen_version: int) -> Assessment:
    """Save the juror's sheet: ``values`` maps a criterion's id to a score (blank: not
    scored yet). ``complete`` submits it (every criterion needed) — only a complete sheet
    counts; saving it partially takes it out again. Rescoring is allowed until closing;
    the sheet's version travels with the form (two tabs cannot overwrite each other)."""
    seat = _seat(by, nomination)
    _open_for_scoring(nomination.contest)
    assessment = Assessment.objects.filter(nomination=nomination, juror=seat,
                                           declared_at__isnull=False, conflict=False).first()
    if assessment is None:
        raise Refused(_("Declare that you have no conflict of interest before scoring."),
                      code="declared")
    criteria = list(nomination.contest.criteria.order_by("order", "pk"))
    checked = {c.pk: _checked(c, values.get(c.pk)) for c in criteria}
    if complete and any(v is None for v in checked.values()):
        raise Refused(_("Score every criterion to submit the sheet, or save it as a draft."),
                      code="invalid")
    moved = Assessment.objects.filter(pk=assessment.pk, version=seen_version).update(
        version=F("version") + 1, comment=(comment or "").strip(),
        completed_at=timezone.now() if complete else None)
    if moved != 1:
        raise Refused(_("Your sheet was saved in another window after you opened this one. "
                        "Open it again to see what is saved."), code="stale")
    had_scores = assessment.scores.exists()
    for criterion in criteria:
        value = checked[criterion.pk]
        if value is None:
            Score.objects.filter(assessment=assessment, criterion=criterion).delete()
        else:
            Score.objects.update_or_create(assessment=assessment, criterion=criterion,
                                           defaults={"value": value})
    _event(nomination.contest, JuryAction.RESCORED if had_scores else JuryAction.SCORED, by,
           nomination=nomination,
           detail={"scores": {str(pk): str(v) for pk, v in checked.items() if v is not None},
                   "complete": bool(complete)})
    assessment.refresh_from_db()
    return assessment


@transaction.atomic
def reset_declaration(*, assessment: Assessment, by) -> None:
    """Staff clear a juror's declaration (and any scores of it) while scoring is open: the
    juror declares again. Logged with what was cleared."""
    if not may_manage(by):
        raise PermissionDenied
    assessment = (Assessment.objects.select_related("nomination__contest", "juror")
                  .get(pk=assessment.pk))
    contest = assessment.nomination.contest
    _open_for_scoring(contest)
    cleared = {str(s.criterion_id): str(s.value) for s in assessment.scores.all()}
    _event(contest, RESET, by, nomination=assessment.nomination,
           detail={"juror": assessment.juror.user_id, "conflict": assessment.conflict,
                   "reason": assessment.conflict_reason, "scores": cleared})
    assessment.delete()


# --- the chair --------------------------------------------------------------------------------

@transaction.atomic
def write_protocol_note(*, contest: Contest, by, note: str) -> Contest:
    """The chair's note for the protocol, before or after closing, until the results are
    published."""
    if not is_chair(by, contest):
        raise PermissionDenied
    note = (note or "").strip()
    moved = Contest.objects.filter(pk=contest.pk, status__in=(
        ContestStatus.OPEN, ContestStatus.EVALUATION)).update(protocol_note=note)
    if moved != 1:
        raise Refused(_("The results have been published: the protocol can no longer be "
                        "changed."), code="state")
    _event(contest, JuryAction.NOTE, by, detail={"note": note})
    contest.refresh_from_db()
    return contest


@transaction.atomic
def close_scoring(*, contest: Contest, by) -> list[Result]:
    """The chair closes scoring (once: a conditional UPDATE), and the results of every
    admitted nomination are computed by the rule and stored in the same transaction."""
    if not is_chair(by, contest):
        raise PermissionDenied
    moved = Contest.objects.filter(pk=contest.pk, status=ContestStatus.EVALUATION,
                                   scoring_closed_at__isnull=True).update(
        scoring_closed_at=timezone.now(), scoring_closed_by=by)
    if moved != 1:
        raise Refused(_("Scoring can be closed once, while the contest is in evaluation."),
                      code="state")
    contest.refresh_from_db()
    results = compute_results(contest)
    Result.objects.filter(nomination__contest=contest).delete()
    Result.objects.bulk_create(results)
    _event(contest, JuryAction.CLOSED, by,
           detail={"results": len(results),
                   "winners": [r.nomination_id for r in results if r.won]})
    return results


# --- the rule ---------------------------------------------------------------------------------

@dataclass
class Sheet:
    """One juror's complete scores of one nomination: criterion id → value."""

    juror_id: int
    values: dict


def juror_total(criteria, values: dict) -> Fraction:
    """Rule 1: Σ wᵢ·(sᵢ − minᵢ)/(maxᵢ − minᵢ) / Σ wᵢ × 100, exact."""
    weights = sum(Fraction(c.weight) for c in criteria)
    points = sum(Fraction(c.weight) * (Fraction(values[c.pk]) - c.min_score)
                 / (c.max_score - c.min_score) for c in criteria)
    return points / weights * HUNDRED


def half_up(value: Fraction) -> Decimal:
    """Rounded half up to 2 decimals (the values are never negative)."""
    cents = (value * 100 + Fraction(1, 2)).__floor__()
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


def _fmt(value: Fraction) -> str:
    from django.utils.formats import number_format

    return number_format((Decimal(value.numerator) / Decimal(value.denominator))
                         .quantize(Decimal("0.01")), 2)


def compute_results(contest: Contest) -> list[Result]:
    """The results of every admitted nomination of the contest by the rule (unsaved rows;
    pure: reads, never writes). ``tie_note`` is written in the portal's language."""
    criteria = list(contest.criteria.order_by("order", "pk"))
    by_weight = sorted(criteria, key=lambda c: -Fraction(c.weight))  # stable: list order
    nominations = list(Nomination.objects.filter(contest=contest,
                                                 status=NominationStatus.ACCEPTED)
                       .select_related("category", "person", "library", "practice")
                       .order_by("category__order", "category_id", "pk"))
    sheets: dict[int, list[Sheet]] = {n.pk: [] for n in nominations}
    excluded: dict[int, int] = dict.fromkeys(sheets, 0)
    assessments = (Assessment.objects.filter(nomination__in=sheets.keys(),
                                             declared_at__isnull=False)
                   .prefetch_related("scores"))
    wanted = {c.pk for c in criteria}
    for assessment in assessments:
        if assessment.conflict:
            excluded[assessment.nomination_id] += 1
            continue
        values = {s.criterion_id: s.value for s in assessment.scores.all()}
        if assessment.completed_at is not None and criteria and wanted <= values.keys():
            sheets[assessment.nomination_id].append(Sheet(assessment.juror_id, values))
    now = timezone.now()
    results, keys, means = [], {}, {}
    for nomination in nominations:
        own = sheets[nomination.pk]
        result = Result(nomination=nomination, category=nomination.category,
                        sheets=len(own), excluded=excluded[nomination.pk], computed_at=now)
        if own:
            mean = sum((juror_total(criteria, s.values) for s in own), Fraction(0)) / len(own)
            result.score = half_up(mean)
            means[nomination.pk] = [sum(Fraction(s.values[c.pk]) for s in own) / len(own)
                                    for c in by_weight]
            keys[nomination.pk] = (result.score, *means[nomination.pk])
        results.append(result)
    with translation.override(settings.LANGUAGE_CODE):
        _rank(results, keys, means, by_weight)
    return results


def _rank(results, keys, means, by_weight) -> None:
    categories: dict[int, list[Result]] = {}
    for result in results:
        if result.nomination_id in keys:
            categories.setdefault(result.category_id, []).append(result)
    for ranked in categories.values():
        for result in ranked:
            key = keys[result.nomination_id]
            result.rank = 1 + sum(1 for other in ranked if keys[other.nomination_id] > key)
            result.won = result.rank <= result.category.places
            tied = [o for o in ranked if o is not result and o.score == result.score]
            if tied:
                result.tie_note = _tie_note(result, tied, means, by_weight)[:300]


def _tie_note(result, tied, means, by_weight) -> str:
    """Which rule placed a nomination among those of the same score."""
    mine = means[result.nomination_id]
    decided = []
    for other in tied:
        theirs = means[other.nomination_id]
        index = next((i for i, (a, b) in enumerate(zip(mine, theirs, strict=True))
                      if a != b), None)
        decided.append((other, index))
    shared = [o for o, index in decided if index is None]
    broken = [(o, index) for o, index in decided if index is not None]
    parts = []
    if broken:
        index = min(i for _o, i in broken)
        criterion = by_weight[index]
        parts.append(_("Same score as %(others)s; the tie was broken by the mean score on "
                       "the criterion “%(criterion)s” (%(value)s).") % {
            "others": ", ".join(f"„{o.nomination.nominee_name}“" for o, _i in broken),
            "criterion": criterion.name, "value": _fmt(mine[index])})
    if shared:
        parts.append(_("Same score and the same mean on every criterion as %(others)s: "
                       "the place is shared.") % {
            "others": ", ".join(f"„{o.nomination.nominee_name}“" for o in shared)})
    return " ".join(parts)
