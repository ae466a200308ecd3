"""The poster through the report engine: the PDF reads back with the library's name, the
study's title, the absolute link and the invitation in the study's languages; staff and
the library's own people get it, another library's people a 404 and no job."""

import subprocess

import pytest
from django.urls import reverse

from ataskaitos import services as documents
from ataskaitos.models import JobStatus, ReportJob
from conftest import require_program
from tyrimai.reports_poster import PosterParams, poster_document, public_link, qr_svg
from tyrimai.tests.factories import make_study

pytestmark = pytest.mark.django_db


@pytest.fixture
def study(territory):
    return make_study(libraries=[territory.branch_a, territory.central_b],
                      title="Skaitytojų pasitenkinimas 2026", languages=("en", "ru", "pl"))


@pytest.fixture
def link(study, territory):
    return study.participations.get(library=territory.branch_a)


def ask(user, capture, **params) -> ReportJob:
    with capture(execute=True):
        job = documents.request_report(kind="tyrimai.poster", params=params, format="pdf",
                                       by=user)
    job.refresh_from_db()
    return job


def pdf_text(data: bytes, tmp_path) -> str:
    program = require_program("pdftotext")
    path = tmp_path / "plakatas.pdf"
    path.write_bytes(data)
    text = subprocess.run([program, str(path), "-"], capture_output=True,
                          check=True).stdout.decode()
    return " ".join(text.replace("\xa0", " ").split())


def test_the_public_link_is_absolute_and_its_qr_is_an_svg(link, settings):
    settings.PORTAL_BASE_URL = "https://regionas.example.lt"
    assert public_link(link) == f"https://regionas.example.lt/tyrimai/a/{link.token}/"
    svg = qr_svg(public_link(link))
    assert svg.startswith("<svg") and "<path" in svg


def test_the_director_of_the_library_gets_the_poster_with_the_link_in_every_language(
        link, librarian_a, tmp_path, django_capture_on_commit_callbacks, settings):
    settings.PORTAL_BASE_URL = "https://regionas.example.lt"
    job = ask(librarian_a, django_capture_on_commit_callbacks, participation=str(link.pk))
    assert job.status == JobStatus.DONE, job.error
    with job.file.open("rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    assert "Darbėnų filialas" in text
    assert "Skaitytojų pasitenkinimas 2026" in text
    assert f"regionas.example.lt/tyrimai/a/{link.token}/" in text.replace(" ", "")
    assert "Jūsų nuomonė svarbi!" in text
    assert "Ваше мнение важно!" in text and "Twoja opinia jest ważna!" in text


def test_the_document_carries_the_same_text_for_other_readers(link):
    document = poster_document(link)
    assert public_link(link) in [value for _label, value in document.sections[0].facts]
    assert document.context["main"]["language"] == "lt"
    assert [b["language"] for b in document.context["others"]] == ["en", "ru", "pl"]


def test_another_librarys_people_get_a_404_and_no_job(client_b, librarian_b, link):
    response = client_b.post(reverse("ataskaitos:document_request"), {
        "kind": "tyrimai.poster", "format": "pdf", "participation": link.pk})
    assert response.status_code == 404
    with pytest.raises(documents.NotAvailable):
        documents.request_report(kind="tyrimai.poster",
                                 params={"participation": str(link.pk)}, format="pdf",
                                 by=librarian_b)
    assert not ReportJob.objects.exists()


def test_the_params_offer_staff_every_participation_and_a_librarian_their_own(
        study, staff, librarian_a, librarian_b):
    ids = set(study.participations.values_list("pk", flat=True))
    assert set(PosterParams(user=staff).fields["participation"].queryset
               .values_list("pk", flat=True)) == ids
    own = study.participations.get(library__name="Darbėnų filialas").pk
    assert set(PosterParams(user=librarian_a).fields["participation"].queryset
               .values_list("pk", flat=True)) == {own}
    assert not PosterParams(data={"participation": own}, user=librarian_b).is_valid()


def test_the_poster_button_asks_the_engine(client_a, link):
    response = client_a.post(reverse("ataskaitos:document_request"), {
        "kind": "tyrimai.poster", "format": "pdf", "participation": link.pk,
        "back": reverse("tyrimai:my_studies")})
    assert response.status_code == 302
    assert ReportJob.objects.get().params == {"participation": str(link.pk)}
