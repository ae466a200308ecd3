"""``ataskaitos.xlsx_stream``: what it writes reads back — in openpyxl (normal and read-only
mode) and through LibreOffice — as the values and types written: numbers as numbers, texts
exactly (Lithuanian letters, emoji, markup, a leading "="), an empty cell where None was,
columns past Z and AZ, characters XML cannot hold removed."""

import csv
import io
import math
import subprocess
import zipfile
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from ataskaitos.xlsx_stream import (
    MAX_COLUMNS,
    Sheet,
    column_letter,
    sheet_name,
    workbook_bytes,
    write_workbook,
)
from conftest import require_program

WIDTH = 70                       # past Z (26) and AZ (52)
TEXTS = ["ąčęėįšųūž ĄČĘĖĮŠŲŪŽ", "knygos 📚😀", "<b>Daugiau</b>", "A & B &amp; C",
         "]]> <![CDATA[x]]>", "=SUM(A1:A2)", "+370 600", "-2", "@kažkas",
         "  tarpai abiejuose galuose  ", "eilutė\nantra\tstulpelis", 'kabutės " ir \'',
         "", "_x0041_ lieka kaip parašyta"]
NUMBERS = [0, 1, -7, 12345678901, 2**53, Decimal("34.5"), Decimal("10"), Decimal("-0.125"),
           Decimal("1E+3"), Decimal("0.0000001"), 1.25, -0.001, 1e20, 3.141592653589793]


def _row(n: int) -> list:
    """Row ``n`` of the table: a mix of every type, empty cells in the middle."""
    values = [*TEXTS, *NUMBERS, True, False]
    row = [values[(n + i) % len(values)] for i in range(WIDTH)]
    for i in range(n % 5 + 3, WIDTH, 7):
        row[i] = None
    row[0] = n
    return row


HEADER = [f"stulpelis {column_letter(i)}" for i in range(1, WIDTH + 1)]
ROWS = [_row(n) for n in range(1, 41)]


def _expected(value):
    """What a cell holding ``value`` reads back as (openpyxl)."""
    if isinstance(value, str) and value == "":
        return None         # an empty text is an empty cell (as openpyxl writes it too)
    return value


def _same(read, written) -> bool:
    if isinstance(written, bool):
        return read is written
    if isinstance(written, (int, Decimal)):
        return (isinstance(read, (int, float)) and not isinstance(read, bool)
                and Decimal(str(read)) == Decimal(written)
                and (isinstance(read, int) or not isinstance(written, int)))
    if isinstance(written, float):
        return isinstance(read, float) and read == written
    return read == _expected(written) and type(read) is type(_expected(written))


@pytest.fixture(scope="module")
def data() -> bytes:
    return workbook_bytes([Sheet("Duomenys", HEADER, ROWS),
                           Sheet("Antras lapas", ["a", "b"], iter([[1, "du"], [None, 3]]))])


@pytest.mark.parametrize("read_only", [False, True], ids=["normal", "read-only"])
def test_every_cell_reads_back_as_written(data, read_only):
    book = load_workbook(io.BytesIO(data), read_only=read_only)
    assert book.sheetnames == ["Duomenys", "Antras lapas"]
    sheet = book["Duomenys"]
    lines = [list(line) for line in sheet.iter_rows(values_only=True)]
    assert lines[0] == HEADER
    assert len(lines) == len(ROWS) + 1
    for number, (line, row) in enumerate(zip(lines[1:], ROWS, strict=True), start=2):
        line += [None] * (len(row) - len(line))         # read-only: trailing empties
        for column, (read, written) in enumerate(zip(line, row, strict=True), start=1):
            assert _same(read, written), (f"{get_column_letter(column)}{number}", read,
                                          written)
    second = [list(line) for line in book["Antras lapas"].iter_rows(values_only=True)]
    assert second == [["a", "b"], [1, "du"], [None, 3]]
    book.close()


def test_cells_have_their_types_and_the_header_is_bold_and_frozen(data):
    book = load_workbook(io.BytesIO(data))
    sheet = book["Duomenys"]
    assert sheet.freeze_panes == "A2"
    assert sheet.max_column == WIDTH and sheet.max_row == len(ROWS) + 1
    assert all(cell.font.b for cell in sheet[1])
    assert not any(cell.font.b for cell in sheet[2])
    assert get_column_letter(WIDTH) == "BR" and sheet["BR1"].value == "stulpelis BR"
    kinds = {}
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            kinds.setdefault(type(cell.value), set()).add(cell.data_type)
    assert kinds[str] == {"s"}                   # "=SUM(A1:A2)" too: text, never a formula
    assert kinds[int] == kinds[float] == {"n"}
    assert kinds[bool] == {"b"}
    formula = next(c for line in sheet.iter_rows() for c in line if c.value == "=SUM(A1:A2)")
    assert formula.data_type == "s"


def test_the_same_cells_as_openpyxl_writes(data):
    """Against openpyxl's own file of the same rows: every value read back alike."""
    theirs = Workbook(write_only=True)
    sheet = theirs.create_sheet("Duomenys")
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    out = io.BytesIO()
    theirs.save(out)

    def cells(content):
        """Rows without their trailing empty cells (openpyxl's file has no dimension)."""
        book = load_workbook(io.BytesIO(content), read_only=True)
        found = []
        for line in book["Duomenys"].iter_rows(values_only=True):
            line = list(line)
            while line and line[-1] is None:
                line.pop()
            found.append(line)
        book.close()
        return found

    assert cells(data) == cells(out.getvalue())


def test_characters_xml_cannot_hold_are_removed_the_rest_kept():
    text = "a\x00b\x01c\x08d\x0be\x0cf\x1fg\ud800h\ufffei\uffffj\tk\nl\rm"
    book = load_workbook(io.BytesIO(workbook_bytes([Sheet("S", None, [[text, "x\r\ny"]])])))
    assert book.active["A1"].value == "abcdefghij\tk\nl\rm"
    assert book.active["B1"].value == "x\r\ny"


def test_dates_numbers_that_are_not_finite_and_long_texts():
    when = datetime(2025, 3, 1, 12, 30, 5)
    book = load_workbook(io.BytesIO(workbook_bytes([Sheet("S", ["d", "dt", "old"], [
        [date(2025, 3, 1), when, date(1900, 1, 15)],
        [float("nan"), Decimal("Infinity"), "x" * 40_000]])])))
    sheet = book.active
    assert sheet["A2"].value == datetime(2025, 3, 1) and sheet["A2"].number_format == (
        "yyyy-mm-dd")
    assert sheet["B2"].value == when and sheet["B2"].is_date
    assert sheet["C2"].value == datetime(1900, 1, 15)
    assert sheet["A3"].value == "#NUM!" and sheet["A3"].data_type == "e"
    assert sheet["B3"].value == "#NUM!"
    assert sheet["C3"].value == "x" * 32_767               # Excel's limit for a cell
    with pytest.raises(TypeError, match="time zones"):
        workbook_bytes([Sheet("S", None, [[datetime(2025, 1, 1, tzinfo=UTC)]])])
    with pytest.raises(TypeError):
        workbook_bytes([Sheet("S", None, [[timedelta(days=1)]])])


def test_column_letters_as_excel_counts_them():
    assert [column_letter(i) for i in (1, 26, 27, 52, 53, 702, 703, MAX_COLUMNS)] == [
        "A", "Z", "AA", "AZ", "BA", "ZZ", "AAA", "XFD"]
    assert all(column_letter(i) == get_column_letter(i) for i in range(1, MAX_COLUMNS + 1))
    with pytest.raises(ValueError):
        workbook_bytes([Sheet("S", None, [[1] * (MAX_COLUMNS + 1)])])


def test_sheet_names_are_escaped_cut_and_unique():
    used: set[str] = set()
    assert sheet_name("Atsakymai: 2025/03 [visi]?", used) == "Atsakymai  2025 03  visi"
    long = "Kretingos rajono savivaldybės viešoji biblioteka"
    first = sheet_name(long, used)
    assert len(first) <= 31 and long.startswith(first)
    second = sheet_name(long, used)
    assert second.endswith(" (2)") and len(second) <= 31
    names = ["A & <B> \"C\"", long, long]
    book = load_workbook(io.BytesIO(workbook_bytes([Sheet(n, None, [[1]]) for n in names])))
    assert book.sheetnames == ["A & <B> \"C\"", first, second]


def test_a_valid_zip_streamed_compressed(tmp_path):
    path = tmp_path / "lentele.xlsx"
    write_workbook(path, [Sheet("S", HEADER, (row for row in ROWS * 50))])
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        assert {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml",
                "xl/_rels/workbook.xml.rels", "xl/styles.xml",
                "xl/worksheets/sheet1.xml"} <= set(names)
        sheet = archive.getinfo("xl/worksheets/sheet1.xml")
        assert sheet.compress_type == zipfile.ZIP_DEFLATED
        assert sheet.compress_size < sheet.file_size / 5
    book = load_workbook(path, read_only=True)
    assert sum(1 for _ in book.active.iter_rows()) == len(ROWS) * 50 + 1
    book.close()


def test_libreoffice_opens_it(data, tmp_path):
    """LibreOffice converts the first sheet to CSV: the same texts and numbers."""
    program = require_program("soffice", "libreoffice")
    path = tmp_path / "lentele.xlsx"
    rows = [[value.replace("\r", "") if isinstance(value, str) else value for value in row]
            for row in ROWS]
    path.write_bytes(workbook_bytes([Sheet("Duomenys", HEADER, rows)]))
    subprocess.run([program, f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                    "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1",
                    "--outdir", str(tmp_path / "lo"), str(path)],
                   capture_output=True, check=True, timeout=180)
    text = (tmp_path / "lo" / "lentele.csv").read_text(encoding="utf-8")
    lines = list(csv.reader(io.StringIO(text, newline="")))
    assert lines[0] == HEADER
    assert len(lines) == len(rows) + 1
    for line, row in zip(lines[1:], rows, strict=True):
        line += [""] * (len(row) - len(line))
        for shown, written in zip(line, row, strict=True):
            if written is None or written == "":
                assert shown == ""
            elif isinstance(written, bool):
                assert shown == ("TRUE" if written else "FALSE")
            elif isinstance(written, (int, float, Decimal)):     # 15 digits, as shown
                assert math.isclose(float(shown), float(written), rel_tol=1e-14), (
                    shown, written)
            else:
                assert shown == written
