"""What other pages show of projects (menu, home panels, object panels, calendar, digest).
One module per area, imported here so the registry's discovery finds them all."""

from projektai.panels_calls import *  # noqa: F401,F403
from projektai.panels_deadlines import *  # noqa: F401,F403
from projektai.panels_projects import *  # noqa: F401,F403
from projektai.panels_reports import *  # noqa: F401,F403
from projektai.panels_sections import *  # noqa: F401,F403
from projektai.personal_data import *  # noqa: F401,F403  (registers the personal data)
