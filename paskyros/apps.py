from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaskyrosConfig(AppConfig):
    name = "paskyros"
    verbose_name = _("Accounts")


# Third-party apps of sign-in hardening, named in the portal's languages in the admin. Their
# models' names are plain strings in django-otp (not translatable there): they are given
# translatable names here, translated in locale_thirdparty/.
from axes.apps import AppConfig as _AxesAppConfig  # noqa: E402
from django_otp.plugins.otp_static.apps import DefaultConfig as _StaticConfig  # noqa: E402
from django_otp.plugins.otp_totp.apps import DefaultConfig as _TotpConfig  # noqa: E402


class AxesConfig(_AxesAppConfig):
    verbose_name = _("Sign-in attempts")


class TotpConfig(_TotpConfig):
    verbose_name = _("Authenticator apps (sign-in codes)")

    def ready(self):
        super().ready()
        meta = self.get_model("TOTPDevice")._meta
        meta.verbose_name, meta.verbose_name_plural = _("TOTP device"), _("TOTP devices")


class StaticConfig(_StaticConfig):
    verbose_name = _("Backup sign-in codes")

    def ready(self):
        super().ready()
        for model, single, plural in (("StaticDevice", _("static device"),
                                       _("static devices")),
                                      ("StaticToken", _("static token"), _("static tokens"))):
            meta = self.get_model(model)._meta
            meta.verbose_name, meta.verbose_name_plural = single, plural
