"""Documents of the other apps for the filing area's tests, one per fileable kind, each as
the owning app keeps it (a finished report job with its file, signed minutes, a reported
visit, an agreement with its signed file, a project's contract, an accepted statistics
report), and a request as a page would make it."""

import datetime
import functools
from datetime import timedelta

from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.utils import timezone

from archyvas.tests.factories import make_plan, pdf_bytes

#: The plan's files with the document kinds their "File it" suggests.
KINDS = {
    "7.1": ["bendradarbiavimas.minutes"],
    "7.2": ["statistika.statistics_report"],
    "7.5": ["ataskaitos.document:mokymai.participants"],
    "7.6": ["ataskaitos.document:regional_analysis", "konsultacijos.visit_report"],
    "7.7": ["ataskaitos.document", "bendradarbiavimas.agreement", "projektai.contract"],
}
FILES = (("7.1", "Darbo grupių posėdžių protokolai", True, None),
         ("7.2", "Teritorijos bibliotekų statistinės ataskaitos", False, 10),
         ("7.5", "Mokymų dalyvių sąrašai", False, 3),
         ("7.6", "Analitinės ataskaitos ir išvykų ataskaitos", True, None),
         ("7.7", "Sutartys ir kiti dokumentai", False, 10))


@functools.cache
def pdf(text: str) -> bytes:
    """A real PDF with ``text`` (made once per text: WeasyPrint takes a moment)."""
    return pdf_bytes(text)


def filing_plan(year: int, **fields):
    """An approved plan of ``year`` whose files name the kinds they take."""
    plan = make_plan(year, files=FILES, **fields)
    for plan_file in plan.files.all():
        plan_file.kinds = KINDS.get(plan_file.index, [])
        plan_file.save(update_fields=["kinds"])
    return plan


def file_of(plan, index: str):
    return plan.files.get(index=index)


def asking(user, path="/"):
    request = RequestFactory().get(path)
    request.user = user
    return request


# --- a report engine's document ----------------------------------------------------------------

def make_job(user, *, kind="regional_analysis", data: bytes | None = None, format="pdf",
             finished_at=None, params=None, status="done"):
    """A job of ``user`` finished with its file stored (or, ``status="running"``, still
    being prepared without one)."""
    from ataskaitos.models import ReportJob

    params = {"year": "2025"} if params is None else params
    job = ReportJob.objects.create(
        kind=kind, params=params, format=format, requested_by=user, status=status,
        params_hash=ReportJob.hash_params(kind, params, format, "lt", {"whole": True}),
        scope={"whole": True, "libraries": []}, progress=100 if status == "done" else 40)
    if status != "done":
        return job
    data = pdf("Regioninė analizė 2025") if data is None else data
    job.file.save(f"{job.pk.hex}.{format}", ContentFile(data), save=False)
    job.filename = f"regionine-analize-2025.{format}"
    job.finished_at = finished_at or timezone.now()
    job.save()
    return job


# --- the other apps' documents -----------------------------------------------------------------

def signed_meeting(*, staff, day=datetime.date(2026, 3, 12), signed=True):
    """A held meeting of a commission with minutes (signed, or a draft)."""
    from bendradarbiavimas.models import GroupKind, MeetingStatus
    from bendradarbiavimas.tests.factories_groups import make_group, make_meeting
    from bendradarbiavimas.tests.factories_minutes import at, write_minutes

    group = make_group(name="Bibliotekų veiklos vertinimo komisija", by=staff,
                       kind=GroupKind.COMMISSION)
    meeting = make_meeting(group, starts_at=at(day), status=MeetingStatus.HELD, by=staff)
    return write_minutes(meeting, by=staff, signed=signed)


def agreement_with_file(*, staff, data: bytes | None = None, signed_on=datetime.date(2026, 2, 3)):
    from bendradarbiavimas.tests.factories_partners import make_agreement, make_partner

    partner = make_partner(by=staff)
    agreement = make_agreement(by=staff, partners=[partner], signed_on=signed_on,
                               starts_on=signed_on, number="BS-2026/02",
                               title="Bendradarbiavimo sutartis su LNB")
    agreement.file.save("sutartis.pdf", ContentFile(data or pdf("Sutartis BS-2026/02")),
                        save=True)
    return agreement


def reported_visit(*, staff, library):
    from konsultacijos.tests.factories import make_visit, report

    return report(make_visit(library=library, by=staff), by=staff)


def project_contract(*, staff, data: bytes | None = None, kind="contract"):
    from projektai.models import ProjectDocument
    from projektai.tests.factories import make_project

    project = make_project(by=staff)
    document = ProjectDocument(project=project, kind=kind, title="Finansavimo sutartis",
                               uploaded_by=staff)
    document.file.save("finansavimo-sutartis.pdf",
                       ContentFile(data or pdf("Finansavimo sutartis")), save=False)
    document.save()
    return document


def accepted_report(*, staff, library, year=2025):
    from statistika.models import Submission, SubmissionStatus
    from statistika.services.campaign import create_campaign

    campaign = create_campaign(year=year, kinds=["system"],
                               deadline=timezone.now() + timedelta(days=30), reminder_days=[],
                               by=staff)
    submission = Submission.objects.get(campaign=campaign, library=library)
    Submission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.ACCEPTED,
                                                       submitted_at=timezone.now())
    submission.refresh_from_db()
    return submission
