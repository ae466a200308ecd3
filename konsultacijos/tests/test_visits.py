"""Methodological field visits in the browser's place: planning, the report with agreed
actions, the director reading it and marking an action done, and every refusal — another
library's visit (404), a director's staff-only POST (403), a cancelled or future visit,
two editors at once — with the pages' query budgets."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from konsultacijos import services
from konsultacijos.models import FieldVisit, VisitAction, VisitStatus
from konsultacijos.tests.factories import make_visit, report
from portalas.testing import query_budget
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FINDINGS = "Fondas tvarkingas, tačiau vaikų skyriuje trūksta šviežių leidinių; "\
           "renginių žurnalas pildomas kas ketvirtį."


def _today():
    return timezone.localdate()


def _report_data(visit, actions=(), **fields) -> dict:
    data = {"version": visit.version, "met_with": "Direktorė Aldona Ąžuolienė",
            "findings": FINDINGS, "recommendations": "Įsigyti naujų knygų vaikams.",
            "actions-TOTAL_FORMS": str(max(len(actions), 1)), "actions-INITIAL_FORMS": "0",
            "actions-MIN_NUM_FORMS": "0", "actions-MAX_NUM_FORMS": "50"}
    for index, (text, responsible, due_on) in enumerate(actions):
        data.update({f"actions-{index}-text": text,
                     f"actions-{index}-responsible": responsible,
                     f"actions-{index}-due_on": due_on.isoformat()})
    data.update(fields)
    return data


@pytest.fixture
def visit(territory, staff):
    """A planned visit to library A's branch three days ago."""
    return make_visit(library=territory.branch_a, by=staff)


@pytest.fixture
def reported(territory, staff):
    """A reported visit to system A with one open action (due in 30 days)."""
    return report(make_visit(library=territory.system_a, by=staff), by=staff)


# --- planning ------------------------------------------------------------------------------------

def test_staff_plan_a_visit_with_themselves_ticked(staff_client, staff, territory):
    colleague = UserFactory(role="staff", email="kolege@test.lt", full_name="Jonas Kolega")
    page = staff_client.get(reverse("konsultacijos:visit_create"),
                            {"library": territory.branch_a.pk})
    assert page.status_code == 200
    assert page.context["form"]["participants"].value() == [staff.pk]
    assert page.context["form"].initial["library"] == territory.branch_a.pk
    response = staff_client.post(reverse("konsultacijos:visit_create"), {
        "library": territory.branch_a.pk, "visit_on": (_today() + timedelta(days=10)).isoformat(),
        "purpose": "Aptarti skaitymo skatinimo programą", "participants": [staff.pk,
                                                                          colleague.pk]})
    visit = FieldVisit.objects.get()
    assert response.status_code == 302 and response["Location"] == visit.get_absolute_url()
    assert visit.status == VisitStatus.PLANNED and visit.created_by == staff
    assert set(visit.participants.all()) == {staff, colleague}


def test_a_plan_needs_someone_who_goes_and_a_real_date(staff_client, territory):
    response = staff_client.post(reverse("konsultacijos:visit_create"), {
        "library": territory.branch_a.pk, "visit_on": "2026-02-30", "purpose": "Tikslas"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "participants" in errors and "visit_on" in errors
    assert not FieldVisit.objects.exists()


def test_the_plan_offers_no_librarian_as_a_participant(staff_client, librarian_a):
    response = staff_client.get(reverse("konsultacijos:visit_create"))
    assert librarian_a not in response.context["form"].fields["participants"].queryset


def test_a_librarian_cannot_plan_a_visit(client_a, client_b, territory):
    for client in (client_a, client_b):
        assert client.get(reverse("konsultacijos:visit_create")).status_code == 403
        assert client.post(reverse("konsultacijos:visit_create"), {
            "library": territory.branch_a.pk, "visit_on": "2026-01-05",
            "purpose": "x"}).status_code == 403
    assert not FieldVisit.objects.exists()


# --- the whole way: plan, report, the director reads and marks done ------------------------------

def test_plan_report_and_the_director_marks_an_action_done(
        staff_client, client_a, staff, territory, django_capture_on_commit_callbacks, mailoutbox):
    staff_client.post(reverse("konsultacijos:visit_create"), {
        "library": territory.branch_a.pk, "visit_on": (_today() - timedelta(days=1)).isoformat(),
        "purpose": "Renginių apskaitos patikra", "participants": [staff.pk]})
    visit = FieldVisit.objects.get()
    due = _today() + timedelta(days=20)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("konsultacijos:visit_report", args=[visit.pk]),
                                     _report_data(visit, [
                                         ("Sutvarkyti vaikų skyriaus lentynas", "Direktorė", due),
                                         ("Išsiųsti renginių planą", "", due)]))
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.REPORTED and visit.findings == FINDINGS
    assert visit.reported_by == staff
    assert list(visit.actions.values_list("text", flat=True)) == [
        "Sutvarkyti vaikų skyriaus lentynas", "Išsiųsti renginių planą"]
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["a@test.lt"]  # the system's director

    page = client_a.get(visit.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "vaikų skyriuje trūksta šviežių leidinių" in html
    assert "Sutvarkyti vaikų skyriaus lentynas" in html
    assert 'value="konsultacijos.visit_report"' in html          # the PDF button
    assert reverse("konsultacijos:visit_report", args=[visit.pk]) not in html  # staff only
    action = visit.actions.get(text="Išsiųsti renginių planą")
    assert reverse("konsultacijos:action_done", args=[action.pk]) in html
    response = client_a.post(reverse("konsultacijos:action_done", args=[action.pk]),
                             {"note": "Išsiųsta el. paštu"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.done_on == _today() and action.note == "Išsiųsta el. paštu"

    # every staff write is closed to the director
    version = visit.version
    for name, data in (("visit_report", _report_data(visit)), ("visit_cancel", {"reason": "x"}),
                       ("visit_update", {"purpose": "x"}),
                       ("action_create", {"text": "x", "due_on": due.isoformat()})):
        response = client_a.post(reverse(f"konsultacijos:{name}", args=[visit.pk]), data)
        assert response.status_code == 403, name
    for name in ("visit_report", "visit_update"):
        assert client_a.get(reverse(f"konsultacijos:{name}", args=[visit.pk])).status_code == 403
    assert client_a.post(reverse("konsultacijos:action_reopen",
                                 args=[action.pk])).status_code == 403
    visit.refresh_from_db()
    action.refresh_from_db()
    assert visit.version == version and visit.actions.count() == 2 and action.done_on


def test_the_report_of_a_reported_visit_can_be_edited_and_mails_no_one_again(
        staff_client, reported, django_capture_on_commit_callbacks, mailoutbox):
    page = staff_client.get(reverse("konsultacijos:visit_report", args=[reported.pk]))
    assert page.status_code == 200
    assert "Veiksmas 1" in page.content.decode()                # the actions agreed so far
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("konsultacijos:visit_report", args=[reported.pk]),
            _report_data(reported, [("Naujas veiksmas", "", _today())],
                         findings="Patikslintos išvados."))
    assert response.status_code == 302
    reported.refresh_from_db()
    assert reported.findings == "Patikslintos išvados." and reported.actions.count() == 2
    assert mailoutbox == []


def test_more_rows_adds_empty_action_rows_and_saves_nothing(staff_client, visit):
    data = _report_data(visit, [("Pirmas", "", _today())], more="actions")
    response = staff_client.post(reverse("konsultacijos:visit_report", args=[visit.pk]), data)
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 3
    assert "Pirmas" in response.content.decode()
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED and not visit.actions.exists()


def test_a_removed_or_empty_row_adds_no_action(staff_client, visit):
    data = _report_data(visit, [("Lieka", "", _today()), ("Išbrauktas", "", _today())])
    data.update({"actions-1-DELETE": "on", "actions-TOTAL_FORMS": "3"})
    response = staff_client.post(reverse("konsultacijos:visit_report", args=[visit.pk]), data)
    assert response.status_code == 302
    assert list(visit.actions.values_list("text", flat=True)) == ["Lieka"]


def test_a_report_without_findings_or_with_a_half_filled_action_is_not_saved(staff_client,
                                                                              visit):
    data = _report_data(visit, [("Be termino", "", _today())], findings="")
    data["actions-0-due_on"] = ""
    response = staff_client.post(reverse("konsultacijos:visit_report", args=[visit.pk]), data)
    assert response.status_code == 200 and response.context["failed"]
    assert "findings" in response.context["form"].errors
    assert "due_on" in response.context["formset"].forms[0].errors
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED and not visit.actions.exists()


# --- refusals ------------------------------------------------------------------------------------

def test_a_cancelled_visit_cannot_be_reported(staff_client, visit, staff):
    response = staff_client.post(reverse("konsultacijos:visit_cancel", args=[visit.pk]),
                                 {"reason": "Biblioteka uždaryta remontui"})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CANCELLED
    assert visit.cancel_reason == "Biblioteka uždaryta remontui"
    page = staff_client.get(reverse("konsultacijos:visit_report", args=[visit.pk]))
    assert page.status_code == 302 and page["Location"] == visit.get_absolute_url()
    staff_client.post(reverse("konsultacijos:visit_report", args=[visit.pk]),
                      _report_data(visit, [("Veiksmas", "", _today())]))
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CANCELLED and not visit.actions.exists()
    with pytest.raises(services.Refused):
        visit.findings = "Išvados"
        services.report_visit(visit, by=staff)
    response = staff_client.post(reverse("konsultacijos:action_create", args=[visit.pk]),
                                 {"text": "Veiksmas", "due_on": _today().isoformat()})
    assert response.status_code == 400 and not visit.actions.exists()
    detail = staff_client.get(visit.get_absolute_url()).content.decode()
    assert "Biblioteka uždaryta remontui" in detail
    assert reverse("konsultacijos:visit_report", args=[visit.pk]) not in detail


def test_a_cancel_needs_a_reason_and_only_a_planned_visit_is_cancelled(staff_client, visit,
                                                                       reported):
    staff_client.post(reverse("konsultacijos:visit_cancel", args=[visit.pk]), {"reason": " "})
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED
    staff_client.post(reverse("konsultacijos:visit_cancel", args=[reported.pk]),
                      {"reason": "Per vėlu"})
    reported.refresh_from_db()
    assert reported.status == VisitStatus.REPORTED


def test_reporting_a_visit_that_has_not_taken_place_is_refused(staff_client, territory, staff):
    coming = make_visit(library=territory.branch_a, by=staff, days_ago=-7)
    page = staff_client.get(reverse("konsultacijos:visit_report", args=[coming.pk]))
    assert page.status_code == 200 and page.context["in_future"]
    response = staff_client.post(reverse("konsultacijos:visit_report", args=[coming.pk]),
                                 _report_data(coming, [("Veiksmas", "", _today())]))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()   # "…once it has taken place"
    coming.refresh_from_db()
    assert coming.status == VisitStatus.PLANNED and not coming.findings
    assert not coming.actions.exists()


def test_the_second_of_two_editors_is_refused_and_keeps_their_text(staff_client, visit,
                                                                    staff):
    seen = visit.version
    page = staff_client.get(reverse("konsultacijos:visit_update", args=[visit.pk]))
    assert page.context["form"].initial["version"] == seen
    other = FieldVisit.objects.get(pk=visit.pk)
    other.purpose = "Kolegos pakeitimas"
    services.update_visit(other, by=staff, seen_version=seen)
    response = staff_client.post(reverse("konsultacijos:visit_update", args=[visit.pk]), {
        "library": visit.library_id, "visit_on": visit.visit_on.isoformat(),
        "purpose": "Mano pakeitimas", "participants": [staff.pk], "version": seen})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "Mano pakeitimas" in response.content.decode()
    visit.refresh_from_db()
    assert visit.purpose == "Kolegos pakeitimas"
    # the report too
    response = staff_client.post(reverse("konsultacijos:visit_report", args=[visit.pk]),
                                 _report_data(visit, version=seen))
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED


def test_an_edit_with_the_current_version_is_saved(staff_client, visit, staff):
    response = staff_client.post(reverse("konsultacijos:visit_update", args=[visit.pk]), {
        "library": visit.library_id, "visit_on": visit.visit_on.isoformat(),
        "purpose": "Naujas tikslas", "participants": [staff.pk], "version": visit.version})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.purpose == "Naujas tikslas" and visit.version == 2


def test_the_outsider_gets_404_on_every_route_of_a_visit(client_b, reported, visit):
    action = reported.actions.get()
    for target in (reported, visit):
        for name in ("visit_detail", "visit_update", "visit_history", "visit_report",
                     "visit_cancel", "action_create"):
            url = reverse(f"konsultacijos:{name}", args=[target.pk])
            got = {client_b.get(url).status_code,
                   client_b.post(url, {"reason": "x", "findings": "x"}).status_code}
            assert 404 in got and got <= {404, 405}, (name, got)
    for name in ("action_done", "action_reopen"):
        url = reverse(f"konsultacijos:{name}", args=[action.pk])
        assert client_b.post(url).status_code == 404, name
    assert client_b.get(reverse("konsultacijos:visit_list")).status_code == 403
    action.refresh_from_db()
    assert action.done_on is None


def test_a_director_of_another_system_gets_404(territory, reported):
    from django.test import Client

    other = UserFactory(role="librarian", email="skuodas@test.lt")
    territory.system_b.memberships.create(user=other, role="director")
    client = Client()
    client.force_login(other, backend="paskyros.backends.EmailBackend")
    assert client.get(reported.get_absolute_url()).status_code == 404
    assert client.post(reverse("konsultacijos:action_done",
                               args=[reported.actions.get().pk])).status_code == 404
    listed = client.get(reverse("konsultacijos:visit_list")).context["object_list"]
    assert list(listed) == []


def test_a_librarian_of_library_a_who_is_not_its_director_sees_no_visit(territory, reported):
    from django.test import Client

    member = UserFactory(role="librarian", email="nare@test.lt")
    territory.system_a.memberships.create(user=member, role="librarian")
    client = Client()
    client.force_login(member, backend="paskyros.backends.EmailBackend")
    assert client.get(reported.get_absolute_url()).status_code == 404
    assert client.get(reverse("konsultacijos:visit_list")).status_code == 403


def test_management_read_but_do_not_mark_actions_done(manager_client, reported):
    assert manager_client.get(reported.get_absolute_url()).status_code == 200
    action = reported.actions.get()
    response = manager_client.post(reverse("konsultacijos:action_done", args=[action.pk]))
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.done_on is None


# --- agreed actions ---------------------------------------------------------------------------

def test_staff_add_an_action_and_a_bad_one_comes_back_with_its_errors(staff_client, reported):
    url = reverse("konsultacijos:action_create", args=[reported.pk])
    response = staff_client.post(url, {"text": "Parengti ataskaitą", "due_on": "2026-13-01"})
    assert response.status_code == 400
    assert "due_on" in response.context["action_form"].errors
    assert "Parengti ataskaitą" in response.content.decode()
    response = staff_client.post(url, {"text": "Parengti ataskaitą",
                                       "responsible": "Vyr. bibliotekininkė",
                                       "due_on": (_today() + timedelta(days=5)).isoformat()})
    assert response.status_code == 302 and response["Location"].endswith("#veiksmai")
    assert reported.actions.filter(text="Parengti ataskaitą",
                                   responsible="Vyr. bibliotekininkė").exists()


def test_staff_reopen_a_done_action_and_a_director_goes_back_home(client_a, staff_client,
                                                                   reported):
    action = reported.actions.get()
    response = client_a.post(reverse("konsultacijos:action_done", args=[action.pk]),
                             {"next": reverse("home")})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    response = client_a.post(reverse("konsultacijos:action_done", args=[action.pk]),
                             {"next": "https://kitur.example/"})
    assert response["Location"].startswith(reported.get_absolute_url())  # no open redirect
    response = staff_client.post(reverse("konsultacijos:action_reopen", args=[action.pk]))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.done_on is None


def test_an_overdue_action_is_highlighted(staff_client, reported):
    action = reported.actions.get()
    VisitAction.objects.filter(pk=action.pk).update(due_on=_today() - timedelta(days=2))
    html = staff_client.get(reported.get_absolute_url()).content.decode()
    row = html.split(f'data-action="{action.pk}"')[1][:200]
    assert "data-overdue" in row and "table-danger" in row


# --- the list -----------------------------------------------------------------------------------

def test_the_list_shows_upcoming_visits_first_then_the_past(staff_client, territory, staff):
    past = make_visit(library=territory.system_a, by=staff, days_ago=30)
    recent = report(make_visit(library=territory.branch_a, by=staff, days_ago=2), by=staff)
    far = make_visit(library=territory.system_b, by=staff, days_ago=-40)
    near = make_visit(library=territory.school_b, by=staff, days_ago=-3)
    response = staff_client.get(reverse("konsultacijos:visit_list"))
    assert list(response.context["object_list"]) == [near, far, recent, past]
    html = response.content.decode()
    assert html.index(f'data-visit="{far.pk}"') < html.index(f'data-visit="{recent.pk}"')
    rows = {row["object"].pk: row for row in response.context["rows"]}
    assert rows[recent.pk]["past_starts"] and not rows[past.pk]["past_starts"]
    listed = {row["object"].pk: row["object"] for row in response.context["rows"]}
    assert listed[recent.pk].open_actions == 1 and listed[recent.pk].overdue_actions == 0
    assert listed[past.pk].report_due
    by_date = staff_client.get(reverse("konsultacijos:visit_list"), {"sort": "visit_on"})
    assert list(by_date.context["object_list"]) == [past, recent, near, far]


def test_the_list_filters_by_library_with_its_outlets_participant_year_and_status(
        staff_client, territory, staff):
    colleague = UserFactory(role="staff", email="kolege@test.lt", full_name="Jonas Kolega")
    branch = make_visit(library=territory.branch_a, by=staff)
    system = report(make_visit(library=territory.system_a, by=staff, participants=[colleague]),
                    by=staff)
    other = make_visit(library=territory.system_b, by=staff, days_ago=400)
    url = reverse("konsultacijos:visit_list")

    def listed(**query):
        return set(staff_client.get(url, query).context["object_list"])

    assert listed(library=territory.system_a.pk) == {branch, system}
    assert listed(library=territory.branch_a.pk) == {branch}
    assert listed(participant=colleague.pk) == {system}
    assert listed(status="reported") == {system}
    assert listed(year=str(other.visit_on.year)) >= {other}
    assert listed(municipality=territory.municipality_b.pk) == {other}


def test_a_director_lists_their_librarys_and_outlets_visits_only(client_a, territory, staff,
                                                                  visit, reported):
    make_visit(library=territory.system_b, by=staff)
    response = client_a.get(reverse("konsultacijos:visit_list"))
    assert response.status_code == 200
    assert set(response.context["object_list"]) == {visit, reported}
    assert "municipality" not in response.context["filter"].form.fields
    assert not response.context["can_plan"]
    assert reverse("konsultacijos:visit_create") not in response.content.decode()


def test_the_list_exports_to_xlsx(staff_client, reported, tmp_path):
    response = staff_client.get(reverse("konsultacijos:visit_list"), {"export": "xlsx"})
    assert response.status_code == 200
    path = tmp_path / "isvykos.xlsx"
    path.write_bytes(response.content)
    rows = list(load_workbook(path).active.values)
    assert rows[1][1] == "Kretingos viešoji biblioteka"
    assert rows[1][3] == "Rūta Skyriūtė" and rows[1][5] == 1


# --- history --------------------------------------------------------------------------------------

def test_the_history_shows_the_visits_and_its_actions_changes(client_a, reported):
    action = reported.actions.get()
    response = client_a.get(reverse("konsultacijos:visit_history", args=[reported.pk]))
    assert response.status_code == 200
    assert response.context["entries"] and response.context["action_entries"]
    assert action.text in response.content.decode()


# --- query budgets --------------------------------------------------------------------------------

def test_the_pages_stay_within_their_query_budgets(staff_client, client_a, territory, staff):
    visits = [report(make_visit(library=territory.branch_a, by=staff, days_ago=n), by=staff,
                     actions=3) for n in range(1, 13)]
    visits += [make_visit(library=territory.system_b, by=staff, days_ago=-n) for n in range(8)]
    one = visits[0]
    for client in (staff_client, client_a):
        client.get(reverse("home"))
        with query_budget(22, "list"):
            assert client.get(reverse("konsultacijos:visit_list")).status_code == 200
        with query_budget(22, "list filtered"):
            assert client.get(reverse("konsultacijos:visit_list"),
                              {"library": territory.system_a.pk, "status": "reported"}
                              ).status_code == 200
        with query_budget(18, "detail"):
            assert client.get(one.get_absolute_url()).status_code == 200
        with query_budget(24, "history"):
            assert client.get(reverse("konsultacijos:visit_history",
                                      args=[one.pk])).status_code == 200
    with query_budget(18, "report form"):
        assert staff_client.get(reverse("konsultacijos:visit_report",
                                        args=[one.pk])).status_code == 200
    with query_budget(18, "edit form"):
        assert staff_client.get(reverse("konsultacijos:visit_update",
                                        args=[one.pk])).status_code == 200
    with query_budget(18, "plan form"):
        assert staff_client.get(reverse("konsultacijos:visit_create")).status_code == 200
