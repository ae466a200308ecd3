"""Objects of the projects app for tests."""

from datetime import date
from decimal import Decimal

from bibliotekos.models import Organisation, OrganisationKind
from projektai.models import (
    DeadlineAnchor,
    DeadlineKind,
    DeadlineRule,
    FundingProgramme,
    Project,
    ProjectStatus,
)
from projektai.services import create_project


def make_lkt() -> FundingProgramme:
    """The Lithuanian Council for Culture's programme with its two rules as the demo
    keeps them: change requests by 1 December of each year the project runs; the final
    report within 10 working days after the end and by 31 December."""
    funder, _ = Organisation.objects.get_or_create(
        name="Lietuvos kultūros taryba", country="LT",
        defaults={"short_name": "LKT", "kind": OrganisationKind.GOVERNMENT})
    programme, created = FundingProgramme.objects.get_or_create(
        name="Lietuvos kultūros taryba – bibliotekų programa",
        defaults={"short_name": "LKT", "funder": funder})
    if created:
        DeadlineRule.objects.create(
            programme=programme, title="Keitimo prašymas", kind=DeadlineKind.CHANGE_REQUEST,
            anchor=DeadlineAnchor.YEARLY, month=12, day=1, remind_days=5, order=10)
        DeadlineRule.objects.create(
            programme=programme, title="Galutinė ataskaita", kind=DeadlineKind.REPORT,
            anchor=DeadlineAnchor.END, offset=10, working_days=True, latest_month=12,
            latest_day=31, remind_days=3, remind_working=True, order=20)
    return programme


def make_other_programme(name="Savivaldybės kultūros fondas") -> FundingProgramme:
    return FundingProgramme.objects.get_or_create(name=name)[0]


def make_project(*, by, programme=None, owner_library=None, status=ProjectStatus.IDEA,
                 title="Skaitymo iššūkis regione", starts_on=date(2026, 3, 1),
                 ends_on=date(2026, 12, 15), responsible=(), **fields) -> Project:
    """A project created through the service (its first status noted, the programme's
    deadline rules applied); ``status`` is then set directly for tests that start later
    in the pipeline."""
    project = Project(title=title, programme=programme or make_lkt(),
                      owner_library=owner_library, starts_on=starts_on, ends_on=ends_on,
                      requested_amount=fields.pop("requested_amount", Decimal("12000.00")),
                      **fields)
    project = create_project(project, by=by, responsible=responsible)
    if status != ProjectStatus.IDEA:
        Project.objects.filter(pk=project.pk).update(status=status)
        project.refresh_from_db()
    return project
