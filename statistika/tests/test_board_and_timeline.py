"""The department's campaign board (filter, sort, pages, status counts, bulk acceptance of
what the filter lists) and a report's timeline (an upload is one entry; unit and person
filters stay within the person's scope)."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bibliotekos.models import Library, LibraryKind, Membership
from statistika.models import Indicator, Submission, SubmissionStatus, ValueChange
from statistika.services.campaign import create_campaign, save_value
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
YEAR = 2024


@pytest.fixture
def campaign(staff, territory):
    return create_campaign(year=YEAR, kinds=["system", "school"],
                           deadline=timezone.now() + timedelta(days=30),
                           reminder_days=[3], by=staff)


@pytest.fixture
def schools(campaign, territory):
    """Twelve more school reports: six in each municipality, with statuses and progress."""
    made = []
    for n in range(12):
        municipality = territory.municipality_a if n % 2 else territory.municipality_b
        library = Library.objects.create(code=f"MB-T{n:02}", name=f"Mokykla {n:02}",
                                         kind=LibraryKind.SCHOOL, school_name=f"M{n}",
                                         municipality=municipality)
        made.append(Submission.objects.create(
            campaign=campaign, library=library, answered=n, total_fields=20,
            status=SubmissionStatus.SUBMITTED if n % 3 == 0 else SubmissionStatus.DRAFT))
    return made


def board(client, **params):
    response = client.get(reverse("statistika:campaign_board", args=[YEAR]), params)
    assert response.status_code == 200
    return response


def test_the_board_filtered_to_one_municipality_and_status_lists_only_those(
        staff_client, schools, territory):
    response = board(staff_client, municipality=territory.municipality_a.pk, status="submitted")
    rows = list(response.context["submissions"])
    expected = {s.pk for s in schools
                if s.library.municipality == territory.municipality_a and s.status == "submitted"}
    assert {s.pk for s in rows} == expected and expected
    assert response.context["board"].matching == len(expected)
    # The status counts are for the rest of the filter: every status of that municipality.
    counts = dict(response.context["board"].counts)
    in_municipality = Submission.objects.filter(library__municipality=territory.municipality_a)
    assert counts[SubmissionStatus.DRAFT] == in_municipality.filter(status="draft").count()
    assert counts[SubmissionStatus.SUBMITTED] == len(expected)


def test_the_board_takes_several_statuses_a_kind_and_a_search(staff_client, schools):
    both = board(staff_client, status=["submitted", "draft"], kind="school")
    assert {s.status for s in both.context["submissions"]} == {"submitted", "draft"}
    assert all(s.library.kind == "school" for s in both.context["submissions"])
    found = board(staff_client, q="mb-t07")
    assert [s.library.code for s in found.context["submissions"]] == ["MB-T07"]


def test_a_board_that_matches_nothing_says_so(staff_client, schools):
    response = board(staff_client, q="no such library")
    assert list(response.context["submissions"]) == []
    assert 'id="board-empty"' in response.content.decode()


def test_invalid_parameters_fall_back_to_the_whole_board(staff_client, schools, campaign):
    response = board(staff_client, municipality="x", status="nonsense", sort="evil",
                     per_page="7", page="999")
    assert response.context["board"].matching == campaign.submissions.count()
    assert response.context["sort"] == "status"


def test_the_board_sorts_by_progress_both_ways(staff_client, schools):
    up = [s.pk for s in board(staff_client, kind="school", sort="progress",
                              per_page=100).context["submissions"]]
    down = [s.pk for s in board(staff_client, kind="school", sort="-progress",
                                per_page=100).context["submissions"]]
    ratio = {s.pk: s.answered / s.total_fields for s in Submission.objects.filter(pk__in=up)}
    assert [ratio[pk] for pk in down] == sorted(ratio.values(), reverse=True)
    assert [ratio[pk] for pk in up] == sorted(ratio.values())


def test_sort_and_page_links_keep_the_filter(staff_client, schools, territory):
    skuodas = territory.municipality_b
    response = board(staff_client, municipality=skuodas.pk, per_page=25, sort="name")
    body = response.content.decode()
    assert f"municipality={territory.municipality_b.pk}" in body.split('id="board-table"')[1]
    assert "sort=-name" in body  # the column's link turns the order round, filter kept
    # Pages: 25 per page over more reports than that, filter kept in the next link.
    for n in range(30):
        library = Library.objects.create(code=f"MB-P{n:02}", name=f"Puslapis {n:02}",
                                         kind=LibraryKind.SCHOOL, school_name=f"P{n}",
                                         municipality=territory.municipality_b)
        Submission.objects.create(campaign=schools[0].campaign, library=library)
    first = board(staff_client, municipality=territory.municipality_b.pk, per_page=25, sort="name")
    page = first.context["page_obj"]
    assert page.paginator.num_pages == 2 and len(page.object_list) == 25
    html = first.content.decode()
    assert "page=2" in html and f"municipality={skuodas.pk}&amp;per_page=25" in html
    second = board(staff_client, municipality=territory.municipality_b.pk, per_page=25, sort="name",
                   page=2)
    names = [s.library.name for s in list(page.object_list) + list(second.context["submissions"])]
    assert len(names) == len(set(names)) == page.paginator.count


def test_the_progress_cell_does_not_wrap(staff_client, schools):
    body = board(staff_client).content.decode()
    assert "0&nbsp;%" in body or "5&nbsp;%" in body
    assert '<td class="text-nowrap"><progress' in body


def _queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        board(client, **params)
    return len(queries)


def _add_reports(campaign, territory, count, prefix):
    for n in range(count):
        library = Library.objects.create(code=f"{prefix}{n:02}", name=f"{prefix} {n:02}",
                                         kind=LibraryKind.SCHOOL, school_name=f"{prefix}{n}",
                                         municipality=territory.municipality_a)
        Submission.objects.create(campaign=campaign, library=library)


@pytest.mark.parametrize("params", [{}, {"status": ["draft", "not_started"], "sort": "-changed",
                                         "q": "MB"}])
def test_the_board_costs_the_same_queries_for_10_or_40_reports(staff_client, campaign,
                                                                 territory, params):
    _add_reports(campaign, territory, 7, "TEN")          # 3 from the territory + 7
    _queries(staff_client, **params)
    ten = _queries(staff_client, **params, per_page=100)
    _add_reports(campaign, territory, 30, "FORTY")
    assert campaign.submissions.count() == 40
    assert _queries(staff_client, **params, per_page=100) == ten


def test_bulk_acceptance_acts_on_the_filtered_reports_only(staff_client, schools, territory):
    response = staff_client.post(reverse("statistika:bulk_accept", args=[YEAR]),
                                 {"municipality": territory.municipality_a.pk,
                                  "status": "submitted", "sort": "name"})
    assert response.status_code == 302
    assert f"municipality={territory.municipality_a.pk}" in response["Location"]
    assert "sort=name" in response["Location"]
    for submission in schools:
        submission.refresh_from_db()
        was_submitted = int(submission.library.code[-2:]) % 3 == 0
        if submission.library.municipality == territory.municipality_a and was_submitted:
            assert submission.status == SubmissionStatus.ACCEPTED
        elif was_submitted:
            assert submission.status == SubmissionStatus.SUBMITTED


def test_librarians_and_management_reach_the_board_as_before(client_a, manager_client,
                                                             campaign):
    url = reverse("statistika:campaign_board", args=[YEAR])
    assert client_a.get(url).status_code == 403
    assert manager_client.get(url).status_code == 200
    assert client_a.post(reverse("statistika:bulk_accept", args=[YEAR])).status_code == 403


# --- the timeline -----------------------------------------------------------------------------

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


def _upload(client, submission, *, start=1000) -> int:
    """Download the report as XLSX, fill in every numeric field, upload it through the
    report's upload (the real service); the number of values written."""
    response = client.get(reverse("statistika:report_download", args=[submission.pk]))
    workbook = load_workbook(io.BytesIO(response.content))
    decimals = dict(Indicator.objects.values_list("code", "decimals"))
    filled = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(min_row=3):
            if row[0].value in decimals:
                row[4].value = start + filled
                filled += 1
    out = io.BytesIO()
    workbook.save(out)
    response = client.post(reverse("statistika:report_upload", args=[submission.pk]),
                           {"file": SimpleUploadedFile("forma.xlsx", out.getvalue())})
    assert response.status_code == 302, response.content.decode()[:2000]
    return filled


def timeline(client, submission, **params):
    return client.get(reverse("statistika:report_timeline", args=[submission.pk]), params)


def test_an_upload_is_one_expandable_entry_with_the_count_of_its_values(
        client_a, submission_a, librarian_a, territory):
    written = _upload(client_a, submission_a)
    stored = ValueChange.objects.filter(changed_by=librarian_a, source="upload").count()
    assert written == stored > 40
    response = timeline(client_a, submission_a)
    entries = response.context["entries"]
    assert len(entries) == 1
    entry = entries[0]
    assert entry.is_batch and entry.count == stored and entry.source == "upload"
    assert entry.who == librarian_a and len(entry.units) == 3
    assert len(entry.changes) == 20 and entry.more == stored - 20
    body = response.content.decode()
    assert body.count("<details") == 1 and f'data-count="{stored}"' in body
    assert f"batch={entry.key}" in body
    # "Show all" lists every change of that upload, a hundred a page.
    every = timeline(client_a, submission_a, batch=entry.key)
    assert every.context["timeline"].batch.count == stored
    assert len(every.context["page_obj"].object_list) == min(100, stored)


def test_single_edits_stay_single_and_counts_print_without_decimals(
        client_a, submission_a, librarian_a, staff, territory):
    loans = Indicator.objects.get(code="loans")
    assert loans.decimals == 0
    save_value(submission=submission_a, library=territory.central_a, indicator=loans,
               raw="46344", not_known=False, version=None, by=librarian_a)
    save_value(submission=submission_a, library=territory.central_a, indicator=loans,
               raw="46345", not_known=False, version=None, by=staff)
    response = timeline(client_a, submission_a)
    entries = response.context["entries"]
    assert [e.count for e in entries] == [1, 1]
    assert {e.who for e in entries} == {librarian_a, staff}
    body = response.content.decode()
    assert "46\xa0344" in body or "46 344" in body
    assert "46 344,00" not in body and "46\xa0344,00" not in body


def test_a_session_of_form_edits_is_one_entry_and_a_step_splits_it(
        client_a, submission_a, librarian_a, staff, territory):
    from statistika.services import review

    for code in ("loans", "visits", "events"):
        save_value(submission=submission_a, library=territory.central_a,
                   indicator=Indicator.objects.get(code=code), raw="12", not_known=False,
                   version=None, by=librarian_a)
    entries = timeline(client_a, submission_a).context["entries"]
    assert [(e.count, e.source) for e in entries] == [(3, "form")]
    # A change made long after the session starts a new entry.
    ValueChange.objects.update(changed_at=timezone.now() - timedelta(hours=2))
    save_value(submission=submission_a, library=territory.central_a,
               indicator=Indicator.objects.get(code="loans"), raw="13", not_known=False,
               version=None, by=librarian_a)
    entries = timeline(client_a, submission_a).context["entries"]
    assert [e.count for e in entries] == [1, 3]
    assert review  # the workflow steps are entries of their own (below)


def test_the_timeline_filters_by_unit_and_by_person(client_a, submission_a, librarian_a,
                                                    branch_librarian, territory):
    _upload(client_a, submission_a)
    save_value(submission=submission_a, library=territory.branch_a,
               indicator=Indicator.objects.get(code="loans"), raw="7", not_known=False,
               version=None, by=branch_librarian)
    people = timeline(client_a, submission_a).context["timeline"].people
    assert set(people) == {librarian_a, branch_librarian}

    by_branch = timeline(client_a, submission_a, person=branch_librarian.pk).context["entries"]
    assert [(e.count, e.who) for e in by_branch] == [(1, branch_librarian)]

    central = timeline(client_a, submission_a, unit=territory.central_a.code)
    entries = central.context["entries"]
    assert len(entries) == 1 and entries[0].units == {territory.central_a.pk}
    assert entries[0].count == ValueChange.objects.filter(
        value__library=territory.central_a).count()

    branch_uploads = timeline(client_a, submission_a, unit=territory.branch_a.code,
                              person=librarian_a.pk).context["entries"]
    assert [e.units for e in branch_uploads] == [{territory.branch_a.pk}]


def test_a_branch_librarian_sees_only_their_units_entries_and_cannot_filter_others(
        client_a, branch_client, submission_a, librarian_a, territory, branch_librarian):
    _upload(client_a, submission_a)
    response = timeline(branch_client, submission_a)
    entries = response.context["entries"]
    assert len(entries) == 1 and entries[0].units == {territory.branch_a.pk}
    assert entries[0].count == ValueChange.objects.filter(
        value__library=territory.branch_a).count()
    assert [u.library for u in response.context["timeline"].units] == [territory.branch_a]
    # Another unit of the same report, or a unit of another report: not found.
    assert timeline(branch_client, submission_a,
                    unit=territory.central_a.code).status_code == 404
    assert timeline(branch_client, submission_a,
                    unit=territory.central_b.code).status_code == 404
    # The "show all" of an entry is computed within the same scope.
    key = timeline(client_a, submission_a).context["entries"][0].key
    shown = timeline(branch_client, submission_a, batch=key).context
    libraries = {c.value.library_id for c in (shown["page_obj"].object_list
                                              if shown["timeline"].batch else [])}
    assert libraries <= {territory.branch_a.pk}


def test_another_librarys_timeline_is_404(client_b, submission_a, client_a):
    _upload(client_a, submission_a)
    assert timeline(client_b, submission_a).status_code == 404
    assert timeline(client_b, submission_a, batch="1").status_code == 404


def test_the_timeline_shows_workflow_steps_and_pages_its_entries(
        staff_client, submission_a, staff, territory):
    from statistika.models import SubmissionEvent, SubmissionEventKind, Value

    indicators = list(Indicator.objects.filter(derived=False)[:60])
    now = timezone.now()
    for n, indicator in enumerate(indicators):
        value = Value.objects.create(library=territory.central_a, indicator=indicator,
                                     year=YEAR, value=Decimal(n))
        change = ValueChange.objects.create(value=value, new_value=Decimal(n),
                                            changed_by=staff, source="form")
        # An hour apart: sixty single edits.
        ValueChange.objects.filter(pk=change.pk).update(
            changed_at=now - timedelta(hours=len(indicators) - n))
    SubmissionEvent.objects.create(submission=submission_a, kind=SubmissionEventKind.EXTENDED,
                                   created_by=staff, note="Ligos atvejis")
    first = timeline(staff_client, submission_a)
    page = first.context["page_obj"]
    assert page.paginator.count == 61 and len(page.object_list) == 50
    assert first.context["entries"][0].event is not None
    second = timeline(staff_client, submission_a, page=2)
    assert len(second.context["entries"]) == 11


def test_the_timeline_costs_the_same_queries_for_few_or_many_changes(
        client_a, submission_a, librarian_a, territory):
    save_value(submission=submission_a, library=territory.central_a,
               indicator=Indicator.objects.get(code="loans"), raw="1", not_known=False,
               version=None, by=librarian_a)
    timeline(client_a, submission_a)
    with CaptureQueriesContext(connection) as few:
        timeline(client_a, submission_a)
    _upload(client_a, submission_a)
    with CaptureQueriesContext(connection) as many:
        timeline(client_a, submission_a)
    assert len(many) == len(few)


def test_a_reminder_returns_to_the_board_as_it_was_filtered_and_nowhere_else(
        staff_client, campaign, territory, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    submission = Submission.objects.get(campaign=campaign, library=territory.system_a)
    url = reverse("statistika:report_remind", args=[submission.pk])
    board_url = reverse("statistika:campaign_board", args=[YEAR])
    filtered = f"{board_url}?municipality={territory.municipality_a.pk}&status=not_started"
    response = staff_client.post(url, {"next": filtered})
    assert response.status_code == 302 and response["Location"] == filtered
    for elsewhere in ("//evil.example/", "/statistika/", "https://evil.example" + board_url):
        response = staff_client.post(url, {"next": elsewhere})
        assert response["Location"] == board_url, elsewhere
