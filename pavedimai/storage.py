"""The assignments' files: the giver's attachments and the files an assignee reports with.
Each is checked by its content (never its name) as the other apps' uploads are
(``portalas.files``): not empty, not above ``UPLOAD_MAX_BYTES``, one of the office and image
kinds below, and not claiming another kind by its name (a ``.pdf`` that is not a PDF). A
file is served only through a view that found its assignment among those the user sees."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from portalas import files

#: What an assignment's files may be, by content.
ACCEPTED_KINDS = ("pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "jpg", "png")
#: What the file inputs offer (the content is what is checked).
ACCEPT = ".pdf,.docx,.xlsx,.pptx,.odt,.ods,.odp,.jpg,.jpeg,.png"
#: At most this many attachments per assignment.
MAX_ATTACHMENTS = 10

__all__ = ["ACCEPT", "ACCEPTED_KINDS", "MAX_ATTACHMENTS", "check_upload", "file_response"]


def _size(upload) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
        upload.seek(0)
    return size


def check_upload(upload) -> str:
    """The upload's kind; its ``name`` made clean. ``ValidationError`` (``code`` empty,
    too_large, file_type or misnamed) with a message naming the file."""
    shown = original_name(upload) or "priedas"
    upload.original_name = shown
    size = _size(upload)
    if not size:
        raise ValidationError(_("%(name)s is empty.") % {"name": shown}, code="empty")
    limit = settings.UPLOAD_MAX_BYTES
    if size > limit:
        raise ValidationError(_("%(name)s is larger than %(max)s MB.")
                              % {"name": shown, "max": limit // (1024 * 1024)},
                              code="too_large")
    kind = files.file_kind(upload)
    if kind not in ACCEPTED_KINDS:
        raise ValidationError(
            _("%(name)s is not a PDF, Word, Excel, PowerPoint, OpenDocument, JPEG or PNG file "
              "(by its content).") % {"name": shown}, code="file_type")
    claimed = shown.rsplit(".", 1)[-1].lower() if "." in shown else ""
    claimed = {"jpeg": "jpg"}.get(claimed, claimed)
    if claimed and claimed != kind:
        raise ValidationError(_("%(name)s is called .%(claimed)s but its content is %(kind)s.")
                              % {"name": shown, "claimed": claimed, "kind": kind.upper()},
                              code="misnamed")
    upload.name = files.clean_file_name(shown, kind, fallback="priedas")
    return kind


def original_name(upload) -> str:
    """The name as the person's computer called it (for the page), at most 255 characters
    (kept aside by ``check_upload``, which cleans ``upload.name``)."""
    kept = getattr(upload, "original_name", "")
    if kept:
        return kept
    name = getattr(upload, "name", "") or ""
    return name.replace("\\", "/").rsplit("/", 1)[-1][:255]


def file_response(stored, name: str) -> FileResponse:
    """The stored file as a download (its type told by its content); 404 when it is gone
    or not a kind the app takes."""
    if not stored or not stored.storage.exists(stored.name):
        raise Http404
    handle = stored.open("rb")
    kind = files.file_kind(handle)
    if kind not in ACCEPTED_KINDS:
        handle.close()
        raise Http404
    response = FileResponse(handle, content_type=files.CONTENT_TYPES[kind], as_attachment=True,
                            filename=files.clean_file_name(name or stored.name, kind,
                                                           fallback="priedas"))
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response
