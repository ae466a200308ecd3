"""Demo filing: the department's ``darbuotojas@demo.lt`` files the demo's documents into the
files of the plans ``demo_plan`` made, through the service (so the copies, the audiences and
the history are real):

- the signed minutes of the demo groups' meetings, 2026's into the 2026 plan and 2025's
  into the 2025 plan;
- two agreements' signed files (the demo's agreements have none: a signed copy is made for
  them first, as staff would upload the scan);
- the report of the latest field visit;
- documents of the report engine made in-process as that staff member: the regional
  analysis of 2025, a training's participant list (staff and management see the copy) and
  the evaluation protocol of "Metų bibliotekininkas 2025" (staff alone see it).

Each goes into the file of its year's plan that names its kind, else into one whose title
says what it holds (minutes, agreements…); a year without an approved, open plan or without
such a file is skipped with a line saying so. For a fresh demo database only."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from archyvas import services_filing as services
from archyvas.models import FiledDocument
from archyvas.selectors_filing import as_date, open_files, suggested_file
from portalas.registry import fileable_kinds

STAFF = "darbuotojas@demo.lt"
MINUTES_YEARS = (2026, 2025)
AGREEMENTS = ("BS-2024/03", "S-2023/15")
CONTEST = "Metų bibliotekininkas 2025"
#: Words of a file's title that say it holds such documents (when no file names the kind),
#: the more telling first.
WORDS = {
    "bendradarbiavimas.minutes": ("posėdžių protokol", "protokol"),
    "bendradarbiavimas.agreement": ("bendradarbiavimo sutart", "sutart"),
    "konsultacijos.visit_report": ("išvyk", "konsultac"),
    "ataskaitos.document:regional_analysis": ("analiz", "statistin"),
    "ataskaitos.document:mokymai.participants": ("dalyv", "mokym"),
    "ataskaitos.document:apdovanojimai.protocol": ("konkurs", "vertinim", "protokol"),
}
NOTES = {
    "bendradarbiavimas.agreement": "Originalas su parašais saugomas skyriaus sutarčių "
                                   "segtuve.",
    "ataskaitos.document:regional_analysis": "Pateikta direktoriaus pasitarimui "
                                             "2026-03-10.",
}


class _Skipped(Exception):
    pass


def _file_for(year: int, kind: str, subkind: str):
    files = open_files(year)
    if not files:
        raise _Skipped(f"no open file of an approved {year} plan")
    chosen = suggested_file(files, kind, subkind)
    if chosen is None:
        words = WORDS.get(f"{kind}:{subkind}") or WORDS.get(kind) or ()
        chosen = next((f for word in words for f in files if word in f.title.lower()), None)
    if chosen is None:
        raise _Skipped(f"no file of the {year} plan for {kind}")
    return chosen


def _file(out, staff, kind_name: str, obj, counts: dict) -> None:
    kind = fileable_kinds.get(kind_name)
    described = kind.describe(obj, staff)
    if described is None:
        out.write(f"  archive: skipped {kind_name} {obj.pk} — cannot be filed now\n")
        return
    subkind = described.subkind or ""
    try:
        plan_file = _file_for(as_date(described.date).year, kind_name, subkind)
        services.file_document(kind=kind, obj=obj, plan_file=plan_file, by=staff,
                               note=NOTES.get(f"{kind_name}:{subkind}")
                               or NOTES.get(kind_name, ""))
    except _Skipped as reason:
        out.write(f"  archive: skipped \"{described.title}\" — {reason}\n")
        return
    except services.Refused as refusal:
        out.write(f"  archive: skipped \"{described.title}\" — {' '.join(refusal.messages)}\n")
        return
    counts[plan_file.plan.year] = counts.get(plan_file.plan.year, 0) + 1


# --- the documents ----------------------------------------------------------------------------

def _minutes():
    from bendradarbiavimas.models import Meeting

    return (Meeting.objects.filter(minutes_status="final", starts_at__year__in=MINUTES_YEARS)
            .select_related("group").order_by("starts_at", "pk"))


def _signed_copy(agreement) -> bytes:
    """A signed copy of the agreement, as the scan staff would upload."""
    from ataskaitos.document import Document, Section
    from ataskaitos.renderers import render
    from bibliotekos.selectors import letterhead

    partners = "; ".join(p.organisation.name for p in agreement.partners.all())
    signed = (agreement.signed_on or agreement.starts_on).isoformat()
    document = Document(
        title=f"{agreement.get_kind_display().upper()} Nr. {agreement.number}",
        subtitle=f"{agreement.title} · {signed}",
        sections=[
            Section(heading="Šalys", paragraphs=[
                f"{letterhead()['organisation']} ir {partners}."]),
            Section(heading="Sutarties dalykas", paragraphs=[agreement.subject]),
            Section(heading="Šalių įsipareigojimai",
                    paragraphs=[agreement.obligations or "Šalys bendradarbiauja sutarties "
                                                         "dalyko srityje."]),
            Section(heading="Parašai", paragraphs=[
                f"Pasirašyta {signed}.", "Bibliotekos direktorė ____________________",
                "Partnerio atstovas ____________________"]),
        ], filename=f"sutartis-{agreement.number.replace('/', '-')}")
    return render(document, "pdf")


def _agreements():
    from bendradarbiavimas.models import Agreement

    found = []
    for agreement in (Agreement.objects.filter(number__in=AGREEMENTS)
                      .prefetch_related("partners__organisation").order_by("starts_on")):
        if not agreement.file:
            agreement.file.save(f"sutartis-{agreement.number.replace('/', '-')}.pdf",
                                ContentFile(_signed_copy(agreement)), save=True)
        found.append(agreement)
    return found


def _latest_visit():
    from konsultacijos.models import FieldVisit, VisitStatus

    return (FieldVisit.objects.filter(status=VisitStatus.REPORTED)
            .select_related("library").order_by("-visit_on", "-pk").first())


def _documents(out, staff) -> list:
    """The engine's documents, made in-process as ``staff`` (a kind that fails is left
    out with a line)."""
    from apdovanojimai.models import Contest
    from ataskaitos import services as engine
    from mokymai.models import TrainingEvent

    wanted = [("regional_analysis", {"year": "2025"}, "pdf")]
    event = (TrainingEvent.objects.held().filter(starts_on__lte=timezone.localdate())
             .exclude(registrations=None).order_by("-starts_on", "-pk").first())
    if event is not None:
        wanted.append(("mokymai.participants", {"event": str(event.pk)}, "xlsx"))
    contest = Contest.objects.filter(title=CONTEST, scoring_closed_at__isnull=False).first()
    if contest is not None:
        wanted.append(("apdovanojimai.protocol", {"contest": str(contest.pk)}, "pdf"))
    jobs = []
    for kind, params, format in wanted:
        try:
            job = engine.request_report(kind=kind, params=params, format=format, by=staff)
        except (engine.NotAvailable, ValidationError, PermissionDenied):
            out.write(f"  archive: skipped the {kind} document — not available to {STAFF}\n")
            continue
        job = engine.run_job(job.pk)
        if job.status != "done":
            out.write(f"  archive: skipped the {kind} document — {job.error}\n")
            continue
        jobs.append(job)
    return jobs


def load(out) -> None:
    from paskyros.models import User

    staff = User.objects.filter(email=STAFF).first()
    if staff is None:
        out.write(f"  archive: filing skipped — no {STAFF}\n")
        return
    if FiledDocument.objects.exists():
        out.write("  archive: filing skipped — documents are filed already\n")
        return
    counts: dict[int, int] = {}
    for meeting in _minutes():
        _file(out, staff, "bendradarbiavimas.minutes", meeting, counts)
    for agreement in _agreements():
        _file(out, staff, "bendradarbiavimas.agreement", agreement, counts)
    visit = _latest_visit()
    if visit is not None:
        _file(out, staff, "konsultacijos.visit_report", visit, counts)
    for job in _documents(out, staff):
        _file(out, staff, "ataskaitos.document", job, counts)
    filed = ", ".join(f"{year}: {n}" for year, n in sorted(counts.items())) or "none"
    out.write(f"  archive: {sum(counts.values())} documents filed ({filed})\n")
