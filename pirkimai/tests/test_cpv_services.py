"""Loading the CPV vocabulary (``services_cpv.load_vocabulary``): the official XML and XLSX
shapes told apart by the content; new codes added, titles updated, codes no longer in the
file taken out of use (never deleted) and back in use when they return; a partial file
that takes nothing out of use; the counts of each load recorded; bad files refused with
what is wrong and nothing half-loaded; the real vocabulary's size loaded in seconds."""

import time

import pytest
from django.core.exceptions import PermissionDenied

from pirkimai.models import CpvCode
from pirkimai.models.vocabulary import CpvLoad
from pirkimai.services_cpv import CpvFileRefused, detect_format, load_vocabulary, summary
from pirkimai.tests.factories import make_plan, make_planned
from pirkimai.tests.factories_plan import (
    LANGUAGES,
    cpv_xlsx,
    cpv_xml,
    real_code,
    real_size_xlsx,
)

pytestmark = pytest.mark.django_db

BOOKS = ("22110000-4", "Spausdintos knygos", "Printed books")
OFFICE = ("30190000-7", "Įvairi biuro įranga ir reikmenys", "Various office equipment and "
                                                            "supplies")
TRAINING = ("80500000-9", "Mokymo paslaugos", "Training services")


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def refusal(data, **kwargs) -> list[str]:
    with pytest.raises(CpvFileRefused) as caught:
        load_vocabulary(data=data, **kwargs)
    return caught.value.messages


def test_the_xml_file_adds_its_codes_with_both_titles(staff):
    load = load_vocabulary(data=cpv_xml([BOOKS, OFFICE]), by=staff, file_name="cpv_2008.xml")
    books = CpvCode.objects.get(code="22110000-4")
    assert (books.title_lt, books.title_en, books.active) == (
        "Spausdintos knygos", "Printed books", True)
    assert (load.file_format, load.total, load.created, load.loaded_by) == ("xml", 2, 2, staff)
    assert CpvLoad.objects.get() == load
    assert "2 codes in the file: 2 added" in summary(load)


def test_the_xlsx_workbook_reads_the_code_and_the_lt_and_en_columns_among_all_languages():
    header = ("CODE", *LANGUAGES)
    rows = [[code, *[{"LT": lt, "EN": en}.get(lang, f"{en} ({lang})") for lang in LANGUAGES]]
            for code, lt, en in (BOOKS, TRAINING)]
    load = load_vocabulary(data=cpv_xlsx(rows, header=header))
    training = CpvCode.objects.get(code="80500000-9")
    assert (training.title_lt, training.title_en) == ("Mokymo paslaugos", "Training services")
    assert (load.file_format, load.created) == ("xlsx", 2)


def test_a_workbook_with_inline_strings_and_a_title_row_above_the_header_loads_too():
    data = cpv_xlsx([list(BOOKS)], header=("code", "lt", "en"), shared=False,
                    preamble=[("Bendrasis viešųjų pirkimų žodynas",)])
    assert load_vocabulary(data=data).created == 1
    assert CpvCode.objects.get().title_lt == "Spausdintos knygos"


def test_a_second_load_updates_titles_takes_missing_codes_out_of_use_and_keeps_them(staff):
    load_vocabulary(data=cpv_xml([BOOKS, OFFICE, TRAINING]))
    plan = make_plan(2026)
    make_planned(plan, cpv=CpvCode.objects.get(code="80500000-9"))
    renamed = ("22110000-4", "Spausdintos knygos (naujas pavadinimas)", "Printed books")
    load = load_vocabulary(data=cpv_xml([renamed, OFFICE]), by=staff)
    assert (load.total, load.created, load.updated, load.deactivated, load.unchanged) == (
        2, 0, 1, 1, 1)
    training = CpvCode.objects.get(code="80500000-9")
    assert not training.active and plan.purchases.get().cpv == training
    assert CpvCode.objects.get(code="22110000-4").title_lt.endswith("(naujas pavadinimas)")
    back = load_vocabulary(data=cpv_xml([renamed, OFFICE, TRAINING]))
    assert (back.reactivated, back.unchanged, back.created) == (1, 2, 0)
    assert CpvCode.objects.filter(active=True).count() == 3


def test_a_partial_file_adds_and_updates_but_takes_nothing_out_of_use():
    load_vocabulary(data=cpv_xml([BOOKS, OFFICE]))
    load = load_vocabulary(data=cpv_xml([TRAINING]), partial=True)
    assert (load.created, load.deactivated) == (1, 0)
    assert CpvCode.objects.filter(active=True).count() == 3


def test_a_workbook_without_english_titles_keeps_the_english_ones_known():
    load_vocabulary(data=cpv_xml([BOOKS]))
    load = load_vocabulary(data=cpv_xlsx([["22110000-4", "Spausdintos knygos"]],
                                         header=("CODE", "LT")))
    assert load.unchanged == 1
    assert CpvCode.objects.get().title_en == "Printed books"


def test_the_format_is_told_by_the_content_not_the_name():
    assert detect_format(cpv_xml([BOOKS])) == "xml"
    assert detect_format(b"\xef\xbb\xbf  " + cpv_xml([BOOKS])) == "xml"
    assert detect_format(cpv_xlsx([list(BOOKS)])) == "xlsx"


# --- bad files ---------------------------------------------------------------------------------

def test_a_file_that_is_neither_xlsx_nor_xml_is_refused():
    assert "neither an XLSX workbook nor an XML file" in refusal(
        b"CODE;LT\n22110000-4;Knygos\n")[0]
    assert "old Excel workbook" in refusal(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)[0]
    assert "empty" in refusal(b"   ")[0]
    assert not CpvCode.objects.exists() and not CpvLoad.objects.exists()


def test_a_workbook_without_a_code_column_or_a_lithuanian_column_is_refused():
    assert "no CODE column" in refusal(cpv_xlsx([list(BOOKS)], header=("KODAS_X", "EN",
                                                                         "LT")))[0]
    assert "no LT column" in refusal(cpv_xlsx([["22110000-4", "Printed books"]],
                                              header=("CODE", "EN")))[0]


def test_malformed_codes_missing_titles_and_duplicates_are_listed_and_nothing_is_loaded():
    load_vocabulary(data=cpv_xml([OFFICE]))
    rows = [list(BOOKS), ["2211000-4", "Trumpas", "Short"], ["22110000", "Be kontrolinio",
                                                                "No check digit"],
            ["80500000-9", None, "Training services"], list(BOOKS)]
    messages = refusal(cpv_xlsx(rows))
    assert messages == [
        "row 3: “2211000-4” is not a CPV code (eight digits, a dash and the check digit, "
        "such as 30190000-7).",
        "row 4: “22110000” is not a CPV code (eight digits, a dash and the check digit, such "
        "as 30190000-7).",
        "row 5: the code 80500000-9 has no Lithuanian title.",
        "row 6: the code 22110000-4 is in the file twice (first at row 2).",
    ]
    assert list(CpvCode.objects.values_list("code", "active")) == [("30190000-7", True)]
    assert CpvLoad.objects.count() == 1


def test_an_xml_file_of_another_kind_damaged_or_with_entities_is_refused():
    assert "root element is <catalog>" in refusal(cpv_xml([BOOKS], root="catalog"))[0]
    assert "damaged" in refusal(cpv_xml([BOOKS])[:-20])[0]
    bomb = (b'<?xml version="1.0"?><!DOCTYPE CPV_CODE [<!ENTITY a "aaaaaaaaaa">]>'
            b'<CPV_CODE><CPV CODE="22110000-4"><TEXT LANG="LT">&a;</TEXT></CPV></CPV_CODE>')
    assert "entities" in refusal(bomb)[0]
    assert "entry 1" in refusal(cpv_xml([("x", "Knygos", "Books")]))[0]
    assert "holds no CPV codes" in refusal(cpv_xml([]))[0]


def test_a_damaged_workbook_is_refused():
    data = cpv_xlsx([list(BOOKS)])
    assert refusal(data[:200])       # the zip cut short
    assert not CpvCode.objects.exists()


def test_many_errors_are_cut_to_twenty_with_the_count_of_the_rest():
    messages = refusal(cpv_xml([(f"bad-{number}", "Knygos", "") for number in range(35)]))
    assert len(messages) == 21 and messages[-1] == "…and 15 more errors."


def test_management_cannot_load_the_vocabulary(manager):
    with pytest.raises(PermissionDenied):
        load_vocabulary(data=cpv_xml([BOOKS]), by=manager)
    assert not CpvCode.objects.exists()


# --- the real vocabulary's size ----------------------------------------------------------------

def test_the_real_size_workbook_of_9454_codes_loads_in_seconds_and_again_unchanged(staff):
    data = real_size_xlsx(9454)
    started = time.monotonic()
    load = load_vocabulary(data=data, by=staff, file_name="cpv_2008_ver_2013.xlsx")
    first = time.monotonic() - started
    assert (load.total, load.created) == (9454, 9454)
    assert CpvCode.objects.filter(active=True).count() == 9454
    last = CpvCode.objects.get(code=real_code(9453))
    assert (last.title_lt, last.title_en) == ("Pavadinimas 9453 (LT)", "Pavadinimas 9453 (EN)")
    assert first < 15, f"the first load took {first:.1f} s"
    started = time.monotonic()
    again = load_vocabulary(data=data, by=staff)
    assert (again.unchanged, again.created, again.updated, again.deactivated) == (9454, 0, 0, 0)
    assert time.monotonic() - started < 15


def test_the_real_size_xml_file_of_9454_codes_loads_in_seconds():
    entries = [(real_code(number), f"Pavadinimas {number}", f"Title {number}")
               for number in range(9454)]
    started = time.monotonic()
    load = load_vocabulary(data=cpv_xml(entries), file_name="cpv_2008.xml")
    assert (load.file_format, load.created) == ("xml", 9454)
    assert time.monotonic() - started < 15
    assert CpvCode.objects.get(code=real_code(17)).title_en == "Title 17"
