from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalasConfig(AppConfig):
    """The portal kit on the ground floor: what every app plugs into (one registry),
    tables in and out, Lithuanian ordering, access helpers, the scoped view kit and the
    test kit. Nothing domain-specific lives here."""

    name = "portalas"
    verbose_name = _("Portal kit")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.urls import register_converter
        from django.urls.converters import get_converters

        from portalas.converters import YearConverter
        from portalas.ordering import register_sqlite_collation
        from portalas.registry import discover

        if "year" not in get_converters():
            register_converter(YearConverter, "year")
        connection_created.connect(register_sqlite_collation)
        discover()
