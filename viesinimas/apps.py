from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ViesinimasConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "viesinimas"
    verbose_name = _("Publicity and good practice")
