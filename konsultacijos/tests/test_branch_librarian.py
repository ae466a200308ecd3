"""A librarian of one of system A's own branches (not its director) — the same system, not
another library — reaches none of the department's records about A, its visits or its
downloads, nor a colleague's question; only their own questions and the knowledge base."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from ataskaitos.models import ReportJob
from bibliotekos.models import Membership
from konsultacijos.models import ConsultationAttachment
from konsultacijos.tests.factories import make_consultation, make_question, make_visit, report
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def branch_client(territory):
    user = UserFactory(role="librarian", email="filialas@test.lt", full_name="Rasa Čepulienė")
    territory.branch_a.memberships.create(user=user, role=Membership.Role.LIBRARIAN)
    client = Client()
    client.force_login(user, backend="paskyros.backends.EmailBackend")
    client.user = user
    return client


def test_the_branch_librarian_reaches_only_their_own_question(territory, staff, librarian_a,
                                                              branch_client):
    record = make_consultation(library=territory.branch_a, by=staff)
    attachment = ConsultationAttachment(consultation=record, name="a.pdf", uploaded_by=staff)
    attachment.file.save("a.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    attachment.save()
    visit = report(make_visit(library=territory.branch_a, by=staff), by=staff)
    action = visit.actions.get()
    directors = make_question(library=territory.system_a, by=librarian_a)
    own = make_question(library=territory.branch_a, by=branch_client.user)

    for name, pk in [("consultation_detail", record.pk), ("consultation_history", record.pk),
                     ("attachment_download", attachment.pk), ("visit_detail", visit.pk),
                     ("visit_history", visit.pk), ("question_detail", directors.pk)]:
        status = branch_client.get(reverse(f"konsultacijos:{name}", args=[pk])).status_code
        assert status in {403, 404}, (name, status)
    assert branch_client.post(reverse("konsultacijos:action_done",
                                      args=[action.pk])).status_code in {403, 404}
    for path in ("consultation_list", "visit_list", "overview"):
        assert branch_client.get(reverse(f"konsultacijos:{path}")).status_code == 403, path
    response = branch_client.post(reverse("ataskaitos:document_request"), {
        "kind": "konsultacijos.visit_report", "visit": visit.pk, "format": "pdf"})
    assert response.status_code == 404
    assert not ReportJob.objects.exists()

    assert branch_client.get(reverse("konsultacijos:question_detail",
                                     args=[own.pk])).status_code == 200
    listed = branch_client.get(reverse("konsultacijos:question_list"))
    assert [q.pk for q in listed.context["object_list"]] == [own.pk]
    assert branch_client.get(reverse("konsultacijos:entry_list")).status_code == 200
