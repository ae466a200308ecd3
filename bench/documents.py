"""Build times of the regional analysis (PDF, DOCX, XLSX) and the library profile (PDF),
with WeasyPrint rendering the finished HTML alone measured in the same run as the baseline.

    DATABASE_URL=… python bench/documents.py LABEL YEAR LIBRARY_CODE

Merges its figures under LABEL into bench/results/documents.json.
"""

import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regionas.settings")
os.environ.setdefault("DEBUG", "true")
ROUNDS = 3


def best(function) -> float:
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return round(min(times), 3)


def main() -> None:
    label, year, library_code = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    import django

    django.setup()
    from django.core.cache import cache
    from django.template.loader import render_to_string
    from django.utils import translation
    from weasyprint import HTML

    from ataskaitos.renderers import RENDERERS, _html_sections, _portal_fetcher
    from bibliotekos.models import Library
    from paskyros.models import User
    from statistika.analysis_report import library_profile, regional_analysis

    translation.activate("lt")
    staff = User.objects.filter(role__in=["staff", "admin", "management"]).first()
    library = Library.objects.get(code=library_code)
    figures = {"measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
               "year": year, "libraries": Library.objects.count()}

    def build_and_render(fmt):
        def run():
            cache.clear()
            RENDERERS[fmt](regional_analysis(year=year))
        return run

    for fmt in ("pdf", "docx", "xlsx"):
        figures[f"regional_analysis_{fmt}_s"] = best(build_and_render(fmt))
    document = regional_analysis(year=year)
    sections = _html_sections(document)
    html = render_to_string("ataskaitos/document.html", {
        "document": document, "sections": sections, "toc": True})
    figures["bare_weasyprint_render_s"] = best(
        lambda: HTML(string=html, base_url="portal-static:/",
                     url_fetcher=_portal_fetcher()).write_pdf())
    figures["regional_analysis_pdf_to_bare_render"] = round(
        figures["regional_analysis_pdf_s"] / figures["bare_weasyprint_render_s"], 2)
    figures["library_profile_pdf_s"] = best(lambda: (cache.clear(), RENDERERS["pdf"](
        library_profile(library=library, year=year, user=staff))))
    figures["pages_regional_analysis_pdf"] = len(
        HTML(string=html, base_url="portal-static:/",
             url_fetcher=_portal_fetcher()).render().pages)
    figures["median_note"] = f"best of {ROUNDS} runs each"
    path = ROOT / "bench" / "results" / "documents.json"
    results = json.loads(path.read_text()) if path.exists() else {}
    results[label] = figures
    path.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps({label: figures}, indent=2))


if __name__ == "__main__":
    main()
