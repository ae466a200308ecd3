"""Documents and metrics of the research app: the raw answers, the results report, the
poster with a library's QR code, the metrics for the annual report. One module per area,
imported here so the registry's discovery finds them all."""

from tyrimai.reports_poster import *  # noqa: F401,F403
from tyrimai.reports_raw import *  # noqa: F401,F403
from tyrimai.reports_results import *  # noqa: F401,F403
