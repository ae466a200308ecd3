"""E-mails of the studies: when a study opens for answers, the directors of every
participating library (or of a library above it — a system's director answers for its
outlets) get their library's own public link, absolute (a worker has no request).
Queued after the commit by the study's status action; the task takes the study's id and
reads everything again. ``tasks.py`` star-imports this module."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from bibliotekos.models import Library, Membership
from paskyros.models import Role
from portalas.registry import notification_kind
from tyrimai.models import Participation, Study, StudyStatus
from tyrimai.reports_poster import public_link

logger = logging.getLogger("regionas.research")

__all__ = ["director_users", "notify_study_opened", "study_opened_message"]

notification_kind("tyrimai.study_opened", label=_("A study opened for answers"),
                  description=_("Your library takes part in a user-needs study: its public "
                                "link, QR poster and paper entry are ready."),
                  optional=False, roles=(Role.LIBRARIAN,))


def _ancestor_ids(library: Library, parents: dict) -> list[int]:
    chain, node, seen = [], library.pk, set()
    while node is not None and node not in seen:
        chain.append(node)
        seen.add(node)
        node = parents.get(node)
    return chain


def director_users(participations) -> dict[int, list]:
    """Participation id → the active directors (with an e-mail) of its library or of a
    library above it, in a fixed number of queries."""
    parents = dict(Library.objects.filter(parent__isnull=False).values_list("pk", "parent_id"))
    chains = {p.pk: _ancestor_ids(p.library, parents) for p in participations}
    wanted = {pk for chain in chains.values() for pk in chain}
    users = {}
    by_library: dict[int, list[int]] = {}
    for membership in (Membership.objects.filter(role=Membership.Role.DIRECTOR,
                                                 library_id__in=wanted, user__is_active=True)
                       .exclude(user__email="").select_related("user")):
        users[membership.user_id] = membership.user
        by_library.setdefault(membership.library_id, []).append(membership.user_id)
    found = {}
    for participation_id, chain in chains.items():
        ids = dict.fromkeys(uid for library_id in chain for uid in by_library.get(library_id, []))
        found[participation_id] = [users[uid] for uid in ids]
    return found


def study_opened_message(study: Study, participations: list, user):
    """(subject, body, from, [to]) in ``user``'s language: the libraries' links."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {"user": user, "study": study, "base_url": settings.PORTAL_BASE_URL,
                   "links": [{"library": p.library, "link": public_link(p)}
                             for p in participations],
                   "hub": settings.PORTAL_BASE_URL + reverse("tyrimai:my_studies")}
        subject = render_to_string("tyrimai/email/study_opened_subject.txt", context)
        body = render_to_string("tyrimai/email/study_opened.txt", context)
    return (settings.EMAIL_SUBJECT_PREFIX + " ".join(subject.split()), body, None,
            [user.email])


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def notify_study_opened(study_id: int) -> int:
    """One e-mail per director, listing the links of every participating library they
    answer for."""
    study = Study.objects.filter(pk=study_id, status=StudyStatus.OPEN).first()
    if study is None:
        return 0
    participations = list(Participation.objects.filter(study=study, active=True)
                          .select_related("library").order_by("library__name"))
    per_user: dict[int, dict] = {}
    for participation_id, directors in director_users(participations).items():
        participation = next(p for p in participations if p.pk == participation_id)
        for user in directors:
            entry = per_user.setdefault(user.pk, {"user": user, "participations": []})
            entry["participations"].append(participation)
    messages = [study_opened_message(study, entry["participations"], entry["user"])
                for entry in per_user.values()]
    sent = send_mass_mail(messages, fail_silently=False) if messages else 0
    logger.info("study %s opened: %s e-mails", study_id, sent)
    return sent

