"""The professional-development record, continued: people who trained only elsewhere, the
documented CSV layout, the person's own download, the library card's year and figures, the
metrics equal to the card and the CSV, names with formula characters, and the access log."""

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from bibliotekos.models import PersonalDataAccess
from mokymai import records
from mokymai.models import ExternalCourse, ExternalCourseStatus
from mokymai.tests.factories import make_person
from portalas.metrics import Period, Scope
from portalas.numbers import rounded
from portalas.registry import metric
from portalas.testing import query_budget

pytestmark = pytest.mark.django_db

RECORDS = reverse("mokymai:records_csv")
CARD_METRICS = ("staff", "staff_trained", "staff_hours", "staff_trained_share",
                "hours_per_librarian")


def _rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _by_column(rows) -> list[dict]:
    header, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body]


def _course(person, ends_on, *, hours="16", status=ExternalCourseStatus.CONFIRMED):
    return ExternalCourse.objects.create(
        person=person, provider="LNB", title="Skaitmeninės paslaugos",
        starts_on=ends_on, ends_on=ends_on, hours=Decimal(hours), status=status)


def _card(client, library, **params):
    """The library card's trainings panel (its context), or None when the card has none."""
    # the card carries panels of every app (trainings, consultations, projects, research,
    # publicity: events, practices, publications), a few queries each
    with query_budget(46, "library card"):
        response = client.get(reverse("bibliotekos:library_detail", args=[library.pk]),
                              params)
    assert response.status_code == 200
    return next((panel["context"] for panel in response.context["panels"]
                 if panel["template"] == "mokymai/_library_trainings.html"), None), \
        response.content.decode()


# --- 1. people who trained only elsewhere ---------------------------------------------------

def test_someone_who_trained_only_elsewhere_is_in_everyones_records(held_year, year, territory,
                                                                   manager_client):
    elsewhere = make_person(territory.central_b, first="Kitur", last="Mokėsi")
    _course(elsewhere, date(year, 5, 2))
    waiting = make_person(territory.central_b, first="Dar", last="Nepatvirtinta")
    _course(waiting, date(year, 5, 2), status=ExternalCourseStatus.SUBMITTED)
    make_person(territory.central_b, first="Niekur", last="Nebuvo")
    rows = _by_column(_rows(manager_client.get(RECORDS, {"year": year})))
    assert len(rows) == 7 + 1                    # the seven who took part, and the one
    [line] = [row for row in rows if row["person_id"] == str(elsewhere.pk)]
    assert (line["events"], line["hours"], line["external_courses"],
            line["external_hours"]) == ("0", "0.00", "1", "16.00")
    assert line["library_code"] == territory.central_b.code
    assert not {str(waiting.pk)} & {row["person_id"] for row in rows}


def test_the_person_page_shows_the_record_of_someone_who_trained_only_elsewhere(
        territory, staff_client, client_b, year):
    elsewhere = make_person(territory.central_b, first="Kitur", last="Mokėsi")
    _course(elsewhere, date(year, 5, 2))
    url = reverse("bibliotekos:person_detail", args=[elsewhere.pk])
    with query_budget(20, "person page"):
        html = staff_client.get(url).content.decode()
    assert 'id="person-record"' in html and f'data-year="{year}"' in html
    assert reverse("mokymai:person_record_csv", args=[elsewhere.pk]) in html


# --- 2. the documented layout ----------------------------------------------------------------

def test_the_csv_header_is_the_documented_layout(held_year, year, staff_client):
    person = held_year["a"][0]
    documented = [column for columns, _meaning in records.RECORD_LAYOUT for column in columns]
    assert documented == records.RECORD_COLUMNS
    assert len(documented) == len(set(documented)) == 12
    assert _rows(staff_client.get(RECORDS))[0] == records.RECORD_COLUMNS
    assert _rows(staff_client.get(reverse("mokymai:person_record_csv",
                                          args=[person.pk])))[0] == records.RECORD_COLUMNS


def test_the_readme_copies_the_documented_layout():
    """README.md shows ``records.layout_table()`` word for word: a column added to the CSV
    without the README fails here."""
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    assert records.layout_table() in readme


# --- 3. the person's own record --------------------------------------------------------------

def test_a_librarian_downloads_their_own_record_from_my_certificates(territory, librarian_b,
                                                                     client_b, year):
    own = make_person(territory.school_b, user=librarian_b, first="Birutė", last="Bėrienė")
    _course(own, date(year, 3, 4), hours="12")
    colleague = make_person(territory.school_b, first="Kolegė", last="Tos Pačios")
    _course(colleague, date(year, 3, 4))
    stranger = make_person(territory.central_a, first="Kita", last="Biblioteka")
    url = reverse("mokymai:person_record_csv", args=[own.pk])
    with query_budget(12, "my certificates"):
        page = client_b.get(reverse("mokymai:my_certificates")).content.decode()
    assert f'href="{url}"' in page
    with query_budget(12, "own record csv"):
        rows = _by_column(_rows(client_b.get(url)))
    assert [(row["person_id"], row["year"], row["external_hours"]) for row in rows] == [
        (str(own.pk), str(year), "12.00")]
    # a colleague of the same library (a plain librarian sees them in the registry) and
    # someone of another library are a 404 alike
    for other in (colleague, stranger):
        assert client_b.get(reverse("mokymai:person_record_csv",
                                    args=[other.pk])).status_code == 404


def test_my_certificates_has_no_record_link_without_a_person(client_a):
    page = client_a.get(reverse("mokymai:my_certificates")).content.decode()
    assert 'id="my-record-csv"' not in page


def test_a_director_gets_the_records_of_their_library_and_its_outlets(held_year, client_a,
                                                                     client_b):
    branch = held_year["branch"]
    url = reverse("mokymai:person_record_csv", args=[branch.pk])
    assert client_a.get(url).status_code == 200           # the director of system A
    assert client_b.get(url).status_code == 404


# --- 4. the library card ------------------------------------------------------------------

def test_the_card_shows_a_library_whose_people_trained_only_elsewhere(territory, staff_client):
    this_year = timezone.localdate().year
    person = make_person(territory.central_b, first="Kitur", last="Mokėsi")
    make_person(territory.central_b, first="Dar", last="Nemokė")
    _course(person, date(this_year, 1, 10))
    panel, html = _card(staff_client, territory.system_b)
    assert panel is not None and panel["year"] == this_year
    assert (panel["participants"], panel["staff_trained"], panel["staff"]) == (0, 1, 2)
    assert panel["staff_hours"] == Decimal("16") and panel["hours_per_librarian"] == 8
    assert 'data-figure="staff_trained">1 / 2 (50,0 %)' in html
    assert 'data-figure="staff_hours">16,0' in html
    assert 'data-figure="hours_per_librarian">8,0' in html


def test_the_card_shows_last_year_until_this_year_has_something(held_year, year, territory,
                                                                staff_client, client_a):
    for client in (staff_client, client_a):
        panel, html = _card(client, territory.system_a)
        assert panel["year"] == year and panel["staff_trained"] == 4
        assert f'data-year-link="{year - 1}"' in html and f'data-year-link="{year + 1}"' in html
    _course(held_year["branch"], date(year + 1, 1, 10))
    panel, html = _card(staff_client, territory.system_a)
    assert panel["year"] == year + 1 and panel["staff_trained"] == 1
    assert panel["next_year"] is None and f'data-year-link="{year + 2}"' not in html


@pytest.mark.parametrize("asked", ["1999", "abc", "99999", ""])
def test_a_year_out_of_range_shows_the_default(asked, held_year, year, territory, staff_client):
    panel, _html = _card(staff_client, territory.system_a, mokymai_year=asked)
    assert panel["year"] == year


def test_a_year_asked_for_shows_the_card_even_when_it_is_empty(held_year, year, territory,
                                                              staff_client):
    panel, html = _card(staff_client, territory.system_b, mokymai_year=year - 5)
    assert panel is not None and panel["staff_trained"] == 0
    assert panel["hours_per_librarian"] is None        # no staff: not defined, not 0
    assert 'data-figure="hours_per_librarian">–' in html
    assert _card(staff_client, territory.school_b)[0] is not None    # B's people took part
    assert _card(staff_client, territory.system_b)[0] is None         # nothing at all


def test_the_card_stays_closed_to_a_plain_librarian(held_year, year, territory, client_b):
    panel, _html = _card(client_b, territory.school_b, mokymai_year=year)
    assert panel is None


# --- 5. the metrics equal the pages ----------------------------------------------------------

def _printed(year, *options) -> dict[str, Decimal]:
    out = io.StringIO()
    call_command("metrics", "--year", str(year), *options, stdout=out)
    found = {}
    for line in out.getvalue().splitlines():
        name, shown = line.split()[:2]
        if name.startswith("mokymai.") and shown != "–":
            found[name] = Decimal(shown)
    return found


@pytest.fixture
def trained_elsewhere(held_year, year, territory):
    """A of system A also took a course elsewhere (10 h), so the hours are not just the
    events'; someone of B trained only elsewhere (6 h)."""
    _course(held_year["a"][3], date(year, 10, 1), hours="10")
    _course(make_person(territory.central_b, first="Kitur", last="Mokėsi"),
            date(year, 11, 1), hours="6")
    return held_year


def test_the_metrics_equal_the_library_card(trained_elsewhere, year, territory,
                                            staff_client):
    library = territory.system_a
    panel, html = _card(staff_client, library, mokymai_year=year)
    assert panel["staff_trained"] == 4 and panel["staff_hours"] > 0      # not zeros
    period, scope = Period.year(year), Scope.of_library(library)
    printed = _printed(year, "--library", library.code)
    for name in CARD_METRICS:
        item = metric(f"mokymai.{name}")
        value = item.value(period, scope)
        assert value == panel[{"staff_trained_share": "staff_share"}.get(name, name)], name
        assert printed[f"mokymai.{name}"] == rounded(value, item.decimals), name
    share = str(rounded(panel["staff_share"], 1)).replace(".", ",")
    assert f'data-figure="staff_trained">4 / 5 ({share} %)' in html
    per = str(rounded(panel["hours_per_librarian"], 1)).replace(".", ",")
    assert f'data-figure="hours_per_librarian">{per}' in html


def _csv_totals(rows, year, municipality=None) -> tuple[int, Decimal]:
    """From everyone's records: the staff trained and their hours (events and elsewhere)."""
    people, hours = set(), Decimal(0)
    for row in rows:
        if row["year"] != str(year) or not row["library_code"]:
            continue                                      # not the year's, not staff
        if municipality is not None and row["municipality"] != municipality.name:
            continue
        people.add(row["person_id"])
        hours += Decimal(row["hours"]) + Decimal(row["external_hours"])
    return len(people), hours


@pytest.mark.parametrize("level", ["territory", "municipality_a", "municipality_b"])
def test_the_metrics_equal_everyones_records(level, trained_elsewhere, year, territory,
                                             manager_client):
    rows = _by_column(_rows(manager_client.get(RECORDS, {"year": year})))
    place = {"territory": None, "municipality_a": territory.municipality_a,
             "municipality_b": territory.municipality_b}[level]
    scope = Scope.territory() if place is None else Scope.of_municipality(place)
    options = () if place is None else ("--municipality", place.code)
    trained, hours = _csv_totals(rows, year, place)
    assert trained and hours                                               # not zeros
    period = Period.year(year)
    people = metric("mokymai.staff").value(period, scope)
    expected = {"staff_trained": trained, "staff_hours": hours,
                "staff_trained_share": Decimal(100) * trained / people,
                "hours_per_librarian": hours / people}
    printed = _printed(year, *options)
    for name, value in expected.items():
        item = metric(f"mokymai.{name}")
        assert item.value(period, scope) == value, name
        assert printed[f"mokymai.{name}"] == rounded(value, item.decimals), name


# --- 6. names with formula characters and markup ---------------------------------------------

NASTY = ['=HYPERLINK("x")', "+1", "-1", "@x", "<b>x</b>"]


@pytest.fixture
def nasty_people(territory, year):
    people = [make_person(territory.central_a, first="Vardas", last=name) for name in NASTY]
    for person in people:
        _course(person, date(year, 4, 1))
    return people


def _expected(name: str) -> str:
    return name if name.startswith("<") else "'" + name


def test_everyones_records_keep_formula_names_as_text(nasty_people, year, staff_client):
    rows = _by_column(_rows(staff_client.get(RECORDS, {"year": year})))
    surnames = {row["person_id"]: row["surname"] for row in rows}
    for person in nasty_people:
        assert surnames[str(person.pk)] == _expected(person.last_name)


def test_a_persons_record_keeps_a_formula_name_as_text(nasty_people, staff_client):
    for person in nasty_people:
        [row] = _by_column(_rows(staff_client.get(reverse("mokymai:person_record_csv",
                                                          args=[person.pk]))))
        assert row["surname"] == _expected(person.last_name)
        assert row["first_name"] == "Vardas"


# --- 8. the access log --------------------------------------------------------------------

def test_downloading_a_record_is_logged(held_year, year, staff, staff_client, client_b):
    person = held_year["a"][0]
    url = reverse("mokymai:person_record_csv", args=[person.pk])
    assert staff_client.get(url).status_code == 200
    [entry] = PersonalDataAccess.objects.all()
    assert (entry.user, entry.what, entry.subject, entry.how) == (
        staff, "mokymai.records", f"bibliotekos.person:{person.pk}", "csv")
    assert client_b.get(url).status_code == 404                # refused: not logged
    assert PersonalDataAccess.objects.count() == 1


def test_downloading_everyones_records_is_logged(held_year, year, manager, manager_client):
    manager_client.get(RECORDS, {"year": year})
    manager_client.get(RECORDS)
    assert list(PersonalDataAccess.objects.order_by("pk").values_list(
        "user", "what", "subject", "how")) == [
        (manager.pk, "mokymai.records", f"year:{year}", "csv"),
        (manager.pk, "mokymai.records", "year:all", "csv")]
