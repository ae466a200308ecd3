"""Every registry export imports back unchanged, whatever the text holds: quotes, commas,
semicolons, a newline, a leading formula character, Lithuanian letters."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from bibliotekos.models import (
    County,
    Library,
    LibraryKind,
    Municipality,
    MunicipalityPopulation,
    Person,
    Position,
)
from bibliotekos.services import import_registry
from portalas.tables import iter_csv_rows, read_csv, write_csv

pytestmark = pytest.mark.django_db

LETTERS = "ąčęėįšųūž ĄČĘĖĮŠŲŪŽ"
PREFIXES = "=+-@"
TABLES = ("libraries", "municipalities", "people")


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


def nasty(index: int, max_length: int) -> str:
    """Text with a leading formula character, quotes, a comma, a semicolon, a newline inside
    and Lithuanian letters, fitted to a column (short columns get a rotating slice of the
    letters)."""
    prefix = PREFIXES[index % len(PREFIXES)]
    full = f'{prefix}{index} Tauragės "Versmės", gimnazija; Nr.\n2 {LETTERS}'
    if len(full) <= max_length:
        return full
    short = f'{prefix}{index}"q",;\n'
    room = max_length - len(short)
    letters = LETTERS.replace(" ", "")
    start = (index * room) % len(letters)
    return short + (letters * 2)[start:start + room]


def nasty_email(index: int) -> str:
    if index % 4 == 3:
        return f'"@{index},a;b"@ąčęėįšųūž.lt'
    return f"{PREFIXES[index % 4]}{index}@ąčęėįšųūž.lt"


def make_everything_nasty(territory) -> None:
    County.objects.filter(pk=territory.county.pk).update(name=nasty(90, 100))
    for index, municipality in enumerate(Municipality.objects.order_by("pk")):
        Municipality.objects.filter(pk=municipality.pk).update(
            code=nasty(index, 20), name=nasty(index + 1, 100))
    MunicipalityPopulation.objects.create(municipality=territory.municipality_a, year=2026,
                                          population=39_500)
    for index, library in enumerate(Library.objects.order_by("pk")):
        Library.objects.filter(pk=library.pk).update(
            code=nasty(index, 32), name=nasty(index + 1, 255),
            school_name=nasty(index + 2, 255), address=nasty(index + 3, 255),
            phone=nasty(index, 40), company_code=nasty(index + 1, 20),
            director=nasty(index + 2, 150), email=nasty_email(index),
            website=f'https://ąčęėįšųūž.lt/{index}/"Versmės",a;b?q=ĄČĘĖĮŠŲŪŽ',
            opened=date(1965, 1, index + 1), closed=date(2021, 12, 31) if index % 2 else None)
    libraries = list(Library.objects.order_by("pk"))
    posts = [Position.objects.create(name=nasty(index + 40, 100)) for index in range(2)]
    for index in range(6):
        Person.objects.create(
            first_name=nasty(index, 80), last_name=nasty(index + 1, 80),
            position=nasty(index + 2, 150), phone=nasty(index + 3, 40),
            email=nasty_email(index), education="college" if index % 2 else "",
            library=libraries[index] if index < 5 else None,
            post=posts[index % 2] if index < 4 else None)


def snapshot() -> dict:
    models = (County, Municipality, MunicipalityPopulation, Library, Position, Person)
    rows = {model.__name__: list(model.objects.order_by("pk").values()) for model in models}
    for model in models:
        if hasattr(model, "history"):
            rows[f"{model.__name__} history"] = model.history.count()
    return rows


def export(table: str, fmt: str, via: str, client, tmp_path) -> bytes:
    if via == "command":
        path = tmp_path / f"{table}.{fmt}"
        call_command("registry_export", "--table", table, str(path), stdout=io.StringIO())
        return path.read_bytes()
    response = client.get(reverse("bibliotekos:registry_export",
                                  kwargs={"table": table, "fmt": fmt}))
    assert response.status_code == 200
    return response.content


@pytest.mark.parametrize("via", ["command", "view"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("table", TABLES)
def test_every_registry_export_imports_back_unchanged(territory, staff, staff_client, tmp_path,
                                                      table, fmt, via):
    make_everything_nasty(territory)
    before = snapshot()
    data = export(table, fmt, via, staff_client, tmp_path)
    if fmt == "csv":
        text = data.decode("utf-8-sig")
        assert '""' in text and "'=" in text and "'+" in text and "ĄČĘĖĮŠŲŪŽ" in text
    result = import_registry(data=data, by=staff)
    assert result.ok, result.errors
    assert (result.created, result.updated) == (0, 0)
    assert result.unchanged > 0
    assert snapshot() == before


def test_a_quote_first_seen_after_five_kilobytes_of_csv_imports_back_unchanged(territory,
                                                                              staff, tmp_path):
    for number in range(150):
        Library.objects.create(code=f"AAA-{number:04d}", name=f"Mokyklos biblioteka {number}",
                               kind=LibraryKind.SCHOOL, school_name=f"Mokykla {number}")
    Library.objects.create(code="ZZZ-1", name='Tauragės "Versmės" gimnazija',
                           kind=LibraryKind.SCHOOL,
                           school_name='Tauragės "Versmės", gimnazija; Nr. 2',
                           address='Prezidento g. 1, "Versmė"')
    before = snapshot()
    path = tmp_path / "libraries.csv"
    call_command("registry_export", "--table", "libraries", str(path), stdout=io.StringIO())
    data = path.read_bytes()
    assert data.index(b'"') > 5 * 1024
    for _round in range(3):
        result = import_registry(data=data, by=staff)
        assert result.ok, result.errors
        assert (result.created, result.updated) == (0, 0)
    assert snapshot() == before


def test_csv_reader_keeps_doubled_quotes_after_five_kilobytes():
    header = ["code", "name", "school_name"]
    rows = [[f"A-{n:04d}", f"Biblioteka {n}", f"Mokykla {n}"] for n in range(200)]
    rows.append(["Z-1", 'Tauragės "Versmės" gimnazija', 'Tauragės "Versmės", gimnazija'])
    data = write_csv(header, rows)
    assert data.index(b'"') > 5 * 1024
    _header, read = iter_csv_rows(data)
    last = list(read)[-1][1]
    assert last == {"code": "Z-1", "name": 'Tauragės "Versmės" gimnazija',
                    "school_name": 'Tauragės "Versmės", gimnazija'}


def test_csv_delimiter_is_decided_by_the_header_line():
    semicolons = 'code;name;school_name\nA-1;"Vardas, pavardė";"a; b"\n'.encode()
    commas = b'code,name,school_name\nA-1;x;y,"a; b; c; d",z\n'
    assert read_csv(semicolons)[0].rows == [
        (2, {"code": "A-1", "name": "Vardas, pavardė", "school_name": "a; b"})]
    assert read_csv(commas)[0].rows == [
        (2, {"code": "A-1;x;y", "name": "a; b; c; d", "school_name": "z"})]


def test_csv_in_windows_baltic_encoding_is_read_and_cells_are_trimmed():
    data = "code;name\n A-1 ;Šiaulių „Aušros“ biblioteka \n".encode("cp1257")
    header, rows = iter_csv_rows(data)
    assert header == ["code", "name"]
    assert list(rows) == [(2, {"code": "A-1", "name": "Šiaulių „Aušros“ biblioteka"})]


def test_csv_with_a_newline_inside_a_quoted_cell_keeps_it():
    data = write_csv(["code", "name"], [["A-1", "Pirma eilutė\nantra, \"trečia\""]])
    assert read_csv(data)[0].rows == [(2, {"code": "A-1",
                                           "name": "Pirma eilutė\nantra, \"trečia\""})]


@pytest.mark.parametrize("text", [
    'code,name,kind\nA-1,"Tauragės "Versmės" gimnazija",school\n',
    'code,name,kind\nA-1,"neuždaryta kabutė,school\nA-2,Kita,school\n',
])
def test_csv_quotes_that_do_not_pair_up_are_a_file_error_not_a_changed_cell(territory, text):
    result = import_registry(data=text.encode())
    assert not result.ok
    assert result.errors[0].row is None
    assert "line" in result.errors[0].message
    assert not Library.objects.filter(code__in=["A-1", "A-2"]).exists()
