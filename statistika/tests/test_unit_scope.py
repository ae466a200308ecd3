"""Inside a system's report a branch librarian sees and changes only their own unit; only
someone who sees every unit submits; downloads, timeline, documents, progress and error
messages follow the same rule (statistika.scoping)."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ataskaitos import services as documents
from ataskaitos.models import JobStatus
from bibliotekos.models import Membership
from statistika.models import Indicator, Submission, SubmissionStatus, Value, ValueChange
from statistika.scoping import form_units, submission_scope
from statistika.services.campaign import create_campaign, save_value, submit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
YEAR = 2024


@pytest.fixture
def campaign(staff, territory):
    return create_campaign(year=YEAR, kinds=["system", "school"],
                           deadline=timezone.now() + timedelta(days=30),
                           reminder_days=[3], by=staff)


@pytest.fixture
def submission_a(campaign, territory):
    return Submission.objects.get(campaign=campaign, library=territory.system_a)


@pytest.fixture
def branch_librarian(territory):
    user = UserFactory(role="librarian", email="filialas@test.lt", full_name="Rasa Filialė")
    Membership.objects.create(user=user, library=territory.branch_a, role="librarian")
    return user


@pytest.fixture
def branch_client(client, branch_librarian):
    client.force_login(branch_librarian, backend="paskyros.backends.EmailBackend")
    return client


def ind(code):
    return Indicator.objects.get(code=code)


def _save(submission, library, code, raw, by):
    return save_value(submission=submission, library=library, indicator=ind(code), raw=raw,
                      not_known=False, version=None, by=by)


def _workbook(client, submission):
    response = client.get(reverse("statistika:report_download", args=[submission.pk]))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def _upload(client, submission, workbook):
    from django.core.files.uploadedfile import SimpleUploadedFile

    out = io.BytesIO()
    workbook.save(out)
    return client.post(reverse("statistika:report_upload", args=[submission.pk]),
                       {"file": SimpleUploadedFile("forma.xlsx", out.getvalue())})


def test_the_scope_of_each_persona(submission_a, librarian_a, branch_librarian, staff, manager,
                                   territory):
    director = submission_scope(submission_a, librarian_a)
    branch = submission_scope(submission_a, branch_librarian)
    assert director.whole and director.can_submit
    assert [u.library for u in branch.units] == [territory.branch_a]
    assert not branch.whole and branch.can_edit and not branch.can_submit
    assert submission_scope(submission_a, staff).can_submit
    management = submission_scope(submission_a, manager)
    assert management.whole and not management.can_edit


def test_the_branch_librarian_downloads_only_their_own_sheet(branch_client, submission_a):
    workbook = _workbook(branch_client, submission_a)
    assert [sheet["A1"].value for sheet in workbook.worksheets] == ["SVB-KRE-F01"]


def test_an_upload_with_another_units_sheet_is_refused_whole_and_names_the_sheet(
        branch_client, client_a, submission_a, territory, librarian_a):
    _save(submission_a, territory.central_a, "users_registered", "250", librarian_a)
    workbook = _workbook(client_a, submission_a)  # the director's workbook, all units
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(min_row=3):
            if row[0].value == "users_registered":
                row[4].value = 111
    response = _upload(branch_client, submission_a, workbook)
    body = response.content.decode()
    assert response.status_code == 200
    assert "SVB-KRE-C" in body and "SVB-KRE" in body
    assert Value.objects.get(library=territory.central_a,
                             indicator__code="users_registered", year=YEAR).value == 250
    assert not Value.objects.filter(library=territory.branch_a, year=YEAR).exists()
    assert not Value.objects.filter(library=territory.system_a, year=YEAR).exists()


def test_the_branch_librarians_own_sheet_is_read(branch_client, submission_a, territory):
    workbook = _workbook(branch_client, submission_a)
    for row in workbook.worksheets[0].iter_rows(min_row=3):
        if row[0].value == "loans":
            row[4].value = 1200
    assert _upload(branch_client, submission_a, workbook).status_code == 302
    assert Value.objects.get(library=territory.branch_a, indicator__code="loans",
                             year=YEAR).value == 1200


def test_a_branch_librarian_cannot_save_a_sibling_units_field(branch_client, submission_a,
                                                              territory, branch_librarian):
    response = branch_client.post(reverse("statistika:field_save", args=[submission_a.pk]), {
        "library": territory.central_a.pk, "indicator": ind("loans").pk, "value": "5"})
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        _save(submission_a, territory.central_a, "loans", "5", branch_librarian)
    assert not Value.objects.exists()


def test_only_someone_who_sees_every_unit_may_submit(branch_client, submission_a, librarian_a,
                                                     branch_librarian, territory):
    from statistika.tests.test_reporting import fill

    fill(submission_a, librarian_a)
    response = branch_client.post(reverse("statistika:report_submit", args=[submission_a.pk]))
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        submit(submission=submission_a, by=branch_librarian)
    submission_a.refresh_from_db()
    assert submission_a.status == SubmissionStatus.DRAFT
    page = branch_client.get(reverse("statistika:report_submit", args=[submission_a.pk]))
    assert "director submits" in page.content.decode() or "direktorius" in \
        page.content.decode()
    submit(submission=submission_a, by=librarian_a)


def test_timeline_and_history_show_only_the_branchs_own_changes(branch_client, submission_a,
                                                                librarian_a, territory,
                                                                branch_librarian):
    _save(submission_a, territory.central_a, "loans", "900", librarian_a)
    _save(submission_a, territory.branch_a, "loans", "120", branch_librarian)
    entries = branch_client.get(reverse("statistika:report_timeline",
                                        args=[submission_a.pk])).context["entries"]
    changed = {e["change"].value.library for e in entries if "change" in e}
    assert changed == {territory.branch_a}
    history = branch_client.get(reverse("statistika:field_history", args=[submission_a.pk]), {
        "library": territory.central_a.pk, "indicator": ind("loans").pk})
    assert history.status_code == 404


def test_the_form_counts_progress_of_the_branchs_own_fields(branch_client, submission_a,
                                                            librarian_a, territory):
    _save(submission_a, territory.central_a, "loans", "900", librarian_a)
    response = branch_client.get(reverse("statistika:report_form", args=[submission_a.pk]))
    own = next(u for u in form_units(submission_a) if u.library == territory.branch_a)
    assert response.context["progress_answered"] == 0
    assert response.context["progress_total"] == len(own.indicators)
    assert [p["unit"].library for p in response.context["units"]] == [territory.branch_a]
    # A sibling's page is not theirs.
    other = branch_client.get(reverse("statistika:report_unit",
                                      args=[submission_a.pk, "SVB-KRE-C"]))
    assert other.status_code == 404


def test_the_printable_copy_has_only_the_branchs_unit(submission_a, branch_librarian, librarian_a,
                                                      territory,
                                                      django_capture_on_commit_callbacks):
    _save(submission_a, territory.central_a, "loans", "987654", librarian_a)
    with django_capture_on_commit_callbacks(execute=True):
        job = documents.request_report(kind="statistics_report",
                                       params={"report": str(submission_a.pk)}, format="xlsx",
                                       by=branch_librarian)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    book = load_workbook(job.file.open("rb"))
    cells = {str(c.value) for s in book.worksheets for row in s.iter_rows() for c in row}
    assert "987654" not in cells
    assert territory.branch_a.name[:31] in book.sheetnames or any(
        territory.branch_a.name in c for c in cells)


def test_the_returned_e_mail_quotes_only_the_recipients_remarks(
        submission_a, librarian_a, branch_librarian, staff, territory, mailoutbox,
        django_capture_on_commit_callbacks):
    from statistika.services import review
    from statistika.tests.test_reporting import fill

    fill(submission_a, librarian_a)
    submit(submission=submission_a, by=librarian_a)
    review.add_comment(submission=submission_a, library=territory.central_a, indicator=ind("loans"),
                       text="Centrinės išduotis per didelė", by=staff)
    review.add_comment(submission=submission_a, library=territory.branch_a, indicator=ind("visits"),
                       text="Patikrinkite Darbėnų filialo apsilankymus", by=staff)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        review.return_for_correction(submission=submission_a, note="Patikrinkite išduotį", by=staff)
    by_recipient = {m.to[0]: m.body for m in mailoutbox}
    assert "Patikrinkite išduotį" in by_recipient[branch_librarian.email]
    assert "Darbėnų filialo apsilankymus" in by_recipient[branch_librarian.email]
    assert "Centrinės išduotis" not in by_recipient[branch_librarian.email]
    assert "Centrinės išduotis" in by_recipient[librarian_a.email]
    assert ValueChange.objects.exists()
