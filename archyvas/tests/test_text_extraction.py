"""Reading a document's text for search: every page of a real PDF (WeasyPrint) and the
paragraphs and table cells of a DOCX (python-docx) and an ODT, Lithuanian letters intact,
whitespace normalised; a damaged or encrypted file is ``UnreadableDocument``, and reading
stops at its caps."""

import io
import zipfile

import pytest
from pypdf import PdfReader, PdfWriter

from archyvas import text as reader
from archyvas.tests.factories import docx_bytes, pdf_bytes
from archyvas.text import UnreadableDocument, extract_text, normalise

LETTERS = "ąčęėįšųūž ĄČĘĖĮŠŲŪŽ"


def two_pages() -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<p>Pirmasis puslapis: {LETTERS}</p>"
                       "<p style='break-before: page'>Antrasis   puslapis:\tŽiniasklaida "
                       "ﬁnansai</p>").write_pdf()


def docx_with_a_table() -> bytes:
    from docx import Document

    document = Document()
    document.add_heading("Bibliotekų ataskaita", level=1)
    document.add_paragraph(f"Įvadas su raidėmis {LETTERS}.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Rodiklis"
    table.cell(0, 1).text = "Lankytojai"
    table.cell(1, 0).merge(table.cell(1, 1)).text = "Sujungtas langelis"
    document.add_paragraph("Pabaiga")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def odt(content: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
    return out.getvalue()


ODT_CONTENT = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body><office:text>'
    '<text:h>Veiklos planas</text:h>'
    '<text:p>Šiauliai<text:s text:c="3"/>ir <text:span>Žemaitija</text:span></text:p>'
    '<table:table><table:table-row><table:table-cell><text:p>Langelis ąčę</text:p>'
    '</table:table-cell></table:table-row></table:table>'
    '</office:text></office:body></office:document-content>')


def test_a_real_pdf_is_read_page_by_page_with_its_lithuanian_letters():
    text = extract_text(two_pages(), "pdf")
    assert f"Pirmasis puslapis: {LETTERS}" in text
    assert "Antrasis puslapis: Žiniasklaida finansai" in text     # spaces, the ligature
    assert text.index("Pirmasis") < text.index("Antrasis")


def test_the_factory_pdf_reads_back():
    assert extract_text(pdf_bytes("Archyvo dokumentas ūkis"), "pdf") == \
        "Archyvo dokumentas ūkis"


def test_a_docx_gives_its_paragraphs_and_table_cells_in_order():
    text = extract_text(docx_with_a_table(), "docx")
    assert text.splitlines() == ["Bibliotekų ataskaita", f"Įvadas su raidėmis {LETTERS}.",
                                 "Rodiklis", "Lankytojai", "Sujungtas langelis", "Pabaiga"]
    assert extract_text(docx_bytes("Vienas sakinys"), "docx") == "Vienas sakinys"


def test_an_odt_gives_its_headings_paragraphs_and_cells():
    text = extract_text(odt(ODT_CONTENT), "odt")
    assert text.splitlines() == ["Veiklos planas", "Šiauliai ir Žemaitija", "Langelis ąčę"]


@pytest.mark.parametrize("data", [b"%PDF-1.4 niekas", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n",
                                  b"not a pdf at all"])
def test_a_damaged_pdf_is_unreadable_not_a_crash(data):
    with pytest.raises(UnreadableDocument):
        extract_text(data, "pdf")


def test_a_truncated_pdf_is_unreadable():
    data = pdf_bytes("Nutrūkęs failas")
    with pytest.raises(UnreadableDocument):
        extract_text(data[:len(data) // 2], "pdf")


def test_an_encrypted_pdf_is_unreadable_but_one_with_an_owner_password_only_is_read():
    def encrypted(user_password: str) -> bytes:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes("Slaptas raštas"))))
        writer.encrypt(user_password, "savininkas")
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()

    with pytest.raises(UnreadableDocument, match="encrypted"):
        extract_text(encrypted("slaptazodis"), "pdf")
    assert extract_text(encrypted(""), "pdf") == "Slaptas raštas"


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_a_damaged_office_file_is_unreadable(kind):
    with pytest.raises(UnreadableDocument):
        extract_text(b"PK\x03\x04 sugadintas", kind)
    with pytest.raises(UnreadableDocument):
        extract_text(odt("<not-closed"), kind)


def test_an_empty_file_is_unreadable_and_another_kind_is_refused():
    with pytest.raises(UnreadableDocument):
        extract_text(b"", "pdf")
    with pytest.raises(ValueError, match="xlsx"):
        extract_text(b"PK", "xlsx")


def test_an_office_file_that_unpacks_too_large_is_refused_before_parsing(monkeypatch):
    monkeypatch.setattr(reader, "MAX_UNPACKED", 1000)
    with pytest.raises(UnreadableDocument, match="too large"):
        extract_text(docx_with_a_table(), "docx")


def test_reading_stops_at_the_page_and_character_caps(monkeypatch):
    data = two_pages()
    monkeypatch.setattr(reader, "MAX_PAGES", 1)
    assert "Antrasis" not in extract_text(data, "pdf")
    monkeypatch.setattr(reader, "MAX_PAGES", 10)
    monkeypatch.setattr(reader, "MAX_CHARS", 12)
    assert extract_text(data, "pdf") == "Pirmasis pus"


def test_reading_stops_when_its_time_is_up(monkeypatch):
    monkeypatch.setattr(reader, "MAX_SECONDS", -1)
    assert extract_text(two_pages(), "pdf") == ""


def test_whitespace_is_normalised_and_control_characters_dropped():
    assert normalise("  Viena\u00a0\u00a0eilutė\x00 \r\n\r\n\r\n\n  kita\t\tpastraipa \x0b") == \
        "Viena eilutė\n\nkita pastraipa"
