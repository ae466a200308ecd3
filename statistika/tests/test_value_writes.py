"""Every write of a value goes through one service that records it, bumps the version and
never changes a submitted or accepted report quietly; exports import back unchanged."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from statistika.models import (
    Indicator,
    Source,
    Submission,
    SubmissionEvent,
    SubmissionEventKind,
    SubmissionStatus,
    Value,
    ValueChange,
)
from statistika.services.campaign import create_campaign, save_value
from statistika.services.catalogue import import_statistics, parse_value
from statistika.services.values import OnLocked, ValueWrite, write_values
from statistika.tests.test_reporting import _download, _upload

pytestmark = pytest.mark.django_db
YEAR = 2024


@pytest.fixture
def campaign(staff, territory):
    return create_campaign(year=YEAR, kinds=["system", "school"],
                           deadline=timezone.now() + timedelta(days=30), reminder_days=[3],
                           by=staff)


@pytest.fixture
def submission_b(campaign, territory):
    return Submission.objects.get(campaign=campaign, library=territory.school_b)


def ind(code):
    return Indicator.objects.get(code=code)


def csv_file(rows, header=("year", "library_code", "indicator_code", "value")) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def accept(submission, staff):
    Submission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.ACCEPTED)
    submission.refresh_from_db()


def test_a_form_save_records_who_how_and_old_to_new(submission_b, librarian_b, territory):
    save_value(submission=submission_b, library=territory.school_b, indicator=ind("loans"),
               raw="593", not_known=False, version=0, by=librarian_b)
    value = Value.objects.get(library=territory.school_b, indicator__code="loans", year=YEAR)
    change = value.changes.get()
    assert (change.old_value, change.new_value, change.changed_by, change.source) == (
        None, Decimal(593), librarian_b, Source.FORM)
    assert value.version == 1
    submission_b.refresh_from_db()
    assert submission_b.status == SubmissionStatus.DRAFT and submission_b.answered == 1


def test_staff_import_into_an_accepted_report_is_refused_and_names_it(submission_b, librarian_b,
                                                                      staff, territory):
    save_value(submission=submission_b, library=territory.school_b, indicator=ind("loans"),
               raw="593", not_known=False, version=0, by=librarian_b)
    accept(submission_b, staff)
    data = csv_file([[YEAR, "MB-SKU-001", "loans", "777"]])
    preview = import_statistics(data=data, by=staff, dry_run=True)
    assert preview.ok and preview.changed == 1
    assert [(r.pk, n) for r, n in preview.locked_submissions] == [(submission_b.pk, 1)]
    result = import_statistics(data=data, by=staff)
    assert not result.ok and "MB-SKU-001" in result.errors[0].where
    value = Value.objects.get(library=territory.school_b, indicator__code="loans", year=YEAR)
    assert value.value == 593 and value.version == 1
    submission_b.refresh_from_db()
    assert submission_b.status == SubmissionStatus.ACCEPTED


def test_staff_may_skip_the_accepted_reports_values(submission_b, staff, territory):
    accept(submission_b, staff)
    data = csv_file([[YEAR, "MB-SKU-001", "loans", "777"], [YEAR, "SVB-SKU-C", "loans", "5"]])
    result = import_statistics(data=data, by=staff, on_locked=OnLocked.SKIP)
    assert result.ok and result.skipped_locked == 1 and result.created == 1
    assert not Value.objects.filter(library=territory.school_b).exists()


def test_staff_may_reopen_with_a_reason_and_the_librarians_stale_save_conflicts(
        submission_b, librarian_b, staff, territory):
    save_value(submission=submission_b, library=territory.school_b, indicator=ind("loans"),
               raw="593", not_known=False, version=0, by=librarian_b)
    accept(submission_b, staff)
    data = csv_file([[YEAR, "MB-SKU-001", "loans", "777"]])
    assert not import_statistics(data=data, by=staff, on_locked=OnLocked.REOPEN).ok  # no reason
    result = import_statistics(data=data, by=staff, on_locked=OnLocked.REOPEN,
                               reason="LNB pataisė išduotį")
    assert result.ok and result.changed == 1
    submission_b.refresh_from_db()
    assert submission_b.status == SubmissionStatus.RETURNED
    event = SubmissionEvent.objects.get(submission=submission_b, kind=SubmissionEventKind.REOPENED)
    assert event.note == "LNB pataisė išduotį" and event.created_by == staff
    value = Value.objects.get(library=territory.school_b, indicator__code="loans", year=YEAR)
    assert value.value == 777 and value.version == 2 and value.source == Source.IMPORT
    last = value.changes.order_by("-pk").first()
    assert (last.old_value, last.new_value, last.changed_by, last.source) == (
        Decimal(593), Decimal(777), staff, Source.IMPORT)
    # The librarian's page still showed version 1: their save is a conflict, not a loss.
    stale = save_value(submission=submission_b, library=territory.school_b,
                       indicator=ind("loans"), raw="600", not_known=False, version=1,
                       by=librarian_b)
    assert stale.conflict is not None and not stale.saved
    value.refresh_from_db()
    assert value.value == 777


def test_an_import_that_changes_nothing_records_nothing(submission_b, staff, territory):
    data = csv_file([[2023, "MB-SKU-001", "loans", "10"]])
    import_statistics(data=data, by=staff)
    again = import_statistics(data=data, by=staff)
    assert again.ok and again.unchanged == 1 and again.created == again.changed == 0
    assert ValueChange.objects.count() == 1


def test_the_statistics_export_imports_back_unchanged(tmp_path, staff, territory):
    write_values([ValueWrite(territory.school_b.pk, ind("loans").pk, 2023, Decimal("1234")),
                  ValueWrite(territory.school_b.pk, ind("visits").pk, 2023, None, known=False),
                  ValueWrite(territory.central_a.pk, ind("area_m2").pk, 2023,
                             Decimal("123.456789"))], by=staff, source=Source.IMPORT)
    before = list(Value.objects.order_by("pk").values("library", "indicator", "year", "value",
                                                       "known", "version"))
    for level in ("library", "system"):
        out = tmp_path / f"{level}.csv"
        call_command("statistics_export", "--year", "2023", "--level", level, "--output",
                     str(out), "--group", "public")
        result = import_statistics(data=out.read_bytes(), by=staff)
        assert result.ok, result.errors
        assert result.created == result.changed == 0
        if level == "system":
            assert result.skipped_levels > 0
    out = tmp_path / "school.xlsx"
    call_command("statistics_export", "--year", "2023", "--group", "school", "--format", "xlsx",
                 "--output", str(out))
    assert import_statistics(data=out.read_bytes(), by=staff).unchanged >= 2
    after = list(Value.objects.order_by("pk").values("library", "indicator", "year", "value",
                                                      "known", "version"))
    assert after == before


def test_the_minimum_is_checked_wherever_a_value_enters(submission_b, librarian_b, staff,
                                                        territory):
    area = ind("area_m2")
    assert area.value_type == "decimal" and area.minimum == 0
    with pytest.raises(ValueError):
        parse_value(area, "-5,5")
    saved = save_value(submission=submission_b, library=territory.school_b, indicator=area,
                       raw="-5", not_known=False, version=0, by=librarian_b)
    assert saved.error and not saved.saved
    result = import_statistics(data=csv_file([[2023, "MB-SKU-001", "area_m2", "-1"]]),
                               by=staff)
    assert not result.ok
    area.minimum = None
    area.save()
    assert parse_value(area, "-5")[0] == Decimal(-5)
    area.minimum = Decimal(10)
    area.save()
    with pytest.raises(ValueError, match="10"):
        parse_value(area, "9")
    assert not Value.objects.exists()


# --- the form's workbook ------------------------------------------------------------------------

def test_an_untouched_workbook_uploads_back_without_changing_anything(client_b, submission_b,
                                                                      librarian_b, territory):
    save_value(submission=submission_b, library=territory.school_b, indicator=ind("loans"),
               raw="593", not_known=False, version=0, by=librarian_b)
    save_value(submission=submission_b, library=territory.school_b, indicator=ind("visits"),
               raw="", not_known=True, version=0, by=librarian_b)
    before = list(Value.objects.values_list("indicator__code", "value", "known", "version"))
    workbook = _download(client_b, submission_b)
    sheet = next(s for s in workbook.worksheets if s["A1"].value == "MB-SKU-001")
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=3)}
    assert rows["visits"][4].value == "nežinoma"
    assert sheet.column_dimensions["F"].hidden
    assert _upload(client_b, submission_b, workbook).status_code == 302
    after = list(Value.objects.values_list("indicator__code", "value", "known", "version"))
    assert sorted(after) == sorted(before)
    assert ValueChange.objects.count() == 2


def test_a_value_changed_after_the_download_is_a_conflict_not_overwritten(
        client_b, submission_b, librarian_b, staff, territory):
    save_value(submission=submission_b, library=territory.school_b, indicator=ind("loans"),
               raw="250", not_known=False, version=0, by=librarian_b)
    workbook = _download(client_b, submission_b)
    save_value(submission=submission_b, library=territory.school_b, indicator=ind("loans"),
               raw="300", not_known=False, version=1, by=staff)
    sheet = next(s for s in workbook.worksheets if s["A1"].value == "MB-SKU-001")
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=3)}
    rows["loans"][4].value = 111
    rows["visits"][4].value = 5
    response = _upload(client_b, submission_b, workbook)
    body = response.content.decode()
    assert response.status_code == 200 and f"{sheet.title}!E" in body and "300" in body
    assert Value.objects.get(indicator__code="loans").value == 300
    assert not Value.objects.filter(indicator__code="visits").exists()


def test_a_csv_upload_says_the_form_needs_its_workbook(client_b, submission_b):
    response = _upload(client_b, submission_b, b"indicator_code,value\nloans,5\n")
    body = response.content.decode()
    assert ".xlsx" in body and "damaged" not in body and "sugadint" not in body
    assert not Value.objects.exists()


def test_an_old_workbook_without_the_version_column_is_refused_by_its_columns(
        client_b, submission_b):
    workbook = _download(client_b, submission_b)
    workbook.worksheets[0].delete_cols(6)
    response = _upload(client_b, submission_b, workbook)
    from django.utils import translation

    from statistika.selectors.campaign import xlsx_header

    with translation.override("lt"):
        version_header = xlsx_header()[-1]
    assert version_header in response.content.decode()
    assert not Value.objects.exists()


def test_the_import_page_lists_locked_reports_and_asks_what_to_do(staff_client, submission_b,
                                                                  librarian_b, staff,
                                                                  territory):
    from django.core.files.uploadedfile import SimpleUploadedFile

    save_value(submission=submission_b, library=territory.school_b, indicator=ind("loans"),
               raw="593", not_known=False, version=0, by=librarian_b)
    accept(submission_b, staff)
    url = reverse("statistika:import")
    upload = SimpleUploadedFile("a.csv", csv_file([[YEAR, "MB-SKU-001", "loans", "777"]]))
    preview = staff_client.post(url, {"file": upload})
    assert preview.context["result"].locked_submissions[0][0] == submission_b
    assert 'name="on_locked"' in preview.content.decode()
    token = preview.context["token"]
    again = staff_client.post(url, {"confirm": token, "on_locked": "reopen", "reason": " "})
    assert again.context["reason_error"] and again.context["token"]
    assert Value.objects.get(indicator__code="loans").value == 593
    done = staff_client.post(url, {"confirm": again.context["token"], "on_locked": "reopen",
                                   "reason": "Pataisyta pagal LNB"})
    assert done.status_code == 302
    assert Value.objects.get(indicator__code="loans").value == 777
    submission_b.refresh_from_db()
    assert submission_b.status == SubmissionStatus.RETURNED


def test_the_import_command_refuses_skips_or_reopens(tmp_path, submission_b, librarian_b, staff,
                                                     territory):
    from django.core.management.base import CommandError

    save_value(submission=submission_b, library=territory.school_b, indicator=ind("loans"),
               raw="593", not_known=False, version=0, by=librarian_b)
    accept(submission_b, staff)
    path = tmp_path / "a.csv"
    path.write_bytes(csv_file([[YEAR, "MB-SKU-001", "loans", "777"]]))
    with pytest.raises(CommandError):
        call_command("statistics_import", str(path))
    with pytest.raises(CommandError, match="reason"):
        call_command("statistics_import", str(path), "--locked", "reopen")
    call_command("statistics_import", str(path), "--locked", "skip")
    assert Value.objects.get(indicator__code="loans").value == 593
    call_command("statistics_import", str(path), "--locked", "reopen", "--reason", "LNB")
    assert Value.objects.get(indicator__code="loans").value == 777


def test_the_import_preview_names_the_years(staff_client, territory):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("a.csv", csv_file([[2023, "MB-SKU-001", "loans", "1"],
                                                   [2021, "MB-SKU-001", "loans", "2"]]))
    page = staff_client.post(reverse("statistika:import"), {"file": upload})
    assert "2021, 2023" in page.content.decode()
