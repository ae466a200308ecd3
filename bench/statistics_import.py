"""National-scale statistics history: import time against PostgreSQL COPY, and the time of
the derived-values query. Writes bench/results/statistics_import.json.

Not part of the test suite or CI: it needs PostgreSQL and takes minutes.
"""

import csv
import io
import json
import os
import platform
import random
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regionas.settings")
# DEBUG off: with it on, Django would keep every bulk insert's SQL in memory.
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuv")
os.environ.setdefault("PORTAL_BASE_URL", "https://bench.invalid")

SYSTEMS, OUTLETS, SCHOOLS, INDICATORS, YEARS = 60, 1200, 1100, 100, range(2005, 2025)


def main() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres") or not url.rstrip("/").endswith("regionas_bench"):
        sys.exit("Set DATABASE_URL=postgres://…/regionas_bench (the database is recreated).")
    import psycopg

    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS regionas_bench")
        conn.execute("CREATE DATABASE regionas_bench")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from bibliotekos.models import County, Library, LibraryKind, Municipality
    from bibliotekos.models import MunicipalityPopulation as Population
    from statistika import selectors
    from statistika.models import Indicator, Section, Value
    from statistika.services import import_statistics

    rng = random.Random(1)  # noqa: S311
    county = County.objects.create(code="LT", name="Lietuva")
    municipalities = Municipality.objects.bulk_create(
        Municipality(code=f"M{n:02d}", name=f"Savivaldybė {n}", county=county)
        for n in range(SYSTEMS))
    Population.objects.bulk_create(Population(municipality=m, year=y,
                                              population=rng.randint(3000, 500000))
                                   for m in municipalities for y in YEARS)
    systems = Library.objects.bulk_create(
        Library(code=f"S{n:02d}", name=f"Sistema {n}", kind=LibraryKind.SYSTEM,
                municipality=m) for n, m in enumerate(municipalities))
    centrals = Library.objects.bulk_create(
        Library(code=f"S{n:02d}-C", name=f"Centrinė {n}", kind=LibraryKind.CENTRAL, parent=s,
                municipality=s.municipality) for n, s in enumerate(systems))
    branches = Library.objects.bulk_create(
        Library(code=f"S{n % SYSTEMS:02d}-F{n:04d}", name=f"Filialas {n}",
                kind=LibraryKind.RURAL_BRANCH, parent=centrals[n % SYSTEMS],
                municipality=municipalities[n % SYSTEMS])
        for n in range(OUTLETS - SYSTEMS))
    schools = Library.objects.bulk_create(
        Library(code=f"MB{n:04d}", name=f"Mokykla {n}", kind=LibraryKind.SCHOOL,
                school_name=f"Mokykla {n}", municipality=municipalities[n % SYSTEMS])
        for n in range(SCHOOLS))
    section = Section.objects.get(code="users")
    existing = list(Indicator.objects.filter(derived=False).exclude(value_type="text")
                    .values_list("code", flat=True))
    Indicator.objects.bulk_create(
        Indicator(code=f"bench_{n:02d}", name_lt=f"Rodiklis {n}", section=section)
        for n in range(INDICATORS - len(existing)))
    codes = list(Indicator.objects.filter(derived=False).exclude(value_type="text")
                 .values_list("code", flat=True))
    units = [(lib.code, lib.pk) for lib in centrals + branches + schools]
    units += [(s.code, s.pk) for s in systems]

    path = ROOT / "var" / "bench" / "history.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["year", "library_code", "indicator_code", "value"])
        for code, _pk in units:
            for year in YEARS:
                for indicator in codes:
                    writer.writerow([year, code, indicator, rng.randint(0, 50_000)])
    generated = time.perf_counter() - started
    rows = len(units) * len(YEARS) * len(codes)
    data = path.read_bytes()

    started = time.perf_counter()
    result = import_statistics(data=data)
    import_seconds = time.perf_counter() - started
    assert result.ok and result.imported == rows, result.errors[:5]

    # The same rows through COPY (ids resolved beforehand, as COPY cannot look them up).
    ids = dict(units)
    indicator_ids = dict(Indicator.objects.values_list("code", "pk"))
    buffer = io.StringIO()
    for line in csv.reader(io.StringIO(data.decode().split("\n", 1)[1])):
        if line:
            buffer.write(f"{ids[line[1]]}\t{indicator_ids[line[2]]}\t{line[0]}\t{line[3]}\t\t"
                         "import\t1\t2026-01-01 00:00:00+00\n")
    payload = buffer.getvalue()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE statistika_value")
    started = time.perf_counter()
    with connection.cursor() as cursor, cursor.copy(
            "COPY statistika_value (library_id, indicator_id, year, value, text, source, "
            "version, updated_at) FROM STDIN") as copy:
        copy.write(payload)
    copy_seconds = time.perf_counter() - started
    assert Value.objects.count() == rows

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE statistika_value")
    derived = list(Indicator.objects.filter(derived=True).values_list("code", flat=True))
    timings = {}
    for level in ("territory", "municipality", "system"):
        best = None
        for _ in range(3):
            started = time.perf_counter()
            table = selectors.derived_table(codes=derived, years=[2024], level=level)
            elapsed = time.perf_counter() - started
            best = elapsed if best is None else min(best, elapsed)
        timings[level] = {"seconds": round(best, 3), "units": len(table.units)}

    figures = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.node()} {os.cpu_count()} cores, Python {platform.python_version()}",
        "libraries": len(units), "indicators": len(codes), "years": len(YEARS), "rows": rows,
        "csv_megabytes": round(len(data) / 1e6, 1),
        "generate_csv_seconds": round(generated, 1),
        "import_seconds": round(import_seconds, 1),
        "copy_seconds": round(copy_seconds, 1),
        "import_to_copy_ratio": round(import_seconds / copy_seconds, 1),
        "import_rows_per_second": round(rows / import_seconds),
        "derived_query_2024": timings,
    }
    results = ROOT / "bench" / "results" / "statistics_import.json"
    results.write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))
    path.unlink()


if __name__ == "__main__":
    main()
