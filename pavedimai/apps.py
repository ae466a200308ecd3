from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PavedimaiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pavedimai"
    verbose_name = _("Assignments")
