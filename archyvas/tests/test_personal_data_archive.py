"""The archive's personal data (GDPR Art. 15/17/18): the export finds a correspondent's
letters and what their account is responsible for; the erasure keeps the records the law
keeps for their file's retention — restricted until it ends, for ever in a file kept
permanently — cuts the name out of the department's notes and out of what nothing keeps,
and the nightly run lifts the restriction once the retention ended and the file is gone."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from archyvas import personal_data, personal_data_retention
from archyvas.models import FiledDocument, PlanFile, PlanStatus, RegisterEntry, TextStatus
from archyvas.tests.factories import make_entry, make_filed, make_plan, make_register, pdf_bytes
from archyvas.tests.factories_search import read
from archyvas.tests.test_search_urls import URLS
from bibliotekos.erasure import ERASED_TEXT
from bibliotekos.models import Person
from bibliotekos.services import erase_personal_data, export_personal_data
from portalas.registry import personal_data_providers, restricted_records
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FIRST, LAST = "Gražvilė", "Archyvinskaitė"
FULL = f"{FIRST} {LAST}"
EMAIL = "grazvile.archyv@pastas.lt"
NEEDLES = (LAST, EMAIL)
YEAR = datetime.date.today().year


def archive_cells_naming(needles) -> set[tuple[str, str, str]]:
    """(table, column, key) of every archive table's value holding one of ``needles``."""
    found = set()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        tables = [t for t in connection.introspection.table_names(cursor)
                  if t.startswith("archyvas_")]
        for table in tables:
            columns = [c.name for c in connection.introspection.get_table_description(cursor,
                                                                                        table)]
            key = connection.introspection.get_primary_key_column(cursor, table)
            cursor.execute(f"SELECT {', '.join(quote(c) for c in columns)} "  # noqa: S608
                           f"FROM {quote(table)}")
            for row in cursor.fetchall():
                values = dict(zip(columns, row, strict=True))
                found |= {(table, column, str(values[key])) for column, value in values.items()
                          if value is not None and any(n.casefold() in str(value).casefold()
                                                       for n in needles)}
    return found


def restricted_cells() -> set[tuple[str, str, str]]:
    from django.apps import apps

    cells = set()
    for record in restricted_records.all():
        model = apps.get_model(record.model)
        for row in model._base_manager.filter(**record.restricted):
            for name in record.fields:
                cells.add((model._meta.db_table, model._meta.get_field(name).column,
                           str(row.pk)))
    return cells


@pytest.fixture
def world(territory, staff):
    account = UserFactory(role="staff", email=EMAIL, full_name=FULL)
    person = Person.objects.create(first_name=FIRST, last_name=LAST, email=EMAIL, user=account,
                                   library=territory.system_a)
    plan = make_plan(YEAR)
    files = {f.index: f for f in plan.files.all()}
    PlanFile.objects.filter(pk=files["7.1"].pk).update(responsible=account)
    incoming = make_register()
    letter = make_entry(incoming, number=1, plan_file=files["7.3"], correspondent=FULL,
                        title="Prašymas dėl stažuotės", note=f"Skambino {FULL}",
                        data=pdf_bytes("Prašymas"))
    read(letter, f"Prašau priimti stažuotei. {FULL}, {EMAIL}")
    unrelated = make_entry(incoming, number=2, plan_file=files["7.3"],
                           correspondent="Telšių viešoji biblioteka", title="Dėl renginio",
                           note=f"Perduota {FULL}", responsible=account, registered_by=account)
    loose = make_entry(incoming, number=3, correspondent=EMAIL, title="Laiškas be bylos",
                       data=pdf_bytes("Be bylos"))
    renamed = make_entry(incoming, number=4, plan_file=files["7.3"], correspondent=FULL,
                         title="Klausimas")
    renamed.correspondent = "Anonimas"           # an edit: the earlier version names them
    renamed.save()
    report = make_filed(files["7.6"], title="Regiono analizė", key="a1", filed_by=account,
                        data=pdf_bytes("Analizė"))
    read(report, f"Duomenis rinko {FULL}.")
    old = make_plan(YEAR - 10, status=PlanStatus.CLOSED)
    expired = make_entry(incoming, number=5, year=YEAR - 10,
                         registered_on=datetime.date(YEAR - 10, 5, 5),
                         plan_file=old.files.get(index="7.3"), correspondent=FULL,
                         title="Senas laiškas")
    RegisterEntry.objects.filter(pk=expired.pk).update(
        file_destroyed_on=datetime.date(YEAR - 3, 2, 1))
    return {"person": person, "account": account, "files": files, "letter": letter,
            "unrelated": unrelated, "loose": loose, "renamed": renamed, "report": report,
            "expired": expired, "staff": staff}


def fresh(record):
    return type(record)._base_manager.get(pk=record.pk)


# --- the export ----------------------------------------------------------------------------------

def test_the_export_finds_a_correspondent_s_letters_and_the_account_s_records(world):
    data = export_personal_data(person=world["person"], by=world["staff"])
    section = data["archyvas.archive"]
    by_record = {}
    for row in section["rows"]:
        by_record.setdefault(row["record"], []).append(row)
    named = {row["id"] for row in by_record["registered document naming the person"]}
    assert named == {world["letter"].pk, world["unrelated"].pk, world["loose"].pk,
                     world["expired"].pk}
    letter = next(row for row in by_record["registered document naming the person"]
                  if row["id"] == world["letter"].pk)
    assert letter["correspondent"] == FULL and letter["register__prefix"] == "G"
    assert any(EMAIL in passage for passage in letter["passages"])
    assert {row["id"] for row in by_record["registered document history naming the "
                                           "person"]} >= {world["renamed"].pk}
    assert [row["id"] for row in by_record["filed document naming the person"]] == [
        world["report"].pk]
    assert [row["id"] for row in by_record["registered document the person is responsible "
                                           "for"]] == [world["unrelated"].pk]
    assert [row["id"] for row in by_record["document filed by the person"]] == [
        world["report"].pk]
    assert [row["index"] for row in by_record["file of the plan the person is responsible "
                                              "for"]] == ["7.1"]


# --- the erasure ------------------------------------------------------------------------------

def test_erasure_keeps_the_letter_restricted_until_its_file_s_retention_ends(world):
    erase_personal_data(person=world["person"], by=world["staff"])
    letter = fresh(world["letter"])
    assert letter.restricted_on == datetime.date.today()
    assert letter.restricted_until == datetime.date(YEAR + 5, 12, 31)
    assert letter.correspondent == FULL and EMAIL in letter.text      # the record, as it was
    assert letter.has_file
    assert letter.note == f"Skambino {ERASED_TEXT}"                   # not the record
    assert all(version.restricted_until == letter.restricted_until
               for version in RegisterEntry.history.filter(id=letter.pk))


def test_a_document_in_a_file_kept_permanently_stays_restricted_without_an_end(world):
    erase_personal_data(person=world["person"], by=world["staff"])
    report = fresh(world["report"])
    assert report.restricted_on is not None and report.restricted_until is None
    assert FULL in report.text and report.filed_by_id == world["account"].pk


def test_an_earlier_version_naming_the_person_restricts_the_record(world):
    erase_personal_data(person=world["person"], by=world["staff"])
    renamed = fresh(world["renamed"])
    assert renamed.is_restricted
    assert RegisterEntry.history.filter(id=renamed.pk, correspondent=FULL,
                                        restricted_on__isnull=False).exists()


def test_what_nothing_keeps_loses_the_name_and_the_file_at_once(world):
    loose_file = world["loose"].file.path
    erase_personal_data(person=world["person"], by=world["staff"])
    loose = fresh(world["loose"])
    assert loose.correspondent == ERASED_TEXT and not loose.is_restricted
    assert not loose.file and loose.text_status == TextStatus.NONE
    assert not __import__("os").path.exists(loose_file)
    assert (loose.register_id, loose.number) == (world["loose"].register_id, 3)  # the row stays
    expired = fresh(world["expired"])
    assert expired.correspondent == ERASED_TEXT and not expired.is_restricted
    assert not RegisterEntry.history.filter(id=expired.pk, correspondent=FULL).exists()


def test_the_account_leaves_the_responsible_fields_and_stays_who_did_it(world):
    erase_personal_data(person=world["person"], by=world["staff"])
    unrelated = fresh(world["unrelated"])
    assert unrelated.responsible_id is None and unrelated.version == 2
    assert unrelated.registered_by_id == world["account"].pk
    assert unrelated.note == f"Perduota {ERASED_TEXT}" and not unrelated.is_restricted
    assert PlanFile.objects.get(pk=world["files"]["7.1"].pk).responsible_id is None


def test_after_the_erasure_only_the_restricted_records_name_the_person(world):
    assert archive_cells_naming(NEEDLES)
    erase_personal_data(person=world["person"], by=world["staff"])
    left = archive_cells_naming(NEEDLES) - restricted_cells()
    assert not left, f"still naming the erased person outside a restricted record: {left}"
    # erasing again finds nothing new and changes nothing kept
    assert personal_data.erase(Person.objects.get(pk=world["person"].pk)) == 0
    assert fresh(world["letter"]).correspondent == FULL


def test_the_declarations_are_registered():
    assert "archyvas.archive" in personal_data_providers
    names = {record.name for record in restricted_records.all()}
    assert {"archyvas.register_entries", "archyvas.register_entries_history",
            "archyvas.filed_documents", "archyvas.filed_documents_history"} <= names
    assert personal_data_providers.get("archyvas.archive").order < \
        personal_data_providers.get("bibliotekos.person").order


@pytest.mark.urls(URLS)
def test_management_no_longer_finds_a_restricted_letter_staff_do(world, manager_client,
                                                                staff_client):
    erase_personal_data(person=world["person"], by=world["staff"])
    url = reverse("archyvas:search")
    assert world["letter"].pk not in [hit.record.pk for hit in manager_client.get(
        url, {"q": "stažuotės"}).context["hits"]]
    assert world["letter"].pk in [hit.record.pk for hit in staff_client.get(
        url, {"q": "stažuotės"}).context["hits"]]


# --- the end of the restriction ---------------------------------------------------------------

def test_the_restriction_ends_only_once_the_retention_ended_and_the_file_is_destroyed(world):
    erase_personal_data(person=world["person"], by=world["staff"])
    letter = fresh(world["letter"])
    after = letter.restricted_until + datetime.timedelta(days=1)
    assert personal_data_retention.release_expired(letter.restricted_until) == 0
    assert [count for _label, count in personal_data_retention.due()] == [0, 0]
    with time_machine.travel(after):   # the dry run: one to release, one waiting for an act
        assert [count for _label, count in personal_data_retention.due()] == [1, 1]
    # the edited letter had no file: released; this one's file is still there: waiting
    assert personal_data_retention.release_expired(after) == 1
    assert not fresh(world["renamed"]).is_restricted and fresh(letter).is_restricted
    RegisterEntry.objects.filter(pk=letter.pk).update(file_destroyed_on=after)
    assert personal_data_retention.release_expired(after) == 1
    letter = fresh(letter)
    assert (letter.correspondent, letter.title, letter.text) == (ERASED_TEXT, ERASED_TEXT, "")
    assert not letter.is_restricted and letter.number == 1
    assert not RegisterEntry.history.filter(id=letter.pk, correspondent=FULL).exists()
    assert personal_data_retention.release_expired(after) == 0                # idempotent
    # the permanent file's document never ends
    assert fresh(world["report"]).is_restricted


def test_a_file_kept_longer_by_its_appraisal_keeps_its_records_restricted(world):
    erase_personal_data(person=world["person"], by=world["staff"])
    letter = fresh(world["letter"])
    longer = datetime.date(YEAR + 8, 12, 31)
    PlanFile.objects.filter(pk=letter.plan_file_id).update(retention_ends=longer)
    RegisterEntry.objects.filter(pk=letter.pk).update(file_destroyed_on=None)
    assert personal_data_retention.release_expired(datetime.date(YEAR + 6, 2, 1)) == 0
    assert fresh(letter).restricted_until == longer


def test_filed_documents_end_their_restriction_the_same_way(world):
    plan_file = world["files"]["7.5"]
    document = make_filed(plan_file, title=f"Dalyvių sąrašas: {FULL}", key="s1")
    erase_personal_data(person=world["person"], by=world["staff"])
    document = fresh(document)
    assert document.restricted_until == datetime.date(YEAR + 3, 12, 31)
    assert personal_data_retention.release_expired(datetime.date(YEAR + 4, 1, 1)) == 1   # no file
    document = FiledDocument.objects.get(pk=document.pk)
    assert document.title == ERASED_TEXT and not document.is_restricted
