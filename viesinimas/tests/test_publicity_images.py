"""A picture logged in the publicity log (a clipping, a screenshot of a post) is stored
without the phone's EXIF and GPS location, at its own size, under a clean name."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from viesinimas.tests.factories_practices import camera_exif, image_bytes
from viesinimas.tests.factories_publicity import make_publication

pytestmark = pytest.mark.django_db


def _stored(publication) -> bytes:
    with publication.file.storage.open(publication.file.name, "rb") as handle:
        return handle.read()


def test_a_picture_loses_its_exif_and_location_but_keeps_its_size(staff, territory):
    taken = image_bytes(size=(640, 480), exif=camera_exif())
    assert Image.open(io.BytesIO(taken)).getexif().get_ifd(0x8825)  # where it was taken
    publication = make_publication(by=staff, libraries=[territory.system_a],
                                   file=SimpleUploadedFile("Straipsnis Onos.jpg", taken))
    raw = _stored(publication)
    image = Image.open(io.BytesIO(raw))
    assert image.format == "JPEG" and image.size == (640, 480)
    assert dict(image.getexif()) == {} and b"Exif" not in raw and b"Telefonas" not in raw
    assert publication.file.name.endswith("Straipsnis-Onos.jpg")


def test_a_png_screenshot_stays_a_png_without_its_text_chunks(staff, territory):
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Ona Onaite")
    out = io.BytesIO()
    Image.new("RGB", (32, 32), "white").save(out, "PNG", pnginfo=info)
    publication = make_publication(by=staff, file=SimpleUploadedFile("irasas.png",
                                                                     out.getvalue()))
    raw = _stored(publication)
    assert Image.open(io.BytesIO(raw)).format == "PNG" and b"Onaite" not in raw


def test_a_pdf_is_stored_as_it_came(staff):
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    publication = make_publication(by=staff, file=SimpleUploadedFile("straipsnis.pdf", pdf))
    assert _stored(publication) == pdf
