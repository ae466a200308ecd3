import contextlib
import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    STAFF = "staff", _("Department staff")
    MANAGEMENT = "management", _("Management")
    LIBRARIAN = "librarian", _("Territory librarian")


# Roles that may be granted only by an administrator.
PRIVILEGED_ROLES = {Role.ADMIN, Role.STAFF, Role.MANAGEMENT}


def normalize_email(value: str) -> str:
    """One spelling per address: trimmed and lower-cased, the IDN domain kept in Unicode."""
    value = (value or "").strip()
    local, _sep, domain = value.rpartition("@")
    if not _sep:
        return value.lower()
    with contextlib.suppress(UnicodeError):
        domain = domain.encode("idna").decode("ascii").encode("ascii").decode("idna")
    return f"{local}@{domain}".lower()


class UserQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Accounts a person may manage: administrators every account, department staff
        the territory librarians' accounts, anyone else only their own."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.role == Role.ADMIN:
            return self
        if user.role == Role.STAFF:
            return self.filter(role=Role.LIBRARIAN)
        return self.filter(pk=user.pk)

    def active(self):
        return self.filter(is_active=True)

    def with_role(self, *roles):
        return self.filter(role__in=roles)

    def with_status(self, status: str):
        """``active``; ``invited`` (has not set a password yet); ``inactive`` (switched off)."""
        not_joined = Q(password__startswith=UNUSABLE_PASSWORD_PREFIX)
        if status == "active":
            return self.filter(is_active=True)
        if status == "invited":
            return self.filter(not_joined, is_active=False)
        if status == "inactive":
            return self.filter(~not_joined, is_active=False)
        return self


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        return self.get(email__iexact=normalize_email(username))

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        extra.pop("is_staff", None)
        user = self.model(email=normalize_email(email), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.pop("is_superuser", None)
        extra["role"] = Role.ADMIN
        return self.create_user(email, password, **extra)


STATUS_CHOICES = [("active", _("Active")), ("invited", _("Invited, not yet joined")),
                  ("inactive", _("Inactive"))]


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices,
                            default=Role.LIBRARIAN)
    language = models.CharField(_("interface language"), max_length=5, blank=True,
                                choices=settings.LANGUAGES)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        self.email = normalize_email(self.email)
        # The Django admin is the administrators' tool; the flag follows the role.
        self.is_superuser = self.role == Role.ADMIN
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_staff(self) -> bool:
        """Access to the Django admin (administrators only)."""
        return self.is_active and self.role == Role.ADMIN

    @property
    def library_names(self) -> str:
        """The libraries of a librarian's memberships, for lists and exports."""
        return ", ".join(m.library.name for m in self.memberships.all())

    @property
    def is_administrator(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_department_staff(self) -> bool:
        return self.role == Role.STAFF

    @property
    def is_management(self) -> bool:
        return self.role == Role.MANAGEMENT

    @property
    def is_librarian(self) -> bool:
        return self.role == Role.LIBRARIAN

    @property
    def sees_whole_territory(self) -> bool:
        """Department staff, management and administrators see every library's data."""
        return self.role in {Role.ADMIN, Role.STAFF, Role.MANAGEMENT}

    @property
    def can_manage_territory(self) -> bool:
        """Edits the registry, runs campaigns, invites librarians."""
        return self.role in {Role.ADMIN, Role.STAFF}

    @property
    def requires_second_factor(self) -> bool:
        return self.role in settings.OTP_REQUIRED_ROLES

    @property
    def has_accepted_invitation(self) -> bool:
        return self.has_usable_password()

    def may_grant(self, role: str) -> bool:
        if self.role == Role.ADMIN:
            return True
        return self.role == Role.STAFF and role == Role.LIBRARIAN


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True,
                           expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A one-time link by which an invited person sets their password.

    Only the SHA-256 of the token is stored: the link in the e-mail is the only copy.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="invitations", verbose_name=_("user"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+", verbose_name=_("invited by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d})"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def new_token(cls) -> tuple[str, str]:
        token = secrets.token_urlsafe(32)
        return token, cls.hash_token(token)

    @staticmethod
    def default_expiry():
        return timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)

    @property
    def is_usable(self) -> bool:
        return (self.accepted_at is None and self.revoked_at is None
                and self.expires_at > timezone.now())

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"


class NotificationPreference(models.Model):
    """A person's choice about one kind of e-mail (``portalas.registry.notification_kind``)
    that differs from the default: every kind is on until turned off, so a row exists only
    for a kind someone turned off (``portalas.notifications`` reads and writes them)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notification_preferences", verbose_name=_("user"))
    kind = models.CharField(_("kind of e-mail"), max_length=100)
    enabled = models.BooleanField(_("sent"), default=False)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("e-mail preference")
        verbose_name_plural = _("e-mail preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"],
                                               name="paskyros_one_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.user} — {self.kind}: {'on' if self.enabled else 'off'}"
