"""One request, one document: identical requests share a job, a finished one is handed out
again while its inputs are unchanged, and a download checks the access again."""


import pytest
from django.urls import reverse

from ataskaitos import services
from ataskaitos.models import JobStatus, ReportJob
from bibliotekos.models import Membership
from statistika.models import Indicator, Value

pytestmark = pytest.mark.django_db


def _ask(by, kind="library_card", params=None, format="xlsx"):
    return services.request_report(kind=kind, params=params or {"library": "SVB-KRE"},
                                   format=format, by=by)


@pytest.fixture
def rendered(monkeypatch):
    """Counts the renders."""
    calls = []
    original = services.render

    def counting(result, format):
        calls.append(result.title)
        return original(result, format)

    monkeypatch.setattr(services, "render", counting)
    return calls


def test_ten_sequential_requests_render_once(librarian_a, territory, rendered,
                                             django_capture_on_commit_callbacks):
    jobs = []
    for _ in range(10):
        with django_capture_on_commit_callbacks(execute=True):
            jobs.append(_ask(librarian_a))
    assert len({job.pk for job in jobs}) == 1
    assert len(rendered) == 1
    assert ReportJob.objects.get().status == JobStatus.DONE


def test_a_finished_document_is_rendered_again_when_its_data_change(
        librarian_a, territory, rendered, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = _ask(librarian_a)
    Value.objects.create(library=territory.central_a, indicator=Indicator.objects.get(
        code="loans"), year=2024, value=5)
    with django_capture_on_commit_callbacks(execute=True):
        second = _ask(librarian_a)
    assert first.pk != second.pk and len(rendered) == 2


def test_a_kind_without_declared_inputs_is_never_handed_out_again(
        librarian_a, territory, rendered, django_capture_on_commit_callbacks, monkeypatch):
    from dataclasses import replace

    from portalas import registry

    kind = registry.kind("library_card")
    monkeypatch.setitem(registry.report_kinds._items, "library_card", replace(kind, inputs=None))
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            _ask(librarian_a)
    assert len(rendered) == 2


def test_another_persons_identical_request_is_their_own_job(
        librarian_a, staff, territory, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        mine, theirs = _ask(librarian_a), _ask(staff)
    assert mine.pk != theirs.pk


def test_a_removed_membership_ends_the_download_of_an_earlier_document(
        client_a, librarian_a, territory, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = _ask(librarian_a)
    url = reverse("ataskaitos:job_download", args=[job.pk])
    assert client_a.get(url).status_code == 200
    Membership.objects.filter(user=librarian_a).delete()
    assert client_a.get(url).status_code == 404
    detail = client_a.get(reverse("ataskaitos:job_detail", args=[job.pk]))
    assert url not in detail.content.decode()
    listing = client_a.get(reverse("ataskaitos:job_list")).content.decode()
    assert url not in listing


def test_a_role_downgrade_ends_the_download_of_the_registry_with_contacts(
        staff_client, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.request_report(kind="registry", params={}, format="xlsx", by=staff)
    url = reverse("ataskaitos:job_download", args=[job.pk])
    assert staff_client.get(url).status_code == 200
    staff.role = "librarian"
    staff.save()
    assert staff_client.get(url).status_code == 404


def test_a_failed_request_returns_only_to_a_local_page(client_a, territory):
    for back, expected in [("//evil.example/", reverse("ataskaitos:job_list")),
                           ("https://evil.example/x", reverse("ataskaitos:job_list")),
                           ("/bibliotekos/", "/bibliotekos/")]:
        response = client_a.post(reverse("ataskaitos:document_request"), {
            "kind": "library_card", "library": "SVB-KRE", "format": "exe", "back": back})
        assert response.status_code == 302
        assert response["Location"] == expected


@pytest.mark.parametrize("year", ["0", "99999999999999999999", "1989", "2101", "20x4"])
def test_a_year_outside_the_portal_is_a_404(staff_client, year):
    response = staff_client.post(reverse("ataskaitos:document_request"), {
        "kind": "regional_analysis", "year": year, "format": "pdf"})
    assert response.status_code == 404
    assert not ReportJob.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_without_a_broker_the_request_returns_at_once_and_a_thread_renders(
        client_a, librarian_a, territory, settings):
    from statistika.services.catalogue import install_default_catalogue

    install_default_catalogue()
    settings.DOCUMENTS_IN_THREAD = True
    response = client_a.post(reverse("ataskaitos:document_request"), {
        "kind": "library_card", "library": "SVB-KRE", "format": "pdf"})
    assert response.status_code == 302
    # Wait for the worker thread itself before reading: on the test database (SQLite
    # shared cache) a read racing the thread's write is refused at once with "table is
    # locked", which is not what this test is about. The thread is this test's own (the
    # autouse fixture stops it after every test).
    services._background.submit(lambda: None).result(timeout=600)
    job = ReportJob.objects.get()
    assert response["Location"] == reverse("ataskaitos:job_detail", args=[job.pk])
    assert job.status == JobStatus.DONE
