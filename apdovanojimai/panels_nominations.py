"""What other pages show of the nominations: on a contest's page the "Nominate" button
(while it accepts nominations, to staff and directors), the user's own nominations of the
contest and, for staff, the counts per status with the link to the contest's nominations;
on a published good practice's page "Nominate for an award" (to whom may nominate it,
while a contest with a practice category is open); the menu entry "My nominations"."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy

from apdovanojimai import personal_data_nominations  # noqa: F401  (registers the provider)
from apdovanojimai import services_nominations as services
from apdovanojimai.models import Contest, Nomination, NominationStatus, may_manage
from portalas.registry import nav_item, object_panel
from viesinimas.models import Practice, PracticeStatus

__all__ = ["contest_nominations", "practice_nomination"]

MINE_SHOWN = 20


nav_item(group="publicity", label=gettext_lazy("My nominations"),
         url_name="apdovanojimai:my_nominations", icon="award", order=81,
         allowed=services.may_nominate)


@object_panel(Contest, template="apdovanojimai/_nomination_contest_panel.html", order=20)
def contest_nominations(request, contest):
    """The button, the user's own nominations and (staff) the counts; left out when there
    is nothing for the user."""
    user = request.user
    can_nominate = services.may_nominate(user) and contest.accepts_nominations()
    mine = list(Nomination.objects.filter(contest=contest, nominator=user)
                .select_related("category", "person", "library", "practice")
                .order_by("-submitted_at", "-pk")[:MINE_SHOWN + 1])
    staff = may_manage(user)
    if not (can_nominate or mine or staff):
        return None
    counts = {}
    if staff:
        by_status = dict(Nomination.objects.filter(contest=contest).order_by()
                         .values("status").annotate(n=Count("pk")).values_list("status", "n"))
        counts = [{"status": status, "label": label, "count": by_status.get(status, 0)}
                  for status, label in NominationStatus.choices]
    return {"contest": contest, "can_nominate": can_nominate, "mine": mine[:MINE_SHOWN],
            "more": len(mine) > MINE_SHOWN, "staff": staff, "counts": counts,
            "total": sum(row["count"] for row in counts) if counts else 0,
            "create_url": reverse("apdovanojimai:nomination_create", args=[contest.pk]),
            "list_url": reverse("apdovanojimai:contest_nominations", args=[contest.pk]),
            "mine_url": reverse("apdovanojimai:my_nominations")}


@object_panel(Practice, template="apdovanojimai/_nomination_practice_panel.html", order=85)
def practice_nomination(request, practice):
    """"Nominate for an award" on a published practice the user may nominate, while a
    contest with a practice category accepts nominations; and its live nominations the
    user may see."""
    from apdovanojimai.views_nominations import open_practice_contests

    user = request.user
    if practice.status != PracticeStatus.PUBLISHED or not services.may_nominate(user):
        return None
    nominations = list(Nomination.objects.visible_to(user).filter(practice=practice)
                       .select_related("contest", "category").order_by("-submitted_at"))
    ids = services.scope_ids(user)            # the practice is published (checked above)
    may = ((ids is None or practice.library_id in ids)
           and open_practice_contests(user).exists())
    if not may and not nominations:
        return None
    return {"practice": practice, "can_nominate": may, "nominations": nominations,
            "nominate_url": reverse("apdovanojimai:practice_nominate", args=[practice.pk])}
