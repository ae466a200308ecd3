"""Reads of the results area: a contest's results by category, who may download an award,
the history of awards of a person, a library and a practice, the recent winners, the
digest's news and what the metrics count.

What the metrics count (``period`` both ends included; ``scope`` a municipality or a library
with its outlets, None/territory: everything):

- ``contests``: contests that left the draft whose nomination window opened in the period;
  with a library scope, those with a live or admitted nomination of a unit of the scope;
- ``nominations``: nominations submitted in the period and not withdrawn (by the nominee's
  library, ``Nomination.unit``);
- ``awarded``: diplomas issued in the period, of contests whose results are published (by
  the nominee's library)."""

from datetime import date, datetime, time

from django.db.models import Prefetch, Q
from django.utils import timezone

from apdovanojimai.models import (
    RESULTS_STATUSES,
    Award,
    AwardKind,
    Contest,
    ContestStatus,
    Nomination,
    NominationStatus,
    Result,
    may_read_all,
)
from bibliotekos.scoping import descendant_ids, director_library_ids
from bibliotekos.selectors import scope_library_ids
from portalas.metrics import Period

AWARD_JOINS = ("contest", "nomination__category", "nomination__person",
               "nomination__library", "nomination__practice", "nomination__unit__municipality")


# --- who may download an award -----------------------------------------------------------------

def may_download(user, award: Award) -> bool:
    """Staff and management; the nominator; the nominated person's own account; the
    director of the nominee's library (with its outlets). Everyone else: a 404."""
    if not user.is_authenticated or not user.is_active:
        return False
    if may_read_all(user):
        return True
    nomination = award.nomination
    if nomination.nominator_id == user.pk:
        return True
    if nomination.person_id and nomination.person.user_id == user.pk:
        return True
    unit_id = nomination.unit_id or award.library_id
    return unit_id is not None and unit_id in director_library_ids(user)


def downloadable(queryset, user):
    """``may_download`` as a filter of an award queryset (the awards list, a panel)."""
    if may_read_all(user):
        return queryset
    mine = Q(nomination__nominator=user) | Q(nomination__person__user=user)
    directed = director_library_ids(user)
    if directed:
        mine |= Q(nomination__unit__in=directed)
    return queryset.filter(mine)


# --- a contest's results ---------------------------------------------------------------------

def shows_ranking(user) -> bool:
    """The full ranking (scores, places of everyone): staff and management."""
    return may_read_all(user)


def contest_results(contest: Contest, user) -> list[dict]:
    """Each category of the contest with its results in rank order (winners only, unless the
    user sees the ranking), each with its nomination and award. Five queries."""
    ranking = shows_ranking(user)
    results = (Result.objects.filter(nomination__contest=contest)
               .select_related("nomination__person", "nomination__library",
                               "nomination__practice__library", "nomination__unit",
                               "nomination__award")
               .order_by("category__order", "category_id", "rank", "-score", "pk"))
    if not ranking:
        results = results.filter(won=True)
    by_category: dict[int, list[Result]] = {}
    for result in results:
        by_category.setdefault(result.category_id, []).append(result)
    unranked = []
    if ranking:
        unranked = list(Nomination.objects.filter(contest=contest,
                                                  status=NominationStatus.ACCEPTED,
                                                  result__isnull=True)
                        .select_related("person", "library", "practice", "unit", "award"))
    return [{"category": category, "results": by_category.get(category.pk, []),
             "unranked": [n for n in unranked if n.category_id == category.pk]}
            for category in contest.categories.all()]


def award_of(nomination: Nomination) -> Award | None:
    try:
        return nomination.award
    except Award.DoesNotExist:
        return None


def result_of(nomination: Nomination) -> Result | None:
    try:
        return nomination.result
    except Result.DoesNotExist:
        return None


# --- histories on other pages --------------------------------------------------------------

def _visible_awards(user):
    """Every award once its contest's results are published; staff and management also
    those prepared before (``Award.objects.visible_to``)."""
    return Award.objects.visible_to(user)


def person_awards(person, user):
    return (_visible_awards(user).filter(Q(person=person) | Q(nomination__person=person))
            .select_related(*AWARD_JOINS).order_by("-issued_on", "-pk"))


def library_awards(library, user):
    """The library's own awards, its outlets' and its people's (a person of the library or
    an outlet, the practices of them)."""
    ids = {library.pk} | descendant_ids([library.pk])
    return (_visible_awards(user)
            .filter(Q(library__in=ids) | Q(nomination__unit__in=ids)
                    | Q(person__library__in=ids))
            .select_related(*AWARD_JOINS).order_by("-issued_on", "-pk"))


def practice_awards(practice, user):
    return (_visible_awards(user).filter(nomination__practice=practice)
            .select_related(*AWARD_JOINS).order_by("-issued_on", "-pk"))


def recent_winners(user, limit: int = 6):
    """Diplomas of contests published most recently (every signed-in user sees them)."""
    return (Award.objects.visible_to(user).diplomas()
            .filter(contest__status__in=RESULTS_STATUSES)
            .select_related(*AWARD_JOINS)
            .order_by("-contest__results_published_at", "place", "pk")[:limit])


def _moment(since):
    if isinstance(since, datetime):
        return since if timezone.is_aware(since) else timezone.make_aware(since)
    if isinstance(since, date):
        return timezone.make_aware(datetime.combine(since, time.min))
    return since


def published_since(since, user):
    """Contests whose results were published since a moment (or a day), with their
    winners' diplomas."""
    return (Contest.objects.visible_to(user).with_results()
            .filter(results_published_at__gte=_moment(since))
            .prefetch_related(Prefetch("awards", to_attr="diplomas_shown",
                                       queryset=Award.objects.diplomas()
                                       .select_related("nomination__person",
                                                       "nomination__library",
                                                       "nomination__practice",
                                                       "nomination__unit")
                                       .order_by("place", "number")))
            .order_by("-results_published_at", "-pk"))


# --- what the metrics count ----------------------------------------------------------------

def _day_range(period: Period):
    start = timezone.make_aware(datetime.combine(period.start, time.min))
    end = timezone.make_aware(datetime.combine(period.end, time.max))
    return start, end


def contests_opened(period: Period, scope=None):
    found = (Contest.objects.exclude(status=ContestStatus.DRAFT)
             .filter(nominations_open__range=(period.start, period.end)))
    ids = scope_library_ids(scope)
    if ids is not None:
        live = Nomination.objects.filter(
            unit__in=ids, status__in=(NominationStatus.SUBMITTED, NominationStatus.ACCEPTED))
        found = found.filter(pk__in=live.values("contest_id"))
    return found


def nominations_submitted(period: Period, scope=None):
    found = (Nomination.objects.exclude(status=NominationStatus.WITHDRAWN)
             .filter(submitted_at__range=_day_range(period)))
    ids = scope_library_ids(scope)
    if ids is not None:
        found = found.filter(unit__in=ids)
    return found


def diplomas_issued(period: Period, scope=None):
    found = (Award.objects.filter(kind=AwardKind.DIPLOMA,
                                  contest__status__in=RESULTS_STATUSES,
                                  issued_on__range=(period.start, period.end)))
    ids = scope_library_ids(scope)
    if ids is not None:
        found = found.filter(nomination__unit__in=ids)
    return found


# --- the results as rows (the report kind) ---------------------------------------------------

def result_records(user, *, year: int | None = None, contest: Contest | None = None):
    """The results of contests the user may see with published results (staff and
    management: also those closed but not published yet)."""
    contests = Contest.objects.visible_to(user)
    if not may_read_all(user):
        contests = contests.with_results()
    results = Result.objects.filter(nomination__contest__in=contests.values("pk"))
    if contest is not None:
        results = results.filter(nomination__contest=contest)
    if year is not None:
        results = results.filter(nomination__contest__year=year)
    return (results.select_related("category", "nomination__contest", "nomination__person",
                                   "nomination__library", "nomination__practice__library",
                                   "nomination__unit", "nomination__award")
            .order_by("-nomination__contest__year", "nomination__contest__title",
                      "category__order", "category_id", "rank", "pk"))
