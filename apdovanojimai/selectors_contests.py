"""Reads of the contests area: a category's eligibility in words, the criteria's weights as
shares of 100 %, the jury in its order, the timeline of a contest's statuses, and the
contests open for nominations now."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apdovanojimai.models import (
    Category,
    Contest,
    ContestStatus,
    Criterion,
    JuryMember,
    JuryRole,
    NomineeKind,
)
from bibliotekos.models import Position
from portalas.ordering import sorted_lt

STATUS_ORDER = [ContestStatus.DRAFT, ContestStatus.OPEN, ContestStatus.EVALUATION,
                ContestStatus.PUBLISHED, ContestStatus.ARCHIVED]


def _day(value) -> str:
    return date_format(value, "Y-m-d") if value else ""


# --- eligibility -----------------------------------------------------------------------------

def eligibility_lines(category: Category, contest: Contest) -> list[str]:
    """Who may be nominated in ``category``, line by line, in words (the positions must be
    prefetched)."""
    lines = [_("Who is nominated: %(kind)s.") % {
        "kind": category.get_nominee_kind_display().lower()}]
    kinds = category.library_kind_labels()
    if category.nominee_kind == NomineeKind.LIBRARY:
        lines.append(_("Kinds of library: %(kinds)s.") % {"kinds": ", ".join(kinds).lower()}
                     if kinds else _("A library of any kind."))
    elif kinds:
        lines.append(_("Their library must be: %(kinds)s.") % {
            "kinds": ", ".join(kinds).lower()})
    else:
        lines.append(_("From a library of any kind."))
    if category.nominee_kind == NomineeKind.PERSON:
        posts = sorted_lt(str(post) for post in category.positions.all())
        lines.append(_("Posts: %(posts)s.") % {"posts": ", ".join(posts).lower()}
                     if posts else _("Any post."))
        years = category.min_service_years
        if years:
            lines.append(ngettext(
                "At least %(n)s year of service in libraries by %(day)s (the day nominations "
                "close), counted from the registry's “works since” date.",
                "At least %(n)s years of service in libraries by %(day)s (the day nominations "
                "close), counted from the registry's “works since” date.", years)
                % {"n": years, "day": _day(contest.nominations_close)})
        else:
            lines.append(_("No minimum years of service."))
    lines.append(ngettext("%(n)s winner.", "%(n)s winners.", category.places)
                 % {"n": category.places})
    return lines


def eligibility_text(category: Category, contest: Contest) -> str:
    return " ".join(eligibility_lines(category, contest))


# --- the contest's page ----------------------------------------------------------------------

@dataclass
class CriterionRow:
    criterion: Criterion
    share: Decimal          # of 100 %


def criteria_with_shares(criteria) -> list[CriterionRow]:
    """Each criterion with its weight as a share of the total weight (in %)."""
    criteria = list(criteria)
    total = sum((c.weight for c in criteria), Decimal(0))
    return [CriterionRow(c, (c.weight / total * 100) if total else Decimal(0))
            for c in criteria]


def jury_of(contest: Contest) -> list[JuryMember]:
    """The chair first, then the members by name."""
    members = list(JuryMember.objects.filter(contest=contest).select_related("user"))
    chair = [m for m in members if m.role == JuryRole.CHAIR]
    others = sorted_lt((m for m in members if m.role != JuryRole.CHAIR),
                       key=lambda m: m.user.full_name or m.user.email)
    return chair + others


def categories_of(contest: Contest) -> list[Category]:
    positions = Prefetch("positions", queryset=Position.objects.order_by("order", "name"))
    categories = list(Category.objects.filter(contest=contest).prefetch_related(positions)
                      .annotate(nomination_count=Count("nominations")))
    for category in categories:
        category.eligibility = eligibility_lines(category, contest)
    return categories


@dataclass
class Step:
    status: str
    label: str
    when: str
    state: str              # "done", "current", "next"


def timeline(contest: Contest) -> list[Step]:
    """The statuses a contest goes through, with the days of its timetable, marking the
    ones passed, the current one and those to come."""
    at = STATUS_ORDER.index(contest.status)
    labels = dict(ContestStatus.choices)
    local = timezone.localtime
    when = {
        ContestStatus.DRAFT: _day(local(contest.created_at).date()) if contest.created_at
        else "",
        ContestStatus.OPEN: f"{_day(contest.nominations_open)} – "
                            f"{_day(contest.nominations_close)}",
        ContestStatus.EVALUATION: (
            _("scoring closed %(day)s") % {"day": _day(local(contest.scoring_closed_at))}
            if contest.scoring_closed_at else
            _("the jury scores until %(day)s") % {"day": _day(contest.scoring_until)}
            if contest.scoring_until else ""),
        ContestStatus.PUBLISHED: (
            _day(local(contest.results_published_at).date())
            if contest.results_published_at else
            _("planned %(day)s") % {"day": _day(contest.results_on)}
            if contest.results_on else ""),
        ContestStatus.ARCHIVED: "",
    }
    return [Step(status, str(labels[status]), when[status],
                 "done" if index < at else "current" if index == at else "next")
            for index, status in enumerate(STATUS_ORDER)]


def open_for_nominations(user, *, day=None):
    """The contests the user sees that accept nominations on ``day`` (today)."""
    day = day or timezone.localdate()
    return (Contest.objects.visible_to(user)
            .filter(status=ContestStatus.OPEN, nominations_open__lte=day,
                    nominations_close__gte=day)
            .order_by("nominations_close", "title", "pk"))
