from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from paskyros.models import Role, User, normalize_email

INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


class CleanCharField(forms.CharField):
    """Trims, and treats text made only of invisible characters as empty."""

    def to_python(self, value):
        value = super().to_python(value)
        if value and not value.translate(INVISIBLE).strip():
            return ""
        return value


class EmailLoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"), max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}))
    error_messages = {
        # One message for a wrong password, an unknown address and a disabled account.
        "invalid_login": _("Wrong e-mail address or password."),
        "inactive": _("Wrong e-mail address or password."),
    }

    def clean_username(self):
        return normalize_email(self.cleaned_data["username"])


class InviteForm(forms.Form):
    full_name = CleanCharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(v, label) for v, label in Role.choices if user.may_grant(v)]

    def clean_email(self):
        email = normalize_email(self.cleaned_data["email"])
        existing = User.objects.filter(email__iexact=email).first()
        if existing and existing.has_usable_password():
            raise ValidationError(_("A user with this e-mail address already exists."))
        return email


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class ProfileForm(forms.Form):
    full_name = CleanCharField(label=_("Full name"), max_length=150,
                               validators=[ProhibitNullCharactersValidator()])
    language = forms.ChoiceField(label=_("Interface language"),
                                 choices=[("lt", "Lietuvių"), ("en", "English")])


class SetPasswordForm(forms.Form):
    """Password and confirmation, checked against the portal's password rules."""

    new_password1 = forms.CharField(
        label=_("New password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters; not a common or all-digit password."))
    new_password2 = forms.CharField(
        label=_("New password again"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, user: User | None = None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("new_password1"), cleaned.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", _("The two passwords do not match."))
        elif first:
            try:
                password_validation.validate_password(first, self.user)
            except ValidationError as error:
                self.add_error("new_password1", error)
        return cleaned


class OTPTokenForm(forms.Form):
    token = forms.CharField(
        label=_("One-time code"), max_length=16, min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "autofocus": True}))

    def clean_token(self):
        return self.cleaned_data["token"].replace(" ", "")


class PortalPasswordResetForm(PasswordResetForm):
    email = forms.EmailField(label=_("E-mail address"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))

    def get_users(self, email):
        email = normalize_email(email)
        return (u for u in User.objects.filter(email__iexact=email, is_active=True)
                if u.has_usable_password())
