"""What other pages show of the results and awards: the menu entry (the awards list, group
"publicity"); the results section on a contest's page; the history of awards on a person's
page, on a library's page (its own, its outlets' and its people's) and on a practice's
page; the home card of recent winners; the digest's news of results published. Each only
as the user may see it (``Award.objects.visible_to``: published, or staff and management).

Importing this module registers the personal-data provider and the notification kind."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apdovanojimai import personal_data_results  # noqa: F401  (registers the provider)
from apdovanojimai import selectors_results as selectors
from apdovanojimai import services_results as services
from apdovanojimai.models import Contest, ContestStatus, may_manage, may_read_all
from bibliotekos.models import Library, Person
from paskyros.models import Role
from portalas.registry import digest_item, home_panel, nav_item, object_panel
from viesinimas.models import Practice

__all__ = ["contest_results_panel", "home_recent_winners", "library_awards",
           "person_awards", "practice_awards", "results_published_since"]

SHOWN = 10
HOME_SHOWN = 6
HOME_DAYS = 90


def _signed_in(user) -> bool:
    return user.is_authenticated


nav_item(group="publicity", label=gettext_lazy("Awards"), url_name="apdovanojimai:award_list",
         icon="award", order=82, allowed=_signed_in)


@object_panel(Contest, template="apdovanojimai/_results_contest_panel.html", order=60)
def contest_results_panel(request, contest):
    """The winners of each category once the results are published (staff and management
    see them as soon as scoring is closed, with the actions); left out before."""
    user = request.user
    sees_early = may_read_all(user)
    if not contest.results_published and not (sees_early and contest.scoring_closed):
        return None
    categories = [{"category": item["category"],
                   "winners": [r for r in item["results"] if r.won]}
                  for item in selectors.contest_results(contest, user)]
    can_manage = may_manage(user)
    return {"contest": contest, "categories": categories, "can_manage": can_manage,
            "can_prepare": can_manage and services.may_prepare(contest),
            "can_publish": can_manage and contest.status == ContestStatus.EVALUATION
            and contest.scoring_closed,
            "results_url": reverse("apdovanojimai:contest_results", args=[contest.pk])}


def _history(awards) -> dict | None:
    found = list(awards[:SHOWN + 1])
    if not found:
        return None
    return {"awards": found[:SHOWN], "more": len(found) > SHOWN}


@object_panel(Person, template="apdovanojimai/_award_person_panel.html", order=64)
def person_awards(request, person):
    """The person's diplomas and thank-you letters; left out when none."""
    return _history(selectors.person_awards(person, request.user))


@object_panel(Library, template="apdovanojimai/_award_library_panel.html", order=88)
def library_awards(request, library):
    """The awards of the library, its outlets and its people; left out when none."""
    found = _history(selectors.library_awards(library, request.user))
    if found is not None:
        found["list_url"] = reverse("apdovanojimai:award_list")
    return found


@object_panel(Practice, template="apdovanojimai/_award_practice_panel.html", order=86)
def practice_awards(request, practice):
    """The awards the practice won or was thanked for; left out when none."""
    return _history(selectors.practice_awards(practice, request.user))


@home_panel(roles={Role.LIBRARIAN, Role.STAFF, Role.MANAGEMENT, Role.ADMIN},
            template="apdovanojimai/_results_home.html", order=85)
def home_recent_winners(request):
    """The winners of contests whose results were published in the last 90 days; left out
    when none."""
    since = timezone.now() - timedelta(days=HOME_DAYS)
    winners = [award for award in selectors.recent_winners(request.user, HOME_SHOWN)
               if award.contest.results_published_at
               and award.contest.results_published_at >= since]
    if not winners:
        return None
    return {"winners": winners, "list_url": reverse("apdovanojimai:award_list")}


def nominee_text(award) -> str:
    """"Aušra Petrauskienė (Kretingos viešoji biblioteka)": the nominee in the nominative
    (the recipient as printed is in the case the diploma needs)."""
    nomination = award.nomination
    name = (nomination.practice.title if nomination.practice_id
            else nomination.nominee_name)
    unit = nomination.unit.name if nomination.unit_id else ""
    return f"{name} ({unit})" if unit and unit != name else name


def results_published_since(since, user) -> list[dict]:
    """Contests whose results were published since a moment, as the user may see them:
    the contest, the day, the results page and the winners."""
    items = []
    for contest in selectors.published_since(since, user)[:20]:
        winners = "; ".join(nominee_text(award) for award in contest.diplomas_shown)
        items.append({"title": _("Results: %(contest)s") % {"contest": contest.title},
                      "date": contest.results_published_at,
                      "url": reverse("apdovanojimai:contest_results", args=[contest.pk]),
                      "text": (_("Winners: %(winners)s.") % {"winners": winners})
                      if winners else _("The results are published.")})
    return items


digest_item("apdovanojimai.results", label=gettext_lazy("Contest results"),
            items=results_published_since, order=60)
