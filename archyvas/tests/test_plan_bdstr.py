"""The BDSTR items: the list (filtered by act, in force, the item's number or words), an
item added and changed by staff (management 403, a librarian 403/404), the export that
imports back unchanged, and imports that are all or nothing: a file that is not a table,
a bad retention, a missing column or a row twice write nothing and say where."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from archyvas import services_plan_bdstr as services
from archyvas.models import BdstrItem
from archyvas.tests.factories import ACT, make_bdstr_item, pdf_bytes
from archyvas.tests.factories_plan import client_of, make_items
from portalas.tables import read_table, write_csv, write_xlsx

pytestmark = pytest.mark.django_db

NEW_ACT = "Vidaus administravimo dokumentų saugojimo terminų rodyklė (2025)"
HEADER = ["teisės aktas", "punktas", "dokumentai", "saugojimo terminas", "pastaba", "galioja"]


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def url(name, *args):
    return reverse(f"archyvas:{name}", args=args)


def snapshot():
    return sorted(BdstrItem.objects.values_list("act", "code", "title", "permanent",
                                                "retention_years", "note", "in_force"))


def upload(client, data: bytes, name: str = "bdstr.xlsx"):
    return client.post(url("bdstr_import"), {"file": SimpleUploadedFile(name, data)})


# --- the list ---------------------------------------------------------------------------------

def test_the_list_filters_by_act_force_and_the_items_number_or_words(staff_client):
    make_items()
    make_bdstr_item("1.5", title="Sutartys", years=10, act=NEW_ACT)
    old = make_bdstr_item("3.10", title="Mėnesio ataskaitos", years=1)
    old.in_force = False
    old.save()

    def listed(**query):
        response = staff_client.get(url("bdstr_list"), query)
        return [item.code for item in response.context["object_list"]]

    assert listed() == ["2.1", "3.2", "3.10", "4.3", "1.5"]      # by act, then 3.2 < 3.10
    assert listed(act=NEW_ACT) == ["1.5"]
    assert listed(in_force="no") == ["3.10"]
    assert listed(q="3") == ["3.2", "3.10"]
    assert listed(q="susirasinejimas") == ["4.3"]
    page = staff_client.get(url("bdstr_list")).content.decode()
    assert "V-100" in page and 'id="bdstr-acts-note"' in page


def test_management_read_the_list_but_change_nothing_and_librarians_see_nothing(
        manager, client_a):
    item = make_bdstr_item()
    client = client_of(manager)
    assert client.get(url("bdstr_list")).status_code == 200
    assert client.get(url("bdstr_create")).status_code == 403
    assert client.post(url("bdstr_update", item.pk), {"act": "X"}).status_code == 403
    assert client.post(url("bdstr_import")).status_code == 403
    assert client_a.get(url("bdstr_list")).status_code == 403
    assert client_a.get(url("bdstr_update", item.pk)).status_code == 404
    assert BdstrItem.objects.get(pk=item.pk).act == ACT


def test_staff_add_and_change_an_item_with_its_checks(staff, staff_client):
    fields = {"act": NEW_ACT, "code": "2.4.", "title": "Veiklos ataskaitos",
              "retention_years": "", "permanent": "on", "note": "", "in_force": "on"}
    assert staff_client.post(url("bdstr_create"), fields).status_code == 302
    item = BdstrItem.objects.get(act=NEW_ACT)
    assert (item.code, item.permanent) == ("2.4", True)
    assert item.history.first().history_user == staff
    again = staff_client.post(url("bdstr_create"), fields)
    assert "already has an item 2.4" in " ".join(again.context["form"].errors["code"])
    bad = staff_client.post(url("bdstr_update", item.pk), {**fields, "retention_years": "10"})
    assert "retention_years" in bad.context["form"].errors
    staff_client.post(url("bdstr_update", item.pk), {**fields, "permanent": "",
                                                     "retention_years": "10",
                                                     "in_force": ""})
    item.refresh_from_db()
    assert (item.permanent, item.retention_years, item.in_force) == (False, 10, False)


# --- export and import ------------------------------------------------------------------------

def test_the_export_imports_back_unchanged(staff, staff_client):
    make_items()
    make_bdstr_item("9.1", title="=HYPERLINK(\"x\") ir „kabutės“ ąčęėįšųūž", years=75,
                    act=NEW_ACT)
    item = make_bdstr_item("9.2", title="Sutartys", years=10, act=NEW_ACT)
    item.note, item.in_force = "10 m. po sutarties galiojimo pabaigos", False
    item.save()
    before = snapshot()
    for fmt in ("xlsx", "csv"):
        response = staff_client.get(url("bdstr_list"), {"export": fmt})
        assert response.status_code == 200
        data = b"".join(response.streaming_content) if response.streaming else response.content
        table = read_table(data)[0]
        assert table.header == HEADER
        result = services.import_bdstr(data=data, by=staff)
        assert not result.errors, result.errors
        assert (result.created, result.updated, result.unchanged) == (0, 0, 5)
        assert snapshot() == before


def test_an_import_creates_and_updates_by_act_and_number_and_says_so_per_row(staff,
                                                                           staff_client):
    make_items()
    rows = [[ACT, "2.1", "Įstaigos veiklos planai ir ataskaitos", "nuolat", "", "taip"],
            [ACT, "4.3", "Susirašinėjimas su institucijomis", "7 m.", "", "ne"],
            [NEW_ACT, "1.1.", "Strateginiai planai", "Nuolat", "Originalai", ""]]
    response = upload(staff_client, write_xlsx("BDSTR", HEADER, rows))
    result = response.context["result"]
    assert [(r["row"], r["outcome"]) for r in result.rows] == [
        (2, "unchanged"), (3, "updated"), (4, "created")]
    letters = BdstrItem.objects.get(act=ACT, code="4.3")
    assert (letters.retention_years, letters.in_force) == (7, False)
    assert BdstrItem.objects.get(act=NEW_ACT, code="1.1").permanent
    assert "1 new, 1 changed, 1 unchanged" in response.content.decode()


@pytest.mark.parametrize("data, name, expected", [
    (b"", "tuscias.csv", "empty"),
    (None, "raštas.xlsx", "This is a PDF"),
    (b"PK\x03\x04broken", "sugadintas.xlsx", "damaged"),
])
def test_a_file_that_is_not_a_table_is_refused_and_nothing_is_written(staff_client, data,
                                                                      name, expected):
    make_items()
    before = snapshot()
    response = upload(staff_client, pdf_bytes() if data is None else data, name)
    page = response.content.decode()
    assert expected in page or (not data and "The submitted file is empty" in page)
    assert snapshot() == before


def test_a_bad_row_stops_the_whole_file_and_names_the_cell(staff):
    make_items()
    before = snapshot()
    rows = [[NEW_ACT, "1.1", "Strateginiai planai", "nuolat", "", "taip"],
            [NEW_ACT, "1.2", "Metiniai planai", "ilgai", "", "taip"],
            [NEW_ACT, "1,3", "Ataskaitos", "5", "", "taip"],
            [NEW_ACT, "1.4", "Raštai", "0", "", "gal"],
            [NEW_ACT, "1.1", "Dar kartą", "5", "", "taip"]]
    result = services.import_bdstr(data=write_xlsx("BDSTR", HEADER, rows), by=staff)
    where = {error["row"]: (error["where"], error["message"]) for error in result.errors}
    assert where[3][0] == "BDSTR!D3" and "nuolat" in where[3][1]
    assert where[4][0] == "BDSTR!B4"
    assert where[5][0] == "BDSTR!D5" or where[5][0] == "BDSTR!F5"
    assert "row 2" in where[6][1]
    assert not result.rows and snapshot() == before


def test_a_table_without_the_required_columns_says_which(staff):
    data = write_csv(["teisės aktas", "punktas", "pastaba"], [[ACT, "1.1", ""]])
    result = services.import_bdstr(data=data, by=staff)
    assert "dokumentai" in result.errors[0]["message"]
    assert "saugojimo terminas" in result.errors[0]["message"]
    assert not BdstrItem.objects.exists()


def test_an_import_accepts_the_columns_in_english_and_a_csv(staff):
    data = io.BytesIO(write_csv(["code", "act", "title", "retention"],
                                [["5.1", NEW_ACT, "Registrai", "5"]])).getvalue()
    result = services.import_bdstr(data=data, by=staff)
    assert result.created == 1 and not result.errors
    assert BdstrItem.objects.get(code="5.1").in_force
