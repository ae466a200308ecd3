"""Account use cases: invitations, roles, activation. Views call these, nothing else writes."""

import logging

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from paskyros.models import Invitation, Role, User, normalize_email

logger = logging.getLogger("regionas.accounts")


def _check_may_grant(by: User, role: str) -> None:
    if not by.may_grant(role):
        logger.warning("user %s tried to grant role %s", by.pk, role)
        raise PermissionDenied(_("You may not grant this role."))


@transaction.atomic
def invite_user(*, email: str, full_name: str, role: str, by: User,
                language: str = "") -> Invitation:
    """Create (or re-invite) an account that the person activates from an e-mailed link."""
    _check_may_grant(by, role)
    email = normalize_email(email)
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, full_name=full_name.strip(), role=role,
                                        language=language, is_active=False)
    elif user.has_usable_password():
        raise ValidationError({"email": _("A user with this e-mail address already exists.")})
    else:
        if user.role != role:
            _check_may_grant(by, user.role)
        user.full_name = full_name.strip() or user.full_name
        user.role = role
        user.save(update_fields=["full_name", "role", "is_superuser"])
        user.invitations.pending().update(revoked_at=timezone.now())
    _token, token_hash = Invitation.new_token()
    invitation = Invitation.objects.create(user=user, token_hash=token_hash, invited_by=by,
                                           expires_at=Invitation.default_expiry())
    from paskyros.tasks import send_invitation_email

    transaction.on_commit(lambda: send_invitation_email.delay(invitation.pk))
    logger.info("invitation %s created by user %s", invitation.pk, by.pk)
    return invitation


@transaction.atomic
def resend_invitation(*, invitation: Invitation, by: User) -> Invitation:
    """A fresh link and a new expiry; the old link stops working."""
    _check_may_grant(by, invitation.user.role)
    if invitation.accepted_at:
        raise ValidationError(_("This invitation has already been accepted."))
    _token, token_hash = Invitation.new_token()
    Invitation.objects.filter(pk=invitation.pk).update(
        token_hash=token_hash, expires_at=Invitation.default_expiry(), revoked_at=None)
    invitation.refresh_from_db()
    from paskyros.tasks import send_invitation_email

    transaction.on_commit(lambda: send_invitation_email.delay(invitation.pk))
    return invitation


def find_usable_invitation(token: str) -> Invitation | None:
    invitation = (Invitation.objects.select_related("user")
                  .filter(token_hash=Invitation.hash_token(token)).first())
    if invitation is None or not invitation.is_usable:
        return None
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, password: str) -> User:
    """Set the password and activate. The conditional update makes the link work once."""
    invitation = find_usable_invitation(token)
    if invitation is None:
        raise ValidationError(_("This invitation link is invalid, expired or already used."))
    password_validation.validate_password(password, invitation.user)
    moved = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True,
                                      revoked_at__isnull=True,
                                      expires_at__gt=timezone.now()).update(
        accepted_at=timezone.now())
    if moved != 1:
        raise ValidationError(_("This invitation link is invalid, expired or already used."))
    user = invitation.user
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    logger.info("invitation %s accepted", invitation.pk)
    return user


@transaction.atomic
def change_role(*, user: User, role: str, by: User) -> User:
    if not by.is_administrator:
        raise PermissionDenied(_("Only administrators change roles."))
    if user.pk == by.pk and role != Role.ADMIN:
        raise ValidationError(_("You cannot remove your own administrator role."))
    if role not in Role.values:
        raise ValidationError(_("Unknown role."))
    user.role = role
    user.save(update_fields=["role", "is_superuser"])
    logger.info("user %s role set to %s by user %s", user.pk, role, by.pk)
    return user


def _check_may_manage(by: User, user: User) -> None:
    if by.is_administrator:
        return
    if by.is_department_staff and user.is_librarian:
        return
    raise PermissionDenied(_("You may not manage this account."))


@transaction.atomic
def set_active(*, user: User, active: bool, by: User) -> User:
    _check_may_manage(by, user)
    if user.pk == by.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    if active and not user.has_usable_password():
        raise ValidationError(_("The person has not accepted the invitation yet."))
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        user.invitations.pending().update(revoked_at=timezone.now())
    logger.info("user %s active=%s by user %s", user.pk, active, by.pk)
    return user


@transaction.atomic
def reset_second_factor(*, user: User, by: User) -> None:
    """Remove a user's devices (a lost phone); they set up a new one at their next sign-in."""
    if not by.is_administrator:
        raise PermissionDenied(_("Only administrators reset second factors."))
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    logger.info("second factor of user %s reset by user %s", user.pk, by.pk)


def update_profile(*, user: User, full_name: str, language: str) -> User:
    user.full_name = full_name.strip()
    user.language = language
    user.save(update_fields=["full_name", "language"])
    return user
