"""Demo jury work, through the services (so the audit trail is real): in "Metų
bibliotekininkas 2025" every juror declares and scores every admitted nomination — the
Šilalė director declares the forced conflict where the nominee is of SVB-SIL — the chair
(``vadovas@demo.lt``) writes the protocol note and closes scoring, which computes the
results; in "Metų bibliotekininkas 2026" scoring is half done: the Tauragė director has the
forced conflict on the Tauragė nominee and declared no conflict elsewhere, the department's
juror has submitted some sheets and left one as a draft, and it stays open. The contests
and nominations come from ``demo_contests`` and ``demo_nominations``; a missing one is
skipped with a line saying so."""

from decimal import Decimal

from django.db import transaction

from apdovanojimai import services_jury as services
from apdovanojimai.models import (
    Assessment,
    Contest,
    ContestStatus,
    JuryMember,
    Nomination,
    NominationStatus,
)

LAST_YEAR = "Metų bibliotekininkas 2025"
THIS_YEAR = "Metų bibliotekininkas 2026"
NOTE = ("Komisija posėdžiavo nuotoliu. Visi nariai pateikė interesų konflikto deklaracijas; "
        "deklaravęs konfliktą narys to teikimo nevertino. Sprendimas priimtas vienbalsiai.")
#: Score patterns (a share of each criterion's range) per nomination, per juror.
PATTERNS = [(0.9, 0.8, 0.8), (0.8, 0.9, 0.6), (0.7, 0.6, 1.0), (0.6, 0.7, 0.4),
            (0.5, 0.6, 0.6)]
NUDGE = [0.0, -0.1, 0.1]


def _values(criteria, pattern_index: int, juror_index: int) -> dict:
    pattern = PATTERNS[pattern_index % len(PATTERNS)]
    values = {}
    for index, criterion in enumerate(criteria):
        share = pattern[index % len(pattern)] + NUDGE[juror_index % len(NUDGE)]
        share = min(max(share, 0.0), 1.0)
        span = criterion.max_score - criterion.min_score
        values[criterion.pk] = (Decimal(criterion.min_score)
                                + Decimal(str(round(span * share * 2) / 2)))
    return values


def _contest(title: str, out) -> Contest | None:
    contest = Contest.objects.filter(title=title).first()
    if contest is None:
        out.write(f"  jury: no contest \"{title}\" — skipped\n")
        return None
    if contest.status != ContestStatus.EVALUATION or contest.scoring_closed:
        out.write(f"  jury: \"{title}\" is not in evaluation — skipped\n")
        return None
    return contest


def _work(contest, *, everything: bool) -> tuple[int, int]:
    """Declarations and scores of the contest's jurors; ``everything``: every sheet
    submitted, else about half (the department's juror submits the first ones and leaves
    one a draft; the others declare)."""
    criteria = list(contest.criteria.order_by("order", "pk"))
    nominations = list(Nomination.objects.filter(contest=contest,
                                                 status=NominationStatus.ACCEPTED)
                       .order_by("pk"))
    seats = list(JuryMember.objects.filter(contest=contest).select_related("user")
                 .order_by("-role", "pk"))   # members first, the chair last
    declared = scored = 0
    half = max(len(nominations) // 2, 1)
    for juror_index, seat in enumerate(seats):
        user = seat.user
        for index, nomination in enumerate(nominations):
            if not everything and seat.is_chair and index > 0:
                break   # the chair has only started
            forced = services.forced_conflict(user, nomination)
            services.declare(nomination=nomination, by=user, conflict=bool(forced),
                             reason=forced,
                             note="Teikiamas asmuo – mano vadovaujamos bibliotekos darbuotojas."
                             if forced == "own_library" else "")
            declared += 1
            if forced:
                continue
            if everything:
                mode = "complete"
            elif user.is_department_staff:
                mode = "complete" if index < half else "draft" if index == half else ""
            else:
                mode = ""
            if not mode:
                continue
            assessment = Assessment.objects.get(nomination=nomination, juror=seat)
            services.score(nomination=nomination, by=user,
                           values=_values(criteria, index, juror_index),
                           comment="Išsamus, gerai argumentuotas teikimas." if index == 0
                           else "", complete=mode == "complete",
                           seen_version=assessment.version)
            scored += 1
    return declared, scored


@transaction.atomic
def load(out) -> None:
    closed = this_year = None
    last = _contest(LAST_YEAR, out)
    if last is not None:
        declared, scored = _work(last, everything=True)
        chair = JuryMember.objects.filter(contest=last, role="chair").first()
        if chair is not None:
            services.write_protocol_note(contest=last, by=chair.user, note=NOTE)
            results = services.close_scoring(contest=last, by=chair.user)
            closed = f"\"{LAST_YEAR}\" closed — {declared} declarations, {scored} " \
                     f"score sheets, {len(results)} results"
    current = _contest(THIS_YEAR, out)
    if current is not None:
        declared, scored = _work(current, everything=False)
        this_year = f"\"{THIS_YEAR}\" — {declared} declarations, {scored} score sheets " \
                    "(scoring open)"
    done = "; ".join(filter(None, [closed, this_year]))
    out.write(f"  jury: {done or 'nothing to evaluate'}\n")
