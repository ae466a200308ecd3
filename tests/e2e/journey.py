"""What the browser journeys share: a signed-in page (desktop or phone), a page checked
with axe and for sideways scrolling, the success message, and the text of a downloaded PDF,
DOCX or XLSX."""

import io

from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.test_every_page import axe_violations, overflow
from tests.e2e.test_sign_in_journeys import sign_in


def new_page(browser, live_server, email=None, phone=False):
    viewport = {"width": 390, "height": 844} if phone else {"width": 1366, "height": 900}
    page = browser.new_context(locale="lt-LT", viewport=viewport,
                               accept_downloads=True).new_page()
    if email:
        sign_in(page, live_server.url, email)
        page.wait_for_url(f"{live_server.url}/")
    return page


def clean(page, where: str) -> None:
    """No axe violation and no sideways scrolling."""
    violations = axe_violations(page)
    assert not violations, f"{where} ({page.url}):\n" + "\n".join(
        f"{v['id']}: {n['target']} — {n['summary']}" for v in violations for n in v["nodes"])
    wide = overflow(page)
    assert not wide, f"{where} ({page.url}) scrolls sideways: {wide}"


def visit(page, url: str, where: str, status: int = 200):
    response = page.goto(url)
    assert response is not None and response.status == status, (where, url,
                                                                 response and response.status)
    if status == 200:
        clean(page, where)
    return response


def success(page) -> None:
    expect(page.locator(".alert-success").first).to_be_visible()


def pdf_text(data: bytes) -> str:
    assert data[:5] == b"%PDF-", data[:20]
    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def docx_text(data: bytes) -> str:
    from docx import Document

    assert data[:2] == b"PK"
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows
              for cell in row.cells]
    return " ".join(" ".join(parts).split())


def xlsx_text(data: bytes) -> str:
    book = load_workbook(io.BytesIO(data), read_only=True)
    return " ".join(str(value) for sheet in book.worksheets
                    for row in sheet.iter_rows(values_only=True) for value in row
                    if value is not None)
