from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchyvasConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "archyvas"
    verbose_name = _("Documentation and archive")
