from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatistikaConfig(AppConfig):
    name = "statistika"
    verbose_name = _("Annual statistics")
