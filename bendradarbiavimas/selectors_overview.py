"""What the cooperation overview, its document, the metrics and the annual report's section
count (charter functions 5.2 and 5.3). Everything counts from the functions below, so the
page, the document, the metrics and the annual report cannot disagree.

What is counted in a period (both ends included):

- a partner is *active* when it is marked active and had an agreement in force or a
  contact-log entry in the period; *new* when it became a partner in the period (its
  "partner since" date, or the day it was entered when that date is not known);
- an agreement is *in force* in the period when it was for at least one day of it (a
  termination takes effect on its day); *signed* by its signing date; *expiring* when it
  is in force on a day and ends within the days that follow (not terminated before);
- a meeting counts when it was *held* (status) and started in the period (Vilnius time);
- a decision is *made* at a meeting held in the period (a cancelled decision is not
  counted: nothing is left to do); it is *done* when it was made in the
  period and done by the period's end (so the share done is the period's decisions done by
  its end, never above 100 %); it is *overdue* when it was made in the period, its
  deadline passed before the day counted at (the period's end, or today while the period
  runs) and it was not done by then.

Scope: the territory counts everything. A municipality or a library (with its outlets)
counts the partners linked to its libraries ("territory libraries working with it"), the
agreements concerning its libraries, and the meetings (with their decisions) of the
territory's groups that had a member from its libraries on the meeting's day — a
national or international group counts at the territory level only.

``base`` (a ``visible_to(user)`` queryset) narrows any of them to what a user may see;
without it every record counts (metrics and the annual report)."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from bendradarbiavimas.models import (
    Agreement,
    ContactLog,
    Decision,
    DecisionStatus,
    GroupLevel,
    GroupMember,
    Meeting,
    MeetingStatus,
    Partner,
    WorkingGroup,
)
from bibliotekos.selectors import scope_library_ids
from portalas.metrics import Period, Scope
from portalas.numbers import divide
from portalas.ordering import sorted_lt

#: "Expiring soon" on the overview's card, and the agreements table below it (days).
EXPIRING_SOON_DAYS = 60
EXPIRING_TABLE_DAYS = 90


def count_day(period: Period, today: date | None = None) -> date:
    """The day a period's overdue decisions are counted at: its end, or today while it
    runs."""
    return min(period.end, today or timezone.localdate())


# --- partners and agreements (5.2) -------------------------------------------------------------

def agreements_in_force(period: Period, scope: Scope | None = None, *, base=None):
    records = (Agreement.objects.all() if base is None else base).in_force_between(
        period.start, period.end)
    ids = scope_library_ids(scope)
    if ids is None:
        return records
    return records.filter(pk__in=Agreement.libraries.through.objects.filter(
        library_id__in=ids).values("agreement_id"))


def agreements_signed(period: Period, scope: Scope | None = None, *, base=None):
    records = (Agreement.objects.all() if base is None else base).filter(
        signed_on__range=(period.start, period.end))
    ids = scope_library_ids(scope)
    if ids is None:
        return records
    return records.filter(pk__in=Agreement.libraries.through.objects.filter(
        library_id__in=ids).values("agreement_id"))


def agreements_expiring(day: date, days: int, *, base=None):
    """In force on ``day`` and ending within ``days`` days after it (soonest first)."""
    records = Agreement.objects.all() if base is None else base
    return (records.in_force_on(day).filter(ends_on__range=(day, day + timedelta(days=days)))
            .order_by("ends_on", "pk"))


def _partners_in_scope(records, scope: Scope | None):
    ids = scope_library_ids(scope)
    if ids is None:
        return records
    return records.filter(pk__in=Partner.libraries.through.objects.filter(
        library_id__in=ids).values("partner_id"))


def partners_active(period: Period, scope: Scope | None = None, *, base=None):
    records = (Partner.objects.all() if base is None else base).active()
    in_force = Agreement.partners.through.objects.filter(
        agreement__in=Agreement.objects.in_force_between(period.start, period.end))
    contacted = ContactLog.objects.filter(happened_on__range=(period.start, period.end))
    records = records.filter(Q(pk__in=in_force.values("partner_id"))
                             | Q(pk__in=contacted.values("partner_id")))
    return _partners_in_scope(records, scope)


def partners_new(period: Period, scope: Scope | None = None, *, base=None):
    records = (Partner.objects.all() if base is None else base).alias(
        joined=Coalesce("since", TruncDate("created_at"))).filter(
        joined__range=(period.start, period.end))
    return _partners_in_scope(records, scope)


# --- meetings and decisions (5.3) --------------------------------------------------------------

def meetings_held(period: Period, scope: Scope | None = None, *, base=None):
    records = (Meeting.objects.all() if base is None else base).filter(
        status=MeetingStatus.HELD, starts_at__date__range=(period.start, period.end))
    ids = scope_library_ids(scope)
    if ids is None:
        return records
    member_then = GroupMember.objects.filter(
        Q(person__library_id__in=ids) | Q(user__person__library_id__in=ids),
        Q(starts_on__isnull=True) | Q(starts_on__lte=OuterRef("day")),
        Q(ends_on__isnull=True) | Q(ends_on__gte=OuterRef("day")),
        group=OuterRef("group"))
    return (records.filter(group__level=GroupLevel.TERRITORY)
            .alias(day=TruncDate("starts_at")).filter(Exists(member_then)))


def decisions_made(period: Period, scope: Scope | None = None, *, base=None):
    """The decisions of the meetings held in the period (not cancelled since)."""
    records = Decision.objects.all() if base is None else base
    return records.exclude(status=DecisionStatus.CANCELLED).filter(
        meeting__in=meetings_held(period, scope).values("pk"))


def done_by(day: date) -> Q:
    return Q(status=DecisionStatus.DONE, done_on__lte=day)


def decisions_done(period: Period, scope: Scope | None = None, *, base=None):
    """Decisions made in the period and done by its end."""
    return decisions_made(period, scope, base=base).filter(done_by(period.end))


def overdue_at(day: date) -> Q:
    """Past its deadline on ``day`` and not done by then (``status`` open or done later)."""
    return Q(due_on__lt=day) & ~done_by(day)


def decisions_overdue(period: Period, scope: Scope | None = None, *, base=None,
                      today: date | None = None):
    return decisions_made(period, scope, base=base).filter(overdue_at(count_day(period, today)))


# --- the figures of a period -------------------------------------------------------------------

@dataclass
class Figures:
    """What the overview page, its document and the annual report show for a period."""

    period: Period
    day: date                                        # overdue counted at this day
    today: date
    totals: dict = field(default_factory=dict)
    groups: list = field(default_factory=list)      # one dict per group
    meetings: list = field(default_factory=list)    # the meetings held, with quorum marks
    expiring: list = field(default_factory=list)    # agreements ending in the next 90 days


def share(done: int, made: int):
    """Done ÷ made in percent (None when nothing was made)."""
    result = divide(done, made)
    return None if result is None else result * 100


def _bases(user):
    if user is None:
        return {model: model.objects.all()
                for model in (Partner, Agreement, WorkingGroup, Meeting, Decision)}
    return {model: model.objects.visible_to(user)
            for model in (Partner, Agreement, WorkingGroup, Meeting, Decision)}


def figures(period: Period, scope: Scope | None = None, *, user=None,
            today: date | None = None, expiring: bool = True) -> Figures:
    """The totals and tables of a period, as ``user`` may see them (every record when
    ``user`` is None). A fixed number of queries however many groups, meetings and
    decisions there are. ``expiring``: also list the agreements expiring after ``today``."""
    today = today or timezone.localdate()
    day = count_day(period, today)
    base = _bases(user)
    out = Figures(period=period, day=day, today=today)

    held = meetings_held(period, scope, base=base[Meeting])
    decided = decisions_made(period, scope, base=base[Decision])
    soon = agreements_expiring(today, EXPIRING_SOON_DAYS, base=base[Agreement])
    out.totals = {
        "partners_active": partners_active(period, scope, base=base[Partner]).count(),
        "partners_new": partners_new(period, scope, base=base[Partner]).count(),
        "agreements_in_force": agreements_in_force(period, scope,
                                                   base=base[Agreement]).count(),
        "agreements_signed": agreements_signed(period, scope, base=base[Agreement]).count(),
        "agreements_expiring_soon": soon.count(),
        "expiring_soon_days": EXPIRING_SOON_DAYS,
    }

    by_group: dict[int, dict] = {}
    # only what the tables show: a national year has over a thousand meetings, and their
    # agendas, minutes and groups' purposes are long texts
    meeting_rows = list(held.select_related("group").only(
        "number", "starts_at", "quorum_met", "group_id", "group__name").annotate(
        decision_count=Count("decisions", filter=~Q(decisions__status=DecisionStatus.CANCELLED)))
        .order_by("starts_at", "pk"))
    for meeting in meeting_rows:
        row = by_group.setdefault(meeting.group_id, _empty_group_row())
        row["held"] += 1
        if meeting.quorum_met is True:
            row["quorum"] += 1
        elif meeting.quorum_met is False:
            row["no_quorum"] += 1
        else:
            row["quorum_unknown"] += 1
    out.meetings = meeting_rows

    decision_counts = decided.order_by().values(group_id=F("meeting__group_id")).annotate(
        made=Count("pk"), done=Count("pk", filter=done_by(period.end)),
        overdue=Count("pk", filter=overdue_at(day)),
        no_quorum=Count("pk", filter=Q(meeting__quorum_met=False)))
    for counted in decision_counts:
        row = by_group.setdefault(counted["group_id"], _empty_group_row())
        for key in ("made", "done", "overdue"):
            row[key] += counted[key]
        row["decisions_no_quorum"] += counted["no_quorum"]

    groups = base[WorkingGroup].filter(
        Q(pk__in=list(by_group))
        | ((Q(established_on__isnull=True) | Q(established_on__lte=period.end))
           & (Q(closed_on__isnull=True) | Q(closed_on__gte=period.start))))
    if scope_library_ids(scope) is not None:
        groups = groups.filter(pk__in=list(by_group))
    level_order = {level.value: index for index, level in enumerate(GroupLevel)}
    rows = []
    for group in groups:
        row = {**_empty_group_row(), **by_group.get(group.pk, {}), "group": group,
               "pk": group.pk, "name": group.name, "level": group.get_level_display(),
               "kind": group.get_kind_display()}
        row["share"] = share(row["done"], row["made"])
        rows.append(row)
    rows = sorted_lt(rows, key=lambda r: r["name"])
    rows.sort(key=lambda r: level_order.get(r["group"].level, 99))
    out.groups = rows

    totals = out.totals
    for key in ("held", "quorum", "no_quorum", "quorum_unknown", "made", "done", "overdue",
                "decisions_no_quorum"):
        totals[key] = sum(row[key] for row in by_group.values())
    totals["meetings"] = totals.pop("held")
    totals["share"] = share(totals["done"], totals["made"])
    totals["groups"] = len(rows)
    totals["groups_meeting"] = sum(1 for row in rows if row["held"])
    if expiring:
        out.expiring = list(agreements_expiring(today, EXPIRING_TABLE_DAYS,
                                                base=base[Agreement])
                            .select_related("responsible").prefetch_related(
                                "partners__organisation"))
        for agreement in out.expiring:
            agreement.days_left = (agreement.ends_on - today).days
            agreement.party_names = ", ".join(sorted_lt(
                str(p.organisation) for p in agreement.partners.all()))
    return out


def _empty_group_row() -> dict:
    return {"held": 0, "quorum": 0, "no_quorum": 0, "quorum_unknown": 0, "made": 0, "done": 0,
            "overdue": 0, "decisions_no_quorum": 0}


def expiring_next_year(year: int, *, base=None):
    """Agreements in force at the year's end that end in the next year."""
    records = Agreement.objects.all() if base is None else base
    end = date(year, 12, 31)
    return records.in_force_on(end).filter(ends_on__year=year + 1)
