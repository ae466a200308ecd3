"""What other pages show of consultations (menu, home panels, object panels on the library
card, the project and the training event, calendar, digest). One module per area, imported
here so the registry's discovery finds them all."""

from konsultacijos.panels_consultations import *  # noqa: F401,F403
from konsultacijos.panels_knowledge import *  # noqa: F401,F403
from konsultacijos.panels_questions import *  # noqa: F401,F403
from konsultacijos.panels_reports import *  # noqa: F401,F403
from konsultacijos.panels_visits import *  # noqa: F401,F403
from konsultacijos.personal_data import *  # noqa: F401,F403  (registers the personal data)
