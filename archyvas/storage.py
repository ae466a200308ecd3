"""The archive's own storage: a document's bytes are copied in (checked by content), served
only through scoped views, and deleted only by an approved destruction act."""

from django.core.files.base import ContentFile
from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control

from archyvas.models import ARCHIVE_KINDS, StoredFile, TextStatus
from portalas import files

#: The largest file the archive takes (bytes).
MAX_FILE_SIZE = 50 * 1024 * 1024
#: The kinds whose text the search reads.
TEXT_KINDS = ("pdf", "docx", "odt")


class RefusedFile(ValueError):
    """An upload the archive does not take; the message says why, in the user's language."""


def check_upload(data: bytes, name: str, *, kinds=ARCHIVE_KINDS) -> str:
    """The kind of ``data`` by its content (``portalas.files.checked_kind``);
    ``RefusedFile`` when it is empty, too large, not one of ``kinds``, or not the type its
    name claims (a ``.pdf`` that is not a PDF)."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    try:
        return files.checked_kind(
            data, name, kinds=kinds, limit=MAX_FILE_SIZE,
            not_accepted=_("This file is not one of the kinds the archive keeps (%(kinds)s).")
            % {"kinds": ", ".join(k.upper() for k in kinds)})
    except ValidationError as refused:
        raise RefusedFile(refused.messages[0]) from None


def store(record: StoredFile, name: str, data: bytes, *, kinds=ARCHIVE_KINDS) -> None:
    """Put ``data`` into ``record``'s own file (not saved: the caller saves the record in
    its transaction); the text is marked for the extraction task."""
    kind = check_upload(data, name, kinds=kinds)
    clean = files.clean_file_name(name, kind)
    record.file.save(clean, ContentFile(data), save=False)
    record.file_name = name.rsplit("/", 1)[-1][:255] or clean
    record.file_kind = kind
    record.file_size = len(data)
    record.sha256 = StoredFile.digest(data)
    record.text = ""
    record.text_status = TextStatus.WAITING if kind in TEXT_KINDS else TextStatus.NONE


def file_response(record: StoredFile, *, fallback: str = "dokumentas") -> FileResponse:
    """The stored file as a download, for a record the caller has already found within the
    user's access; 404 once destroyed or missing."""
    stored = record.file
    if not record.has_file or not stored.storage.exists(stored.name):
        raise Http404
    handle = stored.open("rb")
    kind = files.file_kind(handle)
    if kind is None:
        handle.close()
        raise Http404
    name = files.clean_file_name(record.file_name or stored.name, kind, fallback=fallback)
    response = FileResponse(handle, content_type=files.CONTENT_TYPES[kind],
                            as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response


def delete_stored(record: StoredFile) -> None:
    """Delete the stored bytes (an approved destruction act): the row stays."""
    if record.file:
        record.file.delete(save=False)
    record.text = ""
    record.text_status = TextStatus.NONE
