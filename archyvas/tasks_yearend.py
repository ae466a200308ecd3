"""Tasks of the year end: the destruction an approved act orders (queued after the
approval's commit; run in-process when there is no broker) and an hourly sweep that runs it
for any approved act still waiting (the broker was down, a worker died halfway). Both take
primary keys and are idempotent: what is destroyed is skipped (``services_yearend.
execute_act``)."""

import logging

from celery import shared_task
from celery.schedules import crontab

from archyvas.models import ActStatus, DestructionAct
from portalas.registry import periodic_task

logger = logging.getLogger("regionas.archive")

__all__ = ["destroy_files", "execute_approved_acts"]

periodic_task("archive-destruction-sweep",
              task="archyvas.tasks_yearend.execute_approved_acts",
              schedule=crontab(minute=17))


# An act of a whole year's expired files holds tens of thousands of documents: far longer
# than the project's default limits (5 min) allow; a run cut off continues in the next.
DESTROY_SOFT_LIMIT = 30 * 60
DESTROY_HARD_LIMIT = 35 * 60


@shared_task(name="archyvas.tasks_yearend.destroy_files", acks_late=True,
             reject_on_worker_lost=True, autoretry_for=(OSError,), retry_backoff=60,
             max_retries=5, soft_time_limit=DESTROY_SOFT_LIMIT, time_limit=DESTROY_HARD_LIMIT)
def destroy_files(act_pk: int) -> str:
    """Delete the stored files of an approved act's "destroy" files; the act's status
    after it runs."""
    from archyvas.services_yearend import execute_act

    act = execute_act(act_pk)
    return act.status if act is not None else ""


@shared_task(name="archyvas.tasks_yearend.execute_approved_acts", acks_late=True,
             soft_time_limit=DESTROY_SOFT_LIMIT, time_limit=DESTROY_HARD_LIMIT)
def execute_approved_acts() -> int:
    """Run the destruction of every approved act not executed yet; how many ran."""
    from archyvas.services_yearend import execute_act

    done = 0
    for pk in DestructionAct.objects.filter(status=ActStatus.APPROVED).values_list(
            "pk", flat=True):
        try:
            execute_act(pk)
        except Exception:  # noqa: BLE001 - one act's failure must not stop the others
            logger.exception("destruction act %s could not be executed", pk)
            continue
        done += 1
    return done
