"""What the benchmark scripts share: the scale, where figures go, the benchmark database and
the synthetic territory.

``BENCH_SCALE`` picks the scale: ``full`` (the default, also spelt ``national``) is the
national scale the committed figures in ``bench/results/`` were measured at; ``tiny`` is a
few libraries and years, runs each script in seconds (CI runs it so the scripts cannot rot)
and writes its figures to ``var/bench/results-tiny/`` instead.
"""

import json
import os
import random
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SCALE = os.environ.get("BENCH_SCALE", "full").strip().lower() or "full"
if SCALE == "national":
    SCALE = "full"
if SCALE not in {"full", "tiny"}:
    sys.exit(f"BENCH_SCALE must be 'full' (the default) or 'tiny', not {SCALE!r}.")
TINY = SCALE == "tiny"
SCALE_LABEL = "tiny" if TINY else "national"
# Tiny runs (CI) get a database of their own, so they never drop the national one that
# took a quarter of an hour to import.
DATABASE = "regionas_bench_tiny" if TINY else "regionas_bench"


@dataclass(frozen=True)
class Shape:
    """The synthetic territory: systems (one per municipality, each with a central
    library), outlets (centrals and branches), school libraries, non-derived indicators
    with values, and the years of history."""

    systems: int
    outlets: int
    schools: int
    indicators: int
    years: range


SHAPE = (Shape(systems=2, outlets=10, schools=10, indicators=12, years=range(2022, 2025))
         if TINY else
         Shape(systems=60, outlets=1200, schools=1100, indicators=100, years=range(2005, 2025)))
YEAR = SHAPE.years[-1]   # the year the pages and documents are measured for

# At tiny scale the indicators that the default formulas read come first, so the derived
# indicators, dashboards and documents have something to compute.
FORMULA_INPUTS = ["users_registered", "population_served", "loans", "visits",
                  "collection_items", "acquired_items", "withdrawn_items", "staff",
                  "staff_professional", "loans_children", "users_children", "events"]


def results_path(name: str) -> Path:
    """``bench/results/<name>.json`` at full scale; ``var/bench/results-tiny/<name>.json`` at
    tiny scale, so a tiny run never overwrites the committed national figures."""
    folder = ROOT / "var" / "bench" / "results-tiny" if TINY else ROOT / "bench" / "results"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{name}.json"


def write_results(name: str, figures: dict) -> Path:
    path = results_path(name)
    path.write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))
    print(f"written to {path.relative_to(ROOT)}")
    return path


def database_url(purpose: str = "the database is recreated") -> str:
    """DATABASE_URL, which must name the benchmark database (regionas_bench, or
    regionas_bench_tiny at tiny scale)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres") or not url.rstrip("/").endswith(DATABASE):
        sys.exit(f"Set DATABASE_URL=postgres://…/{DATABASE} ({purpose}).")
    return url


def recreate_database(url: str) -> None:
    """Drop and create the benchmark database (through the server's maintenance database)."""
    import psycopg

    admin_url = url.rstrip("/").rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DATABASE}")


def django_defaults() -> None:
    """Settings for an in-process Django: production-like (DEBUG off, so Django does not keep
    every bulk insert's SQL in memory) without a real secret or host."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regionas.settings")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY",
                          "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuv")
    os.environ.setdefault("PORTAL_BASE_URL", "https://bench.invalid")


@dataclass
class Territory:
    units: list[tuple[str, int]]    # (library code, pk) of every library that has values
    codes: list[str]                # the indicator codes with values


def build_territory(rng: random.Random, shape: Shape = SHAPE) -> Territory:
    """Municipalities (with population), a system with a central library per municipality,
    branches and school libraries spread over them, and bench indicators up to
    ``shape.indicators``. Needs a migrated database and django.setup()."""
    from bibliotekos.models import County, Library, LibraryKind, Municipality
    from bibliotekos.models import MunicipalityPopulation as Population
    from statistika.models import Indicator, Section

    systems_n = shape.systems
    county = County.objects.create(code="LT", name="Lietuva")
    municipalities = Municipality.objects.bulk_create(
        Municipality(code=f"M{n:02d}", name=f"Savivaldybė {n}", county=county)
        for n in range(systems_n))
    Population.objects.bulk_create(Population(municipality=m, year=y,
                                              population=rng.randint(3000, 500000))
                                   for m in municipalities for y in shape.years)
    systems = Library.objects.bulk_create(
        Library(code=f"S{n:02d}", name=f"Sistema {n}", kind=LibraryKind.SYSTEM,
                municipality=m) for n, m in enumerate(municipalities))
    centrals = Library.objects.bulk_create(
        Library(code=f"S{n:02d}-C", name=f"Centrinė {n}", kind=LibraryKind.CENTRAL, parent=s,
                municipality=s.municipality) for n, s in enumerate(systems))
    branches = Library.objects.bulk_create(
        Library(code=f"S{n % systems_n:02d}-F{n:04d}", name=f"Filialas {n}",
                kind=LibraryKind.RURAL_BRANCH, parent=centrals[n % systems_n],
                municipality=municipalities[n % systems_n])
        for n in range(shape.outlets - systems_n))
    schools = Library.objects.bulk_create(
        Library(code=f"MB{n:04d}", name=f"Mokykla {n}", kind=LibraryKind.SCHOOL,
                school_name=f"Mokykla {n}", municipality=municipalities[n % systems_n])
        for n in range(shape.schools))
    numeric = Indicator.objects.filter(derived=False).exclude(value_type="text")
    existing = list(numeric.values_list("code", flat=True))
    if len(existing) < shape.indicators:
        section = Section.objects.get(code="users")
        Indicator.objects.bulk_create(
            Indicator(code=f"bench_{n:02d}", name_lt=f"Rodiklis {n}", section=section)
            for n in range(shape.indicators - len(existing)))
        codes = list(numeric.values_list("code", flat=True))
    else:
        preferred = [code for code in FORMULA_INPUTS if code in existing]
        codes = (preferred + [c for c in existing if c not in preferred])[:shape.indicators]
    units = [(lib.code, lib.pk) for lib in centrals + branches + schools]
    units += [(s.code, s.pk) for s in systems]
    return Territory(units=units, codes=codes)


def history_rows(territory: Territory, rng: random.Random, years=None):
    """The long layout's rows (year, library code, indicator code, value), header first."""
    yield ["year", "library_code", "indicator_code", "value"]
    for code, _pk in territory.units:
        for year in years or SHAPE.years:
            for indicator in territory.codes:
                yield [year, code, indicator, rng.randint(0, 50_000)]


def populate(seed: int = 1) -> Territory:
    """A freshly migrated benchmark database with the synthetic territory and its history,
    imported the way the department imports it. For the tiny runs of the page and document
    benchmarks, which at full scale read the database statistics_import.py leaves."""
    import csv
    import io

    from django.core.management import call_command

    from statistika.services.catalogue import import_statistics

    call_command("migrate", verbosity=0)
    rng = random.Random(seed)
    territory = build_territory(rng)
    out = io.StringIO()
    csv.writer(out).writerows(history_rows(territory, rng))
    result = import_statistics(data=out.getvalue().encode())
    rows = len(territory.units) * len(territory.codes) * len(SHAPE.years)
    assert result.ok and result.imported == rows, (result.errors[:5], result.imported, rows)
    return territory


# --- what the in-process page benchmarks share (cooperation, awards) ------------------------

def in_process_environment() -> None:
    """Production-like settings for timing pages in-process: no DEBUG, documents built in
    the caller's thread, no e-mail, no broker."""
    os.environ.update({"DEBUG": "false", "PORTAL_BASE_URL": "https://bench.invalid",
                       "DOCUMENTS_IN_THREAD": "false", "LOG_LEVEL": "WARNING",
                       "EMAIL_URL": "dummymail://", "ALLOWED_HOSTS": "testserver",
                       "STATIC_ROOT": str(ROOT / "var" / "bench" / "static")})
    os.environ.pop("CELERY_BROKER_URL", None)


def tiny_queries(name: str) -> dict:
    """The query counts of the script's last tiny run, to compare the national ones with."""
    path = ROOT / "var" / "bench" / "results-tiny" / f"{name}.json"
    if TINY or not path.exists():
        return {}
    pages = json.loads(path.read_text()).get("pages", {})
    return {who: {page: found["queries"] for page, found in of.items()}
            for who, of in pages.items()}


def judge(figures: dict, documents: dict, *, name: str, page_target_ms: float,
          document_target_s: float) -> None:
    """Write into ``figures`` what missed its target (pages at p95, documents), the query
    counts that differ from the last tiny run's, and the load average after the run."""
    over = [f"{who} {page}: p95 {found['p95_ms']} ms"
            for who, of in figures["pages"].items()
            for page, found in of.items() if found["p95_ms"] > page_target_ms]
    over += [f"{document}: {found['seconds']} s" for document, found in documents.items()
             if found["seconds"] > document_target_s]
    figures["over_target"] = over
    earlier = tiny_queries(name)
    if earlier:
        figures["queries_tiny"] = earlier
        figures["queries_differ_from_tiny"] = [
            f"{who} {page}: {found['queries']} (tiny {earlier[who][page]})"
            for who, of in figures["pages"].items()
            for page, found in of.items()
            if page in earlier.get(who, {}) and found["queries"] != earlier[who][page]]
    figures["load_average_after"] = [round(x, 2) for x in os.getloadavg()]


def code_version(app: str) -> str:
    """The commit measured, and whether ``app`` had uncommitted changes."""
    import shutil
    import subprocess

    program = shutil.which("git")
    if program is None:
        return "unknown"

    def git(*args) -> str:
        return subprocess.run([program, *args], cwd=ROOT, capture_output=True, text=True,
                              check=False).stdout.strip()

    dirty = git("status", "--porcelain", "--", app)
    return git("rev-parse", "--short", "HEAD") + (" + uncommitted changes to the app"
                                                  if dirty else "")


def run_threads(target, count: int, *, timeout: float = 600) -> float:
    """Start ``count`` threads of ``target(n)`` together and wait for them: the wall time
    in seconds (the benchmarks' races: registrations, requests numbered at once)."""
    import threading
    import time

    threads = [threading.Thread(target=target, args=(n,)) for n in range(count)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return time.perf_counter() - started


def today():
    """Today in Vilnius, as the portal counts days (``timezone.localdate()``): the machine's
    clock may be UTC, and from 22:00 or 21:00 UTC the two dates differ."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo("Europe/Vilnius")).date()


STARTED = __import__("time").perf_counter()


def log(step: str) -> None:
    """Progress on stderr (the figures go to stdout), seconds since the script started."""
    import sys
    import time

    print(f"[{time.perf_counter() - STARTED:7.1f} s] {step}", file=sys.stderr, flush=True)


def percentiles(times: list[float]) -> dict:
    """p50, p95 and the slowest of ``times`` (milliseconds), and how many."""
    import statistics

    times = sorted(times)
    return {"p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
            "max_ms": round(times[-1], 1), "n": len(times)}
