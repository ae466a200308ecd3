"""The one list of organisations: every signed-in user reads it, staff keep it, a name is
in it once per country."""

import pytest
from django.urls import reverse

from bibliotekos.models import Organisation, OrganisationKind, Person
from portalas.testing import query_budget

pytestmark = pytest.mark.django_db


def org_data(**changes) -> dict:
    data = {"name": "Lietuvos kultūros taryba", "short_name": "LKT",
            "kind": OrganisationKind.GOVERNMENT, "country": "lt", "code": "302614571",
            "address": "Vilnius", "website": "www.ltkt.lt", "email": "info@ltkt.lt",
            "phone": "8 5 212 1234", "note": "", "active": "on"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def lkt(db):
    return Organisation.objects.create(name="Lietuvos kultūros taryba", short_name="LKT",
                                       kind=OrganisationKind.GOVERNMENT, country="LT")


# --- staff keep the list -----------------------------------------------------------------------

def test_staff_add_an_organisation_with_a_clean_country_website_and_phone(staff_client):
    response = staff_client.post(reverse("bibliotekos:organisation_create"),
                                 org_data(name="  Lietuvos   kultūros taryba "))
    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == organisation.get_absolute_url()
    assert organisation.name == "Lietuvos kultūros taryba"
    assert organisation.country == "LT"
    assert organisation.website == "https://www.ltkt.lt"
    assert organisation.phone.startswith("+370 5")


def test_staff_edit_an_organisation_and_see_its_history(staff_client, lkt):
    response = staff_client.post(reverse("bibliotekos:organisation_update", args=[lkt.pk]),
                                 org_data(address="Jogailos g. 14, Vilnius"))
    assert response.status_code == 302
    lkt.refresh_from_db()
    assert lkt.address == "Jogailos g. 14, Vilnius"
    history = staff_client.get(reverse("bibliotekos:organisation_history", args=[lkt.pk]))
    assert history.status_code == 200 and len(history.context["entries"]) == 2


def test_a_duplicate_name_in_the_same_country_is_refused_whatever_its_case(staff_client, lkt):
    for name in ("Lietuvos kultūros taryba", "LIETUVOS KULTŪROS TARYBA",
                 "lietuvos  kultūros taryba"):
        response = staff_client.post(reverse("bibliotekos:organisation_create"),
                                     org_data(name=name))
        assert response.status_code == 200, name
        errors = response.context["form"].errors
        assert "name" in errors and "LT" in errors["name"][0], name
    assert Organisation.objects.count() == 1


def test_the_same_name_in_another_country_is_another_organisation(staff_client, lkt):
    response = staff_client.post(reverse("bibliotekos:organisation_create"),
                                 org_data(country="LV"))
    assert response.status_code == 302
    assert Organisation.objects.filter(name__iexact=lkt.name).count() == 2


def test_renaming_into_another_organisations_name_is_refused(staff_client, lkt):
    other = Organisation.objects.create(name="Kultūros ministerija", country="LT")
    response = staff_client.post(reverse("bibliotekos:organisation_update", args=[other.pk]),
                                 org_data(name="lietuvos kultūros taryba"))
    assert "name" in response.context["form"].errors
    saving_itself = staff_client.post(
        reverse("bibliotekos:organisation_update", args=[lkt.pk]), org_data())
    assert saving_itself.status_code == 302


def test_bad_input_is_refused(staff_client):
    response = staff_client.post(reverse("bibliotekos:organisation_create"), org_data(
        name="", country="Lietuva", website="javascript:alert(1)", email="ne-adresas",
        kind="nera"))
    errors = response.context["form"].errors
    assert {"name", "country", "website", "email", "kind"} <= set(errors)
    assert not Organisation.objects.exists()


def test_librarian_and_management_may_not_write(client_b, manager_client, lkt):
    for client in (client_b, manager_client):
        assert client.get(reverse("bibliotekos:organisation_create")).status_code == 403
        assert client.post(reverse("bibliotekos:organisation_create"),
                           org_data(name="Nauja")).status_code == 403
        update = reverse("bibliotekos:organisation_update", args=[lkt.pk])
        assert client.get(update).status_code == 403
        assert client.post(update, org_data(name="Pervadinta")).status_code == 403
    lkt.refresh_from_db()
    assert lkt.name == "Lietuvos kultūros taryba" and Organisation.objects.count() == 1


def test_a_missing_organisation_is_404(staff_client):
    for name in ("organisation_detail", "organisation_update", "organisation_history"):
        assert staff_client.get(reverse(f"bibliotekos:{name}", args=[999999])).status_code \
            == 404


# --- everyone reads ------------------------------------------------------------------------------

def test_every_signed_in_user_reads_the_list_and_the_page(client_b, lkt):
    response = client_b.get(reverse("bibliotekos:organisation_list"))
    assert response.status_code == 200 and list(response.context["object_list"]) == [lkt]
    assert "organisation_create" not in response.content.decode()
    page = client_b.get(lkt.get_absolute_url())
    assert page.status_code == 200 and page.context["organisation"] == lkt
    assert client_b.get(reverse("bibliotekos:organisation_history",
                                args=[lkt.pk])).status_code == 200


def test_a_stranger_is_sent_to_sign_in(client, lkt):
    assert client.get(reverse("bibliotekos:organisation_list")).status_code == 302
    assert client.get(lkt.get_absolute_url()).status_code == 302


def test_the_list_sorts_the_lithuanian_way_and_filters(client_b):
    names = ["Zarasų muziejus", "Šiaulių universitetas", "Cido leidykla", "Čiurlionio namai",
             "Saulės mokykla"]
    for name in names:
        Organisation.objects.create(name=name, country="LT", kind=OrganisationKind.OTHER)
    latvian = Organisation.objects.create(name="Latvijas Nacionālā bibliotēka", country="LV",
                                          kind=OrganisationKind.LIBRARY_FOREIGN)
    gone = Organisation.objects.create(name="Uždaryta įstaiga", country="LT", active=False)
    url = reverse("bibliotekos:organisation_list")
    listed = [o.name for o in client_b.get(url).context["object_list"]]
    assert listed == ["Cido leidykla", "Čiurlionio namai", "Latvijas Nacionālā bibliotēka",
                      "Saulės mokykla", "Šiaulių universitetas", "Uždaryta įstaiga",
                      "Zarasų muziejus"]

    def found(**params):
        return set(client_b.get(url, params).context["object_list"])

    assert found(country="LV") == {latvian}
    assert found(kind=OrganisationKind.LIBRARY_FOREIGN) == {latvian}
    assert found(q="šiaulių") == {Organisation.objects.get(name="Šiaulių universitetas")}
    assert found(active="no") == {gone}
    assert client_b.get(url, {"country": "XX"}).status_code == 200


def test_the_list_exports(staff_client, lkt):
    response = staff_client.get(reverse("bibliotekos:organisation_list"), {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('organizacijos.xlsx"')
    csv = staff_client.get(reverse("bibliotekos:organisation_list"), {"export": "csv"})
    assert "Lietuvos kultūros taryba" in csv.content.decode("utf-8-sig")


def test_the_page_shows_people_working_there_within_the_users_scope(
        staff_client, client_a, client_b, lkt, territory):
    contact = Person.objects.create(first_name="Jonas", last_name="Išorinis", organisation=lkt)
    colleague = Person.objects.create(first_name="Ona", last_name="Kretingiškė",
                                      library=territory.central_a, organisation=lkt)
    staff_people = set(staff_client.get(lkt.get_absolute_url()).context["people"])
    assert staff_people == {contact, colleague}
    assert set(client_a.get(lkt.get_absolute_url()).context["people"]) == {colleague}
    page_b = client_b.get(lkt.get_absolute_url())
    assert list(page_b.context["people"]) == []
    assert "Kretingiškė" not in page_b.content.decode()


def test_the_menu_shows_organisations_to_staff(staff_client, client_b):
    url = reverse("bibliotekos:organisation_list")
    assert f'href="{url}"' in staff_client.get(reverse("home")).content.decode()
    assert f'href="{url}"' not in client_b.get(reverse("home")).content.decode()


# --- query budgets -------------------------------------------------------------------------------

@pytest.mark.parametrize("rows", [2, 15])
def test_the_list_and_the_page_run_a_fixed_number_of_queries(staff_client, client_b, lkt,
                                                            territory, rows):
    for index in range(rows):
        Organisation.objects.create(name=f"Organizacija {index}", country="LT")
        Person.objects.create(first_name=f"Asmuo{index}", last_name="Testinis",
                              organisation=lkt, library=territory.central_a)
    url = reverse("bibliotekos:organisation_list")
    # a librarian's menu reads their memberships once (what the consultations offer them)
    for client, budget in ((staff_client, 5), (client_b, 6)):
        client.get(url)
        with query_budget(budget, "organisations"):
            assert client.get(url).status_code == 200
    # staff: 7, and the cooperation app's "partner since…" section (one query)
    for client, budget in ((staff_client, 8), (client_b, 9)):
        client.get(lkt.get_absolute_url())
        with query_budget(budget, "organisation page (with the calls' section)"):
            assert client.get(lkt.get_absolute_url()).status_code == 200
