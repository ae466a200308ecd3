from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from paskyros.models import Invitation, User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    """Accounts are created by invitation in the portal; the admin only inspects and fixes."""

    ordering = ["email"]
    list_display = ["email", "full_name", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["email"]}),
        (_("Person"), {"fields": ["full_name", "language"]}),
        (_("Access"), {"fields": ["role", "is_active"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]

    def has_add_permission(self, request):
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "expires_at", "accepted_at", "revoked_at"]
    readonly_fields = ["user", "token_hash", "invited_by", "created_at", "sent_at", "accepted_at"]
