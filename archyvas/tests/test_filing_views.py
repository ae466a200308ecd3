"""The "File it" section on a document's page and the filing pages: staff get the form with
the suggested file chosen and come back to the page with a message; once filed, the page
says where, for management too when the copy's audience allows; librarians see nothing and
get 404s; management get a 403 on the writes and a 404 on a staff-only copy; a document
that cannot be filed now shows no form; the job page stays within a query budget."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import translation

from archyvas import services_filing as services
from archyvas.models import FiledDocument, PlanStatus
from archyvas.panels_filing import filing_panel
from archyvas.tests.factories_filing import (
    agreement_with_file,
    asking,
    file_of,
    filing_plan,
    make_job,
    pdf,
    project_contract,
    signed_meeting,
)
from portalas.testing import query_budget
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

@pytest.fixture(autouse=True)
def _english(settings):
    """The assertions read the English source texts, whatever the catalogue holds."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def job_page(job) -> str:
    return reverse("ataskaitos:job_detail", args=[job.pk])


def file_it(kind, key) -> str:
    return reverse("archyvas:file_it", args=[kind, str(key)])


@pytest.fixture
def plan(db):
    return filing_plan(2026)


# --- the section on the document's page ------------------------------------------------------

def test_staff_see_file_it_on_a_finished_documents_page_with_the_suggested_file_chosen(
        staff, staff_client, plan):
    job = make_job(staff)
    response = staff_client.get(job_page(job))
    assert response.status_code == 200
    [panel] = [p for p in response.context["panels"]
               if p["template"] == "archyvas/_filing_panel.html"]
    [item] = panel["context"]["items"]
    assert item["suggested"] == file_of(plan, "7.6")
    assert [f.index for f in item["files"]] == ["7.1", "7.2", "7.5", "7.6", "7.7"]
    html = response.content.decode()
    assert 'id="archive-filing-panel"' in html
    assert f'action="{file_it("ataskaitos.document", job.pk)}"' in html
    assert f'<option value="{file_of(plan, "7.6").pk}" selected>' in html


def test_filing_from_the_page_copies_it_and_returns_to_the_page_saying_where(
        staff, staff_client, plan):
    job = make_job(staff)
    response = staff_client.post(file_it("ataskaitos.document", job.pk), {
        "plan_file": file_of(plan, "7.6").pk, "note": "Direktoriaus pasitarimui",
        "next": job_page(job)})
    assert response.status_code == 302 and response["Location"] == job_page(job)
    document = FiledDocument.objects.get()
    assert document.plan_file == file_of(plan, "7.6") and document.note
    assert any("7.6 Analitinės ataskaitos ir išvykų ataskaitos (2026)" in text
               for text in messages_of(response))
    page = staff_client.get(job_page(job)).content.decode()
    assert f'data-filed="{document.pk}"' in page
    assert reverse("archyvas:filed_detail", args=[document.pk]) in page
    assert "<form" not in page.split('id="archive-filing-panel"')[1]


def test_a_page_outside_our_site_is_never_where_filing_returns(staff, staff_client, plan):
    job = make_job(staff)
    response = staff_client.post(file_it("ataskaitos.document", job.pk), {
        "plan_file": file_of(plan, "7.6").pk, "next": "https://kitas.example/"})
    assert response["Location"] == job_page(job)


def test_an_unfinished_job_and_draft_minutes_show_no_file_it(staff, staff_client, plan):
    running = make_job(staff, status="running")
    page = staff_client.get(job_page(running)).content.decode()
    assert "archive-filing-panel" not in page
    draft = signed_meeting(staff=staff, signed=False)
    page = staff_client.get(draft.get_absolute_url()).content.decode()
    assert "archive-filing-panel" not in page


def test_without_an_open_file_of_the_years_plan_the_section_says_so(staff, staff_client):
    filing_plan(2026, status=PlanStatus.CLOSED)
    job = make_job(staff)
    response = staff_client.get(job_page(job))
    [item] = [p for p in response.context["panels"]
              if p["template"] == "archyvas/_filing_panel.html"][0]["context"]["items"]
    assert item["files"] == []
    assert reverse("archyvas:plan_list") in response.content.decode()


def test_signed_minutes_are_filed_from_the_meetings_page(staff, staff_client, plan):
    meeting = signed_meeting(staff=staff)
    page = staff_client.get(meeting.get_absolute_url()).content.decode()
    assert f'<option value="{file_of(plan, "7.1").pk}" selected>' in page
    response = staff_client.post(file_it("bendradarbiavimas.minutes", meeting.pk), {
        "plan_file": file_of(plan, "7.1").pk, "next": meeting.get_absolute_url()})
    assert response["Location"] == meeting.get_absolute_url()
    assert FiledDocument.objects.get().source_key == str(meeting.pk)


def test_a_projects_contracts_are_listed_on_its_page_and_filed_from_the_form_page(
        staff, staff_client, plan):
    contract = project_contract(staff=staff)
    project_contract(staff=staff, kind="application")    # not a contract: not listed
    project = contract.project
    page = staff_client.get(project.get_absolute_url()).content.decode()
    link = file_it("projektai.contract", contract.pk)
    assert f'href="{link}?next=' in page
    assert page.count('data-fileable="projektai.contract"') == 1
    form = staff_client.get(link, {"next": project.get_absolute_url()})
    assert form.status_code == 200
    assert f'<option value="{file_of(plan, "7.7").pk}" selected>' in form.content.decode()
    response = staff_client.post(link, {"plan_file": file_of(plan, "7.7").pk,
                                        "next": project.get_absolute_url()})
    assert response["Location"] == project.get_absolute_url()
    document = FiledDocument.objects.get()
    page = staff_client.get(project.get_absolute_url()).content.decode()
    assert f'data-filed="{document.pk}"' in page


def test_a_document_filed_into_a_closed_year_is_refused_on_the_page_with_the_reason(
        staff, staff_client, plan):
    closed = filing_plan(2025, status=PlanStatus.CLOSED)
    meeting = signed_meeting(staff=staff, day=datetime.date(2025, 11, 20))
    response = staff_client.post(file_it("bendradarbiavimas.minutes", meeting.pk), {
        "plan_file": file_of(closed, "7.1").pk, "next": meeting.get_absolute_url()})
    assert response.status_code == 400
    assert response.context["item"]["form"].non_field_errors() == [
        "The year 2025 is closed: nothing more is filed into its files."]
    assert "The year 2025 is closed" in response.content.decode()
    assert not FiledDocument.objects.exists()


def test_a_file_of_another_year_is_refused_on_the_page(staff, staff_client, plan):
    meeting = signed_meeting(staff=staff, day=datetime.date(2026, 3, 12))
    other = filing_plan(2027)
    response = staff_client.post(file_it("bendradarbiavimas.minutes", meeting.pk), {
        "plan_file": file_of(other, "7.1").pk})
    assert response.status_code == 400
    [error] = response.context["item"]["form"].non_field_errors()
    assert "2026-03-12" in error and "2027" in error


def test_a_second_filing_says_where_the_document_is(staff, staff_client, plan):
    job = make_job(staff)
    services.file_document(kind="ataskaitos.document", obj=job, plan_file=file_of(plan, "7.6"),
                           by=staff)
    response = staff_client.post(file_it("ataskaitos.document", job.pk), {
        "plan_file": file_of(plan, "7.7").pk, "next": job_page(job)})
    assert response.status_code == 302
    assert any("7.6" in text for text in messages_of(response))
    assert FiledDocument.objects.get().plan_file == file_of(plan, "7.6")
    form_page = staff_client.get(file_it("ataskaitos.document", job.pk))
    assert 'id="file-it-filed"' in form_page.content.decode()


# --- who sees what ----------------------------------------------------------------------------

def test_management_see_where_a_management_copy_is_filed_but_get_no_form(
        staff, manager, manager_client, plan):
    meeting = signed_meeting(staff=staff)
    assert filing_panel(asking(manager), meeting) is None        # nothing filed: nothing
    document = services.file_document(kind="bendradarbiavimas.minutes", obj=meeting,
                                      plan_file=file_of(plan, "7.1"), by=staff)
    page = manager_client.get(meeting.get_absolute_url()).content.decode()
    assert f'data-filed="{document.pk}"' in page and "<select" not in \
        page.split('id="archive-filing-panel"')[1]
    assert manager_client.get(document.get_absolute_url()).status_code == 200
    download = manager_client.get(reverse("archyvas:filed_file", args=[document.pk]))
    assert download.status_code == 200


def test_management_do_not_see_a_staff_only_copy(staff, manager, manager_client, plan):
    protocol = make_job(staff, kind="apdovanojimai.protocol", params={"contest": "1"})
    document = services.file_document(kind="ataskaitos.document", obj=protocol,
                                      plan_file=file_of(plan, "7.7"), by=staff)
    assert filing_panel(asking(manager), protocol) is None
    assert manager_client.get(document.get_absolute_url()).status_code == 404
    assert manager_client.get(reverse("archyvas:filed_file", args=[document.pk])
                              ).status_code == 404


def test_management_get_403_on_filing_and_moving(staff, manager_client, plan):
    meeting = signed_meeting(staff=staff)
    assert manager_client.get(file_it("bendradarbiavimas.minutes", meeting.pk)
                              ).status_code == 403
    assert manager_client.post(file_it("bendradarbiavimas.minutes", meeting.pk), {
        "plan_file": file_of(plan, "7.1").pk}).status_code == 403
    document = services.file_document(kind="bendradarbiavimas.minutes", obj=meeting,
                                      plan_file=file_of(plan, "7.1"), by=staff)
    assert manager_client.get(reverse("archyvas:filed_move", args=[document.pk])
                              ).status_code == 403
    assert not FiledDocument.objects.exclude(pk=document.pk).exists()


def test_a_librarian_sees_no_section_and_gets_404_everywhere(staff, librarian_a, client_a,
                                                             plan):
    meeting = signed_meeting(staff=staff)
    meeting.group.public = True
    meeting.group.save()
    document = services.file_document(kind="bendradarbiavimas.minutes", obj=meeting,
                                      plan_file=file_of(plan, "7.1"), by=staff)
    page = client_a.get(meeting.get_absolute_url())
    assert page.status_code == 200
    assert "archive-filing-panel" not in page.content.decode()
    assert filing_panel(asking(librarian_a), meeting) is None
    for url in (file_it("bendradarbiavimas.minutes", meeting.pk), document.get_absolute_url(),
                reverse("archyvas:filed_file", args=[document.pk]),
                reverse("archyvas:filed_move", args=[document.pk])):
        assert client_a.get(url).status_code == 404, url
    assert client_a.post(file_it("bendradarbiavimas.minutes", meeting.pk)).status_code == 404


def test_an_unknown_kind_or_key_is_a_404(staff_client, staff):
    assert staff_client.get(file_it("nera.tokios", "1")).status_code == 404
    assert staff_client.get(file_it("ataskaitos.document", "1")).status_code == 404
    colleague_job = make_job(UserFactory(role="staff"))
    assert staff_client.get(file_it("ataskaitos.document", colleague_job.pk)).status_code \
        == 404


# --- the filed document -------------------------------------------------------------------------

def test_the_filed_documents_page_shows_its_file_source_and_copy(staff, staff_client, plan):
    agreement = agreement_with_file(staff=staff)
    document = services.file_document(kind="bendradarbiavimas.agreement", obj=agreement,
                                      plan_file=file_of(plan, "7.7"), by=staff, note="Originalas")
    response = staff_client.get(document.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("archyvas:file_detail", args=[file_of(plan, "7.7").pk]) in html
    assert f'href="{agreement.get_absolute_url()}"' in html
    assert reverse("archyvas:filed_file", args=[document.pk]) in html
    assert reverse("archyvas:filed_move", args=[document.pk]) in html
    assert response.context["kind_label"] == "Signed agreements"
    source = agreement.get_absolute_url()
    agreement.delete()
    html = staff_client.get(document.get_absolute_url()).content.decode()
    assert f'href="{source}"' not in html
    download = staff_client.get(reverse("archyvas:filed_file", args=[document.pk]))
    assert b"".join(download.streaming_content) == pdf("Sutartis BS-2026/02")


def test_a_destroyed_copy_no_longer_downloads(staff, staff_client, plan):
    document = services.file_document(kind="ataskaitos.document", obj=make_job(staff),
                                      plan_file=file_of(plan, "7.6"), by=staff)
    FiledDocument.objects.filter(pk=document.pk).update(
        file_destroyed_on=datetime.date(2026, 12, 1))
    assert staff_client.get(reverse("archyvas:filed_file", args=[document.pk])
                            ).status_code == 404
    assert staff_client.get(document.get_absolute_url()).status_code == 200


def test_staff_move_a_filed_document_to_another_file_of_the_year(staff, staff_client, plan):
    document = services.file_document(kind="ataskaitos.document", obj=make_job(staff),
                                      plan_file=file_of(plan, "7.6"), by=staff)
    url = reverse("archyvas:filed_move", args=[document.pk])
    page = staff_client.get(url)
    assert [f.index for f in page.context["files"]] == ["7.1", "7.2", "7.5", "7.7"]
    response = staff_client.post(url, {"plan_file": file_of(plan, "7.7").pk})
    assert response.status_code == 302 and response["Location"] == document.get_absolute_url()
    assert FiledDocument.objects.get().plan_file == file_of(plan, "7.7")


def test_a_document_of_a_closed_year_is_not_moved(staff, staff_client, plan):
    document = services.file_document(kind="ataskaitos.document", obj=make_job(staff),
                                      plan_file=file_of(plan, "7.6"), by=staff)
    plan.status, plan.closed_on = PlanStatus.CLOSED, datetime.date(2026, 12, 31)
    plan.save()
    url = reverse("archyvas:filed_move", args=[document.pk])
    response = staff_client.post(url, {"plan_file": file_of(plan, "7.7").pk})
    assert response.status_code == 302
    assert any("2026" in text for text in messages_of(response))
    assert FiledDocument.objects.get().plan_file == file_of(plan, "7.6")


# --- budgets ------------------------------------------------------------------------------------

def test_the_job_page_renders_its_sections_within_a_query_budget(staff, plan):
    job = make_job(staff)
    client = Client()
    client.force_login(staff, backend="paskyros.backends.EmailBackend")
    client.get(job_page(job))
    with query_budget(6, "job page with File it"):
        response = client.get(job_page(job))
    assert 'id="archive-filing-panel"' in response.content.decode()
    services.file_document(kind="ataskaitos.document", obj=job, plan_file=file_of(plan, "7.6"),
                           by=staff)
    with query_budget(5, "job page, filed"):
        client.get(job_page(job))


def test_the_section_costs_no_query_on_a_page_no_kind_describes(staff, territory):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert filing_panel(asking(staff), territory.system_a) is None
    assert context.captured_queries == []


def test_the_status_fragment_asks_the_page_for_its_sections_once_the_job_is_finished(
        staff, staff_client):
    running = make_job(staff, status="running")
    status = reverse("ataskaitos:job_status", args=[running.pk])
    assert "HX-Trigger" not in staff_client.get(status)
    page = staff_client.get(job_page(running)).content.decode()
    assert 'hx-trigger="job-finished from:body"' in page
    finished = make_job(staff)
    response = staff_client.get(reverse("ataskaitos:job_status", args=[finished.pk]))
    assert response["HX-Trigger"] == "job-finished"
