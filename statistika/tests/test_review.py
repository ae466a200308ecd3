import io
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from statistika.models import FieldComment, Indicator, Submission, SubmissionEvent, SubmissionStatus
from statistika.scoping import form_units
from statistika.services import review
from statistika.services.campaign import SubmissionLocked, create_campaign, save_value, submit

pytestmark = pytest.mark.django_db(transaction=True)
YEAR = 2024


# Totals large enough for their parts (each part is answered 5): the checks "parts <= total".
TOTALS = {"income_total": "100", "expenses_total": "100", "expenses_acquisitions": "50",
          "population_served": "50"}


@pytest.fixture
def catalogue(db):
    from statistika.services.catalogue import install_default_catalogue

    install_default_catalogue()


@pytest.fixture
def submitted(staff, territory, librarian_a, catalogue):
    campaign = create_campaign(year=YEAR, kinds=["system"], reminder_days=[1], by=staff,
                               deadline=timezone.now() + timedelta(days=5))
    submission = campaign.submissions.get(library=territory.system_a)
    for unit in form_units(submission):
        for indicator in unit.indicators:
            raw = TOTALS.get(indicator.code, "5")
            save_value(submission=submission, library=unit.library, indicator=indicator, raw=raw,
                       not_known=False, version=None, by=librarian_a)
    return submit(submission=submission, by=librarian_a)


def loans():
    return Indicator.objects.get(code="loans")


def test_return_with_a_field_comment_then_correct_resubmit_accept(submitted, staff,
                                                                 librarian_a, territory,
                                                                 client_a):
    review.add_comment(submission=submitted, library=territory.central_a, indicator=loans(),
                       text="Ar tikrai tik 5?", by=staff)
    review.return_for_correction(submission=submitted, note="", by=staff)
    assert mail.outbox[-1].to == ["a@test.lt"]
    page = client_a.get(reverse("statistika:report_unit", args=[submitted.pk, "SVB-KRE-C"]))
    assert "Ar tikrai tik 5?" in page.content.decode()
    save_value(submission=Submission.objects.get(pk=submitted.pk), library=territory.central_a,
               indicator=loans(), raw="50", not_known=False, version=None, by=librarian_a)
    submission = submit(submission=Submission.objects.get(pk=submitted.pk), by=librarian_a)
    review.accept(submission=submission, by=staff)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ACCEPTED
    kinds = list(SubmissionEvent.objects.filter(submission=submission)
                 .values_list("kind", flat=True))
    assert kinds == ["submitted", "returned", "submitted", "accepted"]
    history = client_a.get(reverse("statistika:field_history", args=[submission.pk]),
                           {"library": territory.central_a.pk, "indicator": loans().pk})
    text = history.content.decode()
    assert "5,00" in text and "50,00" in text and "grąžinta taisyti" in text


def test_an_accepted_report_cannot_be_changed_by_the_librarian(submitted, staff, librarian_a,
                                                                territory, client_a):
    review.accept(submission=submitted, by=staff)
    with pytest.raises(SubmissionLocked):
        save_value(submission=Submission.objects.get(pk=submitted.pk), library=territory.central_a,
                   indicator=loans(), raw="7", not_known=False, version=None, by=librarian_a)
    response = client_a.post(reverse("statistika:field_save", args=[submitted.pk]), {
        "library": territory.central_a.pk, "indicator": loans().pk, "value": "7"})
    assert response.status_code == 403


def test_reopening_needs_a_reason_and_is_recorded(submitted, staff):
    from django.core.exceptions import ValidationError

    review.accept(submission=submitted, by=staff)
    with pytest.raises(ValidationError):
        review.reopen(submission=submitted, reason="  ", by=staff)
    review.reopen(submission=submitted, reason="LNB rado klaidą", by=staff)
    submitted.refresh_from_db()
    assert submitted.status == SubmissionStatus.RETURNED
    reopened = SubmissionEvent.objects.get(submission=submitted, kind="reopened")
    assert reopened.note == "LNB rado klaidą"


def test_returning_needs_a_comment_or_a_note(submitted, staff):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        review.return_for_correction(submission=submitted, note="", by=staff)


def test_a_double_accept_moves_the_report_once(submitted, staff):
    review.accept(submission=submitted, by=staff)
    with pytest.raises(SubmissionLocked):
        review.accept(submission=submitted, by=staff)
    assert SubmissionEvent.objects.filter(kind="accepted").count() == 1


def test_bulk_accept_skips_reports_with_warnings(submitted, staff, territory, put):
    put(territory.central_a, {"loans": 1}, year=YEAR - 1)   # 5 against 1: +400 %
    Indicator.objects.filter(code="loans").update(change_minimum=None)  # any change counts
    accepted, skipped = review.bulk_accept(submissions=Submission.objects.all(), by=staff)
    assert (accepted, skipped) == (0, 1)
    Submission.objects.filter(pk=submitted.pk).update(status=SubmissionStatus.SUBMITTED)
    from statistika.models import Value

    Value.objects.filter(year=YEAR - 1).delete()
    assert review.bulk_accept(submissions=Submission.objects.all(), by=staff) == (1, 0)


def test_librarians_cannot_reach_the_review(client_a, submitted):
    assert client_a.get(reverse("statistika:report_review",
                                args=[submitted.pk])).status_code == 403
    response = client_a.post(reverse("statistika:review_action", args=[submitted.pk]),
                             {"action": "accept"})
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == SubmissionStatus.SUBMITTED


def test_staff_review_page_comment_and_accept(staff_client, submitted, territory):
    page = staff_client.get(reverse("statistika:report_review_unit",
                                    args=[submitted.pk, "SVB-KRE-C"]))
    assert page.status_code == 200
    row = staff_client.post(reverse("statistika:review_comment", args=[submitted.pk]), {
        "library": territory.central_a.pk, "indicator": loans().pk, "text": "Patikrinkite"})
    assert "Patikrinkite" in row.content.decode()
    assert FieldComment.objects.count() == 1
    staff_client.post(reverse("statistika:review_action", args=[submitted.pk]),
                      {"action": "accept"})
    submitted.refresh_from_db()
    assert submitted.status == SubmissionStatus.ACCEPTED


def test_hand_off_writes_the_lnb_layout_and_marks_reports(submitted, staff, tmp_path,
                                                          territory):
    Indicator.objects.filter(code="loans").update(lnb_code="B141")
    review.accept(submission=submitted, by=staff)
    call_command("statistics_handoff", "--year", str(YEAR), "--output", str(tmp_path))
    sheet = load_workbook(tmp_path / f"{YEAR}-SVB-KRE.xlsx").active
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=2)}
    assert rows["loans"][0].value == "B141"
    assert rows["loans"][4].value == 10        # the two outlets' 5 + 5, summed for the system
    codes = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert codes == sorted(codes)
    summary = load_workbook(tmp_path / f"{YEAR}-suvestine.xlsx").active
    assert summary["A2"].value == "SVB-KRE"
    submitted.refresh_from_db()
    assert submitted.status == SubmissionStatus.HANDED_ON


def test_hand_off_zip_in_the_portal(staff_client, submitted, staff,
                                    django_capture_on_commit_callbacks):
    from ataskaitos.models import ReportJob

    review.accept(submission=submitted, by=staff)
    page = staff_client.get(reverse("statistika:handoff", args=[YEAR])).content.decode()
    assert 'value="lnb_handoff"' in page
    with django_capture_on_commit_callbacks(execute=True):
        asked = staff_client.post(reverse("ataskaitos:document_request"), {
            "kind": "lnb_handoff", "format": "zip", "year": YEAR})
    job = ReportJob.objects.get()
    assert asked["Location"] == reverse("ataskaitos:job_detail", args=[job.pk])
    response = staff_client.get(reverse("ataskaitos:job_download", args=[job.pk]))
    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()
    assert f"{YEAR}-SVB-KRE.xlsx" in names and f"{YEAR}-suvestine.xlsx" in names
