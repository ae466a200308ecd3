from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PirkimaiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pirkimai"
    verbose_name = _("Procurement")
