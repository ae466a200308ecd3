"""Builders of the contests area's tests: a draft ready to open, a small PDF and DOCX."""

import io
import zipfile

from apdovanojimai.models import ContestStatus
from apdovanojimai.tests.factories import add_juror, make_contest

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def make_draft(*, by, chair=None, **fields):
    """A draft with one category and three criteria; with ``chair``, ready to open."""
    contest = make_contest(status=ContestStatus.DRAFT, by=by, **fields)
    if chair is not None:
        add_juror(contest, chair, chair=True)
    return contest
