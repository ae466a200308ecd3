"""E-mails and periodic work of the consultations app. Tasks take primary keys only; links
are absolute (``PORTAL_BASE_URL``), since a worker has no request."""

from konsultacijos.tasks_consultations import *  # noqa: F401,F403
from konsultacijos.tasks_knowledge import *  # noqa: F401,F403
from konsultacijos.tasks_questions import *  # noqa: F401,F403
from konsultacijos.tasks_reports import *  # noqa: F401,F403
from konsultacijos.tasks_visits import *  # noqa: F401,F403
