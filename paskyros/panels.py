from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from paskyros.models import Invitation, Role, User
from portalas.access import is_admin
from portalas.registry import home_panel, nav_item, personal_data

nav_item(group="admin", label=_("Users"), url_name="paskyros:user_list", icon="people",
         order=10, allowed=is_admin)


@home_panel(roles={Role.ADMIN}, template="paskyros/_home_admin.html", order=10)
def accounts_overview(request):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    counts = User.objects.aggregate(
        total=Count("pk"), active=Count("pk", filter=Q(is_active=True)),
        **{role: Count("pk", filter=Q(role=role, is_active=True)) for role in Role.values})
    admins_without_device = (User.objects.filter(role=Role.ADMIN, is_active=True)
                             .exclude(pk__in=TOTPDevice.objects.filter(confirmed=True)
                                      .values("user_id")).count())
    return {
        "counts": counts,
        "roles": [(Role(role).label, counts[role]) for role in Role.values],
        "pending_invitations": Invitation.objects.pending().count(),
        "admins_without_device": admins_without_device,
    }


# --- personal data: the account of a person (export and erase) ------------------------------

def _account_rows(person) -> list[dict]:
    account = getattr(person, "user", None)
    if account is None:
        return []
    rows = [{"record": "account", "email": account.email, "full_name": account.full_name,
             "role": account.get_role_display(), "language": account.language,
             "active": account.is_active,
             "joined": account.date_joined.isoformat() if account.date_joined else "",
             "last_sign_in": account.last_login.isoformat() if account.last_login else ""}]
    for invitation in account.invitations.order_by("created_at"):
        rows.append({"record": "invitation", "created": invitation.created_at.isoformat(),
                     "accepted": invitation.accepted_at.isoformat()
                     if invitation.accepted_at else ""})
    for choice in account.notification_preferences.order_by("kind"):
        rows.append({"record": "e-mail preference", "kind": choice.kind,
                     "enabled": choice.enabled, "changed": choice.updated_at.isoformat()})
    return rows


def _erase_account(person) -> int:
    """The account can no longer sign in and carries no name or address; what it did
    (value history, reviews) stays attributed to a placeholder."""
    account = getattr(person, "user", None)
    if account is None:
        return 0
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.hashers import make_password

    # the sign-in logs keep the address typed: the account's and the registry's
    addresses = {a for a in (account.email, person.email) if a}
    changed = 0
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        for address in addresses:
            changed += model.objects.filter(username__iexact=address).delete()[0]
    # the second factor's secret and backup codes are the account's own
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for device in (TOTPDevice, StaticDevice):
        changed += device.objects.filter(user=account).delete()[0]
    # the person's e-mail choices go with the address
    changed += account.notification_preferences.all().delete()[0]
    return changed + User.objects.filter(pk=account.pk).update(
        email=f"istrintas-{account.pk}@invalid.invalid", full_name=f"Ištrintas naudotojas "
        f"{account.pk}", is_active=False, password=make_password(None))


personal_data("paskyros.account", label=_("Portal account and invitations"),
              export=_account_rows, erase=_erase_account)
