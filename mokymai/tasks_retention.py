"""The nightly end of the trainings' personal-data retention (imported at the end of
``mokymai.tasks``): records of events that ended more than ``PERSONAL_DATA_RETENTION_YEARS``
ago are detached from their people (``mokymai.services_retention``). The task takes no
arguments and logs counts only; it is idempotent."""

from celery import shared_task
from celery.schedules import crontab

from portalas.registry import periodic_task

periodic_task("training-personal-data-retention",
              task="mokymai.tasks_retention.anonymise_expired_personal_data",
              schedule=crontab(hour=3, minute=40))


@shared_task
def anonymise_expired_personal_data() -> dict:
    from mokymai.services_retention import anonymise_expired

    return anonymise_expired().as_dict()
