"""What other pages show of the studies: the menu entries (research, charter function 4.3),
the home page's cards (staff: the studies collecting answers, with their counts; a
librarian: their library's studies collecting answers, with the link and the poster) and
the library card's section (the studies the library takes part in)."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bibliotekos.models import Library
from bibliotekos.scoping import memberships_of, visible_library_ids
from paskyros.models import Role
from portalas.registry import home_panel, nav_item, object_panel
from tyrimai import services
from tyrimai.models import Participation, Study, StudyStatus

__all__ = ["librarian_studies", "library_studies", "staff_studies"]

SHOWN = 5


def _has_library(user) -> bool:
    """A librarian with a library (the memberships the menu reads once per request)."""
    return (user.is_authenticated and user.is_active and user.is_librarian
            and bool(memberships_of(user)))


nav_item(group="analysis", label=_("Studies"), url_name="tyrimai:study_list",
         icon="clipboard-data", order=30, allowed=services.may_read_studies)
nav_item(group="analysis", label=_("My library's studies"), url_name="tyrimai:my_studies",
         icon="qr-code", order=31, allowed=_has_library)


@home_panel(roles={Role.STAFF, Role.MANAGEMENT}, template="tyrimai/study_home_staff.html",
            order=60)
def staff_studies(request):
    """The studies collecting answers, each with its libraries and answers; left out when
    there is none."""
    studies = list(Study.objects.visible_to(request.user).filter(status=StudyStatus.OPEN)
                   .annotate(answers=Count("responses", filter=Q(responses__excluded=False)))
                   .order_by("closes_on", "pk")[:SHOWN + 1])
    if not studies:
        return None
    libraries = dict(Participation.objects.filter(study__in=studies[:SHOWN], active=True)
                     .values("study").annotate(n=Count("pk")).values_list("study", "n"))
    for study in studies:
        study.library_count = libraries.get(study.pk, 0)
    return {"studies": studies[:SHOWN], "more": len(studies) > SHOWN,
            "today": timezone.localdate()}


@home_panel(roles={Role.LIBRARIAN}, template="tyrimai/study_home_librarian.html", order=60)
def librarian_studies(request):
    """The user's libraries' studies collecting answers, with the link and the poster;
    left out when there is none."""
    from tyrimai.reports_poster import public_link

    participations = list(
        Participation.objects.visible_to(request.user)
        .filter(library_id__in=visible_library_ids(request.user), active=True,
                study__status=StudyStatus.OPEN)
        .select_related("study", "library").order_by("study__closes_on", "library__name")
        [:SHOWN + 1])
    if not participations:
        return None
    for participation in participations:
        participation.link = public_link(participation)
    return {"participations": participations[:SHOWN], "more": len(participations) > SHOWN}


@object_panel(Library, template="tyrimai/study_library_panel.html", order=85)
def library_studies(request, library):
    """The studies the library takes part in, as far as the person may see them (staff and
    management: the study's page; the library's people: their hub); left out when none."""
    user = request.user
    participations = Participation.objects.visible_to(user).filter(library=library)
    if not services.may_read_studies(user):
        participations = participations.exclude(study__status=StudyStatus.DRAFT)
    participations = list(
        participations.select_related("study")
        .annotate(answers=Count("responses", filter=Q(responses__excluded=False)))
        .order_by("-study__opens_on", "-study_id")[:SHOWN + 1])
    if not participations:
        return None
    return {"library": library, "participations": participations[:SHOWN],
            "more": len(participations) > SHOWN,
            "may_read_studies": services.may_read_studies(user)}
