"""Tasks of the research app."""
from tyrimai.tasks_studies import *  # noqa: F401,F403
