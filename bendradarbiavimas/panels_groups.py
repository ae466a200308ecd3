"""What other pages show of the groups area: the menu entry, the home card "my groups'
upcoming meetings" (every role; left out for someone who is no group's member), the
calendar's source (the meetings the user may see) and, through ``personal_data_groups``,
the personal data it holds."""

from datetime import date, datetime, time

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bendradarbiavimas import personal_data_groups  # noqa: F401 - registers the provider
from bendradarbiavimas.models import GroupMember, Meeting, MeetingStatus
from bendradarbiavimas.selectors_groups import upcoming_meetings_of, when_text
from paskyros.models import Role
from portalas.registry import CalendarEntry, calendar_source, home_panel, nav_item

__all__ = ["group_meetings_calendar", "my_upcoming_meetings"]

SHOWN = 5

nav_item(group="publicity", label=_("Commissions and working groups"),
         url_name="bendradarbiavimas:group_list", icon="people", order=70)


@home_panel(roles=set(Role.values), template="bendradarbiavimas/_groups_home_meetings.html",
            order=45)
def my_upcoming_meetings(request):
    """The next meetings of the groups the user is a current member of; left out for
    someone who is a member of none."""
    user = request.user
    if not GroupMember.objects.of_user(user).current().exists():
        return None
    meetings = upcoming_meetings_of(user, limit=SHOWN)
    for meeting in meetings:
        meeting.when = when_text(meeting)
    return {"meetings": meetings, "list_url": reverse("bendradarbiavimas:group_list")}


def _moment(value, *, end: bool = False):
    if isinstance(value, datetime):
        return value
    return timezone.make_aware(datetime.combine(value, time.max if end else time.min))


def group_meetings_calendar(start: date, end: date, user):
    """The meetings (not cancelled) from ``start`` to ``end`` the user may see."""
    meetings = (Meeting.objects.visible_to(user)
                .filter(starts_at__gte=_moment(start), starts_at__lte=_moment(end, end=True))
                .exclude(status=MeetingStatus.CANCELLED).select_related("group")
                .order_by("starts_at", "pk"))
    for meeting in meetings:
        title = _("%(group)s: meeting No. %(number)s") % {"group": meeting.group.name,
                                                           "number": meeting.number}
        yield CalendarEntry(title=str(title), start=timezone.localtime(meeting.starts_at),
                            end=timezone.localtime(meeting.ends_at) if meeting.ends_at else None,
                            url=meeting.get_absolute_url(),
                            source="bendradarbiavimas.meetings")


calendar_source("bendradarbiavimas.meetings", label=_("Meetings of groups"),
                entries=group_meetings_calendar)
