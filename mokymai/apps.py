from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MokymaiConfig(AppConfig):
    name = "mokymai"
    verbose_name = _("Trainings")
    default_auto_field = "django.db.models.BigAutoField"
