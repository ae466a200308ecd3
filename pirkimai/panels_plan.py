"""What other pages show of the procurement plan: the menu entry of procurement (group
"general", for staff and management), and a home card — for staff, while this year's plan
does not exist (and in December, next year's); for management, a plan with lines awaiting
their approval. Left out otherwise."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from paskyros.models import Role
from pirkimai.models import PlanStatus, ProcurementPlan, may_approve, may_prepare, may_read
from portalas.registry import home_panel, nav_item

__all__ = ["home_plan"]

nav_item(group="general", label=gettext_lazy("Procurement"), url_name="pirkimai:home",
         icon="cart", order=45, allowed=may_read)


@home_panel(roles={Role.STAFF, Role.MANAGEMENT, Role.ADMIN},
            template="pirkimai/_plan_home.html", order=35)
def home_plan(request):
    user, today = request.user, timezone.localdate()
    years = (today.year, today.year + 1)
    plans = {plan.year: plan for plan in ProcurementPlan.objects.visible_to(user)
             .filter(year__in=years).only("year", "status")}
    missing = []
    if may_prepare(user):
        if today.year not in plans:
            missing.append(today.year)
        if today.month == 12 and today.year + 1 not in plans:
            missing.append(today.year + 1)
    awaiting = []
    if may_approve(user):
        drafts = [plan for plan in plans.values() if plan.status == PlanStatus.DRAFT]
        with_lines = set(ProcurementPlan.objects.filter(
            pk__in=[plan.pk for plan in drafts], purchases__isnull=False)
            .values_list("pk", flat=True).distinct()) if drafts else set()
        awaiting = sorted((plan for plan in drafts if plan.pk in with_lines),
                          key=lambda plan: plan.year)
    if not missing and not awaiting:
        return None
    return {"missing": missing, "awaiting": awaiting,
            "create_url": reverse("pirkimai:plan_create"),
            "home_url": reverse("pirkimai:home")}
