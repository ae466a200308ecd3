from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from paskyros.access import is_admin
from paskyros.home import home_panel
from paskyros.models import Invitation, Role, User
from paskyros.navigation import nav_item

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
