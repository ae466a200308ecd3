"""What other pages show of the cooperation overview: its menu entry, for staff and
management (the figures are the whole territory's). No query of its own."""

from django.utils.translation import gettext_lazy as _

from portalas.access import sees_territory
from portalas.registry import nav_item

__all__: list[str] = []

nav_item(group="publicity", label=_("Cooperation overview"), url_name="bendradarbiavimas:overview",
         icon="bar-chart", order=60, allowed=sees_territory)
