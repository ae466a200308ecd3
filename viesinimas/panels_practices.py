"""What other pages show of the good-practice catalogue: the menu entry (everyone signed
in; no query), the home cards (staff: the practices waiting for review; a library's people:
their drafts, those returned with a note first), the library card's section (its practices
and the practices it took over), the digest's news (practices published since a moment)
and, through ``personal_data_practices``, the personal data it holds."""

from datetime import date, datetime, time

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bibliotekos.models import Library
from paskyros.models import Role
from portalas.registry import digest_item, home_panel, nav_item, object_panel
from viesinimas import personal_data_practices  # noqa: F401 - registers the provider
from viesinimas.models import Adoption, Practice, PracticeStatus, own_library_ids

__all__ = ["library_practices", "practices_published_since", "practices_to_review",
           "returned_practices"]

SHOWN = 6

nav_item(group="publicity", label=_("Good practice"), url_name="viesinimas:practice_list",
         icon="lightbulb", order=40)


@home_panel(roles={Role.STAFF, Role.ADMIN}, template="viesinimas/_practices_home_review.html",
            order=30)
def practices_to_review(request):
    """The practices waiting for review, the longest waiting first; one query, left out when
    none waits."""
    waiting = list(Practice.objects.visible_to(request.user)
                   .filter(status=PracticeStatus.REVIEW).select_related("library")
                   .order_by("submitted_at", "pk")[:SHOWN + 1])
    if not waiting:
        return None
    return {"practices": waiting[:SHOWN], "more": len(waiting) > SHOWN,
            "list_url": reverse("viesinimas:practice_mine") + "?stage=review"}


@home_panel(roles={Role.LIBRARIAN}, template="viesinimas/_practices_home_library.html",
            order=70)
def returned_practices(request):
    """The user's libraries' drafts: those the department returned with a note first, then
    the ones not handed in yet; left out when there is none."""
    ids = own_library_ids(request.user)
    if not ids:
        return None
    drafts = list(Practice.objects.filter(library__in=ids, status=PracticeStatus.DRAFT)
                  .select_related("library").order_by("-updated_at", "-pk")[:SHOWN + 1])
    if not drafts:
        return None
    drafts.sort(key=lambda practice: not practice.review_note)
    return {"practices": drafts[:SHOWN], "more": len(drafts) > SHOWN,
            "returned": sum(1 for practice in drafts if practice.review_note),
            "list_url": reverse("viesinimas:practice_mine")}


@object_panel(Library, template="viesinimas/_practices_library_panel.html", order=75)
def library_practices(request, library):
    """The library's practices (the unpublished ones only to whom may see them; archived
    left out) and the published practices it took over; left out when neither."""
    user = request.user
    own = list(Practice.objects.visible_to(user).filter(library=library)
               .exclude(status=PracticeStatus.ARCHIVED)
               .order_by("-published_at", "-updated_at", "-pk")[:SHOWN + 1])
    taken = list(Adoption.objects.filter(library=library,
                                         practice__status=PracticeStatus.PUBLISHED)
                 .select_related("practice__library").order_by("-adopted_on", "-pk")
                 [:SHOWN + 1])
    if not own and not taken:
        return None
    return {"library": library, "practices": own[:SHOWN], "more": len(own) > SHOWN,
            "adoptions": taken[:SHOWN], "more_adoptions": len(taken) > SHOWN,
            "list_url": reverse("viesinimas:practice_list") + f"?library={library.pk}"}


def _moment(since):
    if isinstance(since, datetime):
        return since if timezone.is_aware(since) else timezone.make_aware(since)
    if isinstance(since, date):
        return timezone.make_aware(datetime.combine(since, time.min))
    return since


def practices_published_since(since, user) -> list[dict]:
    """Practices published since a moment (or a day), as the user may see them: title,
    date, link, the library and the one-sentence summary."""
    practices = (Practice.objects.visible_to(user).published()
                 .filter(published_at__gte=_moment(since)).select_related("library")
                 .order_by("-published_at", "-pk")[:50])
    return [{"title": practice.title, "date": practice.published_at,
             "url": practice.get_absolute_url(),
             "text": f"{practice.library.name}. {practice.summary}"}
            for practice in practices]


digest_item("viesinimas.practices", label=_("Good practice"), items=practices_published_since,
            order=40)
