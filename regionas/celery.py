"""The Celery app. Without CELERY_BROKER_URL tasks run eagerly, in the calling process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regionas.settings")

app = Celery("regionas")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
from celery.schedules import crontab  # noqa: E402

app.conf.beat_schedule = {
    "documents-sweep": {"task": "ataskaitos.tasks.sweep_jobs", "schedule": 60},
    "statistics-reminders": {
        "task": "statistika.tasks.send_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    "purge-expired-sessions-and-invitations": {
        "task": "paskyros.tasks.housekeeping",
        "schedule": 6 * 3600,
    },
}
