"""What other pages show of the knowledge base: the menu entry (everyone signed in), the
home card of entries waiting for review (staff and management: the ones they may review,
not their own) and, for librarians, the newest published answers with a search box."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from konsultacijos.models import EntryStatus, KnowledgeEntry
from paskyros.models import Role
from portalas.registry import home_panel, nav_item

__all__ = ["entries_to_review", "newest_answers"]

REVIEW_LIMIT = 6
NEWEST = 3

nav_item(group="training", label=_("Knowledge base"), url_name="konsultacijos:entry_list",
         icon="journal-text", order=60)


@home_panel(roles={Role.STAFF, Role.MANAGEMENT},
            template="konsultacijos/_entry_home_review.html", order=25)
def entries_to_review(request):
    """The entries in review someone else wrote (the oldest first: they have waited
    longest); one query, left out when none wait."""
    user = request.user
    waiting = list(KnowledgeEntry.objects.visible_to(user)
                   .filter(status=EntryStatus.REVIEW).exclude(created_by=user)
                   .select_related("topic", "created_by")
                   .order_by("updated_at", "pk")[:REVIEW_LIMIT + 1])
    if not waiting:
        return None
    return {"entries": waiting[:REVIEW_LIMIT], "more": len(waiting) > REVIEW_LIMIT,
            "list_url": reverse("konsultacijos:entry_list") + "?stage=review"}


@home_panel(roles={Role.LIBRARIAN}, template="konsultacijos/_entry_home_newest.html",
            order=80)
def newest_answers(request):
    """The three newest published answers and a search box; left out while the base is
    empty. One query."""
    newest = list(KnowledgeEntry.objects.visible_to(request.user)
                  .filter(status=EntryStatus.PUBLISHED).select_related("topic")
                  .order_by("-published_at", "-pk")[:NEWEST])
    if not newest:
        return None
    return {"entries": newest, "list_url": reverse("konsultacijos:entry_list")}
