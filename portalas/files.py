"""What an uploaded file is, read from its content (never from its name), and a safe name
to store and serve it under. Every app that takes files asks here and accepts its own
subset of kinds."""

import io
import re
import unicodedata
import zipfile

#: The first bytes of the kinds recognised without opening an archive.
SIGNATURES = ((b"%PDF-", "pdf"), (b"\xff\xd8\xff", "jpg"), (b"\x89PNG\r\n\x1a\n", "png"))
#: An OpenDocument file says what it is in its ``mimetype`` part.
OPENDOCUMENT = {"application/vnd.oasis.opendocument.text": "odt",
                "application/vnd.oasis.opendocument.spreadsheet": "ods",
                "application/vnd.oasis.opendocument.presentation": "odp"}
#: An Office Open XML file by the part only its kind has.
OFFICE_PARTS = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx",
                "ppt/presentation.xml": "pptx"}
CONTENT_TYPES = {
    "pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png", "webp": "image/webp",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    **{kind: mimetype for mimetype, kind in OPENDOCUMENT.items()},
}


def _archive_kind(handle) -> str | None:
    try:
        with zipfile.ZipFile(handle) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as part:
                    mimetype = part.read(100).decode("ascii", "ignore").strip()
                return OPENDOCUMENT.get(mimetype)
            return next((kind for part, kind in OFFICE_PARTS.items() if part in names), None)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, KeyError, ValueError,
            RuntimeError):
        return None


def file_kind(data) -> str | None:
    """``pdf``, ``jpg``, ``png``, ``webp``, ``docx``, ``xlsx``, ``pptx``, ``odt``, ``ods`` or
    ``odp`` by the content of ``data`` (an open file, left at its start, or bytes — the
    first 16 are enough for all but the archives); None for anything else."""
    handle = io.BytesIO(data) if isinstance(data, bytes) else data
    handle.seek(0)
    head = handle.read(16)
    handle.seek(0)
    try:
        for signature, kind in SIGNATURES:
            if head.startswith(signature):
                return kind
        if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
            return "webp"
        if head.startswith(b"PK\x03\x04"):
            return _archive_kind(handle)
        return None
    finally:
        handle.seek(0)


def clean_file_name(name: str, kind: str, *, fallback: str = "dokumentas") -> str:
    """A name safe on every system and in a header: the last part of the path, letters
    without their marks, only letters, digits, ``-`` and ``_``, and the extension of the
    kind the content is (``Sutartis Nr. 5 (galutinė).PDF`` → ``Sutartis-Nr-5-galutine.pdf``)."""
    base = re.split(r"[\\/]", name or "")[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^A-Za-z0-9_]+", "-", ascii_stem).strip("-_")[:80].strip("-_")
    return f"{cleaned or fallback}.{kind}"


def _size_of(data) -> int:
    if isinstance(data, (bytes, bytearray)):
        return len(data)
    size = getattr(data, "size", None)
    if size is None:
        data.seek(0, 2)
        size = data.tell()
        data.seek(0)
    return size


def checked_kind(data, name: str, *, kinds, limit: int, not_accepted) -> str:
    """The kind of an upload (bytes or a file) read from its content, when it is one of
    ``kinds``; otherwise ``ValidationError`` with a code: ``empty``, ``too_large`` (over
    ``limit`` bytes), ``file_type`` (the message ``not_accepted``, which may name the file
    as ``%(name)s``) or ``misnamed`` (a ``.pdf`` that is not a PDF). The messages name the
    file by ``name``."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _
    from django.utils.translation import pgettext

    shown = (name or "").replace("\\", "/").rsplit("/", 1)[-1] or pgettext("upload",
                                                                           "The file")
    size = _size_of(data)
    if not size:
        raise ValidationError(_("%(name)s is empty.") % {"name": shown}, code="empty")
    if size > limit:
        raise ValidationError(_("%(name)s is larger than %(max)s MB.")
                              % {"name": shown, "max": limit // (1024 * 1024)},
                              code="too_large")
    kind = file_kind(data)
    if kind not in kinds:
        raise ValidationError(str(not_accepted) % {"name": shown}, code="file_type")
    claimed = shown.rsplit(".", 1)[-1].lower() if "." in shown else ""
    claimed = {"jpeg": "jpg"}.get(claimed, claimed)
    if claimed and claimed != kind:
        raise ValidationError(_("%(name)s is called .%(claimed)s but its content is %(kind)s.")
                              % {"name": shown, "claimed": claimed, "kind": kind.upper()},
                              code="misnamed")
    return kind
