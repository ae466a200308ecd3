import io
import zipfile
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from bibliotekos.models import Library, Municipality, MunicipalityPopulation, Person
from bibliotekos.selectors import LIBRARY_COLUMNS, export_rows
from bibliotekos.services import import_registry
from portalas.tables import write_csv, write_xlsx

pytestmark = pytest.mark.django_db
HEADER = LIBRARY_COLUMNS[:11]


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


def library_rows(count: int, municipality="KRE"):
    rows = [["SYS-1", "Bandomoji sistema", "system", "", municipality, "", "", "", "", "", ""]]
    for number in range(2, count + 1):
        rows.append([f"OUT-{number:04d}", f"Filialas Nr. {number}", "rural_branch", "SYS-1",
                     municipality, "", f"Kaimas {number}", f"f{number}@demo.lt",
                     "+370 600 00000", "2001-02-03", ""])
    return rows


def xlsx(rows, header=HEADER) -> bytes:
    return write_xlsx("Bibliotekos", header, rows)


def test_five_hundred_rows_with_three_bad_import_nothing_and_name_the_three(territory):
    rows = library_rows(500)
    rows[10][2] = "bibliotekėlė"          # unknown kind
    rows[200][9] = "2021-02-31"           # impossible date
    rows[499][3] = "NERA"                 # unknown parent
    before = Library.objects.count()
    result = import_registry(data=xlsx(rows))
    assert not result.ok
    assert Library.objects.count() == before
    assert result.bad_rows == [12, 202, 501]
    cells = {e.cell for e in result.errors}
    assert cells == {"Bibliotekos!C12", "Bibliotekos!J202", "Bibliotekos!D501"}


def test_the_fixed_file_imports_all_five_hundred(territory):
    result = import_registry(data=xlsx(library_rows(500)))
    assert result.ok, result.errors
    assert result.created == 500
    assert Library.objects.filter(parent__code="SYS-1").count() == 499


def test_export_then_import_changes_nothing(territory, staff):
    import_registry(data=xlsx(library_rows(50)))
    Library.objects.filter(code="OUT-0002").update(phone="=HYPERLINK(\"http://x\")",
                                                   address="Žemaičių g. 1 – ąčęėįšųūž")
    for fmt in ("xlsx", "csv"):
        header, rows = export_rows("libraries")
        rows = list(rows)
        data = write_xlsx("libraries", header, rows) if fmt == "xlsx" else write_csv(header, rows)
        result = import_registry(data=data, by=staff)
        assert result.ok, result.errors
        assert (result.created, result.updated) == (0, 0)
        assert result.unchanged == Library.objects.count()
    assert Library.objects.get(code="OUT-0002").phone == "=HYPERLINK(\"http://x\")"


def test_municipalities_and_people_round_trip(territory):
    Person.objects.create(first_name="Ona", last_name="Žukauskienė", library=territory.branch_a,
                          email="ona@demo.lt", education="college",
                          works_since=date(1998, 9, 1))
    Person.objects.create(first_name="Eglė", last_name="Naujokė", email="egle@demo.lt")
    people = list(Person.objects.order_by("pk").values())
    for table in ("municipalities", "people"):
        header, rows = export_rows(table)
        rows = list(rows)
        for data in (write_xlsx(table, header, rows), write_csv(header, rows)):
            result = import_registry(data=data)
            assert result.ok and result.created == result.updated == 0, (table, result.errors)
    assert list(Person.objects.order_by("pk").values()) == people
    header, rows = export_rows("people")
    assert [row[header.index("works_since")] for row in rows] == [date(1998, 9, 1), None]
    assert b"1998-09-01" in write_csv(*export_rows("people"))


# --- people: the first day of library work (works_since) -------------------------------------

def people_csv(*rows, header="first_name,last_name,email,works_since") -> bytes:
    return "\n".join([header, *rows]).encode()


def test_people_import_reads_the_first_day_of_library_work(territory):
    result = import_registry(data=people_csv("Ona,Onaitė,ona@demo.lt,1998-09-01",
                                             "Eglė,Eglaitė,egle@demo.lt,"))
    assert result.ok, result.errors
    assert dict(Person.objects.values_list("email", "works_since")) == {
        "ona@demo.lt": date(1998, 9, 1), "egle@demo.lt": None}
    workbook = write_xlsx("people", ["first_name", "last_name", "email", "works_since"],
                          [["Ona", "Onaitė", "ona@demo.lt", date(2001, 2, 3)]])
    assert import_registry(data=workbook).updated == 1
    assert Person.objects.get(email="ona@demo.lt").works_since == date(2001, 2, 3)


@pytest.mark.parametrize("value", ["1998.09.01", "01/09/1998", "1998-9-1", "1998-02-30",
                                   "9999-12-31"])
def test_a_bad_first_day_of_library_work_is_a_row_error_in_lithuanian(territory, value):
    with translation.override("lt"):
        result = import_registry(data=people_csv("Ona,Onaitė,ona@demo.lt,1998-09-01",
                                                 f"Eglė,Eglaitė,egle@demo.lt,{value}"))
    assert [(e.row, e.cell) for e in result.errors] == [(3, "3 eilutė, stulpelis „works_since“")]
    assert "tikėtasi datos MMMM-MM-DD formatu" in result.errors[0].message
    assert not Person.objects.exists()


def test_a_first_day_of_library_work_in_the_future_is_refused(territory):
    tomorrow = timezone.localdate() + timedelta(days=1)
    result = import_registry(data=people_csv(f"Ona,Onaitė,ona@demo.lt,{tomorrow}"))
    assert [e.row for e in result.errors] == [2]
    assert "works_since" in result.errors[0].cell
    assert result.errors[0].message == "the first day of library work cannot be in the future"
    assert not Person.objects.exists()
    today = timezone.localdate()
    assert import_registry(data=people_csv(f"Ona,Onaitė,ona@demo.lt,{today}")).ok


def test_a_people_file_without_the_column_leaves_the_first_day_as_it_is(territory):
    person = Person.objects.create(first_name="Ona", last_name="Onaitė", email="ona@demo.lt",
                                   works_since=date(1998, 9, 1))
    result = import_registry(data=people_csv(f"{person.pk},Ona,Onaitienė",
                                             header="id,first_name,last_name"))
    assert result.ok and result.updated == 1, result.errors
    person.refresh_from_db()
    assert (person.last_name, person.works_since) == ("Onaitienė", date(1998, 9, 1))
    cleared = import_registry(data=people_csv(f"{person.pk},Ona,Onaitienė,",
                                              header="id,first_name,last_name,works_since"))
    assert cleared.ok and cleared.updated == 1
    person.refresh_from_db()
    assert person.works_since is None


def test_import_updates_by_code_and_never_deletes(territory):
    rows = [["SVB-KRE", "Kretingos biblioteka (naujas pavadinimas)", "system", "", "KRE", "", "",
             "", "", "", ""]]
    result = import_registry(data=xlsx(rows))
    assert (result.created, result.updated) == (0, 1)
    assert Library.objects.get(code="SVB-KRE").name.endswith("(naujas pavadinimas)")
    assert Library.objects.filter(code="MB-SKU-001").exists()


def test_import_records_who_changed_what(territory, staff):
    rows = [["SVB-KRE", "Kretingos biblioteka", "system", "", "KRE", "", "Vilniaus g. 1", "",
             "", "", ""]]
    import_registry(data=xlsx(rows), by=staff)
    record = Library.objects.get(code="SVB-KRE").history.first()
    assert record.history_user == staff
    assert {c.field for c in record.diff_against(record.prev_record).changes} == {"name",
                                                                                  "address"}


def test_dry_run_writes_nothing(territory):
    result = import_registry(data=xlsx(library_rows(5)), dry_run=True)
    assert result.ok and result.created == 5
    assert not Library.objects.filter(code="SYS-1").exists()


def test_children_before_parents_in_the_file_still_import(territory):
    rows = library_rows(3)
    result = import_registry(data=xlsx(list(reversed(rows))))
    assert result.ok, result.errors


def test_parent_loop_is_an_error(territory):
    rows = [["A-1", "A", "central", "A-2", "KRE", "", "", "", "", "", ""],
            ["A-2", "B", "city_branch", "A-1", "KRE", "", "", "", "", "", ""]]
    result = import_registry(data=xlsx(rows))
    assert not result.ok


@pytest.mark.parametrize(("cells", "message"), [
    ({2: "service_point", 3: ""}, "system"),
    ({9: "2020-05-01", 10: "2019-01-01"}, "closed before"),
    ({7: "ne-el-pastas"}, "e-mail"),
    ({4: "XXX"}, "XXX"),
    ({0: ""}, "required"),
])
def test_bad_cells_are_named(territory, cells, message):
    rows = library_rows(2)
    for index, value in cells.items():
        rows[1][index] = value
    result = import_registry(data=xlsx(rows))
    assert not result.ok
    assert any(message in e.message or message in e.cell for e in result.errors), result.errors


def test_repeated_code_in_one_file_is_an_error(territory):
    rows = library_rows(3)
    rows[2][0] = rows[1][0]
    result = import_registry(data=xlsx(rows))
    assert any("repeats row" in e.message for e in result.errors)


def test_csv_with_semicolons_and_a_bom_is_read(territory):
    text = "\ufeff" + ";".join(HEADER) + "\n" + "SYS-9;Sistema;system;;KRE;;;;;;\n"
    result = import_registry(data=text.encode("utf-8"))
    assert result.ok, result.errors
    assert result.created == 1


def test_unknown_header_is_reported(territory):
    result = import_registry(data=b"foo,bar\n1,2\n")
    assert not result.ok
    assert "Unknown table" in result.errors[0].message or "Nežinoma" in result.errors[0].message


@pytest.mark.parametrize("data", [
    b"",
    b"%PDF-1.7 something",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,   # .xls / encrypted OLE
    b"PK\x03\x04truncated",
])
def test_files_that_are_not_tables_are_refused(territory, data):
    result = import_registry(data=data)
    assert not result.ok
    assert result.errors[0].row is None


def test_zip_bomb_is_refused_before_parsing(territory):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<a>" + "x" * 60_000_000 + "</a>")
    result = import_registry(data=buffer.getvalue())
    assert not result.ok
    assert "unsafe" in result.errors[0].message or "nesaugiai" in result.errors[0].message


def test_workbook_with_macros_is_refused(territory):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/vbaProject.bin", "macro")
    result = import_registry(data=buffer.getvalue())
    assert not result.ok and ".xlsm" in result.errors[0].message


def test_formula_without_a_cached_value_is_reported(territory):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(["SYS-1", "=UPPER(\"a\")", "system", "", "KRE", "", "", "", "", "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = import_registry(data=buffer.getvalue())
    assert not result.ok
    assert result.errors[0].cell.endswith("B2")


def test_exported_xlsx_has_typed_neutralised_text_cells(territory):
    Library.objects.filter(code="SVB-KRE").update(name="=cmd|'/c calc'!A1", phone="+370 1")
    header, rows = export_rows("libraries")
    sheet = load_workbook(io.BytesIO(write_xlsx("libraries", header, list(rows)))).active
    names = {row[1].value: row[1] for row in sheet.iter_rows(min_row=2)}
    cell = names["'=cmd|'/c calc'!A1"]
    assert cell.data_type == "s"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref


def test_population_import_replaces_a_year_and_adds_another(territory):
    rows = [["KRE", "Kretingos rajono savivaldybė", "Klaipėdos apskritis", 2025, 40_000],
            ["KRE", "Kretingos rajono savivaldybė", "Klaipėdos apskritis", 2026, 39_700]]
    result = import_registry(data=write_xlsx("m", ["municipality_code", "name", "county",
                                                   "year", "population"], rows))
    assert result.ok, result.errors
    kre = Municipality.objects.get(code="KRE")
    assert dict(kre.populations.values_list("year", "population")) == {2025: 40_000,
                                                                       2026: 39_700}


@pytest.mark.parametrize("value", ["12,5", "1e309", "-5", "dvidešimt", "99999999999999999999"])
def test_bad_population_numbers_are_cell_errors(territory, value):
    rows = [["KRE", "Kretingos rajono savivaldybė", "Klaipėdos apskritis", "2025", value]]
    result = import_registry(data=write_csv(["municipality_code", "name", "county", "year",
                                             "population"], rows))
    assert not result.ok
    assert MunicipalityPopulation.objects.get(municipality__code="KRE").population == 39_800


def test_command_exits_non_zero_and_names_the_rows(territory, tmp_path, capsys):
    rows = library_rows(4)
    rows[2][2] = "blogas"
    path = tmp_path / "bibliotekos.xlsx"
    path.write_bytes(xlsx(rows))
    with pytest.raises(CommandError):
        call_command("registry_import", str(path))
    assert "Bibliotekos!C4" in capsys.readouterr().err
    assert not Library.objects.filter(code="SYS-1").exists()


def test_export_command_writes_a_file_the_import_command_accepts(territory, tmp_path):
    path = tmp_path / "libraries.csv"
    call_command("registry_export", "--table", "libraries", str(path))
    call_command("registry_import", str(path), "--dry-run")
    assert path.read_bytes().startswith(b"\xef\xbb\xbfcode,name,kind")
