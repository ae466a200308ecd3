"""The kit's file check: the kind comes from the content, never the name (portalas.files)."""

import io
import zipfile

import pytest

from portalas.files import clean_file_name, file_kind


def _zip(parts: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(("content", "kind"), [
    (b"%PDF-1.7\n", "pdf"), (b"\xff\xd8\xff\xe0rest", "jpg"), (b"\x89PNG\r\n\x1a\nrest", "png"),
    (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "webp"),
    (_zip({"word/document.xml": "<w/>"}), "docx"), (_zip({"xl/workbook.xml": "<x/>"}), "xlsx"),
    (_zip({"mimetype": "application/vnd.oasis.opendocument.text"}), "odt"),
    (_zip({"other.txt": "x"}), None), (b"PK\x03\x04 broken", None), (b"MZ\x90\x00", None),
    (b"", None)])
def test_the_kind_is_read_from_the_content(content, kind):
    assert file_kind(content) == kind
    handle = io.BytesIO(content)
    assert file_kind(handle) == kind and handle.tell() == 0


def test_a_name_is_made_safe_with_the_extension_of_what_the_file_is():
    assert clean_file_name("C:\\Temp\\Sutartis Nr. 5 (galutinė).PDF", "pdf") == \
        "Sutartis-Nr-5-galutine.pdf"
    assert clean_file_name("nuotrauka.exe", "jpg") == "nuotrauka.jpg"
    assert clean_file_name("„“", "png", fallback="sutartis") == "sutartis.png"
