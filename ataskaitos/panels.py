from django.utils.translation import gettext_lazy as _

from portalas.registry import nav_item

nav_item(group="general", label=_("My documents"), url_name="ataskaitos:job_list",
         icon="file-earmark-arrow-down", order=10)
