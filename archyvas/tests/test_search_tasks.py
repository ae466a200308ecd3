"""The text-reading task: a stored PDF or DOCX is read once (DONE), a damaged one is FAILED
without an exception, a destroyed one has no text (NONE); running it again changes
nothing; a file replaced while it was read is left to its own run; ``queue_text`` runs it
after the commit; the sweep finds what a lost message left waiting; the demo reads its
documents at once."""

import io
import logging

import pytest
from django.core.files.base import ContentFile

from archyvas import tasks_search
from archyvas.models import FiledDocument, RegisterEntry, StoredFile, TextStatus
from archyvas.tasks_search import extract_text, queue_text, sweep_waiting_texts
from archyvas.tests.factories import (
    attach,
    docx_bytes,
    make_entry,
    make_filed,
    make_plan,
    make_register,
    pdf_bytes,
)
from portalas import registry

pytestmark = pytest.mark.django_db

ENTRY = "archyvas.registerentry"
FILED = "archyvas.fileddocument"


@pytest.fixture
def plan_file():
    return make_plan(2026).files.get(index="7.3")


@pytest.fixture
def register():
    return make_register()


def fresh(record):
    return type(record).objects.get(pk=record.pk)


def test_a_stored_pdf_is_read_into_the_record(register, plan_file):
    entry = make_entry(register, plan_file=plan_file,
                       data=pdf_bytes("Raštas dėl ąžuolų sodinimo šventės"))
    assert entry.text_status == TextStatus.WAITING
    assert extract_text(ENTRY, entry.pk) == TextStatus.DONE
    entry = fresh(entry)
    assert entry.text_status == TextStatus.DONE
    assert entry.text == "Raštas dėl ąžuolų sodinimo šventės"


def test_a_filed_docx_is_read(plan_file):
    document = make_filed(plan_file)
    attach(document, docx_bytes("Seminaro dalyvių sąrašas"), "sarasas.docx", "docx")
    extract_text.delay(FILED, document.pk)           # eager, as without a broker
    assert fresh(document).text == "Seminaro dalyvių sąrašas"


def test_a_damaged_pdf_is_marked_failed_not_raised(register, caplog):
    entry = make_entry(register, data=b"%PDF-1.4 sugadintas failas")
    with caplog.at_level(logging.WARNING, logger="regionas.archive"):
        assert extract_text(ENTRY, entry.pk) == TextStatus.FAILED
    entry = fresh(entry)
    assert (entry.text_status, entry.text) == (TextStatus.FAILED, "")
    assert "not read" in caplog.text


def test_reading_again_changes_nothing(register):
    entry = make_entry(register, data=pdf_bytes("Pirmas skaitymas"))
    extract_text(ENTRY, entry.pk)
    RegisterEntry.objects.filter(pk=entry.pk).update(text="Pataisyta ranka")
    assert extract_text(ENTRY, entry.pk) == ""
    assert fresh(entry).text == "Pataisyta ranka"


def test_a_file_replaced_while_it_was_read_is_left_to_its_own_run(register, monkeypatch):
    entry = make_entry(register, data=pdf_bytes("Senas failas"))
    real = tasks_search.read_text

    def read_then_replace(data, kind):
        text = real(data, kind)
        RegisterEntry.objects.filter(pk=entry.pk).update(
            sha256=StoredFile.digest(b"naujas"))            # another upload meanwhile
        return text

    monkeypatch.setattr(tasks_search, "read_text", read_then_replace)
    assert extract_text(ENTRY, entry.pk) == ""
    entry = fresh(entry)
    assert (entry.text_status, entry.text) == (TextStatus.WAITING, "")


def test_a_destroyed_or_missing_file_has_no_text(register):
    destroyed = make_entry(register, data=pdf_bytes("Sunaikinta"))
    RegisterEntry.objects.filter(pk=destroyed.pk).update(file_destroyed_on="2026-01-10")
    missing = make_entry(register, data=pdf_bytes("Dingęs"))
    missing.file.storage.delete(missing.file.name)
    for entry in (destroyed, missing):
        assert extract_text(ENTRY, entry.pk) == TextStatus.NONE
        assert fresh(entry).text_status == TextStatus.NONE


def test_a_record_gone_or_of_another_model_is_not_read(register):
    assert extract_text(ENTRY, 987654) == ""
    with pytest.raises(ValueError):
        extract_text("archyvas.fileplan", 1)


def test_queue_text_reads_after_the_commit(register, django_capture_on_commit_callbacks):
    entry = make_entry(register, data=pdf_bytes("Eilėje laukiantis raštas"))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queue_text(entry)
    assert fresh(entry).text_status == TextStatus.WAITING     # nothing before the commit
    for callback in callbacks:
        callback()
    assert fresh(entry).text == "Eilėje laukiantis raštas"


def test_queue_text_skips_a_record_not_waiting(register, django_capture_on_commit_callbacks):
    entry = make_entry(register)
    with django_capture_on_commit_callbacks() as callbacks:
        queue_text(entry)
    assert callbacks == []


def test_a_broker_that_is_down_leaves_the_text_to_the_sweep(register, monkeypatch, caplog,
                                                           django_capture_on_commit_callbacks):
    entry = make_entry(register, data=pdf_bytes("Neišsiųstas"))

    def down(*args):
        raise ConnectionError("broker down")

    monkeypatch.setattr(extract_text, "delay", down)
    with django_capture_on_commit_callbacks(execute=True):
        queue_text(entry)
    assert fresh(entry).text_status == TextStatus.WAITING
    assert "the sweep will" in caplog.text
    monkeypatch.undo()
    assert sweep_waiting_texts() == 1
    assert fresh(entry).text_status == TextStatus.DONE


def test_the_sweep_reads_what_is_still_waiting_in_batches(register, plan_file):
    waiting = [make_entry(register, data=pdf_bytes(f"Laukia {n}")) for n in range(3)]
    document = make_filed(plan_file)
    attach(document, pdf_bytes("Įbylotas laukia"), "a.pdf", "pdf")
    done = make_entry(register, data=pdf_bytes("Jau perskaitytas"))
    RegisterEntry.objects.filter(pk=done.pk).update(text="jau", text_status=TextStatus.DONE)
    assert sweep_waiting_texts(batch=2) == 3                   # two entries, the document
    assert fresh(waiting[2]).text_status == TextStatus.WAITING
    assert sweep_waiting_texts() == 1
    assert [fresh(e).text for e in waiting] == ["Laukia 0", "Laukia 1", "Laukia 2"]
    assert fresh(document).text == "Įbylotas laukia"
    assert fresh(done).text == "jau"
    assert sweep_waiting_texts() == 0


def test_the_sweep_runs_every_quarter_hour_and_the_release_nightly():
    task = registry.periodic_tasks.get("archive-text-sweep")
    assert task.task == "archyvas.tasks_search.sweep_waiting_texts"
    assert task.schedule.minute == {0, 15, 30, 45}
    from regionas.celery import app

    assert "archyvas.tasks_search.sweep_waiting_texts" in app.tasks
    assert "archyvas.tasks_search.extract_text" in app.tasks
    nightly = registry.periodic_tasks.get("archive-personal-data-retention")
    assert nightly.task == "archyvas.tasks_search.release_restrictions"
    assert nightly.task in app.tasks


def test_the_nightly_run_releases_nothing_in_an_empty_archive():
    from archyvas.tasks_search import release_restrictions

    assert release_restrictions() == 0


def test_the_demo_reads_every_waiting_document(register, plan_file):
    from archyvas import demo_search

    entries = [make_entry(register, data=pdf_bytes("Demonstracinis raštas")),
               make_entry(register, data=b"%PDF-1.4 sugadintas")]
    document = make_filed(plan_file)
    document.file.save("d.docx", ContentFile(docx_bytes("Demonstracinė analizė")), save=False)
    document.file_kind, document.text_status = "docx", TextStatus.WAITING
    document.save()
    out = io.StringIO()
    demo_search.load(out)
    assert fresh(entries[0]).text == "Demonstracinis raštas"
    assert fresh(entries[1]).text_status == TextStatus.FAILED
    assert FiledDocument.objects.get(pk=document.pk).text == "Demonstracinė analizė"
    assert "2 document texts read, 1 unreadable" in out.getvalue()
    assert not RegisterEntry.objects.filter(text_status=TextStatus.WAITING).exists()
