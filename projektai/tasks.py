"""E-mails and periodic work of the projects app. Tasks take primary keys only; links are
absolute (``PORTAL_BASE_URL``), since a worker has no request."""

from projektai.tasks_calls import *  # noqa: F401,F403
from projektai.tasks_deadlines import *  # noqa: F401,F403
from projektai.tasks_projects import *  # noqa: F401,F403
