"""What other pages show of the newsletter: the menu entry, the latest issue on a
librarian's home page, and the personal data it keeps (who was sent which issue)."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from paskyros.models import Role
from portalas.registry import home_panel, nav_item, personal_data
from viesinimas.models import Newsletter, NewsletterDelivery, NewsletterItem, NewsletterStatus

nav_item(group="publicity", label=_("Newsletter"), url_name="viesinimas:newsletter_list",
         icon="envelope-paper", order=40)


@home_panel(roles={Role.LIBRARIAN}, template="viesinimas/_newsletter_home.html", order=70)
def latest_newsletter(request):
    """The latest issue sent, with its first items (two queries)."""
    latest = (Newsletter.objects.visible_to(request.user).filter(status=NewsletterStatus.SENT)
              .order_by("-sent_at", "-pk")
              .prefetch_related(Prefetch("items", queryset=NewsletterItem.objects.order_by(
                  "order", "pk"), to_attr="shown_items"))
              .first())
    if latest is None:
        return None
    return {"newsletter": latest, "items": latest.shown_items[:5],
            "more": max(len(latest.shown_items) - 5, 0),
            "list_url": reverse("viesinimas:newsletter_list")}


def _export(person) -> list[dict]:
    account = getattr(person, "user", None)
    if account is None:
        return []
    return [{"record": "newsletter sent", "newsletter": delivery.newsletter.title,
             "sent_at": delivery.sent_at.isoformat() if delivery.sent_at else ""}
            for delivery in NewsletterDelivery.objects.filter(user=account)
            .select_related("newsletter").order_by("newsletter__sent_at", "pk")]


def _erase(person) -> int:
    """Which issues were sent to the person is forgotten (the issues' counts stay)."""
    account = getattr(person, "user", None)
    if account is None:
        return 0
    return NewsletterDelivery.objects.filter(user=account).delete()[0]


personal_data("viesinimas.newsletter", label=_("Newsletter: the issues sent to the person"),
              export=_export, erase=_erase)
