"""Objects of the good-practice catalogue for tests, made through the services (as users make
them), and images made with Pillow: a JPEG with EXIF (GPS location, camera, orientation),
a PNG, a header that claims too many pixels."""

import io
import struct
import zlib

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from paskyros.models import Role, User
from viesinimas import services_practices as services
from viesinimas.models import Adoption, Practice, PracticeFile, PracticePhoto, PracticeStatus, Theme

GPS = {1: "N", 2: (55.0, 53.0, 12.5), 3: "E", 4: (21.0, 14.0, 3.0)}


def theme(name="Skaitymo skatinimas", slug="skaitymo-skatinimas") -> Theme:
    found = Theme.objects.filter(slug=slug).first() or Theme.objects.filter(name=name).first()
    return found or Theme.objects.create(name=name, slug=slug)


def reviewer() -> User:
    """A member of department staff who publishes the practices made here."""
    found = User.objects.filter(role=Role.STAFF, is_active=True).order_by("pk").first()
    return found or User.objects.create_user(email="recenzente@test.lt", role=Role.STAFF,
                                             full_name="Rita Recenzentė", password=None)


def make_practice(*, library, by, status=PracticeStatus.DRAFT, themes=(), reviewer_user=None,
                  **fields) -> Practice:
    values = {"title": "Skaitymo iššūkis vasarą",
              "summary": "Vaikai vasarą skaito knygas ir renka lipdukus.",
              "what": "Vasaros **skaitymo** iššūkis vaikams.",
              "audience": "Vaikai nuo 7 iki 12 metų", "how": "- Registracija\n- Skaitymas",
              "contact_name": "Aušra Petrauskienė", "contact_email": "ausra@test.lt"}
    values.update(fields)
    practice = services.create_practice(Practice(library=library, **values), themes=themes,
                                        by=by)
    if status == PracticeStatus.DRAFT:
        return practice
    publisher = reviewer_user or reviewer()
    if status in (PracticeStatus.REVIEW, PracticeStatus.PUBLISHED, PracticeStatus.ARCHIVED):
        practice = services.submit_practice(practice, by=by if services.may_submit(
            by, practice) else publisher)
    if status in (PracticeStatus.PUBLISHED, PracticeStatus.ARCHIVED):
        practice = services.publish_practice(practice, by=publisher)
    if status == PracticeStatus.ARCHIVED:
        practice = services.archive_practice(practice, by=publisher)
    return practice


def image_bytes(fmt="JPEG", size=(64, 48), color=(200, 60, 40), *, exif=None, **options
                ) -> bytes:
    image = Image.new("RGBA" if fmt == "PNG" else "RGB", size, color)
    out = io.BytesIO()
    if exif is not None:
        options["exif"] = exif
    image.save(out, fmt, **options)
    return out.getvalue()


def camera_exif(orientation=None) -> Image.Exif:
    """EXIF as a phone writes it: the camera, the place (GPS) and, if given, how the photo is
    turned."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Telefonas"
    exif[ExifTags.Base.GPSInfo] = GPS
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    return exif


def huge_png_header(width=60_000, height=60_000) -> bytes:
    """A PNG that says it has width × height pixels (a decompression bomb): a valid header
    and a tiny compressed body."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 1024)) + chunk(b"IEND", b""))


def upload(name="nuotrauka.jpg", data=None, content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes() if data is None else data,
                              content_type=content_type)


def make_photo(practice, *, by, caption="Vaikai skaito", thumbnail=True,
               consent="no_people") -> PracticePhoto:
    """A clean photo of the practice (as ``add_photo`` stores it), its thumbnail made as the
    task makes it."""
    clean = services.clean_photo(upload())
    photo = PracticePhoto(practice=practice, caption=caption, consent=consent, uploaded_by=by)
    photo.image.save(f"test-{practice.pk}.{clean.extension}", ContentFile(clean.data),
                     save=False)
    photo.save()
    if thumbnail:
        services.store_thumbnail(photo.pk)
        photo.refresh_from_db()
    return photo


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_file(practice, *, by, name="Veiklos planas.pdf") -> PracticeFile:
    stored = PracticeFile(practice=practice, name=name, uploaded_by=by)
    stored.file.save("test.pdf", ContentFile(PDF), save=False)
    stored.save()
    return stored


def make_adoption(practice, *, library, by, note="Darėme su mokykla.") -> Adoption:
    return services.adopt(practice, library=library, note=note, by=by)
