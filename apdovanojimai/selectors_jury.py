"""The jury's reads: each juror's progress as counts (never scores), a juror's worklist,
the audit trail's rows (the scores only once scoring is closed, and only for those who may
see them) and the score table after closing.

Scores leave this module only through ``own_sheet`` (the juror's own), ``audit_rows`` and
``score_table`` — the last two check ``services_jury.scores_visible_to`` themselves, so a
view that forgets to cannot show them — and through ``fill_sheets``, which fills in the
jurors' cells of rows ``score_table`` has already given (a page of them at a time), and
``all_scores``, the protocol's (whose parameter form allows the reader)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from apdovanojimai.models import (
    Assessment,
    ConflictReason,
    Contest,
    Criterion,
    JuryAction,
    JuryEvent,
    JuryMember,
    Nomination,
    NominationStatus,
    Result,
    Score,
)
from apdovanojimai.services_jury import (
    REMINDED,
    RESET,
    forced_conflict,
    half_up,
    juror_total,
    scores_visible_to,
)
from portalas.ordering import sorted_lt

__all__ = ["Progress", "all_scores", "audit_events", "audit_rows", "contest_progress",
           "fill_sheets", "jury_progress", "juror_progress", "score_summary", "score_table",
           "seats_progress", "worklist"]

NOMINEE = ("category", "person", "library", "practice", "unit")


def action_label(action: str) -> str:
    return str(JuryAction(action).label) if action in JuryAction.values else action


@dataclass
class Progress:
    """A juror's work on a contest, as counts."""

    member: JuryMember | None
    admitted: int
    declared: int = 0
    conflicts: int = 0
    complete: int = 0

    @property
    def to_declare(self) -> int:
        return max(self.admitted - self.declared, 0)

    @property
    def to_score(self) -> int:
        return max(self.declared - self.conflicts - self.complete, 0)

    @property
    def done(self) -> int:
        return self.conflicts + self.complete

    @property
    def finished(self) -> bool:
        return self.admitted > 0 and self.to_declare == 0 and self.to_score == 0

    @property
    def work_left(self) -> int:
        return self.to_declare + self.to_score


def _admitted(contest) -> int:
    return Nomination.objects.filter(contest=contest, status=NominationStatus.ACCEPTED).count()


def _counts(contest, **filters) -> dict[int, dict]:
    return _counts_of(Assessment.objects.filter(nomination__contest=contest, **filters))


def _counts_of(assessments) -> dict[int, dict]:
    rows = (assessments.filter(nomination__status=NominationStatus.ACCEPTED)
            .values("juror_id")
            .annotate(declared=Count("pk", filter=Q(declared_at__isnull=False)),
                      conflicts=Count("pk", filter=Q(declared_at__isnull=False,
                                                     conflict=True)),
                      complete=Count("pk", filter=Q(conflict=False,
                                                    completed_at__isnull=False))))
    return {row.pop("juror_id"): row for row in rows}


def juror_progress(member: JuryMember, admitted: int | None = None) -> Progress:
    contest = member.contest_id
    admitted = _admitted(contest) if admitted is None else admitted
    counts = _counts(contest, juror=member).get(member.pk, {})
    return Progress(member, admitted, **counts)


def jury_progress(contest) -> list[Progress]:
    """Every juror's progress (the chair first), three queries whatever the jury's size."""
    admitted = _admitted(contest)
    counts = _counts(contest)
    members = list(JuryMember.objects.filter(contest=contest).select_related("user"))
    ordered = [m for m in members if m.is_chair] + sorted_lt(
        (m for m in members if not m.is_chair), key=lambda m: str(m.user))
    return [Progress(m, admitted, **counts.get(m.pk, {})) for m in ordered]


def seats_progress(seats) -> dict[int, Progress]:
    """Several seats' progress (a user's juries), two queries whatever their number."""
    admitted = dict(Nomination.objects.filter(contest__in=[s.contest_id for s in seats],
                                              status=NominationStatus.ACCEPTED)
                    .values("contest_id").annotate(n=Count("pk"))
                    .values_list("contest_id", "n"))
    counts = _counts_of(Assessment.objects.filter(juror__in=seats))
    return {seat.pk: Progress(seat, admitted.get(seat.contest_id, 0),
                              **counts.get(seat.pk, {})) for seat in seats}


def contest_progress(progress: list[Progress]) -> dict:
    return {"jurors": len(progress), "finished": sum(1 for p in progress if p.finished)}


# --- the worklist -----------------------------------------------------------------------------

@dataclass
class WorkItem:
    nomination: Nomination
    assessment: Assessment | None
    forced: str = ""

    @property
    def state(self) -> str:
        a = self.assessment
        if a is None or a.declared_at is None:
            return "declare"
        if a.conflict:
            return "conflict"
        return "complete" if a.completed_at else ("draft" if a.scored else "score")

    @property
    def forced_label(self) -> str:
        return str(ConflictReason(self.forced).label) if self.forced else ""


def worklist(user, contest) -> list[WorkItem]:
    """The admitted nominations of the contest the user is on the jury of, with their own
    declaration and how far their sheet is."""
    nominations = list(Nomination.objects.to_declare(user).filter(contest=contest)
                       .select_related(*NOMINEE).order_by("category__order", "category_id",
                                                          "pk"))
    own = {a.nomination_id: a for a in Assessment.objects.filter(
        juror__user=user, juror__contest=contest, nomination__in=nominations)
        .annotate(scored_count=Count("scores"))}
    items = []
    for nomination in nominations:
        assessment = own.get(nomination.pk)
        if assessment is not None:
            assessment.scored = assessment.scored_count > 0
        items.append(WorkItem(nomination, assessment, forced_conflict(user, nomination)))
    return items


def own_sheet(assessment: Assessment) -> dict[int, Decimal]:
    """The juror's own scores (criterion id → value)."""
    return dict(assessment.scores.values_list("criterion_id", "value"))


# --- the audit trail --------------------------------------------------------------------------

def _names_of(ids) -> dict[int, str]:
    from django.contrib.auth import get_user_model

    return {u.pk: str(u) for u in get_user_model().objects.filter(pk__in=set(ids))}


def audit_events(contest: Contest):
    """The contest's trail in the order it happened (the page shows it a page at a time)."""
    return (JuryEvent.objects.filter(contest=contest)
            .select_related("actor", "nomination__person", "nomination__library",
                            "nomination__practice").order_by("at", "pk"))


def audit_rows(contest: Contest, user, events=None) -> dict:
    """Who did what and when — of ``events`` (a page of ``audit_events``), or of the whole
    trail. The scores (and the note's text) only when ``scores_visible_to(user, contest)``;
    before that a row says that someone scored, never what."""
    show = scores_visible_to(user, contest)
    events = list(audit_events(contest) if events is None else events)
    criteria = {c.pk: c for c in Criterion.objects.filter(contest=contest)}
    jurors = _names_of(e.detail.get("juror") for e in events
                       if e.action in (RESET, REMINDED) and e.detail.get("juror"))
    rows = []
    for event in events:
        detail = event.detail or {}
        text = ""
        if event.action == JuryAction.DECLARED_CONFLICT and detail.get("reason"):
            reason = detail["reason"]
            text = str(ConflictReason(reason).label) if reason in ConflictReason.values else ""
        elif event.action in (RESET, REMINDED):
            text = _("Juror: %(name)s.") % {"name": jurors.get(detail.get("juror"), "–")}
        if show:
            text = " ".join(filter(None, [text, _detail_text(event, detail, criteria)]))
        rows.append({"at": event.at, "actor": str(event.actor) if event.actor else "–",
                     "action": action_label(event.action), "code": event.action,
                     "nomination": event.nomination.nominee_name if event.nomination else "",
                     "detail": text})
    return {"rows": rows, "scores_shown": show}


def _detail_text(event, detail: dict, criteria: dict) -> str:
    scores = detail.get("scores") or {}
    parts = []
    for pk, value in scores.items():
        criterion = criteria.get(int(pk))
        parts.append(f"{criterion.name if criterion else '#' + pk}: "
                     f"{str(value).replace('.', ',')}")
    text = "; ".join(parts)
    if event.action in (JuryAction.SCORED, JuryAction.RESCORED):
        text += " " + (_("(submitted)") if detail.get("complete") else _("(draft)"))
    if event.action == JuryAction.NOTE and detail.get("note"):
        text = detail["note"][:300]
    return text.strip()


# --- the score table --------------------------------------------------------------------------

@dataclass
class TableRow:
    nomination: Nomination
    result: Result | None
    cells: list = field(default_factory=list)   # per juror: {"state", "values", "total"}


def score_table(contest: Contest, user) -> list[dict] | None:
    """Per category: each nomination with its result (the place, the mean, the tie note),
    without the jurors' cells — the page fills them for the nominations it shows
    (``fill_sheets``). None when the user may not see scores."""
    if not scores_visible_to(user, contest):
        return None
    return score_summary(contest)


def all_scores(contest: Contest) -> list[dict]:
    """The score table with every juror's scores per criterion and total of every
    nomination, without asking who reads it: only for the protocol's builder, whose
    parameter form already allowed the reader."""
    table = score_summary(contest)
    if table:
        fill_sheets([row for entry in table for row in entry["rows"]],
                    table[0]["criteria"], table[0]["members"])
    return table


def score_summary(contest: Contest) -> list[dict]:
    """Per category (with the contest's criteria and jury): its admitted nominations in
    the order of their places, each with its result; the rows' ``cells`` are left empty."""
    criteria = list(contest.criteria.order_by("order", "pk"))
    members = [p.member for p in jury_progress(contest)]
    nominations = list(Nomination.objects.filter(contest=contest,
                                                 status=NominationStatus.ACCEPTED)
                       .select_related(*NOMINEE, "result")
                       .order_by("category__order", "category_id", "pk"))
    categories: dict[int, dict] = {}
    for nomination in nominations:
        entry = categories.setdefault(nomination.category_id, {
            "category": nomination.category, "rows": []})
        entry["rows"].append(TableRow(nomination, getattr(nomination, "result", None)))
    for entry in categories.values():
        entry["rows"].sort(key=lambda r: (r.result is None or r.result.rank is None,
                                          r.result.rank if r.result and r.result.rank
                                          else 0, r.nomination.pk))
    return [{"criteria": criteria, "members": members, **entry}
            for entry in categories.values()]


@dataclass
class _Sheet:
    """One juror's declaration and scores of one nomination (plain values, no models)."""

    conflict: bool | None
    declared_at: object
    completed_at: object
    values: dict = field(default_factory=dict)     # criterion id → score


def fill_sheets(rows, criteria, members) -> None:
    """Every juror's cell of each of ``rows`` (``TableRow``): two queries whatever their
    number, reading plain values (a 300-nomination contest has ~10,000 scores)."""
    rows = list(rows)
    ids = [row.nomination.pk for row in rows]
    sheets, by_pk = {}, {}
    for pk, nomination_id, juror_id, conflict, declared_at, completed_at in (
            Assessment.objects.filter(nomination__in=ids).order_by()
            .values_list("pk", "nomination_id", "juror_id", "conflict", "declared_at",
                         "completed_at")):
        sheet = _Sheet(conflict, declared_at, completed_at)
        sheets[nomination_id, juror_id] = by_pk[pk] = sheet
    for assessment_id, criterion_id, value in (
            Score.objects.filter(assessment__nomination__in=ids).order_by()
            .values_list("assessment_id", "criterion_id", "value")):
        if assessment_id in by_pk:
            by_pk[assessment_id].values[criterion_id] = value
    for row in rows:
        row.cells = [{"member": member, **_cell(sheets.get((row.nomination.pk, member.pk)),
                                                criteria)} for member in members]


def _cell(sheet: _Sheet | None, criteria) -> dict:
    if sheet is None or sheet.declared_at is None:
        return {"state": "none", "values": [None] * len(criteria), "total": None}
    if sheet.conflict:
        return {"state": "conflict", "values": [None] * len(criteria), "total": None}
    values = sheet.values
    complete = (sheet.completed_at is not None and criteria
                and all(c.pk in values for c in criteria))
    return {"state": "complete" if complete else "incomplete",
            "values": [values.get(c.pk) for c in criteria],
            "total": half_up(juror_total(criteria, values)) if complete else None}
