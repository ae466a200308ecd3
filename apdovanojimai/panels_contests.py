"""What other pages show of the contests: the menu entry (group "publicity"), the home
card for librarians of the contests open for nominations now, and the contests' days in
the territory's calendar (the last day of nominations, the jury's last day, the results'
day) for every signed-in user, each contest as the user may see it (``visible_to``)."""

from datetime import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apdovanojimai.models import Contest, ContestStatus
from apdovanojimai.selectors_contests import open_for_nominations
from paskyros.models import Role
from portalas.registry import CalendarEntry, calendar_source, home_panel, nav_item

__all__ = ["contest_days", "home_open_contests"]

HOME_SHOWN = 5


def _signed_in(user) -> bool:
    return user.is_authenticated


nav_item(group="publicity", label=gettext_lazy("Evaluations and awards"),
         url_name="apdovanojimai:contest_list", icon="trophy", order=80, allowed=_signed_in)


@home_panel(roles={Role.LIBRARIAN}, template="apdovanojimai/_contest_home_open.html",
            order=48)
def home_open_contests(request):
    """The contests accepting nominations today; left out when there are none."""
    contests = list(open_for_nominations(request.user)[:HOME_SHOWN + 1])
    if not contests:
        return None
    return {"contests": contests[:HOME_SHOWN], "more": len(contests) > HOME_SHOWN,
            "list_url": f"{reverse('apdovanojimai:contest_list')}?status="
                        f"{ContestStatus.OPEN.value}"}


def _day(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def contest_days(start, end, user):
    """Nominations close, the jury scores until, the results are announced — for each
    contest the user sees (drafts: only those who see drafts)."""
    start, end = _day(start), _day(end)
    contests = (Contest.objects.visible_to(user)
                .exclude(status=ContestStatus.ARCHIVED)
                .filter(Q(nominations_close__range=(start, end))
                        | Q(scoring_until__range=(start, end))
                        | Q(results_on__range=(start, end)))
                .order_by("pk"))
    entries = []
    for contest in contests:
        url = contest.get_absolute_url()
        days = ((contest.nominations_close, _("Nominations close: %(title)s")),
                (contest.scoring_until, _("The jury scores until: %(title)s")),
                (contest.results_on, _("Results announced: %(title)s")))
        for day, text in days:
            if day is not None and start <= day <= end:
                entries.append(CalendarEntry(title=text % {"title": contest.title},
                                             start=day, url=url,
                                             source="apdovanojimai.contests"))
    return entries


calendar_source("apdovanojimai.contests", label=gettext_lazy("Contests and awards"),
                entries=contest_days)
