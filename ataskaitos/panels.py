from django.utils.translation import gettext_lazy as _

from portalas.registry import nav_item, personal_data

nav_item(group="general", label=_("My documents"), url_name="ataskaitos:job_list",
         icon="file-earmark-arrow-down", order=10)


# --- personal data: the documents a person asked for (export and erase) ----------------------

def _jobs(person):
    from ataskaitos.models import ReportJob

    if getattr(person, "user", None) is None:
        return ReportJob.objects.none()
    return ReportJob.objects.filter(requested_by=person.user)


def _export_jobs(person) -> list[dict]:
    return [{"record": "document", "kind": job.kind, "format": job.format,
             "status": job.status, "file": job.filename,
             "requested_at": job.created_at.isoformat()}
            for job in _jobs(person).order_by("created_at")]


def _erase_jobs(person) -> int:
    """The documents the person's account asked for are deleted, file and row (their
    parameters and files may name them). So is every other finished document: any of them
    (a participant list, a register, a summary) may print the person's name, and a stored
    document is only a copy that is made again from the erased data on request. The
    documents another app restricted (kept under a retention period, GDPR Art. 18) stay
    until the retention task deletes them; this provider runs after the others for that."""
    from ataskaitos.models import JobStatus, ReportJob

    jobs = _jobs(person) | ReportJob.objects.filter(
        status__in=[JobStatus.DONE, JobStatus.FAILED], restricted_until=None)
    for job in jobs.exclude(file=""):
        job.file.delete(save=False)
    return ReportJob.objects.filter(pk__in=list(jobs.values_list("pk", flat=True))).delete()[0]


personal_data("ataskaitos.documents", label=_("Documents the person asked for"),
              export=_export_jobs, erase=_erase_jobs, order=1000)
