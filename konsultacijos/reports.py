"""Report kinds, metrics and the annual report's section of the consultations app. One
module per area, imported here so the registry's discovery finds them all."""

from konsultacijos.reports_figures import *  # noqa: F401,F403
from konsultacijos.reports_visits import *  # noqa: F401,F403
