from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TyrimaiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tyrimai"
    verbose_name = _("User-needs research")
