import pytest
from django.urls import reverse

from statistika.models import Formula, Indicator, Rule

pytestmark = pytest.mark.django_db


def test_everyone_signed_in_reads_the_catalogue_and_definitions(client_a):
    response = client_a.get(reverse("statistika:indicator_list"))
    assert response.status_code == 200
    detail = client_a.get(reverse("statistika:indicator_detail", args=["users_children"]))
    assert detail.status_code == 200
    assert detail.context["indicator"].help_lt


def test_librarians_cannot_edit_the_catalogue(client_a):
    url = reverse("statistika:indicator_update", args=["loans"])
    assert client_a.get(url).status_code == 403
    response = client_a.post(reverse("statistika:indicator_detail", args=["loans_per_user"]),
                             {"expression": "loans", "valid_from": 2030})
    assert response.status_code == 403
    assert Formula.objects.filter(indicator__code="loans_per_user").count() == 1


def test_staff_edit_an_indicator_and_the_code_stays(staff_client):
    url = reverse("statistika:indicator_update", args=["loans"])
    form = staff_client.get(url).context["form"]
    data = {name: form.initial.get(name) for name in form.fields}
    data.update({"code": "hacked", "name_lt": "Išduotis (fiz. vnt.)", "kinds": ["system",
                                                                               "central"],
                 "lnb_names": "Išduota dokumentų\nIšduotis"})
    data = {k: v for k, v in data.items() if v is not None}
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    indicator = Indicator.objects.get(code="loans")
    assert indicator.name_lt == "Išduotis (fiz. vnt.)"
    assert indicator.lnb_names == ["Išduota dokumentų", "Išduotis"]


def test_staff_add_a_formula_version_through_the_page(staff_client):
    url = reverse("statistika:indicator_detail", args=["loans_per_user"])
    response = staff_client.post(url, {"expression": "loans / users_registered",
                                       "valid_from": 2027, "note": "LNB 2027"})
    assert response.status_code == 302
    assert Formula.objects.get(indicator__code="loans_per_user", valid_from=2027).version == 2


@pytest.mark.parametrize("expression", ["loans / userz", "__import__('os')", "loans <= 5"])
def test_bad_formulas_are_field_errors(staff_client, expression):
    url = reverse("statistika:indicator_detail", args=["loans_per_user"])
    response = staff_client.post(url, {"expression": expression, "valid_from": 2027})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_staff_add_a_check_and_a_non_condition_is_refused(staff_client):
    url = reverse("statistika:rule_list")
    bad = staff_client.post(url, {"code": "x", "expression": "loans + 1", "message_lt": "X",
                                  "severity": "error", "valid_from": 2020, "active": "on"})
    assert "expression" in bad.context["form"].errors
    good = staff_client.post(url, {"code": "visits_ge_events", "expression": "visits >= events",
                                   "message_lt": "Apsilankymų mažiau nei renginių",
                                   "severity": "warning", "valid_from": 2020, "active": "on"})
    assert good.status_code == 302
    assert Rule.objects.filter(code="visits_ge_events").exists()


def test_library_card_shows_key_figures_with_a_link_to_the_formula(client_a, territory):
    from decimal import Decimal

    from statistika.models import Value

    for code, value in {"loans": 1000, "users_registered": 100}.items():
        Value.objects.create(library=territory.central_a, year=2024, value=Decimal(value),
                             indicator=Indicator.objects.get(code=code))
    response = client_a.get(reverse("bibliotekos:library_detail", args=[territory.system_a.pk]))
    body = response.content.decode()
    assert "10,0" in body
    assert "skaiciavimas/?unit=SVB-KRE&amp;year=2024&amp;indicator=loans_per_user" in body
