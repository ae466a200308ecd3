"""The professional-development record: per person by year, the staff trained and the
hours per librarian of a scope, and the CSV layouts."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from bibliotekos.models import Person
from mokymai.records import RECORD_COLUMNS, person_years, staff, staff_trained
from portalas.metrics import Period, Scope
from portalas.registry import metric

pytestmark = pytest.mark.django_db


def test_share_of_staff_trained_is_trained_over_the_registry_people(held_year, year,
                                                                   territory):
    period = Period.year(year)
    # A's four at the seminar and the branch's person registered; A0..A2 attended both, A3
    # one session, the branch's person nothing; B's two attended the online training
    assert staff_trained(period, Scope.territory()).count() == 6
    assert staff(period, Scope.territory()).count() == Person.objects.filter(
        library__isnull=False).count() == 7
    share = metric("mokymai.staff_trained_share").value(period)
    assert share == Decimal(100) * 6 / 7
    system = Scope.of_library(territory.system_a)
    assert metric("mokymai.staff").value(period, system) == 5
    assert metric("mokymai.staff_trained").value(period, system) == 4
    assert metric("mokymai.hours_per_librarian").value(period, system) == \
        metric("mokymai.staff_hours").value(period, system) / 5


def test_a_persons_record_counts_events_and_hours_by_year(held_year, year):
    first = held_year["a"][0]          # the seminar (8 h, completed) and the online training
    [line] = person_years(first)
    assert (line["year"], line["events"], line["hours"], line["completed"]) == (
        year, 2, Decimal("12.00"), 1)


def _rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_person_the_director_and_staff_get_the_record_csv(held_year, year, client_a,
                                                              client_b, staff_client):
    person = held_year["a"][0]
    url = reverse("mokymai:person_record_csv", args=[person.pk])
    rows = _rows(staff_client.get(url))
    assert rows[0] == RECORD_COLUMNS
    assert rows[1][:3] == [str(person.pk), person.last_name, person.first_name]
    assert rows[1][6:] == [str(year), "2", "12.00", "1", "0", "0.00"]
    assert client_a.get(url).status_code == 200            # their system's person
    assert client_b.get(url).status_code == 404            # another library's


def test_everyones_records_are_for_the_whole_territory_roles(held_year, year, staff_client,
                                                             manager_client, client_a):
    url = reverse("mokymai:records_csv")
    rows = _rows(manager_client.get(url, {"year": year}))
    assert rows[0] == RECORD_COLUMNS and len(rows) == 1 + 7   # the seven who took part
    assert client_a.get(url).status_code == 403


def test_the_library_card_shows_the_share_of_its_staff_trained(held_year, year, staff_client,
                                                               territory):
    url = reverse("bibliotekos:library_detail", args=[territory.system_a.pk])
    # nothing this year yet: the card shows last year, when 4 of system A's 5 people trained
    html = staff_client.get(url).content.decode()
    assert 'data-figure="staff_trained">4 / 5 (80,0 %)' in html
    # this year, asked for: nobody yet
    html = staff_client.get(url, {"mokymai_year": year + 1}).content.decode()
    assert 'data-figure="staff_trained">0 / 5 (0,0 %)' in html


def test_a_confirmed_course_taken_elsewhere_counts_in_the_record_and_the_share(
        held_year, year, territory, staff):
    from datetime import date

    from mokymai.models import ExternalCourse, ExternalCourseStatus

    branch = held_year["branch"]          # registered at the seminar, attended nothing
    period = Period.year(year)
    before = metric("mokymai.staff_trained").value(period)
    course = ExternalCourse.objects.create(
        person=branch, provider="LNB", title="Skaitmeninės paslaugos",
        starts_on=date(year, 5, 1), ends_on=date(year, 5, 2), hours=Decimal("16"),
        status=ExternalCourseStatus.SUBMITTED)
    assert metric("mokymai.staff_trained").value(period) == before    # not yet confirmed
    course.status = ExternalCourseStatus.CONFIRMED
    course.save()
    assert metric("mokymai.staff_trained").value(period) == before + 1
    [line] = person_years(branch)
    assert (line["events"], line["external_courses"], line["external_hours"]) == (
        0, 1, Decimal("16.00"))


def test_the_statistics_form_offers_staff_trained_from_the_records(held_year, year, territory,
                                                                  staff, librarian_a):
    from datetime import timedelta

    from django.test import Client
    from django.utils import timezone

    from statistika.models import Indicator, Submission, Value
    from statistika.services.campaign import create_campaign
    from statistika.services.catalogue import install_default_catalogue

    install_default_catalogue()
    campaign = create_campaign(year=year, kinds=["system"], by=staff, reminder_days=[],
                               deadline=timezone.now() + timedelta(days=30))
    submission = Submission.objects.get(campaign=campaign, library=territory.system_a)
    client = Client()
    client.force_login(librarian_a, backend="paskyros.backends.EmailBackend")
    # staff are reported for the whole system: A's four central people took part last year
    # (the branch's person attended nothing)
    url = reverse("statistika:report_unit", args=[submission.pk, territory.system_a.code])
    page = client.get(url).content.decode()
    assert "Pagal portalo mokymų įrašus: <strong>4</strong>" in page
    indicator = Indicator.objects.get(code="staff_trained")
    response = client.post(reverse("statistika:field_save", args=[submission.pk]),
                            {"library": territory.system_a.pk, "indicator": indicator.pk,
                             "value": "4", "version": 0}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert Value.objects.get(library=territory.system_a, indicator=indicator,
                             year=year).value == 4
    assert "Naudoti šį skaičių" not in response.content.decode()   # it is the value now
