"""Builders of the plan area's tests: a signed-in client, the CPV vocabulary's files in
both official shapes (the XML, and the XLSX — written the way Excel writes it, with shared
strings, or with inline strings as openpyxl does), a real-size workbook, a plan with a
given number of lines, and the line form's fields."""

import io
import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from django.test import Client

from pirkimai.models import Method, PlanStatus, PurchaseKind
from pirkimai.tests.factories import CODES, make_cpv, make_plan, make_planned

__all__ = ["CODES", "LANGUAGES", "client_of", "cpv_xlsx", "cpv_xml", "line_fields",
           "load_codes", "plan_of_size", "real_size_xlsx"]

#: The official workbook's language columns, in its order.
LANGUAGES = ("BG", "CS", "DA", "DE", "EL", "EN", "ES", "ET", "FI", "FR", "GA", "HU", "IT",
             "LT", "LV", "MT", "NL", "PL", "PT", "RO", "SK", "SL", "SV", "HR")


def client_of(user) -> Client:
    client = Client()
    client.force_login(user, backend="paskyros.backends.EmailBackend")
    return client


def load_codes():
    """The shared builders' five codes in the vocabulary."""
    return {code: make_cpv(code) for code, _lt, _en in CODES}


# --- the vocabulary's files ---------------------------------------------------------------------

def cpv_xml(entries, *, root: str = "CPV_CODE", declaration: bool = True) -> bytes:
    """``entries``: (code, Lithuanian title, English title) → cpv_2008.xml's shape (with a
    German title too, as the official file has every language)."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>' if declaration else "", f"<{root}>"]
    for code, lt, en in entries:
        texts = "".join(f'<TEXT LANG="{lang}">{escape(text)}</TEXT>'
                        for lang, text in (("DE", f"{en} (de)"), ("EN", en), ("LT", lt)) if text)
        parts.append(f"<CPV CODE={quoteattr(code)}>{texts}</CPV>")
    parts.append(f"</{root}>")
    return "\n".join(parts).encode("utf-8")


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def cpv_xlsx(rows, *, header=("CODE", "LT", "EN"), shared: bool = True,
             preamble=()) -> bytes:
    """A workbook of one sheet: ``preamble`` rows, the ``header`` row, then ``rows`` (lists of
    cell values, None for an empty cell). ``shared``: strings in the shared-strings part, as
    Excel writes them; otherwise inline, as openpyxl does."""
    strings: dict[str, int] = {}
    sheet_rows = []
    for number, values in enumerate([*preamble, header, *rows], start=1):
        cells = []
        for index, value in enumerate(values):
            if value is None:
                continue
            ref = f"{_column(index)}{number}"
            if isinstance(value, (int, float, Decimal)):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            elif shared:
                position = strings.setdefault(str(value), len(strings))
                cells.append(f'<c r="{ref}" t="s"><v>{position}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>')
        sheet_rows.append(f'<row r="{number}">{"".join(cells)}</row>')
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.'
            'org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName='
            '"/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sharedStrings+xml"/></Types>'),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{package}">'
            f'<Relationship Id="rId1" Type="{rels}/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>'),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rels}">'
            '<sheets><sheet name="CPV" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{package}">'
            f'<Relationship Id="rId1" Type="{rels}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rels}/sharedStrings" Target="sharedStrings.xml"/>'
            '</Relationships>'),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>'
            f'{"".join(sheet_rows)}</sheetData></worksheet>'),
        "xl/sharedStrings.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{main}" count="{len(strings)}" '
            f'uniqueCount="{len(strings)}">'
            + "".join(f"<si><t>{escape(text)}</t></si>" for text in strings) + "</sst>"),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


def real_code(number: int) -> str:
    """A code of the right shape for a generated vocabulary (the check digit is the file's
    business: the loader checks the shape)."""
    return f"{10000000 + number * 7:08d}-{number % 10}"


def real_size_xlsx(count: int = 9454) -> bytes:
    """The official workbook's size and shape: ``count`` codes, a column per language."""
    header = ("CODE", *LANGUAGES)
    rows = [[real_code(number), *[f"Pavadinimas {number} ({language})"
                                  for language in LANGUAGES]]
            for number in range(count)]
    return cpv_xlsx(rows, header=header)


# --- plans and lines ------------------------------------------------------------------------------

def plan_of_size(year: int, count: int, *, status=PlanStatus.DRAFT, by=None):
    """A plan of ``year`` with ``count`` low-value lines spread over the quarters and the
    five codes."""
    plan = make_plan(year, status=status, by=by)
    codes = list(load_codes().values())
    for number in range(count):
        make_planned(plan, title=f"Pirkimas nr. {number + 1}", cpv=codes[number % len(codes)],
                     value=str(1000 + number), quarter=number % 4 + 1, position=number,
                     responsible=by)
    return plan


def line_fields(**changes) -> dict:
    fields = {"title": "Knygos bibliotekos fondui", "cpv": "22110000-4",
              "kind": PurchaseKind.GOODS, "estimated_value": "12 345,67 €", "quarter": "2",
              "method": Method.LOW_VALUE, "duration_months": "", "responsible": "",
              "note": ""}
    fields.update(changes)
    return {name: value for name, value in fields.items() if value is not None}
