"""What other pages show of the calls for applications: the menu entry, a home card of
calls closing soon, a section on an organisation's page (the calls it funds, the
programmes it runs) and the calls for the periodic digest."""

from datetime import timedelta

from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bibliotekos.models import Organisation
from paskyros.models import Role
from portalas.registry import digest_item, home_panel, nav_item, object_panel
from projektai.models import Call, FundingProgramme

SOON_DAYS = 30
HOME_SHOWN = 5

nav_item(group="projects", label=_("Calls for applications"), url_name="projektai:call_list",
         icon="megaphone", order=50)


def open_calls(user, today):
    """Published calls open now (opened, deadline not passed), nearest deadline first."""
    return (Call.objects.visible_to(user).filter(published=True, deadline__gte=today)
            .filter(Q(opens_on__isnull=True) | Q(opens_on__lte=today))
            .select_related("programme__funder", "funder").order_by("deadline", "title", "pk"))


@home_panel(roles={Role.LIBRARIAN, Role.STAFF}, template="projektai/_home_calls.html",
            order=45)
def calls_closing_soon(request):
    """Open calls whose deadline falls in the next 30 days (at most 5); left out when
    there are none."""
    today = timezone.localdate()
    calls = list(open_calls(request.user, today)
                 .filter(deadline__lte=today + timedelta(days=SOON_DAYS))[:HOME_SHOWN])
    if not calls:
        return None
    for call in calls:
        call.days_left = (call.deadline - today).days
    return {"calls": calls, "days": SOON_DAYS}


def _url(obj) -> str:
    """The object's page, or nothing while that page is not installed."""
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return ""


@object_panel(Organisation, template="projektai/call_organisation_panel.html", order=50)
def organisation_calls(request, organisation):
    """The calls the organisation funds (itself or through its programmes) and the
    programmes it runs."""
    calls = list(Call.objects.visible_to(request.user)
                 .filter(Q(funder=organisation) | Q(programme__funder=organisation))
                 .select_related("programme").order_by("-deadline", "pk")[:20])
    programmes = list(FundingProgramme.objects.visible_to(request.user)
                      .filter(funder=organisation).order_by("name", "pk"))
    if not calls and not programmes:
        return None
    today = timezone.localdate()
    for call in calls:
        call.days_left = (call.deadline - today).days
    return {"calls": calls, "programmes": [{"programme": p, "url": _url(p)} for p in programmes],
            "organisation": organisation}


def _published_since(since, user):
    """Calls published since a moment, as the user may see them."""
    calls = (Call.objects.visible_to(user)
             .filter(published=True, published_at__gte=since)
             .select_related("programme__funder", "funder").order_by("-published_at", "pk"))
    items = []
    for call in calls[:50]:
        funder = call.funder or (call.programme.funder if call.programme_id else None)
        text = gettext("Deadline %(date)s") % {"date": call.deadline.isoformat()}
        if funder:
            text = f"{funder} · {text}"
        items.append({"title": call.title, "date": call.published_at,
                      "url": reverse("projektai:call_detail", args=[call.pk]), "text": text})
    return items


digest_item("projektai.calls", label=_("Calls for applications"), items=_published_since,
            order=60)
