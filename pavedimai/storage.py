"""The assignments' files: the giver's attachments and the files an assignee reports with.
Each is checked by its content (never its name) as the other apps' uploads are
(``portalas.files``): not empty, not above ``UPLOAD_MAX_BYTES``, one of the office and image
kinds below, and not claiming another kind by its name (a ``.pdf`` that is not a PDF). A
file is served only through a view that found its assignment among those the user sees."""

from django.conf import settings
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


def check_upload(upload) -> str:
    """The upload's kind (``portalas.files.checked_kind``); its ``name`` made clean.
    ``ValidationError`` (``code`` empty, too_large, file_type or misnamed) with a message
    naming the file."""
    shown = original_name(upload) or "priedas"
    upload.original_name = shown
    kind = files.checked_kind(
        upload, shown, kinds=ACCEPTED_KINDS, limit=settings.UPLOAD_MAX_BYTES,
        not_accepted=_("%(name)s is not a PDF, Word, Excel, PowerPoint, OpenDocument, JPEG or "
                       "PNG file (by its content)."))
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
