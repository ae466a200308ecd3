"""The statistics form's details: the workbook's layout and round trip, the status line,
saving an unchanged value, and warnings that need a meaningful change."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from portalas.tables import number_format
from statistika.models import Indicator, Submission, Value, ValueChange
from statistika.selectors.campaign import XLSX_HEADER, XLSX_HEADER_ROW, xlsx_header
from statistika.services.campaign import create_campaign, save_value

pytestmark = pytest.mark.django_db
YEAR = 2024


@pytest.fixture
def campaign(staff, territory):
    return create_campaign(year=YEAR, kinds=["system", "school"],
                           deadline=timezone.now() + timedelta(days=30), reminder_days=[3, 1],
                           by=staff)


@pytest.fixture
def submission_a(campaign, territory):
    return Submission.objects.get(campaign=campaign, library=territory.system_a)


def ind(code):
    return Indicator.objects.get(code=code)


def _save(submission, library, code, raw, by, not_known=False):
    return save_value(submission=submission, library=library, indicator=ind(code), raw=raw,
                      not_known=not_known, version=None, by=by)


def _download(client, submission) -> bytes:
    response = client.get(reverse("statistika:report_download", args=[submission.pk]))
    assert response.status_code == 200
    return response.content


def _upload(client, submission, data):
    if not isinstance(data, bytes):
        out = io.BytesIO()
        data.save(out)
        data = out.getvalue()
    return client.post(reverse("statistika:report_upload", args=[submission.pk]),
                       {"file": SimpleUploadedFile("forma.xlsx", data)})


def _sheet(workbook, code):
    return next(sheet for sheet in workbook.worksheets if sheet["A1"].value == code)


def _rows(sheet):
    return {row[0].value: row for row in sheet.iter_rows(min_row=XLSX_HEADER_ROW + 1)}


# --- the workbook ---------------------------------------------------------------------------------

def test_each_sheet_is_named_after_its_unit_with_code_title_and_header(client_a, submission_a,
                                                                        territory):
    workbook = load_workbook(io.BytesIO(_download(client_a, submission_a)))
    central = _sheet(workbook, territory.central_a.code)
    assert central.title == territory.central_a.name[:31] or central.title.endswith("…")
    assert territory.central_a.name in central["B1"].value
    assert str(YEAR) in central["B1"].value
    assert [c.value for c in central[XLSX_HEADER_ROW]] == xlsx_header()
    assert len({sheet.title.casefold() for sheet in workbook.worksheets}) == len(
        workbook.worksheets)
    assert all(len(sheet.title) <= 31 for sheet in workbook.worksheets)


def test_the_header_follows_the_language(client_a, submission_a):
    with translation.override("en"):
        english = xlsx_header()
    assert english[0] == "Indicator code"
    assert XLSX_HEADER[0] == "indicator_code"


def test_counts_are_whole_numbers_with_the_indicators_format(client_a, submission_a,
                                                              territory, librarian_a, put):
    put(territory.central_a, {"loans": 46344}, year=YEAR - 1)
    _save(submission_a, territory.central_a, "loans", "46344", librarian_a)
    _save(submission_a, territory.system_a, "staff_fte", "0,86", librarian_a)
    workbook = load_workbook(io.BytesIO(_download(client_a, submission_a)))
    loans = _rows(_sheet(workbook, territory.central_a.code))["loans"]
    assert loans[4].value == 46344 and isinstance(loans[4].value, int)
    assert loans[3].value == 46344 and isinstance(loans[3].value, int)
    assert loans[4].number_format == number_format(0)
    fte = _rows(_sheet(workbook, territory.system_a.code))["staff_fte"]
    assert fte[4].value == pytest.approx(0.86)
    assert fte[4].number_format == number_format(2)


def test_a_downloaded_workbook_uploaded_unchanged_changes_nothing(client_a, submission_a,
                                                                  territory, librarian_a):
    _save(submission_a, territory.central_a, "loans", "46344", librarian_a)
    _save(submission_a, territory.central_a, "visits", "0", librarian_a)
    _save(submission_a, territory.system_a, "staff_fte", "0,86", librarian_a)
    _save(submission_a, territory.central_a, "users_registered", "", librarian_a,
          not_known=True)
    changes = ValueChange.objects.count()
    versions = dict(Value.objects.values_list("pk", "version"))
    response = _upload(client_a, submission_a, _download(client_a, submission_a))
    assert response.status_code == 302
    assert ValueChange.objects.count() == changes
    assert dict(Value.objects.values_list("pk", "version")) == versions


def test_a_workbook_downloaded_in_lithuanian_uploads_in_english(client_a, submission_a,
                                                                territory):
    client_a.cookies[settings.LANGUAGE_COOKIE_NAME] = "lt"
    workbook = load_workbook(io.BytesIO(_download(client_a, submission_a)))
    _rows(_sheet(workbook, territory.central_a.code))["loans"][4].value = 1000
    client_a.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert _upload(client_a, submission_a, workbook).status_code == 302
    assert Value.objects.get(library=territory.central_a, indicator__code="loans",
                             year=YEAR).value == 1000


def test_a_renamed_sheet_is_still_matched_by_the_code_in_a1(client_a, submission_a, territory):
    workbook = load_workbook(io.BytesIO(_download(client_a, submission_a)))
    sheet = _sheet(workbook, territory.central_a.code)
    sheet.title = "Mano lapas"
    _rows(sheet)["loans"][4].value = "1 234"
    assert _upload(client_a, submission_a, workbook).status_code == 302
    assert Value.objects.get(library=territory.central_a, indicator__code="loans",
                             year=YEAR).value == 1234


def test_an_old_layout_workbook_still_uploads(client_a, submission_a, territory, librarian_a):
    _save(submission_a, territory.central_a, "visits", "10", librarian_a)
    visits = Value.objects.get(library=territory.central_a, indicator__code="visits")
    book = Workbook()
    sheet = book.active
    sheet.title = territory.central_a.code
    sheet.append(XLSX_HEADER)
    sheet.append(["loans", "Išduotis", "fiz. vnt.", None, 46344.0, 0])
    sheet.append(["visits", "Apsilankymai", "apsil.", None, 10, visits.version])
    changes = ValueChange.objects.count()
    response = _upload(client_a, submission_a, book)
    assert response.status_code == 302
    assert Value.objects.get(library=territory.central_a, indicator__code="loans",
                             year=YEAR).value == 46344
    assert ValueChange.objects.count() == changes + 1   # loans only; visits unchanged


def test_an_error_names_the_sheet_and_cell_below_the_title(client_a, submission_a, territory):
    workbook = load_workbook(io.BytesIO(_download(client_a, submission_a)))
    sheet = _sheet(workbook, territory.central_a.code)
    row = _rows(sheet)["loans"]
    row[4].value = "daug"
    response = _upload(client_a, submission_a, workbook)
    assert response.status_code == 200
    assert f"{sheet.title}!E{row[4].row}" in response.content.decode()
    assert not Value.objects.filter(year=YEAR).exists()


def test_a_formula_like_text_in_the_unit_code_cell_is_not_a_unit(client_a, submission_a):
    workbook = load_workbook(io.BytesIO(_download(client_a, submission_a)))
    workbook.worksheets[0]["A1"].value = "=HYPERLINK(\"x\")"
    response = _upload(client_a, submission_a, workbook)
    assert response.status_code == 200
    assert not Value.objects.filter(year=YEAR).exists()


def test_a_stored_decimal_with_storage_zeros_is_not_a_change(client_a, submission_a, territory,
                                                              librarian_a):
    _save(submission_a, territory.central_a, "loans", "46344", librarian_a)
    Value.objects.filter(indicator__code="loans").update(value=Decimal("46344.000000"))
    changes = ValueChange.objects.count()
    assert _upload(client_a, submission_a, _download(client_a, submission_a)).status_code == 302
    assert ValueChange.objects.count() == changes


# --- the status line and saving an unchanged value ------------------------------------------------

def _post_field(client, submission, library, code, value, version=None):
    data = {"library": library.pk, "indicator": ind(code).pk, "value": value}
    if version is not None:
        data["version"] = version
    return client.post(reverse("statistika:field_save", args=[submission.pk]), data,
                       HTTP_HX_REQUEST="true")


@pytest.mark.parametrize("raw", ["46344", "46 344", "46344,0"])
def test_posting_the_same_value_twice_adds_no_history(client_a, submission_a, territory, raw):
    assert _post_field(client_a, submission_a, territory.central_a, "loans", "46344",
                       0).status_code == 200
    value = Value.objects.get(library=territory.central_a, indicator__code="loans")
    changes = ValueChange.objects.count()
    assert _post_field(client_a, submission_a, territory.central_a, "loans", raw,
                       value.version).status_code == 200
    assert _post_field(client_a, submission_a, territory.central_a, "loans", raw,
                       None).status_code == 200
    assert ValueChange.objects.count() == changes
    value.refresh_from_db()
    assert value.version == 1


def test_posting_an_empty_field_twice_adds_no_history(client_a, submission_a, territory):
    _post_field(client_a, submission_a, territory.central_a, "loans", "", 0)
    _post_field(client_a, submission_a, territory.central_a, "loans", "  ", 0)
    assert not ValueChange.objects.exists()


def test_posting_a_decimal_twice_adds_no_history(client_a, submission_a, territory):
    _post_field(client_a, submission_a, territory.system_a, "staff_fte", "0,86", 0)
    value = Value.objects.get(library=territory.system_a, indicator__code="staff_fte")
    _post_field(client_a, submission_a, territory.system_a, "staff_fte", "0.860",
                value.version)
    assert ValueChange.objects.count() == 1


def _input_value(client, submission, library, code) -> str:
    import re

    page = client.get(reverse("statistika:report_unit", args=[submission.pk, library.code]))
    indicator = ind(code)
    field = f'id="f-{library.pk}-{indicator.pk}-v"'
    html = page.content.decode()
    tag = html[html.index(field) - 400: html.index(field) + 800]
    return re.search(r'name="value"[^>]*?value="([^"]*)"', tag, re.S).group(1)


@pytest.mark.parametrize("language", ["en", "lt"])
def test_the_value_the_form_shows_posts_back_unchanged_in_every_language(
        client_a, submission_a, territory, librarian_a, language):
    _save(submission_a, territory.central_a, "loans", "46344", librarian_a)
    _save(submission_a, territory.system_a, "staff_fte", "12,755", librarian_a)
    changes = ValueChange.objects.count()
    client_a.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for library, code in ((territory.central_a, "loans"), (territory.system_a, "staff_fte")):
        shown = _input_value(client_a, submission_a, library, code)
        value = Value.objects.get(library=library, indicator__code=code)
        response = _post_field(client_a, submission_a, library, code, shown, value.version)
        assert response.status_code == 200
    assert ValueChange.objects.count() == changes
    assert Value.objects.get(indicator__code="loans").value == 46344
    assert Value.objects.get(indicator__code="staff_fte").value == Decimal("12.755")


@pytest.mark.parametrize("status", ["submitted", "accepted", "handed_on", "returned"])
def test_the_status_line_names_the_real_status_with_its_date(client_a, submission_a, staff,
                                                            status):
    from statistika.models import SubmissionEvent

    Submission.objects.filter(pk=submission_a.pk).update(status=status,
                                                         submitted_at=timezone.now())
    SubmissionEvent.objects.create(submission=submission_a, kind=status, created_by=staff)
    page = client_a.get(reverse("statistika:report_form", args=[submission_a.pk]))
    line = page.context["status_line"]
    assert line["status"] == status
    assert line["at"].date() == timezone.localdate()
    html = page.content.decode()
    assert f'data-status="{status}"' in html
    assert f"{timezone.localdate():%Y-%m-%d}" in html


def test_a_draft_has_no_status_line(client_a, submission_a):
    page = client_a.get(reverse("statistika:report_form", args=[submission_a.pk]))
    assert page.context["status_line"] is None
    assert "data-status=" not in page.content.decode()


# --- warnings need a meaningful change ------------------------------------------------------------

def _warnings(submission, library, code):
    from statistika.scoping import form_units
    from statistika.selectors.campaign import field_states

    states = field_states(submission, form_units(submission))
    return states[(library.pk, ind(code).pk)]


@pytest.mark.parametrize(("before", "now", "warns"), [
    ("0.86", "0.9", False),     # +4,7 %, but 0,04 of a post means nothing
    ("0.86", "2.0", True),      # +133 % and more than one post
    ("0.86", "0.86", False),    # unchanged
    ("10", "13.5", True),       # +35 % and 3,5 posts
    ("100", "100.9", False),    # below the threshold and the minimum
])
def test_a_year_on_year_warning_needs_a_meaningful_absolute_change(
        submission_a, territory, librarian_a, put, before, now, warns):
    assert ind("staff_fte").change_minimum == Decimal("1")
    put(territory.system_a, {"staff_fte": before}, year=YEAR - 1)
    _save(submission_a, territory.system_a, "staff_fte", now, librarian_a)
    state = _warnings(submission_a, territory.system_a, "staff_fte")
    assert bool(state.warnings) is warns


def test_without_a_minimum_any_change_over_the_percentage_warns(submission_a, territory,
                                                                 librarian_a, put):
    Indicator.objects.filter(code="staff_fte").update(change_minimum=None)
    put(territory.system_a, {"staff_fte": "0.5"}, year=YEAR - 1)
    _save(submission_a, territory.system_a, "staff_fte", "0.9", librarian_a)
    assert _warnings(submission_a, territory.system_a, "staff_fte").warnings


def _peers(territory, code, changes):
    """Five more libraries of the system kind with last year 100 and this year 100 + change."""
    from bibliotekos.models import Library
    from tests.factories import LibraryFactory

    peers = []
    for index, change in enumerate(changes):
        library = LibraryFactory(kind="system", code=f"SVB-P{index}",
                                 municipality=territory.system_a.municipality)
        peers.append(library)
        Value.objects.create(library=library, indicator=ind(code), year=YEAR - 1,
                             value=Decimal(100))
        Value.objects.create(library=library, indicator=ind(code), year=YEAR,
                             value=Decimal(100 + change))
    return Library.objects.filter(pk__in=[p.pk for p in peers])


@pytest.mark.parametrize(("now", "warns"), [
    ("10.9", False),   # +9 %: outside the peers' band, but 0,9 of a post is no change
    ("11.1", False),   # 1,1 posts over last year, but about half a post past the band's edge
    ("20", True),      # far outside the band and well over a post past its edge
])
def test_a_peer_band_warning_needs_the_distance_to_the_band_to_be_meaningful(
        submission_a, territory, librarian_a, put, now, warns):
    from django.core.cache import cache

    cache.clear()
    Indicator.objects.filter(code="staff_fte").update(change_threshold_pct=None)
    _peers(territory, "staff_fte", [0, 1, 1, 2, 2, 2])
    put(territory.system_a, {"staff_fte": "10"}, year=YEAR - 1)
    _save(submission_a, territory.system_a, "staff_fte", now, librarian_a)
    state = _warnings(submission_a, territory.system_a, "staff_fte")
    assert (state.band is not None) is warns
    assert bool(state.warnings) is warns


def test_the_same_peer_band_case_warns_without_a_minimum(submission_a, territory, librarian_a,
                                                          put):
    from django.core.cache import cache

    cache.clear()
    Indicator.objects.filter(code="staff_fte").update(change_threshold_pct=None,
                                                      change_minimum=None)
    _peers(territory, "staff_fte", [0, 1, 1, 2, 2, 2])
    put(territory.system_a, {"staff_fte": "10"}, year=YEAR - 1)
    _save(submission_a, territory.system_a, "staff_fte", "11.1", librarian_a)
    assert _warnings(submission_a, territory.system_a, "staff_fte").band is not None


def test_a_fresh_catalogue_has_the_smallest_meaningful_changes(db):
    from statistika.services.catalogue import install_default_catalogue

    Indicator.objects.filter(code__in=["staff_fte", "loans"]).update(change_minimum=None)
    Indicator.objects.filter(code="users_new").delete()
    install_default_catalogue()
    assert Indicator.objects.get(code="users_new").change_minimum == Decimal("10")


def test_the_indicator_form_edits_the_smallest_meaningful_change():
    from statistika.forms import IndicatorForm

    assert "change_minimum" in IndicatorForm().fields


def test_the_deadline_forms_take_an_iso_date_only():
    from statistika.forms import DeadlineForm

    today = timezone.localdate()
    assert DeadlineForm({"until": f"{today:%Y-%m-%d}"}).is_valid()
    assert not DeadlineForm({"until": f"{today:%m/%d/%Y}"}).is_valid()
    assert 'type="date"' not in str(DeadlineForm()["until"])
