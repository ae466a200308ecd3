"""LNB's codes of the indicators, valid from a year on: loading the code map (page and
command), bad rows, the preview, the list of indicators without a code, and the hand-off
and open-data import using the code of the year."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from portalas.tables import write_csv, write_xlsx
from statistika.models import Indicator, LnbCode, Submission, SubmissionStatus, Value
from statistika.selectors.lnb_codes import CodeBook, code_table
from statistika.selectors.review import handoff_files
from statistika.services.catalogue import LNB_COLUMNS, import_statistics
from statistika.services.lnb_codes import COLUMNS, import_lnb_codes

pytestmark = pytest.mark.django_db
URL = "/statistika/lnb-kodai/"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def code_file(rows, kind="csv") -> bytes:
    return write_csv(COLUMNS, rows) if kind == "csv" else write_xlsx("kodai", COLUMNS, rows)


def loans():
    return Indicator.objects.get(code="loans")


# --- the import ----------------------------------------------------------------------------------

def test_a_code_map_is_loaded_and_the_indicator_mirrors_its_latest_code(staff):
    result = import_lnb_codes(data=code_file([
        ["loans", "IS-01", 2024], ["internet_sessions", "KT-07", 2024],
        ["loans", "B141", 1990]]), by=staff)
    assert result.ok, result.errors
    assert (result.created, result.changed, result.unchanged) == (2, 0, 1)
    assert list(LnbCode.objects.filter(indicator__code="loans").order_by("valid_from")
                .values_list("valid_from", "code")) == [(1990, "B141"), (2024, "IS-01")]
    assert loans().lnb_code == "IS-01"
    assert Indicator.objects.get(code="internet_sessions").lnb_code == "KT-07"
    assert LnbCode.objects.get(code="KT-07").created_by == staff


def test_an_xlsx_code_map_loads_too():
    result = import_lnb_codes(data=code_file([["visits", "AP-1", 2024]], kind="xlsx"))
    assert result.ok, result.errors
    assert LnbCode.objects.get(indicator__code="visits", valid_from=2024).code == "AP-1"


def test_a_row_for_a_stored_start_year_replaces_that_code():
    result = import_lnb_codes(data=code_file([["loans", "IS-01", 1990]]))
    assert result.changed == 1 and result.rows[0].old == "B141"
    assert LnbCode.objects.get(indicator__code="loans").code == "IS-01"


def test_the_preview_writes_nothing():
    result = import_lnb_codes(data=code_file([["loans", "IS-01", 2024]]), dry_run=True)
    assert result.ok and result.rows[0].status == "new"
    assert not LnbCode.objects.filter(code="IS-01").exists()
    assert loans().lnb_code == "B141"


def test_bad_rows_are_named_and_nothing_is_loaded():
    result = import_lnb_codes(data=code_file([
        ["loans", "IS-01", 2024],
        ["no_such_indicator", "X-1", 2024],
        ["visits", "", 2024],
        ["events", "R-1", "sometime"],
        ["events", "R-1", 1800],
        ["loans", "IS-02", 2024],
    ]))
    assert not result.ok
    assert result.bad_rows == [3, 4, 5, 6, 7]
    messages = " ".join(e.message for e in result.errors)
    assert "no_such_indicator" in messages and "row 2" in messages
    assert not LnbCode.objects.filter(valid_from=2024).exists()


def test_one_code_for_two_indicators_in_the_same_year_is_refused():
    result = import_lnb_codes(data=code_file([["visits", "B141", 2024]]))
    assert not result.ok
    assert "loans" in result.errors[0].message and result.bad_rows == [2]
    moved = import_lnb_codes(data=code_file([["visits", "B141", 2024],
                                             ["loans", "IS-01", 2024]]))
    assert moved.ok, moved.errors        # loans gives B141 up in the same year: allowed


def test_a_file_without_the_columns_is_refused():
    result = import_lnb_codes(data=write_csv(["rodiklis", "kodas"], [["loans", "X"]]))
    assert not result.ok and "valid_from" in result.errors[0].message


# --- the code of a year --------------------------------------------------------------------------

def test_the_code_of_a_year_is_the_latest_that_started_by_then():
    import_lnb_codes(data=code_file([["loans", "IS-01", 2024], ["loans", "IS-09", 2027]]))
    book = CodeBook()
    assert [book.code(loans().pk, year) for year in (2023, 2024, 2026, 2027)] == [
        "B141", "IS-01", "IS-01", "IS-09"]
    assert book.indicator_for("IS-01", 2025) == loans()
    assert book.indicator_for("B141", 2025) is None


def test_the_missing_list_names_indicators_without_a_code_or_with_a_placeholder():
    table = code_table(2024)
    missing = {row.indicator.code for row in table["missing"]}
    placeholders = {row.indicator.code for row in table["placeholders"]}
    assert {"internet_sessions", "staff_outlet", "website_visits"} <= missing
    assert "loans" in placeholders and "loans" not in missing
    assert "website_visits" not in {row.indicator.code for row in code_table(2023)["rows"]}
    import_lnb_codes(data=code_file([["loans", "IS-01", 2024]]))
    assert "loans" not in {row.indicator.code for row in code_table(2024)["placeholders"]}
    assert "loans" in {row.indicator.code for row in code_table(2023)["placeholders"]}


# --- where the codes are used --------------------------------------------------------------------

def test_the_hand_off_uses_the_code_of_its_year(staff, territory):
    from statistika.services.campaign import create_campaign

    import_lnb_codes(data=code_file([["loans", "IS-01", 2024],
                                     ["reference_questions", "IU-1", 2024]]))
    for year in (2023, 2024):
        campaign = create_campaign(year=year, kinds=["school"], reminder_days=[],
                                   deadline=timezone.now() + timedelta(days=9), by=staff)
        Submission.objects.filter(campaign=campaign).update(status=SubmissionStatus.ACCEPTED)
        Value.objects.create(library=territory.school_b, indicator=loans(), year=year, value=7)

    def codes(year):
        sheet = load_workbook(io.BytesIO(handoff_files(year=year)[f"{year}-MB-SKU-001.xlsx"]))
        return {row[1]: row[0] for row in sheet.active.iter_rows(min_row=2, values_only=True)}

    assert codes(2024)["loans"] == "IS-01" and codes(2023)["loans"] == "B141"
    assert codes(2024)["reference_questions"] == "IU-1"
    assert "reference_questions" not in codes(2023)       # no code in 2023: left out
    assert "internet_sessions" not in codes(2024)


def test_lnb_open_data_is_matched_by_the_code_of_each_rows_year(territory):
    import_lnb_codes(data=code_file([["loans", "IS-01", 2024]]))
    rows = [[2023, "Kretingos centrinė biblioteka", "Kretingos r. sav.", "Klaipėdos apskr.",
             "Išduotis", "B141", "Išduota dokumentų", "100"],
            [2024, "Kretingos centrinė biblioteka", "Kretingos r. sav.", "Klaipėdos apskr.",
             "Išduotis", "IS-01", "Išduota dokumentų", "200"]]
    result = import_statistics(data=write_csv(LNB_COLUMNS, rows))
    assert result.ok, result.errors
    assert dict(Value.objects.filter(indicator__code="loans").values_list("year", "value")) \
        == {2023: 100, 2024: 200}
    rows[1][5] = "B141"                  # the placeholder no longer applies in 2024
    assert import_statistics(data=write_csv(LNB_COLUMNS, rows)).bad_rows == [3]


# --- the page ------------------------------------------------------------------------------------

def upload(rows):
    return SimpleUploadedFile("kodai.csv", code_file(rows), content_type="text/csv")


def test_staff_see_which_indicators_lack_a_code_in_a_year(staff_client):
    response = staff_client.get(URL, {"year": 2024})
    assert response.status_code == 200
    body = response.content.decode()
    assert "internet_sessions" in body and "laikinas" in body
    assert staff_client.get(URL, {"year": "x"}).status_code == 404


def test_staff_check_then_import_a_code_map_on_the_page(staff_client):
    checked = staff_client.post(URL, {"file": upload([["loans", "IS-01", 2024]])})
    assert checked.status_code == 200
    result = checked.context["result"]
    assert result.ok and checked.context["token"]
    assert not LnbCode.objects.filter(code="IS-01").exists()
    done = staff_client.post(URL, {"confirm": checked.context["token"]})
    assert done.status_code == 302
    assert LnbCode.objects.filter(code="IS-01", valid_from=2024).exists()
    again = staff_client.post(URL, {"confirm": checked.context["token"]})
    assert again.status_code == 302 and LnbCode.objects.filter(code="IS-01").count() == 1


def test_a_bad_file_on_the_page_lists_its_rows_and_offers_no_import(staff_client):
    response = staff_client.post(URL, {"file": upload([["nothing", "X", 2024]])})
    assert not response.context["result"].ok and not response.context["token"]
    assert "nothing" in response.content.decode()


def test_librarians_and_management_cannot_open_the_page(client_a, manager_client):
    assert client_a.get(URL).status_code == 403
    assert manager_client.get(URL).status_code == 403
    assert client_a.post(URL, {"file": upload([["loans", "IS-01", 2024]])}).status_code == 403
    assert not LnbCode.objects.filter(code="IS-01").exists()


def test_the_indicator_page_marks_a_placeholder(staff_client):
    body = staff_client.get(reverse("statistika:indicator_detail", args=["loans"])).content
    assert b"B141" in body and b"laikinas" in body


# --- the command ---------------------------------------------------------------------------------

def test_the_command_loads_checks_and_lists_missing_codes(tmp_path, capsys):
    path = tmp_path / "kodai.csv"
    path.write_bytes(code_file([["loans", "IS-01", 2024]]))
    call_command("statistics_lnb_codes", str(path), "--dry-run")
    assert not LnbCode.objects.filter(code="IS-01").exists()
    call_command("statistics_lnb_codes", str(path))
    assert LnbCode.objects.filter(code="IS-01").exists()
    call_command("statistics_lnb_codes", "--missing", "2024")
    out = capsys.readouterr().out
    assert "internet_sessions\tno code" in out and "IS-01" not in out
    bad = tmp_path / "blogi.csv"
    bad.write_bytes(code_file([["nothing", "X", 2024]]))
    with pytest.raises(CommandError):
        call_command("statistics_lnb_codes", str(bad))
    with pytest.raises(CommandError):
        call_command("statistics_lnb_codes")
