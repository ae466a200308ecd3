"""The consultation pages as each role sees them: the list (filters, totals, sorting,
export), the record's page, editing (two editors), the actions, attachments, history,
the topics, and what the library card, a project, a training and the home page show."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bibliotekos.models import Membership
from konsultacijos.models import Channel, Consultation, ConsultationAttachment, Topic
from konsultacijos.tests.factories import make_consultation, topic
from portalas.testing import count_queries, query_budget
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("konsultacijos:consultation_list")
TOPICS = reverse("konsultacijos:topic_list")
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def _english(settings):
    """The pages in English (the source strings), whatever the catalogue holds."""
    settings.LANGUAGE_CODE = "en"


def url(name, obj):
    return reverse(f"konsultacijos:{name}", args=[obj.pk])


@pytest.fixture
def records(territory, staff):
    """A's branch's consultation, one with A's system (an overdue follow-up), and one with
    school library B."""
    today = timezone.localdate()
    branch = make_consultation(library=territory.branch_a, by=staff, minutes=30,
                               question="Kaip skaičiuoti DARBĖNŲ renginius?",
                               held_on=today - timedelta(days=2))
    system = make_consultation(library=territory.system_a, by=staff, minutes=90,
                               channel=Channel.EMAIL, topic=topic("Projektai"),
                               follow_up="Atsiųsti paraiškos pavyzdį",
                               follow_up_due=today - timedelta(days=1),
                               held_on=today - timedelta(days=10))
    school = make_consultation(library=territory.school_b, by=staff, minutes=15,
                               person_name="Birutė Bėrienė", held_on=today)
    return branch, system, school


def listed(response):
    return set(response.context["object_list"])


# --- the list ------------------------------------------------------------------------------

def test_staff_and_management_read_every_record(staff_client, manager_client, records):
    for client in (staff_client, manager_client):
        response = client.get(LIST)
        assert response.status_code == 200
        assert listed(response) == set(records)


def test_a_director_sees_their_library_and_its_outlets_records(client_a, records):
    branch, system, school = records
    response = client_a.get(LIST)
    assert response.status_code == 200
    assert listed(response) == {branch, system}
    assert school.person_name not in response.content.decode()
    assert "Log a consultation" not in response.content.decode()


def test_a_school_librarian_may_not_open_the_list(client_b, records):
    assert client_b.get(LIST).status_code == 403
    assert client_b.get(LIST, {"export": "csv"}).status_code == 403


def test_the_list_shows_the_totals_of_what_the_filter_leaves(staff_client, records, territory):
    response = staff_client.get(LIST)
    assert response.context["totals"]["count"] == 3
    assert response.context["totals"]["minutes"] == 135
    response = staff_client.get(LIST, {"library": territory.system_a.pk})
    assert response.context["totals"] == {"count": 2, "minutes": 120,
                                          "hours": pytest.approx(2)}
    assert "Log a consultation" in response.content.decode()


def test_the_library_filter_takes_the_outlets_along(staff_client, records, territory):
    branch, system, school = records
    assert listed(staff_client.get(LIST, {"library": territory.system_a.pk})) == {branch,
                                                                               system}
    assert listed(staff_client.get(LIST, {"library": territory.branch_a.pk})) == {branch}


def test_filters_by_municipality_channel_topic_dates_and_follow_up(staff_client, records,
                                                                    territory):
    branch, system, school = records
    today = timezone.localdate()
    assert listed(staff_client.get(LIST, {"municipality": territory.municipality_b.pk})) == {
        school}
    assert listed(staff_client.get(LIST, {"channel": "email"})) == {system}
    assert listed(staff_client.get(LIST, {"topic": topic("Projektai").pk})) == {system}
    assert listed(staff_client.get(LIST, {"follow_up": "overdue"})) == {system}
    assert listed(staff_client.get(LIST, {"follow_up": "open"})) == {system}
    assert listed(staff_client.get(LIST, {
        "held_from": f"{today - timedelta(days=3):%Y-%m-%d}",
        "held_to": f"{today - timedelta(days=1):%Y-%m-%d}"})) == {branch}


def test_a_badly_typed_date_is_reported_not_silently_dropped(staff_client, records):
    response = staff_client.get(LIST, {"held_from": "2025-13-45"})
    assert response.status_code == 200
    assert "Some filters were not applied" in response.content.decode()


def test_the_search_folds_lithuanian_case(staff_client, records):
    branch, system, school = records
    assert listed(staff_client.get(LIST, {"q": "darbėnų"})) == {branch}
    assert listed(staff_client.get(LIST, {"q": "BĖRIENĖ"})) == {school}
    assert listed(staff_client.get(LIST, {"q": "pavyzd"})) == set()


def test_the_list_sorts_by_minutes_and_by_library(staff_client, records):
    branch, system, school = records
    response = staff_client.get(LIST, {"sort": "-minutes"})
    assert list(response.context["object_list"]) == [system, branch, school]
    response = staff_client.get(LIST, {"sort": "library__name"})
    assert [c.library.name for c in response.context["object_list"]] == [
        "Darbėnų filialas", "Kretingos viešoji biblioteka", "Skuodo gimnazijos biblioteka"]


def test_the_export_holds_the_filtered_list_with_hours(staff_client, records, territory):
    response = staff_client.get(LIST, {"library": territory.system_a.pk, "export": "xlsx",
                                       "sort": "-minutes"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:3] == ("Date", "Library code", "Library")
    data = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    assert len(data) == 2
    assert [row["Minutes"] for row in data] == [90, 30]
    assert [row["Hours"] for row in data] == [1.5, 0.5]
    assert data[0]["Library code"] == "SVB-KRE"
    assert data[0]["Municipality"] == "Kretingos rajono savivaldybė"
    assert data[0]["Follow-up"] == "Atsiųsti paraiškos pavyzdį"
    assert data[0]["Channel"] == "E-mail"
    assert data[1]["Question"] == "Kaip skaičiuoti DARBĖNŲ renginius?"


def test_a_directors_export_holds_only_their_records(client_a, records):
    content = client_a.get(LIST, {"export": "csv"}).content.decode("utf-8-sig")
    assert "Darbėnų filialas" in content and "Skuodo" not in content


def test_the_list_costs_the_same_for_three_records_and_thirty(staff_client, records,
                                                               territory, staff):
    staff_client.get(LIST)  # the session's first request writes what it remembers
    few = count_queries(lambda: staff_client.get(LIST))
    for number in range(27):
        make_consultation(library=territory.central_a, by=staff, person_name=f"Asmuo {number}")
    many = count_queries(lambda: staff_client.get(LIST))
    assert many == few
    with query_budget(20):
        staff_client.get(LIST, {"export": "xlsx"})


# --- one record ------------------------------------------------------------------------------

def test_the_record_page_as_each_role(staff_client, manager_client, client_a, client_b,
                                      records):
    branch, system, school = records
    page = staff_client.get(url("consultation_detail", branch))
    assert page.status_code == 200
    assert url("consultation_update", branch) in page.content.decode()
    page = manager_client.get(url("consultation_detail", branch))
    assert page.status_code == 200
    assert url("consultation_update", branch) not in page.content.decode()
    assert client_a.get(url("consultation_detail", branch)).status_code == 200
    assert client_a.get(url("consultation_detail", school)).status_code == 404
    assert client_b.get(url("consultation_detail", branch)).status_code == 404


def test_the_record_page_shows_its_follow_up_and_links(staff_client, records, territory, staff):
    from mokymai.tests.factories import make_event
    from projektai.tests.factories import make_project

    project = make_project(by=staff, title="Skaitymo vasara")
    event = make_event(title="Statistikos seminaras")
    consultation = make_consultation(library=territory.branch_a, by=staff, project=project,
                                     event=event, follow_up="Paskambinti",
                                     follow_up_due=timezone.localdate())
    content = staff_client.get(url("consultation_detail", consultation)).content.decode()
    assert project.get_absolute_url() in content and event.get_absolute_url() in content
    assert url("consultation_follow_up_done", consultation) in content
    assert reverse("konsultacijos:entry_create_from", args=[consultation.pk]) in content


def test_the_record_page_keeps_to_its_query_budget(staff_client, records, staff):
    branch = records[0]
    for number in range(3):
        ConsultationAttachment.objects.create(consultation=branch, name=f"{number}.pdf",
                                              file=f"konsultacijos/{number}.pdf",
                                              uploaded_by=staff)
    with query_budget(25):
        assert staff_client.get(url("consultation_detail", branch)).status_code == 200


# --- editing -----------------------------------------------------------------------------------

def edit_data(consultation, **overrides):
    data = {"library": f"{consultation.library.name} ({consultation.library.code})",
            "held_on": f"{consultation.held_on:%Y-%m-%d}", "channel": consultation.channel,
            "topic": consultation.topic_id, "person": consultation.person_id or "",
            "person_name": consultation.person_name, "question": consultation.question,
            "answer": consultation.answer, "minutes": str(consultation.minutes),
            "staff_member": consultation.staff_member_id, "follow_up": consultation.follow_up,
            "follow_up_due": "", "project": "", "event": "",
            "version": str(consultation.version)}
    data.update(overrides)
    return data


def test_staff_edit_a_record(staff_client, records):
    branch = records[0]
    response = staff_client.get(url("consultation_update", branch))
    assert response.status_code == 200
    assert 'value="Darbėnų filialas (SVB-KRE-F01)"' in response.content.decode()
    response = staff_client.post(url("consultation_update", branch),
                                 edit_data(branch, answer="Naujas atsakymas", minutes="1 h"))
    assert response.status_code == 302
    branch.refresh_from_db()
    assert branch.answer == "Naujas atsakymas" and branch.minutes == 60 and branch.version == 2


def test_an_edit_that_sends_no_staff_member_keeps_the_one_recorded(staff_client, records,
                                                                 staff):
    branch = records[0]
    data = edit_data(branch, answer="Kitas atsakymas")
    del data["staff_member"]
    assert staff_client.post(url("consultation_update", branch), data).status_code == 302
    branch.refresh_from_db()
    assert branch.staff_member == staff and branch.answer == "Kitas atsakymas"


def test_management_and_a_director_may_not_edit(manager_client, client_a, client_b, records):
    branch = records[0]
    assert manager_client.get(url("consultation_update", branch)).status_code == 403
    assert manager_client.post(url("consultation_update", branch),
                               edit_data(branch)).status_code == 403
    assert client_a.post(url("consultation_update", branch), edit_data(branch)).status_code == 403
    assert client_b.post(url("consultation_update", branch), edit_data(branch)).status_code == 404


def test_the_second_of_two_editors_is_told_and_keeps_their_text(staff_client, records, staff):
    from django.test import Client

    branch = records[0]
    colleague = UserFactory(role="staff", email="kolega@test.lt", full_name="Kęstas Kolega")
    other = Client()
    other.force_login(colleague, backend="paskyros.backends.EmailBackend")
    opened = edit_data(branch)
    assert other.post(url("consultation_update", branch),
                      {**opened, "answer": "Kolegos atsakymas"}).status_code == 302
    response = staff_client.post(url("consultation_update", branch),
                                 {**opened, "answer": "Mano atsakymas"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Kęstas Kolega saved this consultation after you opened it" in content
    assert "Mano atsakymas" in content
    branch.refresh_from_db()
    assert branch.answer == "Kolegos atsakymas"
    # saving again, knowingly, keeps theirs
    version = response.context["version"]
    assert staff_client.post(url("consultation_update", branch),
                             {**opened, "answer": "Mano atsakymas",
                              "version": version}).status_code == 302
    branch.refresh_from_db()
    assert branch.answer == "Mano atsakymas"


def test_an_edit_without_a_version_is_never_saved_blindly(staff_client, records):
    branch = records[0]
    data = edit_data(branch, answer="Be versijos")
    del data["version"]
    assert staff_client.post(url("consultation_update", branch), data).status_code == 200
    branch.refresh_from_db()
    assert branch.answer != "Be versijos"


def test_the_history_and_the_topics_keep_to_their_query_budgets(staff_client, records):
    branch = records[0]
    for answer in ("Pirmas", "Antras", "Trečias"):
        staff_client.post(url("consultation_update", branch),
                          edit_data(Consultation.objects.get(pk=branch.pk), answer=answer))
    with query_budget(25):
        assert staff_client.get(url("consultation_history", branch)).status_code == 200
    with query_budget(15):
        assert staff_client.get(TOPICS).status_code == 200


def test_the_home_panel_costs_one_query(rf, staff, records):
    from konsultacijos.panels_consultations import my_follow_ups

    request = rf.get("/")
    request.user = staff
    with query_budget(1):
        panel = my_follow_ups(request)
    assert [c.follow_up for c in panel["consultations"]] == ["Atsiųsti paraiškos pavyzdį"]
    assert panel["overdue"] == 1


def test_the_history_is_read_by_those_who_read_the_record(staff_client, client_a, client_b,
                                                          records):
    branch = records[0]
    response = staff_client.get(url("consultation_history", branch))
    assert response.status_code == 200 and response.context["entries"]
    assert client_a.get(url("consultation_history", branch)).status_code == 200
    assert client_b.get(url("consultation_history", branch)).status_code == 404


# --- actions -----------------------------------------------------------------------------------

def test_staff_delete_a_record_logged_by_mistake(staff_client, client_a, records):
    branch = records[0]
    assert staff_client.get(url("consultation_delete", branch)).status_code == 405
    assert client_a.post(url("consultation_delete", branch)).status_code == 403
    response = staff_client.post(url("consultation_delete", branch))
    assert response.status_code == 302 and response["Location"] == LIST
    assert not Consultation.objects.filter(pk=branch.pk).exists()


def test_staff_mark_a_follow_up_done_and_return_where_they_were(staff_client, client_a,
                                                                manager_client, records):
    system = records[1]
    assert client_a.post(url("consultation_follow_up_done", system)).status_code == 403
    assert manager_client.post(url("consultation_follow_up_done", system)).status_code == 403
    response = staff_client.post(url("consultation_follow_up_done", system), {"next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    system.refresh_from_db()
    assert system.follow_up_done_at is not None
    response = staff_client.post(url("consultation_follow_up_done", system),
                                 {"next": "https://evil.example/"})
    assert response["Location"] == url("consultation_detail", system)


def test_a_record_without_a_follow_up_says_so(staff_client, records):
    branch = records[0]
    response = staff_client.post(url("consultation_follow_up_done", branch), follow=True)
    assert "has no follow-up" in response.content.decode()


def test_attachments_are_added_downloaded_and_removed(staff_client, client_a, client_b,
                                                      records):
    branch = records[0]
    upload = SimpleUploadedFile("Atsakymas (galutinis).pdf", PDF, "application/pdf")
    response = staff_client.post(url("attachment_add", branch), {"file": upload})
    assert response.status_code == 302
    attachment = branch.attachments.get()
    assert attachment.name == "Atsakymas-galutinis.pdf"
    download = client_a.get(url("attachment_download", attachment))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "no-store" in download["Cache-Control"]
    assert client_b.get(url("attachment_download", attachment)).status_code == 404
    assert client_a.post(url("attachment_delete", attachment)).status_code == 403
    assert client_a.post(url("attachment_add", branch),
                         {"file": SimpleUploadedFile("x.pdf", PDF)}).status_code == 403
    assert staff_client.post(url("attachment_delete", attachment)).status_code == 302
    assert not branch.attachments.exists()


def test_a_file_whose_content_is_not_its_type_is_refused(staff_client, records):
    branch = records[0]
    fake = SimpleUploadedFile("ataskaita.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = staff_client.post(url("attachment_add", branch), {"file": fake}, follow=True)
    assert "does not match its type" in response.content.decode()
    assert not branch.attachments.exists()


def test_a_file_over_the_limit_is_refused(staff_client, records, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    branch = records[0]
    big = SimpleUploadedFile("didelis.pdf", PDF + b"0" * (1024 * 1024), "application/pdf")
    staff_client.post(url("attachment_add", branch), {"file": big})
    assert not branch.attachments.exists()


# --- topics ------------------------------------------------------------------------------------

def test_the_topics_are_read_by_records_readers_and_kept_by_staff(
        staff_client, manager_client, client_a, client_b):
    assert staff_client.get(TOPICS).status_code == 200
    assert manager_client.get(TOPICS).status_code == 200
    assert client_a.get(TOPICS).status_code == 200
    assert client_b.get(TOPICS).status_code == 403
    create = reverse("konsultacijos:topic_create")
    assert manager_client.post(create, {"name": "Nauja", "order": 5}).status_code == 403
    assert staff_client.post(create, {"name": "Skaitmeninimas", "order": 5,
                                      "active": "on"}).status_code == 302
    assert Topic.objects.filter(name="Skaitmeninimas", active=True).exists()


def test_a_topic_is_not_added_twice(staff_client):
    topic("Statistika")
    response = staff_client.post(reverse("konsultacijos:topic_create"),
                                 {"name": "  STATISTIKA ", "order": 5})
    assert response.status_code == 200
    assert Topic.objects.filter(name__iexact="statistika").count() == 1


def test_a_topic_out_of_use_stays_on_old_records_but_is_not_offered(staff_client, records):
    branch = records[0]
    old = branch.topic
    assert staff_client.post(url("topic_update", old), {"name": old.name, "order": 10}
                             ).status_code == 302
    old.refresh_from_db()
    assert not old.active
    new_form = staff_client.get(reverse("konsultacijos:consultation_create")).context["form"]
    assert old not in new_form.fields["topic"].queryset
    edit_form = staff_client.get(url("consultation_update", branch)).context["form"]
    assert old in edit_form.fields["topic"].queryset


# --- what other pages show ------------------------------------------------------------------

def test_the_library_card_shows_its_and_its_outlets_consultations(staff_client, client_a,
                                                                  records, territory):
    card = reverse("bibliotekos:library_detail", args=[territory.system_a.pk])
    with query_budget(40):
        response = staff_client.get(card)
    content = response.content.decode()
    assert 'id="library-consultations"' in content
    assert f"?library={territory.system_a.pk}" in content
    assert "Kaip skaičiuoti DARBĖNŲ renginius?" in content
    assert 'id="library-consultations"' in client_a.get(card).content.decode()


def test_the_library_card_leaves_consultations_out_for_a_director_without_any(
        client_a, territory):
    card = reverse("bibliotekos:library_detail", args=[territory.system_a.pk])
    assert 'id="library-consultations"' not in client_a.get(card).content.decode()


def test_a_project_and_a_training_show_the_consultations_about_them(
        staff_client, client_a, territory, staff, librarian_a):
    from mokymai.tests.factories import make_event
    from projektai.tests.factories import make_project

    project = make_project(by=librarian_a, owner_library=territory.system_a,
                           title="Kretingos skaitymai")
    event = make_event(title="Statistikos seminaras")
    make_consultation(library=territory.school_b, by=staff, project=project, event=event,
                      question="Mokyklos klausimas apie projektą")
    make_consultation(library=territory.branch_a, by=staff, project=project, event=event,
                      question="Filialo klausimas apie projektą")
    for page in (project.get_absolute_url(), event.get_absolute_url()):
        content = staff_client.get(page).content.decode()
        assert "Mokyklos klausimas" in content and "Filialo klausimas" in content
        content = client_a.get(page).content.decode()
        assert "Mokyklos klausimas" not in content and "Filialo klausimas" in content


def test_a_training_with_no_consultations_shows_no_panel(staff_client):
    from mokymai.tests.factories import make_event

    event = make_event(title="Tuščias seminaras")
    assert 'id="event-consultations"' not in staff_client.get(
        event.get_absolute_url()).content.decode()


def test_the_home_page_shows_staff_their_follow_ups_overdue_first(staff_client, client_a,
                                                                 records, territory, staff):
    today = timezone.localdate()
    make_consultation(library=territory.branch_a, by=staff, follow_up="Vėlesnis darbas",
                      follow_up_due=today + timedelta(days=5))
    content = staff_client.get(reverse("home")).content.decode()
    assert 'id="home-follow-ups"' in content
    assert content.index("Atsiųsti paraiškos pavyzdį") < content.index("Vėlesnis darbas")
    assert 'id="home-follow-ups"' not in client_a.get(reverse("home")).content.decode()


def test_a_director_of_another_system_sees_none_of_as_records(territory, staff, records):
    from django.test import Client

    director_b = UserFactory(role="librarian", email="direktorius-b@test.lt")
    Membership.objects.create(user=director_b, library=territory.system_b, role="director")
    client = Client()
    client.force_login(director_b, backend="paskyros.backends.EmailBackend")
    assert listed(client.get(LIST)) == set()
    assert client.get(url("consultation_detail", records[0])).status_code == 404
