"""National-scale statistics history: import time against PostgreSQL COPY, and the time of
the derived-values query. Writes bench/results/statistics_import.json.

The import goes through ``write_values`` like every other write, so it stores the values
and one ``ValueChange`` history row per value; COPY (the baseline) loads the value rows only.

Not part of the test suite: at full scale it needs PostgreSQL and takes minutes.
``BENCH_SCALE=tiny`` runs the same steps on a few libraries in seconds (CI does) and writes
var/bench/results-tiny/statistics_import.json.
"""

import csv
import io
import os
import platform
import random
import time
from datetime import UTC, datetime

from common import (
    ROOT,
    SCALE_LABEL,
    SHAPE,
    TINY,
    YEAR,
    build_territory,
    database_url,
    django_defaults,
    history_rows,
    recreate_database,
    write_results,
)

django_defaults()


def main() -> None:
    recreate_database(database_url())
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from statistika.models import Indicator, Value, ValueChange
    from statistika.selectors.values import derived_table
    from statistika.services.catalogue import import_statistics

    rng = random.Random(1)
    territory = build_territory(rng)
    units, codes = territory.units, territory.codes

    path = ROOT / "var" / "bench" / ("history-tiny.csv" if TINY else "history.csv")
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(history_rows(territory, rng))
    generated = time.perf_counter() - started
    rows = len(units) * len(SHAPE.years) * len(codes)
    data = path.read_bytes()
    path.unlink()

    started = time.perf_counter()
    result = import_statistics(data=data)
    import_seconds = time.perf_counter() - started
    assert result.ok and result.imported == rows, result.errors[:5]
    assert result.created == rows, (result.created, rows)
    assert Value.objects.count() == rows
    # write_values records every new value in the history: one ValueChange per row.
    history = ValueChange.objects.count()
    assert history == rows, (history, rows)

    # The same rows through COPY (ids resolved beforehand, as COPY cannot look them up).
    # The history refers to the values, so both tables are emptied first.
    ids = dict(units)
    indicator_ids = dict(Indicator.objects.values_list("code", "pk"))
    buffer = io.StringIO()
    for line in csv.reader(io.StringIO(data.decode().split("\n", 1)[1])):
        if line:
            buffer.write(f"{ids[line[1]]}\t{indicator_ids[line[2]]}\t{line[0]}\t{line[3]}\t\t"
                         "import\t1\tt\t2026-01-01 00:00:00+00\n")
    payload = buffer.getvalue()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE statistika_valuechange, statistika_value")
    started = time.perf_counter()
    with connection.cursor() as cursor, cursor.copy(
            "COPY statistika_value (library_id, indicator_id, year, value, text, source, "
            "version, known, updated_at) FROM STDIN") as copy:
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
            table = derived_table(codes=derived, years=[YEAR], level=level)
            elapsed = time.perf_counter() - started
            best = elapsed if best is None else min(best, elapsed)
        expected = 1 if level == "territory" else SHAPE.systems
        assert len(table.units) == expected, (level, len(table.units), expected)
        timings[level] = {"seconds": round(best, 3), "units": len(table.units)}

    digits = 3 if TINY else 1   # tiny runs take milliseconds
    figures = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "scale": SCALE_LABEL,
        "machine": f"{platform.node()} {os.cpu_count()} cores, Python {platform.python_version()}",
        "libraries": len(units), "indicators": len(codes), "years": len(SHAPE.years),
        "rows": rows,
        "csv_megabytes": round(len(data) / 1e6, 1),
        "generate_csv_seconds": round(generated, digits),
        "import_seconds": round(import_seconds, digits),
        "import_history_rows": history,
        "copy_seconds": round(copy_seconds, digits),
        "import_to_copy_ratio": round(import_seconds / copy_seconds, 1),
        "import_rows_per_second": round(rows / import_seconds),
        f"derived_query_{YEAR}": timings,
    }
    write_results("statistics_import", figures)


if __name__ == "__main__":
    main()
