"""The Celery app. Without CELERY_BROKER_URL tasks run eagerly, in the calling process.

The beat schedule is not written here: apps declare their periodic tasks with
``portalas.registry.periodic_task`` beside the tasks, and the schedule is read from the
registry once Django is set up.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regionas.settings")

app = Celery("regionas")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def _schedule_from_the_registry(sender, **kwargs) -> None:
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    from portalas.registry import beat_schedule

    sender.conf.beat_schedule = beat_schedule()
