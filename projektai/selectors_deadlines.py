"""Reads of the deadlines: funders' rules in plain words, a deadline's state for people
(working days left, overdue), the month calendar, the home page's lists and whose a
deadline is ("mine"). Each list is a fixed number of queries, whatever the rows."""

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portalas.workdays import holiday_name, is_working_day, working_days_between
from projektai.models import (
    Activity,
    ActivityKind,
    Deadline,
    DeadlineAnchor,
    DeadlineRule,
    Project,
    ProjectStatus,
)

# Projects whose obligations are over or never came: no reminders, not re-planned.
FINISHED_STATUSES = (ProjectStatus.CLOSED, ProjectStatus.SUSTAINABILITY,
                     ProjectStatus.REJECTED, ProjectStatus.WITHDRAWN)
# Projects that will never have obligations: their deadlines are not reminded.
DROPPED_STATUSES = (ProjectStatus.REJECTED, ProjectStatus.WITHDRAWN)


# --- words -------------------------------------------------------------------------------------

def _md(month: int, day: int) -> str:
    return f"{month:02d}-{day:02d}"


def describe_rule(rule: DeadlineRule) -> str:
    """A funder's rule as people say it: "10 darbo dienų po projekto pabaigos, ne vėliau
    kaip 12-31"; "Kasmet 12-01, kol projektas vyksta"."""
    if rule.anchor == DeadlineAnchor.YEARLY:
        if not (rule.month and rule.day):
            return _("Every year (the date is missing)")
        return _("Every year on %(date)s while the project runs") % {
            "date": _md(rule.month, rule.day)}
    n = abs(rule.offset)
    ends = rule.anchor == DeadlineAnchor.END
    if n == 0:
        if ends:
            text = (_("On the day the project ends (or the next working day)")
                    if rule.working_days else _("On the day the project ends"))
        else:
            text = (_("On the day the project starts (or the next working day)")
                    if rule.working_days else _("On the day the project starts"))
    elif rule.offset > 0:
        if rule.working_days:
            text = (ngettext("%(n)s working day after the project ends",
                             "%(n)s working days after the project ends", n) if ends
                    else ngettext("%(n)s working day after the project starts",
                                  "%(n)s working days after the project starts", n))
        else:
            text = (ngettext("%(n)s day after the project ends",
                             "%(n)s days after the project ends", n) if ends
                    else ngettext("%(n)s day after the project starts",
                                  "%(n)s days after the project starts", n))
        text = text % {"n": n}
    else:
        if rule.working_days:
            text = (ngettext("%(n)s working day before the project ends",
                             "%(n)s working days before the project ends", n) if ends
                    else ngettext("%(n)s working day before the project starts",
                                  "%(n)s working days before the project starts", n))
        else:
            text = (ngettext("%(n)s day before the project ends",
                             "%(n)s days before the project ends", n) if ends
                    else ngettext("%(n)s day before the project starts",
                                  "%(n)s days before the project starts", n))
        text = text % {"n": n}
    if rule.latest_month and rule.latest_day:
        text = _("%(rule)s, no later than %(date)s") % {
            "rule": text, "date": _md(rule.latest_month, rule.latest_day)}
    return text


def describe_reminder(days: int, working: bool) -> str:
    if days == 0:
        return _("Reminder on the day itself")
    if working:
        return ngettext("Reminder %(n)s working day before", "Reminder %(n)s working days before",
                        days) % {"n": days}
    return ngettext("Reminder %(n)s day before", "Reminder %(n)s days before",
                    days) % {"n": days}


def due_text(deadline, today: date) -> str:
    """How near a deadline is, in words (the page never shows it by colour only)."""
    if deadline.done_on is not None:
        return _("Done %(date)s") % {"date": deadline.done_on.isoformat()}
    if deadline.due_on < today:
        n = (today - deadline.due_on).days
        return ngettext("%(n)s day overdue", "%(n)s days overdue", n) % {"n": n}
    if deadline.due_on == today:
        return _("Due today")
    n = working_days_between(today, deadline.due_on)
    if n == 0:
        return _("No working day left")
    return ngettext("%(n)s working day left", "%(n)s working days left", n) % {"n": n}


def date_warning(day: date | None) -> str:
    """A warning (never a refusal) when a due date is not a working day."""
    if day is None or is_working_day(day):
        return ""
    name = holiday_name(day)
    if name:
        return _("%(date)s is a public holiday (%(name)s): is this the date the funder "
                 "set?") % {"date": day.isoformat(), "name": name}
    return _("%(date)s is a weekend day: is this the date the funder set?") % {
        "date": day.isoformat()}


# --- whose ---------------------------------------------------------------------------------------

def mine_condition(user) -> Q:
    """Deadlines ``user`` answers for: named on the deadline, or — when nobody is named —
    among the project's responsible people."""
    named = Deadline.responsible.through.objects.filter(deadline_id=OuterRef("pk"))
    me_named = named.filter(user_id=user.pk)
    on_project = Project.responsible.through.objects.filter(
        project_id=OuterRef("project_id"), user_id=user.pk)
    return Q(Exists(me_named)) | (~Q(Exists(named)) & Q(Exists(on_project)))


def with_mine(queryset, user):
    return queryset.annotate(is_mine=ExpressionWrapper(mine_condition(user),
                                                      output_field=BooleanField()))


# --- the calendar --------------------------------------------------------------------------------

@dataclass
class CalendarItem:
    """One dated entry of the calendar: a deadline or a project's milestone."""

    day: date
    title: str
    project: Project
    kind: str               # "deadline" or "milestone"
    kind_label: str
    done: bool
    overdue: bool
    obj: object = None


@dataclass
class DayCell:
    day: date
    in_month: bool
    is_today: bool
    holiday: str = ""
    weekend: bool = False
    items: list = field(default_factory=list)


def month_items(user, *, start: date, end: date, today: date, mine: bool = False,
                owner: str = "", overdue: bool = False) -> list[CalendarItem]:
    """Deadlines and milestones of the projects ``user`` sees between ``start`` and
    ``end`` (both included): two queries."""
    projects = Project.objects.visible_to(user)
    if owner == "department":
        projects = projects.department()
    elif owner == "libraries":
        projects = projects.of_libraries()
    deadlines = Deadline.objects.filter(project__in=projects, due_on__range=(start, end))
    milestones = Activity.objects.filter(project__in=projects, kind=ActivityKind.MILESTONE,
                                         ends_on__range=(start, end))
    if mine:
        deadlines = deadlines.filter(mine_condition(user))
        milestones = milestones.filter(Exists(Project.responsible.through.objects.filter(
            project_id=OuterRef("project_id"), user_id=user.pk)))
    if overdue:
        deadlines = deadlines.filter(done_on__isnull=True, due_on__lt=today)
        milestones = milestones.filter(done_on__isnull=True, ends_on__lt=today)
    items = [CalendarItem(d.due_on, d.title, d.project, "deadline", d.get_kind_display(),
                          d.done_on is not None, d.is_overdue(today), d)
             for d in deadlines.select_related("project").order_by("due_on", "pk")]
    items += [CalendarItem(a.ends_on, a.title, a.project, "milestone", str(_("Milestone")),
                           a.done_on is not None,
                           a.done_on is None and a.ends_on < today, a)
              for a in milestones.select_related("project").order_by("ends_on", "pk")]
    return sorted(items, key=lambda i: (i.day, i.kind != "deadline", i.title))


def month_grid(month: date, items: list[CalendarItem], today: date) -> list[list[DayCell]]:
    """The weeks of ``month`` (Monday first), each day with its holiday and entries."""
    by_day = defaultdict(list)
    for item in items:
        by_day[item.day].append(item)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    grid = []
    for week in weeks:
        row = []
        for day in week:
            holiday = "" if is_working_day(day) else holiday_name(day)
            row.append(DayCell(day, day.month == month.month, day == today, holiday,
                               day.weekday() >= 5, by_day.get(day, [])))
        grid.append(row)
    return grid


def grid_bounds(month: date) -> tuple[date, date]:
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    return weeks[0][0], weeks[-1][-1]


# --- the home page -------------------------------------------------------------------------------

def pressing_deadlines(projects, user, *, today: date, days: int):
    """Open deadlines of ``projects`` that are overdue or due within ``days`` days, the
    user's own first: one query."""
    rows = list(with_mine(Deadline.objects.filter(
        project__in=projects.exclude(status__in=DROPPED_STATUSES), done_on__isnull=True,
        due_on__lte=today + timedelta(days=days)), user)
        .select_related("project").order_by("due_on", "pk"))
    rows.sort(key=lambda d: (not d.is_mine, d.due_on, d.pk))
    overdue = [d for d in rows if d.due_on < today]
    upcoming = [d for d in rows if d.due_on >= today]
    return overdue, upcoming
