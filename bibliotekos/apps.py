from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BibliotekosConfig(AppConfig):
    name = "bibliotekos"
    verbose_name = _("Territory libraries")
