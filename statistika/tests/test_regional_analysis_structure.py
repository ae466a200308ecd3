"""The regional analysis as a methodologist reads it: a title naming the region, the
chapters in order, every chapter table with the territory, its counties, last year and
Lithuania, places ranked on ratios, numbered tables and figures with their sources, the
methodological chapter only once other apps declare its metrics, and what is too long for
paper in the XLSX only."""

import io
import subprocess
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from ataskaitos.renderers import render_docx, render_pdf, render_xlsx
from conftest import require_program
from statistika.models import Indicator, LibraryType, NationalFigure
from statistika.selectors.analysis_document import regional_analysis

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def analysed(territory, put):
    """Two municipalities of Klaipėda county, two years; Lithuania's public libraries'
    penetration and all libraries' visits per resident for 2024."""
    from bibliotekos.models import MunicipalityPopulation

    for place, population in ((territory.municipality_a, 40_000),
                              (territory.municipality_b, 20_000)):
        for year in (2023, 2024):
            MunicipalityPopulation.objects.update_or_create(
                municipality=place, year=year, defaults={"population": population})
    for year, factor in ((2023, D("0.9")), (2024, D(1))):
        put(territory.central_a, {"users_registered": 4_000 * factor, "visits": 60_000 * factor,
                                  "loans": 80_000 * factor}, year=year)
        put(territory.system_a, {"outlets_central": 1, "outlets_rural": 10}, year=year)
        put(territory.system_b, {"outlets_central": 1, "outlets_rural": 5}, year=year)
        # Skuodas: twice the penetration of Kretinga on half the population
        put(territory.central_b, {"users_registered": 4_000 * factor,
                                  "visits": 20_000 * factor, "loans": 30_000 * factor},
            year=year)
        put(territory.school_b, {"users_registered": 300, "loans": 2_000 * factor},
            year=year)
    NationalFigure.objects.create(indicator=Indicator.objects.get(code="penetration_pct"),
                                  year=2024, value=D("18.4"),
                                  library_type=LibraryType.PUBLIC, source="LNB 2025")
    NationalFigure.objects.create(indicator=Indicator.objects.get(code="visits_per_resident"),
                                  year=2024, value=D("6.0"), library_type=LibraryType.ALL,
                                  source="LNB 2025")
    return territory


def section(document, key):
    return next(s for s in document.sections if s.key == key)


def test_title_names_the_region_and_the_chapters_follow_the_county_analyses(analysed):
    with translation.override("lt"):
        document = regional_analysis(year=2024)
    assert document.title == ("2024 m. Klaipėdos apskrities savivaldybių viešųjų bibliotekų "
                              "veiklos analizė")
    keys = [s.key for s in document.sections if s.level == 1]
    assert keys[0] == "summary"
    # chapters in the published analyses' order; empty ones (no figures) left out
    order = ["network", "public", "school", "conclusions", "annex"]
    assert [k for k in keys if k in order] == order
    numbered = [s.heading for s in document.sections if s.level == 1][1:]
    assert [h.split(".")[0] for h in numbered] == [str(n) for n in range(1, len(numbered) + 1)]
    assert "methodology" not in keys   # no trainings or consultations recorded: no chapter


def test_a_chapter_table_has_the_territory_last_year_lithuania_and_places_on_a_ratio(
        analysed):
    with translation.override("lt"):
        document = regional_analysis(year=2024)
        users = section(document, "users")
        table = users.tables[0]
        labels = [c.label for c in table.columns]
        rows = {row[0]: row for row in table.rows}
        penetration = labels.index(next(label for label in labels
                                        if label.startswith("Sutelktis")))
        place = labels.index(next(label for label in labels if label.startswith("Vieta")))
    # Kretinga 4 000 / 40 000 = 10,0 %; Skuodas 4 000 / 20 000 = 20,0 %: Skuodas first,
    # although both have the same number of users.
    assert rows["Skuodo rajono savivaldybė"][penetration] == D("20.0")
    assert rows["Skuodo rajono savivaldybė"][place] == 1
    assert rows["Kretingos rajono savivaldybė"][place] == 2
    assert rows["Teritorija"][penetration] == D("13.3")            # 8 000 / 60 000
    assert rows["Teritorija, 2023 m."][penetration] == D("12.0")    # 7 200 / 60 000
    assert rows["Lietuva"][penetration] == D("18.4")
    assert [row[0] for row in table.rows[:2]] == ["Kretingos rajono savivaldybė",
                                                  "Skuodo rajono savivaldybė"]
    changes = users.tables[1]
    by_name = {row[0]: row for row in changes.rows}
    change_pp = [c.label for c in changes.columns].index("Pokytis, proc. p.")
    shares = next(k for k in by_name if k.startswith("Sutelktis"))
    assert by_name[shares][change_pp] == D("1.3")                  # 13,3 − 12,0 points
    reported = [c.label for c in changes.columns].index("Pateikė")
    assert by_name[shares][reported] == "2 iš 2"


def test_tables_and_figures_are_numbered_with_their_source(analysed, tmp_path):
    with translation.override("lt"):
        document = regional_analysis(year=2024)
        pdf = render_pdf(document)
    tables = [t for s in document.sections for t in s.tables if t.paper]
    assert [t.number for t in tables] == list(range(1, len(tables) + 1))
    assert all(t.source for t in tables)
    charts = [c for s in document.sections for c in s.charts]
    assert charts and [c.number for c in charts] == list(range(1, len(charts) + 1))
    assert all(c.source for c in charts)
    program = require_program("pdftotext")
    path = tmp_path / "a.pdf"
    path.write_bytes(pdf)
    text = " ".join(subprocess.run([program, str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.replace("\xa0", " ").split())
    assert "1 lentelė. " in text and "1 pav. " in text and "Šaltinis: " in text
    assert "Lietuva" in text


def test_the_long_annex_is_in_the_xlsx_only(analysed):
    with translation.override("lt"):
        document = regional_analysis(year=2024)
        annex = section(document, "annex")
        every = annex.tables[-1]
        assert not every.paper and every.number is None and every.rows
        from docx import Document as Word

        word = Word(io.BytesIO(render_docx(document)))
        book = load_workbook(io.BytesIO(render_xlsx(document)))
    captions = [p.text for p in word.paragraphs if p.style.name == "Caption"]
    assert not [c for c in captions if every.title in c]
    assert any(every.title.startswith(name.rstrip("…")) for name in book.sheetnames)


def test_the_methodological_chapter_appears_once_its_metrics_exist(analysed):
    from portalas import registry
    from portalas.metrics import Period

    state = registry.snapshot()
    try:
        registry.register_metric(
            "mokymai.participants", label_lt="Mokymų dalyviai", label_en="Participants",
            function="3.1", unit="asm.",
            value=lambda period, scope: 120 if period == Period.year(2024) else 90)
        with translation.override("lt"):
            document = regional_analysis(year=2024)
    finally:
        registry.restore(state)
    chapter = section(document, "methodology")
    assert chapter.heading.endswith("Skyriaus metodinė veikla")
    assert chapter.tables[0].rows == [["Mokymų dalyviai", D(90), D(120), "asm."]]
    keys = [s.key for s in document.sections if s.level == 1]
    assert keys.index("methodology") == keys.index("conclusions") - 1


def test_conclusions_compare_with_lithuania_and_mark_an_all_libraries_figure(analysed):
    with translation.override("lt"):
        document = regional_analysis(year=2024)
    text = "\n".join(section(document, "conclusions").paragraphs)
    assert "Lietuvoje: 18,4" in text.replace("\xa0", " ")
    # visits per resident: LNB's 6,0 covers all libraries, the territory's only public ones
    assert "6,0 apsil./gyv.*" in text.replace("\xa0", " ")


def test_building_the_analysis_costs_the_same_queries_at_any_size(analysed, put):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bibliotekos.models import Library, LibraryKind

    def queries() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            regional_analysis(year=2024)
        return len(context.captured_queries)

    few = queries()
    for n in range(30):
        branch = Library.objects.create(code=f"SVB-KRE-X{n:02d}", name=f"Filialas {n}",
                                        kind=LibraryKind.RURAL_BRANCH,
                                        parent=analysed.central_a,
                                        municipality=analysed.municipality_a)
        put(branch, {"users_registered": 100 + n, "loans": 1_000 + n}, year=2024)
    assert queries() == few
    assert few < 200, few
