"""What other pages show of the projects' figures: the overview in the menu, and on an
organisation's page the projects it leads or is a partner in."""

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from bibliotekos.models import Organisation
from portalas.registry import nav_item, object_panel
from projektai.models import Project, ProjectPartner

PANEL_LIMIT = 20


def _sees_projects(user) -> bool:
    return user.is_authenticated and (user.sees_whole_territory or user.is_librarian)


nav_item(group="projects", label=_("Projects overview"), url_name="projektai:overview",
         icon="bar-chart", order=80, allowed=_sees_projects)


@object_panel(Organisation, template="projektai/_organisation_projects.html", order=50)
def organisation_projects(request, organisation):
    """Projects the organisation leads or is a partner in, as far as the user may see
    them; left out when there are none."""
    partner_of = ProjectPartner.objects.filter(organisation=organisation).values("project_id")
    projects = (Project.objects.visible_to(request.user)
                .filter(Q(lead_organisation=organisation) | Q(pk__in=partner_of))
                .select_related("programme")
                .order_by(F("starts_on").desc(nulls_last=True), "-created_at", "pk"))
    shown = list(projects[:PANEL_LIMIT + 1])
    if not shown:
        return None
    return {"organisation": organisation,
            "projects": [{"project": project,
                          "lead": project.lead_organisation_id == organisation.pk}
                         for project in shown[:PANEL_LIMIT]],
            "more": len(shown) > PANEL_LIMIT}
