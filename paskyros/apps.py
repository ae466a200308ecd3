from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaskyrosConfig(AppConfig):
    name = "paskyros"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.urls import register_converter
        from django.utils.module_loading import autodiscover_modules

        from paskyros.converters import YearConverter
        from paskyros.ordering import register_sqlite_collation

        register_converter(YearConverter, "year")
        connection_created.connect(register_sqlite_collation)
        autodiscover_modules("panels")
