"""A project's own pages: the list (filters, export), the page with its timeline, creating
and editing (scoped choices, two editors), the history, and the approval of a submission
— as department staff, management, the library's director and an outsider."""

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bibliotekos.models import Membership
from portalas.testing import count_queries, query_budget
from projektai import services
from projektai.models import (
    ActivityKind,
    Deadline,
    Project,
    ProjectDocument,
    ProjectStatus,
    StatusChange,
)
from projektai.tests.factories import make_lkt, make_other_programme, make_project
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("projektai:project_list")
CREATE = reverse("projektai:project_create")


def detail(project):
    return reverse("projektai:project_detail", args=[project.pk])


def update(project):
    return reverse("projektai:project_update", args=[project.pk])


def form_data(**overrides):
    data = {"title": "Skaitymo vasara", "acronym": "SV", "programme": str(make_lkt().pk),
            "role": "lead", "starts_on": "2026-03-02", "ends_on": "2026-12-15",
            "application_deadline": "2026-01-15", "requested_amount": "12 500,50",
            "summary": "Vasaros skaitymo iššūkis kaimo filialuose."}
    data.update(overrides)
    return data


def edit_data(project, **overrides):
    """The edit form as it is shown for ``project``, changed by ``overrides``."""
    data = {"title": project.title, "acronym": project.acronym,
            "programme": str(project.programme_id), "role": project.role,
            "lead_organisation": str(project.lead_organisation_id or ""),
            "owner_library": str(project.owner_library_id or ""),
            "starts_on": f"{project.starts_on:%Y-%m-%d}" if project.starts_on else "",
            "ends_on": f"{project.ends_on:%Y-%m-%d}" if project.ends_on else "",
            "requested_amount": str(project.requested_amount or ""),
            "responsible": [str(u.pk) for u in project.responsible.all()],
            "version": str(project.version)}
    data.update(overrides)
    return data


@pytest.fixture
def partner_director(territory):
    """The director of library system B, whose library is a partner in a department
    project (and owns nothing)."""
    user = UserFactory(role="librarian", email="partneris@test.lt", full_name="Petras Partneris")
    Membership.objects.create(user=user, library=territory.system_b, role="director")
    return user


# --- creating -----------------------------------------------------------------------------------

def test_staff_register_a_department_project_with_the_funders_deadlines(staff_client, staff):
    response = staff_client.post(CREATE, form_data())
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(project)
    assert project.owner_library is None and project.created_by == staff
    assert project.requested_amount == Decimal("12500.50")
    assert list(project.responsible.all()) == [staff]  # none ticked: the author
    assert project.status == ProjectStatus.IDEA
    assert {d.title for d in project.deadlines.all()} == {"Keitimo prašymas",
                                                           "Galutinė ataskaita"}
    assert project.status_changes.count() == 1


def test_a_partner_role_needs_the_lead_organisation(staff_client):
    response = staff_client.post(CREATE, form_data(role="partner"))
    assert response.status_code == 200
    assert "lead_organisation" in response.context["form"].errors
    assert not Project.objects.exists()


def test_a_project_cannot_end_before_it_starts(staff_client):
    response = staff_client.post(CREATE, form_data(starts_on="2026-05-01",
                                                   ends_on="2026-04-01"))
    assert response.status_code == 200 and not Project.objects.exists()
    assert "ends_on" in response.context["form"].errors


def test_a_date_in_another_shape_is_refused(staff_client):
    response = staff_client.post(CREATE, form_data(starts_on="2026.03.02"))
    assert response.status_code == 200 and "starts_on" in response.context["form"].errors


def test_a_librarian_registers_their_librarys_project(client_a, librarian_a, territory):
    page = client_a.get(CREATE)
    field = page.context["form"].fields["owner_library"]
    assert field.required
    assert set(field.queryset) == {territory.system_a, territory.central_a,
                                   territory.branch_a, territory.service_point_a}
    assert page.context["form"].initial["owner_library"] == territory.system_a.pk
    response = client_a.post(CREATE, form_data(owner_library=str(territory.system_a.pk),
                                               responsible=[str(librarian_a.pk)]))
    project = Project.objects.get()
    assert response.status_code == 302
    assert project.owner_library == territory.system_a
    assert list(project.responsible.all()) == [librarian_a]


def test_a_librarian_cannot_register_a_department_project(client_a):
    response = client_a.post(CREATE, form_data(owner_library=""))
    assert response.status_code == 200
    assert "owner_library" in response.context["form"].errors
    assert not Project.objects.exists()


def test_a_librarian_cannot_register_a_project_for_another_library(client_b, territory):
    response = client_b.post(CREATE, form_data(owner_library=str(territory.system_a.pk)))
    assert response.status_code == 200
    assert "owner_library" in response.context["form"].errors
    assert not Project.objects.exists()


def test_a_librarian_cannot_name_staff_or_another_librarys_people_responsible(
        client_a, staff, librarian_b, territory):
    response = client_a.post(CREATE, form_data(owner_library=str(territory.system_a.pk),
                                               responsible=[str(staff.pk)]))
    assert "responsible" in response.context["form"].errors
    response = client_a.post(CREATE, form_data(owner_library=str(territory.system_a.pk),
                                               responsible=[str(librarian_b.pk)]))
    assert "responsible" in response.context["form"].errors
    assert not Project.objects.exists()


def test_management_and_a_librarian_without_a_library_may_not_register(manager_client):
    assert manager_client.get(CREATE).status_code == 403
    assert manager_client.post(CREATE, form_data()).status_code == 403
    homeless = UserFactory(role="librarian")
    from django.test import Client

    client = Client()
    client.force_login(homeless, backend="paskyros.backends.EmailBackend")
    assert client.get(CREATE).status_code == 403


# --- the page ------------------------------------------------------------------------------------

def _rich(project, staff, n: int):
    """``n`` activities, milestones, deadlines, documents and partners."""
    today = timezone.localdate()
    for i in range(n):
        project.activities.create(title=f"Veikla {i}", starts_on=today + timedelta(days=i))
        project.activities.create(title=f"Etapas {i}", kind=ActivityKind.MILESTONE,
                                  ends_on=today - timedelta(days=i + 1))
        Deadline.objects.create(project=project, title=f"Terminas {i}",
                                due_on=today + timedelta(days=10 + i))
        ProjectDocument.objects.create(project=project, title=f"Dokumentas {i}",
                                       file=f"projektai/{project.pk}/d{i}.pdf",
                                       uploaded_by=staff)
        project.budget_lines.create(title=f"Eilutė {i}", planned=Decimal("100"))
        project.indicators.create(name=f"Rodiklis {i}", planned=Decimal("10"))


def test_the_page_shows_a_timeline_with_today_and_the_overdue_milestone(
        staff_client, staff):
    project = make_project(by=staff, acronym="SKAIT", starts_on=date(2025, 3, 1),
                           ends_on=date(2027, 12, 15))
    _rich(project, staff, 1)
    # 22, and the cooperation app's section: the department's partners among the project's
    # and the contact-log entries about it (bendradarbiavimas.panels_partners), and the
    # archive's "File it" for the project's contracts (archyvas.panels_filing), and the
    # purchases paid from the project (pirkimai.panels_purchases)
    with query_budget(26):
        response = staff_client.get(detail(project))
    assert response.status_code == 200
    assert "projektai/project_detail.html" in [t.name for t in response.templates]
    for name in ("_section_partners", "_section_budget", "_section_activities",
                 "_section_indicators", "_section_documents", "_section_deadlines",
                 "_exports"):
        assert f"projektai/{name}.html" in [t.name for t in response.templates]
    context = response.context
    assert context["can_edit"] is True and context["today"] == timezone.localdate()
    assert set(context["achieved"]) == set(project.indicators.values_list("pk", flat=True))
    assert context["budget"]["planned"] == Decimal("100")
    kinds = [m.kind for m in context["timeline"]]
    assert kinds.count("today") == 1
    assert {"status", "start", "end", "activity", "milestone", "deadline",
            "document"} <= set(kinds)
    dates = [m.on for m in context["timeline"]]
    assert dates == sorted(dates)
    milestone = next(m for m in context["timeline"] if m.kind == "milestone")
    assert milestone.state == "overdue"
    assert 'aria-current="date"' in response.content.decode()


def test_the_page_costs_the_same_queries_for_one_or_many_parts(staff_client, staff):
    few = make_project(by=staff, title="Mažas")
    _rich(few, staff, 1)
    many = make_project(by=staff, title="Didelis")
    _rich(many, staff, 12)
    staff_client.get(detail(few))
    small = count_queries(lambda: staff_client.get(detail(few)))
    large = count_queries(lambda: staff_client.get(detail(many)))
    assert large == small, (small, large)


def test_the_status_form_offers_only_the_moves_the_user_may_make(
        staff_client, manager_client, staff):
    project = make_project(by=staff, status=ProjectStatus.PREPARING)
    moves = [m[0] for m in staff_client.get(detail(project)).context["moves"]]
    assert moves == [ProjectStatus.IDEA, ProjectStatus.WITHDRAWN]  # no "submitted"
    page = manager_client.get(detail(project))
    assert page.context["can_edit"] is False and page.context["approves"] is True
    assert page.context["moves"] == []


def test_another_librarys_project_is_a_404_everywhere(client_b, librarian_a, territory):
    project = make_project(by=librarian_a, owner_library=territory.system_a)
    for url in (detail(project), update(project),
                reverse("projektai:project_history", args=[project.pk])):
        assert client_b.get(url).status_code == 404
    for name, data in (("project_status", {"to": "preparing", "version": "1"}),
                       ("project_request_approval", {"version": "1"}),
                       ("project_decline", {"note": "x"})):
        url = reverse(f"projektai:{name}", args=[project.pk])
        assert client_b.post(url, data).status_code == 404
    assert client_b.post(update(project), edit_data(project)).status_code == 404
    project.refresh_from_db()
    assert project.status == ProjectStatus.IDEA


def test_a_partner_librarys_director_reads_but_does_not_edit(
        partner_director, staff, territory):
    from django.test import Client

    project = make_project(by=staff)
    project.partners.create(library=territory.system_b)
    client = Client()
    client.force_login(partner_director, backend="paskyros.backends.EmailBackend")
    page = client.get(detail(project))
    assert page.status_code == 200 and page.context["can_edit"] is False
    assert page.context["moves"] == []
    assert client.get(update(project)).status_code == 403
    assert client.get(reverse("projektai:project_history", args=[project.pk])).status_code \
        == 403


# --- the list ------------------------------------------------------------------------------------

def test_the_list_filters_by_owner_status_library_and_text(staff_client, staff, librarian_a,
                                                             territory):
    department = make_project(by=staff, title="Skyriaus projektas",
                              status=ProjectStatus.RUNNING, granted_amount=Decimal("9000"),
                              starts_on=date(2025, 2, 1), ends_on=date(2025, 11, 28))
    library = make_project(by=librarian_a, owner_library=territory.system_a,
                           title="Bibliotekos projektas", acronym="BIBL")
    partnered = make_project(by=staff, title="Partnerystė")
    partnered.partners.create(library=territory.system_a)

    def shown(query=""):
        return {row["object"] for row in staff_client.get(LIST + query).context["rows"]}

    assert shown() == {department, library, partnered}
    assert shown("?owner=department") == {department, partnered}
    assert shown("?owner=libraries") == {library}
    assert shown("?status=running") == {department}
    assert shown(f"?library={territory.system_a.pk}") == {library, partnered}
    assert shown("?q=bibl") == {library}
    assert shown(f"?responsible={librarian_a.pk}") == {library}
    assert shown("?year=2026") == {library, partnered}
    assert shown("?year=2025") == {department}
    assert shown(f"?municipality={territory.municipality_a.pk}") == {library, partnered}
    assert staff_client.get(LIST + "?sort=-granted_amount").status_code == 200


def test_a_librarian_lists_only_what_their_library_owns_or_partners_in(
        client_a, client_b, staff, librarian_a, territory):
    own = make_project(by=librarian_a, owner_library=territory.system_a, title="Savas")
    make_project(by=staff, title="Skyriaus")
    response = client_b.get(LIST)
    assert response.status_code == 200 and list(response.context["rows"]) == []
    assert "Savas" not in response.content.decode()
    assert [row["object"] for row in client_a.get(LIST).context["rows"]] == [own]
    # a library outside their scope is not even a choice
    assert client_b.get(LIST + f"?library={territory.system_a.pk}").context["rows"] == []


def test_the_list_costs_the_same_for_3_or_30_projects(staff_client, staff, territory):
    for i in range(3):
        make_project(by=staff, title=f"Projektas {i}", owner_library=territory.system_a)
    staff_client.get(LIST)
    few = count_queries(lambda: staff_client.get(LIST))
    for i in range(27):
        make_project(by=staff, title=f"Kitas {i}", owner_library=territory.central_a)
    many = count_queries(lambda: staff_client.get(LIST))
    assert many == few, (few, many)
    with query_budget(16):
        staff_client.get(LIST)


def test_the_filtered_list_exports_as_xlsx(staff_client, staff, territory):
    make_project(by=staff, title="Skyriaus", acronym="SK", granted_amount=Decimal("1500"))
    make_project(by=staff, title="Bibliotekos", owner_library=territory.system_a)
    response = staff_client.get(LIST + "?owner=department&export=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][0] == "SK – Skyriaus"
    assert rows[1][2] == "Skyrius"  # the department, in Lithuanian


# --- editing -------------------------------------------------------------------------------------

def test_staff_edit_a_project_and_the_deadlines_follow_the_new_end(staff_client, staff):
    project = make_project(by=staff, starts_on=date(2026, 3, 1), ends_on=date(2026, 12, 18))
    response = staff_client.post(update(project), edit_data(
        project, ends_on="2026-10-30", granted_amount="11000", contract_number="S-15"))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.ends_on == date(2026, 10, 30) and project.contract_number == "S-15"
    assert project.version == 2
    report = project.deadlines.get(title="Galutinė ataskaita")
    assert report.due_on == date(2026, 11, 16)  # 2 November (Vėlinės) is a holiday
    assert project.history.first().history_change_reason == "edited"
    history = staff_client.get(reverse("projektai:project_history", args=[project.pk]))
    assert history.status_code == 200


def test_a_stale_edit_is_refused_and_the_typed_values_stay(staff_client, staff):
    project = make_project(by=staff, title="Pirmas pavadinimas")
    seen = project.version
    services.change_status(project, to=ProjectStatus.PREPARING, by=staff)  # someone else
    response = staff_client.post(update(project), edit_data(
        project, title="Mano pavadinimas", version=str(seen)))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert 'value="Mano pavadinimas"' in response.content.decode()
    project.refresh_from_db()
    assert project.title == "Pirmas pavadinimas"
    assert str(response.context["version"]) == str(project.version)
    # saving again with the version now shown is a deliberate overwrite
    response = staff_client.post(update(project), edit_data(
        project, title="Mano pavadinimas", version=str(project.version)))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Mano pavadinimas"


def test_the_library_director_edits_their_project_and_cannot_move_it(
        client_a, librarian_a, territory):
    project = make_project(by=librarian_a, owner_library=territory.central_a)
    page = client_a.get(update(project))
    assert page.status_code == 200
    assert page.context["form"].fields["owner_library"].disabled
    response = client_a.post(update(project), edit_data(
        project, title="Naujas", owner_library=str(territory.system_b.pk)))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Naujas" and project.owner_library == territory.central_a


def test_management_may_not_edit_a_department_project(manager_client, staff):
    project = make_project(by=staff)
    assert manager_client.get(update(project)).status_code == 403
    assert manager_client.post(update(project), edit_data(project)).status_code == 403


# --- approval of a submission -------------------------------------------------------------------

def test_staff_ask_and_management_approve_the_submission(
        staff_client, manager_client, staff, manager, django_capture_on_commit_callbacks):
    project = make_project(by=staff, status=ProjectStatus.PREPARING)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("projektai:project_request_approval", args=[project.pk]),
            {"version": str(project.version)})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.awaiting_approval
    assert [m.to for m in mail.outbox] == [[manager.email]]
    assert detail(project) in mail.outbox[0].body
    home = manager_client.get("/")
    assert project.title in home.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(
            reverse("projektai:project_status", args=[project.pk]),
            {"to": "submitted", "version": str(project.version)})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == ProjectStatus.SUBMITTED and project.approved_by == manager
    assert [m.to for m in mail.outbox] == [[staff.email]]


def test_management_send_a_submission_back_with_a_reason(
        staff_client, manager_client, staff, django_capture_on_commit_callbacks):
    project = make_project(by=staff, status=ProjectStatus.PREPARING)
    services.request_submission(project, by=staff)
    url = reverse("projektai:project_decline", args=[project.pk])
    response = manager_client.post(url, {"note": ""})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.awaiting_approval  # no reason, nothing happened
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(url, {"note": "Patikslinkite biudžetą."})
    project.refresh_from_db()
    assert not project.awaiting_approval and project.status == ProjectStatus.PREPARING
    assert "Patikslinkite biudžetą." in mail.outbox[-1].body
    assert staff_client.post(url, {"note": "x"}).status_code == 403


def test_a_stale_status_change_on_the_page_is_refused_with_a_message(staff_client, staff):
    project = make_project(by=staff)
    response = staff_client.post(reverse("projektai:project_status", args=[project.pk]),
                                 {"to": "preparing", "version": "99"}, follow=True)
    assert response.status_code == 200
    assert any("pakeitė šį projektą" in str(m) for m in response.context["messages"])
    project.refresh_from_db()
    assert project.status == ProjectStatus.IDEA


def test_a_status_change_needs_a_known_status(staff_client, staff):
    project = make_project(by=staff)
    response = staff_client.post(reverse("projektai:project_status", args=[project.pk]),
                                 {"to": "nowhere"})
    assert response.status_code == 302
    assert StatusChange.objects.filter(project=project).count() == 1
    assert staff_client.get(reverse("projektai:project_status",
                                    args=[project.pk])).status_code == 405


def test_the_library_card_lists_its_projects(staff_client, staff, librarian_a, territory,
                                             client_b):
    own = make_project(by=librarian_a, owner_library=territory.system_a, title="Savas")
    partnered = make_project(by=staff, title="Partnerystė")
    partnered.partners.create(library=territory.system_a)
    make_project(by=staff, title="Kitas", owner_library=territory.school_b)
    page = staff_client.get(reverse("bibliotekos:library_detail", args=[territory.system_a.pk]))
    panel = next(p for p in page.context["panels"]
                 if p["template"] == "projektai/_project_library_panel.html")
    assert set(panel["context"]["projects"]) == {own, partnered}
    assert f"?library={territory.system_a.pk}" in panel["context"]["list_url"]


def test_make_other_programme_changes_the_rules(staff_client, staff):
    """Switching to a programme without rules drops the open deadlines of the old one."""
    project = make_project(by=staff)
    other = make_other_programme()
    staff_client.post(update(project), edit_data(project, programme=str(other.pk)))
    assert not project.deadlines.exists()
