from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AtaskaitosConfig(AppConfig):
    name = "ataskaitos"
    verbose_name = _("Documents and reports")
