"""Agreements: the services (dates, files, the reminder mark, termination), the pages (who
gets what), the status filter, the register as XLSX read back cell for cell, the home panel
and the calendar."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from ataskaitos import services as documents
from ataskaitos.models import JobStatus
from bendradarbiavimas import reports_partners
from bendradarbiavimas import services_partners as services
from bendradarbiavimas.models import Agreement, AgreementKind
from bendradarbiavimas.tests.factories_partners import (
    PDF,
    docx_bytes,
    make_agreement,
    make_organisation,
    make_partner,
    upload,
)
from portalas.testing import query_budget

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    """The assertions read the English source texts."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def partner(staff, territory):
    return make_partner(by=staff, libraries=[territory.system_a])


def url(name, *args):
    return reverse(f"bendradarbiavimas:{name}", args=args)


def form_data(partner, **changes):
    data = {"number": "S-7", "kind": "memorandum", "title": "Memorandumas dėl mainų",
            "partners": [partner.pk], "starts_on": "2025-01-01", "ends_on": "2026-12-31",
            "subject": "Leidinių mainai", "obligations": "Kasmet keistis leidiniais",
            "remind_days": "20"}
    data.update(changes)
    return data


# --- services ---------------------------------------------------------------------------------

def test_an_agreement_cannot_end_before_it_starts(staff, partner):
    with pytest.raises(services.Refused) as refusal:
        make_agreement(by=staff, partners=[partner], starts_on=date(2025, 5, 1),
                       ends_on=date(2025, 4, 30))
    assert "cannot end before it starts" in str(refusal.value.message_dict["ends_on"])
    assert not Agreement.objects.exists()


def test_the_database_refuses_an_end_before_the_start_too(staff, partner):
    agreement = make_agreement(by=staff, partners=[partner], starts_on=date(2025, 5, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.filter(pk=agreement.pk).update(ends_on=date(2025, 1, 1))


def test_an_agreement_needs_a_party(staff):
    with pytest.raises(services.Refused) as refusal:
        make_agreement(by=staff, partners=[])
    assert "partners" in refusal.value.message_dict


def test_management_may_not_write_agreements(manager, partner):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        make_agreement(by=manager, partners=[partner])


def test_changing_the_end_clears_the_reminder_mark(staff, partner):
    agreement = make_agreement(by=staff, partners=[partner], ends_on=date(2026, 6, 30))
    Agreement.objects.filter(pk=agreement.pk).update(reminded_at=timezone.now())
    agreement.refresh_from_db()
    agreement.title = "Pervadinta"
    services.update_agreement(agreement, by=staff, partners=[partner])
    agreement.refresh_from_db()
    assert agreement.reminded_at is not None        # same end: still reminded
    agreement.ends_on = date(2027, 6, 30)
    services.update_agreement(agreement, by=staff, partners=[partner])
    agreement.refresh_from_db()
    assert agreement.reminded_at is None


def test_an_agreement_is_terminated_once(staff, partner):
    agreement = make_agreement(by=staff, partners=[partner], starts_on=date(2024, 1, 1))
    services.terminate_agreement(agreement, by=staff, on=date(2025, 3, 1), reason="Susitarta")
    agreement.refresh_from_db()
    assert agreement.terminated_on == date(2025, 3, 1) and "Susitarta" in agreement.note
    assert agreement.history.first().history_user == staff
    with pytest.raises(services.Refused):
        services.terminate_agreement(agreement, by=staff, on=date(2025, 4, 1))
    with pytest.raises(services.Refused):
        services.terminate_agreement(make_agreement(by=staff, partners=[partner],
                                                    starts_on=date(2025, 1, 1)),
                                     by=staff, on=date(2024, 12, 31))


@pytest.mark.parametrize("ends, terminated, starts, expected", [
    (None, None, date(2025, 1, 1), "in_force"),
    (date(2025, 6, 10), None, date(2025, 1, 1), "expiring"),
    (date(2025, 5, 1), None, date(2025, 1, 1), "expired"),
    (None, date(2025, 5, 1), date(2025, 1, 1), "terminated"),
    (None, None, date(2025, 7, 1), "pending"),
])
def test_the_status_of_an_agreement(ends, terminated, starts, expected):
    agreement = Agreement(starts_on=starts, ends_on=ends, terminated_on=terminated)
    assert services.agreement_status(agreement, today=date(2025, 6, 2)) == expected


# --- files ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, content, kind", [
    ("a.pdf", PDF, "pdf"), ("a.docx", docx_bytes(), "docx"),
    ("a.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, "png"),
])
def test_a_file_is_told_by_its_content(name, content, kind):
    assert services.check_file(upload(name, content)) == kind


@pytest.mark.parametrize("content", [b"MZ\x90\x00 an exe", b"PK\x03\x04not really a zip",
                                     b"<html>hi</html>"])
def test_a_file_that_is_not_a_document_is_refused(staff_client, partner, content):
    response = staff_client.post(url("agreement_create"), {
        **form_data(partner), "file": upload("sutartis.pdf", content)})
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not Agreement.objects.exists()


def test_the_file_is_served_only_through_the_scoped_view(staff_client, manager_client,
                                                         client_a, staff, partner):
    response = staff_client.post(url("agreement_create"), {
        **form_data(partner), "file": upload("Sutartis Nr. 7 (galutinė).pdf", PDF)})
    assert response.status_code == 302
    agreement = Agreement.objects.get()
    assert agreement.file.name.endswith(".pdf")
    download = manager_client.get(url("agreement_file", agreement.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "Sutartis-Nr-7-galutine.pdf" in download["Content-Disposition"]
    assert client_a.get(url("agreement_file", agreement.pk)).status_code == 404


# --- pages ------------------------------------------------------------------------------------

def test_staff_create_an_agreement(staff_client, staff, partner, territory):
    response = staff_client.post(url("agreement_create"), form_data(
        partner, libraries=[territory.system_a.pk], responsible=staff.pk))
    agreement = Agreement.objects.get()
    assert response.status_code == 302 and response.url == agreement.get_absolute_url()
    assert list(agreement.partners.all()) == [partner] and agreement.created_by == staff


def test_the_form_refuses_an_end_before_the_start_in_lithuanian(staff_client, partner):
    response = staff_client.post(url("agreement_create"), form_data(
        partner, starts_on="2025-06-01", ends_on="2025-05-01"), HTTP_ACCEPT_LANGUAGE="lt")
    assert response.status_code == 200
    assert "ends_on" in response.context["form"].errors
    assert not Agreement.objects.exists()


def test_management_read_agreements_but_may_not_write(manager_client, staff, partner):
    agreement = make_agreement(by=staff, partners=[partner])
    assert manager_client.get(url("agreement_list")).status_code == 200
    assert manager_client.get(url("agreement_detail", agreement.pk)).status_code == 200
    assert manager_client.get(url("agreement_history", agreement.pk)).status_code == 200
    assert manager_client.get(url("agreement_create")).status_code == 403
    assert manager_client.post(url("agreement_create"), form_data(partner)).status_code == 403
    assert manager_client.post(url("agreement_update", agreement.pk),
                               form_data(partner)).status_code == 403
    assert manager_client.post(url("agreement_terminate", agreement.pk),
                               {"terminated_on": "2025-01-02"}).status_code == 403
    assert Agreement.objects.get().terminated_on is None


def test_a_librarian_gets_404_on_every_agreement_page(client_a, staff, partner):
    agreement = make_agreement(by=staff, partners=[partner])
    for name, args in (("agreement_list", ()), ("agreement_create", ()),
                       ("agreement_detail", (agreement.pk,)),
                       ("agreement_update", (agreement.pk,)),
                       ("agreement_history", (agreement.pk,))):
        assert client_a.get(url(name, *args)).status_code == 404, name
    assert client_a.post(url("agreement_terminate", agreement.pk)).status_code == 404


def test_staff_edit_and_terminate(staff_client, staff, partner):
    agreement = make_agreement(by=staff, partners=[partner])
    response = staff_client.post(url("agreement_update", agreement.pk),
                                 form_data(partner, title="Pakeista"))
    assert response.status_code == 302
    response = staff_client.post(url("agreement_terminate", agreement.pk),
                                 {"terminated_on": "2025-03-03", "reason": "Partneris uždarė"})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.title == "Pakeista" and agreement.terminated_on == date(2025, 3, 3)


def test_the_list_filters_by_status_partner_kind_and_year(staff_client, staff, partner):
    today = timezone.localdate()
    other = make_partner(by=staff, organisation=make_organisation("Kita", country="LT"))
    expiring = make_agreement(by=staff, partners=[partner], starts_on=today - timedelta(400),
                              ends_on=today + timedelta(days=10), number="A")
    expired = make_agreement(by=staff, partners=[other], starts_on=today - timedelta(400),
                             ends_on=today - timedelta(days=5), number="B",
                             kind="memorandum")
    lasting = make_agreement(by=staff, partners=[partner], starts_on=today - timedelta(400),
                             number="C")

    def found(**params):
        response = staff_client.get(url("agreement_list"), params)
        assert response.status_code == 200
        return {row["object"].pk for row in response.context["rows"]}

    assert found(status="expiring") == {expiring.pk}
    assert found(status="expired") == {expired.pk}
    assert found(status="in_force") == {lasting.pk}
    assert found(status="expiring", days=1) == set() or today.weekday() >= 4
    assert found(partner=other.pk) == {expired.pk}
    assert found(kind="memorandum") == {expired.pk}
    assert found(year=today.year + 2) == {lasting.pk}


def test_the_list_keeps_to_its_query_budget(staff_client, staff, partner):
    others = [make_partner(by=staff, organisation=make_organisation(f"O{i}", country="LT"))
              for i in range(3)]
    for index in range(30):
        make_agreement(by=staff, partners=[partner, *others], number=f"N{index}")
    with query_budget(12):
        assert staff_client.get(url("agreement_list")).status_code == 200


# --- the register -----------------------------------------------------------------------------

def test_the_register_reopens_cell_for_cell(staff, manager, partner, territory,
                                            django_capture_on_commit_callbacks):
    other = make_partner(by=staff, organisation=make_organisation("Ąžuolo klubas",
                                                                  country="LT"))
    first = make_agreement(by=staff, partners=[partner, other], number="S-1",
                           libraries=[territory.system_a, territory.branch_a],
                           signed_on=date(2025, 1, 20), starts_on=date(2025, 2, 1),
                           ends_on=date(2027, 1, 31), responsible=staff)
    make_agreement(by=staff, partners=[partner], number="S-0", starts_on=date(2020, 1, 1),
                   ends_on=date(2021, 1, 1))              # not in 2025
    with translation.override("lt"), django_capture_on_commit_callbacks(execute=True):
        job = documents.request_report(kind="bendradarbiavimas.agreements",
                                       params={"year": "2025", "format": "xlsx"},
                                       format="xlsx", by=manager)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    sheet = load_workbook(job.file.path).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    with translation.override("lt"):
        assert list(rows[0]) == [name for name, _kind in reports_partners.register_header()]
        kind = str(AgreementKind.AGREEMENT.label)
    assert rows[0][0] == "Numeris" and len(rows[0]) == 12
    assert len(rows) == 2
    row = rows[1]
    assert row[0] == "S-1" and row[1] == kind
    assert row[2] == first.title
    assert row[3] == "Ąžuolo klubas; Latvijas Nacionālā bibliotēka"
    assert row[4] == "Darbėnų filialas; Kretingos viešoji biblioteka"
    assert row[5].date() == date(2025, 1, 20) and row[6].date() == date(2025, 2, 1)
    assert row[7].date() == date(2027, 1, 31)
    assert row[9] == str(staff) and row[10] == first.subject and row[11] == first.obligations


def test_the_register_is_closed_to_a_librarian(librarian_a):
    with pytest.raises((documents.NotAvailable, PermissionDenied)):
        documents.request_report(kind="bendradarbiavimas.agreements",
                                 params={"year": "2025", "format": "xlsx"}, format="xlsx",
                                 by=librarian_a)


# --- home panel and calendar ------------------------------------------------------------------

def test_the_home_panel_lists_expiring_and_just_expired_and_is_left_out_when_none(
        staff_client, librarian_a, staff, partner):
    from portalas.registry import calendar_entries

    assert b"home-agreements" not in staff_client.get("/").content
    today = timezone.localdate()
    soon = make_agreement(by=staff, partners=[partner], starts_on=today - timedelta(100),
                          ends_on=today + timedelta(days=7), title="Greitai baigsis")
    make_agreement(by=staff, partners=[partner], starts_on=today - timedelta(100),
                   ends_on=today - timedelta(days=3), title="Ką tik baigėsi")
    content = staff_client.get("/").content.decode()
    assert "Greitai baigsis" in content and "Ką tik baigėsi" in content
    entries = calendar_entries(today, today + timedelta(days=30), staff)
    assert any(e.url == soon.get_absolute_url() for e in entries)
    assert not [e for e in calendar_entries(today, today + timedelta(days=30), librarian_a)
                if e.source == "bendradarbiavimas.agreements"]


def test_an_agreement_file_saved_directly_is_still_served_by_content(staff_client, staff,
                                                                     partner):
    agreement = make_agreement(by=staff, partners=[partner])
    agreement.file.save("x.docx", ContentFile(docx_bytes()), save=True)
    response = staff_client.get(url("agreement_file", agreement.pk))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
