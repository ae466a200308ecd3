"""Build times of the regional analysis (PDF, DOCX, XLSX) and the library profile (PDF),
with WeasyPrint rendering the finished HTML alone measured in the same run as the baseline.

    DATABASE_URL=… python bench/documents.py LABEL YEAR LIBRARY_CODE

Merges its figures under LABEL into bench/results/documents.json. ``BENCH_SCALE=tiny``
(with DATABASE_URL=…/regionas_bench_tiny, no arguments needed) recreates that database with a
few libraries of its own, builds each document once and merges its figures under "tiny"
into var/bench/results-tiny/documents.json.
"""

import json
import os
import sys
import time
from datetime import UTC, datetime

from common import SCALE_LABEL, TINY, YEAR, database_url, populate, recreate_database, results_path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regionas.settings")
os.environ.setdefault("DEBUG", "true")
ROUNDS = 1 if TINY else 3
USAGE = "usage: DATABASE_URL=… python bench/documents.py LABEL YEAR LIBRARY_CODE"


def best(function) -> float:
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return round(min(times), 3)


def main() -> None:
    if TINY:
        label, year, library_code = "tiny", YEAR, "S00"
        recreate_database(database_url())
    elif len(sys.argv) != 4 or not sys.argv[2].isdigit():
        sys.exit(USAGE)
    else:
        label, year, library_code = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    import django

    django.setup()
    if TINY:
        populate()
    from django.core.cache import cache
    from django.template.loader import render_to_string
    from django.utils import translation
    from weasyprint import HTML

    from ataskaitos.renderers import RENDERERS, _html_sections, _portal_fetcher
    from bibliotekos.models import Library
    from paskyros.models import User
    from statistika.selectors.analysis_document import library_profile, regional_analysis

    # a staff account to build the library profile as (the import creates none)
    User.objects.get_or_create(email="bench@bench.invalid",
                               defaults={"full_name": "Bench", "role": "staff"})
    translation.activate("lt")
    staff = User.objects.filter(role__in=["staff", "admin", "management"]).first()
    assert staff is not None, "the database has no staff, admin or management account"
    library = Library.objects.get(code=library_code)
    figures = {"measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
               "scale": SCALE_LABEL, "year": year, "libraries": Library.objects.count()}
    sizes = {}

    def build_and_render(fmt):
        def run():
            cache.clear()
            sizes[fmt] = len(RENDERERS[fmt](regional_analysis(year=year)))
        return run

    for fmt in ("pdf", "docx", "xlsx"):
        figures[f"regional_analysis_{fmt}_s"] = best(build_and_render(fmt))
        assert sizes[fmt] > 0, f"an empty {fmt}"
    document = regional_analysis(year=year)
    sections = _html_sections(document)
    html = render_to_string("ataskaitos/document.html", {
        "document": document, "sections": sections, "toc": True})
    figures["bare_weasyprint_render_s"] = best(
        lambda: HTML(string=html, base_url="portal-static:/",
                     url_fetcher=_portal_fetcher()).write_pdf())
    figures["regional_analysis_pdf_to_bare_render"] = round(
        figures["regional_analysis_pdf_s"] / figures["bare_weasyprint_render_s"], 2)
    profile = {}
    figures["library_profile_pdf_s"] = best(lambda: (cache.clear(), profile.update(
        pdf=RENDERERS["pdf"](library_profile(library=library, year=year, user=staff)))))
    assert profile["pdf"][:5] == b"%PDF-", "the library profile is not a PDF"
    figures["pages_regional_analysis_pdf"] = len(
        HTML(string=html, base_url="portal-static:/",
             url_fetcher=_portal_fetcher()).render().pages)
    assert figures["pages_regional_analysis_pdf"] > 0
    figures["median_note"] = f"best of {ROUNDS} runs each"
    path = results_path("documents")
    results = json.loads(path.read_text()) if path.exists() else {}
    results[label] = figures
    path.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps({label: figures}, indent=2))


if __name__ == "__main__":
    main()
