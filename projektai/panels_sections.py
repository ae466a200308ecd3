"""What the trainings' pages show of projects: on an event's page, the project indicators
the event counts toward (the projects the user sees)."""

from mokymai.models import TrainingEvent
from portalas.registry import object_panel
from projektai.models import Project, ProjectIndicator

__all__ = ["event_project_indicators"]


@object_panel(TrainingEvent, template="projektai/_event_project_indicators.html", order=80)
def event_project_indicators(request, event):
    """The projects (visible to the user) whose indicators count this training, each with
    the names of those indicators; None when there are none."""
    indicators = (ProjectIndicator.objects
                  .filter(events=event, project__in=Project.objects.visible_to(request.user))
                  .select_related("project").order_by("project__title", "project_id",
                                                      "order", "pk"))
    projects: dict[int, dict] = {}
    for indicator in indicators:
        row = projects.setdefault(indicator.project_id,
                                  {"project": indicator.project, "indicators": []})
        row["indicators"].append(indicator)
    if not projects:
        return None
    return {"projects": list(projects.values())}
