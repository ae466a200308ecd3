"""Metrics of the professional-development record (definitions in ``mokymai.records``).
The staff in the registry is a fact of the registry (function 1.1), the denominator of the
shares; the rest measure the trainings (3.1)."""

from django.utils.translation import gettext_lazy as _

from mokymai import records
from portalas.registry import register_metric, value_suggestion

register_metric("mokymai.staff", label_lt="Bibliotekų darbuotojai registre",
                label_en="Library staff in the registry", function="1.1", unit="asm.",
                value=lambda period, scope: records.staff(period, scope).count(),
                records=records.staff)
register_metric("mokymai.staff_trained", label_lt="Kvalifikaciją tobulinę darbuotojai",
                label_en="Staff who improved their qualification", function="3.1",
                unit="asm.",
                value=lambda period, scope: records.staff_trained(period, scope).count(),
                records=records.staff_trained)
register_metric("mokymai.staff_hours", label_lt="Darbuotojų kvalifikacijos tobulinimo valandos",
                label_en="Staff professional-development hours", function="3.1",
                unit="ak. val.", value=records.staff_hours, decimals=1)
register_metric("mokymai.staff_trained_share",
                label_lt="Kvalifikaciją tobulinusių darbuotojų dalis",
                label_en="Share of staff who improved their qualification", function="3.1",
                unit="%", numerator="mokymai.staff_trained", denominator="mokymai.staff",
                scale=100, decimals=1)
register_metric("mokymai.hours_per_librarian",
                label_lt="Kvalifikacijos tobulinimo valandos vienam darbuotojui",
                label_en="Professional-development hours per librarian", function="3.1",
                unit="ak. val.", numerator="mokymai.staff_hours", denominator="mokymai.staff",
                decimals=1)
# The statistics form's "staff who took training" for each unit, from the same records.
value_suggestion("staff_trained", label=_("the portal's training records"),
                 values=records.staff_trained_by_library)
