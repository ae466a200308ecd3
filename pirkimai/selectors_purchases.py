"""Read-side queries of the purchases area: the procurement home page's card, a purchase's
steps (the timeline), its splitting warning, the survey's proposal, the year's requests and
surveys for the archive, a project's purchases."""

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from pirkimai.models import (
    Criterion,
    Purchase,
    PurchaseStatus,
    may_approve,
    may_prepare,
    may_read,
)
from pirkimai.thresholds import purchase_check

__all__ = ["DETAIL_RELATED", "LIST_RELATED", "OPEN", "cheapest", "home_context", "list_url",
           "moment", "project_purchases", "proposed_index", "threshold_message", "threshold_of",
           "timeline", "year_requests", "year_surveys"]

LIST_RELATED = ("cpv", "project", "requested_by")
DETAIL_RELATED = ("cpv", "planned__plan", "project", "project_budget_line", "requested_by",
                  "decided_by", "surveyed_by", "cancelled_by")
#: A purchase still under way (its value counts, it may still move).
OPEN = (PurchaseStatus.DRAFT, PurchaseStatus.SUBMITTED, PurchaseStatus.RETURNED,
        PurchaseStatus.APPROVED, PurchaseStatus.SURVEYED)


def list_url(**params) -> str:
    from urllib.parse import urlencode

    url = reverse("pirkimai:purchase_list")
    return f"{url}?{urlencode(params)}" if params else url


def home_context(user) -> dict:
    """What the procurement home page shows of this area (its card's context): this year's
    purchases by state, their value, what waits for the user. Two queries."""
    if not may_read(user):
        return {}
    year = timezone.localdate().year
    rows = Purchase.objects.visible_to(user).filter(year=year)
    counts = {row["status"]: row["n"] for row in
              rows.order_by().values("status").annotate(n=Count("pk"))}
    value = rows.exclude(status=PurchaseStatus.CANCELLED).aggregate(
        total=Sum("estimated_value"))["total"]
    mine_returned = (Purchase.objects.visible_to(user)
                     .filter(status=PurchaseStatus.RETURNED, requested_by=user).count()
                     if may_prepare(user) else 0)
    states = [{"status": status, "label": PurchaseStatus(status).label,
               "count": counts.get(status, 0),
               "url": list_url(year=year, status=status)}
              for status in PurchaseStatus.values if counts.get(status)]
    return {
        "year": year, "total": sum(counts.values()), "value": value, "states": states,
        "awaiting": counts.get(PurchaseStatus.SUBMITTED, 0),
        "to_survey": counts.get(PurchaseStatus.APPROVED, 0),
        "returned_mine": mine_returned,
        "can_approve": may_approve(user), "can_prepare": may_prepare(user),
        "list_url": list_url(year=year),
        "awaiting_url": list_url(status=PurchaseStatus.SUBMITTED),
        "returned_url": list_url(status=PurchaseStatus.RETURNED, requested_by=user.pk),
        "create_url": reverse("pirkimai:purchase_create"),
    }


def threshold_of(purchase: Purchase):
    """The splitting warning of the purchase as it stands: the year's other purchases of
    its CPV code (cancelled ones left out) with its own value, against its kind's
    threshold. None for a cancelled purchase."""
    if purchase.status == PurchaseStatus.CANCELLED:
        return None
    return purchase_check(year=purchase.year, cpv=purchase.cpv, kind=purchase.kind,
                          value=purchase.estimated_value, exclude_pk=purchase.pk)


def moment(value) -> str:
    """A moment as the portal writes it (``2026-03-02 14:05``), empty for none."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def timeline(purchase: Purchase) -> list[dict]:
    """The purchase's steps for ``templates/includes/timeline.html``: done, the current
    one, the next ones; a returned request shows its return, a cancelled one ends there."""
    status = purchase.status
    steps = [(PurchaseStatus.DRAFT, pgettext("purchase step", "Request prepared"),
              moment(purchase.created_at)),
             (PurchaseStatus.SUBMITTED, pgettext("purchase step", "Submitted for approval"),
              moment(purchase.submitted_at))]
    if status == PurchaseStatus.RETURNED:
        steps.append((PurchaseStatus.RETURNED, pgettext("purchase step",
                                                        "Returned for correction"),
                      moment(purchase.decided_at)))
    steps += [(PurchaseStatus.APPROVED, pgettext("purchase step", "Approved by management"),
               moment(purchase.decided_at) if status not in (
                   PurchaseStatus.RETURNED, PurchaseStatus.SUBMITTED) else ""),
              (PurchaseStatus.SURVEYED, pgettext("purchase step", "Supplier chosen"),
               purchase.surveyed_on.isoformat() if purchase.surveyed_on else ""),
              (PurchaseStatus.CONTRACTED, pgettext("purchase step", "Contract concluded"), "")]
    order = [step[0] for step in steps]
    if status == PurchaseStatus.CANCELLED:
        reached = _reached_before_cancel(purchase)
        done = [step for step in steps if step[0] in reached]
        return [*({"label": label, "when": when, "state": "done"} for _s, label, when in done),
                {"label": pgettext("purchase step", "Cancelled"),
                 "when": moment(purchase.cancelled_at), "state": "current"}]
    now = order.index(status)
    return [{"label": label, "when": when if index <= now else "",
             "state": "done" if index < now else "current" if index == now else "next"}
            for index, (_s, label, when) in enumerate(steps)]


def _reached_before_cancel(purchase: Purchase) -> set:
    """The states a cancelled purchase passed through (its history). One query."""
    return set(purchase.history.order_by().values_list("status", flat=True).distinct())


def cheapest(offers):
    """The offer answered with the lowest price without VAT (the first of equals), or
    None: what the lowest-price criterion proposes."""
    priced = [offer for offer in offers if offer.answered and offer.price is not None]
    return min(priced, key=lambda offer: (offer.price, offer.position, offer.pk)) \
        if priced else None


def proposed_index(rows, criterion: str) -> int | None:
    """Under the lowest-price criterion, the row of the cheapest offer answered with a
    price (the first of equals); otherwise none."""
    if criterion != Criterion.PRICE:
        return None
    priced = [(row.price, index) for index, row in enumerate(rows)
              if row.answered and row.price is not None]
    return min(priced)[1] if priced else None


def threshold_message(check, cpv, year: int) -> str:
    """The splitting warning as a sentence (a save or submission held back by it)."""
    from portalas.templatetags.portal import number

    params = {"code": cpv.code, "year": year, "total": number(check.total, 2),
              "threshold": number(check.threshold, 2), "percent": number(check.percent, 1)}
    if check.level == "over":
        return _("With this request the purchases of %(code)s in %(year)s come to "
                 "%(total)s €, over the low-value threshold of %(threshold)s € "
                 "(%(percent)s %%): is the purchase being split into low-value parts?") % params
    return _("With this request the purchases of %(code)s in %(year)s come to %(total)s €, "
             "%(percent)s %% of the low-value threshold of %(threshold)s €: check that the "
             "purchase is not being split into low-value parts.") % params


def project_purchases(user, project):
    """The purchases paid from ``project`` that ``user`` sees, newest first."""
    return (Purchase.objects.visible_to(user).filter(project=project)
            .select_related("cpv", "requested_by", "project_budget_line")
            .order_by("-year", "-number"))


def year_requests(year: int):
    """The year's submitted requests (the archive's documents of the kind), by number."""
    return (Purchase.objects.filter(year=year, submitted_at__isnull=False)
            .order_by("number"))


def year_surveys(year: int):
    """The year's surveys with a supplier chosen (by the survey's date)."""
    return (Purchase.objects.filter(surveyed_on__year=year)
            .filter(Q(offers__chosen=True)).distinct().order_by("surveyed_on", "number"))
