"""Writes of the deadlines that are more than one form's save: re-applying a programme's
(changed) rules to its projects that still run. The rules themselves live in
``projektai.services`` (``apply_deadline_rules``); this only walks the projects and counts
what changed, for the message staff see."""

import logging
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction

from projektai.models import Deadline, FundingProgramme, Project
from projektai.selectors_deadlines import FINISHED_STATUSES
from projektai.services import apply_deadline_rules

logger = logging.getLogger("regionas.projects")


@dataclass(frozen=True)
class Reapplied:
    projects: int
    added: int
    moved: int
    removed: int


def projects_to_replan(programme: FundingProgramme):
    """The programme's projects whose deadlines still matter (not closed, rejected or
    withdrawn)."""
    return Project.objects.filter(programme=programme).exclude(status__in=FINISHED_STATUSES)


def reapply_programme_rules(programme: FundingProgramme, *, by) -> Reapplied:
    """Bring the rule-made deadlines of the programme's running projects in line with its
    rules as they are now. Deadlines typed by hand and those done stay as they are."""
    if not (by.is_authenticated and by.can_manage_territory):
        raise PermissionDenied
    with transaction.atomic():
        projects = list(projects_to_replan(programme).select_for_update().order_by("pk"))
        before = dict(Deadline.objects.filter(project__in=[p.pk for p in projects],
                                              rule__isnull=False)
                      .values_list("pk", "due_on"))
        added = 0
        for project in projects:
            added += len(apply_deadline_rules(project))
        after = dict(Deadline.objects.filter(pk__in=list(before)).values_list("pk", "due_on"))
    moved = sum(1 for pk, due in after.items() if before[pk] != due)
    removed = len(before) - len(after)
    logger.info("programme %s: rules re-applied by %s to %s projects (+%s, moved %s, -%s)",
                programme.pk, by.pk, len(projects), added, moved, removed)
    return Reapplied(len(projects), added, moved, removed)
