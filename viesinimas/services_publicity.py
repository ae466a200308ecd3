"""Writes of the publicity log, and who may do what with it — decided here, once; the views
ask. Department staff enter, edit and delete publications; management read them all; a
territory librarian reads the entries about their library (a director's about its outlets
too: ``Publication.objects.visible_to``).

Every write goes through a function below with the user who makes it (``simple_history``
records who changed what). An edit locks the row and checks the version the user saw: the
second of two editors is refused, never silently overwritten (the view keeps their typing).
A file is checked by its content (PDF, JPEG, PNG or WebP), its size and its name; a file
replaced, cleared or left by a deleted entry is removed from storage after the commit."""

import logging
import re
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bibliotekos.scoping import memberships_of
from paskyros.models import Role
from portalas import files
from portalas.converters import YEAR_MIN
from viesinimas.models import Publication

logger = logging.getLogger("regionas.publicity")


class Refused(ValidationError):
    """A change the rules do not allow; the message says why (``code`` "stale" when someone
    saved the entry after the user opened it)."""


# --- who may do what ------------------------------------------------------------------------

def may_enter(user) -> bool:
    """Department staff (and administrators) log, edit and delete publications."""
    return bool(user.is_authenticated and user.is_active and user.can_manage_territory)


def may_open_log(user) -> bool:
    """The log's pages: the whole-territory roles, and librarians of a library (the entries
    about it). No query of its own: the memberships are read once per request."""
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(user.sees_whole_territory
                or (user.role == Role.LIBRARIAN and memberships_of(user)))


def _staff_only(user) -> None:
    if not may_enter(user):
        raise PermissionDenied


# --- files ----------------------------------------------------------------------------------

#: What a publication's file may be (read from the content by the kit).
ACCEPTED_KINDS = ("pdf", "jpg", "png", "webp")


def file_kind(head: bytes) -> str | None:
    """``pdf``, ``jpg``, ``png`` or ``webp`` by the content's first bytes; None otherwise."""
    kind = files.file_kind(head)
    return kind if kind in ACCEPTED_KINDS else None


def max_file_bytes() -> int:
    return settings.UPLOAD_MAX_BYTES


def clean_file_name(name: str, kind: str) -> str:
    return files.clean_file_name(name, kind, fallback="publikacija")


def check_file(upload) -> str:
    """Check an uploaded file; returns its kind and renames it cleanly, or ValidationError
    (too large, not a PDF/JPEG/PNG/WebP by content, an image that does not open)."""
    limit = max_file_bytes()
    if upload.size > limit:
        raise ValidationError(_("The file is larger than %(max)s MB.")
                              % {"max": limit // (1024 * 1024)}, code="too_large")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = file_kind(head)
    if kind is None:
        raise ValidationError(_("Upload a PDF, JPEG, PNG or WebP file (the file's content is "
                                "none of them)."), code="file_type")
    if kind != "pdf":
        _check_image(upload)
    upload.name = clean_file_name(upload.name, kind)
    return kind


def _check_image(upload) -> None:
    """The picture opens and is not a decompression bomb."""
    from PIL import Image

    try:
        with Image.open(upload) as image:
            width, height = image.size
            image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("The picture is too large."), code="too_large") from None
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for a damaged file
        raise ValidationError(_("The picture is damaged and could not be opened."),
                              code="file_type") from None
    finally:
        upload.seek(0)
    if width * height > 60_000_000:
        raise ValidationError(_("The picture is too large."), code="too_large")


def _new_upload(publication: Publication) -> bool:
    """A file just uploaded, not stored yet (checked again here, whatever form sent it)."""
    return bool(publication.file) and not getattr(publication.file, "_committed", True)


def _check_upload(publication: Publication) -> None:
    try:
        kind = check_file(publication.file.file)
    except ValidationError as error:
        raise Refused({"file": error.messages}) from None
    name = publication.file.file.name
    if kind != "pdf":
        publication.file = ContentFile(without_metadata(publication.file.file), name=name)
    publication.file.name = name


def without_metadata(upload) -> bytes:
    """A picture (a clipping, a screenshot of a post) re-encoded with its pixels only, at
    its own size: the EXIF (with a phone's GPS location), XMP and comments go, as with the
    good practices' photos."""
    from PIL import Image, ImageOps

    from viesinimas.services_practices import _encode, _plain

    upload.seek(0)
    with Image.open(upload) as image:
        fmt = image.format
        icc = image.info.get("icc_profile")
        upright = ImageOps.exif_transpose(image)
        data = _encode(_plain(upright, fmt), fmt, icc)
    upload.seek(0)
    return data


def _remove_file_later(storage, name: str) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# --- checks ---------------------------------------------------------------------------------

def _check(publication: Publication, *, today: date | None = None) -> None:
    today = today or timezone.localdate()
    errors = {}
    if publication.published_on is None:
        errors["published_on"] = _("Give the date of the publication.")
    elif publication.published_on > today:
        errors["published_on"] = _("The date is in the future: a publication is logged once "
                                   "it has appeared.")
    elif publication.published_on.year < YEAR_MIN:
        errors["published_on"] = _("The date is too far in the past.")
    if publication.reach is not None and publication.reach < 0:
        errors["reach"] = _("The reach cannot be negative.")
    if publication.url and not re.match(r"^https?://", publication.url, re.IGNORECASE):
        errors["url"] = _("Only http and https links.")
    if not (publication.title or "").strip():
        errors["title"] = _("Give the title.")
    if errors:
        raise Refused(errors)


def _libraries_with_linked(publication: Publication, libraries) -> list:
    """The libraries it is about, with the library of the event or the good practice it is
    about (a publication about a library's event is about the library)."""
    chosen = list(libraries or [])
    ids = {library.pk for library in chosen}
    for linked in (publication.activity, publication.practice):
        if linked is not None and linked.library_id not in ids:
            chosen.append(linked.library)
            ids.add(linked.library_id)
    return chosen


def _locked(publication: Publication, seen_version: int | None) -> Publication:
    current = Publication.objects.select_for_update().get(pk=publication.pk)
    if seen_version is not None and current.version != seen_version:
        raise Refused(_("Someone else changed this entry while you were editing it."),
                      code="stale")
    return current


# --- writes ---------------------------------------------------------------------------------

@transaction.atomic
def create_publication(publication: Publication, *, libraries=(), by) -> Publication:
    """Log a new publication (validated by its form) about ``libraries``."""
    _staff_only(by)
    _check(publication)
    if _new_upload(publication):
        _check_upload(publication)
    publication.created_by = by
    publication.version = 1
    publication._history_user = by
    publication.save()
    publication.libraries.set(_libraries_with_linked(publication, libraries))
    logger.debug("publication %s logged by user %s", publication.pk, by.pk)
    return publication


@transaction.atomic
def update_publication(publication: Publication, *, libraries=None, by,
                       seen_version: int | None) -> Publication:
    """Save an edited entry; the version the user saw must still be the current one. A
    replaced or cleared file is removed from storage after the commit."""
    _staff_only(by)
    _check(publication)
    current = _locked(publication, seen_version)
    if _new_upload(publication):
        _check_upload(publication)
    publication.version = current.version + 1
    publication.created_by_id = current.created_by_id
    publication._history_user = by
    publication.save()
    if current.file and current.file.name != publication.file.name:
        _remove_file_later(current.file.storage, current.file.name)
    if libraries is not None:
        publication.libraries.set(_libraries_with_linked(publication, libraries))
    return publication


@transaction.atomic
def delete_publication(publication: Publication, *, by) -> None:
    """An entry logged by mistake: gone, with its file."""
    _staff_only(by)
    stored = Publication.objects.select_for_update().get(pk=publication.pk)
    if stored.file:
        _remove_file_later(stored.file.storage, stored.file.name)
    stored._history_user = by
    logger.info("publication %s deleted by user %s", stored.pk, by.pk)
    stored.delete()


def same_link(url: str, *, exclude=None):
    """Entries already logged with this link (the quick entry warns of a second one)."""
    if not url:
        return Publication.objects.none()
    found = Publication.objects.filter(url=url.strip())
    if exclude is not None:
        found = found.exclude(pk=exclude)
    return found
