"""The CPV vocabulary's pages and command: the list (searched by code or words, in use by
default, paged, its export loading back unchanged), the suggestions a CPV field asks for,
the upload page and ``manage.py load_cpv``; who reaches what (staff load, management read,
a territory librarian gets 404 everywhere); query budgets that do not grow with the
vocabulary."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from pirkimai.forms_cpv import CpvField
from pirkimai.models import CpvCode
from pirkimai.models.vocabulary import CpvLoad
from pirkimai.services_cpv import load_vocabulary
from pirkimai.tests.factories_plan import CODES, client_of, cpv_xlsx, cpv_xml, real_code
from portalas.testing import query_budget

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def vocabulary():
    return load_vocabulary(data=cpv_xml(CODES))


def url(name):
    return reverse(f"pirkimai:{name}")


def upload(client, data, name="cpv_2008.xml", **fields):
    return client.post(url("cpv_upload"), {"file": SimpleUploadedFile(name, data), **fields})


# --- the list ------------------------------------------------------------------------------------

def test_staff_and_management_read_the_list_and_a_librarian_gets_404(vocabulary, staff_client,
                                                                     manager, client_a):
    response = staff_client.get(url("cpv_list"))
    assert response.status_code == 200
    assert [c.code for c in response.context["object_list"]][:2] == ["22110000-4",
                                                                      "30190000-7"]
    page = response.content.decode()
    assert 'id="cpv-upload"' in page and "Spausdintos knygos" in page
    seen = client_of(manager).get(url("cpv_list"))
    assert seen.status_code == 200 and 'id="cpv-upload"' not in seen.content.decode()
    for name in ("cpv_list", "cpv_search", "cpv_upload"):
        assert client_a.get(url(name)).status_code == 404, name


def test_the_list_finds_codes_by_their_beginning_or_by_words_without_diacritics(vocabulary,
                                                                               staff_client):
    def found(**query):
        response = staff_client.get(url("cpv_list"), query)
        return [code.code for code in response.context["object_list"]]

    assert found(q="2211") == ["22110000-4"]
    assert found(q="30190000-7") == ["30190000-7"]
    assert found(q="spausdintos") == ["22110000-4"]
    assert found(q="IVAIRI biuro") == ["30190000-7"]
    assert found(q="training") == ["80500000-9"]


def test_codes_out_of_use_are_listed_only_when_asked_for(vocabulary, staff_client):
    load_vocabulary(data=cpv_xml(CODES[:4]))
    assert "80500000-9" not in [c.code for c in staff_client.get(url("cpv_list"))
                                .context["object_list"]]
    out = staff_client.get(url("cpv_list"), {"state": "out"}).context["object_list"]
    assert [c.code for c in out] == ["80500000-9"]
    assert len(staff_client.get(url("cpv_list"), {"state": "all"}).context["object_list"]) == 5


def test_the_lists_export_loads_back_unchanged(vocabulary, staff, staff_client):
    exported = staff_client.get(url("cpv_list"), {"export": "xlsx"})
    assert exported.status_code == 200
    load = load_vocabulary(data=exported.content, by=staff)
    assert (load.total, load.unchanged, load.created, load.updated, load.deactivated) == (
        5, 5, 0, 0, 0)


def test_the_list_keeps_its_query_budget_with_ten_times_the_codes(staff_client):
    rows = [[real_code(number), f"Pavadinimas {number}", f"Title {number}"]
            for number in range(30)]
    load_vocabulary(data=cpv_xlsx(rows))
    staff_client.get(url("cpv_list"))
    with query_budget(8, "CPV list, 30 codes"):
        staff_client.get(url("cpv_list"))
    more = [[real_code(number), f"Pavadinimas {number}", f"Title {number}"]
            for number in range(300)]
    load_vocabulary(data=cpv_xlsx(more))
    with query_budget(8, "CPV list, 300 codes"):
        response = staff_client.get(url("cpv_list"))
    assert response.context["page_obj"].paginator.count == 300
    assert len(response.context["object_list"]) == 50


# --- the suggestions -----------------------------------------------------------------------------

def test_the_suggestions_offer_codes_in_use_for_the_fields_own_value(vocabulary, staff_client):
    load_vocabulary(data=cpv_xml(CODES[1:]))              # 30190000-7 out of use
    with query_budget(6, "CPV suggestions"):
        response = staff_client.get(url("cpv_search"), {"field": "cpv", "cpv": "knyg"},
                                    HTTP_HX_REQUEST="true", HTTP_HX_TARGET="id_cpv-suggestions")
    page = response.content.decode()
    assert '<option value="22110000-4 Printed books">' in page
    assert 'id="id_cpv-status"' in page and 'hx-swap-oob="true"' in page
    assert "1 CPV code found" in page
    assert "30190000" not in staff_client.get(url("cpv_search"), {"q": "3019"}).content.decode()
    none = staff_client.get(url("cpv_search"), {"q": "zzzz"},
                            HTTP_HX_TARGET="id_cpv-suggestions").content.decode()
    assert "No CPV code matches." in none and "<option" not in none


def test_the_suggestions_ignore_a_bad_field_name_and_target(vocabulary, staff_client):
    response = staff_client.get(url("cpv_search"), {"field": "a b<", "a b<": "knyg"},
                                HTTP_HX_TARGET='x"><script>')
    page = response.content.decode()
    assert response.status_code == 200 and "<option" not in page and "<script>" not in page


def test_a_cpv_field_renders_with_its_suggestions_list_and_status_line(vocabulary):
    from django import forms

    class Probe(forms.Form):
        cpv = CpvField()

    html = str(Probe()["cpv"])
    assert 'list="id_cpv-suggestions"' in html and '<datalist id="id_cpv-suggestions">' in html
    assert f'hx-get="{url("cpv_search")}"' in html and '"field": "cpv"' in html
    assert 'role="status"' in html
    bound = Probe({"cpv": "22110000-4 Spausdintos knygos"})
    assert bound.is_valid() and bound.cleaned_data["cpv"].code == "22110000-4"


def test_a_cpv_field_keeps_a_code_out_of_use_only_for_the_line_that_names_it(vocabulary):
    CpvCode.objects.filter(code="80500000-9").update(active=False)
    field = CpvField()
    with pytest.raises(Exception, match="no longer in use"):
        field.clean("80500000-9")
    assert CpvField(kept=CpvCode.objects.get(code="80500000-9")).clean("80500000-9").active \
        is False


# --- the upload and the command ------------------------------------------------------------------

def test_staff_load_the_file_and_see_what_it_changed(vocabulary, staff, staff_client):
    data = cpv_xlsx([[code, f"{lt} (nauja)", en] for code, lt, en in CODES[:3]])
    response = upload(staff_client, data, name="cpv_2008.xlsx")
    assert response.status_code == 302
    page = staff_client.get(url("cpv_upload")).content.decode()
    assert "3 codes in the file: 0 added, 3 with changed titles" in page
    assert 'id="cpv-latest-load"' in page and "cpv_2008.xlsx" in page
    assert CpvLoad.objects.first().loaded_by == staff
    assert CpvCode.objects.filter(active=True).count() == 3


def test_a_bad_file_on_the_page_says_what_is_wrong_and_loads_nothing(vocabulary, staff_client):
    response = upload(staff_client, b"CODE;LT\n1;x\n", name="cpv.csv")
    assert response.status_code == 200
    assert "neither an XLSX workbook nor an XML file" in " ".join(
        response.context["form"].errors["file"])
    rows = [["bad", "Blogas", ""], ["22110000-4", "", "Printed books"]]
    response = upload(staff_client, cpv_xlsx(rows), name="cpv.xlsx")
    assert response.context["errors"][0].startswith("row 2: “bad”")
    assert 'id="cpv-upload-errors"' in response.content.decode()
    assert CpvLoad.objects.count() == 1 and CpvCode.objects.filter(active=True).count() == 5


def test_a_partial_file_uploaded_as_such_takes_nothing_out_of_use(vocabulary, staff_client):
    upload(staff_client, cpv_xml(CODES[:1]), partial="on")
    assert CpvCode.objects.filter(active=True).count() == 5


def test_management_cannot_upload(manager):
    response = upload(client_of(manager), cpv_xml(CODES))
    assert response.status_code == 403 and not CpvCode.objects.exists()


def test_the_upload_page_keeps_its_query_budget(vocabulary, staff_client):
    for _number in range(10):
        load_vocabulary(data=cpv_xml(CODES))
    with query_budget(8, "CPV upload page"):
        assert staff_client.get(url("cpv_upload")).status_code == 200


def test_the_command_loads_the_file_and_refuses_a_bad_one(tmp_path):
    good = tmp_path / "cpv_2008.xml"
    good.write_bytes(cpv_xml(CODES))
    out = io.StringIO()
    call_command("load_cpv", str(good), stdout=out)
    assert "5 codes in the file: 5 added" in out.getvalue()
    assert CpvLoad.objects.get().loaded_by is None
    bad = tmp_path / "cpv.xlsx"
    bad.write_bytes(cpv_xlsx([["22110000-4", "", ""]]))
    errors = io.StringIO()
    with pytest.raises(CommandError, match="not loaded"):
        call_command("load_cpv", str(bad), stderr=errors)
    assert "has no Lithuanian title" in errors.getvalue()
    with pytest.raises(CommandError, match="No such file"):
        call_command("load_cpv", str(tmp_path / "missing.xml"))
    partial = tmp_path / "part.xml"
    partial.write_bytes(cpv_xml(CODES[:1]))
    call_command("load_cpv", str(partial), "--partial", stdout=io.StringIO())
    assert CpvCode.objects.filter(active=True).count() == 5
