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
    parameters and files may name them)."""
    jobs = _jobs(person)
    for job in jobs.exclude(file=""):
        job.file.delete(save=False)
    return jobs.delete()[0]


personal_data("ataskaitos.documents", label=_("Documents the person asked for"),
              export=_export_jobs, erase=_erase_jobs)
