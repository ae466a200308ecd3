"""Reads of the partners' pages that join other apps: the joint activities of a partner (the
projects its organisation is a partner, lead or funder of, and the trainings and
publications the contact log links to), each scoped with its own ``visible_to``; and the
agreements expiring soon or just expired (the home panel). A fixed number of queries."""

from datetime import date, timedelta

from django.db.models import F, Q
from django.utils import timezone

from bendradarbiavimas import services_partners as services
from bendradarbiavimas.models import Agreement, ContactLog, Partner
from mokymai.models import TrainingEvent
from projektai.models import Project, ProjectPartner
from viesinimas.models import Publication

#: How many of each kind of joint activity a partner's page lists.
JOINT_SHOWN = 20
#: "Just expired": ended within this many days.
JUST_EXPIRED_DAYS = 30


def joint_activities(partner: Partner, user) -> dict:
    """Projects (the organisation is a partner, the lead or the programme's funder),
    trainings and publications (linked from the contact log) the user may see. The log
    itself is not shown to a librarian; the activities it links to are, as far as each
    app lets them see them."""
    organisation_id = partner.organisation_id
    partner_of = ProjectPartner.objects.filter(organisation_id=organisation_id) \
        .values("project_id")
    projects = list(Project.objects.visible_to(user)
                    .filter(Q(pk__in=partner_of) | Q(lead_organisation_id=organisation_id)
                            | Q(programme__funder_id=organisation_id))
                    .select_related("programme")
                    .order_by(F("starts_on").desc(nulls_last=True), "pk")[:JOINT_SHOWN])
    log = ContactLog.objects.filter(partner=partner)
    events = list(TrainingEvent.objects.visible_to(user)
                  .filter(pk__in=log.filter(event__isnull=False).values("event_id"))
                  .order_by("-starts_on", "pk")[:JOINT_SHOWN])
    publications = list(Publication.objects.visible_to(user)
                        .filter(pk__in=log.filter(publication__isnull=False)
                                .values("publication_id"))
                        .order_by("-published_on", "pk")[:JOINT_SHOWN])
    for project in projects:
        project.partner_role = (
            "funder" if project.programme.funder_id == organisation_id
            else "lead" if project.lead_organisation_id == organisation_id else "partner")
    return {"projects": projects, "events": events, "publications": publications,
            "any": bool(projects or events or publications)}


def expiring_agreements(user, *, today: date | None = None,
                        days: int = services.EXPIRING_WORKING_DAYS):
    """Agreements in force that end within ``days`` working days, soonest first."""
    today = today or timezone.localdate()
    horizon = services.expiry_horizon(today, days)
    return (Agreement.objects.visible_to(user)
            .filter(Q(terminated_on__isnull=True) | Q(terminated_on__gt=today),
                    starts_on__lte=today, ends_on__gte=today, ends_on__lte=horizon)
            .order_by("ends_on", "pk"))


def just_expired_agreements(user, *, today: date | None = None,
                            days: int = JUST_EXPIRED_DAYS):
    today = today or timezone.localdate()
    return (Agreement.objects.visible_to(user)
            .filter(Q(terminated_on__isnull=True) | Q(terminated_on__gt=F("ends_on")),
                    ends_on__lt=today, ends_on__gte=today - timedelta(days=days))
            .order_by("-ends_on", "pk"))
