"""Builders of the assignments' tests: files of each kind (and ones that are not what they
claim), giving through the service with sensible defaults, the day helpers, the routes."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from pavedimai import services_assignments
from pavedimai.models import Task

PDF = b"%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n"
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
       b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
       b"\x00\x00\x00IEND\xaeB`\x82")


def today() -> datetime.date:
    return timezone.localdate()


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


def docx_bytes(text: str = "Pavedimo rezultatas") -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def upload(name: str = "rezultatas.pdf", data: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def give(by, to, *, title="Parengti regiono bibliotekų apžvalgą",
         text="Apžvalga vadovybės pasitarimui.", deadline=None, files=(), **kwargs):
    """``services_assignments.give`` with a deadline two weeks from today."""
    return services_assignments.give(by=by, title=title, text=text, people=list(to),
                                     deadline=deadline or days(14), files=files, **kwargs)


def task_of(assignment, person) -> Task:
    return Task.objects.get(assignment=assignment, assignee=person)


def url(name: str, *args) -> str:
    return reverse(f"pavedimai:{name}", args=args)


def give_post(people=(), **changes) -> dict:
    """The "give an assignment" form's fields."""
    data = {"title": "Parengti pristatymą", "text": "Pristatymas direktorių pasitarimui.",
            "people": [str(person.pk) for person in people], "others": "",
            "deadline": days(10).isoformat()}
    data.update(changes)
    return data
