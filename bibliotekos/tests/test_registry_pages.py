import io

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from bibliotekos.models import Library, LibraryKind, MunicipalityPopulation, Person
from tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db


def test_librarian_sees_own_system_and_outlets_in_the_list(client_a, territory):
    response = client_a.get(reverse("bibliotekos:library_list"))
    names = {library.name for library in response.context["page_obj"]}
    assert names == {"Kretingos viešoji biblioteka", "Kretingos centrinė biblioteka",
                     "Darbėnų filialas", "Jokūbavo paslaugų punktas"}
    assert "Skuodo" not in response.content.decode()


def test_librarian_card_shows_the_outlet_tree(client_a, territory):
    response = client_a.get(reverse("bibliotekos:library_detail", args=[territory.system_a.pk]))
    assert response.status_code == 200
    tree = [(node["library"].name, node["depth"]) for node in response.context["outlet_tree"]]
    assert tree == [("Kretingos centrinė biblioteka", 0), ("Darbėnų filialas", 1),
                    ("Jokūbavo paslaugų punktas", 2)]
    assert response.context["open_outlets"] == 2


def test_another_systems_card_is_404_for_a_librarian(client_a, territory):
    for library in (territory.system_b, territory.central_b, territory.school_b):
        url = reverse("bibliotekos:library_detail", args=[library.pk])
        assert client_a.get(url).status_code == 404


def test_choices_never_offer_another_librarys_objects(client_a, territory, librarian_a):
    from bibliotekos.forms import PersonForm

    form = PersonForm(user=librarian_a)
    assert territory.school_b not in form.fields["library"].queryset
    assert territory.branch_a in form.fields["library"].queryset


def test_librarian_cannot_edit_even_own_library(client_a, territory):
    url = reverse("bibliotekos:library_update", args=[territory.system_a.pk])
    assert client_a.get(url).status_code == 403
    assert client_a.post(url, {"name": "Kita"}).status_code == 403
    territory.system_a.refresh_from_db()
    assert territory.system_a.name == "Kretingos viešoji biblioteka"


def test_staff_edit_a_library_and_the_history_shows_old_and_new(staff_client, staff, territory):
    url = reverse("bibliotekos:library_update", args=[territory.branch_a.pk])
    page = staff_client.get(url)
    data = {key: value for key, value in page.context["form"].initial.items() if value is not None}
    data.update({"name": "Darbėnų filialas (atnaujintas)", "parent": territory.central_a.pk,
                 "municipality": territory.municipality_a.pk, "opened": "1965-01-01"})
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    history = staff_client.get(reverse("bibliotekos:library_history",
                                       args=[territory.branch_a.pk]))
    change = history.context["entries"][0]
    assert change["user"] == staff
    assert {"field": "pavadinimas", "old": "Darbėnų filialas",
            "new": "Darbėnų filialas (atnaujintas)"} in [
        {k: str(v) for k, v in c.items()} for c in change["changes"]]


def test_outlet_under_a_school_is_refused(staff_client, territory):
    response = staff_client.post(reverse("bibliotekos:library_create"), {
        "code": "X-1", "name": "Netinkamas", "kind": LibraryKind.RURAL_BRANCH,
        "parent": territory.school_b.pk, "municipality": territory.municipality_b.pk})
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    assert not Library.objects.filter(code="X-1").exists()


def test_closing_before_opening_is_refused(staff_client, territory):
    response = staff_client.post(reverse("bibliotekos:library_create"), {
        "code": "X-2", "name": "Mokykla", "kind": LibraryKind.SCHOOL, "school_name": "Mokykla",
        "opened": "2020-01-01", "closed": "2019-12-31"})
    assert "closed" in response.context["form"].errors


@pytest.mark.parametrize("date", ["2021-02-31", "2023-02-29", "0000-01-01", "31.12.2020"])
def test_impossible_dates_are_field_errors(staff_client, territory, date):
    response = staff_client.post(reverse("bibliotekos:library_create"), {
        "code": "X-3", "name": "Mokykla", "kind": LibraryKind.SCHOOL, "school_name": "Mokykla",
        "opened": date})
    assert "opened" in response.context["form"].errors


def test_leap_day_is_accepted(staff_client, territory):
    response = staff_client.post(reverse("bibliotekos:library_create"), {
        "code": "X-4", "name": "Mokykla", "kind": LibraryKind.SCHOOL, "school_name": "Mokykla",
        "opened": "2028-02-29"})
    assert response.status_code == 302


def test_library_list_query_count_does_not_grow_with_rows(staff_client, territory):
    from django.test.utils import CaptureQueriesContext

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert staff_client.get(reverse("bibliotekos:library_list")).status_code == 200
        return len(context.captured_queries)

    LibraryFactory.create_batch(25, municipality=territory.municipality_a)
    count_queries()  # the first request also refreshes the session's activity stamp
    few = count_queries()
    Library.objects.bulk_create(
        Library(code=f"BULK-{n}", name=f"Mokyklos biblioteka {n}", kind=LibraryKind.SCHOOL,
                school_name=f"Mokykla {n}", municipality=territory.municipality_b)
        for n in range(2_500))
    many = count_queries()
    assert few == many
    assert many <= 6  # session, user, row count, municipality choices, the page of rows


def test_list_filters_by_kind_municipality_status_and_search(staff_client, territory):
    url = reverse("bibliotekos:library_list")
    kinds = staff_client.get(url, {"kind": "school"}).context["page_obj"]
    assert [lib.code for lib in kinds] == ["MB-SKU-001"]
    closed = staff_client.get(url, {"status": "closed"}).context["page_obj"]
    assert [lib.code for lib in closed] == ["SVB-KRE-P01"]
    found = staff_client.get(url, {"q": "žadeikio"}).context["page_obj"]
    assert [lib.code for lib in found] == ["MB-SKU-001"]
    by_municipality = staff_client.get(url, {"municipality": territory.municipality_b.pk})
    assert {lib.code for lib in by_municipality.context["page_obj"]} == {
        "SVB-SKU", "SVB-SKU-C", "MB-SKU-001"}


def test_htmx_filter_returns_only_the_results(staff_client, territory):
    response = staff_client.get(reverse("bibliotekos:library_list"), {"q": "Skuod"},
                                HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results">')
    assert "<html" not in body


def test_names_sort_the_lithuanian_way(staff_client, territory):
    for name in ["Zarasų biblioteka", "Čekiškės biblioteka", "Cirkliškio biblioteka",
                 "Šakių biblioteka", "Yla biblioteka", "Įsrutis biblioteka", "Jonava biblioteka"]:
        LibraryFactory(name=name)
    response = staff_client.get(reverse("bibliotekos:library_list"),
                                {"kind": "school", "sort": "name"})
    names = [lib.name.split()[0] for lib in response.context["page_obj"]
             if not lib.name.startswith(("Skuodo", "Biblioteka"))]
    # As PostgreSQL's ICU "lt" sorts: č, š, ž are letters of their own; i, į, y differ
    # only at the second level.
    assert names == ["Cirkliškio", "Čekiškės", "Yla", "Įsrutis", "Jonava", "Šakių", "Zarasų"]


def test_export_is_for_whole_territory_roles(client_a, manager_client, territory):
    url = reverse("bibliotekos:registry_export", args=["libraries", "xlsx"])
    assert client_a.get(url).status_code == 403
    response = manager_client.get(url)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:3] == ["code", "name", "kind"]
    assert sheet.max_row == Library.objects.count() + 1


def test_unknown_export_table_is_404(manager_client):
    url = reverse("bibliotekos:registry_export", args=["users", "csv"])
    assert manager_client.get(url).status_code == 404


def test_staff_import_a_file_after_checking_it(staff_client, territory):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from bibliotekos.tests.test_import import library_rows, xlsx

    upload = SimpleUploadedFile("bibliotekos.xlsx", xlsx(library_rows(5)))
    check = staff_client.post(reverse("bibliotekos:registry_import"), {"file": upload})
    assert check.context["result"].ok
    assert not Library.objects.filter(code="SYS-1").exists()
    done = staff_client.post(reverse("bibliotekos:registry_import"),
                             {"confirm": check.context["token"]})
    assert done.status_code == 302
    assert Library.objects.filter(parent__code="SYS-1").count() == 4


def test_tampered_confirmation_token_imports_nothing(staff_client, territory):
    response = staff_client.post(reverse("bibliotekos:registry_import"),
                                 {"confirm": "../../etc/passwd"}, follow=True)
    assert response.status_code == 200
    assert not Library.objects.filter(code="SYS-1").exists()


def test_oversized_upload_is_a_friendly_error(staff_client, territory, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.UPLOAD_MAX_BYTES = 1024
    upload = SimpleUploadedFile("big.csv", b"code,name,kind\n" + b"x" * 5000)
    response = staff_client.post(reverse("bibliotekos:registry_import"), {"file": upload})
    assert response.status_code == 200
    assert "file" in response.context["form"].errors


def test_staff_add_and_replace_a_population_figure(staff_client, territory):
    url = reverse("bibliotekos:municipality_detail", args=[territory.municipality_a.pk])
    staff_client.post(url, {"year": 2025, "population": 39_500})
    staff_client.post(url, {"year": 2024, "population": 40_100})
    figures = dict(MunicipalityPopulation.objects.filter(municipality=territory.municipality_a)
                   .values_list("year", "population"))
    assert figures == {2025: 39_500, 2024: 40_100}


@pytest.mark.parametrize(("year", "population"), [("1800", "10"), ("2025", "-1"),
                                                   ("2025", "1e309"), ("2025", "99999999999")])
def test_bad_population_input_is_a_field_error(staff_client, territory, year, population):
    url = reverse("bibliotekos:municipality_detail", args=[territory.municipality_a.pk])
    response = staff_client.post(url, {"year": year, "population": population})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_management_reads_municipalities_but_cannot_change_them(manager_client, territory):
    url = reverse("bibliotekos:municipality_detail", args=[territory.municipality_a.pk])
    assert manager_client.get(url).status_code == 200
    assert manager_client.post(url, {"year": 2025, "population": 1}).status_code == 403


def test_librarian_sees_people_of_own_libraries_only(client_a, territory):
    Person.objects.create(first_name="Ona", last_name="Kretingiškė", library=territory.branch_a)
    Person.objects.create(first_name="Ieva", last_name="Skuodiškė", library=territory.school_b)
    response = client_a.get(reverse("bibliotekos:person_list"))
    assert [p.last_name for p in response.context["page_obj"]] == ["Kretingiškė"]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.lt/x", "file:///etc"])
def test_website_must_be_http_or_https(staff_client, territory, url):
    response = staff_client.post(reverse("bibliotekos:library_create"), {
        "code": "X-5", "name": "Mokykla", "kind": LibraryKind.SCHOOL, "school_name": "Mokykla",
        "website": url})
    assert "website" in response.context["form"].errors
