import time

from celery import shared_task

from ataskaitos import services
from portalas.registry import periodic_task

periodic_task("documents-sweep", task="ataskaitos.tasks.sweep_jobs", schedule=60)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=2,
             default_retry_delay=10, soft_time_limit=240, time_limit=300)
def render_job(self, job_id: str) -> None:
    """Receives only the job's id; the job row holds the rest. Idempotent."""
    if self.request.is_eager:  # no broker: try in place, as a worker's retries would
        for attempt in range(services.MAX_ATTEMPTS):
            if attempt:
                time.sleep(0.25 * attempt)  # a worker's retry waits too; a lock may pass
            try:
                job = services.run_job(job_id)
            except Exception:  # noqa: BLE001, S112 - run_job logged it and requeued the job
                continue
            if job.is_finished:
                return
        return
    try:
        services.run_job(job_id)
    except Exception as error:
        raise self.retry(exc=error) from error


@shared_task
def sweep_jobs() -> dict:
    return services.sweep()
