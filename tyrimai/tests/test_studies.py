"""Studies' pages: the list, a new study (empty, from the shipped questionnaire, the next
round of an earlier one), its page and status, editing by two people at once, the
participating libraries with their links, a librarian's hub and the e-mail when a study
opens — and who may do what (a librarian: 403 on the department's pages, 404 on another
library's things; management: reads, 403 on writes)."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from bibliotekos.models import Library, LibraryKind
from portalas.testing import count_queries, query_budget
from tyrimai.models import Participation, Study, StudyStatus
from tyrimai.tests.factories import answer, make_study

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(territory, staff):
    return make_study(libraries=[territory.branch_a, territory.central_b],
                      status=StudyStatus.DRAFT, by=staff, title="Skaitytojų poreikiai 2026")


def _form(**changes) -> dict:
    today = timezone.localdate()
    data = {"title": "Pasitenkinimo tyrimas 2026", "aim": "Sužinoti, ko trūksta",
            "target_group": "Skaitytojai nuo 15 metų", "method": "questionnaire",
            "opens_on": today.isoformat(), "closes_on": (today + timedelta(days=30)).isoformat(),
            "languages": ["en", "ru"], "start": "template:satisfaction"}
    data.update(changes)
    return data


# --- creating ----------------------------------------------------------------------------------

def test_staff_create_a_study_from_the_shipped_questionnaire(staff_client, staff):
    response = staff_client.post(reverse("tyrimai:study_create"), _form())
    study = Study.objects.get()
    assert response.status_code == 302 and response["Location"] == study.get_absolute_url()
    assert study.template == "satisfaction" and study.created_by == staff
    assert study.languages == ["en", "ru"] and study.status == StudyStatus.DRAFT
    assert study.questions.count() == 11 and study.key_question.code == "Q5"


def test_an_empty_study_has_no_questions(staff_client):
    staff_client.post(reverse("tyrimai:study_create"), _form(start="empty"))
    study = Study.objects.get()
    assert not study.questions.exists() and study.template == ""


def test_the_next_round_copies_the_questionnaire_and_points_to_the_previous(
        staff_client, draft):
    response = staff_client.get(reverse("tyrimai:study_create") + f"?copy={draft.pk}")
    assert response.context["form"].initial["copy_of"] == draft.pk
    staff_client.post(reverse("tyrimai:study_create"),
                      _form(start="copy", copy_of=draft.pk, title="Poreikiai 2027"))
    copy = Study.objects.get(title="Poreikiai 2027")
    assert copy.previous == draft
    assert sorted(copy.questions.values_list("code", flat=True)) == sorted(
        draft.questions.values_list("code", flat=True))
    assert copy.questions.get(code="Q2").show_if.code == "Q1"
    assert not copy.participations.exists()


def test_a_copy_needs_the_study_to_copy_and_dates_in_order(staff_client):
    response = staff_client.post(reverse("tyrimai:study_create"), _form(
        start="copy", closes_on="2020-01-01"))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"copy_of", "closes_on"}
    assert not Study.objects.exists()


# --- who may do what ---------------------------------------------------------------------------

def test_a_librarian_gets_403_on_the_list_and_404_on_a_study(client_a, draft):
    assert client_a.get(reverse("tyrimai:study_list")).status_code == 403
    assert client_a.get(reverse("tyrimai:study_create")).status_code == 403
    for name in ("study_detail", "study_update", "study_history", "study_participants",
                 "questionnaire"):
        assert client_a.get(reverse(f"tyrimai:{name}", args=[draft.pk])).status_code == 404
    assert client_a.post(reverse("tyrimai:study_status", args=[draft.pk]),
                         {"to": "open"}).status_code == 404


def test_management_reads_but_may_not_write(manager_client, draft):
    for name in ("study_detail", "study_history", "study_participants", "questionnaire"):
        assert manager_client.get(reverse(f"tyrimai:{name}", args=[draft.pk])).status_code == 200
    assert manager_client.get(reverse("tyrimai:study_list")).status_code == 200
    assert manager_client.get(reverse("tyrimai:study_create")).status_code == 403
    assert manager_client.get(reverse("tyrimai:study_update", args=[draft.pk])).status_code == 403
    assert manager_client.post(reverse("tyrimai:study_status", args=[draft.pk]),
                               {"to": "open"}).status_code == 403
    assert manager_client.post(reverse("tyrimai:study_participants", args=[draft.pk]),
                               {"libraries": []}).status_code == 403
    draft.refresh_from_db()
    assert draft.status == StudyStatus.DRAFT and draft.participations.count() == 2


# --- the list ----------------------------------------------------------------------------------

def test_the_list_counts_libraries_and_answers_and_filters_by_status_and_year(
        staff_client, territory, draft):
    running = make_study(libraries=[territory.system_a], title="Čiurlionio skaitymai")
    link = running.participations.get()
    answer(link)
    answer(link)
    Study.objects.filter(pk=draft.pk).update(opens_on=date(2024, 3, 1),
                                             closes_on=date(2024, 4, 1))
    response = staff_client.get(reverse("tyrimai:study_list"))
    rows = {row["object"].title: row["object"] for row in response.context["rows"]}
    assert rows["Čiurlionio skaitymai"].response_count == 2
    assert rows["Čiurlionio skaitymai"].library_count == 1
    assert rows["Skaitytojų poreikiai 2026"].library_count == 2
    only_open = staff_client.get(reverse("tyrimai:study_list") + "?status=open")
    assert [r["object"].pk for r in only_open.context["rows"]] == [running.pk]
    in_2024 = staff_client.get(reverse("tyrimai:study_list") + "?year=2024")
    assert [r["object"].pk for r in in_2024.context["rows"]] == [draft.pk]
    by_title = staff_client.get(reverse("tyrimai:study_list") + "?sort=title")
    assert [r["object"].title for r in by_title.context["rows"]] == [
        "Čiurlionio skaitymai", "Skaitytojų poreikiai 2026"]


def test_the_list_query_count_does_not_grow_with_studies(staff_client, territory):
    make_study(libraries=[territory.system_a])
    url = reverse("tyrimai:study_list")
    few = count_queries(lambda: staff_client.get(url))
    for n in range(4):
        make_study(libraries=[territory.system_a, territory.central_b], title=f"Tyrimas {n}")
    with query_budget(few):
        response = staff_client.get(url)
    assert len(response.context["rows"]) == 5


# --- one study -----------------------------------------------------------------------------------

def test_the_page_shows_each_library_with_its_answers(staff_client, territory):
    study = make_study(libraries=[territory.branch_a, territory.central_b])
    link = study.participations.get(library=territory.branch_a)
    answer(link)
    answer(link)
    url = reverse("tyrimai:study_detail", args=[study.pk])
    with query_budget(25):
        response = staff_client.get(url)
    counts = {p.library.name: p.counted for p in response.context["participations"]}
    assert counts == {"Darbėnų filialas": 2, "Skuodo centrinė biblioteka": 0}
    assert response.context["answer_count"] == 2
    before = count_queries(lambda: staff_client.get(url))
    for library in (territory.system_a, territory.school_b, territory.system_b):
        Participation.objects.create(study=study, library=library)
    assert count_queries(lambda: staff_client.get(url)) == before


def test_opening_a_draft_mails_the_directors_their_absolute_link(
        staff_client, draft, librarian_a, settings, django_capture_on_commit_callbacks):
    settings.PORTAL_BASE_URL = "https://regionas.example.lt"
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("tyrimai:study_status", args=[draft.pk]),
                                     {"to": "open"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == StudyStatus.OPEN
    assert len(mail.outbox) == 1                      # the director of system A only
    message = mail.outbox[0]
    link = draft.participations.get(library__name="Darbėnų filialas")
    assert message.to == ["a@test.lt"]
    assert f"https://regionas.example.lt/tyrimai/a/{link.token}/" in message.body
    assert "Skaitytojų poreikiai 2026" in message.subject


def test_closing_and_opening_again_sends_no_second_mail(
        staff_client, territory, django_capture_on_commit_callbacks, librarian_a):
    study = make_study(libraries=[territory.branch_a])
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("tyrimai:study_status", args=[study.pk]), {"to": "closed"})
        staff_client.post(reverse("tyrimai:study_status", args=[study.pk]), {"to": "open"})
    study.refresh_from_db()
    assert study.status == StudyStatus.OPEN and mail.outbox == []


def test_a_study_without_libraries_is_not_opened(staff_client, staff):
    study = make_study(libraries=[], status=StudyStatus.DRAFT)
    response = staff_client.post(reverse("tyrimai:study_status", args=[study.pk]),
                                 {"to": "open"}, follow=True)
    study.refresh_from_db()
    assert study.status == StudyStatus.DRAFT
    assert any("dalyvaujančią biblioteką" in str(m) for m in response.context["messages"])


def test_an_unknown_status_changes_nothing(staff_client, draft):
    staff_client.post(reverse("tyrimai:study_status", args=[draft.pk]), {"to": "deleted"})
    draft.refresh_from_db()
    assert draft.status == StudyStatus.DRAFT


# --- editing -------------------------------------------------------------------------------------

def _edit(draft, **changes) -> dict:
    data = {"title": draft.title, "aim": "", "target_group": "", "method": draft.method,
            "opens_on": draft.opens_on.isoformat(), "closes_on": draft.closes_on.isoformat(),
            "languages": ["en"], "version": draft.version}
    data.update(changes)
    return data


def test_the_second_of_two_editors_is_refused_and_keeps_the_typed_text(
        staff_client, draft, staff):
    url = reverse("tyrimai:study_update", args=[draft.pk])
    seen = draft.version
    first = staff_client.post(url, _edit(draft, title="Pirmoji redakcija", version=seen))
    assert first.status_code == 302
    second = staff_client.post(url, _edit(draft, title="Antroji redakcija", version=seen))
    assert second.status_code == 200
    assert "Rūta Skyriūtė" in second.content.decode()
    assert second.context["form"]["title"].value() == "Antroji redakcija"
    draft.refresh_from_db()
    assert draft.title == "Pirmoji redakcija" and draft.version == seen + 1
    again = staff_client.post(url, _edit(draft, title="Antroji redakcija",
                                         version=second.context["version"]))
    assert again.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Antroji redakcija"
    history = staff_client.get(reverse("tyrimai:study_history", args=[draft.pk]))
    assert "Antroji redakcija" in history.content.decode()


def test_an_edit_without_a_version_is_not_saved_blindly(staff_client, draft):
    data = _edit(draft, title="Be versijos")
    del data["version"]
    response = staff_client.post(reverse("tyrimai:study_update", args=[draft.pk]), data)
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.title == "Skaitytojų poreikiai 2026"


# --- participating libraries ---------------------------------------------------------------------

def test_a_municipality_adds_its_open_libraries_and_a_library_left_out_is_dropped(
        staff_client, draft, territory):
    url = reverse("tyrimai:study_participants", args=[draft.pk])
    response = staff_client.post(url, {"municipalities": [territory.municipality_a.pk],
                                       "libraries": [territory.school_b.pk]})
    assert response.status_code == 302
    names = set(draft.participations.values_list("library__name", flat=True))
    assert names == {"Kretingos viešoji biblioteka", "Kretingos centrinė biblioteka",
                     "Darbėnų filialas", "Skuodo gimnazijos biblioteka"}   # no closed point


def test_a_library_with_answers_stops_collecting_but_keeps_its_link(
        staff_client, territory):
    study = make_study(libraries=[territory.branch_a, territory.central_b])
    link = study.participations.get(library=territory.branch_a)
    answer(link)
    staff_client.post(reverse("tyrimai:study_participants", args=[study.pk]),
                      {"libraries": [territory.central_b.pk]})
    link.refresh_from_db()
    assert not link.active and link.responses.count() == 1


def test_the_participants_page_shows_absolute_links_qr_codes_and_poster_buttons(
        staff_client, territory, settings):
    settings.PORTAL_BASE_URL = "https://regionas.example.lt"
    study = make_study(libraries=[territory.branch_a])
    url = reverse("tyrimai:study_participants", args=[study.pk])
    with query_budget(25):
        response = staff_client.get(url)
    page = response.content.decode()
    token = study.participations.get().token
    assert f"https://regionas.example.lt/tyrimai/a/{token}/" in page
    assert "<svg" in page and 'value="tyrimai.poster"' in page
    assert "Kretingos rajono savivaldybė" in page         # libraries grouped by municipality
    before = count_queries(lambda: staff_client.get(url))
    for n in range(4):
        library = Library.objects.create(code=f"X{n}", name=f"Naujas filialas {n}",
                                         kind=LibraryKind.RURAL_BRANCH,
                                         parent=territory.central_a,
                                         municipality=territory.municipality_a)
        Participation.objects.create(study=study, library=library)
    assert count_queries(lambda: staff_client.get(url)) == before


# --- a librarian's hub ---------------------------------------------------------------------------

def test_my_studies_shows_my_librarys_links_and_not_anothers(client_a, client_b, territory):
    study = make_study(libraries=[territory.branch_a, territory.central_b],
                       title="Vaikų skaitymo įpročiai")
    make_study(libraries=[territory.branch_a], status=StudyStatus.DRAFT, title="Juodraštis")
    mine = study.participations.get(library=territory.branch_a)
    theirs = study.participations.get(library=territory.central_b)
    with query_budget(20):
        response = client_a.get(reverse("tyrimai:my_studies"))
    page = response.content.decode()
    assert mine.token in page and theirs.token not in page
    assert "Vaikų skaitymo įpročiai" in page and "Juodraštis" not in page
    assert "<svg" in page and 'value="tyrimai.poster"' in page
    other = client_b.get(reverse("tyrimai:my_studies")).content.decode()
    assert mine.token not in other


def test_my_studies_offers_paper_entry_and_kiosk_only_while_collecting(client_a, territory):
    study = make_study(libraries=[territory.branch_a])
    study.status = StudyStatus.CLOSED
    study.save()
    response = client_a.get(reverse("tyrimai:my_studies"))
    (closed,) = response.context["groups"][1]["items"]
    assert closed.paper_url == "" and closed.kiosk_url == ""


# --- what other pages show -------------------------------------------------------------------

def test_the_home_page_shows_staff_the_studies_collecting_answers_and_a_librarian_the_link(
        staff_client, client_a, client_b, territory):
    study = make_study(libraries=[territory.branch_a], title="Bibliotekos ir bendruomenė")
    answer(study.participations.get())
    staff_page = staff_client.get(reverse("home")).content.decode()
    assert "Bibliotekos ir bendruomenė" in staff_page
    librarian_page = client_a.get(reverse("home")).content.decode()
    assert study.participations.get().token in librarian_page
    assert study.participations.get().token not in client_b.get(reverse("home")).content.decode()


def test_the_library_card_lists_the_studies_it_takes_part_in(staff_client, client_a,
                                                            territory):
    make_study(libraries=[territory.branch_a], title="Atviras tyrimas")
    make_study(libraries=[territory.branch_a], title="Juodraštis", status=StudyStatus.DRAFT)
    card = reverse("bibliotekos:library_detail", args=[territory.branch_a.pk])
    staff_page = staff_client.get(card).content.decode()
    assert "Atviras tyrimas" in staff_page and "Juodraštis" in staff_page
    librarian_page = client_a.get(card).content.decode()
    assert "Atviras tyrimas" in librarian_page and "Juodraštis" not in librarian_page
