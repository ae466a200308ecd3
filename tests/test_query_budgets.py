"""Query budgets: every page and upload costs a bounded number of queries, whatever the
size of the data (portalas.testing.query_budget)."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bibliotekos.models import Library, LibraryKind, Membership
from portalas.testing import count_queries, query_budget, routes
from statistika.models import Indicator, Submission, SubmissionStatus, Value
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
YEAR = 2024


def _client(user):
    client = Client()
    client.force_login(user, backend="paskyros.backends.EmailBackend")
    return client


def _grow(system, branches: int, years=(YEAR - 1, YEAR)):
    """``branches`` more rural branches under the system, each with a year of values."""
    parent = Library.objects.filter(parent=system, kind=LibraryKind.CENTRAL).first()
    indicators = list(Indicator.objects.filter(code__in=["users_registered", "visits",
                                                         "loans", "events"]))
    created = Library.objects.bulk_create(
        Library(code=f"{system.code}-X{n:03d}", name=f"Filialas {n}",
                kind=LibraryKind.RURAL_BRANCH, parent=parent,
                municipality=system.municipality) for n in range(branches))
    Value.objects.bulk_create(
        Value(library=library, indicator=indicator, year=year, value=Decimal(100 + n))
        for n, library in enumerate(created) for indicator in indicators for year in years)
    return created


def _dashboard(client, library):
    url = reverse("statistika:analysis_library", args=[library.code]) + f"?year={YEAR}"
    client.get(reverse("home"))  # the session's "last seen" is written here, not below
    cache.clear()
    cold = count_queries(lambda: client.get(url))
    warm = count_queries(lambda: client.get(url))
    return cold, warm


def test_the_library_dashboard_costs_the_same_at_any_size(territory, manager):
    client = _client(manager)
    small = _dashboard(client, territory.system_a)
    _grow(territory.system_a, 40)
    _grow(territory.system_b, 60)
    large = _dashboard(client, territory.system_a)
    assert small == large, (small, large)
    cold, warm = large
    assert cold <= 30 and warm <= 10, large


@pytest.fixture
def big_system(staff, territory):
    """A system of 30 outlets with its director and an open campaign."""
    from statistika.services.campaign import create_campaign

    _grow(territory.system_a, 28, years=(YEAR - 1,))
    director = UserFactory(role="librarian", email="direktore@test.lt")
    Membership.objects.create(user=director, library=territory.system_a, role="director")
    campaign = create_campaign(year=YEAR, kinds=["system"],
                               deadline=timezone.now() + timedelta(days=30), reminder_days=[],
                               by=staff)
    return Submission.objects.get(campaign=campaign, library=territory.system_a), director


def test_uploading_a_30_outlet_workbook_costs_at_most_50_queries(big_system):
    submission, director = big_system
    client = _client(director)
    response = client.get(reverse("statistika:report_download", args=[submission.pk]))
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 31  # the system's own part and its 30 outlets
    filled = 0
    for sheet in book.worksheets:   # row 1: the unit's code and title, row 2: the header
        for row in sheet.iter_rows(min_row=3):
            row[4].value = 7
            filled += 1
    out = io.BytesIO()
    book.save(out)
    upload = SimpleUploadedFile("forma.xlsx", out.getvalue())
    with query_budget(50, "upload") as queries:
        response = client.post(reverse("statistika:report_upload", args=[submission.pk]),
                               {"file": upload})
    assert response.status_code == 302, response.content[:500]
    assert Value.objects.filter(year=YEAR).count() == filled > 700
    assert len(queries.captured_queries) <= 50


def _submitted(staff, territory, schools: int, prefix: str):
    from statistika.services.campaign import create_campaign

    Library.objects.bulk_create(
        Library(code=f"MB-{prefix}-{n:03d}", name=f"Mokyklos biblioteka {n}",
                kind=LibraryKind.SCHOOL,
                school_name=f"Mokykla {n}", municipality=territory.municipality_b)
        for n in range(schools))
    campaign = create_campaign(year=YEAR, kinds=["school"],
                               deadline=timezone.now() + timedelta(days=30), reminder_days=[],
                               by=staff)
    Submission.objects.filter(campaign=campaign).update(status=SubmissionStatus.SUBMITTED)
    return campaign


def test_bulk_acceptance_costs_the_same_for_3_or_30_submissions(staff, territory):
    from statistika.services.review import bulk_accept

    campaign = _submitted(staff, territory, 2, "A")
    cache.clear()
    few = count_queries(lambda: bulk_accept(submissions=campaign.submissions.all(), by=staff))
    assert campaign.submissions.filter(status=SubmissionStatus.ACCEPTED).count() == 3
    Submission.objects.all().delete()
    campaign.delete()
    campaign = _submitted(staff, territory, 29, "B")
    cache.clear()
    many = count_queries(lambda: bulk_accept(submissions=campaign.submissions.all(), by=staff))
    accepted = campaign.submissions.filter(status=SubmissionStatus.ACCEPTED).count()
    assert accepted == campaign.submissions.count() > 30
    assert many == few, (few, many)


# --- every page a person opens --------------------------------------------------------------

CEILING = 40
CEILINGS = {  # pages that honestly need more, with why
    "statistika:report_form": 45,  # the form, its checks, remarks and last year's values
    # every app's home panels (trainings: 1 query for staff, 2 for librarians;
    # consultations: 4 panels, 1 query each; research: the studies collecting answers, 1;
    # cooperation: my decisions, the groups' decisions, upcoming meetings 1 each, the
    # agreements expiring and just expired 2; procurement: the year's plan, requests
    # returned or awaiting approval, contracts ending, 1 each; assignments: my tasks, late
    # on the ones I gave, 1 each when there are none; the annual plan: plans and reports
    # returned to staff, or awaiting management's decision, 1)
    "home": 65,
}


def test_every_page_stays_within_its_budget(territory, staff, librarian_a, manager):
    """Every GET route without an object, opened as department staff and as the director of
    library A (the pages their roles reach), within ``CEILING`` queries."""
    from statistika.services.campaign import create_campaign

    create_campaign(year=YEAR, kinds=["system", "school"],
                    deadline=timezone.now() + timedelta(days=30), reminder_days=[], by=staff)
    checked = 0
    for user in (staff, librarian_a, manager):
        client = _client(user)
        for route in routes():
            if route.has_object or route.name in {"paskyros:logout", "paskyros:set_language"}:
                continue
            url = reverse(route.name)
            cache.clear()
            with query_budget(CEILINGS.get(route.name, CEILING), f"{route.name} as {user}"):
                status = client.get(url).status_code
            assert status < 500, route.name
            checked += 1
    assert checked > 60
