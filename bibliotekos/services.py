"""Registry use cases that touch several models."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bibliotekos.models import Library, Membership
from paskyros import services as account_services
from paskyros.models import Invitation, Role, User

logger = logging.getLogger("regionas.registry")


@transaction.atomic
def invite_librarian(*, email: str, full_name: str, library: Library, library_role: str,
                     by: User) -> Invitation:
    """Invite a territory librarian to a library. The account starts inactive; the e-mailed
    link sets the password. Inviting someone already invited adds the library."""
    if not by.can_manage_territory:
        raise PermissionDenied(_("Only department staff invite librarians."))
    invitation = account_services.invite_user(email=email, full_name=full_name,
                                              role=Role.LIBRARIAN, by=by)
    Membership.objects.update_or_create(user=invitation.user, library=library,
                                        defaults={"role": library_role})
    return invitation


@transaction.atomic
def add_membership(*, user: User, library: Library, library_role: str, by: User) -> Membership:
    if not by.can_manage_territory:
        raise PermissionDenied
    if not user.is_librarian:
        raise ValidationError(_("Only territory librarians belong to libraries."))
    membership, _created = Membership.objects.update_or_create(
        user=user, library=library, defaults={"role": library_role})
    logger.info("membership %s set by user %s", membership.pk, by.pk)
    return membership


@transaction.atomic
def remove_membership(*, membership: Membership, by: User) -> None:
    if not by.can_manage_territory:
        raise PermissionDenied
    logger.info("membership %s removed by user %s", membership.pk, by.pk)
    membership.delete()
