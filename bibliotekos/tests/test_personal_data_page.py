"""The department's personal-data page: restricted records, the retention dry run and the
access log; and the log entry a person's export writes."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bibliotekos.audit import record_access
from bibliotekos.models import PersonalDataAccess
from portalas.testing import query_budget

pytestmark = pytest.mark.django_db

URL = reverse("bibliotekos:personal_data_overview")


def test_only_the_department_opens_it(staff_client, manager_client, client_a):
    assert staff_client.get(URL).status_code == 200
    assert manager_client.get(URL).status_code == 403
    assert client_a.get(URL).status_code == 403


def test_it_lists_the_restricted_records_the_dry_run_and_the_log(staff_client, staff,
                                                                 territory):
    from mokymai.tests.factories import make_person

    person = make_person(territory.branch_a, first="Ona", last="Onaitė")
    record_access(staff, "mokymai.participants", person, how="xlsx")
    record_access(staff, "mokymai.records", "year:2026", how="csv")
    with query_budget(28):
        page = staff_client.get(URL)
    html = page.content.decode()
    assert "mokymai.Certificate" in html and "ataskaitos.ReportJob" in html
    assert f"bibliotekos.person:{person.pk}" in html and "year:2026" in html
    assert "Onaitė" not in html                       # the log names objects by id only
    rows = {row["label"]: row["count"] for row in page.context["due"]}
    assert all(isinstance(count, int) for count in rows.values()) and rows
    # the filter
    filtered = staff_client.get(URL, {"what": "mokymai.records"})
    assert [e.what for e in filtered.context["entries"]] == ["mokymai.records"]
    today = timezone.localdate()
    PersonalDataAccess.objects.filter(what="mokymai.records").update(
        at=timezone.now() - timedelta(days=3))
    recent = staff_client.get(URL, {"since": (today - timedelta(days=1)).isoformat()})
    assert [e.what for e in recent.context["entries"]] == ["mokymai.participants"]
    assert staff_client.get(URL, {"since": "ne data"}).status_code == 200


def test_the_log_pages(staff_client, staff):
    PersonalDataAccess.objects.bulk_create(
        PersonalDataAccess(user=staff, what="mokymai.participants", subject=f"x:{n}")
        for n in range(120))
    with query_budget(28):
        first = staff_client.get(URL)
    assert len(first.context["entries"]) == 50
    assert len(staff_client.get(URL, {"page": 3}).context["entries"]) == 20


def test_a_persons_export_is_logged(staff_client, staff, territory):
    from mokymai.tests.factories import make_person

    person = make_person(territory.branch_a, first="Jonas", last="Jonaitis")
    staff_client.post(reverse("bibliotekos:person_personal_data", args=[person.pk]))
    entry = PersonalDataAccess.objects.get()
    assert (entry.user, entry.what, entry.subject, entry.how) == (
        staff, "bibliotekos.personal_data_export", f"bibliotekos.person:{person.pk}", "json")
    assert entry.at.date() <= date.today() + timedelta(days=1)
