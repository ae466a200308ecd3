"""What other pages show of the file plan: the menu entry of the archive (group "general",
for staff and management), and the home card for staff while the year's plan is missing
or still a draft, or in December when next year's plan does not exist yet (only then)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from archyvas.models import FilePlan, PlanStatus, may_read
from paskyros.models import Role
from portalas.registry import home_panel, nav_item

__all__ = ["home_plan_due"]

nav_item(group="general", label=gettext_lazy("Documentation and archive"),
         url_name="archyvas:plan_list", icon="archive", order=40, allowed=may_read)


@home_panel(roles={Role.STAFF, Role.ADMIN}, template="archyvas/_plan_home.html", order=30)
def home_plan_due(request):
    """This year's plan missing or a draft; in December, next year's missing. Left out
    otherwise."""
    today = timezone.localdate()
    plans = dict(FilePlan.objects.filter(year__in=(today.year, today.year + 1))
                 .values_list("year", "status"))
    current = plans.get(today.year)
    next_missing = today.month == 12 and today.year + 1 not in plans
    if current == PlanStatus.APPROVED or current == PlanStatus.CLOSED:
        current_due = None
    else:
        current_due = "missing" if current is None else "draft"
    if current_due is None and not next_missing:
        return None
    return {"year": today.year, "next_year": today.year + 1, "current": current_due,
            "next_missing": next_missing,
            "current_url": reverse("archyvas:plan_detail", args=[today.year])
            if current is not None else "",
            "create_url": reverse("archyvas:plan_create"),
            "list_url": reverse("archyvas:plan_list")}
