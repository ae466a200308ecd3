"""Kinds and metrics of the registry (floor 2), declared here because the registry may not
import the engine."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ataskaitos.document import Column, Document, Section, Table
from bibliotekos.models import OUTLET_KINDS, Library, LibraryKind
from bibliotekos.scoping import descendant_ids
from bibliotekos.selectors import export_rows, registry_version
from portalas.registry import FileableDocument, fileable_kind, register_metric, report_kind

TEXT = "text"


@report_kind("registry", label=gettext_lazy("The territory registry"), staff_only=True,
             description=gettext_lazy("Libraries, municipalities with population, people."),
             inputs=lambda params: registry_version())
def registry(*, params, user, progress) -> Document:
    sections = []
    titles = {"libraries": _("Libraries"), "municipalities": _("Municipalities"),
              "people": _("People")}
    numeric = {"year": "int", "population": "int", "id": "int", "opened": "date",
               "closed": "date"}
    for step, table in enumerate(("libraries", "municipalities", "people")):
        header, rows = export_rows(table, user)
        columns = [Column(name, numeric.get(name, TEXT)) for name in header]
        sections.append(Section(heading=titles[table],
                                tables=[Table(titles[table], columns, list(rows))]))
        progress(20 + 20 * step)
    stamp = timezone.localdate().isoformat()
    return Document(title=_("The territory registry"), subtitle=stamp, sections=sections,
                    filename=f"registras-{stamp}")


def _libraries(period, scope, kinds):
    """Libraries of ``kinds`` open at some point of the period, within the scope."""
    queryset = Library.objects.open_in(period.end.year).filter(kind__in=kinds)
    if scope.level == "library":
        return queryset.filter(pk__in={scope.library.pk} | descendant_ids([scope.library.pk]))
    if scope.level == "municipality":
        return queryset.filter(municipality=scope.municipality)
    return queryset.filter(municipality__in_territory=True)


register_metric("bibliotekos.outlets_open", label_lt="Viešųjų bibliotekų padaliniai",
                label_en="Public library outlets", unit="vnt.", function="1.1",
                value=lambda period, scope: _libraries(period, scope, OUTLET_KINDS).count(),
                records=lambda period, scope: _libraries(period, scope, OUTLET_KINDS))
register_metric("bibliotekos.school_libraries", label_lt="Mokyklų bibliotekos",
                label_en="School libraries", unit="vnt.", function="1.1",
                value=lambda period, scope: _libraries(period, scope,
                                                       [LibraryKind.SCHOOL]).count(),
                records=lambda period, scope: _libraries(period, scope, [LibraryKind.SCHOOL]))


# --- the archive: a finished document filed into the department's file plan ----------------

#: The formats the archive keeps (a CSV or a ZIP of files is not a document to file).
FILEABLE_FORMATS = ("pdf", "docx", "xlsx")


def _job_title(job, report_kind) -> str:
    """"Regioninė analizė 2025 (regionine-analize-2025.pdf)": the kind's name, the year it
    was asked for, the file's name."""
    year = job.params.get("year", "")
    head = f"{report_kind.label} {year}".strip()
    return f"{head} ({job.filename})" if job.filename else head


def _job_content(job):
    def content() -> tuple[str, bytes]:
        with job.file.storage.open(job.file.name, "rb") as handle:
            data = handle.read()
        return job.filename or f"{job.pk}.{job.format}", data

    return content


def describe_job(job, user):
    """A finished document whose file is still kept, to the staff member who asked for it
    (the archive copies the file; the engine deletes its own after the retention days).
    Who may see the filed copy comes from the kind (``archive_audience``)."""
    from django.urls import reverse

    from ataskaitos.models import JobStatus
    from ataskaitos.services import may_download
    from portalas.registry import kind

    if not (user.is_authenticated and user.is_active and user.can_manage_territory):
        return None
    if job.requested_by_id != user.pk or job.status != JobStatus.DONE:
        return None
    if not job.file or job.format not in FILEABLE_FORMATS or job.is_expired:
        return None
    try:
        report_kind = kind(job.kind)
    except KeyError:
        return None
    if not may_download(job, user) or not job.file.storage.exists(job.file.name):
        return None
    return FileableDocument(
        key=str(job.pk), title=_job_title(job, report_kind),
        date=timezone.localdate(job.finished_at), content=_job_content(job),
        audience=report_kind.archive_audience,
        url=reverse("ataskaitos:job_detail", args=[job.pk]), subkind=job.kind)


def finished_documents(year: int) -> list[dict]:
    """The year's finished documents whose files are still kept (by the day finished)."""
    from django.urls import reverse

    from ataskaitos.models import JobStatus, ReportJob
    from portalas.registry import kind

    found = []
    for job in (ReportJob.objects.filter(status=JobStatus.DONE, finished_at__year=year,
                                         format__in=FILEABLE_FORMATS)
                .exclude(file="").order_by("finished_at", "pk")):
        try:
            report_kind = kind(job.kind)
        except KeyError:
            continue
        found.append({"title": _job_title(job, report_kind),
                      "date": timezone.localdate(job.finished_at),
                      "url": reverse("ataskaitos:job_detail", args=[job.pk]),
                      "library": None, "subkind": job.kind})
    return found


fileable_kind("ataskaitos.document", label=gettext_lazy("Documents of the report engine"),
              documents=finished_documents, model="ataskaitos.reportjob",
              describe=describe_job,
              retention_hint=gettext_lazy("Analyses and reports: kept as the file plan says "
                                          "for the kind of document."))
