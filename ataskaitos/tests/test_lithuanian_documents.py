"""Documents true to Lithuanian practice: alphabetical order, plural forms, units printed
once, whole titles, sentences that inflect, Excel number formats, Word lists and contents,
counts as whole numbers."""

import io
import re
import subprocess
from decimal import Decimal

import pytest
from django.utils import translation
from docx import Document as Word
from openpyxl import load_workbook

from ataskaitos.document import Column, Document, Rows, Section, Table, locative, with_unit
from ataskaitos.renderers import display, render_docx, render_pdf, render_xlsx
from conftest import require_program

pytestmark = pytest.mark.django_db

# The Lithuanian of the strings this change adds (for locale/lt/LC_MESSAGES/django.po).
# Where the catalogue already translates a string, its translation is used instead.
PLURAL_FORMS = ("nplurals=4; plural=(n % 10 == 1 && (n % 100 > 19 || n % 100 < 11) ? 0 : "
                "(n % 10 >= 2 && n % 10 <=9) && (n % 100 > 19 || n % 100 < 11) ? 1 : "
                "n % 1 != 0 ? 2: 3);")
NEW_LITHUANIAN = {
    (None, "Highest in %(high_place)s (%(high)s), lowest in %(low_place)s (%(low)s)."):
        "Didžiausia reikšmė – %(high_place)s (%(high)s), mažiausia – %(low_place)s "
        "(%(low)s).",
    (None, "Territory: change against %(year)s"):
        "Teritorija: pokytis, palyginti su %(year)s m.",
    (None, "%(name)s – change"): "%(name)s – pokytis",
    (None, "%(value)s – %(position)s (median %(median)s)"):
        "%(value)s – %(position)s (mediana – %(median)s)",
    (None, "%(value)s – %(position)s (median %(median)s; %(libraries)s in all)"):
        "%(value)s – %(position)s (mediana – %(median)s; iš viso %(libraries)s)",
    (None, "Size of the group"): "Grupės dydis",
    ("among peers", "in the top tenth"): "patenka į aukščiausią dešimtadalį",
    ("among peers", "above the median"): "didesnis už medianą",
    ("among peers", "at the median"): "lygus medianai",
    ("among peers", "below the median"): "mažesnis už medianą",
    ("among peers", "in the bottom tenth"): "patenka į žemiausią dešimtadalį",
    (None, "%(count)s library", "%(count)s libraries"):
        ["%(count)s biblioteka", "%(count)s bibliotekos", "%(count)s bibliotekos",
         "%(count)s bibliotekų"],
}


@pytest.fixture
def lithuanian(settings, tmp_path):
    """Lithuanian active, with the new strings' translations behind the catalogue's own."""
    import polib

    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "lt",
                          "Plural-Forms": PLURAL_FORMS}
    for (context, msgid, *plural), text in NEW_LITHUANIAN.items():
        if plural:
            catalogue.append(polib.POEntry(msgctxt=context, msgid=msgid,
                                           msgid_plural=plural[0],
                                           msgstr_plural=dict(enumerate(text))))
        else:
            catalogue.append(polib.POEntry(msgctxt=context, msgid=msgid, msgstr=text))
    folder = tmp_path / "locale" / "lt" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    catalogue.save_as_mofile(str(folder / "django.mo"))
    settings.LOCALE_PATHS = [*settings.LOCALE_PATHS, tmp_path / "locale"]
    with translation.override("lt"):
        yield


@pytest.fixture
def region(territory):
    """The test territory and three more municipalities (Šilalė, Šilutė, Tauragė), each with
    a library system, and two years of figures: five systems, enough for percentiles."""
    from bibliotekos.models import Library, LibraryKind, Municipality, MunicipalityPopulation
    from statistika.models import Indicator, Value

    centrals = {"KRE": territory.central_a, "SKU": territory.central_b}
    for code, name in (("TAU", "Tauragės rajono"), ("SIL", "Šilutės rajono"),
                       ("SLA", "Šilalės rajono")):
        place = Municipality.objects.create(code=code, name=f"{name} savivaldybė",
                                            county=territory.county)
        system = Library.objects.create(code=f"SVB-{code}", name=f"{name[:-7]} biblioteka",
                                        kind=LibraryKind.SYSTEM, municipality=place)
        centrals[code] = Library.objects.create(code=f"SVB-{code}-C", kind=LibraryKind.CENTRAL,
                                                name=f"{name[:-7]} centrinė biblioteka",
                                                parent=system, municipality=place)
    indicators = {i.code: i for i in Indicator.objects.all()}
    figures = {"KRE": (3024, 21_024, 14_000, 345_396, 635), "SKU": (400, 5_000, 6_000,
                                                                     169_626, 306),
               "TAU": (1500, 20_000, 21_000, 405_814, 725),
               "SIL": (1300, 19_000, 18_000, 361_169, 645),
               "SLA": (900, 15_000, 13_000, 265_198, 470)}
    for code, (users, loans, visits, items, events) in figures.items():
        place = Municipality.objects.get(code=code)
        for year, factor in ((2023, Decimal("0.9")), (2024, Decimal(1))):
            MunicipalityPopulation.objects.update_or_create(
                municipality=place, year=year, defaults={"population": 10_000 + users})
            for indicator, value in (("users_registered", users), ("loans", loans),
                                     ("visits", visits), ("collection_items", items),
                                     ("events", events)):
                Value.objects.create(library=centrals[code], indicator=indicators[indicator],
                                     year=year, value=(Decimal(value) * factor).quantize(
                                         Decimal("0.000001")))
    return territory


def chapter(document, key: str) -> Section:
    """The document's part the builder calls ``key`` (a block: "users", "loans"…)."""
    return next(s for s in document.sections if s.key == key)


def blocks():
    """(block, chapter key) of the regional analysis, in order."""
    from statistika.selectors.regional_analysis import CHAPTERS

    return [(block, c.key) for c in CHAPTERS for block in c.blocks]


def label(code: str) -> str:
    """An indicator's name with its unit, as the catalogue has it (in the active language):
    the names change with the catalogue, the codes do not."""
    from statistika.models import Indicator

    indicator = Indicator.objects.get(code=code)
    return with_unit(indicator.name, indicator.unit)


def indicator_name(code: str) -> str:
    from statistika.models import Indicator

    return Indicator.objects.get(code=code).name


def pdf_text(data: bytes, tmp_path, *, layout: bool = True) -> str:
    program = require_program("pdftotext")
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    out = subprocess.run([program, *(["-layout"] if layout else []), str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    return " ".join(out.replace("\xa0", " ").split())


def libreoffice_pdf(data: bytes, tmp_path) -> bytes:
    """A DOCX converted by LibreOffice (its own profile: tests may run side by side)."""
    program = require_program("soffice", "libreoffice")
    path = tmp_path / "document.docx"
    path.write_bytes(data)
    subprocess.run([program, f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                    "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "lo"),
                    str(path)], capture_output=True, check=True, timeout=180)
    return (tmp_path / "lo" / "document.pdf").read_bytes()


# --- 1. Lithuanian alphabetical order ---------------------------------------------------------

def test_sorted_lt_puts_s_caron_between_s_and_t():
    from portalas.ordering import sorted_lt

    names = ["Tauragės", "Šilutės", "Skuodo", "Šilalės", "Zarasų", "Žagarės", "Cirkliškio",
             "Čekiškės"]
    assert sorted_lt(names) == ["Cirkliškio", "Čekiškės", "Skuodo", "Šilalės", "Šilutės",
                                "Tauragės", "Zarasų", "Žagarės"]
    rows = [{"name": n} for n in ("Tauragės", "Šilalės", "Skuodo")]
    assert [r["name"] for r in sorted_lt(rows, key=lambda r: r["name"])] == [
        "Skuodo", "Šilalės", "Tauragės"]


def test_the_regional_analysis_lists_municipalities_in_lithuanian_order(region):
    from statistika.selectors.analysis_document import regional_analysis

    expected = ["Kretingos rajono savivaldybė", "Skuodo rajono savivaldybė",
                "Šilalės rajono savivaldybė", "Šilutės rajono savivaldybė",
                "Tauragės rajono savivaldybė"]
    document = regional_analysis(year=2024)
    users = chapter(document, "users").tables[0]
    assert [row[0] for row in users.rows[:5]] == expected
    annex = document.sections[-1].tables[-1]          # every indicator (XLSX only)
    assert not annex.paper
    first = annex.rows[0][0]
    assert [row[1] for row in annex.rows if row[0] == first] == expected
    book = load_workbook(io.BytesIO(render_xlsx(document)))
    sheet = book[users.title]
    assert [sheet.cell(row=r, column=1).value for r in range(2, 7)] == expected


# --- 2. Plural forms and "median" through gettext -----------------------------------------

@pytest.mark.parametrize(("count", "expected"), [
    (1, "1 biblioteka"), (2, "2 bibliotekos"), (9, "9 bibliotekos"), (10, "10 bibliotekų"),
    (11, "11 bibliotekų"), (19, "19 bibliotekų"), (21, "21 biblioteka"),
    (22, "22 bibliotekos"), (111, "111 bibliotekų")])
def test_a_count_of_libraries_takes_its_lithuanian_plural_form(lithuanian, count, expected):
    from statistika.selectors.analysis_document import libraries

    assert libraries(count) == expected


def test_a_count_of_libraries_in_english():
    from statistika.selectors.analysis_document import libraries

    with translation.override("en"):
        assert libraries(1) == "1 library" and libraries(21) == "21 libraries"


def test_the_profile_places_the_library_in_lithuanian_words(region, lithuanian, staff,
                                                            tmp_path):
    from statistika.selectors.analysis_document import library_profile

    document = library_profile(library=region.system_a, year=2024, user=staff)
    positions = dict(document.sections[-1].facts)
    # 3 024 among 400, 900, 1 300, 1 500 and itself: the highest of five.
    assert positions[label("users_registered")].replace("\xa0", " ") == \
        "3 024 – patenka į aukščiausią dešimtadalį (mediana – 1 300)"
    assert positions["Grupės dydis"] == "5 bibliotekos"
    text = pdf_text(render_pdf(document), tmp_path)
    assert "Grupės dydis 5 bibliotekos" in text
    assert not re.search(r"\bmedian\b", text), "English “median” in a Lithuanian profile"
    assert "virš medianos" not in text and "tarp aukščiausio" not in text


def test_the_profile_names_the_group_in_each_sentence_when_it_differs(region, lithuanian,
                                                                      staff, monkeypatch):
    from statistika.selectors import analysis
    from statistika.selectors.analysis_document import library_profile

    def band(year, kind, code):
        count = 21 if code == "loans" else 11
        return {"count": count, "p10": 1, "p25": 2, "p50": 3, "p75": 4, "p90": 5}

    monkeypatch.setattr(analysis, "peer_distribution", band)
    document = library_profile(library=region.system_a, year=2024, user=staff)
    positions = dict(document.sections[-1].facts)
    assert "Grupės dydis" not in positions
    assert positions[label("loans")].replace("\xa0", " ") == (
        "21 024 – patenka į aukščiausią dešimtadalį (mediana – 3; iš viso 21 biblioteka)")
    assert positions[label("visits")].endswith("(mediana – 3; iš viso 11 bibliotekų)"), \
        positions


def test_the_profile_in_english(region, staff):
    from statistika.selectors.analysis_document import library_profile

    with translation.override("en"):
        document = library_profile(library=region.system_a, year=2024, user=staff)
        users = label("users_registered")
    positions = dict(document.sections[-1].facts)
    assert positions[users].replace("\xa0", " ") in (
        "3,024 – in the top tenth (median 1,300)", "3 024 – in the top tenth (median 1 300)")
    assert positions["Size of the group"] == "5 libraries"


# --- 3. Units once; whole titles, sheet names cut at a word and unique ---------------------

def test_a_unit_is_not_added_when_the_name_carries_it():
    assert with_unit("Fondas (fiz. vnt.)", "fiz. vnt.") == "Fondas (fiz. vnt.)"
    assert with_unit("Išduotis", "fiz. vnt.") == "Išduotis, fiz. vnt."
    assert with_unit("Sutelktis", "%") == "Sutelktis, %"
    assert with_unit("Kaimo filialai", "vnt.", parenthesised=True) == "Kaimo filialai (vnt.)"
    assert with_unit("Fondas (fiz. vnt.)", "fiz. vnt.", parenthesised=True) == \
        "Fondas (fiz. vnt.)"
    assert with_unit("Renginiai", "") == "Renginiai"
    assert with_unit("Etatai", "etat.") == "Etatai"
    assert with_unit("Fondas (pavadinimai)", "pavad.") == "Fondas (pavadinimai)"
    assert with_unit("Darbo valandos per savaitę", "val.") == "Darbo valandos per savaitę"
    assert with_unit("Renginiai", "vnt.") == "Renginiai, vnt."
    assert with_unit("Kompiuterių apyvarta", "k.") == "Kompiuterių apyvarta, k."


def test_the_analysis_prints_each_unit_once(region, tmp_path):
    from ataskaitos.document import figure_caption
    from statistika.models import Indicator
    from statistika.selectors.analysis_document import regional_analysis

    with translation.override("lt"):
        document = regional_analysis(year=2024)
        catalogue = {i.code: (i.name, i.unit) for i in Indicator.objects.all()}
        keys = {s.key for s in document.sections}
        checked = 0
        for block, _chapter in blocks():
            if block.key not in keys:
                continue        # no figures of this block in the test region
            section = next(s for s in document.sections if s.key == block.key
                           and s.tables and s.tables[0].title == str(block.title))
            labels = [c.label for c in section.tables[0].columns[1:1 + len(block.codes)]]
            for indicator, shown in zip(block.codes, labels, strict=True):
                name, unit = catalogue[indicator]
                assert shown == with_unit(name, unit)
                assert shown.casefold().count(unit.casefold() or "\x00") <= 1, shown
            for chart in section.charts:
                caption = figure_caption(chart)
                assert not chart.unit or caption.count(chart.unit) <= 1, caption
            checked += 1
        assert checked >= 3
        text = pdf_text(render_pdf(document), tmp_path, layout=False)
    # The catalogue's "Fondas (fiz. vnt.)" carries its unit: printed once, in PDF too.
    name, unit = catalogue["collection_items"]
    assert f"({unit})" in name and name in text
    assert f"{name} ({unit})" not in text and f"{name}, {unit}" not in text


LONG = "Adakavo Martyno Mažvydo pagrindinės mokyklos biblioteka"


def test_long_titles_stay_whole_and_only_sheet_names_are_cut(tmp_path):
    from portalas.tables import sheet_title

    columns = [Column("Rodiklis"), Column("2024", "int")]
    document = Document(title="Ataskaita", sections=[
        Section(heading=LONG, tables=[Table(LONG, columns, [["Išduotis", 46_344]])]),
        Section(heading="Kita", tables=[Table(LONG, columns, [["Išduotis", 1]])])])
    assert LONG in pdf_text(render_pdf(document), tmp_path)
    word = Word(io.BytesIO(render_docx(document)))
    assert [p.text for p in word.paragraphs if p.style.name == "Heading 2"] == [LONG, LONG]
    names = load_workbook(io.BytesIO(render_xlsx(document))).sheetnames
    assert names == ["Adakavo Martyno Mažvydo…", "Adakavo Martyno Mažvydo… (2)"]
    assert all(len(n) <= 31 for n in names)
    assert sheet_title("Bandymas") == "Bandymas"
    assert sheet_title("Lapas: [1/2]*?") == "Lapas   1 2"
    used = set()
    assert [sheet_title(n, used) for n in ("Lapas", "LAPAS", "lapas")] == [
        "Lapas", "LAPAS (2)", "lapas (3)"]
    assert Rows(title=LONG, header=["a"]).as_document().sections[0].tables[0].title == LONG


# --- 4. Sentences that read as Lithuanian ------------------------------------------------------

@pytest.mark.parametrize(("name", "expected"), [
    ("Neringos savivaldybė", "Neringos savivaldybėje"),
    ("Klaipėdos miesto savivaldybė", "Klaipėdos miesto savivaldybėje"),
    ("Kretingos rajono savivaldybė", "Kretingos rajono savivaldybėje"),
    ("Kretingos Motiejaus Valančiaus viešoji biblioteka",
     "Kretingos Motiejaus Valančiaus viešojoje bibliotekoje"),
    ("Klaipėdos miesto savivaldybės viešoji biblioteka",
     "Klaipėdos miesto savivaldybės viešojoje bibliotekoje"),
    ("Kretingos centrinė biblioteka", "Kretingos centrinėje bibliotekoje"),
    ("Skuodo gimnazijos biblioteka", "Skuodo gimnazijos bibliotekoje"),
    ("Darbėnų filialas", "Darbėnų filiale"),
    ("Kretingos miesto centrinis filialas", "Kretingos miesto centriniame filiale"),
    ("Jokūbavo paslaugų punktas", "Jokūbavo paslaugų punkte"),
    ("Teritorija", None)])
def test_the_locative_of_municipality_and_library_names(name, expected):
    assert locative(name) == expected


def test_the_analysis_says_where_a_figure_is_highest_in_the_locative(region, lithuanian,
                                                                    tmp_path):
    from statistika.models import Indicator
    from statistika.selectors.analysis_document import regional_analysis

    document = regional_analysis(year=2024)
    facts = dict(chapter(document, "loans").facts)
    shown = indicator_name("loans_per_user")
    sentence = facts[shown]
    unit = Indicator.objects.get(code="loans_per_user").unit
    # Loans per user: Šilalė 15 000 / 900 = 16,7 … Kretinga 21 024 / 3 024 = 7,0.
    assert sentence.replace("\xa0", " ") == (
        f"Didžiausia reikšmė – Šilalės rajono savivaldybėje (16,7 {unit}), "
        f"mažiausia – Kretingos rajono savivaldybėje (7,0 {unit}).")
    shown, sentence = chapter(document, "users").facts[0]
    assert shown == indicator_name("penetration_pct")
    assert "savivaldybėje (" in sentence and " %)" in sentence.replace("\xa0", " ")
    text = pdf_text(render_pdf(document), tmp_path)
    assert "Didžiausia reikšmė – Šilalės rajono savivaldybėje" in text
    assert "Didžiausias rodiklis" not in text and "Mažiausias rodiklis" not in text
    names = load_workbook(io.BytesIO(render_xlsx(document))).sheetnames
    loans = chapter(document, "loans").tables[0].title
    assert {loans, f"{loans} – pokytis"} <= set(names), names
    assert not [n for n in names if "  " in n or len(n) > 31], names


@pytest.mark.parametrize(("own", "expected"), [
    (95, "patenka į aukščiausią dešimtadalį"), (60, "didesnis už medianą"),
    (50, "lygus medianai"), (40, "mažesnis už medianą"),
    (5, "patenka į žemiausią dešimtadalį")])
def test_a_position_among_peers_reads_as_lithuanian(lithuanian, own, expected):
    from statistika.selectors.analysis_document import _position

    band = {"p10": 10, "p25": 30, "p50": 50, "p75": 70, "p90": 90, "count": 11}
    assert _position(own, band) == expected


# --- 5. Excel number formats follow the decimals; counts never as 46 344,00 ---------------

def test_xlsx_number_formats_follow_the_decimals(tmp_path):
    from portalas.tables import number_format

    assert [number_format(d) for d in (0, 1, 2)] == ["#,##0", "#,##0.0", "#,##0.00"]
    columns = [Column("Pavadinimas"), Column("Išduotis", "int"),
               Column("Skaitomumas", "decimal", 1), Column("Etatai", "decimal", 2),
               Column("Reikšmė", "number")]
    rows = [["Kaimo filialai", Decimal("46344.000000"), Decimal("16.04"), Decimal("7.5"),
             Decimal("108")],
            ["Sutelktis", 12, Decimal("16.0"), Decimal("7"), Decimal("16.0")],
            ["Fondas", 5, Decimal("1.25"), Decimal("1"), Decimal("46344.000000")]]
    document = Document(title="Formatai", sections=[Section(heading="A", tables=[
        Table("Formatai", columns, rows)])])
    sheet = load_workbook(io.BytesIO(render_xlsx(document)))["Formatai"]
    formats = [[sheet.cell(row=r, column=c).number_format for c in range(2, 6)]
               for r in range(2, 5)]
    assert formats == [["#,##0", "#,##0.0", "#,##0.00", "#,##0"],
                       ["#,##0", "#,##0.0", "#,##0.00", "#,##0.0"],
                       ["#,##0", "#,##0.0", "#,##0.00", "#,##0"]]
    assert sheet["B2"].value == 46344 and isinstance(sheet["B2"].value, int)
    assert sheet["E4"].value == 46344
    with translation.override("lt"):
        assert display(Decimal("46344.000000"), Column("", "number")) == "46\xa0344"
        assert display(Decimal("16.0"), Column("", "number")) == "16,0"
        assert display(Decimal("46344.000000"), Column("", "int")) == "46\xa0344"
        text = pdf_text(render_pdf(document), tmp_path)
        word = Word(io.BytesIO(render_docx(document)))
    cells = " ".join(c.text for t in word.tables for r in t.rows for c in r.cells)
    for shown in (text, cells.replace("\xa0", " ")):
        # counts whole, the two-decimal column with its two decimals, "number" as carried
        assert "Kaimo filialai 46 344 16,0 7,50 108" in shown, shown
        assert "Fondas 5 1,3 1,00 46 344" in shown and "46 344,00" not in shown


def test_no_xlsx_of_the_analysis_uses_an_open_ended_format(region):
    from statistika.selectors.analysis_document import regional_analysis

    book = load_workbook(io.BytesIO(render_xlsx(regional_analysis(year=2024))))
    used = {cell.number_format for sheet in book.worksheets for row in sheet.iter_rows()
            for cell in row if isinstance(cell.value, (int, float))}
    assert "#,##0.##" not in used and used <= {"General", "#,##0", "#,##0.0", "#,##0.00"}


# --- 6. DOCX: Markdown as Word lists and headings; the contents written out ---------------

NARRATIVE = """Įžanga su **paryškintu** ir *pasvirusiu* tekstu.

### Rekomendacijos

- stiprinti vaikų skaitymo programas;
- plėsti e. knygų pasiūlą:
  - garsinių knygų,
  - el. žurnalų.

1. Pirmas žingsnis.
2. Antras žingsnis.

Antras sąrašas:

1. Vėl nuo vieneto.
2. Ir toliau.
"""


def _numbering_of(paragraph):
    numbering = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
    return None if numbering is None else numbering.numId.val


def test_docx_narrative_markdown_becomes_word_lists_and_headings(tmp_path):
    document = Document(title="Analizė", sections=[
        Section(heading=f"{n}. Skyrius {n}", paragraphs=[NARRATIVE] if n == 1 else [])
        for n in range(1, 5)])
    data = render_docx(document)
    word = Word(io.BytesIO(data))
    styled = [(p.style.name, p.text) for p in word.paragraphs if p.text.strip()]
    assert ("Heading 3", "Rekomendacijos") in styled
    assert ("List Bullet", "stiprinti vaikų skaitymo programas;") in styled
    assert ("List Bullet 2", "garsinių knygų,") in styled
    assert ("List Number", "Pirmas žingsnis.") in styled
    assert ("List Number", "Vėl nuo vieneto.") in styled
    assert not [t for _s, t in styled if t.startswith(("- ", "* ", "1. Pirmas", "#"))]
    intro = next(p for p in word.paragraphs if p.text.startswith("Įžanga"))
    assert [(r.text, r.bold, r.italic) for r in intro.runs if r.bold or r.italic] == [
        ("paryškintu", True, None), ("pasvirusiu", None, True)]
    first = next(p for p in word.paragraphs if p.text == "Pirmas žingsnis.")
    second = next(p for p in word.paragraphs if p.text == "Vėl nuo vieneto.")
    assert _numbering_of(first) and _numbering_of(first) != _numbering_of(second)
    assert _numbering_of(first) == _numbering_of(
        next(p for p in word.paragraphs if p.text == "Antras žingsnis."))

    text = pdf_text(libreoffice_pdf(data, tmp_path), tmp_path)
    # The bullet is the list style's (Symbol's U+F0B7 in Word's default template).
    assert re.search(r"[\u2022\uf0b7] stiprinti vaikų skaitymo programas;", text), text
    assert re.search(r"[\u2022\uf0b7] garsinių knygų,", text)
    assert "1. Pirmas žingsnis. 2. Antras žingsnis." in text
    assert "1. Vėl nuo vieneto. 2. Ir toliau." in text     # the second list starts again
    assert "- stiprinti" not in text and "###" not in text and "**" not in text


def test_docx_contents_are_written_out_without_a_field(tmp_path):
    document = Document(title="Ilgas", sections=[Section(heading=f"{n}. Skyrius {n}")
                                                 for n in range(1, 6)])
    with translation.override("lt"):
        data = render_docx(document)
    word = Word(io.BytesIO(data))
    texts = [p.text for p in word.paragraphs]
    start = texts.index("Turinys")
    assert word.paragraphs[start].style.name == "TOC Heading"
    assert texts[start + 1:start + 6] == [f"{n}. Skyrius {n}" for n in range(1, 6)]
    xml = word.element.xml
    assert "instrText" not in xml and "fldChar" not in xml and "Atnaujinkite" not in xml
    assert 'w:anchor="s3"' in xml and 'w:name="s3"' in xml
    text = pdf_text(libreoffice_pdf(data, tmp_path), tmp_path)
    assert "Turinys 1. Skyrius 1 2. Skyrius 2 3. Skyrius 3 4. Skyrius 4 5. Skyrius 5" in text


# --- 7. Counts as whole numbers; ratios with the indicator's decimals -----------------------

def test_counts_are_int_columns_and_ratios_keep_their_decimals(region, staff, tmp_path):
    from statistika.models import Indicator
    from statistika.selectors.analysis_document import library_profile, regional_analysis

    catalogue = {i.code: i for i in Indicator.objects.all()}
    with translation.override("lt"):
        document = regional_analysis(year=2024)
    checked = 0
    for block, _chapter in blocks():
        section = next((s for s in document.sections if s.key == block.key and s.tables
                        and s.tables[0].title == str(block.title)), None)
        if section is None:
            continue
        table, changes = section.tables[:2]
        for code, column in zip(block.codes, table.columns[1:], strict=False):
            indicator = catalogue[code]
            if indicator.decimals == 0:
                assert column.kind == "int", (code, column)
            else:
                assert (column.kind, column.decimals) == ("decimal", indicator.decimals), code
        kinds = {c.label: (c.kind, c.decimals) for c in changes.columns}
        assert changes.columns[0].kind == "text"
        assert kinds["Pokytis, %"] == ("decimal", 1)
        checked += 1
    assert checked >= 3
    by_label = {with_unit(i.name, i.unit): i for i in catalogue.values()}
    for row in document.sections[-1].tables[-1].rows:    # the annex: rows of indicators
        for value in row[2:]:
            if value is not None:
                assert -value.as_tuple().exponent == by_label[row[0]].decimals, row
    with translation.override("lt"):
        text = pdf_text(render_pdf(document), tmp_path)
    assert "21 024" in text and "21 024,0" not in text and not re.search(r"\d,00\b", text)
    profile = library_profile(library=region.system_a, year=2024, user=staff)
    for row in profile.sections[0].tables[0].rows:
        for value in row[1:]:
            if value is not None:
                assert -value.as_tuple().exponent == by_label[row[0]].decimals, row
