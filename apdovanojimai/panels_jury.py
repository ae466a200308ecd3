"""What other pages show of the jury's work: the contest page's jury section (a juror's own
progress; for the chair and staff everybody's progress as counts — who has finished, never
a score — the chair's "close scoring" and note, staff's audit trail, the score table and
the protocol once closed, and the result rule in words), the nomination page's line for a
juror (declare or score), and the home card of a juror with work waiting."""

from django.db.models import Count

from apdovanojimai import personal_data_jury  # noqa: F401  (registers the provider)
from apdovanojimai import services_jury as services
from apdovanojimai.models import (
    Assessment,
    Contest,
    ContestStatus,
    JuryMember,
    Nomination,
    NominationStatus,
    may_manage,
)
from apdovanojimai.selectors_jury import (
    contest_progress,
    juror_progress,
    jury_progress,
    seats_progress,
)
from paskyros.models import Role
from portalas.registry import home_panel, object_panel

__all__ = ["contest_jury", "jury_home", "nomination_jury"]

EVERYONE = {Role.ADMIN, Role.STAFF, Role.MANAGEMENT, Role.LIBRARIAN}


@object_panel(Contest, template="apdovanojimai/_jury_contest_panel.html", order=40)
def contest_jury(request, contest):
    """The jury section of a contest page, for its jurors and staff (others: nothing)."""
    user = request.user
    seat = JuryMember.objects.filter(contest=contest, user=user).first()
    staff = may_manage(user)
    if seat is None and not staff:
        return None
    if contest.status == ContestStatus.DRAFT and seat is None:
        return None
    chair = seat is not None and seat.is_chair
    everybody = jury_progress(contest) if chair or staff else []
    mine = next((p for p in everybody if seat and p.member.pk == seat.pk), None)
    if seat is not None and mine is None:
        mine = juror_progress(seat)
    open_ = contest.status == ContestStatus.EVALUATION and not contest.scoring_closed
    scores = services.scores_visible_to(user, contest)
    return {
        "contest": contest, "seat": seat, "chair": chair, "staff": staff, "mine": mine,
        "progress": everybody, "summary": contest_progress(everybody) if everybody else None,
        "open": open_,
        "actions": {
            "worklist": seat is not None and contest.status != ContestStatus.DRAFT,
            "close": open_ and chair,
            "note": chair and contest.status in (ContestStatus.OPEN, ContestStatus.EVALUATION),
            "audit": staff,
            "table": scores,
            "protocol": scores,
        },
        "protocol": {"contest": str(contest.pk)},
        "back": contest.get_absolute_url() if _has_detail() else "",
    }


def _has_detail() -> bool:
    from django.urls import NoReverseMatch, reverse

    try:
        reverse("apdovanojimai:contest_detail", args=[0])
    except NoReverseMatch:
        return False
    return True


@object_panel(Nomination, template="apdovanojimai/_jury_nomination_panel.html", order=40)
def nomination_jury(request, nomination):
    """A juror's line on a nomination's page: declare, or their own sheet's state and the
    link to it. Nothing for anyone else (and never anybody else's scores)."""
    if nomination.status != NominationStatus.ACCEPTED:
        return None
    seat = JuryMember.objects.filter(contest_id=nomination.contest_id,
                                     user=request.user).first()
    if seat is None:
        return None
    contest = nomination.contest
    own = (Assessment.objects.filter(nomination=nomination, juror=seat)
           .annotate(scored=Count("scores")).first())
    if own is None or own.declared_at is None:
        state = "declare"
    elif own.conflict:
        state = "conflict"
    else:
        state = "complete" if own.completed_at else ("draft" if own.scored else "score")
    return {"nomination": nomination, "state": state, "assessment": own,
            "open": contest.status == ContestStatus.EVALUATION and not contest.scoring_closed}


@home_panel(roles=EVERYONE, template="apdovanojimai/_jury_home.html", order=30)
def jury_home(request):
    """A juror's contests in evaluation with nominations still to declare or score."""
    seats = list(JuryMember.objects.filter(
        user=request.user, contest__status=ContestStatus.EVALUATION,
        contest__scoring_closed_at__isnull=True).select_related("contest")
        .order_by("contest__scoring_until", "contest_id"))
    if not seats:
        return None
    progress = seats_progress(seats)
    rows = [{"contest": seat.contest, "progress": progress[seat.pk]} for seat in seats
            if progress[seat.pk].work_left]
    return {"rows": rows} if rows else None
