"""What other pages show of the consultations' figures: the overview in the menu, for
those who read consultation records (staff, management, directors)."""

from django.utils.translation import gettext_lazy as _

from konsultacijos.services import may_read_records
from portalas.registry import nav_item

__all__: list[str] = []

nav_item(group="training", label=_("Consultations overview"), url_name="konsultacijos:overview",
         icon="bar-chart", order=85, allowed=may_read_records)
