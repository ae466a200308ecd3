from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanavimasConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "planavimas"
    verbose_name = _("Annual plan and report")
