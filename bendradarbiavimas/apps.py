from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BendradarbiavimasConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "bendradarbiavimas"
    verbose_name = _("Cooperation and working groups")
