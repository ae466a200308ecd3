"""What other pages show of the partners and agreements: the menu entries; on a library's
card the partners it works with; on an organisation's page "partner since…, N agreements";
on a project's page which of its partner organisations are the department's partners; on a
training's and a publication's page the contact-log entries that point at it; the home
panel of agreements expiring soon or just expired; the agreements' expiry dates in the
territory's calendar. Each only to those who may see it (``visible_to``)."""

from datetime import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bendradarbiavimas import personal_data_partners  # noqa: F401  (registers the provider)
from bendradarbiavimas import selectors_partners as selectors
from bendradarbiavimas import services_partners as services
from bendradarbiavimas.models import Agreement, ContactLog, Partner, may_manage
from bibliotekos.models import Library, Organisation
from bibliotekos.scoping import descendant_ids
from mokymai.models import TrainingEvent
from paskyros.models import Role
from portalas.access import sees_territory
from portalas.ordering import sorted_lt
from portalas.registry import (
    CalendarEntry,
    calendar_source,
    home_panel,
    nav_item,
    object_panel,
)
from projektai.models import Project, ProjectPartner
from viesinimas.models import Publication

__all__ = ["agreement_expiries", "event_log", "home_agreements", "library_partners",
           "organisation_partnership", "project_partners", "publication_log"]

LIBRARY_SHOWN = 10
LOG_SHOWN = 10
HOME_SHOWN = 8


def _signed_in(user) -> bool:
    return user.is_authenticated


nav_item(group="publicity", label=gettext_lazy("Partners"),
         url_name="bendradarbiavimas:partner_list", icon="people", order=50, allowed=_signed_in)
nav_item(group="publicity", label=gettext_lazy("Agreements"),
         url_name="bendradarbiavimas:agreement_list", icon="file-earmark-text", order=51,
         allowed=sees_territory)


@object_panel(Library, template="bendradarbiavimas/_partners_library_panel.html", order=85)
def library_partners(request, library):
    """The partners the library (and its outlets) works with, as the user may see them;
    left out when none, unless the user keeps partners."""
    user = request.user
    ids = {library.pk} | descendant_ids([library.pk])
    links = Partner.libraries.through.objects.filter(library_id__in=ids).values("partner_id")
    partners = list(Partner.objects.visible_to(user).filter(pk__in=links)
                    .select_related("organisation")
                    .order_by("-active", "organisation__name")[:LIBRARY_SHOWN + 1])
    can_manage = may_manage(user)
    if not partners and not can_manage:
        return None
    return {"library": library, "partners": partners[:LIBRARY_SHOWN],
            "more": len(partners) > LIBRARY_SHOWN, "can_manage": can_manage,
            "list_url": f"{reverse('bendradarbiavimas:partner_list')}?library={library.pk}"}


@object_panel(Organisation, template="bendradarbiavimas/_partners_organisation_panel.html",
              order=40)
def organisation_partnership(request, organisation):
    """"Partner since…, N agreements" (staff and management); for staff who may add it, a
    link to make the organisation a partner."""
    user = request.user
    if not services.may_read(user):
        return None
    partner = (Partner.objects.visible_to(user).filter(organisation=organisation)
               .annotate(agreement_count=Count("agreements")).first())
    if partner is None and not may_manage(user):
        return None
    return {"partner": partner, "can_manage": may_manage(user),
            "create_url": reverse("bendradarbiavimas:partner_create")}


@object_panel(Project, template="bendradarbiavimas/_partners_project_panel.html", order=90)
def project_partners(request, project):
    """Which of the project's partner organisations (and its lead or funder) are the
    department's partners (staff and management); left out when none."""
    user = request.user
    if not services.may_read(user):
        return None
    named = (Q(organisation__in=ProjectPartner.objects.filter(project=project)
                                .values("organisation_id"))
             | Q(organisation_id=project.lead_organisation_id))
    partners = list(Partner.objects.visible_to(user).filter(named)
                    .select_related("organisation"))
    log = list(ContactLog.objects.visible_to(user).filter(project=project)
               .select_related("partner__organisation").order_by("-happened_on", "-pk")
               [:LOG_SHOWN])
    if not partners and not log:
        return None
    return {"partners": sorted_lt(partners, key=lambda p: p.organisation.name), "log": log}


def _log_panel(request, lookup: dict) -> dict | None:
    user = request.user
    if not services.may_read(user):
        return None
    entries = list(ContactLog.objects.visible_to(user).filter(**lookup)
                   .select_related("partner__organisation")
                   .order_by("-happened_on", "-pk")[:LOG_SHOWN + 1])
    if not entries:
        return None
    return {"log": entries[:LOG_SHOWN], "more": len(entries) > LOG_SHOWN}


@object_panel(TrainingEvent, template="bendradarbiavimas/_partners_log_panel.html", order=90)
def event_log(request, event):
    """Contacts with partners logged about this training (staff and management)."""
    return _log_panel(request, {"event": event})


@object_panel(Publication, template="bendradarbiavimas/_partners_log_panel.html", order=90)
def publication_log(request, publication):
    """Contacts with partners logged about this publication (staff and management)."""
    return _log_panel(request, {"publication": publication})


@home_panel(roles={Role.STAFF, Role.MANAGEMENT},
            template="bendradarbiavimas/_agreements_home.html", order=45)
def home_agreements(request):
    """Agreements expiring within 30 working days, and those that ended in the last 30
    days; left out when there are none."""
    user = request.user
    expiring = list(selectors.expiring_agreements(user)[:HOME_SHOWN + 1])
    expired = list(selectors.just_expired_agreements(user)[:HOME_SHOWN + 1])
    if not expiring and not expired:
        return None
    return {"expiring": expiring[:HOME_SHOWN], "expired": expired[:HOME_SHOWN],
            "more": len(expiring) > HOME_SHOWN or len(expired) > HOME_SHOWN,
            "days": services.EXPIRING_WORKING_DAYS,
            "list_url": f"{reverse('bendradarbiavimas:agreement_list')}?status=expiring"}


def agreement_expiries(start, end, user):
    """The day each agreement in force ends (staff and management)."""
    if not services.may_read(user):
        return []
    if isinstance(start, datetime):
        start = timezone.localtime(start).date() if timezone.is_aware(start) else start.date()
    if isinstance(end, datetime):
        end = timezone.localtime(end).date() if timezone.is_aware(end) else end.date()
    records = (Agreement.objects.visible_to(user)
               .filter(Q(terminated_on__isnull=True) | Q(terminated_on__gt=end),
                       ends_on__range=(start, end)).order_by("ends_on", "pk"))
    return [CalendarEntry(title=_("Agreement expires: %(title)s") % {"title": agreement.title},
                          start=agreement.ends_on, url=agreement.get_absolute_url(),
                          source="bendradarbiavimas.agreements")
            for agreement in records]


calendar_source("bendradarbiavimas.agreements", label=gettext_lazy("Agreements expiring"),
                entries=agreement_expiries)
