from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from portalas.tables import write_csv, write_xlsx
from statistika.models import Indicator, LibraryAlias, Value
from statistika.services.catalogue import (
    LNB_COLUMNS,
    LONG_COLUMNS,
    import_statistics,
    normalize_name,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def long_file(rows, kind="csv"):
    return write_csv(LONG_COLUMNS, rows) if kind == "csv" else write_xlsx("d", LONG_COLUMNS,
                                                                          rows)


def test_long_layout_imports_and_empty_is_not_known(territory):
    result = import_statistics(data=long_file([
        [2023, "SVB-KRE-C", "loans", "12 345"], [2023, "SVB-KRE-C", "users_registered", ""],
        [2023, "SVB-KRE", "staff_fte", "12,75"], [2023, "MB-SKU-001", "visits", 900]]))
    assert result.ok, result.errors
    assert result.imported == 4 and result.not_known == 1
    assert Value.objects.get(library__code="SVB-KRE-C", indicator__code="loans").value == 12345
    assert Value.objects.get(indicator__code="staff_fte").value == Decimal("12.75")
    unknown = Value.objects.get(library__code="SVB-KRE-C", indicator__code="users_registered")
    assert unknown.value is None


def test_reimport_replaces_values_without_duplicates(territory):
    rows = [[2023, "SVB-KRE-C", "loans", 100]]
    import_statistics(data=long_file(rows))
    import_statistics(data=long_file([[2023, "SVB-KRE-C", "loans", 200]], kind="xlsx"))
    assert Value.objects.get().value == 200


@pytest.mark.parametrize(("row", "column"), [
    ([2023, "SVB-KRE-C", "nera_tokio", 1], "indicator_code"),
    ([2023, "NERA", "loans", 1], "library_code"),
    ([1700, "SVB-KRE-C", "loans", 1], "year"),
    ([2023, "SVB-KRE-C", "loans", "12 vnt."], "value"),
    ([2023, "SVB-KRE-C", "loans", "12.5"], "value"),
    ([2023, "SVB-KRE-C", "loans", "-3"], "value"),
    ([2023, "SVB-KRE-C", "loans", "#DIV/0!"], "value"),
    ([2023, "SVB-KRE-C", "loans", "1e309"], "value"),
    ([2023, "SVB-KRE-C", "loans", "99999999999999999999"], "value"),
])
def test_a_bad_row_imports_nothing_and_is_named(territory, row, column):
    good = [2022, "SVB-KRE-C", "loans", 5]
    result = import_statistics(data=long_file([good, row]))
    assert not result.ok
    assert result.bad_rows == [3]
    assert column in result.errors[0].where
    assert not Value.objects.exists()


def test_repeated_key_is_an_error(territory):
    result = import_statistics(data=long_file([[2023, "SVB-KRE-C", "loans", 1]] * 2))
    assert result.bad_rows == [3]


def test_dry_run_writes_nothing(territory):
    result = import_statistics(data=long_file([[2023, "SVB-KRE-C", "loans", 1]]), dry_run=True)
    assert result.ok and result.imported == 1
    assert not Value.objects.exists()


def lnb_rows(loans_code="B141"):
    return [
        [2022, "Kretingos centrinė biblioteka", "Kretingos r. sav.", "Klaipėdos apskr.",
         "Išduotis", loans_code, "Išduota dokumentų", "1 500"],
        [2022, "Darbėnų filialas", "Kretingos rajono savivaldybė", "Klaipėdos apskr.",
         "Išduotis", loans_code, "Išduota dokumentų", "300"],
        [2022, "Vilniaus centrinė biblioteka", "Vilniaus m. sav.", "Vilniaus apskr.",
         "Išduotis", loans_code, "Išduota dokumentų", "90000"],
        [2022, "Kazlų Rūdos biblioteka", "Kazlų Rūdos sav.", "Marijampolės apskr.",
         "Išduotis", loans_code, "Išduota dokumentų", "4000"],
    ]


@pytest.fixture
def lnb_codes(db):
    Indicator.objects.filter(code="loans").update(lnb_code="B141")


def test_lnb_layout_imports_territory_rows_and_skips_others(territory, lnb_codes):
    result = import_statistics(data=write_xlsx("lnb", LNB_COLUMNS, lnb_rows()))
    assert result.ok, result.errors
    assert result.layout == "lnb"
    assert result.imported == 2
    assert result.skipped_rows == 2 and len(result.skipped_libraries) == 2
    assert Value.objects.get(library=territory.central_a).value == 1500


def test_lnb_file_with_an_unknown_code_imports_nothing_and_names_the_row(territory, lnb_codes):
    rows = lnb_rows()
    rows[1][5] = "B999"
    result = import_statistics(data=write_csv(LNB_COLUMNS, rows))
    assert not result.ok
    assert result.bad_rows == [3]
    assert "B999" in result.errors[0].message
    assert not Value.objects.exists()
    fixed = import_statistics(data=write_csv(LNB_COLUMNS, lnb_rows()))
    assert fixed.ok and fixed.imported == 2 and fixed.skipped_rows == 2


def test_unknown_library_name_is_matched_through_an_alias(territory, lnb_codes):
    rows = lnb_rows()
    rows[1][1] = "Kretingos r. Darbėnų fil."
    result = import_statistics(data=write_csv(LNB_COLUMNS, rows))
    assert not result.ok and "alias" in result.errors[0].message
    LibraryAlias.objects.create(library=territory.branch_a, name="Kretingos r. Darbėnų fil.")
    assert import_statistics(data=write_csv(LNB_COLUMNS, rows)).ok


def test_names_are_compared_without_case_diacritics_or_abbreviations():
    assert normalize_name("Kretingos r. sav.") == normalize_name("KRETINGOS RAJONO SAVIVALDYBĖ")
    assert normalize_name("„Ąžuolyno“ gimnazija") == normalize_name("Azuolyno gimnazija")


def test_unknown_header_is_refused(territory):
    result = import_statistics(data=b"a,b,c\n1,2,3\n")
    assert not result.ok and "layout" in result.errors[0].message.lower()


def test_command_exits_non_zero_and_names_rows(territory, tmp_path, capsys):
    path = tmp_path / "history.csv"
    path.write_bytes(long_file([[2023, "SVB-KRE-C", "loans", "dvidešimt"]]))
    with pytest.raises(CommandError):
        call_command("statistics_import", str(path))
    assert 'row 2, column "value"' in capsys.readouterr().err
    path.write_bytes(long_file([[2023, "SVB-KRE-C", "loans", "20"]]))
    call_command("statistics_import", str(path), "--dry-run")
    assert not Value.objects.exists()
    call_command("statistics_import", str(path))
    assert Value.objects.get().value == 20


def test_export_then_import_round_trips(territory, tmp_path, put):
    put(territory.central_a, {"loans": 1234, "users_registered": None})
    put(territory.system_a, {"staff_fte": 12.25})
    out = tmp_path / "export.csv"
    call_command("statistics_export", "--year", "2024", "--output", str(out))
    import csv
    import io

    rows = [[r["year"], r["library_code"], r["indicator_code"], r["value"]]
            for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")))]
    result = import_statistics(data=write_csv(LONG_COLUMNS, rows))
    assert result.ok and result.imported == 3 and result.not_known == 1
    assert Value.objects.get(indicator__code="staff_fte").value == Decimal("12.25")


def test_staff_import_in_the_portal_after_a_preview(staff_client, territory):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("h.csv", long_file([[2023, "SVB-KRE-C", "loans", 7]]))
    check = staff_client.post("/statistika/importas/", {"file": upload})
    assert check.context["result"].ok and not Value.objects.exists()
    staff_client.post("/statistika/importas/", {"confirm": check.context["token"]})
    assert Value.objects.get().value == 7


def test_librarians_cannot_import_or_export(client_a):
    assert client_a.get("/statistika/importas/").status_code == 403
    assert client_a.get("/statistika/eksportas/").status_code == 403
