"""What other pages show of consultations: the menu entry, the staff member's open
follow-ups on the home page, and the consultations on a library's card, a project's page
and a training event's page — each only to those who may read the records, and only the
records they may read (``visible_to``)."""

from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bibliotekos.models import Library
from bibliotekos.scoping import descendant_ids
from konsultacijos import services
from konsultacijos.models import Consultation
from mokymai.models import TrainingEvent
from paskyros.models import Role
from portalas.registry import home_panel, nav_item, object_panel
from projektai.models import Project

__all__ = ["event_consultations", "library_consultations", "my_follow_ups",
           "project_consultations"]

LIBRARY_SHOWN = 5
LINKED_SHOWN = 10
HOME_SHOWN = 8

nav_item(group="training", label=_("Consultations"), url_name="konsultacijos:consultation_list",
         icon="chat-left-text", order=40, allowed=services.may_read_records)


def _list_url(**params) -> str:
    from urllib.parse import urlencode

    return f"{reverse('konsultacijos:consultation_list')}?{urlencode(params)}"


@home_panel(roles={Role.STAFF, Role.ADMIN},
            template="konsultacijos/_consultation_home_follow_ups.html", order=30)
def my_follow_ups(request):
    """The staff member's open follow-ups, overdue first (the earliest due first); left
    out when there are none. One query."""
    user = request.user
    rows = list(Consultation.objects.visible_to(user).open_follow_ups()
                .filter(staff_member=user).select_related("library")
                .order_by("follow_up_due", "pk")[:HOME_SHOWN + 1])
    if not rows:
        return None
    today = timezone.localdate()
    return {"consultations": rows[:HOME_SHOWN], "more": len(rows) > HOME_SHOWN,
            "today": today, "overdue": sum(1 for c in rows if c.follow_up_due < today),
            "list_url": _list_url(follow_up="open", staff_member=user.pk),
            "next": request.get_full_path()}


def _year_start(today: date) -> date:
    return today.replace(month=1, day=1)


@object_panel(Library, template="konsultacijos/_consultation_library_panel.html", order=75)
def library_consultations(request, library):
    """The library's and its outlets' consultations: the last five, how many in all and
    this year, and the hours this year, with a link to the filtered list. For those who
    may read the records; left out when there are none, unless the user logs them."""
    user = request.user
    if not services.may_read_records(user):
        return None
    ids = {library.pk} | descendant_ids([library.pk])
    records = Consultation.objects.visible_to(user).filter(library__in=ids)
    year = Q(held_on__gte=_year_start(timezone.localdate()))
    figures = records.order_by().aggregate(count=Count("pk"), year_count=Count("pk", filter=year),
                                           year_minutes=Sum("minutes", filter=year))
    can_log = services.may_log(user)
    if not figures["count"] and not can_log:
        return None
    recent = list(records.select_related("topic", "library")
                  .order_by("-held_on", "-created_at")[:LIBRARY_SHOWN]) if figures["count"] \
        else []
    minutes = figures["year_minutes"] or 0
    return {"library": library, "consultations": recent, "count": figures["count"],
            "year_count": figures["year_count"], "year": timezone.localdate().year,
            "year_hours": (Decimal(minutes) / 60).quantize(Decimal("0.1")),
            "list_url": _list_url(library=library.pk), "can_log": can_log and library.is_open,
            "create_url": f"{reverse('konsultacijos:consultation_create')}?"
                          f"library={library.code}"}


def _linked(request, **lookup) -> dict | None:
    user = request.user
    if not services.may_read_records(user):
        return None
    rows = list(Consultation.objects.visible_to(user).filter(**lookup)
                .select_related("library", "topic")
                .order_by("-held_on", "-created_at")[:LINKED_SHOWN + 1])
    if not rows:
        return None
    return {"consultations": rows[:LINKED_SHOWN], "more": len(rows) > LINKED_SHOWN}


@object_panel(Project, template="konsultacijos/_consultation_project_panel.html", order=85)
def project_consultations(request, project):
    """Consultations about the project (those the user may read)."""
    return _linked(request, project=project)


@object_panel(TrainingEvent, template="konsultacijos/_consultation_event_panel.html",
              order=85)
def event_consultations(request, event):
    """Consultations about the training event (those the user may read)."""
    return _linked(request, event=event)
