from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaskyrosConfig(AppConfig):
    name = "paskyros"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.utils.module_loading import autodiscover_modules

        from paskyros.ordering import register_sqlite_collation

        connection_created.connect(register_sqlite_collation)
        autodiscover_modules("panels")
