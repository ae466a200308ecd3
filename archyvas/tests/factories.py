"""Plain builders of the archive's records for tests (straight into the database, no
service): every area's tests start from these and add their own in
``factories_<area>.py``."""

import datetime

from django.core.files.base import ContentFile

from archyvas.models import (
    BdstrItem,
    FiledDocument,
    FilePlan,
    PlanFile,
    PlanStatus,
    Register,
    RegisterEntry,
    RegisterKind,
    StoredFile,
    TextStatus,
)

ACT = "BDSTR (V-100, 2011), 2024 m. redakcija"

#: (index, title, permanent, years) — a small department plan.
FILES = (("7.1", "Skyriaus veiklos planai ir ataskaitos", True, None),
         ("7.2", "Teritorijos bibliotekų statistinės ataskaitos", False, 10),
         ("7.3", "Gaunamieji raštai", False, 5),
         ("7.4", "Siunčiamieji raštai", False, 5),
         ("7.5", "Mokymų dalyvių sąrašai", False, 3),
         ("7.6", "Analitinės ataskaitos", True, None))


def pdf_bytes(text: str = "Archyvo dokumentas") -> bytes:
    """A small real PDF with ``text`` in it (WeasyPrint), for storing and reading back."""
    from weasyprint import HTML

    return HTML(string=f"<p>{text}</p>").write_pdf()


def docx_bytes(text: str = "Archyvo dokumentas") -> bytes:
    import io

    from docx import Document

    document = Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_bdstr_item(code="1.1", *, title="Veiklos planai", permanent=False, years=10,
                    act=ACT) -> BdstrItem:
    return BdstrItem.objects.create(act=act, code=code, title=title, permanent=permanent,
                                    retention_years=None if permanent else years)


def make_plan(year: int, *, status=PlanStatus.APPROVED, files=FILES, by=None,
              closed_on=None) -> FilePlan:
    """A plan of ``year`` with ``files``; approved plans carry an approval date (1 January)
    and a closed one its files closed on ``closed_on`` (default: 31 December)."""
    values = {}
    if status != PlanStatus.DRAFT:
        values.update(approved_on=datetime.date(year, 1, 5), approved_by=by)
    if status == PlanStatus.CLOSED:
        values.update(closed_on=closed_on or datetime.date(year, 12, 31), closed_by=by)
    plan = FilePlan.objects.create(year=year, status=status,
                                   unit_name="Bibliotekų veiklos skyrius", **values)
    for position, (index, title, permanent, years) in enumerate(files):
        make_plan_file(plan, index, title=title, permanent=permanent, years=years,
                       position=position)
    return plan


def make_plan_file(plan, index="7.9", *, title="Kiti dokumentai", permanent=False, years=5,
                   position=0, **fields) -> PlanFile:
    if plan.status == PlanStatus.CLOSED and "closed_on" not in fields:
        fields["closed_on"] = plan.closed_on
    plan_file = PlanFile(plan=plan, index=index, title=title, permanent=permanent,
                         retention_years=None if permanent else years, position=position,
                         **fields)
    if plan_file.closed_on and not plan_file.retention_ends and not permanent:
        plan_file.retention_ends = plan_file.retention_end_for(plan_file.closed_on.year)
    plan_file.save()
    return plan_file


def make_register(kind=RegisterKind.INCOMING, *, name=None, prefix=None) -> Register:
    defaults = {RegisterKind.INCOMING: ("Gaunamųjų dokumentų registras", "G"),
                RegisterKind.OUTGOING: ("Siunčiamųjų dokumentų registras", "S"),
                RegisterKind.INTERNAL: ("Vidaus dokumentų registras", "V")}[kind]
    return Register.objects.create(name=name or defaults[0], kind=kind,
                                   prefix=prefix or defaults[1])


def attach(record: StoredFile, data: bytes, name: str, kind: str) -> None:
    """Store ``data`` as ``record``'s file (saved), text waiting when it is readable."""
    record.file.save(name, ContentFile(data), save=False)
    record.file_name, record.file_kind = name, kind
    record.file_size, record.sha256 = len(data), StoredFile.digest(data)
    record.text_status = TextStatus.WAITING if kind in ("pdf", "docx") else TextStatus.NONE
    record.save()


def make_entry(register, *, number=None, year=None, title="Dėl statistikos ataskaitos",
               plan_file=None, data: bytes | None = None, **fields) -> RegisterEntry:
    """A registered document straight into the table (the next free number unless
    given); with ``data`` a stored PDF."""
    registered_on = fields.pop("registered_on", None) or datetime.date.today()
    year = year or registered_on.year
    if number is None:
        number = (RegisterEntry.objects.filter(register=register, year=year).count() + 1)
    entry = RegisterEntry.objects.create(register=register, year=year, number=number,
                                         registered_on=registered_on, title=title,
                                         plan_file=plan_file, **fields)
    if data is not None:
        attach(entry, data, f"{register.prefix}-{number}.pdf", "pdf")
    return entry


def make_filed(plan_file, *, title="Regioninė analizė 2025", key="1", kind="test.kind",
               model="ataskaitos.reportjob", data: bytes | None = None,
               document_date=None, **fields) -> FiledDocument:
    document = FiledDocument.objects.create(
        plan_file=plan_file, kind=kind, source_model=model, source_key=key, title=title,
        document_date=document_date or datetime.date(plan_file.plan.year, 3, 1), **fields)
    if data is not None:
        attach(document, data, "dokumentas.pdf", "pdf")
    return document
