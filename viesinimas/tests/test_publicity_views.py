"""The publicity log's pages as each role uses them: the list (filters, totals, export), the
entry typed in or from a link, its page, editing by two people at once, deleting, the file
(only through the view), the history; another library's entry is a 404, a page closed to
the role a 403; every list and page keeps to a query budget whatever the number of rows."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from portalas.testing import count_queries, query_budget
from tests.factories import UserFactory
from viesinimas import views_publicity
from viesinimas.fetcher import FetchRefused, PageInfo
from viesinimas.models import Publication, PublicationChannel
from viesinimas.tests.factories_publicity import (
    PDF,
    make_event,
    make_practice,
    make_publication,
    png_bytes,
    upload,
)

pytestmark = pytest.mark.django_db

LIST = reverse("viesinimas:publication_list")
CREATE = reverse("viesinimas:publication_create")
FROM_LINK = reverse("viesinimas:publication_from_link")


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def url(name, obj):
    return reverse(f"viesinimas:{name}", args=[obj.pk])


@pytest.fixture
def entries(territory, staff, django_capture_on_commit_callbacks):
    """A's branch's press article (with a file), one about system A and school B, one
    about school B only, and the department's own."""
    with django_capture_on_commit_callbacks(execute=True):
        branch = make_publication(by=staff, libraries=[territory.branch_a],
                                  title="Darbėnų filiale – vasaros skaitymai",
                                  file=upload(), days_ago=2)
    shared = make_publication(by=staff, libraries=[territory.system_a, territory.school_b],
                              channel=PublicationChannel.RADIO, medium="Žemaitijos radijas",
                              title="Bibliotekų savaitė Kretingoje ir Skuode", reach=None)
    school = make_publication(by=staff, libraries=[territory.school_b],
                              channel=PublicationChannel.SOCIAL, medium="Facebook",
                              title="Skuodo gimnazijos bibliotekos viktorina", reach=340)
    own = make_publication(by=staff, title="Skyriaus metodinė diena", reach=80)
    return branch, shared, school, own


def form_data(**overrides):
    data = {"published_on": f"{timezone.localdate():%Y-%m-%d}", "channel": "press",
            "medium": "Tauragės kurjeris", "title": "Tauragės bibliotekoje – knygų mugė",
            "url": "https://taurageskurjeris.lt/straipsnis/123", "about": "", "reach": "2500",
            "notes": "", "activity": "", "practice": ""}
    data.update(overrides)
    return data


# --- the list -------------------------------------------------------------------------------------

def test_the_list_as_each_role(staff_client, manager_client, client_a, client_b, entries):
    branch, shared, school, own = entries

    def shown(client):
        response = client.get(LIST)
        assert response.status_code == 200
        return {row["object"] for row in response.context["rows"]}

    assert shown(staff_client) == shown(manager_client) == set(entries)
    assert shown(client_a) == {branch, shared}
    assert shown(client_b) == {shared, school}


def test_the_list_is_closed_to_a_librarian_without_a_library(client, entries):
    lonely = UserFactory(role="librarian", email="be-bibliotekos@test.lt")
    client.force_login(lonely, backend="paskyros.backends.EmailBackend")
    assert client.get(LIST).status_code == 403


def test_the_list_filters_and_counts(staff_client, territory, entries):
    branch, shared, school, own = entries
    response = staff_client.get(LIST, {"library": territory.system_a.pk})
    assert {row["object"] for row in response.context["rows"]} == {branch, shared}
    response = staff_client.get(LIST, {"municipality": territory.municipality_b.pk})
    assert {row["object"] for row in response.context["rows"]} == {shared, school}
    response = staff_client.get(LIST, {"channel": "social"})
    assert [row["object"] for row in response.context["rows"]] == [school]
    response = staff_client.get(LIST, {"q": "VIKTORINA"})
    assert [row["object"] for row in response.context["rows"]] == [school]
    today = timezone.localdate()
    response = staff_client.get(LIST, {"published_from": f"{today - timedelta(days=2):%Y-%m-%d}",
                                       "published_to": f"{today:%Y-%m-%d}"})
    assert {row["object"] for row in response.context["rows"]} == {branch}
    totals = staff_client.get(LIST).context["totals"]
    assert totals == {"count": 4, "reach": 1200 + 340 + 80, "with_reach": 3}


def test_a_librarian_is_offered_no_other_library_and_no_municipality(client_a, territory,
                                                                     entries):
    form = client_a.get(LIST).context["filter"].form
    assert territory.school_b not in form.fields["library"].queryset
    assert "municipality" not in form.fields
    response = client_a.get(LIST, {"library": territory.school_b.pk})
    assert response.context["filter"].errors


def test_the_export_opens_back_with_the_filtered_rows(staff_client, client_a, entries):
    branch, shared, school, own = entries
    response = staff_client.get(LIST, {"export": "xlsx", "sort": "published_on"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:6] == ("Date", "Channel", "Medium", "Title", "Libraries", "Reach")
    titles = {row[3] for row in rows[1:]}
    assert titles == {p.title for p in entries}
    shared_row = next(row for row in rows[1:] if row[3] == shared.title)
    assert shared_row[4] == "Kretingos viešoji biblioteka; Skuodo gimnazijos biblioteka"
    branch_row = next(row for row in rows[1:] if row[3] == branch.title)
    assert branch_row[0].date() == branch.published_on and branch_row[5] == 1200
    response = client_a.get(LIST, {"export": "csv"})
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {line[3] for line in lines[1:]} == {branch.title, shared.title}


def test_the_list_keeps_to_its_query_budget(staff_client, client_a, territory, staff):
    for number in range(3):
        make_publication(by=staff, libraries=[territory.system_a, territory.branch_a],
                         title=f"Straipsnis {number}")
    staff_client.get(LIST)              # the session's first request does a little more
    client_a.get(LIST)
    few = count_queries(lambda: staff_client.get(LIST))
    few_a = count_queries(lambda: client_a.get(LIST))
    for number in range(27):
        make_publication(by=staff, libraries=[territory.system_a, territory.school_b],
                         title=f"Kitas straipsnis {number}")
    assert count_queries(lambda: staff_client.get(LIST)) == few
    assert count_queries(lambda: client_a.get(LIST)) == few_a
    with query_budget(20):
        staff_client.get(LIST)
    with query_budget(20):
        staff_client.get(LIST, {"export": "xlsx"})


# --- entering -------------------------------------------------------------------------------------

def test_the_forms_keep_to_their_query_budget(staff_client, staff, territory):
    publication = make_publication(by=staff, libraries=[territory.system_a])
    staff_client.get(CREATE)
    with query_budget(16):
        assert staff_client.get(CREATE).status_code == 200
    with query_budget(18):
        assert staff_client.get(url("publication_update", publication)).status_code == 200


def test_staff_log_a_publication(staff_client, staff, territory):
    assert staff_client.get(CREATE).status_code == 200
    response = staff_client.post(CREATE, form_data(libraries=[territory.system_a.pk]))
    publication = Publication.objects.get()
    assert response.status_code == 302 and response.url == publication.get_absolute_url()
    assert publication.created_by == staff and publication.reach == 2500
    assert list(publication.libraries.all()) == [territory.system_a]


@pytest.mark.parametrize("client_name", ["manager_client", "client_a", "client_b"])
def test_others_cannot_log(client_name, request):
    client = request.getfixturevalue(client_name)
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, form_data()).status_code == 403
    assert client.get(FROM_LINK).status_code == 403
    assert not Publication.objects.exists()


@pytest.mark.parametrize("overrides,field", [
    ({"published_on": "2999-01-01"}, "published_on"),
    ({"published_on": "2025.01.01"}, "published_on"),
    ({"reach": "-3"}, "reach"),
    ({"url": "javascript:alert(1)"}, "url"),
    ({"url": "ftp://example.lt/a"}, "url"),
    ({"title": "   "}, "title"),
])
def test_bad_input_is_refused_with_the_typing_kept(staff_client, overrides, field):
    response = staff_client.post(CREATE, form_data(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert response.context["form"]["medium"].value() == "Tauragės kurjeris"
    assert not Publication.objects.exists()


def test_a_file_is_checked_by_its_content(staff_client):
    fake = SimpleUploadedFile("straipsnis.pdf", b"<script>alert(1)</script>",
                              content_type="application/pdf")
    response = staff_client.post(CREATE, {**form_data(), "file": fake})
    assert "file" in response.context["form"].errors
    picture = SimpleUploadedFile("Iškarpa.PNG", png_bytes(), content_type="image/png")
    response = staff_client.post(CREATE, {**form_data(), "file": picture})
    assert response.status_code == 302
    assert Publication.objects.get().file.name.endswith("/Iskarpa.png")


def test_the_form_starts_from_an_event_a_practice_or_a_library(staff_client, territory):
    event = make_event(library=territory.branch_a)
    practice = make_practice(library=territory.school_b)
    initial = staff_client.get(CREATE, {"activity": event.pk, "practice": practice.pk,
                                        "library": territory.system_a.pk,
                                        "url": "https://www.facebook.com/kretingosbiblioteka/"
                                               "posts/1"}).context["form"].initial
    assert initial["activity"] == event.pk and initial["practice"] == practice.pk
    assert set(initial["libraries"]) == {territory.system_a.pk, territory.branch_a.pk,
                                         territory.school_b.pk}
    assert initial["channel"] == PublicationChannel.SOCIAL
    bad = staff_client.get(CREATE, {"activity": "x", "library": "999999",
                                    "url": "javascript:alert(1)"}).context["form"].initial
    assert "activity" not in bad and "libraries" not in bad and "url" not in bad


# --- the quick entry from a link ------------------------------------------------------------------

def test_with_fetching_off_the_quick_entry_is_the_form_with_the_link(staff_client, settings,
                                                                     monkeypatch):
    settings.PUBLICITY_FETCH_LINKS = False
    monkeypatch.setattr(views_publicity, "fetch_page_info",
                        lambda *a, **k: pytest.fail("fetched while fetching is off"))
    response = staff_client.post(FROM_LINK, {"url": "https://silalesartojas.lt/a/1"})
    assert response.status_code == 302
    assert response.url == f"{CREATE}?url=https%3A%2F%2Fsilalesartojas.lt%2Fa%2F1"
    page = staff_client.get(response.url)
    assert page.context["form"].initial["url"] == "https://silalesartojas.lt/a/1"
    assert "publicity-from-link" not in staff_client.get(LIST).content.decode()


def test_with_fetching_on_the_link_comes_first_then_the_prefilled_form(staff_client, staff,
                                                                       settings, monkeypatch):
    settings.PUBLICITY_FETCH_LINKS = True
    asked = []

    def fetched(link, **kwargs):
        asked.append((link, kwargs))
        return PageInfo(url=link, title="Jurbarko bibliotekoje – poezijos vakaras",
                        published_on=date(2025, 5, 12), medium="Jurbarko šviesa")

    monkeypatch.setattr(views_publicity, "fetch_page_info", fetched)
    first = staff_client.get(FROM_LINK)
    assert first.status_code == 200 and list(first.context["form"].fields) == ["url"]
    response = staff_client.post(FROM_LINK, {"url": "https://jurbarkosviesa.lt/poezija"})
    assert asked == [("https://jurbarkosviesa.lt/poezija", {})]       # never with ``allow``
    form = response.context["form"]
    assert form.initial["title"] == "Jurbarko bibliotekoje – poezijos vakaras"
    assert form.initial["published_on"] == date(2025, 5, 12)
    assert form.initial["medium"] == "Jurbarko šviesa"
    assert form.initial["channel"] == PublicationChannel.WEBSITE
    assert response.context["action"] == CREATE
    saved = staff_client.post(CREATE, form_data(title=form.initial["title"],
                                                published_on="2025-05-12",
                                                url="https://jurbarkosviesa.lt/poezija"))
    assert saved.status_code == 302
    again = staff_client.post(FROM_LINK, {"url": "https://jurbarkosviesa.lt/poezija"})
    assert [p.pk for p in again.context["same_link"]] == [Publication.objects.get().pk]


def test_a_refused_fetch_leaves_the_form_for_typing(staff_client, settings, monkeypatch):
    settings.PUBLICITY_FETCH_LINKS = True

    def refuse(link, **kwargs):
        raise FetchRefused("The link leads to an address inside a network.", "address")

    monkeypatch.setattr(views_publicity, "fetch_page_info", refuse)
    response = staff_client.post(FROM_LINK, {"url": "http://10.0.0.1/admin"})
    assert response.status_code == 200
    assert response.context["refusal"].startswith("The link leads")
    assert "title" not in response.context["form"].initial
    assert response.context["form"].initial["url"] == "http://10.0.0.1/admin"


def test_the_view_never_reads_a_local_page(staff_client, settings):
    """The real fetcher, as the view calls it: a loopback link is refused, nothing read."""
    settings.PUBLICITY_FETCH_LINKS = True
    response = staff_client.post(FROM_LINK, {"url": "http://127.0.0.1:9/"})
    assert response.status_code == 200 and response.context["refusal"]


def test_a_fetched_date_in_the_future_is_not_offered(staff_client, settings, monkeypatch):
    settings.PUBLICITY_FETCH_LINKS = True
    monkeypatch.setattr(views_publicity, "fetch_page_info", lambda link, **k: PageInfo(
        url=link, title="Renginys", published_on=timezone.localdate() + timedelta(days=30)))
    response = staff_client.post(FROM_LINK, {"url": "https://example.lt/"})
    assert response.context["form"].initial["published_on"] == timezone.localdate()


def test_a_bad_link_is_asked_again(staff_client, settings):
    settings.PUBLICITY_FETCH_LINKS = True
    response = staff_client.post(FROM_LINK, {"url": "file:///etc/passwd"})
    assert response.status_code == 200 and "url" in response.context["form"].errors


# --- one entry ------------------------------------------------------------------------------------

def test_the_page_as_each_role(staff_client, manager_client, client_a, client_b, entries):
    branch, shared, school, own = entries
    page = staff_client.get(url("publication_detail", branch))
    assert page.status_code == 200
    assert url("publication_update", branch) in page.content.decode()
    page = manager_client.get(url("publication_detail", branch))
    assert page.status_code == 200
    assert url("publication_update", branch) not in page.content.decode()
    assert client_a.get(url("publication_detail", branch)).status_code == 200
    assert client_a.get(url("publication_detail", shared)).status_code == 200
    assert client_b.get(url("publication_detail", branch)).status_code == 404
    assert client_b.get(url("publication_detail", own)).status_code == 404
    assert client_a.get(url("publication_detail", school)).status_code == 404


@pytest.mark.parametrize("name", ["publication_update", "publication_history",
                                  "publication_file", "publication_delete"])
def test_another_librarys_entry_is_a_404_on_every_route(client_b, entries, name):
    branch = entries[0]
    assert client_b.get(url(name, branch)).status_code in (404, 405)
    assert client_b.post(url(name, branch), {}).status_code in (404, 405)
    assert Publication.objects.filter(pk=branch.pk).exists()


def test_management_and_librarians_cannot_edit_or_delete(manager_client, client_a, entries):
    branch = entries[0]
    for client in (manager_client, client_a):
        assert client.get(url("publication_update", branch)).status_code == 403
        assert client.post(url("publication_update", branch), form_data()).status_code == 403
        assert client.post(url("publication_delete", branch)).status_code == 403
    branch.refresh_from_db()
    assert branch.version == 1


def test_the_page_keeps_to_its_query_budget(staff_client, client_a, entries):
    with query_budget(22):
        assert staff_client.get(url("publication_detail", entries[1])).status_code == 200
    with query_budget(22):
        assert client_a.get(url("publication_detail", entries[1])).status_code == 200


def test_the_file_is_downloaded_through_the_view_only(staff_client, client_a, manager_client,
                                                      entries):
    branch = entries[0]
    assert branch.file.name
    response = staff_client.get(url("publication_file", branch))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert client_a.get(url("publication_file", branch)).status_code == 200
    assert manager_client.get(url("publication_file", branch)).status_code == 200
    assert staff_client.get(url("publication_file", entries[1])).status_code == 404
    page = staff_client.get(url("publication_detail", branch)).content.decode()
    assert "/media/" not in page and url("publication_file", branch) in page


def test_the_history_as_each_role(staff_client, manager_client, client_a, entries):
    branch = entries[0]
    for client in (staff_client, manager_client, client_a):
        assert client.get(url("publication_history", branch)).status_code == 200


# --- editing and deleting -------------------------------------------------------------------------

def edit_data(publication, **overrides):
    data = form_data(published_on=f"{publication.published_on:%Y-%m-%d}",
                     channel=publication.channel, medium=publication.medium,
                     title=publication.title, url=publication.url,
                     reach=publication.reach or "", version=publication.version,
                     libraries=[lib.pk for lib in publication.libraries.all()])
    data.update(overrides)
    return data


def test_staff_edit_an_entry(staff_client, entries):
    shared = entries[1]
    response = staff_client.post(url("publication_update", shared),
                                 edit_data(shared, title="Pataisytas pavadinimas"))
    assert response.status_code == 302
    shared.refresh_from_db()
    assert shared.title == "Pataisytas pavadinimas" and shared.version == 2


def test_two_editors_at_once_the_second_keeps_their_typing(staff_client, staff, entries):
    shared = entries[1]
    other = UserFactory(role="staff", email="antra@test.lt", full_name="Antra Darbuotoja")
    other_client = type(staff_client)()
    other_client.force_login(other, backend="paskyros.backends.EmailBackend")
    mine = edit_data(shared, title="Mano pavadinimas")
    theirs = edit_data(shared, title="Jų pavadinimas", notes="Jų pastaba")
    assert other_client.post(url("publication_update", shared), theirs).status_code == 302
    response = staff_client.post(url("publication_update", shared), mine)
    assert response.status_code == 200
    assert "Antra Darbuotoja" in " ".join(response.context["form"].non_field_errors())
    assert response.context["form"]["title"].value() == "Mano pavadinimas"
    assert response.context["version"] == 2
    shared.refresh_from_db()
    assert shared.title == "Jų pavadinimas"
    again = staff_client.post(url("publication_update", shared), {**mine, "version": 2})
    assert again.status_code == 302
    shared.refresh_from_db()
    assert shared.title == "Mano pavadinimas" and shared.version == 3


def test_an_edit_without_a_version_never_overwrites(staff_client, entries):
    shared = entries[1]
    data = edit_data(shared, title="Be versijos")
    del data["version"]
    assert staff_client.post(url("publication_update", shared), data).status_code == 200
    shared.refresh_from_db()
    assert shared.title != "Be versijos"


def test_staff_delete_an_entry_and_its_file(staff_client, entries,
                                            django_capture_on_commit_callbacks):
    branch = entries[0]
    storage, name = branch.file.storage, branch.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url("publication_delete", branch))
    assert response.status_code == 302 and response.url == LIST
    assert not Publication.objects.filter(pk=branch.pk).exists()
    assert not storage.exists(name)
    assert staff_client.get(url("publication_delete", entries[1])).status_code == 405
