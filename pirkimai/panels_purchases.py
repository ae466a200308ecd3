"""What other pages show of the purchases:

- the home page: management see the requests awaiting their approval (the oldest first);
  staff see their requests returned for correction, with management's comment; each left
  out when there is none;
- a project's page: the purchases paid from the project, to those who may read
  procurement (a librarian sees the project, not its purchases), with "New purchase
  request" filled in with the project for staff."""

from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Sum
from django.urls import reverse

from paskyros.models import Role
from pirkimai import selectors_purchases as selectors
from pirkimai.forms_purchases import funding_statuses
from pirkimai.models import Purchase, PurchaseStatus, may_approve, may_prepare, may_read
from portalas.registry import home_panel, object_panel
from projektai.models import Project

__all__ = ["awaiting_approval", "project_purchases", "returned_to_me"]

HOME_SHOWN = 8
PROJECT_SHOWN = 10


@home_panel(roles={Role.MANAGEMENT, Role.ADMIN},
            template="pirkimai/_purchase_home_awaiting.html", order=24)
def awaiting_approval(request):
    """Requests submitted for approval, the longest waiting first. One query."""
    user = request.user
    if not may_approve(user):
        return None
    found = list(Purchase.objects.visible_to(user).awaiting_approval()
                 .select_related("cpv", "requested_by")
                 .order_by("submitted_at", "pk")[:HOME_SHOWN + 1])
    if not found:
        return None
    return {"purchases": found[:HOME_SHOWN], "more": len(found) > HOME_SHOWN,
            "list_url": selectors.list_url(status=PurchaseStatus.SUBMITTED)}


@home_panel(roles={Role.STAFF, Role.ADMIN},
            template="pirkimai/_purchase_home_returned.html", order=24)
def returned_to_me(request):
    """The user's requests returned for correction, the latest first. One query."""
    user = request.user
    if not may_prepare(user):
        return None
    found = list(Purchase.objects.visible_to(user)
                 .filter(status=PurchaseStatus.RETURNED, requested_by=user)
                 .select_related("decided_by").order_by("-decided_at", "-pk")[:HOME_SHOWN + 1])
    if not found:
        return None
    return {"purchases": found[:HOME_SHOWN], "more": len(found) > HOME_SHOWN,
            "list_url": selectors.list_url(status=PurchaseStatus.RETURNED,
                                           requested_by=user.pk)}


@object_panel(Project, template="pirkimai/_project_purchases.html", order=88)
def project_purchases(request, project):
    """The purchases paid from the project and their value (cancelled ones left out); None
    for whoever may not read procurement. One query (two past ten purchases; none for a
    librarian)."""
    user = request.user
    if not may_read(user):
        return None
    rows = list(selectors.project_purchases(user, project)[:PROJECT_SHOWN + 1])
    can_create = may_prepare(user) and project.status in funding_statuses()
    if not rows and not can_create:
        return None
    create_url = (f"{reverse('pirkimai:purchase_create')}?{urlencode({'project': project.pk})}"
                  if can_create else "")
    more = len(rows) > PROJECT_SHOWN
    if more:
        total = (selectors.project_purchases(user, project)
                 .exclude(status=PurchaseStatus.CANCELLED)
                 .aggregate(total=Sum("estimated_value"))["total"])
    else:
        total = sum((row.estimated_value for row in rows
                     if row.status != PurchaseStatus.CANCELLED), Decimal("0"))
    return {"purchases": rows[:PROJECT_SHOWN], "more": more, "total": total,
            "project": project, "create_url": create_url,
            "list_url": selectors.list_url(project=project.pk)}
