from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApdovanojimaiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "apdovanojimai"
    verbose_name = _("Evaluations and awards")
