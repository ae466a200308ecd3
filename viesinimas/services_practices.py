"""Writes of the good-practice catalogue, and who may do what — decided here, once; the
views ask. Every write goes through a function below with the user who makes it
(``simple_history`` records who changed what).

The life of a practice: a library's director or librarian (or staff) writes a **draft**,
hands it **for review**; staff **publish** it to everyone signed in or **return** it to the
library with a note (back to a draft); staff **archive** what no longer holds. A library's
people edit their library's drafts (a returned practice is a draft again); once it is in
review or published only staff edit it. A library that wants to change its published
practice asks the department, which edits it itself or returns it to the library as a
draft — a new revision, out of the catalogue until it is published again (keeping its first
publication date). Management reads.

Photos: the type is decided by the content (JPEG, PNG or WebP, whatever the name says),
the size and the number of pixels are capped (a decompression bomb is refused before it is
decoded), the stored photo is a fresh image — turned as the camera's orientation says,
without EXIF (the GPS location with it), XMP or comments; the thumbnail is made by a task
after commit. The uploader confirms the consent of the people in the photo (the parents'
for children). A photo is withdrawn at once by its uploader, the library's people or staff:
its files are deleted there and then, the row keeps who withdrew it and when.

"We did it too": a library's people for their own library (staff for any) say their
library took a published practice over, once per library, with their own note; never the
practice's own library."""

import io
import logging
import uuid
import warnings
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from bibliotekos.models import Library
from portalas import files
from viesinimas.models import (
    Adoption,
    PhotoConsent,
    Practice,
    PracticeFile,
    PracticePhoto,
    PracticeStatus,
    may_edit_library_item,
    own_library_ids,
)

logger = logging.getLogger("regionas.publicity")

#: The biggest photo accepted, in bytes, and in pixels (a photo of 8000 × 5000 is more than
#: any camera in a library takes; a bigger one is refused before it is decoded).
PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000
#: The stored photo's longest side (a bigger one is scaled down) and the thumbnail's box.
PHOTO_MAX_SIDE = 2560
THUMBNAIL_BOX = (640, 480)
#: What Pillow may read a photo as, and the extension it is stored with.
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
PHOTO_CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
MAX_PHOTOS = 20
MAX_FILES = 10

#: The documents a practice may carry (photos go to the gallery, where their location is
#: stripped), by the kind read from the content.
FILE_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
#: What a practice's document may be.
DOCUMENT_KINDS = ("pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp")

EDITABLE = (PracticeStatus.DRAFT, PracticeStatus.REVIEW, PracticeStatus.PUBLISHED)


class Refused(ValidationError):
    """A change the rules do not allow; the message says why, ``code`` what kind of refusal
    it is (also when the message is a field's)."""

    def __init__(self, message, code=None, params=None):
        super().__init__(message, code=code, params=params)
        self.code = code


def _task(name: str, *args) -> None:
    from viesinimas import tasks_practices

    transaction.on_commit(lambda: getattr(tasks_practices, name).delay(*args))


# --- who may do what ------------------------------------------------------------------------

def is_staff(user) -> bool:
    """Department staff (and administrators): everything in the catalogue."""
    return user.is_authenticated and user.is_active and user.can_manage_territory


def libraries_for(user):
    """The libraries the user writes practices and says "we did it too" for: staff every
    open library; a director their library and its outlets; a librarian their library."""
    if is_staff(user):
        return Library.objects.filter(closed__isnull=True)
    return Library.objects.filter(pk__in=own_library_ids(user), closed__isnull=True)


def may_create(user) -> bool:
    return is_staff(user) or bool(own_library_ids(user))


def is_library_person(user, practice: Practice) -> bool:
    """One of the practice's library's people (a director of it or of the system above)."""
    return practice.library_id in own_library_ids(user)


def may_edit(user, practice: Practice) -> bool:
    """Staff while it is not archived; the library's people while it is a draft."""
    if practice.status not in EDITABLE:
        return False
    if is_staff(user):
        return True
    return practice.status == PracticeStatus.DRAFT and may_edit_library_item(
        user, practice.library_id)


def may_submit(user, practice: Practice) -> bool:
    return practice.status == PracticeStatus.DRAFT and may_edit_library_item(
        user, practice.library_id)


def may_publish(user, practice: Practice) -> bool:
    """Staff publish a practice in review (or their own draft, with no review to wait for)."""
    return is_staff(user) and practice.status in (PracticeStatus.DRAFT, PracticeStatus.REVIEW)


def may_return(user, practice: Practice) -> bool:
    """Staff return a practice in review — or a published one the library wants to revise
    (it leaves the catalogue until it is published again)."""
    return is_staff(user) and practice.status in (PracticeStatus.REVIEW,
                                                  PracticeStatus.PUBLISHED)


def may_archive(user, practice: Practice) -> bool:
    return is_staff(user) and practice.status in EDITABLE


def may_see_history(user, practice: Practice) -> bool:
    return user.sees_whole_territory or is_library_person(user, practice)


def may_adopt(user, practice: Practice) -> bool:
    return practice.status == PracticeStatus.PUBLISHED and (
        is_staff(user) or bool(own_library_ids(user) - {practice.library_id}))


def adoption_libraries(user, practice: Practice):
    """The libraries the user may still say "we did it too" for: theirs, not the
    practice's own, not those that said it already."""
    return (libraries_for(user).exclude(pk=practice.library_id)
            .exclude(pk__in=Adoption.objects.filter(practice=practice).values("library")))


def may_withdraw_adoption(user, adoption: Adoption) -> bool:
    return may_edit_library_item(user, adoption.library_id)


def may_withdraw_photo(user, photo: PracticePhoto) -> bool:
    """Its uploader, the practice's library's people and staff — whatever the practice's
    status: a person in the photo asking for it to go is answered at once."""
    if photo.withdrawn_at is not None or not (user.is_authenticated and user.is_active):
        return False
    return (photo.uploaded_by_id == user.pk or is_staff(user)
            or may_edit_library_item(user, photo.practice.library_id))


# --- the practice ---------------------------------------------------------------------------

def _locked(pk: int, seen_version: int | None) -> Practice:
    """Lock the row; refuse when someone saved it after the user opened it."""
    current = Practice.objects.select_for_update().get(pk=pk)
    if seen_version is not None and current.version != seen_version:
        raise Refused(_("Someone else changed this practice while you were editing it."),
                      code="stale")
    return current


def _check_library(practice: Practice, by) -> None:
    if not libraries_for(by).filter(pk=practice.library_id).exists():
        raise PermissionDenied


@transaction.atomic
def create_practice(practice: Practice, *, themes=(), by) -> Practice:
    """A new draft of one of the user's libraries."""
    if not may_create(by):
        raise PermissionDenied
    _check_library(practice, by)
    practice.status = PracticeStatus.DRAFT
    practice.created_by = by
    practice.version = 1
    practice._history_user = by
    practice.save()
    practice.themes.set(themes)
    return practice


#: What only the workflow changes: an edit keeps the stored values.
WORKFLOW_FIELDS = ("status", "review_note", "submitted_at", "published_at", "reviewed_by_id",
                   "created_by_id", "created_at")


@transaction.atomic
def update_practice(practice: Practice, *, themes=None, by, seen_version: int | None
                    ) -> Practice:
    """Save an edit; a save after someone else's (``seen_version`` older) is refused with
    ``code="stale"`` so the page keeps what the user typed."""
    current = _locked(practice.pk, seen_version)
    if not may_edit(by, current):
        raise PermissionDenied
    if practice.library_id != current.library_id:
        _check_library(practice, by)
    for name in WORKFLOW_FIELDS:
        setattr(practice, name, getattr(current, name))
    practice.version = current.version + 1
    practice._history_user = by
    practice.save()
    if themes is not None:
        practice.themes.set(themes)
    return practice


def _move(practice: Practice, *, to: str, allowed_from, by, **changes) -> Practice:
    """One step of the workflow, once: the row is locked and its status checked, so two
    clicks at the same moment move it once (the second is told where it is now)."""
    with transaction.atomic():
        current = Practice.objects.select_for_update().get(pk=practice.pk)
        if current.status not in allowed_from:
            raise Refused(_("The practice has moved on meanwhile: it is now “%(status)s”.")
                          % {"status": current.get_status_display()}, code="moved")
        current.status = to
        for name, value in changes.items():
            setattr(current, name, value)
        current.version += 1
        current._history_user = by
        current.save()
    return current


def submit_practice(practice: Practice, *, by) -> Practice:
    """The library hands its draft to the department; staff hear of it."""
    if not may_submit(by, practice):
        raise PermissionDenied
    with transaction.atomic():
        moved = _move(practice, to=PracticeStatus.REVIEW, allowed_from={PracticeStatus.DRAFT},
                      by=by, submitted_at=timezone.now())
        _task("notify_practice_submitted", moved.pk)
    return moved


def publish_practice(practice: Practice, *, by) -> Practice:
    """Staff publish it to everyone signed in; its author hears of it."""
    if not may_publish(by, practice):
        raise PermissionDenied
    with transaction.atomic():
        moved = _move(practice, to=PracticeStatus.PUBLISHED,
                      allowed_from={PracticeStatus.DRAFT, PracticeStatus.REVIEW}, by=by,
                      published_at=practice.published_at or timezone.now(), reviewed_by=by,
                      review_note="")
        _task("notify_practice_decided", moved.pk)
    return moved


def return_practice(practice: Practice, *, note: str, by) -> Practice:
    """Staff send it back to the library as a draft, saying what to change."""
    if not may_return(by, practice):
        raise PermissionDenied
    note = (note or "").strip()
    if not note:
        raise Refused({"note": _("Say what the library should change.")}, code="note")
    with transaction.atomic():
        moved = _move(practice, to=PracticeStatus.DRAFT,
                      allowed_from={PracticeStatus.REVIEW, PracticeStatus.PUBLISHED},
                      by=by, review_note=note, reviewed_by=by)
        _task("notify_practice_decided", moved.pk)
    return moved


def archive_practice(practice: Practice, *, by) -> Practice:
    """A practice that no longer holds leaves the catalogue (kept, not deleted)."""
    if not may_archive(by, practice):
        raise PermissionDenied
    return _move(practice, to=PracticeStatus.ARCHIVED, allowed_from=set(EDITABLE), by=by)


# --- photos ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class CleanImage:
    data: bytes
    extension: str
    width: int
    height: int


def _too_large(limit: int) -> Refused:
    return Refused({"image": _("The photo is larger than %(max)s MB.")
                    % {"max": limit // (1024 * 1024)}}, code="too_large")


def _not_a_photo() -> Refused:
    return Refused({"image": _("This is not a JPEG, PNG or WebP photo (or the file is "
                               "damaged).")}, code="file_type")


def _too_many_pixels() -> Refused:
    return Refused({"image": _("The photo has too many pixels (at most %(max)s million): "
                               "make it smaller first.")
                    % {"max": PHOTO_MAX_PIXELS // 1_000_000}}, code="too_many_pixels")


def _read(upload, limit: int) -> bytes:
    if getattr(upload, "size", 0) and upload.size > limit:
        raise _too_large(limit)
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    if len(data) > limit:
        raise _too_large(limit)
    return data


def _open_image(data: bytes):
    """The decoded image, read as JPEG, PNG or WebP only (by content), its pixels counted
    from the header before anything is decoded."""
    from PIL import Image, UnidentifiedImageError

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=list(PHOTO_FORMATS))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels() from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise _not_a_photo() from None
        if image.format not in PHOTO_FORMATS:
            raise _not_a_photo()
        if image.width * image.height > PHOTO_MAX_PIXELS:
            raise _too_many_pixels()
        try:
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels() from None
        except (OSError, SyntaxError, ValueError, EOFError):
            raise _not_a_photo() from None
    return image


def _plain(image, fmt: str):
    """A new image holding only the pixels (no EXIF, XMP, comments or text chunks), in a
    mode the format stores."""
    from PIL import Image

    if image.mode == "P" or image.mode == "PA":
        image = image.convert("RGBA" if ("transparency" in image.info or image.mode == "PA")
                              else "RGB")
    has_alpha = image.mode in ("RGBA", "LA", "RGBa", "La")
    if fmt == "JPEG":
        if has_alpha:
            background = Image.new("RGB", image.size, "white")
            background.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
            image = background
        elif image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
    elif image.mode not in ("RGB", "RGBA") and (fmt == "WEBP" or image.mode not in ("L", "LA")):
        image = image.convert("RGBA" if has_alpha else "RGB")
    fresh = Image.new(image.mode, image.size)
    fresh.paste(image)
    return fresh


def _encode(image, fmt: str, icc_profile=None) -> bytes:
    out = io.BytesIO()
    options = {"JPEG": {"quality": 88, "optimize": True, "progressive": True},
               "PNG": {"optimize": True}, "WEBP": {"quality": 85, "method": 4}}[fmt]
    if icc_profile:
        options["icc_profile"] = icc_profile   # colours, not a person: kept
    image.save(out, fmt, **options)
    return out.getvalue()


def clean_photo(upload) -> CleanImage:
    """The photo as it is stored: checked by content and size, turned upright, scaled to
    at most ``PHOTO_MAX_SIDE``, re-encoded without its metadata. ``Refused`` (on the
    ``image`` field) for anything else."""
    from PIL import Image, ImageOps

    data = _read(upload, PHOTO_MAX_BYTES)
    image = _open_image(data)
    fmt = image.format
    icc = image.info.get("icc_profile")
    try:
        image = ImageOps.exif_transpose(image)
    except (OSError, SyntaxError, ValueError, TypeError):
        raise _not_a_photo() from None
    if max(image.size) > PHOTO_MAX_SIDE:
        image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE), Image.Resampling.LANCZOS)
    plain = _plain(image, fmt)
    return CleanImage(_encode(plain, fmt, icc), PHOTO_FORMATS[fmt], plain.width, plain.height)


def make_thumbnail(data: bytes) -> bytes:
    """A JPEG that fits ``THUMBNAIL_BOX``, from a stored (already clean) photo."""
    from PIL import Image

    image = _open_image(data)
    image.thumbnail(THUMBNAIL_BOX, Image.Resampling.LANCZOS)
    return _encode(_plain(image, "JPEG"), "JPEG")


def _stored_name(extension: str) -> str:
    """A random file name: nothing of the uploaded name (which may name a person) is
    kept in storage."""
    return f"{uuid.uuid4().hex}.{extension}"


def add_photo(practice: Practice, *, upload, consent: str, caption: str = "", by
              ) -> PracticePhoto:
    if not may_edit(by, practice):
        raise PermissionDenied
    if consent not in PhotoConsent.values:
        raise Refused({"consent": _("Say who is in the photo and that they agreed.")},
                      code="consent")
    shown = practice.photos.shown().count()
    if shown >= MAX_PHOTOS:
        raise Refused({"image": _("A practice has at most %(max)s photos.")
                       % {"max": MAX_PHOTOS}}, code="too_many")
    clean = clean_photo(upload)
    last = practice.photos.aggregate(last=Max("order"))["last"]
    photo = PracticePhoto(practice=practice, caption=(caption or "").strip()[:200],
                          consent=consent, uploaded_by=by,
                          order=0 if last is None else last + 1)
    photo.image.save(_stored_name(clean.extension), ContentFile(clean.data), save=False)
    try:
        photo.save()
    except Exception:
        photo.image.delete(save=False)
        raise
    logger.info("practice %s: photo %s added by user %s", practice.pk, photo.pk, by.pk)
    _task("make_photo_thumbnail", photo.pk)
    return photo


def withdraw_photo(photo: PracticePhoto, *, by) -> PracticePhoto:
    """The photo is gone at once: its files deleted from storage now, the row kept with who
    withdrew it and when (shown nowhere any more)."""
    with transaction.atomic():
        current = (PracticePhoto.objects.select_for_update().select_related("practice")
                   .get(pk=photo.pk))
        if current.withdrawn_at is not None:
            return current
        if not may_withdraw_photo(by, current):
            raise PermissionDenied
        names = [name for name in (current.image.name, current.thumbnail.name) if name]
        storage = current.image.storage
        current.image, current.thumbnail = "", ""
        current.withdrawn_at, current.withdrawn_by = timezone.now(), by
        current.save(update_fields=["image", "thumbnail", "withdrawn_at", "withdrawn_by"])
    for name in names:
        storage.delete(name)
    logger.info("practice %s: photo %s withdrawn by user %s", current.practice_id, current.pk,
                by.pk)
    return current


def store_thumbnail(photo_id: int) -> bool:
    """Make the photo's thumbnail (the task calls this): nothing for a photo withdrawn
    meanwhile, and a thumbnail made while it was being withdrawn is deleted again."""
    photo = PracticePhoto.objects.shown().filter(pk=photo_id).first()
    if photo is None or not photo.image:
        return False
    storage = photo.image.storage
    try:
        with storage.open(photo.image.name, "rb") as stored:
            data = stored.read()
    except FileNotFoundError:   # withdrawn while the task waited
        return False
    try:
        thumbnail = make_thumbnail(data)
    except Refused:
        logger.warning("practice photo %s: no thumbnail (unreadable)", photo_id)
        return False
    name = storage.save(photo.thumbnail.field.generate_filename(photo, _stored_name("jpg")),
                        ContentFile(thumbnail))
    old = photo.thumbnail.name
    kept = PracticePhoto.objects.filter(pk=photo_id, withdrawn_at__isnull=True,
                                        image=photo.image.name).update(thumbnail=name)
    if not kept:
        storage.delete(name)
        return False
    if old and old != name:
        storage.delete(old)
    return True


# --- files ----------------------------------------------------------------------------------

def file_kind(upload) -> str | None:
    """``pdf``, an Office or OpenDocument kind, read from the content by the kit; None for
    anything else (photos go to the gallery)."""
    kind = files.file_kind(upload)
    return kind if kind in DOCUMENT_KINDS else None


def display_name(name: str, kind: str) -> str:
    """The name shown and offered for download: the last part of the uploaded name, with
    the extension of what the file is."""
    base = PurePath(str(name or "").replace("\\", "/")).name
    stem = PurePath(base).stem if PurePath(base).suffix else base
    stem = " ".join(stem.split())[:150].strip(" .") or _("document")
    return f"{stem}.{kind}"


def add_file(practice: Practice, *, upload, name: str = "", by) -> PracticeFile:
    if not may_edit(by, practice):
        raise PermissionDenied
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise Refused({"file": _("The file is larger than %(max)s MB.")
                       % {"max": limit // (1024 * 1024)}}, code="too_large")
    if practice.files.count() >= MAX_FILES:
        raise Refused({"file": _("A practice has at most %(max)s files.")
                       % {"max": MAX_FILES}}, code="too_many")
    kind = file_kind(upload)
    if kind is None:
        raise Refused({"file": _("Attach a PDF, Word, Excel, PowerPoint or OpenDocument "
                                 "file (photos go to the gallery).")}, code="file_type")
    stored = PracticeFile(practice=practice, name=display_name(name or upload.name, kind),
                          uploaded_by=by)
    stored.file.save(_stored_name(kind), upload, save=False)
    try:
        stored.save()
    except Exception:
        stored.file.delete(save=False)
        raise
    return stored


def remove_file(stored: PracticeFile, *, by) -> None:
    if not may_edit(by, stored.practice):
        raise PermissionDenied
    stored.file.delete(save=False)
    stored.delete()


# --- "we did it too" ------------------------------------------------------------------------

def adopt(practice: Practice, *, library: Library, note: str = "", adopted_on: date | None = None,
          by) -> Adoption:
    if practice.status != PracticeStatus.PUBLISHED:
        raise Refused(_("Only a published practice can be taken over."), code="not_published")
    if not may_edit_library_item(by, library.pk):
        raise PermissionDenied
    if library.pk == practice.library_id:
        raise Refused({"library": _("A library cannot take over its own practice.")},
                      code="own")
    adopted_on = adopted_on or timezone.localdate()
    if adopted_on > timezone.localdate():
        raise Refused({"adopted_on": _("The date cannot be in the future.")}, code="future")
    already = Refused({"library": _("%(library)s has already said it did this too.")
                       % {"library": library.name}}, code="again")
    if Adoption.objects.filter(practice=practice, library=library).exists():
        raise already
    adoption = Adoption(practice=practice, library=library, note=(note or "").strip(),
                        adopted_on=adopted_on, created_by=by)
    adoption._history_user = by
    try:
        with transaction.atomic():
            adoption.save()
    except IntegrityError:
        raise already from None
    return adoption


def withdraw_adoption(adoption: Adoption, *, by) -> None:
    if not may_withdraw_adoption(by, adoption):
        raise PermissionDenied
    adoption._history_user = by
    adoption.delete()
