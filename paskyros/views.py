import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from paskyros import services
from paskyros.filters import UserFilter
from paskyros.forms import (
    EmailLoginForm,
    InviteForm,
    OTPTokenForm,
    PortalPasswordResetForm,
    ProfileForm,
    RoleForm,
    SetPasswordForm,
)
from paskyros.middleware import SESSION_SEEN, SESSION_STARTED
from paskyros.models import Invitation, Role, User
from paskyros.throttling import address_is_throttled
from portalas.access import is_admin, role_required
from portalas.registry import home_panels_for
from portalas.views import Column, ScopedListView

security_log = logging.getLogger("django.security.login")


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return fallback


def _set_language_cookie(response, language: str) -> None:
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language,
                        max_age=settings.LANGUAGE_COOKIE_AGE,
                        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                        secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False))


def _start_session(request, user) -> None:
    """Django's login() rotates the session id and the CSRF token; we stamp the clock."""
    import time

    login(request, user, backend="paskyros.backends.EmailBackend")
    now = int(time.time())
    request.session[SESSION_STARTED] = now
    request.session[SESSION_SEEN] = now


@login_required
def home(request):
    return render(request, "home.html", {"panels": home_panels_for(request)})


class LoginView(auth_views.LoginView):
    form_class = EmailLoginForm
    template_name = "paskyros/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if address_is_throttled(request):
            return render(request, "paskyros/locked_out.html", status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        user = form.get_user()
        _start_session(self.request, user)
        security_log.info("user %s signed in", user.pk)
        response = HttpResponseRedirect(self.get_success_url())
        if user.language:
            _set_language_cookie(response, user.language)
        return response

    def form_invalid(self, form):
        security_log.info("failed sign-in")
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    pass


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PortalPasswordResetForm
    template_name = "paskyros/password_reset_form.html"
    email_template_name = "paskyros/email/password_reset.txt"
    subject_template_name = "paskyros/email/password_reset_subject.txt"
    success_url = reverse_lazy("paskyros:password_reset_done")

    def form_valid(self, form):
        self.extra_email_context = {"base_url": settings.PORTAL_BASE_URL}
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "paskyros/password_reset_confirm.html"
    success_url = reverse_lazy("paskyros:password_reset_complete")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "paskyros/password_change.html"
    success_url = reverse_lazy("paskyros:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


@login_not_required
def invitation_accept(request, token: str):
    invitation = services.find_usable_invitation(token)
    if invitation is None:
        return render(request, "paskyros/invitation_invalid.html", status=410)
    form = SetPasswordForm(request.POST or None, user=invitation.user)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(token=token,
                                              password=form.cleaned_data["new_password1"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _start_session(request, user)
            messages.success(request, _("Welcome! Your account is ready."))
            return redirect("home")
    return render(request, "paskyros/invitation_accept.html",
                  {"form": form, "invited": invitation.user})


@login_required
def otp_setup(request):
    """First sign-in of a role that needs a second factor: scan, confirm one code."""
    user = request.user
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("paskyros:otp_verify")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"),
                                           confirmed=False)
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("The second factor is set up."))
            return redirect(_safe_next(request, reverse("home")))
        form.add_error("token", _("The code is not valid. Check the time on your phone and "
                                  "try the next code."))
    import base64

    import segno

    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    qr_svg = segno.make(device.config_url, error="m").svg_data_uri(scale=5)
    return render(request, "paskyros/otp_setup.html",
                  {"form": form, "qr_svg": qr_svg, "secret": secret,
                   "next": request.GET.get("next", "")})


@login_required
def otp_verify(request):
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_safe_next(request, reverse("home")))
        security_log.warning("wrong one-time code for user %s", request.user.pk)
        form.add_error("token", _("The code is not valid."))
    return render(request, "paskyros/otp_verify.html",
                  {"form": form, "next": request.GET.get("next", "")})


@login_not_required
@require_POST
def set_language(request):
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    response = HttpResponseRedirect(_safe_next(request, reverse("home")))
    _set_language_cookie(response, language)
    if request.user.is_authenticated and request.user.language != language:
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response


@login_required
def profile(request):
    user = request.user
    form = ProfileForm(request.POST or None,
                       initial={"full_name": user.full_name,
                                "language": user.language or settings.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        services.update_profile(user=user, **form.cleaned_data)
        messages.success(request, _("Your profile has been saved."))
        response = redirect("paskyros:profile")
        _set_language_cookie(response, form.cleaned_data["language"])
        return response
    has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    return render(request, "paskyros/profile.html", {"form": form, "has_device": has_device})


# --- administrators: every account --------------------------------------------------------

class UserListView(ScopedListView):
    model = User
    allowed = staticmethod(is_admin)
    filterset_class = UserFilter
    title = gettext_lazy("Users")
    actions_template = "paskyros/_user_list_actions.html"
    empty_text = gettext_lazy("No users match the filter.")
    export_name = "naudotojai"
    default_sort = "full_name"
    columns = [
        Column("full_name", gettext_lazy("Name"), sort="full_name",
               template="paskyros/_user_name_cell.html"),
        Column("email", gettext_lazy("E-mail address"), sort="email", text=False),
        Column("role", gettext_lazy("Role"), sort="role", text=False),
        Column("status", gettext_lazy("Status"), template="paskyros/_account_status_cell.html",
               export=False),
        Column("last_login", gettext_lazy("Last sign-in"), sort="last_login", text=False),
    ]


@role_required(is_admin)
def user_detail(request, pk: int):
    account = get_object_or_404(User, pk=pk)
    role_form = RoleForm(initial={"role": account.role})
    return render(request, "paskyros/user_detail.html", {
        "account": account,
        "role_form": role_form,
        "invitations": account.invitations.all()[:10],
        "has_device": TOTPDevice.objects.filter(user=account, confirmed=True).exists(),
    })


@role_required(is_admin)
def user_invite(request):
    form = InviteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invite_user(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Invitation sent to %(email)s.")
                             % {"email": invitation.user.email})
            return redirect("paskyros:user_detail", pk=invitation.user.pk)
    return render(request, "paskyros/user_invite.html", {"form": form})


@require_POST
@role_required(is_admin)
def user_role(request, pk: int):
    account = get_object_or_404(User, pk=pk)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.change_role(user=account, role=form.cleaned_data["role"], by=request.user)
            messages.success(request, _("The role has been changed."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("paskyros:user_detail", pk=pk)


@require_POST
@role_required(is_admin)
def user_active(request, pk: int):
    account = get_object_or_404(User, pk=pk)
    active = request.POST.get("active") == "1"
    try:
        services.set_active(user=account, active=active, by=request.user)
        messages.success(request, _("The account has been activated.") if active
                         else _("The account has been deactivated."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_safe_next(request, reverse("paskyros:user_detail", args=[pk])))


@require_POST
@role_required(is_admin)
def user_reset_second_factor(request, pk: int):
    account = get_object_or_404(User, pk=pk)
    services.reset_second_factor(user=account, by=request.user)
    messages.success(request, _("The second factor has been reset."))
    return redirect("paskyros:user_detail", pk=pk)


@require_POST
@login_required
def invitation_resend(request, pk: int):
    """Administrators for anyone; department staff for librarians (checked in the service)."""
    invitation = get_object_or_404(Invitation.objects.select_related("user"), pk=pk)
    if not request.user.may_grant(invitation.user.role):
        return render(request, "403.html", status=403)
    try:
        services.resend_invitation(invitation=invitation, by=request.user)
        messages.success(request, _("A new invitation link has been sent."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    fallback = reverse("paskyros:user_detail", args=[invitation.user_id]) \
        if request.user.is_administrator else reverse("home")
    return redirect(_safe_next(request, fallback))


ROLE_BADGES = {Role.ADMIN: "danger", Role.STAFF: "primary", Role.MANAGEMENT: "success",
               Role.LIBRARIAN: "secondary"}
