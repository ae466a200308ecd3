"""The certificate register: filters by the holder's library and municipality (choices only
from what the user may see), the XLSX and CSV exports equal to the filtered page, names with
formula characters and markup kept as text, the restricted mark, and the access log."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from bibliotekos.models import PersonalDataAccess
from mokymai import services_certificates as services
from mokymai.models import Certificate
from mokymai.tests.factories import make_person
from mokymai.tests.test_certificates import completed_event
from portalas.testing import query_budget

pytestmark = pytest.mark.django_db
REGISTER = reverse("mokymai:certificate_list")


@pytest.fixture
def holders(territory, staff):
    """Certificates of people in A's central library and its branch (Kretinga), B's central
    library and school (Skuodas)."""
    people = {
        "central_a": [make_person(territory.central_a, first="Ona", last=f"Centrinė{n}")
                      for n in range(3)],
        "branch_a": [make_person(territory.branch_a, first="Jonas", last="Filialas")],
        "central_b": [make_person(territory.central_b, first="Rasa", last="Skuodienė")],
        "school_b": [make_person(territory.school_b, first="Gintė", last="Mokyklinė")],
    }
    everyone = [person for group in people.values() for person in group]
    services.issue_certificates(completed_event(everyone), staff)
    return {where: {c.number for c in Certificate.objects.filter(person__in=group)}
            for where, group in people.items()}


def _page_numbers(client, **params) -> set[str]:
    with query_budget(25, "certificate register"):
        response = client.get(REGISTER, params)
    assert response.status_code == 200
    return {certificate.number for certificate in response.context["object_list"]}


def _xlsx_numbers(client, **params) -> list[str]:
    response = client.get(REGISTER, {**params, "export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]


def _csv_numbers(client, **params) -> list[str]:
    response = client.get(REGISTER, {**params, "export": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return [row[0] for row in rows[1:]]


@pytest.mark.parametrize("params, expected", [
    ({"library": "central_a"}, {"central_a"}),
    ({"library": "branch_a"}, {"branch_a"}),
    ({"municipality": "municipality_a"}, {"central_a", "branch_a"}),
    ({"municipality": "municipality_b"}, {"central_b", "school_b"}),
    ({"municipality": "municipality_b", "library": "school_b"}, {"school_b"}),
    ({"municipality": "municipality_a", "library": "school_b"}, set()),
])
def test_the_filters_and_the_exports_return_exactly_the_filtered_rows(
        params, expected, holders, territory, staff_client):
    query = {name: getattr(territory, value).pk for name, value in params.items()}
    wanted = set().union(*(holders[where] for where in expected))
    page = _page_numbers(staff_client, **query)
    assert page == wanted
    xlsx = _xlsx_numbers(staff_client, **query)
    assert len(xlsx) == len(wanted) and set(xlsx) == wanted
    assert sorted(_csv_numbers(staff_client, **query)) == sorted(wanted)


def test_the_choices_are_only_what_the_user_may_see(holders, territory, staff_client,
                                                    client_a):
    staff_form = staff_client.get(REGISTER).context["filter"].form
    assert {library.pk for library in staff_form.fields["library"].queryset} == {
        territory.central_a.pk, territory.branch_a.pk, territory.central_b.pk,
        territory.school_b.pk}
    director_form = client_a.get(REGISTER).context["filter"].form
    assert {library.pk for library in director_form.fields["library"].queryset} == {
        territory.central_a.pk, territory.branch_a.pk}
    assert list(director_form.fields["municipality"].queryset) == [territory.municipality_a]
    # another municipality's id is not a choice: ignored, and still only A's certificates
    mine = holders["central_a"] | holders["branch_a"]
    assert _page_numbers(client_a, municipality=territory.municipality_b.pk) == mine
    assert set(_xlsx_numbers(client_a, library=territory.school_b.pk)) == mine
    html = client_a.get(REGISTER).content.decode()
    assert territory.school_b.name not in html and territory.municipality_b.name not in html


def test_the_register_keeps_formula_names_and_markup_as_text(territory, staff, staff_client):
    names = ['=HYPERLINK("x")', "+1", "-1", "@x", "<b>x</b>"]
    people = [make_person(territory.central_a, first=name, last="Vardenė") for name in names]
    services.issue_certificates(completed_event(people), staff)
    response = staff_client.get(REGISTER, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    holders = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert holders == {"'" + name + " Vardenė" for name in names[:4]} | {"<b>x</b> Vardenė"}
    html = staff_client.get(REGISTER).content.decode()
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt; Vardenė" in html


def test_staff_see_the_restricted_mark_and_others_not_the_row(holders, territory, staff_client,
                                                              client_a):
    number = sorted(holders["central_a"])[0]
    Certificate.objects.filter(number=number).update(restricted_until=date(2035, 1, 31))
    certificate = Certificate.objects.get(number=number)
    html = staff_client.get(REGISTER).content.decode()
    assert f'data-restricted="{certificate.pk}"' in html and "2035-01-31" in html
    assert html.count("data-restricted=") == 1
    assert number not in _page_numbers(client_a)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_exporting_the_register_is_logged(fmt, holders, staff, staff_client):
    staff_client.get(REGISTER)                               # the page itself: not logged
    assert not PersonalDataAccess.objects.exists()
    staff_client.get(REGISTER, {"export": fmt})
    [entry] = PersonalDataAccess.objects.all()
    assert (entry.user, entry.what, entry.subject, entry.how) == (
        staff, "mokymai.certificate_register", "", fmt)
