"""Asking for a document never waits for the document: without a broker the request writes
the job, hands it to the background worker and answers with the job's page at once; the
page polls until the worker has made the file."""

import pytest
from django.urls import reverse

from ataskaitos import services
from ataskaitos.models import JobStatus, ReportJob

pytestmark = pytest.mark.django_db(transaction=True)


class HeldWorker:
    """Stands in for the background thread: keeps what it is given until the test runs it,
    so "answered before the file exists" is certain, not a race."""

    def __init__(self):
        self.waiting = []

    def submit(self, function, *args):
        self.waiting.append((function, args))

    def run_all(self):
        while self.waiting:
            function, args = self.waiting.pop(0)
            function(*args)


@pytest.fixture
def worker(monkeypatch, settings):
    from statistika.services.catalogue import install_default_catalogue

    install_default_catalogue()
    settings.DOCUMENTS_IN_THREAD = True
    held = HeldWorker()
    monkeypatch.setattr(services, "_background", held)
    return held


def _ask(client):
    return client.post(reverse("ataskaitos:document_request"), {
        "kind": "library_card", "library": "SVB-KRE", "format": "pdf"})


def test_the_request_answers_with_the_job_page_before_the_file_exists(
        client_a, librarian_a, territory, worker):
    response = _ask(client_a)

    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("ataskaitos:job_detail", args=[job.pk])
    assert job.status == JobStatus.QUEUED
    assert not job.file
    assert len(worker.waiting) == 1  # handed to the worker, to run after the response

    worker.run_all()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.file


def test_the_job_page_polls_until_the_document_is_made(client_a, librarian_a, territory,
                                                       worker):
    _ask(client_a)
    job = ReportJob.objects.get()
    status_url = reverse("ataskaitos:job_status", args=[job.pk])

    page = client_a.get(reverse("ataskaitos:job_detail", args=[job.pk]))
    assert page.status_code == 200
    assert "ataskaitos/job_detail.html" in [t.name for t in page.templates]
    assert f'hx-get="{status_url}"' in page.content.decode()
    assert "<progress" in page.content.decode()

    worker.run_all()
    status = client_a.get(status_url).content.decode()
    assert "hx-get" not in status  # the finished fragment stops the polling
    assert reverse("ataskaitos:job_download", args=[job.pk]) in status
