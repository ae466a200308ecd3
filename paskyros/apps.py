from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaskyrosConfig(AppConfig):
    name = "paskyros"
    verbose_name = _("Accounts")
