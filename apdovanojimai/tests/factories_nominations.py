"""Builders for the nominations' tests: files to attach, a published practice, a director
of another library system, a branch librarian, and a contest of library or practice
nominees (on top of ``apdovanojimai.tests.factories``)."""

import datetime
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apdovanojimai.models import NomineeKind
from apdovanojimai.tests.factories import make_contest
from tests.factories import UserFactory
from viesinimas.models import Practice, PracticeStatus

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(name="rekomendacija.pdf", content=PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def make_practice(library, *, by=None, status=PracticeStatus.PUBLISHED,
                  title="Skaitymo iššūkis šeimoms") -> Practice:
    return Practice.objects.create(
        library=library, created_by=by, status=status, title=title,
        summary="Šeimos skaito kartu visą vasarą.", what="Vasaros skaitymo iššūkis.",
        audience="Šeimos su vaikais", how="Registracija bibliotekoje, skaitymo pasai.",
        published_at=timezone.now() if status == PracticeStatus.PUBLISHED else None)


def director_of(library, email="direktore.b@test.lt"):
    user = UserFactory(role="librarian", email=email, full_name="Dalia Direktorė")
    library.memberships.create(user=user, role="director")
    return user


def branch_librarian(library, email="filialas@test.lt"):
    user = UserFactory(role="librarian", email=email, full_name="Rasa Filialė")
    library.memberships.create(user=user, role="librarian")
    return user


def library_contest(**fields):
    return make_contest(title="Geriausias kaimo filialas", category="Kaimo filialas",
                        nominee_kind=NomineeKind.LIBRARY, **fields)


def practice_contest(**fields):
    return make_contest(title="Geriausias metų projektas", category="Projektas ar renginys",
                        nominee_kind=NomineeKind.PRACTICE, **fields)


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)
