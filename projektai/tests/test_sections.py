"""A project's sections: the edit pages of partners, budget, activities, indicators and
documents, the documents' download and removal, and the panel on a training's page."""

from datetime import date, time
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bibliotekos.models import Organisation
from mokymai.models import EventStatus
from mokymai.services import change_status, mark_attendance, register
from mokymai.tests.factories import make_event, make_person
from portalas.testing import query_budget
from projektai import forms_sections
from projektai.models import (
    Activity,
    BudgetLine,
    CoFinancing,
    Deliverable,
    IndicatorMeasure,
    ProjectDocument,
    ProjectIndicator,
    ProjectPartner,
)
from projektai.tests.factories import make_project

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ZIP = b"PK\x03\x04" + b"\x00" * 60


def formset(prefix, rows, existing=()):
    """A formset's POST data: ``rows`` are dicts of field values; the first rows stand for
    the stored objects ``existing`` (their ids)."""
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)),
            f"{prefix}-INITIAL_FORMS": str(len(existing)),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
    for index, row in enumerate(rows):
        if index < len(existing):
            data[f"{prefix}-{index}-id"] = str(existing[index])
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


def url(name, project):
    return reverse(f"projektai:{name}", args=[project.pk])


def section(project, anchor):
    return reverse("projektai:project_detail", args=[project.pk]) + f"#{anchor}"


@pytest.fixture
def project(staff):
    return make_project(by=staff, granted_amount=Decimal("10000.00"))


@pytest.fixture
def own_project(librarian_a, territory):
    return make_project(by=librarian_a, owner_library=territory.system_a,
                        title="Bibliotekos projektas")


@pytest.fixture
def organisation(db):
    return Organisation.objects.create(name="Kauno menininkų namai", country="LT")


def upload(name="Sutartis Nr. 5 (galutinė).PDF", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def add_document(project, by, **fields):
    document = ProjectDocument(project=project, title=fields.pop("title", "Sutartis"),
                               uploaded_by=by, **fields)
    document.file.save("sutartis.pdf", SimpleUploadedFile("sutartis.pdf", PDF), save=False)
    document.save()
    return document


# --- partners ----------------------------------------------------------------------------------

def test_staff_add_a_library_and_an_organisation_as_partners(
        staff_client, staff, project, territory, organisation):
    page = staff_client.get(url("project_partners", project))
    assert page.status_code == 200
    assert page.templates[0].name == "projektai/section_form.html"
    response = staff_client.post(url("project_partners", project), formset("partners", [
        {"library": territory.school_b.pk, "role": "Renginių vieta", "contribution": "1 234,50"},
        {"organisation": organisation.pk, "role": "Menininkai"},
        {},
    ]))
    assert response.status_code == 302
    assert response.url == section(project, "partners")
    partners = list(project.partners.order_by("pk"))
    assert [(p.library, p.organisation) for p in partners] == [
        (territory.school_b, None), (None, organisation)]
    assert partners[0].contribution == Decimal("1234.50")
    assert partners[0].history.first().history_user == staff


def test_a_partner_with_both_or_neither_is_a_form_error(
        staff_client, project, territory, organisation):
    response = staff_client.post(url("project_partners", project), formset("partners", [
        {"library": territory.school_b.pk, "organisation": organisation.pk},
        {"role": "Kažkas"},
    ]))
    assert response.status_code == 200
    forms = response.context["parts"][0].formset.forms
    assert list(forms[0].errors) == ["organisation"]
    assert list(forms[1].errors) == ["library"]
    assert not ProjectPartner.objects.exists()


def test_a_partner_listed_twice_is_refused_with_a_clear_message(
        staff_client, project, territory):
    response = staff_client.post(url("project_partners", project), formset("partners", [
        {"library": territory.school_b.pk}, {"library": territory.school_b.pk}]))
    assert response.status_code == 200
    assert not ProjectPartner.objects.exists()
    assert territory.school_b.name in str(response.context["parts"][0].formset.forms[1].errors)


def test_a_library_already_a_partner_is_refused(staff_client, project, territory):
    ProjectPartner.objects.create(project=project, library=territory.school_b)
    stored = project.partners.get()
    response = staff_client.post(url("project_partners", project), formset("partners", [
        {"library": territory.school_b.pk}, {"library": territory.school_b.pk}],
        existing=[stored.pk]))
    assert response.status_code == 200
    assert project.partners.count() == 1


def test_removing_a_partner_and_the_partner_library_then_sees_the_project(
        staff_client, client_b, project, territory):
    detail = reverse("projektai:project_detail", args=[project.pk])
    document = add_document(project, None)
    download = reverse("projektai:document_download", args=[document.pk])
    assert client_b.get(download).status_code == 404
    staff_client.post(url("project_partners", project), formset("partners", [
        {"library": territory.school_b.pk}]))
    assert client_b.get(download).status_code == 200
    assert client_b.get(detail).status_code == 200
    assert client_b.get(url("project_partners", project)).status_code == 403
    stored = project.partners.get()
    response = staff_client.post(url("project_partners", project), formset("partners", [
        {"library": territory.school_b.pk, "DELETE": "on"}], existing=[stored.pk]))
    assert response.status_code == 302
    assert not project.partners.exists()
    assert client_b.get(download).status_code == 404


def test_more_rows_adds_empty_rows_without_saving(staff_client, project, territory):
    response = staff_client.post(url("project_partners", project), {
        **formset("partners", [{"library": territory.school_b.pk}, {}]), "more": "partners"})
    assert response.status_code == 200
    assert len(response.context["parts"][0].formset.forms) == 5
    assert not ProjectPartner.objects.exists()
    assert b"is-invalid" not in response.content


# --- budget ------------------------------------------------------------------------------------

def test_budget_lines_and_co_financing_take_lithuanian_sums(
        staff_client, staff, project, organisation):
    response = staff_client.post(url("project_budget", project), {
        **formset("lines", [
            {"code": "1", "title": "Lektorių honorarai", "planned": "6 000,00",
             "spent": "1\u00a0234,50", "order": "10"},
            {"code": "2", "title": "Knygos", "planned": "4000", "spent": "0", "order": "20"},
        ]),
        **formset("co", [
            {"source": organisation.pk, "amount": "500,5", "confirmed": "on"},
            {"source_name": "Nuosavos lėšos", "amount": "1 000"},
        ])})
    assert response.status_code == 302
    assert response.url == section(project, "budget")
    lines = list(project.budget_lines.all())
    assert [(line.planned, line.spent) for line in lines] == [
        (Decimal("6000.00"), Decimal("1234.50")), (Decimal("4000.00"), Decimal("0.00"))]
    co = list(project.co_financing.order_by("pk"))
    assert [(c.source, c.source_name, c.amount, c.confirmed) for c in co] == [
        (organisation, "", Decimal("500.50"), True),
        (None, "Nuosavos lėšos", Decimal("1000.00"), False)]
    assert lines[0].history.first().history_user == staff
    page = staff_client.get(url("project_budget", project))
    assert "1\u00a0234,50" in page.content.decode()


def test_budget_rows_are_checked_and_nothing_is_saved_on_an_error(
        staff_client, project):
    response = staff_client.post(url("project_budget", project), {
        **formset("lines", [{"title": "Knygos", "planned": "abc", "spent": "-5",
                             "order": "1"}]),
        **formset("co", [{"amount": "100"}])})
    assert response.status_code == 200
    lines = response.context["parts"][0].formset.forms[0]
    assert set(lines.errors) == {"planned", "spent"}
    co = response.context["parts"][1].formset.forms[0]
    assert "source_name" in co.errors
    assert not BudgetLine.objects.exists() and not CoFinancing.objects.exists()


def test_a_budget_line_is_removed(staff_client, project):
    line = BudgetLine.objects.create(project=project, title="Knygos", planned=Decimal("10"))
    response = staff_client.post(url("project_budget", project), {
        **formset("lines", [{"title": "Knygos", "planned": "10,00", "spent": "0,00",
                             "order": "100", "DELETE": "on"}], existing=[line.pk]),
        **formset("co", [])})
    assert response.status_code == 302
    assert not BudgetLine.objects.exists()
    assert line.history.model.objects.filter(id=line.pk, history_type="-").exists()


# --- activities --------------------------------------------------------------------------------

def test_activities_and_deliverables_are_saved(staff_client, project):
    response = staff_client.post(url("project_activities", project), {
        **formset("activities", [
            {"kind": "activity", "title": "Skaitymo akcija", "starts_on": "2026-04-01",
             "ends_on": "2026-05-31", "order": "100", "description": "Mokyklose"},
            {"kind": "milestone", "title": "Tarpinė ataskaita", "ends_on": "2026-06-30",
             "done_on": "2026-06-29", "order": "100"},
        ]),
        **formset("deliverables", [
            {"title": "Leidinys", "due_on": "2026-11-30", "link": "https://example.lt/leidinys"},
        ])})
    assert response.status_code == 302
    assert response.url == section(project, "activities")
    assert set(project.activities.values_list("title", "kind")) == {
        ("Skaitymo akcija", "activity"), ("Tarpinė ataskaita", "milestone")}
    assert project.deliverables.get().due_on == date(2026, 11, 30)


def test_an_activity_ending_before_it_starts_is_refused(staff_client, project):
    response = staff_client.post(url("project_activities", project), {
        **formset("activities", [{"kind": "activity", "title": "Akcija",
                                  "starts_on": "2026-05-01", "ends_on": "2026-04-01",
                                  "order": "1"}]),
        **formset("deliverables", [{"title": "Leidinys", "due_on": "30.11.2026"}])})
    assert response.status_code == 200
    assert "ends_on" in response.context["parts"][0].formset.forms[0].errors
    assert "due_on" in response.context["parts"][1].formset.forms[0].errors
    assert not Activity.objects.exists() and not Deliverable.objects.exists()


# --- indicators --------------------------------------------------------------------------------

@pytest.fixture
def held_event(staff, territory):
    """A seminar held on 2026-06-02: three people registered, two marked present."""
    event = make_event(title="Skaitmeninis raštingumas", day=date(2026, 6, 2),
                       registration_opens=None, registration_closes=None, start=time(10),
                       end=time(13))
    session = event.sessions.get()
    people = [make_person(territory.central_a, first=f"A{i}", last="Dalyvė") for i in range(3)]
    registrations = [register(event=event, person=p, by=staff) for p in people]
    mark_attendance(registration=registrations[0], session=session, by=staff)
    mark_attendance(registration=registrations[1], session=session, by=staff)
    change_status(event=event, to=EventStatus.HELD, by=staff)
    return event


def test_an_indicator_counts_the_people_who_attended_a_linked_training(
        staff_client, project, held_event):
    response = staff_client.post(url("project_indicators", project), formset("indicators", [
        {"name": "Dalyviai", "unit": "asm.", "measure": IndicatorMeasure.PARTICIPANTS,
         "planned": "10", "achieved_manual": "3", "order": "1",
         "events": [str(held_event.pk)]},
        {"name": "Renginiai", "unit": "vnt.", "measure": IndicatorMeasure.EVENTS,
         "planned": "2", "achieved_manual": "0", "order": "2",
         "events": [str(held_event.pk)]},
    ]))
    assert response.status_code == 302
    assert response.url == section(project, "indicators")
    participants, events = project.indicators.all()
    from projektai.services import achieved

    figures = achieved(project.indicators.all())
    assert figures[participants.pk] == Decimal("5")
    assert figures[events.pk] == Decimal("1")
    detail = staff_client.get(reverse("projektai:project_detail", args=[project.pk]))
    assert reverse("mokymai:event_detail", args=[held_event.pk]) in detail.content.decode()


def test_a_person_marked_absent_does_not_count(staff, project, held_event):
    registration = held_event.registrations.filter(attendances__isnull=True).get()
    session = held_event.sessions.get()
    held_event.status = EventStatus.PUBLISHED
    held_event.save(update_fields=["status"])
    mark_attendance(registration=registration, session=session, by=staff, present=False)
    indicator = ProjectIndicator.objects.create(
        project=project, name="Dalyviai", planned=Decimal("10"),
        measure=IndicatorMeasure.PARTICIPANTS)
    indicator.events.add(held_event)
    held_event.status = EventStatus.HELD
    held_event.save(update_fields=["status"])
    from projektai.services import achieved

    assert achieved([indicator])[indicator.pk] == Decimal("2")


def test_trainings_on_a_manual_indicator_are_refused(staff_client, project, held_event):
    response = staff_client.post(url("project_indicators", project), formset("indicators", [
        {"name": "Leidiniai", "unit": "vnt.", "measure": IndicatorMeasure.MANUAL,
         "planned": "1", "achieved_manual": "0", "order": "1",
         "events": [str(held_event.pk)]}]))
    assert response.status_code == 200
    assert "events" in response.context["parts"][0].formset.forms[0].errors
    assert not ProjectIndicator.objects.exists()


PAST = {"registration_opens": None, "registration_closes": None}


def test_the_trainings_offered_are_those_around_the_project(staff, staff_client, project):
    near = make_event(title="Artima", day=date(2026, 5, 5), status=EventStatus.HELD, **PAST)
    far = make_event(title="Tolima", day=date(2020, 5, 5), status=EventStatus.HELD, **PAST)
    linked = make_event(title="Susieta", day=date(2019, 5, 5), status=EventStatus.HELD, **PAST)
    indicator = ProjectIndicator.objects.create(project=project, name="Renginiai",
                                                planned=Decimal("3"),
                                                measure=IndicatorMeasure.EVENTS)
    indicator.events.add(linked)
    for n in range(5):
        make_event(title=f"Kitas {n}", day=date(2026, 7, 1 + n), **PAST)
    page = staff_client.get(url("project_indicators", project))
    offered = {pk for pk, _label in page.context["parts"][0].formset.forms[0]
               .fields["events"].choices}
    assert near.pk in offered and linked.pk in offered and far.pk not in offered


def test_a_librarian_keeps_the_trainings_they_cannot_see(
        staff, client_a, own_project):
    draft = make_event(title="Juodraštis", day=date(2026, 5, 5), status=EventStatus.DRAFT, **PAST)
    shown = make_event(title="Paskelbtas", day=date(2026, 5, 6), **PAST)
    indicator = ProjectIndicator.objects.create(project=own_project, name="Renginiai",
                                                planned=Decimal("3"),
                                                measure=IndicatorMeasure.EVENTS)
    indicator.events.add(draft)
    response = client_a.post(url("project_indicators", own_project), formset("indicators", [
        {"name": "Renginiai", "unit": "vnt.", "measure": IndicatorMeasure.EVENTS,
         "planned": "3", "achieved_manual": "0", "order": "100",
         "events": [str(shown.pk)]}], existing=[indicator.pk]))
    assert response.status_code == 302
    assert set(indicator.events.all()) == {draft, shown}


def test_the_event_page_lists_the_projects_it_counts_toward(
        staff_client, client_b, project, held_event):
    indicator = ProjectIndicator.objects.create(
        project=project, name="Dalyviai", planned=Decimal("10"),
        measure=IndicatorMeasure.PARTICIPANTS)
    indicator.events.add(held_event)
    event_url = reverse("mokymai:event_detail", args=[held_event.pk])
    page = staff_client.get(event_url).content.decode()
    assert 'id="event-projects"' in page and "Dalyviai" in page
    other = client_b.get(event_url)
    assert other.status_code == 200
    assert 'id="event-projects"' not in other.content.decode()


# --- documents ---------------------------------------------------------------------------------

def test_a_document_is_uploaded_with_a_safe_name_and_downloaded(
        staff_client, staff, manager_client, project):
    assert staff_client.get(url("project_documents", project)).status_code == 200
    response = staff_client.post(url("project_documents", project), {
        "kind": "contract", "title": "Sutartis", "note": "", "file": upload()})
    assert response.status_code == 302
    document = project.documents.get()
    assert document.uploaded_by == staff
    assert document.file.name.startswith(f"projektai/{project.pk}/Sutartis-Nr-5-galutine")
    assert document.file.name.endswith(".pdf")
    add_document(project, staff, title="Paraiška")
    assert "Paraiška" in staff_client.get(url("project_documents", project)).content.decode()
    for client in (staff_client, manager_client):
        download = client.get(reverse("projektai:document_download", args=[document.pk]))
        assert download.status_code == 200
        assert download["Content-Disposition"].startswith('attachment; filename="Sutartis')
        assert download["Content-Type"] == "application/pdf"
        assert b"".join(download.streaming_content) == PDF


@pytest.mark.parametrize(("name", "content"), [
    ("programa.exe", b"MZ\x90\x00"),
    ("apyskaita.pdf", b"<html><script>alert(1)</script>"),
    ("lentele.xlsx", PDF),
    ("be-pletinio", PDF),
])
def test_a_document_of_a_wrong_type_is_refused(staff_client, project, name, content):
    response = staff_client.post(url("project_documents", project), {
        "kind": "other", "title": "Blogas", "file": upload(name, content)})
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not ProjectDocument.objects.exists()


def test_an_office_file_and_a_zip_are_accepted(staff_client, project):
    for name in ("biudzetas.xlsx", "ataskaita.odt", "nuotraukos.zip"):
        response = staff_client.post(url("project_documents", project), {
            "kind": "other", "title": name, "file": upload(name, ZIP)})
        assert response.status_code == 302, name
    assert project.documents.count() == 3


def test_a_document_over_the_limit_is_refused(staff_client, project, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    response = staff_client.post(url("project_documents", project), {
        "kind": "other", "title": "Didelis",
        "file": upload("didelis.pdf", PDF + b"x" * 1024 * 1024)})
    assert response.status_code == 200
    assert "1 MB" in str(response.context["form"].errors["file"])
    assert not ProjectDocument.objects.exists()


def test_safe_filename():
    assert forms_sections.safe_filename("../../etc/Šilutės ataskaita.PDF") == (
        "Silutes-ataskaita.pdf")
    assert forms_sections.safe_filename("C:\\Users\\x\\žž.docx") == "zz.docx"
    assert forms_sections.safe_filename("ąčę.JPEG") == "ace.jpg"
    assert forms_sections.safe_filename("„“.pdf") == "dokumentas.pdf"


def test_removing_a_document_needs_edit_rights(
        staff_client, manager_client, client_b, project, staff,
        django_capture_on_commit_callbacks):
    document = add_document(project, staff)
    delete = reverse("projektai:document_delete", args=[document.pk])
    assert staff_client.get(delete).status_code == 405
    assert client_b.post(delete).status_code == 404
    assert manager_client.post(delete).status_code == 403
    stored = document.file.name
    storage = document.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(delete)
    assert response.status_code == 302
    assert response.url == url("project_documents", project)
    assert not ProjectDocument.objects.exists()
    assert not storage.exists(stored)


# --- who may do what ---------------------------------------------------------------------------

EDIT_PAGES = ["project_partners", "project_budget", "project_activities",
              "project_indicators", "project_documents"]


@pytest.mark.parametrize("name", EDIT_PAGES)
def test_a_librarian_of_another_library_gets_404(client_b, own_project, name):
    assert client_b.get(url(name, own_project)).status_code == 404
    assert client_b.post(url(name, own_project), {}).status_code == 404


@pytest.mark.parametrize("name", EDIT_PAGES)
def test_management_reads_but_cannot_edit(manager_client, project, name):
    assert manager_client.get(url(name, project)).status_code == 403
    assert manager_client.post(url(name, project), {}).status_code == 403


@pytest.mark.parametrize("name", EDIT_PAGES)
def test_a_librarian_cannot_edit_a_department_project(client_a, project, name):
    # not a partner: not seen at all
    assert client_a.get(url(name, project)).status_code == 404


@pytest.mark.parametrize("name", EDIT_PAGES)
def test_the_director_edits_their_library_project(client_a, own_project, name):
    assert client_a.get(url(name, own_project)).status_code == 200


def test_the_director_saves_partners_of_their_library_project(
        client_a, librarian_a, own_project, organisation):
    response = client_a.post(url("project_partners", own_project), formset("partners", [
        {"organisation": organisation.pk, "role": "Partneris"}]))
    assert response.status_code == 302
    partner = own_project.partners.get()
    assert partner.history.first().history_user == librarian_a


def test_a_document_of_another_library_project_is_a_404(
        client_a, client_b, manager_client, own_project, librarian_a):
    document = add_document(own_project, librarian_a)
    download = reverse("projektai:document_download", args=[document.pk])
    assert client_b.get(download).status_code == 404
    assert client_a.get(download).status_code == 200
    assert manager_client.get(download).status_code == 200


# --- the sections on the project page ----------------------------------------------------------

def test_the_project_page_shows_every_section_with_edit_links_for_editors(
        staff_client, manager_client, project):
    detail = reverse("projektai:project_detail", args=[project.pk])
    page = staff_client.get(detail).content.decode()
    for anchor in ("partners", "budget", "activities", "indicators", "documents"):
        assert f'id="{anchor}"' in page
    for name in EDIT_PAGES:
        assert url(name, project) in page
    read_only = manager_client.get(detail).content.decode()
    assert 'id="partners"' in read_only
    assert not any(url(name, project) in read_only for name in EDIT_PAGES)


def test_the_budget_warns_when_the_lines_differ_from_the_grant(staff_client, project):
    detail = reverse("projektai:project_detail", args=[project.pk])
    BudgetLine.objects.create(project=project, title="Knygos", planned=Decimal("9000"),
                              spent=Decimal("4500"))
    page = staff_client.get(detail).content.decode()
    assert 'data-warning="lines_differ"' in page
    assert "9\u00a0000,00" in page and "45,0&nbsp;%" in page
    BudgetLine.objects.create(project=project, title="Renginiai", planned=Decimal("1000"))
    assert 'data-warning="lines_differ"' not in staff_client.get(detail).content.decode()


# --- queries -----------------------------------------------------------------------------------

@pytest.fixture
def full_project(staff, project, territory, organisation, held_event):
    """A project with several rows in every section."""
    for number, library in enumerate([territory.system_a, territory.central_a,
                                       territory.school_b]):
        ProjectPartner.objects.create(project=project, library=library,
                                      contribution=Decimal(number))
    ProjectPartner.objects.create(project=project, organisation=organisation)
    for number in range(4):
        BudgetLine.objects.create(project=project, title=f"Eilutė {number}",
                                  planned=Decimal("100"))
        CoFinancing.objects.create(project=project, source_name=f"Šaltinis {number}",
                                   amount=Decimal("10"))
        Activity.objects.create(project=project, title=f"Veikla {number}")
        Deliverable.objects.create(project=project, title=f"Rezultatas {number}")
        indicator = ProjectIndicator.objects.create(
            project=project, name=f"Rodiklis {number}", planned=Decimal("5"),
            measure=IndicatorMeasure.EVENTS)
        indicator.events.add(held_event)
        add_document(project, staff, title=f"Dokumentas {number}")
    return project


@pytest.mark.parametrize(("name", "ceiling"), [
    ("project_partners", 7), ("project_budget", 7), ("project_activities", 5),
    ("project_indicators", 7), ("project_documents", 4)])
def test_an_edit_page_runs_a_fixed_number_of_queries(staff_client, full_project, name,
                                                     ceiling):
    page = url(name, full_project)
    staff_client.get(page)  # the session's first request writes it
    with query_budget(ceiling, name):
        response = staff_client.get(page)
    assert response.status_code == 200


def test_the_event_panel_runs_a_fixed_number_of_queries(rf, staff, full_project, held_event):
    from projektai.panels_sections import event_project_indicators

    request = rf.get("/")
    request.user = staff
    with query_budget(1, "event panel"):
        panel = event_project_indicators(request, held_event)
    assert len(panel["projects"]) == 1 and len(panel["projects"][0]["indicators"]) == 4
