import io
import zipfile
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bibliotekos.models import Membership
from statistika.models import (
    Campaign,
    Explanation,
    Indicator,
    Submission,
    SubmissionStatus,
    Value,
    ValueChange,
)
from statistika.scoping import form_units
from statistika.selectors.campaign import field_states, outstanding, reminder_due
from statistika.services.campaign import (
    SubmissionLocked,
    create_campaign,
    extend_deadline,
    open_campaign,
    save_explanation,
    save_value,
    submit,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
YEAR = 2024


@pytest.fixture
def campaign(staff, territory):
    deadline = timezone.now() + timedelta(days=30)
    return create_campaign(year=YEAR, kinds=["system", "school"], deadline=deadline,
                           reminder_days=[3, 1], by=staff)


@pytest.fixture
def submission_a(campaign, territory):
    return Submission.objects.get(campaign=campaign, library=territory.system_a)


# Totals large enough for their parts (each part is answered 5): the checks "parts <= total".
TOTALS = {"income_total": "100", "expenses_total": "100", "expenses_acquisitions": "50",
          "population_served": "50"}


def ind(code):
    return Indicator.objects.get(code=code)


def post_field(client, submission, library, indicator, value, version=None, not_known=False):
    data = {"library": library.pk, "indicator": indicator.pk, "value": value}
    if version is not None:
        data["version"] = version
    if not_known:
        data["not_known"] = "on"
    return client.post(reverse("statistika:field_save", args=[submission.pk]), data,
                       HTTP_HX_REQUEST="true")


def fill(submission, by, skip=()):
    """Answer every field of the report with a plausible value."""
    for unit in form_units(submission):
        for indicator in unit.indicators:
            if indicator.code in skip:
                continue
            raw = TOTALS.get(indicator.code, "5")
            save_value(submission=submission, library=unit.library, indicator=indicator,
                       raw=raw, not_known=False, version=None, by=by)


# --- campaign ------------------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_opening_a_campaign_creates_reports_and_mails_the_libraries(staff, territory,
                                                                   librarian_a, settings):
    settings.PORTAL_BASE_URL = "https://regionas.example.lt"
    campaign = open_campaign(year=YEAR, kinds=["system", "school"],
                             deadline=timezone.now() + timedelta(days=20),
                             reminder_days=[3], by=staff)
    libraries = set(campaign.submissions.values_list("library__code", flat=True))
    assert libraries == {"SVB-KRE", "SVB-SKU", "MB-SKU-001"}
    assert [m.to for m in mail.outbox] == [["a@test.lt"]]
    submission = campaign.submissions.get(library=territory.system_a)
    link = f"https://regionas.example.lt/statistika/ataskaitos/{submission.pk}/"
    assert link in mail.outbox[0].body


def test_staff_open_a_campaign_on_the_page(staff_client, territory):
    deadline = (timezone.localdate() + timedelta(days=40)).isoformat()
    year = timezone.localdate().year
    response = staff_client.post(reverse("statistika:campaign_list"), {
        "year": year, "kinds": ["system", "school"], "deadline": deadline,
        "reminder_days": "7, 3, 1"})
    assert response.status_code == 302
    campaign = Campaign.objects.get(year=year)
    assert campaign.reminder_days == [7, 3, 1]
    assert timezone.localtime(campaign.deadline).strftime("%H:%M") == "23:59"


def test_a_system_reports_per_system_figures_once_and_per_outlet_ones_per_outlet(submission_a,
                                                                                 territory):
    units = form_units(submission_a)
    assert [u.library.code for u in units] == ["SVB-KRE", "SVB-KRE-C", "SVB-KRE-F01"]
    system_codes = {i.code for i in units[0].indicators}
    outlet_codes = {i.code for i in units[1].indicators}
    assert "staff" in system_codes and "loans" not in system_codes
    assert "loans" in outlet_codes and "staff" not in outlet_codes
    assert submission_a.total_fields == sum(len(u.indicators) for u in units)


# --- saving --------------------------------------------------------------------------------------

def test_a_saved_field_gets_a_version_a_trace_and_starts_the_draft(client_a, submission_a,
                                                                   territory, librarian_a):
    response = post_field(client_a, submission_a, territory.central_a, ind("loans"), "1 234", 0)
    assert response.status_code == 200
    value = Value.objects.get(library=territory.central_a, indicator__code="loans", year=YEAR)
    assert value.value == 1234 and value.version == 1 and value.updated_by == librarian_a
    change = ValueChange.objects.get(value=value)
    assert (change.old_value, change.new_value, change.submission_status) == (None, 1234,
                                                                              "not_started")
    submission_a.refresh_from_db()
    assert submission_a.status == SubmissionStatus.DRAFT and submission_a.answered == 1
    assert 'id="report-progress"' in response.content.decode()


def test_not_known_is_kept_apart_from_zero(client_a, submission_a, territory):
    post_field(client_a, submission_a, territory.central_a, ind("loans"), "", 0, not_known=True)
    post_field(client_a, submission_a, territory.central_a, ind("visits"), "0", 0)
    loans = Value.objects.get(indicator__code="loans", year=YEAR)
    visits = Value.objects.get(indicator__code="visits", year=YEAR)
    assert (loans.value, loans.known) == (None, False)
    assert (visits.value, visits.known) == (0, True)


@pytest.mark.parametrize("raw", ["dvidešimt", "12 vnt.", "12,5", "-3", "1e309", "NaN",
                                 "99999999999999999999"])
def test_bad_numbers_are_field_errors_and_nothing_is_saved(client_a, submission_a, territory, raw):
    response = post_field(client_a, submission_a, territory.central_a, ind("loans"), raw, 0)
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    assert raw.split()[0] in response.content.decode()  # what was typed stays in the field
    assert not Value.objects.filter(indicator__code="loans", year=YEAR).exists()


def test_two_people_editing_different_fields_both_keep_their_values(client_a, submission_a,
                                                                    territory, staff_client):
    post_field(client_a, submission_a, territory.central_a, ind("loans"), "100", 0)
    post_field(staff_client, submission_a, territory.central_a, ind("visits"), "200", 0)
    assert Value.objects.get(indicator__code="loans", year=YEAR).value == 100
    assert Value.objects.get(indicator__code="visits", year=YEAR).value == 200


def test_the_same_field_changed_by_both_shows_a_conflict_and_keeps_both(client_a, submission_a,
                                                                        territory, staff_client):
    post_field(client_a, submission_a, territory.central_a, ind("loans"), "100", 0)
    response = post_field(staff_client, submission_a, territory.central_a, ind("loans"), "150", 0)
    body = response.content.decode()
    assert Value.objects.get(indicator__code="loans", year=YEAR).value == 100
    assert "150" in body and "100" in body and "alert-warning" in body
    keep = post_field(staff_client, submission_a, territory.central_a, ind("loans"), "150", 1)
    assert keep.status_code == 200
    value = Value.objects.get(indicator__code="loans", year=YEAR)
    assert (value.value, value.version) == (150, 2)
    assert ValueChange.objects.filter(value=value).count() == 2


def test_a_double_save_of_the_same_value_is_harmless(client_a, submission_a, territory):
    post_field(client_a, submission_a, territory.central_a, ind("loans"), "100", 0)
    post_field(client_a, submission_a, territory.central_a, ind("loans"), "100", 0)
    value = Value.objects.get(indicator__code="loans", year=YEAR)
    assert value.version == 1 and ValueChange.objects.count() == 1


def test_a_librarian_posting_for_another_library_gets_404_and_nothing_is_stored(
        client_a, campaign, territory):
    school_submission = Submission.objects.get(campaign=campaign, library=territory.school_b)
    response = post_field(client_a, school_submission, territory.school_b, ind("loans"), "5", 0)
    assert response.status_code == 404
    submission_a = Submission.objects.get(campaign=campaign, library=territory.system_a)
    response = post_field(client_a, submission_a, territory.school_b, ind("loans"), "5", 0)
    assert response.status_code == 404
    assert not Value.objects.exists()


def test_another_librarys_report_pages_are_404(client_b, submission_a):
    for name in ("report_form", "report_submit", "report_download"):
        url = reverse(f"statistika:{name}", args=[submission_a.pk])
        assert client_b.get(url).status_code == 404


def test_a_branch_librarian_fills_only_their_outlet(submission_a, territory):
    user = UserFactory(role="librarian")
    Membership.objects.create(user=user, library=territory.branch_a, role="librarian")
    from django.test import Client

    client = Client()
    client.force_login(user)
    page = client.get(reverse("statistika:report_form", args=[submission_a.pk]))
    assert [u["unit"].library.code for u in page.context["units"]] == ["SVB-KRE-F01"]
    loans = ind("loans")
    assert post_field(client, submission_a, territory.central_a, loans, "5").status_code == 404
    assert post_field(client, submission_a, territory.branch_a, loans, "5").status_code == 200


def test_management_reads_but_cannot_save(manager_client, submission_a, territory):
    assert manager_client.get(reverse("statistika:report_form",
                                      args=[submission_a.pk])).status_code == 200
    response = post_field(manager_client, submission_a, territory.central_a, ind("loans"), "5")
    assert response.status_code == 403


def test_ten_thousand_fields_in_one_post_is_a_400(client_a, submission_a):
    data = {f"x{n}": "1" for n in range(10_000)}
    response = client_a.post(reverse("statistika:field_save", args=[submission_a.pk]), data)
    assert response.status_code == 400
    assert not Value.objects.exists()


def test_after_the_deadline_the_draft_is_kept_and_saving_says_so(client_a, submission_a,
                                                                 territory):
    post_field(client_a, submission_a, territory.central_a, ind("loans"), "100", 0)
    Campaign.objects.update(deadline=timezone.now() - timedelta(seconds=1))
    response = post_field(client_a, submission_a, territory.central_a, ind("loans"), "200", 1)
    assert "terminas baigėsi" in response.content.decode().lower()
    assert Value.objects.get(indicator__code="loans", year=YEAR).value == 100
    assert "200" in response.content.decode()


def test_staff_extend_the_deadline_for_one_report(client_a, submission_a, territory, staff):
    Campaign.objects.update(deadline=timezone.now() - timedelta(seconds=1))
    submission_a.refresh_from_db()
    extend_deadline(submission=submission_a, by=staff,
                    until=timezone.now() + timedelta(days=2))
    post_field(client_a, submission_a, territory.central_a, ind("loans"), "100", 0)
    assert Value.objects.get(indicator__code="loans", year=YEAR).value == 100


# --- checks, explanations, submission ----------------------------------------------------------

def test_change_beyond_the_threshold_warns_until_explained_and_stays_quiet(client_a, submission_a,
                                                                           territory, put):
    put(territory.central_a, {"loans": 1000}, year=YEAR - 1)
    response = post_field(client_a, submission_a, territory.central_a, ind("loans"), "1500", 0)
    assert "+50" in response.content.decode()
    explain = client_a.post(reverse("statistika:field_explain", args=[submission_a.pk]), {
        "library": territory.central_a.pk, "indicator": ind("loans").pk,
        "text": "Atidarėme naują skyrių vaikams"})
    assert "Atidarėme naują skyrių vaikams" in explain.content.decode()
    states = field_states(submission_a, form_units(submission_a))
    state = states[(territory.central_a.pk, ind("loans").pk)]
    assert state.warnings and not state.needs_explanation
    post_field(client_a, submission_a, territory.central_a, ind("loans"), "1600", 1)
    states = field_states(submission_a, form_units(submission_a))
    assert states[(territory.central_a.pk, ind("loans").pk)].needs_explanation


def test_an_unchanged_value_never_warns(submission_a, territory, put, librarian_a):
    put(territory.central_a, {"loans": 1000}, year=YEAR - 1)
    save_value(submission=submission_a, library=territory.central_a, indicator=ind("loans"),
               raw="1000", not_known=False, version=None, by=librarian_a)
    state = field_states(submission_a, form_units(submission_a))[
        (territory.central_a.pk, ind("loans").pk)]
    assert state.warnings == []


def test_a_change_outside_the_peer_band_warns(submission_a, territory, put, librarian_a):
    from bibliotekos.models import Library, LibraryKind

    for n in range(6):
        peer = Library.objects.create(code=f"P{n}", name=f"P{n}", kind=LibraryKind.CENTRAL,
                                      parent=territory.system_b,
                                      municipality=territory.municipality_b)
        put(peer, {"visits": 1000}, year=YEAR - 1)
        put(peer, {"visits": 1000 + n * 10}, year=YEAR)
    Indicator.objects.filter(code="visits").update(change_minimum=10)  # small enough here
    put(territory.central_a, {"visits": 1000}, year=YEAR - 1)
    save_value(submission=submission_a, library=territory.central_a, indicator=ind("visits"),
               raw="1200", not_known=False, version=None, by=librarian_a)
    state = field_states(submission_a, form_units(submission_a))[
        (territory.central_a.pk, ind("visits").pk)]
    assert state.band is not None
    low, high = state.band
    assert not low <= state.change_pct <= high
    assert len(state.warnings) == 1  # the band, not the 30 % threshold


def test_a_part_larger_than_its_total_is_an_error_that_blocks_submission(submission_a, territory,
                                                                         librarian_a):
    fill(submission_a, librarian_a)
    save_value(submission=submission_a, library=territory.central_a,
               indicator=ind("loans_children"), raw="50", not_known=False,
               version=None, by=librarian_a)
    left = outstanding(submission_a)
    assert any(i.code in {"loans", "loans_children"} for _u, i, _m in left.errors)
    with pytest.raises(Exception):  # noqa: B017 - ValidationError
        submit(submission=submission_a, by=librarian_a)


def test_submission_lists_what_is_left_then_submits_once(client_a, submission_a, librarian_a):
    page = client_a.get(reverse("statistika:report_submit", args=[submission_a.pk]))
    assert page.context["left"].unanswered
    fill(submission_a, librarian_a)
    first = client_a.post(reverse("statistika:report_submit", args=[submission_a.pk]))
    second = client_a.post(reverse("statistika:report_submit", args=[submission_a.pk]))
    assert first.status_code == 302 and second.status_code == 302
    submission_a.refresh_from_db()
    assert submission_a.status == SubmissionStatus.SUBMITTED
    with pytest.raises(SubmissionLocked):
        save_value(submission=submission_a, library=submission_a.library,
                   indicator=ind("staff"), raw="9", not_known=False, version=None,
                   by=librarian_a)


def test_a_post_after_acceptance_changes_nothing(client_a, submission_a, territory):
    Submission.objects.filter(pk=submission_a.pk).update(status=SubmissionStatus.ACCEPTED)
    response = post_field(client_a, submission_a, territory.central_a, ind("loans"), "5", 0)
    assert response.status_code == 403
    assert not Value.objects.exists()


# --- spreadsheet round trip ----------------------------------------------------------------------

def _download(client, submission):
    response = client.get(reverse("statistika:report_download", args=[submission.pk]))
    return load_workbook(io.BytesIO(response.content))


def _upload(client, submission, workbook_or_bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    if not isinstance(workbook_or_bytes, bytes):
        out = io.BytesIO()
        workbook_or_bytes.save(out)
        workbook_or_bytes = out.getvalue()
    return client.post(reverse("statistika:report_upload", args=[submission.pk]),
                       {"file": SimpleUploadedFile("forma.xlsx", workbook_or_bytes)})


def test_the_filled_spreadsheet_comes_back_into_the_form(client_a, submission_a, put, territory):
    put(territory.central_a, {"loans": 900}, year=YEAR - 1)
    workbook = _download(client_a, submission_a)
    assert [sheet["A1"].value for sheet in workbook.worksheets] == [
        "SVB-KRE", "SVB-KRE-C", "SVB-KRE-F01"]
    sheet = workbook.worksheets[1]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=3)}
    assert rows["loans"][3].value == 900
    rows["loans"][4].value = 1000
    rows["visits"][4].value = "12 345"
    response = _upload(client_a, submission_a, workbook)
    assert response.status_code == 302
    assert Value.objects.get(library=territory.central_a, indicator__code="loans",
                             year=YEAR).value == 1000
    assert Value.objects.get(indicator__code="visits", year=YEAR).value == 12345


def test_a_spreadsheet_with_text_in_numbers_and_another_librarys_sheet_changes_nothing(
        client_a, submission_a):
    workbook = _download(client_a, submission_a)
    central = workbook.worksheets[1]
    rows = {row[0].value: row for row in central.iter_rows(min_row=3)}
    rows["loans"][4].value = "dvidešimt"
    other = workbook.create_sheet("MB-SKU-001")
    other.append(["indicator_code", "indicator", "unit", "last_year", "value"])
    other.append(["loans", "Išduotis", "", None, 5])
    response = _upload(client_a, submission_a, workbook)
    body = response.content.decode()
    assert f"{central.title}!E" in body
    assert "MB-SKU-001" in body
    assert not Value.objects.filter(year=YEAR).exists()


def test_a_zip_bomb_is_refused_with_a_message(client_a, submission_a):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<a>" + "0" * 80_000_000 + "</a>")
    response = _upload(client_a, submission_a, buffer.getvalue())
    assert response.status_code == 200
    assert "nesaugiai" in response.content.decode() or "unsafe" in response.content.decode()
    assert not Value.objects.exists()


# --- board, query counts, reminders --------------------------------------------------------------

def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_form_page_queries_do_not_grow_with_the_data(client_a, submission_a, librarian_a,
                                                     territory):
    url = reverse("statistika:report_unit", args=[submission_a.pk, "SVB-KRE-C"])
    _queries(client_a, url)
    empty = _queries(client_a, url)
    fill(submission_a, librarian_a)
    for year in range(2015, 2024):
        for indicator in form_units(submission_a)[1].indicators[:10]:
            Value.objects.create(library=territory.central_a, indicator=indicator, year=year,
                                 value=Decimal(7))
    full = _queries(client_a, url)
    assert empty == full


def test_status_board_queries_do_not_grow_with_reports(staff_client, campaign, territory):
    url = reverse("statistika:campaign_board", args=[YEAR])
    _queries(staff_client, url)
    few = _queries(staff_client, url)
    from bibliotekos.models import Library, LibraryKind

    for n in range(40):
        library = Library.objects.create(code=f"MB-X{n}", name=f"Mokykla {n}",
                                         kind=LibraryKind.SCHOOL, school_name=f"M{n}")
        Submission.objects.create(campaign=campaign, library=library)
    assert _queries(staff_client, url) == few


def test_board_lists_late_reports_first_and_reminds_in_one_click(staff_client, campaign,
                                                                 territory, librarian_a):
    Submission.objects.filter(library=territory.school_b).update(status=SubmissionStatus.SUBMITTED)
    Campaign.objects.update(deadline=timezone.now() - timedelta(hours=1))
    page = staff_client.get(reverse("statistika:campaign_board", args=[YEAR]))
    statuses = [s.status for s in page.context["submissions"]]
    assert statuses[-1] == SubmissionStatus.SUBMITTED
    submission = Submission.objects.get(campaign=campaign, library=territory.system_a)
    staff_client.post(reverse("statistika:report_remind", args=[submission.pk]))
    submission.refresh_from_db()
    assert submission.last_reminded_at is not None
    assert mail.outbox[-1].to == ["a@test.lt"]


def test_librarians_cannot_see_the_board(client_a, campaign):
    assert client_a.get(reverse("statistika:campaign_board", args=[YEAR])).status_code == 403


def test_reminders_count_working_days_without_lithuanian_holidays(campaign):
    campaign.deadline = timezone.make_aware(datetime(2027, 1, 4, 23, 59))   # a Monday
    campaign.reminder_days = [1]
    # 2026-12-31 (Thursday) is one working day before: 2027-01-01 is a public holiday.
    assert reminder_due(campaign, date(2026, 12, 31))
    assert not reminder_due(campaign, date(2027, 1, 1))
    assert not reminder_due(campaign, date(2026, 12, 30))


def test_daily_reminders_go_only_to_libraries_that_have_not_submitted(campaign, territory,
                                                                      librarian_a, librarian_b,
                                                                      time_machine=None):
    from statistika.tasks import send_reminders

    Submission.objects.filter(library=territory.school_b).update(status=SubmissionStatus.SUBMITTED)
    today = timezone.localdate()
    campaign.deadline = timezone.make_aware(datetime.combine(today + timedelta(days=10),
                                                             datetime.min.time()))
    campaign.reminder_days = list(range(0, 20))
    campaign.save()
    send_reminders()
    recipients = sorted(address for m in mail.outbox for address in m.to)
    if today.weekday() < 5:
        assert recipients == ["a@test.lt"]
    send_reminders()  # the same day again: nobody twice
    assert sorted(address for m in mail.outbox for address in m.to) == recipients


def test_explanation_must_not_be_empty(submission_a, territory, librarian_a):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        save_explanation(submission=submission_a, library=territory.central_a,
                         indicator=ind("loans"), text="   ", by=librarian_a)
    assert not Explanation.objects.exists()
