"""What other pages show of the field visits: the menu entry, the library card's visits
(the last and the next, the open agreed actions — the library's and its outlets'), the
home page's cards (staff: my coming visits, those to report, overdue actions of my visits;
a director: the agreed actions of their library still open, each with a "done" button)
and the territory's calendar."""

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bibliotekos.models import Library
from bibliotekos.scoping import descendant_ids, director_library_ids
from konsultacijos import services
from konsultacijos.models import FieldVisit, VisitAction, VisitStatus
from paskyros.models import Role
from portalas.registry import CalendarEntry, calendar_source, home_panel, nav_item, object_panel

__all__ = ["director_actions", "library_visits", "staff_visits", "visit_calendar"]

SHOWN = 5
PLANNED_READ = 40     # my planned visits read at once (coming and to report)

nav_item(group="training", label=_("Field visits"), url_name="konsultacijos:visit_list",
         icon="geo-alt", order=40, allowed=services.may_read_records)


def _list_url(**query) -> str:
    from urllib.parse import urlencode

    return reverse("konsultacijos:visit_list") + (f"?{urlencode(query)}" if query else "")


@object_panel(Library, template="konsultacijos/_visit_library_panel.html", order=75)
def library_visits(request, library):
    """The library's (and its outlets') last visit, next visit and open agreed actions, as
    far as the person may see them; left out when there is none."""
    user = request.user
    if not services.may_read_records(user):
        return None
    today = timezone.localdate()
    ids = {library.pk} | descendant_ids([library.pk])
    visits = (FieldVisit.objects.visible_to(user).filter(library_id__in=ids)
              .exclude(status=VisitStatus.CANCELLED).select_related("library"))
    last = visits.filter(visit_on__lt=today).order_by("-visit_on", "-pk").first()
    coming = (visits.filter(status=VisitStatus.PLANNED, visit_on__gte=today)
              .order_by("visit_on", "pk").first())
    actions = list(VisitAction.objects.visible_to(user).open()
                   .filter(visit__library_id__in=ids)
                   .exclude(visit__status=VisitStatus.CANCELLED)
                   .select_related("visit__library").order_by("due_on", "pk")[:SHOWN + 1])
    if last is None and coming is None and not actions:
        return None
    if last is not None:
        last.report_due = last.status == VisitStatus.PLANNED
    return {"library": library, "last": last, "next": coming, "actions": actions[:SHOWN],
            "more_actions": len(actions) > SHOWN, "today": today,
            "list_url": _list_url(library=library.pk),
            "plan_url": (reverse("konsultacijos:visit_create") + f"?library={library.pk}"
                         if services.may_log(user) else "")}


@home_panel(roles={Role.STAFF}, template="konsultacijos/_visit_home_staff.html", order=55)
def staff_visits(request):
    """My coming visits, my visits that took place and wait for their report, and my
    reported visits with overdue agreed actions — one query; left out when there is none."""
    user = request.user
    today = timezone.localdate()
    late_actions = VisitAction.objects.overdue(today).filter(visit=OuterRef("pk"))
    visits = list(FieldVisit.objects.visible_to(user)
                  .filter(pk__in=FieldVisit.participants.through.objects.filter(user=user)
                          .values("fieldvisit_id"))
                  .filter(Q(status=VisitStatus.PLANNED)
                          | Q(Exists(late_actions), status=VisitStatus.REPORTED))
                  .annotate(overdue_actions=Count("actions", filter=Q(
                      actions__done_on__isnull=True, actions__due_on__lt=today)))
                  .select_related("library").order_by("visit_on", "pk")[:PLANNED_READ])
    planned = [visit for visit in visits if visit.status == VisitStatus.PLANNED]
    coming = [visit for visit in planned if visit.visit_on >= today]
    to_report = [visit for visit in planned if visit.visit_on < today]
    late = [visit for visit in visits if visit.status == VisitStatus.REPORTED]
    if not (coming or to_report or late):
        return None
    return {"coming": coming[:SHOWN], "more_coming": len(coming) > SHOWN,
            "to_report": to_report[:SHOWN], "late": late[:SHOWN], "today": today,
            "list_url": _list_url(participant=user.pk)}


@home_panel(roles={Role.LIBRARIAN}, template="konsultacijos/_visit_home_director.html",
            order=55)
def director_actions(request):
    """A director: the agreed actions of their library (and outlets) still open, the
    nearest deadline first, each with a "done" button; left out when there is none."""
    user = request.user
    if not director_library_ids(user):
        return None
    actions = list(VisitAction.objects.visible_to(user).open()
                   .filter(visit__status=VisitStatus.REPORTED)
                   .select_related("visit__library").order_by("due_on", "pk")[:SHOWN * 2 + 1])
    if not actions:
        return None
    return {"actions": actions[:SHOWN * 2], "more": len(actions) > SHOWN * 2,
            "today": timezone.localdate(), "next": reverse("home"),
            "list_url": _list_url()}


def visit_calendar(start, end, user):
    """Planned and made visits between ``start`` and ``end`` that ``user`` may see."""
    if not services.may_read_records(user):
        return
    visits = (FieldVisit.objects.visible_to(user).filter(visit_on__range=(start, end))
              .exclude(status=VisitStatus.CANCELLED).select_related("library")
              .order_by("visit_on", "pk"))
    for visit in visits:
        yield CalendarEntry(title=gettext("Field visit: %(library)s") % {
                                "library": visit.library.name},
                            start=visit.visit_on, url=visit.get_absolute_url(),
                            source="konsultacijos.visits", library=visit.library)


calendar_source("konsultacijos.visits", label=_("Field visits"), entries=visit_calendar)
